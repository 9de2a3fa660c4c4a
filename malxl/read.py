"""Read one returned department workbook into a Submission: plain values and findings.

Rows are matched by Aktivitets-id, columns by header, so reordered, hidden,
inserted or blank rows and moved columns never shift what is read. Cell
addresses in findings are those of the file as the department saved it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from . import layout
from .findings import Finding, finding
from .models import ActivityRow, Assessment, Plan, Submission
from .texts import Texts
from .validate import Where, check_activity, check_assessment, clean_text
from .values import is_blank, split_ids, to_id, to_text
from .vocabulary import normalise
from .xlsx import Book, a1, find_header


@dataclass
class Identity:
    organisation: str
    period: str
    department: str
    plan_version: str
    activity_ids: tuple[str, ...]
    goal_ids: tuple[str, ...]


def identity_of(book: Book) -> Identity | None:
    """The identity generate wrote on the very hidden sheet, or None if there is none."""
    rows = book.rows.get(layout.IDENTITY_SHEET)
    if not rows:
        return None
    values = {to_text(r[0]): to_text(r[1]) for r in rows if len(r) > 1 and not is_blank(r[0])}
    if "organisation" not in values or "department" not in values:
        return None

    def column(c):
        return tuple(to_id(r[c]) for r in rows[1:] if len(r) > c and not is_blank(r[c]))

    return Identity(values["organisation"], values.get("period", ""), values["department"],
                    values.get("plan_version", ""), column(layout.ACTIVITY_IDS_COLUMN), column(layout.GOAL_IDS_COLUMN))


def find_sheet(book: Book, key: str, t: Texts) -> str | None:
    names = {normalise(n) for n in t.all_languages(key)}
    return next((s for s in book.sheets if normalise(s) in names), None)


def read_submission(plan: Plan, book: Book, identity: Identity, file: str, t: Texts) -> Submission:
    """Validate a recognised department workbook against the plan."""
    dept = identity.department
    sub = Submission(dept, file, book.modified, activity_ids_sent=identity.activity_ids)
    _activities(plan, book, identity, sub, t)
    _assessments(plan, book, identity, sub, t)
    return sub


def _visible_sheets(book: Book) -> str:
    return ", ".join(s for s in book.sheets if s not in book.hidden) or "-"


def _activities(plan: Plan, book: Book, identity: Identity, sub: Submission, t: Texts) -> None:
    dept, file = sub.department, sub.file
    planned = {a.id: a for a in plan.activities_of(dept)}
    sheet = find_sheet(book, "sheet.activities", t)
    if sheet is None:
        sub.findings.append(finding("missing-sheet", t("finding.missing-sheet", sheet=t("sheet.activities"),
                                    found=_visible_sheets(book)), department=dept, file=file))
        return
    rows = book.rows[sheet]
    header, cols = find_header(rows, layout.ACTIVITY_COLUMNS)
    missing = [k for k in layout.ACTIVITY_COLUMNS if k not in cols and k != "col.goal_title"]
    for key in missing:
        sub.findings.append(finding("missing-column", t("finding.missing-column", column=t(key), sheet=sheet),
                                    department=dept, file=file, sheet=sheet, cell=a1(header, 0)))
    if "col.activity_id" not in cols:
        return

    def get(row, key):
        c = cols.get(key)
        return row[c] if c is not None and c < len(row) else None

    seen: dict[str, int] = {}
    added = 0
    for r in range(header + 1, len(rows)):
        row = rows[r]
        aid = to_id(get(row, "col.activity_id"))
        typed = [get(row, k) for k in ("col.activity", "col.status", "col.end", "col.comment")]
        if not aid and all(is_blank(v) for v in typed):
            continue
        where = Where(dept, file, sheet, r, cols, subject=aid)
        if aid in seen:
            sub.findings.append(finding("duplicate-activity", t("finding.duplicate-activity", activity=aid,
                                        first=seen[aid] + 1), **where.at("col.activity_id")))
            continue
        activity = planned.get(aid)
        if aid:
            seen[aid] = r
        answer = check_activity(plan, t, aid or to_text(get(row, "col.activity")), activity,
                                get(row, "col.status"), get(row, "col.end"), get(row, "col.comment"), where)
        missing_cols = {k for k in ("col.status", "col.end", "col.comment") if k not in cols}
        findings = [f for f in answer.findings if not (missing_cols and f.cell == "")]
        if activity is None:
            added += 1
            title = clean_text(get(row, "col.activity")) or aid
            sub.findings.append(finding("unknown-activity", t("finding.unknown-activity", activity=title),
                                        **where.at("col.activity_id")))
            rid = aid or t("new_activity_id", department=dept, n=added)
            goal_ids = split_ids(get(row, "col.goal_title")) if "col.goal_title" in cols else ()
            sub.rows.append(ActivityRow(rid, title, dept, tuple(g for g in goal_ids if plan.goal(g)), None,
                                        answer.status, answer.end, answer.comment, file, added=True))
        else:
            typed_title = clean_text(get(row, "col.activity"))
            if "col.activity" in cols and normalise(typed_title) != normalise(activity.title):
                sub.findings.append(finding("changed-text", t("finding.changed-text", column=t("col.activity"),
                                            planned=activity.title, value=typed_title), **where.at("col.activity")))
            sub.rows.append(ActivityRow(aid, activity.title, dept, activity.goal_ids, activity.planned_end,
                                        answer.status, answer.end, answer.comment, file))
        sub.findings.extend(findings)
    sent = set(identity.activity_ids) or set(planned)
    for aid, activity in planned.items():
        if aid in seen:
            continue
        if aid in sent:
            sub.findings.append(finding("missing-activity", t("finding.missing-activity", activity=aid,
                                        title=activity.title), department=dept, file=file, sheet=sheet,
                                        subject=aid))
    late = [aid for aid in planned if aid not in sent and aid not in seen]
    if late:
        sub.findings.append(finding("missing-submission", t("finding.missing-submission-activities",
                                    activities=", ".join(late)), department=dept, file=file, sheet=sheet))


def _assessments(plan: Plan, book: Book, identity: Identity, sub: Submission, t: Texts) -> None:
    dept, file = sub.department, sub.file
    owned = {g.id: g for g in plan.goals_owned_by(dept)}
    if not owned:
        return
    sheet = find_sheet(book, "sheet.assessment", t)
    if sheet is None:
        sub.findings.append(finding("missing-sheet", t("finding.missing-sheet", sheet=t("sheet.assessment"),
                                    found=_visible_sheets(book)), department=dept, file=file))
        return
    rows = book.rows[sheet]
    header, cols = find_header(rows, layout.ASSESSMENT_COLUMNS)
    for key in ("col.goal_id", "col.level", "col.analysis"):
        if key not in cols:
            sub.findings.append(finding("missing-column", t("finding.missing-column", column=t(key), sheet=sheet),
                                        department=dept, file=file, sheet=sheet, cell=a1(header, 0)))
    if "col.goal_id" not in cols or "col.level" not in cols:
        return
    seen = set()
    for r in range(header + 1, len(rows)):
        row = rows[r]
        gid = to_id(row[cols["col.goal_id"]]) if cols["col.goal_id"] < len(row) else ""
        if gid not in owned or gid in seen:
            continue
        seen.add(gid)
        level_raw = row[cols["col.level"]] if cols["col.level"] < len(row) else None
        c = cols.get("col.analysis")
        analysis_raw = row[c] if c is not None and c < len(row) else None
        level, analysis, found = check_assessment(plan, t, gid, level_raw, analysis_raw, Where(dept, file, sheet, r, cols))
        sub.assessments.append(Assessment(gid, level, analysis, file))
        sub.findings.extend(found)


def saved_key(sub: Submission) -> datetime:
    return sub.saved or datetime.min
