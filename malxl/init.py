"""``malxl init``: a starter project the coordinator can edit in Excel."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .example import ange_plan
from .models import Plan
from .project import PLAN_NAME, start
from .style import default_template
from .workbook.xlsx import atomic_path

TEMPLATES_DIR = "mallar"


@dataclass(frozen=True)
class InitResult:
    """The project folder, its plan, and whether the plan was there already (and left as it was)."""

    directory: Path
    plan: Path
    plan_kept: bool


def init(directory: Path, with_templates: bool = False, plan: Plan | None = None) -> InitResult:
    """Write ``plan.xlsx`` (``plan``, default the Ånge 2023 plan), an empty ``inbox/``, ``LÄSMIG.txt`` and the
    guide (:data:`malxl.project.GUIDE`) into ``directory``.

    An existing plan.xlsx is left alone (``plan_kept``), and so are the other files. ``with_templates`` also
    copies the default templates into ``directory/mallar`` for the coordinator to restyle.
    """
    directory = Path(directory)
    kept = (directory / PLAN_NAME).exists()
    start(directory, (lambda: plan) if plan else ange_plan, plan.settings.language if plan else None)
    if with_templates:
        copy_templates(directory / TEMPLATES_DIR)
    return InitResult(directory, directory / PLAN_NAME, kept)


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
