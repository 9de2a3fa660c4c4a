"""``malxl init``: a starter project the coordinator can edit in Excel."""

from __future__ import annotations

import shutil
from pathlib import Path

from .example import ange_plan
from .plan import write_plan
from .style import default_template
from .texts import texts
from .workbook.outputs import check_outputs, make_folder
from .workbook.xlsx import atomic_path

TEMPLATES_DIR = "mallar"


def init(directory: Path, with_templates: bool = False, plan=None) -> Path:
    """Write ``plan.xlsx`` (``plan``, default the Ånge 2023 plan), an empty ``inbox/`` and ``LÄSMIG.txt`` into ``directory``.

    An existing plan.xlsx is left alone. ``with_templates`` also copies the
    default templates into ``directory/mallar`` for the coordinator to restyle.
    """
    directory = Path(directory)
    path, howto = directory / "plan.xlsx", directory / "LÄSMIG.txt"
    check_outputs([p for p in (path, howto) if not p.exists()])  # a folder that is a file, or no permission: exit 2 before anything is made
    make_folder(directory / "inbox")
    if not path.exists():
        write_plan(plan or ange_plan(), path)
    if not howto.exists():
        with atomic_path(howto) as tmp:
            tmp.write_text(texts(plan.settings.language if plan else None)("howto"), encoding="utf-8")
    if with_templates:
        copy_templates(directory / TEMPLATES_DIR)
    return directory


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
