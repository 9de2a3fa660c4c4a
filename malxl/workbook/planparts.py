"""The plan as collect's reading workers need it: all but the activities, and one department's on demand.

A worker validates one department's workbook at a time, so it needs that
department's activities, never the other departments'. Sending each worker
the whole plan cost a large plan (300,000 activities) a second or more of
pickling per worker and a copy of every activity in every worker's memory.
:func:`plan_parts` writes each department's activities once, as plain tuples
(pickled, dates as day numbers), to one file with an
index; a worker unpickles the small rest of the plan once and reads a
department's share when it meets that department's workbook.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from ..models import Activity, Plan


class PlanParts:
    """Picklable; :meth:`plan_for` gives a plan holding only ``department``'s activities."""

    def __init__(self, rest: Plan, path: str, index: dict[str, tuple[int, int]]):
        self.rest, self.path, self.index = rest, path, index

    def plan_for(self, department: str) -> Plan:
        place = self.index.get(department)
        if place is None:
            return self.rest
        offset, size = place
        with open(self.path, "rb") as f:
            f.seek(offset)
            rows = pickle.loads(f.read(size))
        activities = tuple(Activity(i, title, department, goals, date.fromordinal(end) if end else None)
                           for i, title, goals, end in rows)
        return self.rest.part(department, activities)

    def remove(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass


def plan_parts(plan: Plan, folder: str | Path | None = None) -> PlanParts:
    """Write each department's activities to a temporary file (remove it with :meth:`PlanParts.remove`)."""
    by_department: dict[str, list[tuple]] = {}
    for a in plan.activities:
        end = a.planned_end.toordinal() if a.planned_end else 0
        by_department.setdefault(a.department, []).append((a.id, a.title, a.goal_ids, end))
    fd, path = tempfile.mkstemp(prefix="malxl-plan-", suffix=".parts", dir=folder)
    index: dict[str, tuple[int, int]] = {}
    with os.fdopen(fd, "wb") as f:
        offset = 0
        for department, rows in by_department.items():
            data = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
            f.write(data)
            index[department] = (offset, len(data))
            offset += len(data)
    return PlanParts(replace(plan, activities=()), path, index)
