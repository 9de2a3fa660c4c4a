"""``malxl init``: a starter project the coordinator can edit in Excel."""

from __future__ import annotations

import importlib.resources
import shutil
from dataclasses import dataclass
from pathlib import Path

from .example import ange_plan
from .plan import write_plan
from .style import default_template
from .texts import texts
from .workbook.outputs import check_outputs, make_folder
from .workbook.xlsx import atomic_path

TEMPLATES_DIR = "mallar"
#: The coordinator's guide (docs/anvandarguide.md) in the project folder: a .txt, which Windows opens with a
#: double click and no internet (Markdown reads as plain text).
GUIDE = "Användarguide.txt"


@dataclass(frozen=True)
class InitResult:
    """The project folder, its plan, and whether the plan was there already (and left as it was)."""

    directory: Path
    plan: Path
    plan_kept: bool


def init(directory: Path, with_templates: bool = False, plan=None) -> InitResult:
    """Write ``plan.xlsx`` (``plan``, default the Ånge 2023 plan), an empty ``inbox/``, ``LÄSMIG.txt`` and the
    guide (:data:`GUIDE`) into ``directory``.

    An existing plan.xlsx is left alone (``plan_kept``), and so are the other files. ``with_templates`` also
    copies the default templates into ``directory/mallar`` for the coordinator to restyle.
    """
    directory = Path(directory)
    path, howto, guide = directory / "plan.xlsx", directory / "LÄSMIG.txt", directory / GUIDE
    check_outputs([p for p in (path, howto, guide) if not p.exists()])  # a folder that is a file, or no permission: exit 2 before anything is made
    make_folder(directory / "inbox")
    kept = path.exists()
    if not kept:
        write_plan(plan or ange_plan(), path)
    if not howto.exists():
        with atomic_path(howto) as tmp:
            tmp.write_text(texts(plan.settings.language if plan else None)("howto"), encoding="utf-8")
    if not guide.exists():
        with atomic_path(guide) as tmp:
            shutil.copyfile(guide_source(), tmp)
    if with_templates:
        copy_templates(directory / TEMPLATES_DIR)
    return InitResult(directory, path, kept)


def guide_source() -> Path:
    """The coordinator's guide as installed with malxl (``docs/anvandarguide.md``, the package ``malxl.docs``)."""
    return Path(str(importlib.resources.files("malxl.docs").joinpath("anvandarguide.md")))


def copy_templates(target: Path) -> Path:
    """Copy the default templates into ``target`` (files already there are kept)."""
    source = default_template().parent.parent
    for path in source.rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            dest = target / path.relative_to(source)
            if not dest.exists():
                with atomic_path(dest) as tmp:
                    shutil.copy2(path, tmp)
    return target
