"""The plan as collect's reading workers need it: all but the activities (and the indicators' earlier values),
and one department's activities on demand.

A worker validates one department's workbook at a time, so it needs that
department's activities, never the other departments'. Sending each worker
the whole plan cost a large plan (300,000 activities) a second or more of
pickling per worker and a copy of every activity in every worker's memory.
:func:`plan_parts` writes each department's activities once, as plain tuples
(pickled, dates as day numbers), to one file with an
index; a worker unpickles the small rest of the plan once and reads a
department's share when it meets that department's workbook. The rest of the
plan stays one object in the worker, so its look-ups (goals, departments) are
made once per worker, not once per workbook (7 ms a workbook for a plan of
10,000 development goals).
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..indicators import DEPARTMENT
from ..models import Activity, Plan


class PlanParts:
    """Picklable: ``rest`` is the plan without activities; :meth:`activities_of` gives a department's."""

    def __init__(self, rest: Plan, path: str, index: dict[str, tuple[int, int]]):
        self.rest, self.path, self.index = rest, path, index

    def activities_of(self, department: str) -> tuple[Activity, ...]:
        place = self.index.get(department)
        if place is None:
            return ()
        offset, size = place
        with open(self.path, "rb") as f:
            f.seek(offset)
            rows = pickle.loads(f.read(size))
        return tuple(Activity(i, title.decode(), department, goals, date.fromordinal(end) if end else None)
                     for i, title, goals, end in rows)

    def remove(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def plan_parts(plan: Plan, folder: str | Path | None = None) -> PlanParts:
    """Write each department's activities to a temporary file (remove it with :meth:`PlanParts.remove`)."""
    by_department: dict[str, list[tuple]] = {}
    for a in plan.activities:
        # A title goes as its UTF-8 bytes, made here and dropped: pickling the str itself would keep a
        # UTF-8 copy inside every title that is not ASCII, for the rest of the run (CPython caches it
        # there), 26 MB of the main process at 300,000 activities. Dates go as day numbers.
        end = a.planned_end.toordinal() if a.planned_end else 0
        by_department.setdefault(a.department, []).append((a.id, a.title.encode(), a.goal_ids, end))
    fd, path = tempfile.mkstemp(prefix="malxl-plan-", suffix=".parts", dir=folder)
    index: dict[str, tuple[int, int]] = {}
    with os.fdopen(fd, "wb") as f:
        offset = 0
        for department, rows in by_department.items():
            data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
            f.write(data)
            index[department] = (offset, len(data))
            offset += len(data)
    # Nor the indicators' earlier values (Indikatorvärden): a worker checks this round's values only, and ten
    # thousand of them (a thousand indicators, ten years) pickled for every worker cost collect 0.25 s. Of the
    # indicators, a worker reads those a department reports (read._indicators), never Kolada's.
    reported = tuple(i for i in plan.indicators if i.source == DEPARTMENT)
    return PlanParts(replace(plan, activities=(), indicator_values=(), indicators=reported), path, index)
