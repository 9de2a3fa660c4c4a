"""``malxl next``: the next round's project folder, started from the last round's merged workbook.

The new ``plan.xlsx`` keeps the organisation, goals, departments and
vocabulary; carries every activity not finished (with the end date the
department last gave), plans the rows departments added under new ids, and
carries the history: every earlier round's answers, this round's added, in a
hidden ``Historik`` sheet whose Omgång column numbers the rounds. Every row a
department added reaches it under a new id, a finished one too; a value that
failed validation does not (it is no answer). Generate shows departments their
previous answers from it; the merged workbook and the report say what changed.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from .errors import InputError
from .findings import Finding, Severity
from .indicators import Point
from .merged import read_merged, read_recorded
from .models import Activity, Answer, Plan
from .plan import write_plan
from .project import INBOX_NAME, PLAN_NAME, start
from .rules import revalidate
from .texts import texts
from .vocabulary import normalise
from .workbook.outputs import OutputExistsError
from .workbook.xlsx import atomic_path

#: Default days from the report date to the reply deadline.
DEADLINE_DAYS = 14


@dataclass
class Planned:
    """A row a department added, planned as an activity of the new round (``id`` is new; ``old`` as sent)."""

    id: str
    old: str
    department: str
    title: str


@dataclass
class NextResult:
    directory: Path
    plan: Plan
    previous_period: str
    carried: list[str] = field(default_factory=list)  # activity ids
    finished: list[str] = field(default_factory=list)  # ids of finished activities, not carried
    planned: list[Planned] = field(default_factory=list)
    unplaced: list[Planned] = field(default_factory=list)  # added rows without a development goal (their id in
    # the history only)
    errors: list[Finding] = field(default_factory=list)  # errors left in the merged workbook
    # The merged workbook shows it had a history (Förändringar, Förra status) but its plan.Historik is gone:
    # the new plan starts without the earlier rounds.
    lost_history: bool = False

    @property
    def plan_path(self) -> Path:
        return self.directory / PLAN_NAME


def next_round(merged_path: Path, directory: Path, period: str, report_date: date,
               deadline: date | None = None) -> NextResult:
    """Make ``directory`` the next round's project folder from the merged workbook ``merged_path``.

    ``period``, ``report_date`` and ``deadline`` (default: the report date + 14
    days) are the new round's. Raises InputError, writing nothing, if
    ``directory/plan.xlsx`` exists (also if another ``next`` writes it first),
    if ``directory`` is the merged workbook's folder or its ``inbox/`` holds
    files, if the workbook is not a merged workbook, if ``period`` is blank or
    one the history already has (but for case or spaces), or if ``report_date``
    is not after the previous round's. Errors left in the merged workbook do not
    stop it: what was reported is carried, and they are returned.
    """
    merged_path, directory = Path(merged_path), Path(directory)
    t = texts()
    period = " ".join(period.split())
    if not period:
        raise InputError(t("error.period_blank"))
    _check_folder(directory, merged_path, t)
    target = directory / PLAN_NAME
    if target.exists():
        raise InputError(t("error.next_exists", path=target))
    plan, prev = read_merged(merged_path)
    t = texts(plan.settings.language)
    _check_round(plan, period, report_date, merged_path.name, t)
    now = revalidate(plan, prev, merged_path.name, t, read_recorded(merged_path))
    rows, levels = now.rows, now.assessments
    result = NextResult(directory, plan, plan.settings.period,
                        errors=[f for f in now.findings if f.severity == Severity.ERROR],
                        lost_history=prev.had_history and not plan.history)
    carry = _Carry(plan, rows, result)
    for a in plan.activities:
        carry.planned(a)
    planned_ids = {a.id for a in plan.activities}
    for aid in prev.order:
        if aid not in planned_ids:
            carry.added(aid)
    v = plan.vocabulary
    for g in plan.goals:
        level, analysis = levels.get(g.id, ("", ""))
        carry.answers.append(Answer(plan.settings.period, "g", g.id, level if v.level(level) else "", None, analysis))
    carried, answers = carry.carried, carry.answers
    settings = replace(plan.settings, period=period, report_date=report_date,
                       deadline=deadline or report_date + timedelta(days=DEADLINE_DAYS))
    # Every indicator value known now (the Indikatorer sheet as the coordinator left it) becomes the next plan's
    # Indikatorvärden: its Förra värdet and trend go on from them.
    values = tuple(Point(r.indicator.id, r.point.year, r.point.value, r.point.comparison, r.point.comment)
                   for r in now.indicator_rows
                   if r.point.value is not None or r.point.comparison is not None)
    result.plan = replace(plan, settings=settings, activities=tuple(carried), history=plan.history + tuple(answers),
                          indicator_values=values)
    _write_new_plan(result.plan, target, t)
    start(directory, lambda: result.plan, result.plan.settings.language)  # inbox/ and LÄSMIG.txt beside the plan
    return result


class _Carry:
    """What the next round takes from this one: the activities still going (planned, and added rows given a
    plan id of their own), and every answer for the history (one that failed validation kept as no answer)."""

    def __init__(self, plan: Plan, rows: dict, result: NextResult):
        self.plan, self.rows, self.result = plan, rows, result
        self.now = plan.settings.period
        used = {a.id for a in plan.activities} | set(rows) | {h.id for h in plan.history if h.kind == "a"}
        self.new_id = _id_maker([a.id for a in plan.activities], used)
        self.carried: list[Activity] = []
        self.answers: list[Answer] = []

    def finished(self, status: str) -> bool:
        st = self.plan.vocabulary.status(status)
        return bool(st and st.finished)

    def valid(self, status: str) -> str:
        """A status the history keeps: one that failed validation (not in the vocabulary) is no answer."""
        return status if self.plan.vocabulary.status(status) else ""

    def planned(self, a: Activity) -> None:
        row = self.rows.get(a.id)
        status, end, comment = (row.status, row.end, row.comment) if row else ("", None, "")
        given = end if isinstance(end, date) else None
        self.answers.append(Answer(self.now, "a", a.id, self.valid(status), given, comment))
        if self.finished(status):
            self.result.finished.append(a.id)
            return
        self.carried.append(replace(a, planned_end=given or a.planned_end))
        self.result.carried.append(a.id)

    def added(self, aid: str) -> None:
        """A row a department (or the coordinator) added: every one reaches the history under an id of its own
        (finished or not planned, too), never its id as sent, which a later round's added row may be given
        again ("Kultur ny 1")."""
        row, plan = self.rows[aid], self.plan
        goals = tuple(g for g in row.goal_ids if plan.goal(g))
        department = plan.department(row.department)
        added = Planned(self.new_id(), aid, row.department, row.title or aid)
        end = row.end if isinstance(row.end, date) else None
        self.answers.append(Answer(self.now, "a", added.id, self.valid(row.status), end, row.comment))
        if self.finished(row.status):
            self.result.finished.append(aid)
        elif not goals or department is None:
            self.result.unplaced.append(added)
        else:
            self.carried.append(Activity(added.id, added.title, department.name, goals, end))
            self.result.carried.append(added.id)
            self.result.planned.append(added)


def _check_folder(directory: Path, merged_path: Path, t) -> None:
    """Refuse the previous round's folder (the merged workbook's) and a folder whose ``inbox/`` holds files."""
    if directory.is_dir() and os.path.samefile(directory, merged_path.parent):
        raise InputError(t("error.next_same_folder", path=directory, file=merged_path.name))
    inbox = directory / INBOX_NAME
    held = sorted(e.name for e in os.scandir(inbox) if not e.name.startswith(".")) if inbox.is_dir() else []
    if held:
        raise InputError(t("error.next_inbox", inbox=inbox, files=", ".join(held)))


def _check_round(plan: Plan, period: str, report_date: date, file: str, t) -> None:
    """Refuse a period the previous rounds had (but for case or spaces) and a report date not after the last one."""
    earlier = next((p for p in (plan.settings.period, *plan.periods) if normalise(p) == normalise(period)), None)
    if earlier is not None:
        raise InputError(t("error.period_used", period=earlier, file=file))
    previous = plan.settings.report_date
    if report_date <= previous:
        raise InputError(t("error.next_report_date", date=report_date.isoformat(), previous=previous.isoformat(),
                           file=file))


def _write_new_plan(plan: Plan, target: Path, t) -> None:
    """Write ``target`` only if no plan is there, the check and the write one step: of two ``next`` into one
    folder at once, exactly one writes its plan and the other stops with InputError."""
    try:
        with atomic_path(target, replace=False) as tmp:
            write_plan(plan, tmp)
    except OutputExistsError:
        raise InputError(t("error.next_exists", path=target)) from None


def _id_maker(ids: list[str], used: set[str]):
    """A function giving new activity ids that follow the plan's pattern (after A075 comes A076), never one in ``used``."""
    pattern = re.compile(r"^(.*?)(\d+)$")
    shapes: Counter[str] = Counter()
    last = {}
    for i in ids:
        m = pattern.match(i)
        if m:
            shapes[m.group(1)] += 1
            last[m.group(1)] = len(m.group(2))
    prefix = shapes.most_common(1)[0][0] if shapes else "A"
    width = last.get(prefix, 3)
    numbers = [int(m.group(2)) for m in map(pattern.match, used) if m and m.group(1) == prefix]
    counter = [max(numbers, default=0)]

    def make() -> str:
        while True:
            counter[0] += 1
            candidate = f"{prefix}{counter[0]:0{width}d}"
            if candidate not in used:
                used.add(candidate)
                return candidate

    return make
