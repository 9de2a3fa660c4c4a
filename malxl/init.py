"""``malxl init``: a starter project the coordinator can edit in Excel."""

from __future__ import annotations

import shutil
from pathlib import Path

from .example import ange_plan
from .plan import write_plan
from .style import default_template
from .texts import texts

TEMPLATES_DIR = "mallar"


def init(directory: Path, with_templates: bool = False, plan=None) -> Path:
    """Write ``plan.xlsx`` (``plan``, default the Ånge 2023 plan), an empty ``inbox/`` and ``LÄSMIG.txt`` into ``directory``.

    An existing plan.xlsx is left alone. ``with_templates`` also copies the
    default templates into ``directory/mallar`` for the coordinator to restyle.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "inbox").mkdir(exist_ok=True)
    path = directory / "plan.xlsx"
    if not path.exists():
        write_plan(plan or ange_plan(), path)
    howto = directory / "LÄSMIG.txt"
    if not howto.exists():
        howto.write_text(texts()("howto"), encoding="utf-8")
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
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
    return target
