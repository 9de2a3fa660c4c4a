"""``malxl generate``: one workbook per department from the plan, into the outbox.

What each workbook holds is :mod:`malxl.department`'s; this module names the files, refuses to
overwrite another period's workbooks, and writes them, in worker processes when that pays.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import layout
from .department import write_department_workbook
from .errors import OutputError
from .models import Plan
from .read import identity_of
from .style import Style, load_style
from .texts import texts
from .workbook import capabilities
from .workbook.outputs import check_outputs, make_folder
from .workbook.xlsx import read_book


@dataclass
class GenerateResult:
    outbox: Path
    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    left_alone: list[Path] = field(default_factory=list)


#: The folder generate writes into, beside the plan, unless told another.
OUTBOX = "utkorg"
#: Below this many activities one process writes every workbook: starting workers would cost more.
PARALLEL_FROM = 3000


def generate(plan: Plan, outbox: Path, templates: Path | None = None, now: datetime | None = None,
             workers: int | None = None, progress=None, replace_other: bool = False) -> GenerateResult:
    """Write ``<Avdelning>.xlsx`` for every department of ``plan`` into ``outbox``.

    File names come from :func:`malxl.layout.file_names` (safe and unique on
    every system). Files of the same names are replaced; other files are left
    alone and listed. Nothing is written if any of them is open in Excel or
    LibreOffice, or the folder cannot be written (:class:`~malxl.errors.OutputError`),
    nor if one is a workbook generated for another period than the plan's
    (OutputError naming the period), unless ``replace_other``.
    ``workers`` is the number of processes writing workbooks (default: one per
    core for a plan of :data:`PARALLEL_FROM` activities or more, else 1).
    ``progress``, if given, is called with ``done`` and ``total`` as workbooks are written.
    """
    outbox = Path(outbox)
    stems = layout.file_names(d.name for d in plan.departments)
    jobs = [(d.name, outbox / f"{stems[d.name]}.xlsx") for d in plan.departments]
    check_outputs(path for _, path in jobs)  # none open in Excel, the folder writable: before the first is written
    if not replace_other:
        _keep_other_periods(plan, outbox, [path for _, path in jobs])
    style = load_style(templates)
    make_folder(outbox)
    stamp = now or datetime.now().astimezone().replace(microsecond=0)  # one time for the whole round, on its clock
    result = GenerateResult(outbox)
    names = {path.name for _, path in jobs}
    before = {p.name for p in outbox.iterdir() if p.is_file()}
    for done, path in enumerate(_write_all(plan, jobs, style, stamp, workers), start=1):
        if progress:
            progress(done=done, total=len(jobs))
        if path.name in before:
            result.replaced.append(path)
        result.written.append(path)
    result.left_alone = sorted(outbox / n for n in before - names)
    return result


def _keep_other_periods(plan: Plan, outbox: Path, paths: list[Path]) -> None:
    """Raise OutputError if any of ``paths`` is a workbook generated for another period than ``plan``'s."""
    other = {}
    for path in paths:
        period = period_of(path) if path.is_file() else None
        if period is not None and period != plan.settings.period:
            other[path] = period
    if other:
        raise OutputError(texts()("error.other_period", outbox=outbox, period=min(other.values()),
                                  files=", ".join(sorted(p.name for p in other)), plan_period=plan.settings.period))


def period_of(path: Path) -> str | None:
    """The period a workbook generate wrote was made for (its hidden identity), or None for any other file."""
    try:
        book = read_book(path, only=lambda name: name == layout.IDENTITY_SHEET)
    except Exception:  # any file the reader cannot open is not one generate wrote: it is replaced as before
        return None
    identity = identity_of(book)
    return identity.period if identity is not None else None


_JOB: tuple = ()  # (plan, style, stamp) for forked workers, which inherit it instead of unpickling a plan


def _write_job(job: tuple[str, Path]) -> Path:
    plan, style, stamp = _JOB
    return write_department_workbook(plan, job[0], job[1], style=style, now=stamp)


def _write_all(plan: Plan, jobs: list[tuple[str, Path]], style: Style, stamp: datetime, workers: int | None):
    """Write every department's workbook, in worker processes when that pays; paths in plan order.

    Workers are forked, so they share the plan without copying it; that is
    done only where processes can be forked and only from a single-threaded
    process (forking a process with threads can deadlock), else one process
    writes them all (the same workbooks).
    """
    if workers is None:
        workers = os.cpu_count() or 1 if len(plan.activities) >= PARALLEL_FROM else 1
    workers = min(workers, len(jobs))
    if workers <= 1 or not capabilities.fork() or threading.active_count() > 1:
        for name, path in jobs:
            yield write_department_workbook(plan, name, path, style=style, now=stamp)
        return
    import multiprocessing

    global _JOB
    _JOB = (plan, style, stamp)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_write_job, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))
    finally:
        _JOB = ()


