"""A project folder: what lies where in it, a new one started, and its paths as the coordinator types them.

A round's folder holds ``plan.xlsx``, ``inbox/`` (the returned workbooks), ``LÄSMIG.txt`` and, once collected,
``sammanstallning.xlsx``. ``malxl init`` starts one from the example plan, ``malxl next`` the next round's
(:func:`start`); collect and status find the plan and the merged workbook beside the inbox (:func:`default_paths`).
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .models import Plan
from .plan import write_plan
from .texts import Texts, texts
from .workbook.outputs import check_outputs, make_folder
from .workbook.xlsx import atomic_path

PLAN_NAME = "plan.xlsx"
INBOX_NAME = "inbox"
MERGED_NAME = "sammanstallning.xlsx"
#: The coordinator's guide (docs/anvandarguide.md) in the project folder: a .txt, which Windows opens with a
#: double click and no internet (Markdown reads as plain text).
GUIDE = "Användarguide.txt"
HOWTO_NAME = "LÄSMIG.txt"


def default_paths(inbox: Path, plan: Path | None, out: Path | None) -> tuple[Path, Path]:
    """The plan and the merged workbook: ``plan`` and ``out`` if given, else ``plan.xlsx`` and
    ``sammanstallning.xlsx`` beside the inbox."""
    inbox = Path(inbox)
    return (Path(plan) if plan else inbox.parent / PLAN_NAME,
            Path(out) if out else inbox.parent / MERGED_NAME)


def start(directory: Path, plan: Callable[[], Plan], language: str | None = None) -> Path:
    """Make ``directory`` a project folder: ``plan.xlsx`` (``plan()``), an empty ``inbox/``, ``LÄSMIG.txt``
    (in ``language``, default the user's) and the coordinator's guide (:data:`GUIDE`). What is there already
    is left alone: ``plan`` is called only when there is no plan.xlsx yet.
    """
    directory = Path(directory)
    path, howto, guide = directory / PLAN_NAME, directory / HOWTO_NAME, directory / GUIDE
    check_outputs([p for p in (path, howto, guide) if not p.exists()])  # a folder that is a file, or no permission: exit 2 before anything is made
    make_folder(directory / INBOX_NAME)
    if not path.exists():
        write_plan(plan(), path)
    if not howto.exists():
        with atomic_path(howto) as tmp:
            tmp.write_text(texts(language)("howto"), encoding="utf-8")
    if not guide.exists():
        with atomic_path(guide) as tmp:
            shutil.copyfile(guide_source(), tmp)
    return directory


def guide_source() -> Path:
    """The coordinator's guide as installed with malxl (``docs/anvandarguide.md``, the package ``malxl.docs``)."""
    return Path(str(importlib.resources.files("malxl.docs").joinpath("anvandarguide.md")))


def out_of_date_notice(merged: Path, inbox: Path | None, t: Texts) -> str:
    """What status and report say when the merged workbook's Översikt and Brister no longer count as they do
    (:func:`malxl.rules.out_of_date`): the collect that brings them up to date, of ``inbox`` if it is known."""
    if inbox is None:
        command = t("cli.stale_collect", inbox=t("cli.arg.inbox"))
    elif default_paths(inbox, None, None)[1].resolve() == Path(merged).resolve():
        command = t("cli.stale_collect", inbox=pasteable(_from_here(inbox)))
    else:
        command = t("cli.stale_collect_out", inbox=pasteable(_from_here(inbox)), out=pasteable(_from_here(merged)))
    return t("cli.stale", overview=t("sheet.overview"), findings=t("sheet.findings"), merged=Path(merged).name,
             command=command)


def _from_here(path: Path) -> Path:
    """``path`` from the current folder if it is inside it, else as it is."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path)


#: What PowerShell takes for a single quote and for a double quote (about_Quoting_Rules: the curly ones too).
_PS_SINGLE, _PS_DOUBLE = "'\u2018\u2019\u201a\u201b", '"\u201c\u201d\u201e'
#: What bash or PowerShell would expand, or take as the end, inside double quotes (a backslash only escapes
#: in bash before these or another backslash).
_NOT_IN_DOUBLE = "$`!" + _PS_DOUBLE
#: Besides letters and digits (å too), what both shells read as it is in a word without quotes.
_BARE = frozenset("._-/:")


def pasteable(path) -> str:
    """``path`` as one argument that works pasted into PowerShell and into bash.

    A path of letters, digits and ``._-/:`` only is left as it is. Otherwise
    single quotes keep every character as it is in both shells. A path holding a
    single quote goes in double quotes if neither shell would change anything in
    it there; a path with also a ``$``, a backtick, ``!``, two backslashes in a
    row (``\\\\server``) or one at the end has no form both read alike, and is
    quoted for PowerShell, the coordinator's shell (a single quote written
    twice). A path beginning with ``-`` starts with ``./`` (``.\\`` on Windows),
    so it is not read as an option.
    """
    text = os.fspath(path)
    if text.startswith("-"):
        text = os.path.join(os.curdir, text)
    if text and all(c.isalnum() or c in _BARE for c in text):
        return text
    if not any(c in _PS_SINGLE for c in text):
        return f"'{text}'"
    if not any(c in _NOT_IN_DOUBLE for c in text) and "\\\\" not in text and not text.endswith("\\"):
        return f'"{text}"'
    return "'" + "".join(c * 2 if c in _PS_SINGLE else c for c in text) + "'"
