"""What moved since the last round: the plan's history (earlier rounds' answers) against this round's.

Pure: :func:`changes` compares values, the merged workbook's ``Förändringar``
sheet and the report's section "Förändringar sedan förra rapporten" render
what it returns. A first round (no history) has no changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Answer, Plan
from .render.document import show_date
from .vocabulary import normalise
from .workbook.values import value_key

#: The kinds of change, in the order they are listed.
KINDS = ("new-deviation", "deviation-ended", "status", "moved-date", "new-activity", "assessment")
#: Earlier periods a goal's trend shows, besides today's: compact at a glance after many rounds.
TREND_PERIODS = 4


@dataclass(frozen=True)
class Change:
    """One thing that moved: ``kind`` from :data:`KINDS`, the activity or goal, and the values before and after."""

    kind: str
    department: str
    id: str
    title: str
    before: str = ""
    after: str = ""


def changes(plan: Plan, rows: Iterable[tuple[str, str, str, str, object]], levels: dict[str, str]) -> list[Change]:
    """What changed since the plan's previous period.

    ``rows`` are this round's activities as ``(id, department, title, status, end)``
    and ``levels`` each development goal's assessment. A status is compared in the
    vocabulary's spelling. A status or date that was blank on either side is no
    change, except a deviation that is new (from nothing too); an activity the
    last round did not have is a new activity.
    """
    if not plan.history:
        return []
    v = plan.vocabulary
    found: dict[str, list[Change]] = {kind: [] for kind in KINDS}
    deviating: dict[str, bool] = {}

    def deviation(status: str) -> bool:
        known = deviating.get(status)
        if known is None:
            st = v.status(status)
            known = deviating[status] = bool(st and st.needs_comment)
        return known

    def name(status: str) -> str:
        st = v.status(status)
        return st.name if st else status

    for aid, department, title, status, end in rows:
        before = plan.previous("a", aid)
        if before is None:
            found["new-activity"].append(Change("new-activity", department, aid, title, "", name(status)))
            continue
        now, then = name(status), name(before.status)
        if now and normalise(now) != normalise(then):
            if deviation(now) and not deviation(then):
                kind = "new-deviation"
            elif then and deviation(then) and not deviation(now):
                kind = "deviation-ended"
            else:
                kind = "status" if then else ""
            if kind:
                found[kind].append(Change(kind, department, aid, title, then, now))
        if end and before.end and value_key(end) != value_key(before.end):
            found["moved-date"].append(Change("moved-date", department, aid, title, show_date(before.end), show_date(end)))
    for g in plan.goals:
        before = plan.previous("g", g.id)
        now = levels.get(g.id, "")
        if before is not None and now and before.status and normalise(now) != normalise(before.status):
            found["assessment"].append(Change("assessment", g.owner, g.id, g.title, before.status, now))
    return [c for kind in KINDS for c in found[kind]]


def trend(plan: Plan, goal_id: str) -> list[Answer]:
    """The goal's assessments in the last :data:`TREND_PERIODS` earlier periods, oldest first."""
    return plan.earlier("g", goal_id)[-TREND_PERIODS:]
