"""What moved since the last round: the plan's history (earlier rounds' answers) against this round's.

Pure: :func:`changes` compares values, the merged workbook's ``Förändringar``
sheet and the report's section "Förändringar sedan förra rapporten" render
what it returns. A first round (no history) has no changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .models import Answer, Goal, Plan
from .render.document import show_date
from .texts import Texts
from .vocabulary import Vocabulary
from .workbook.values import value_key

#: The kinds of change, in the order they are listed.
KINDS = ("new-deviation", "deviation-ended", "status", "moved-date", "new-activity", "assessment")
#: Earlier periods a goal's trend shows, besides today's: compact at a glance after many rounds.
TREND_PERIODS = 4


@dataclass(frozen=True)
class Change:
    """One thing that moved: ``kind`` from :data:`KINDS`, the activity or goal, and the values before and after.

    ``period`` names the round ``before`` is from when that is older than the previous round (the
    department did not answer in between).
    """

    kind: str
    department: str
    id: str
    title: str
    before: str = ""
    after: str = ""
    period: str = ""

    def shown_before(self, t: Texts) -> str:
        """``before`` as the Förändringar sheet and the report show it: "Försenad (Årsredovisning 2023)" when older."""
        return in_round(self.before, self.period, t)


def in_round(value: str, period: str, t: Texts) -> str:
    """An earlier answer named with its round (``period``), or as it is when ``period`` is blank."""
    return t("history.answer_in", value=value, period=period) if period and value else value


def said(plan: Plan, answer: Answer | None, t: Texts) -> str:
    """What Förra status (or Förra bedömning) shows of ``answer`` (:meth:`Plan.previous`): its status or level,
    named with its round when that is older than the previous round."""
    if answer is None:
        return ""
    return in_round(answer.status, "" if answer.period == plan.previous_period else answer.period, t)


class _Statuses:
    """Each spelling's status in the vocabulary, looked up once: its name and whether it is a deviation.

    A status the vocabulary does not know failed validation: it counts as no answer, never as a change.
    """

    def __init__(self, v: Vocabulary):
        self.v = v
        self.known: dict[str, tuple[str, bool]] = {}

    def __call__(self, status: str) -> tuple[str, bool]:
        found = self.known.get(status)
        if found is None:
            st = self.v.status(status)
            found = self.known[status] = (st.name, st.needs_comment) if st else ("", False)
        return found


def changes(plan: Plan, rows: Iterable[tuple[str, str, str, str, object]], levels: dict[str, str]) -> list[Change]:
    """What changed since each activity's and goal's last answer (:meth:`Plan.previous`).

    ``rows`` are this round's activities as ``(id, department, title, status, end)``
    and ``levels`` each development goal's assessment. A status is compared in the
    vocabulary's spelling. A status, date or level that was blank on either side,
    or that failed validation (not in the vocabulary, not a date), is no change,
    except a deviation that is new (from nothing too); an activity no earlier
    round had is a new activity.
    """
    if not plan.history:
        return []
    status = _Statuses(plan.vocabulary)
    found: dict[str, list[Change]] = {kind: [] for kind in KINDS}
    for aid, department, title, now, end in rows:
        for change in _activity_changes(plan, status, aid, department, title, now, end):
            found[change.kind].append(change)
    for g in plan.goals:
        assessed = _assessment_change(plan, g, levels.get(g.id, ""))
        if assessed is not None:
            found["assessment"].append(assessed)
    return [c for kind in KINDS for c in found[kind]]


def _activity_changes(plan: Plan, status: _Statuses, aid: str, department: str, title: str, now: str,
                      end: object) -> list[Change]:
    name, deviates = status(now)
    if not plan.earlier("a", aid):
        return [Change("new-activity", department, aid, title, "", name)]
    before = plan.previous("a", aid)
    if before is None:  # never answered: only a deviation is news
        return [Change("new-deviation", department, aid, title, "", name)] if deviates else []
    period = "" if before.period == plan.previous_period else before.period
    then, deviated = status(before.status)
    found = []
    if name and name != then:
        if deviates and not deviated:
            kind = "new-deviation"
        elif deviated and not deviates:
            kind = "deviation-ended"
        else:
            kind = "status" if then else ""
        if kind:
            found.append(Change(kind, department, aid, title, then, name, period if then else ""))
    if isinstance(end, date) and before.end and value_key(end) != value_key(before.end):
        found.append(Change("moved-date", department, aid, title, show_date(before.end), show_date(end), period))
    return found


def _assessment_change(plan: Plan, g: Goal, now: str) -> Change | None:
    level = plan.vocabulary.level(now)
    before = plan.previous("g", g.id)
    if level is None or before is None:
        return None
    then = plan.vocabulary.level(before.status)
    if then is None or then.name == level.name:
        return None
    period = "" if before.period == plan.previous_period else before.period
    return Change("assessment", g.owner, g.id, g.title, then.name, level.name, period)


def trend(plan: Plan, goal_id: str) -> list[Answer]:
    """The goal's assessments in the last :data:`TREND_PERIODS` earlier periods, oldest first."""
    return plan.earlier("g", goal_id)[-TREND_PERIODS:]
