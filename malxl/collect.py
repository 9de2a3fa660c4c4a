"""``malxl collect``: the returned workbooks in an inbox, validated and merged, written as the merged workbook.

``collect()`` reads the plan, reads every file in the inbox (never modifying it: :mod:`malxl.inbox`),
picks each department's latest answer, merges the answers with the plan and carries over what the
coordinator entered in an earlier merged workbook (:mod:`malxl.rules`), then writes
``sammanstallning.xlsx`` (:mod:`malxl.merged`) and the archive's manifest (:mod:`malxl.archive`).

Every received file is archived by content hash (``arkiv/``), preflighted
(``preflight.py``) and read in a worker process with bounded memory and time
(``isolate.py``), so no file can take the run down.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .archive import ARCHIVE_NAME, MANIFEST, Archive
from .errors import InputError
from .findings import Finding, Severity, count, findings_dict
from .garbage import fewer_collections
from .inbox import gather
from .merged import write_merged
from .models import Merged
from .plan import read_plan
from .progress import Progress
from .project import default_paths
from .texts import Texts, texts
from .workbook.outputs import CollectLock, check_outputs, make_folder
from .workbook.preflight import require_safe_xml
from .workbook.xlsx import atomic_path


@dataclass
class CollectResult:
    merged: Merged
    path: Path
    backup: Path | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count(self.findings, Severity.ERROR)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self, t: Texts) -> dict:
        """What ``malxl collect --json`` prints: the merged workbook and its dated backup (None if there was no
        workbook to keep), the departments that answered (each with the file used) and those that did not, in
        the plan's order, and the findings with their counts (:func:`malxl.findings.findings_dict`)."""
        plan, answered = self.merged.plan, self.merged.answered
        return {"merged": str(self.path), "backup": str(self.backup) if self.backup else None,
                "answered": [{"department": d.name, "file": answered[d.name]}
                             for d in plan.departments if d.name in answered],
                "not_answered": [d.name for d in plan.departments if d.name not in answered],
                **findings_dict(self.findings, t)}


def collect(inbox: Path, plan_path: Path | None = None, out: Path | None = None,
            now: datetime | None = None, workers: int | None = None, progress: Progress | None = None,
            ) -> CollectResult:
    """Collect ``inbox`` against the plan and write the merged workbook; return what happened.

    ``plan_path`` defaults to ``plan.xlsx`` beside the inbox, ``out`` to
    ``sammanstallning.xlsx`` beside it. An existing merged workbook at ``out``
    supplies the coordinator's earlier edits and is kept as a dated backup.
    Every received file is archived in ``arkiv/`` beside ``out``. ``workers``
    is the number of reading processes (default: one per core; 0 reads in this
    process, without isolation). Nothing is written if ``out`` is open in Excel
    or LibreOffice; while it runs, ``malxl-collect.lock`` keeps a second collect of the
    collect in the folder of ``out`` from writing
    (:class:`~malxl.outputs.CollectLock`). ``progress`` is called with ``done`` and
    ``total`` as the inbox's files are read (:mod:`malxl.progress`).
    """
    inbox = Path(inbox)
    plan_path, out = default_paths(inbox, plan_path, out)
    t = texts()
    require_safe_xml()
    if not inbox.is_dir():
        raise InputError(t("error.no_inbox", path=inbox))
    if _inside(out.parent, inbox):
        raise InputError(t("error.out_in_inbox", path=out, inbox=inbox))
    check_outputs([out, out.parent / ARCHIVE_NAME / MANIFEST])  # none open in Excel, the folder writable
    make_folder(out.parent)
    with CollectLock(out), fewer_collections():  # a second collect of the same merged workbook waits, or exit 2
        return _collect(inbox, plan_path, out, now, workers, progress)


def _collect(inbox: Path, plan_path: Path, out: Path, now: datetime | None, workers: int | None,
             progress: Progress | None = None) -> CollectResult:
    t = texts()
    plan = read_plan(plan_path)
    t = texts(plan.settings.language)
    archive = Archive(out.parent / ARCHIVE_NAME).open()
    merged, chosen = gather(plan, inbox, t, workers=workers, archive=archive, now=now, merged_path=out,
                            progress=progress)
    backup = None
    if out.exists():
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        backup = out.with_name(f"{out.stem}.{stamp}{out.suffix}")
        with atomic_path(backup) as tmp:  # never a half-written backup either
            shutil.copy2(out, tmp)
    write_merged(merged, out, now=now)
    archive.write_manifest(now or datetime.now(), merged.received, merged.findings, plan_path, out, inbox)
    return CollectResult(merged, out, backup, merged.findings)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
