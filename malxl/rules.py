"""The merge rules: which answer counts, how answers merge, how the coordinator's edits carry over, what still stands.

Every command that needs a rule calls it here: collect and status merge an inbox (:func:`choose`,
:func:`merge`, which carries the coordinator's edits over with :func:`carry_over`, then :func:`assessment_gaps`);
report, feedback and next read a merged workbook as the coordinator left it (:func:`revalidate`,
:func:`open_findings`); status and report say when its Översikt and Brister are out of date (:func:`out_of_date`).

Pure: functions of the plan, the answers read and the earlier merged workbook as read, in memory. No file
is read or written here (:mod:`malxl.inbox` reads the inbox, :mod:`malxl.merged` the merged workbook).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import cast

from . import indicators, layout
from .codes import ASSESSMENT_CODES, REMADE, ROW_CODES
from .findings import Finding, Severity, finding
from .indicators import DEPARTMENT, KOLADA, Point
from .merged import (
    ASSESSMENT_COLS,
    EDITABLE,
    INDICATOR_COLS,
    IndicatorRecord,
    Previous,
    RowRecord,
    SentAssessment,
    SentRow,
)
from .models import EARLIEST, ActivityRow, Answer, Assessment, Merged, Plan, Received, Submission, instant, on_clock
from .project import MERGED_NAME
from .read import saved_key
from .texts import Text, Texts
from .validate import Where, check_activity, check_assessment
from .vocabulary import normalise
from .workbook.values import value_key

FUTURE_MARGIN = timedelta(days=1)  # a saved time later than the run by more than this is not trusted
#: What was collected for a row or goal nobody answered (read only).
_UNSENT, _UNASSESSED = SentRow("", "", ""), SentAssessment("", "")


def choose(submissions: list[Submission], received: list[Received], findings: list[Finding],
           t: Texts, now: datetime | None = None) -> dict[str, Submission]:
    """Each department's answer: the workbook with the latest saved time recorded inside it.

    A workbook sent back untouched counts only if the department sent nothing else. A saved
    time more than a day after ``now`` (default: the clock; a naive time is the local clock's)
    cannot be trusted: that file is ranked by the time it arrived in the inbox instead
    (``future-saved-time``). Every time is compared in UTC (:func:`~malxl.models.instant`).
    Ties go by content (SHA-256), never by file name or reading order.
    """
    limit = instant(now or datetime.now(UTC)) + FUTURE_MARGIN
    items = {r.name: r for r in received}
    by_dept: dict[str, list[Submission]] = {}
    rank: dict[str, datetime] = {}
    for sub in submissions:
        by_dept.setdefault(sub.department, []).append(sub)
        rank[sub.file] = saved_key(sub)
        if sub.saved and sub.saved > limit:
            item = items[sub.file]
            rank[sub.file] = item.arrived or EARLIEST
            findings.append(finding("future-saved-time", {
                "saved": _shown(sub.saved), "arrived": _shown(item.arrived) if item.arrived else "-"},
                department=sub.department, file=sub.file))
    chosen = {}

    def key(s: Submission):
        return (not s.untouched, rank[s.file], items[s.file].sha256)

    for dept, subs in by_dept.items():
        subs.sort(key=key, reverse=True)
        best = subs[0]
        chosen[dept] = best
        if best.untouched:
            items[best.file].reason = t("reason.finding", code="empty-submission")
        else:
            items[best.file].used = True
        others = subs[1:]
        if not others:
            continue
        ties = [s for s in others if key(s)[:2] == key(best)[:2]]
        saved = _shown(best.saved) if best.saved else "-"
        if ties:
            findings.append(finding("duplicate-submission", {"department": dept, "saved": saved,
                                    "files": ", ".join(s.file for s in [best, *ties])}, key="finding.duplicate-tie",
                                    severity=Severity.ERROR, department=dept, file=best.file))
        else:
            findings.append(finding("duplicate-submission", {"department": dept, "used": best.file, "saved": saved,
                                    "others": ", ".join(s.file for s in others)}, department=dept, file=best.file))
        for s in others:
            items[s.file].reason = t("reason.duplicate", used=best.file)
    return chosen


def _shown(moment: datetime) -> str:
    """A time as a finding shows it: the coordinator's clock, to the minute."""
    return on_clock(moment).isoformat(" ", "minutes")


def merge(plan: Plan, chosen: dict[str, Submission], findings: list[Finding], received: list[Received],
          t: Texts, previous: Previous | None = None, merged_name: str = MERGED_NAME) -> Merged:
    """The merged state from the plan, each department's answer and (if given) the previous merged workbook.

    Pure: no file is read or written, and the result depends on nothing but the
    arguments' contents (not on the order of ``chosen`` nor on file names).
    Rows are keyed by (department, activity id): a planned activity takes only
    its own department's answer, and only if its workbook was sent with it. Any
    other row a department sent is kept as that department's added row; if its
    id is taken (a planned activity, another department's added row, a row the
    coordinator added by hand), it gets a new id and a ``foreign-id`` finding.
    Every planned activity comes first, in plan order, then the added rows by
    department in plan order, each department's in its sheet's order. A
    workbook sent back untouched is no answer (``empty-submission``).
    ``previous`` carries over the coordinator's edits (:func:`carry_over`).
    """
    all_findings = list(findings)
    departments = [d.name for d in plan.departments]
    departments += sorted(set(chosen) - set(departments))  # (a department not in the plan: never, but kept)
    answered, answers, extra = _sort_answers(plan, chosen, departments, all_findings)
    rows = _planned_rows(plan, answers)
    if extra:
        planned = {a.id: a for a in plan.activities}
        rows.extend(_added_rows(extra, planned, partial(plan.earlier, "a"), previous, all_findings, t))
    given = [sub for dept in departments if (sub := chosen.get(dept)) is not None and not sub.untouched]
    assessments = [a for sub in given for a in sub.assessments]
    collected = {a.goal_id: (a.level, a.analysis) for a in assessments}
    merged = Merged(plan, rows, assessments, all_findings, received, answered, {}, collected)
    if previous is not None:
        carry_over(merged, previous, merged_name, t)
    reports = {i.id: i.department for i in plan.indicators}  # a department sends only its own indicators' values
    values = [p for sub in given for p in sub.indicator_values if reports.get(p.indicator_id) == sub.department]
    weigh_indicators(merged, values, previous, merged_name, t, answered)
    return merged


def _sort_answers(plan: Plan, chosen: dict[str, Submission], departments: list[str], findings: list[Finding]
                  ) -> tuple[dict[str, str], dict[str, dict[str, ActivityRow]], list[tuple[Submission, ActivityRow]]]:
    """Who answered (department -> file), each department's answers to its planned activities, and every other
    row a department sent (its added rows); ``missing-submission``/``empty-submission`` and the submissions'
    own findings go to ``findings``."""
    answered: dict[str, str] = {}
    # department -> activity id -> its answer (no (department, id) key a row: 37 MB at 300,000 rows)
    answers: dict[str, dict[str, ActivityRow]] = {}
    extra: list[tuple[Submission, ActivityRow]] = []
    for dept in departments:
        sub = chosen.get(dept)
        if sub is None:
            d = plan.department(dept)
            contact = (d.contact or d.email or dept) if d else dept
            findings.append(finding("missing-submission", {"department": dept, "contact": contact}, department=dept))
            continue
        if sub.untouched:
            findings.append(finding("empty-submission", {"department": dept, "file": sub.file},
                                    department=dept, file=sub.file))
            continue
        answered[dept] = sub.file
        sent = set(sub.activity_ids_sent)
        own = {a.id for a in plan.activities_of(dept)}
        mine = answers[dept] = {}
        for row in sub.rows:
            if not row.added and row.id in own and (not sent or row.id in sent):
                mine[row.id] = row
            else:
                extra.append((sub, row))
        findings.extend(sub.findings)
    return answered, answers, extra


def _planned_rows(plan: Plan, answers: dict[str, dict[str, ActivityRow]]) -> list[ActivityRow]:
    """Every planned activity's row, in plan order: its department's answer, or an unanswered row.

    A planned row takes the plan's id, title, goals and planned end (workers do not even send the last
    three); its status already shares the vocabulary's string (inbox._PlanValues, as the rows arrive)."""
    rows: list[ActivityRow] = []
    unanswered: dict[str, ActivityRow] = {}
    for a in plan.activities:
        found = answers.get(a.department, unanswered).get(a.id)
        if found is None:
            row = ActivityRow(a.id, a.title, a.department, a.goal_ids, a.planned_end)
        else:
            row = found
            row.id, row.title, row.department, row.goal_ids, row.planned_end = (
                a.id, a.title, a.department, a.goal_ids, a.planned_end)
            row.answered = True
        rows.append(row)
    return rows


def _added_rows(extra: list[tuple[Submission, ActivityRow]], planned: dict, earlier: Callable[[str], list[Answer]],
                previous: Previous | None, findings: list[Finding], t: Texts) -> list[ActivityRow]:
    """The rows departments added, each under an id no other row has (``foreign-id`` when it had to change).

    First every row whose id is free keeps it (in order: departments in plan order, rows in sheet
    order), then the others get new ids: an id a department chose is never taken by a rename. An id an
    earlier round had (``earlier``: the history's answers about an activity id) is never free: a row under it
    would inherit another activity's history.
    """
    owner: dict[str, str] = {aid: a.department for aid, a in planned.items()}
    if previous is not None:  # rows of the previous merged workbook keep their ids (and their department)
        for aid in previous.order:
            owner.setdefault(aid, previous.rows[aid].department)
    placed: set[str] = set()  # ids given to added rows so far

    def free(aid: str, dept: str) -> bool:
        """Unused (in this round and every earlier one), or this department's own added row of the previous run,
        not yet placed."""
        held = owner.get(aid)
        return aid not in placed and (held is None or (held == dept and aid not in planned)) and not earlier(aid)

    ids: list[str | None] = []
    for sub, row in extra:
        if free(row.id, sub.department):
            placed.add(row.id)
            owner[row.id] = sub.department
            ids.append(row.id)
        else:
            ids.append(None)
    renamed: dict[tuple[str, str], str] = {}  # (file, id) -> the row's new id
    moved = []
    for i, (sub, row) in enumerate(extra):
        if ids[i] is not None:
            continue
        dept = sub.department
        new = base = t("foreign_activity_id", id=row.id, department=dept)
        n = 1
        while not free(new, dept):
            n += 1
            new = f"{base} {n}"
        placed.add(new)
        ids[i] = new
        renamed[(sub.file, row.id)] = new
        moved.append((sub, row, new, owner.get(row.id)))
        owner[new] = dept
    if renamed:  # the row's findings name it by its new id; foreign-id replaces its unknown-activity
        findings[:] = [f if (f.file, f.subject) not in renamed else replace(f, subject=renamed[f.file, f.subject])
                       for f in findings
                       if not (f.code == "unknown-activity" and (f.file, f.subject) in renamed)]
    for sub, row, new, belongs in moved:
        sheet, cell = _id_cell(sub, row.id)
        if belongs is None:  # an earlier round's activity
            key, params = "finding.foreign-id-earlier", {"activity": row.id, "period": earlier(row.id)[-1].period}
        else:
            key, params = "", {"activity": row.id, "owner": belongs}
        params["new"] = new
        findings.append(finding("foreign-id", params, key=key, department=sub.department, file=sub.file,
                                sheet=sheet, cell=cell, subject=new))
    out = []
    for (_sub, row), new in zip(extra, cast("list[str]", ids), strict=True):  # every row has its id by now
        if new != row.id or not row.added:
            row = _copy(row, new)  # the submission's own row is left as it was read
        row.answered = True
        out.append(row)
    return out


def _copy(row: ActivityRow, new_id: str) -> ActivityRow:
    """A department's row as an added row under ``new_id`` (the submission's own row is left as it was)."""
    return ActivityRow(new_id, row.title, row.department, row.goal_ids, None, row.status, row.end,
                       row.comment, row.source, added=True, answered=True)


def _id_cell(sub: Submission, aid: str) -> tuple[str, str]:
    """Sheet and cell of a row's id in the department's file (where its ``unknown-activity`` points)."""
    for f in sub.findings:
        if f.subject == aid and f.code == "unknown-activity":
            return f.sheet, f.cell
    return "", ""


def carry_over(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """Keep what the coordinator entered in the earlier merged workbook.

    A field the coordinator changed (its value differs from what was collected
    then) is kept, unless the department has since sent a different answer:
    then the department's answer wins and an ``edit-conflict`` shows the
    coordinator's value. Rows the coordinator added by hand are kept too. A
    planned row deleted from the sheet (``prev.deleted``) is a
    ``deleted-activity``: its answer is the department's.
    """
    merged.texts.update(prev.texts)
    merged.findings.extend(_deleted_rows(merged.plan, prev, merged_name, t))
    _keep_activity_edits(merged, prev, merged_name, t)
    _keep_rows_added_by_hand(merged, prev, merged_name, t)
    _keep_assessment_edits(merged, prev, merged_name, t)


def _deleted_rows(plan: Plan, prev: Previous, merged_name: str, t: Texts) -> list[Finding]:
    """A ``deleted-activity`` for each planned row the merged workbook's Aktiviteter sheet lacks."""
    found: list[Finding] = []
    planned = {a.id: a for a in plan.activities} if prev.deleted else {}
    for aid in prev.deleted:
        a = planned.get(aid)
        if a is None:
            continue
        sent = prev.collected_rows.get(aid)
        params = {"activity": aid, "title": a.title}
        if sent is not None:
            params.update(status=sent.status, end=sent.end or "-")
        found.append(finding("deleted-activity", params, key="" if sent else "finding.deleted-activity-unanswered",
                             department=a.department, file=merged_name, sheet=t("sheet.activities"), subject=aid))
    return found


def _keep_activity_edits(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """The coordinator's edits of activity rows; a row so edited is checked again, its findings replaced."""
    plan = merged.plan
    sheet = t("sheet.activities")
    cols = layout.merged_activities(bool(plan.previous_period)).cols  # as this run writes the sheet
    planned = {a.id: a for a in plan.activities}
    # (department, id) -> its findings as the coordinator left it
    revalidated: dict[tuple[str, str], list[Finding]] = {}
    # Cells are named where this run writes the row (header in row 1, rows in order), whatever the
    # previous file's order was: the coordinator may have sorted it.
    for r, row in enumerate(merged.rows, start=1):
        old = prev.rows.get(row.id)
        if old is None or (old.department != row.department and (row.added or row.id not in planned)):
            continue  # keyed by (department, id): another department's row of that id is not this one
        was = prev.collected_rows.get(row.id, _UNSENT)
        where = Where(row.department, merged_name, sheet, r, cols)
        edited = _keep_row_edits(row, old, was, merged.findings, where)
        if edited:
            revalidated[(row.department, row.id)] = _recheck_row(plan, planned.get(row.id), row, where, edited)
    if revalidated:  # one pass over the findings, not one per edited row
        merged.findings[:] = [f for f in merged.findings
                              if not (f.code in ROW_CODES and (f.department, f.subject) in revalidated)]
        for found in revalidated.values():
            merged.findings.extend(found)


def _keep_row_edits(row: ActivityRow, old: RowRecord, was: SentRow, findings: list[Finding], where: Where) -> set[str]:
    """Each field of one row the coordinator changed, kept if the department's answer is still the one
    collected then, else an ``edit-conflict`` at the row's cell (``where``); the fields whose edit was kept."""
    now = dict(zip(EDITABLE, row.collected(), strict=True))  # what the department sent, as the merged workbook keeps it
    edited = set()
    for key in EDITABLE:
        mine, then = value_key(getattr(old, key)), getattr(was, key)
        if mine == then:
            continue  # the coordinator did not touch it
        if now[key] == mine:
            continue  # the department now sends what the coordinator wrote (a return workbook): agreed
        if now[key] == then:
            if row.answered and row.sent is None:
                row.sent = row.collected()  # what the department sent, before the edit replaces it
            setattr(row, key, getattr(old, key))  # department unchanged: keep the coordinator's edit
            edited.add(key)
        else:
            findings.append(finding("edit-conflict", {"column": Text(f"col.{key}"), "new": now[key], "old": mine},
                                    **replace(where, subject=row.id).at(f"col.{key}")))
    return edited


def _keep_rows_added_by_hand(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """Rows the coordinator added by hand in the merged workbook are never dropped (nor rows a department
    added before and no longer sends): merge() kept their ids free. A row the coordinator typed alone (nothing
    collected for it) is checked as a department's added row is, its findings the coordinator's."""
    known = {(r.department, r.id) for r in merged.rows}
    ids = {r.id for r in merged.rows}
    cols = layout.merged_activities(bool(merged.plan.previous_period)).cols  # as this run writes the sheet
    for aid in prev.order:
        old = prev.rows[aid]
        if (old.department, aid) in known or aid in ids:
            continue
        ids.add(aid)
        row = ActivityRow(aid, old.title, old.department, old.goal_ids,
                          old.planned_end if not isinstance(old.planned_end, str) else None,
                          old.status, old.end, old.comment, old.source, added=True)
        merged.rows.append(row)
        if aid not in prev.collected_rows:
            where = Where(row.department, merged_name, t("sheet.activities"), len(merged.rows), cols)
            merged.findings.extend(_recheck_row(merged.plan, None, row, where, set(EDITABLE)))


def _keep_assessment_edits(merged: Merged, prev: Previous, merged_name: str, t: Texts) -> None:
    """The coordinator's assessments; a goal the coordinator assessed is checked again, its findings replaced."""
    by_goal = {a.goal_id: a for a in merged.assessments}
    goal_rows = {g.id: r for r, g in enumerate(merged.plan.goals, start=1)}  # as the merged workbook is written
    settled: dict[str, set[str]] = {}  # goals the coordinator assessed -> the fields kept: checked again
    for gid, kept in prev.assessments.items():
        if gid not in goal_rows:
            continue  # a goal no longer in the plan: the merged workbook has no row for it
        was = prev.collected_goals.get(gid, _UNASSESSED)
        current = by_goal.get(gid)
        now = {"level": current.level if current else "", "analysis": current.analysis if current else ""}
        for key in ("level", "analysis"):
            mine, then = getattr(kept, key), getattr(was, key)
            if mine == then or now[key] == mine:
                continue  # untouched by the coordinator, or the department now agrees with the edit
            if now[key] == then:
                if current is None:
                    current = by_goal[gid] = Assessment(gid, source=merged_name)
                    merged.assessments.append(current)
                setattr(current, key, mine)
                current.source = kept.source or merged_name
                settled.setdefault(gid, set()).add(key)
            else:
                where = Where("", merged_name, t("sheet.assessment"), goal_rows[gid], ASSESSMENT_COLS, gid)
                merged.findings.append(finding("edit-conflict", {"column": Text(f"col.{key}"), "new": now[key],
                                                                 "old": mine}, **where.at(f"col.{key}")))
    if settled:
        merged.findings[:] = [f for f in merged.findings if not (f.code in ASSESSMENT_CODES and f.subject in settled)]
        owners = {g.id: g.owner for g in merged.plan.goals}
        for gid, edited in settled.items():
            where = Where(owners[gid], merged_name, t("sheet.assessment"), goal_rows[gid], ASSESSMENT_COLS)
            merged.findings.extend(_recheck_assessment(merged.plan, by_goal[gid], edited, where))


def _recheck_assessment(plan: Plan, kept: Assessment, edited: set[str], where: Where) -> list[Finding]:
    """Check a goal's assessment as the coordinator left it (its level in the plan's spelling); its findings,
    those at a field in ``edited`` the coordinator's. A level no one filled in is :func:`assessment_gaps`' to count
    (nothing while its owner has not answered)."""
    kept.level, kept.analysis, found = check_assessment(plan, kept.goal_id, kept.level, kept.analysis, where)
    if "level" not in edited:
        found = [f for f in found if f.code != "missing-assessment"]
    return _typed_by_coordinator(found, where, edited)


def _recheck_row(plan: Plan, activity, row: ActivityRow, where: Where, edited: set[str]) -> list[Finding]:
    """Check a row's values as the coordinator left them; the findings that replace the row's own (those at a
    field in ``edited`` are the coordinator's: :func:`_typed_by_coordinator`)."""
    answer = check_activity(plan, row.id, activity, row.status, row.end, row.comment, where)
    row.status, row.end, row.comment = answer.status, answer.end, answer.comment
    return _typed_by_coordinator(answer.findings, where, edited)


def _typed_by_coordinator(findings: list[Finding], where: Where, edited: set[str]) -> list[Finding]:
    """``findings`` of a row or goal in the merged workbook, each at a cell whose value the coordinator typed (a
    field in ``edited``) marked ``by_coordinator``: counted as any, never sent to a department to fix."""
    cells = {where.at(f"col.{key}")["cell"] for key in edited}
    return [replace(f, by_coordinator=True) if f.cell in cells else f for f in findings]


def assessment_gaps(merged: Merged, chosen: Container[str], merged_name: str, t: Texts) -> list[Finding]:
    """``missing-assessment`` for goals that no department nor the coordinator has assessed.

    ``chosen`` holds the departments that answered: a goal whose owner has not answered is not one of
    them, as the owner's ``missing-submission`` already stands for everything it owes.
    """
    have = {a.goal_id for a in merged.assessments if a.level}
    reported = {f.subject for f in merged.findings if f.code in ASSESSMENT_CODES}
    plan = merged.plan
    gaps = []
    for r, g in enumerate(plan.goals, start=1):
        if g.id in have or g.id in reported:
            continue
        if g.owner not in chosen and plan.department(g.owner) is not None:
            continue
        gaps.append(finding("missing-assessment", {"goal": g.id}, department=g.owner,
                            file=merged_name, sheet=t("sheet.assessment"), cell=f"C{r + 1}", subject=g.id))
    return gaps


@dataclass
class Standing:
    """A merged workbook as the coordinator left it (:func:`revalidate`)."""

    rows: dict[str, RowRecord]  # the activities' rows, statuses in the plan's spelling
    assessments: dict[str, tuple[str, str]]  # goal id -> (level, analysis)
    findings: list[Finding]  # those that still stand (:func:`open_findings`)
    indicator_rows: list[indicators.Row]  # the Indikatorer sheet as it stands: what the report shows


def revalidate(plan: Plan, prev: Previous, merged_name: str, t: Texts, recorded: list[Finding]) -> Standing:
    """The merged workbook as the coordinator left it: its rows and assessments (statuses and levels in the
    plan's spelling), the findings that still stand (:func:`open_findings`) and the indicators' rows."""
    planned = {a.id: a for a in plan.activities}
    rows = {}
    for aid in prev.order:
        old = prev.rows[aid]
        row = prev.row_numbers.get(aid, 0)  # 0: a deleted row put back (merged.restore_deleted)
        where = Where(old.department, merged_name, t("sheet.activities"), row, prev.cols)
        answer = check_activity(plan, aid, planned.get(aid), old.status, old.end, old.comment, where)
        rows[aid] = replace(old, status=answer.status, end=answer.end, comment=answer.comment)
    assessments = {}
    for g in plan.goals:
        kept = prev.assessments.get(g.id)
        where = Where(g.owner, merged_name, t("sheet.assessment"), 0)
        level, analysis, _ = check_assessment(plan, g.id, kept.level if kept else "", kept.analysis if kept else "",
                                              where)
        assessments[g.id] = (level, analysis)
    reopened = _reopen(plan, prev, recorded, merged_name, t)
    return Standing(rows, assessments, reopened.findings, reopened.indicator_rows)


def open_findings(plan: Plan, prev: Previous, recorded: list[Finding], merged_name: str, t: Texts) -> list[Finding]:
    """The findings that stand for a merged workbook as the coordinator left it: those collect would count now.

    ``recorded`` is what the last collect found (its ``Brister`` sheet). The
    coordinator's edits are carried over exactly as collect carries them
    (:func:`carry_over`, with every department's answer as it was
    collected): a row or goal the coordinator changed is checked again and its
    earlier findings give way to the new ones; an unanswered department stays
    one ``missing-submission``. The ``edit-conflict`` findings of the last
    collect are settled (the department's answer is the one the workbook
    holds) and are not counted again, as a new collect would not count them; nor are the recorded findings
    about the coordinator's own values (``by_coordinator``): those values are checked as they are now.
    Its ``deleted-activity`` findings are made again by ``carry_over`` from the
    workbook as it is now (a row put back no longer counts).
    """
    return _reopen(plan, prev, recorded, merged_name, t).findings


def _reopen(plan: Plan, prev: Previous, recorded: list[Finding], merged_name: str, t: Texts) -> Merged:
    """The merge as collect would make it now from the answers the workbook keeps (:func:`open_findings`)."""
    planned = set()
    rows = []
    for a in plan.activities:
        planned.add(a.id)
        row = ActivityRow(a.id, a.title, a.department, a.goal_ids, a.planned_end)
        sent = prev.collected_rows.get(a.id)
        if sent is not None:
            row.status, row.end, row.comment, row.answered = sent.status, sent.end, sent.comment, True
        rows.append(row)
    for aid in prev.order:  # the rows departments added (those the coordinator added carry_over keeps itself)
        sent = prev.collected_rows.get(aid)
        if aid in planned or sent is None:
            continue
        old = prev.rows[aid]
        rows.append(ActivityRow(aid, old.title, old.department, tuple(old.goal_ids), None, sent.status,
                                sent.end, sent.comment, old.source, added=True, answered=True))
    goals = {gid: (v.level, v.analysis) for gid, v in prev.collected_goals.items()}
    assessments = [Assessment(gid, level, analysis) for gid, (level, analysis) in goals.items()]
    # The coordinator's values are checked again as they are now (carry_over), not taken from the record.
    standing = [f for f in recorded if f.code not in REMADE and not f.by_coordinator]
    merged = Merged(plan, rows, assessments, standing, [], {}, {}, goals)
    carry_over(merged, prev, merged_name, t)
    unanswered = {f.department for f in recorded
                  if f.code == "empty-submission" or (f.code == "missing-submission" and not f.file)}
    answered = {d.name: "" for d in plan.departments if d.name not in unanswered}
    merged.findings.extend(assessment_gaps(merged, answered, merged_name, t))
    weigh_indicators(merged, _sent_values(prev, t), prev, merged_name, t, answered)
    return merged


def _sent_values(prev: Previous, t: Texts) -> list[Point]:
    """The departments' values as the merged workbook's hidden column keeps them (its rows not Kolada's)."""
    kolada = _kolada_words(t)
    return [Point(r.indicator_id, r.year, r.collected, None, r.comment, r.source) for r in prev.indicators
            if r.collected is not None and normalise(r.source) not in kolada]  # weigh_indicators takes only
    # the values of indicators a department reports


def _kolada_words(t: Texts) -> set[str]:
    return {normalise(n) for n in t.all_languages("indicator.kolada")}


def weigh_indicators(merged: Merged, sent: list[Point], prev: Previous | None, merged_name: str, t: Texts,
                     answered: Container[str]) -> None:
    """The indicators' values of the round, layer over layer, and what they say: ``merged.indicator_rows`` and
    the findings ``missing-value``, ``assessment-evidence`` (and the coordinator's ``invalid-value`` and
    ``edit-conflict`` on the Indikatorer sheet).

    The layers (:func:`malxl.indicators.combine`): the plan's Indikatorvärden; the previous merged workbook's
    rows whose Källa is Kolada (what ``malxl kolada`` fetched stays through collects); ``sent``, the departments'
    values (only for an indicator the department reports); the coordinator's edits of Värde (:func:`_edits`).
    ``answered`` are the departments that answered: a department that has not is not asked for a value too.
    """
    plan = merged.plan
    if plan.indicators:
        year = plan.settings.report_date.year
        by_id = {i.id: i for i in plan.indicators}
        records = [r for r in (prev.indicators if prev else []) if r.indicator_id in by_id]
        kolada_words = _kolada_words(t)
        # Kolada's rows: Källa Kolada, or a Kolada indicator's row with a fetched value the coordinator edited
        kolada = [Point(r.indicator_id, r.year, r.collected if r.collected is not None else r.value, r.comparison,
                        r.comment, t("indicator.kolada")) for r in records
                  if normalise(r.source) in kolada_words
                  or (by_id[r.indicator_id].source == KOLADA and r.collected is not None)]
        own = [p for p in sent if (i := by_id.get(p.indicator_id)) is not None and i.source == DEPARTMENT]
        department = indicators.combine(own)
        blank = [Point(i.id, year, None) for i in plan.indicators]
        base = indicators.combine(blank, plan.indicator_values)
        # where each row will stand, for a finding about the coordinator's edit (none without an earlier sheet)
        placed = _placed(plan, indicators.combine(_flat(base), kolada, own)) if records else {}
        edits = _edits(merged, records, base, department, kolada_words, placed, merged_name, t)
        points = indicators.combine(_flat(base), kolada, own, edits)
        merged.indicator_rows = indicators.table(plan.indicators, points)
        merged.indicator_collected = {(i, y): p.value for i, years in indicators.combine(kolada, own).items()
                                      for y, p in years.items() if p.value is not None}
        merged.findings.extend(_missing_values(merged, points, indicators.combine(kolada), answered,
                                               merged_name, t))
    else:
        points = {}
    merged.findings.extend(_evidence(merged, points, merged_name, t))


def _flat(points: dict[str, dict[int, Point]]) -> list[Point]:
    return [p for years in points.values() for p in years.values()]


def _placed(plan: Plan, points: dict[str, dict[int, Point]]) -> dict[tuple[str, int], int]:
    """(indicator id, year) -> its zero-based row on the Indikatorer sheet as this run writes it
    (:func:`malxl.indicators.table`'s order)."""
    keys = ((i.id, year) for i in plan.indicators for year in sorted(points.get(i.id, ())))
    return {key: r for r, key in enumerate(keys, start=1)}


def _edits(merged: Merged, records: list[IndicatorRecord], base: dict[str, dict[int, Point]],
           department: dict[str, dict[int, Point]], kolada_words: set[str], placed: dict[tuple[str, int], int],
           merged_name: str, t: Texts) -> list[Point]:
    """The coordinator's values on the previous Indikatorer sheet, kept as a layer (source: the merged workbook).

    A row's Värde is the coordinator's where it differs from the value as collected (the hidden column), or,
    where nothing was collected, from the plan's value and its Källa is not Kolada. A department that has since
    sent a different value wins (``edit-conflict`` at the cell); text that is no number is an ``invalid-value``
    by the coordinator, kept as typed.
    """
    sheet = t("sheet.indicators")
    kept = []
    for r in records:
        key = (r.indicator_id, r.year)
        where = Where("", merged_name, sheet, placed.get(key, r.row), INDICATOR_COLS, r.indicator_id)
        if r.text:
            merged.indicator_typed[key] = r.text
            merged.findings.append(replace(finding("invalid-value", {"value": r.text, "indicator": r.indicator_id},
                                                   **where.at("col.indicator_value")), by_coordinator=True))
            continue
        if r.value is None or not _edited(r, base, kolada_words):
            continue
        now = department.get(r.indicator_id, {}).get(r.year)
        if now is None or now.value is None or _same(now.value, r.collected):
            kept.append(Point(r.indicator_id, r.year, r.value, None, "", merged_name))
        elif not _same(now.value, r.value):
            merged.findings.append(finding("edit-conflict", {
                "column": Text("col.indicator_value"), "new": indicators.show_number(now.value),
                "old": indicators.show_number(r.value)}, **where.at("col.indicator_value")))
    return kept


def _edited(r: IndicatorRecord, base: dict[str, dict[int, Point]], kolada_words: set[str]) -> bool:
    """Whether a row's Värde is the coordinator's: it differs from what was collected (or from the plan's)."""
    if r.collected is not None:
        return not _same(r.value, r.collected)
    if normalise(r.source) in kolada_words:
        return False
    planned = base.get(r.indicator_id, {}).get(r.year)
    return not _same(r.value, planned.value if planned else None)


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _missing_values(merged: Merged, points: dict[str, dict[int, Point]], fetched: dict[str, dict[int, Point]],
                    answered: Container[str], merged_name: str, t: Texts) -> list[Finding]:
    """``missing-value`` for each indicator with no value for the report year after every layer: a department's
    (asked of it, unless it has not answered at all), Kolada's (Info where Kolada had the year unpublished)."""
    plan = merged.plan
    year = plan.settings.report_date.year
    placed = _placed(plan, points)
    sheet = t("sheet.indicators")
    found = []
    for ind in plan.indicators:
        point = points.get(ind.id, {}).get(year)
        if point is not None and point.value is not None:
            continue
        where = Where("", merged_name, sheet, placed.get((ind.id, year), 0), INDICATOR_COLS, ind.id)
        params: dict = {"indicator": ind.id, "title": ind.title, "year": year}
        if ind.source == KOLADA:
            params["kolada_id"] = ind.kolada_id
            if year in fetched.get(ind.id, {}):
                found.append(finding("missing-value", params, key="finding.missing-value-unpublished",
                                     severity=Severity.INFO, **where.at("col.indicator_value")))
            else:
                found.append(finding("missing-value", params, key="finding.missing-value-kolada",
                                     **where.at("col.indicator_value")))
        elif ind.department in answered or plan.department(ind.department) is None:
            found.append(finding("missing-value", params,
                                 **replace(where, department=ind.department).at("col.indicator_value")))
    return found


def _evidence(merged: Merged, points: dict[str, dict[int, Point]], merged_name: str, t: Texts) -> list[Finding]:
    """``assessment-evidence``: each goal's assessment as it stands against its indicators in the report year
    and its activities whose status deviates and is not finished (:func:`malxl.indicators.evidence`)."""
    plan = merged.plan
    vocabulary = plan.vocabulary
    year = plan.settings.report_date.year
    verdicts: dict[str, list[indicators.Verdict]] = {}
    for ind in plan.indicators:
        verdicts.setdefault(ind.goal_id, []).append(indicators.verdict(ind, points.get(ind.id, {}), year))
    deviating: dict[str, list[tuple[str, str]]] = {}
    for row in merged.rows:
        status = vocabulary.status(row.status)
        if status is not None and status.needs_comment and not status.finished:
            for gid in row.goal_ids:
                deviating.setdefault(gid, []).append((row.id, status.name))
    levels = {a.goal_id: a.level for a in merged.assessments}
    sheet = t("sheet.assessment")
    where = {}
    for r, g in enumerate(plan.goals, start=1):
        at = Where("", merged_name, sheet, r, ASSESSMENT_COLS).at("col.level")
        where[g.id] = {"file": at["file"], "sheet": at["sheet"], "cell": at["cell"]}
    return indicators.evidence([(g.id, g.owner) for g in plan.goals], levels, verdicts, deviating, vocabulary, where)


def out_of_date(recorded, counted) -> bool:
    """Whether the errors and warnings ``counted`` now differ, for any department, from those ``recorded`` in the
    merged workbook (its Brister, and the Översikt counted from the same findings, as the last collect wrote them).

    A recorded ``edit-conflict`` is left out: it is said once, and the next collect does not make it again.
    """
    def tally(findings):
        return Counter((f.department, f.severity) for f in findings if f.severity != Severity.INFO)

    return tally(counted) != tally(f for f in recorded if f.code != "edit-conflict")
