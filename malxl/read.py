"""Read one returned department workbook into a Submission: plain values and findings.

Rows are matched by Aktivitets-id, columns by header, so reordered, hidden,
inserted or blank rows and moved columns never shift what is read. Cell
addresses in findings are those of the file as the department saved it.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from . import layout
from .findings import Finding, finding
from .indicators import Indicator, Point, in_range, parse_number, reported_by, show_number
from .models import EARLIEST, Activity, ActivityRow, Assessment, Plan, Submission
from .texts import Text, Texts
from .validate import Where, check_activity, check_assessment, clean_text
from .vocabulary import normalise
from .workbook.values import BadValue, goal_refs, is_blank, to_date, to_id, to_text
from .workbook.xlsx import Book, CellIssue, a1, find_header, picker

_NO_PROBLEMS: tuple[frozenset, tuple] = (frozenset(), ())  # a row of a sheet with no error values or formulas
#: The cells of a row a department fills in or that identify it: checked for error values and unsaved formulas.
ACTIVITY_DATA = ("col.activity_id", "col.activity", "col.status", "col.end", "col.comment")
ASSESSMENT_DATA = ("col.goal_id", "col.level", "col.analysis")
INDICATOR_DATA = ("col.indicator_id", "col.indicator_value", "col.comment")


@dataclass
class Identity:
    organisation: str
    period: str
    department: str
    plan_version: str
    activity_ids: tuple[str, ...]
    goal_ids: tuple[str, ...]
    indicator_ids: tuple[str, ...] = ()  # the indicators it was sent with (none: made before the plan had any)


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
                    values.get("plan_version", ""), column(layout.ACTIVITY_IDS_COLUMN), column(layout.GOAL_IDS_COLUMN),
                    column(layout.INDICATOR_IDS_COLUMN))


def department_sheets(t: Texts):
    """Which sheets of a department workbook collect reads (the others are never loaded): a predicate on names."""
    names = {normalise(layout.IDENTITY_SHEET)}
    for key in ("sheet.activities", "sheet.assessment", "sheet.indicators"):
        names |= {normalise(n) for n in t.all_languages(key)}
    return lambda name: normalise(name) in names


def find_sheet(book: Book, key: str, t: Texts) -> str | None:
    names = {normalise(n) for n in t.all_languages(key)}
    return next((s for s in book.sheets if normalise(s) in names), None)


def read_submission(plan: Plan, book: Book, identity: Identity, file: str, t: Texts,
                    activities: Sequence[Activity] | None = None) -> Submission:
    """Validate a recognised department workbook against the plan.

    ``activities`` are the department's planned activities, where ``plan`` holds
    none (collect's workers: :class:`~malxl.workbook.planparts.PlanParts`).
    """
    dept = identity.department
    sub = Submission(dept, file, book.modified, activity_ids_sent=identity.activity_ids)
    _activities(plan, book, identity, sub, t, plan.activities_of(dept) if activities is None else activities)
    _assessments(plan, book, identity, sub, t)
    _indicators(plan, book, identity, sub, t)
    return sub


def _visible_sheets(book: Book) -> str:
    return ", ".join(s for s in book.sheets if s not in book.hidden) or "-"


def _activities(plan: Plan, book: Book, identity: Identity, sub: Submission, t: Texts,
                activities: Sequence[Activity]) -> None:
    dept, file = sub.department, sub.file
    planned = {a.id: a for a in activities}
    sent = set(identity.activity_ids) or set(planned)
    answerable = _answerable(planned, sent)
    table = _activity_table(book, sub, t)
    if table is None:
        return
    sheet, header, cols, changed = table
    if "col.activity_id" not in cols:
        return
    seen, touched = _activity_rows(plan, book, sheet, header, cols, answerable, sub, t)
    for aid, activity in answerable.items():
        if aid in seen:
            continue
        touched = True
        sub.findings.append(finding("missing-activity", {"activity": aid, "title": activity.title},
                                    department=dept, file=file, sheet=sheet, subject=aid))
    sub.untouched = not (touched or changed)
    late = [aid for aid in planned if aid not in sent]
    if late:
        sub.findings.append(finding("missing-submission", {"activities": ", ".join(late)},
                                    key="finding.missing-submission-activities", department=dept, file=file,
                                    sheet=sheet))


def _answerable(planned: dict, sent: set[str]) -> dict:
    """The planned activities a row can answer: those the workbook was sent with. An activity added to the
    plan later, typed into a free row, is a row the department added (merge gives it an id of its own)."""
    if len(sent) >= len(planned) and sent.issuperset(planned):
        return planned
    return {aid: a for aid, a in planned.items() if aid in sent}


def _activity_table(book: Book, sub: Submission, t: Texts) -> tuple[str, int, dict[str, int], bool] | None:
    """The Aktiviteter sheet's name, header row and columns, and whether a column is missing (then the
    workbook is not as generate wrote it); its structure's findings made. None if the sheet is missing."""
    dept, file = sub.department, sub.file
    sheet = find_sheet(book, "sheet.activities", t)
    if sheet is None:
        sub.untouched = False
        sub.findings.append(finding("missing-sheet", {"sheet": Text("sheet.activities"),
                                    "found": _visible_sheets(book)}, department=dept, file=file))
        return None
    header, cols = find_header(book.rows[sheet], layout.ACTIVITY_COLUMNS)
    missing = [k for k in layout.ACTIVITY_COLUMNS if k not in cols and k != "col.goal_title"]
    for key in missing:
        sub.findings.append(finding("missing-column", {"column": Text(key), "sheet": sheet},
                                    department=dept, file=file, sheet=sheet, cell=a1(header, 0)))
    sub.findings.extend(_layout_findings(book, sheet, header, cols, ACTIVITY_DATA, dept, file))
    return sheet, header, cols, bool(missing)


def _activity_rows(plan: Plan, book: Book, sheet: str, header: int, cols: dict[str, int], answerable: dict,
                   sub: Submission, t: Texts) -> tuple[dict[str, int], bool]:
    """Each row below the header checked, as an answer to a planned activity or as a row the department added.

    Returns the ids seen (with their row) and whether anything is not as generate wrote it.
    """
    dept, file = sub.department, sub.file
    rows = book.rows[sheet]
    issues = book.issues.get(sheet, {})
    date1904 = book.date1904
    # The row's cells by key in one C call a row (a missing column reads as None): 300 rows a workbook,
    # thousands of workbooks.
    pick = picker(cols, ("col.activity_id", "col.goal_title", "col.activity", "col.status", "col.end",
                         "col.comment"))
    missing_cols = {"col.status", "col.end", "col.comment"}.difference(cols)
    seen: dict[str, int] = {}
    added = 0
    touched = bool(missing_cols)  # anything not as generate wrote it: the workbook is an answer
    for r in range(header + 1, _last_row(rows, issues)):
        raw_id, raw_goals, raw_title, raw_status, raw_end, raw_comment = pick(rows[r] if r < len(rows) else [])
        aid = to_id(raw_id)
        where = Where(dept, file, sheet, r, cols, subject=aid)
        bad, problems = _cell_problems(issues, where, ACTIVITY_DATA) if issues else _NO_PROBLEMS
        if not aid and not problems and all(is_blank(v) for v in (raw_title, raw_status, raw_end, raw_comment)):
            continue
        if aid in seen:
            touched = True
            sub.findings.append(finding("duplicate-activity", {"activity": aid, "first": seen[aid] + 1},
                                        **where.at("col.activity_id")))
            continue
        activity = answerable.get(aid)
        if aid:
            seen[aid] = r
        if bad or date1904:
            raw_status, raw_end, raw_comment = _readable(bad, date1904, raw_status, raw_end, raw_comment)
        answer = check_activity(plan, aid or to_text(raw_title), activity, raw_status, raw_end, raw_comment, where)
        findings = answer.findings
        if problems or (missing_cols and findings):
            findings = _row_findings(problems, findings, bad, bool(missing_cols), where)
        if activity is None:
            touched = True
            added += 1
            _added_row(plan, sub, aid, raw_title, raw_goals, answer, where, added, t)
        else:
            if not touched:
                touched = _answered(activity, bad, problems, raw_status, raw_comment, answer)
            _planned_row(sub, activity, raw_title, bad, answer, where)
        sub.findings.extend(findings)
    return seen, touched


def _readable(bad: AbstractSet[str], date1904: bool, raw_status, raw_end, raw_comment) -> tuple:
    """A row's Status, Slutdatum and Kommentar as checked: a cell that cannot be read as shown counts as empty
    (it is reported once, as itself), and a serial number on the 1904 date system is a date."""
    if bad:
        raw_status, raw_end, raw_comment = (None if k in bad else v for k, v in (
            ("col.status", raw_status), ("col.end", raw_end), ("col.comment", raw_comment)))
    if date1904 and isinstance(raw_end, (int, float)) and not isinstance(raw_end, bool):
        try:
            raw_end = to_date(raw_end, date1904=True)  # a serial number typed in a workbook on the 1904 date system
        except BadValue:
            pass
    return raw_status, raw_end, raw_comment


def _row_findings(problems: Sequence[Finding], findings: list[Finding], bad: AbstractSet[str], missing_cols: bool,
                  where: Where) -> list[Finding]:
    """A row's findings: its unreadable cells' first, then the checks' on the cells that could be read
    (none placed nowhere when a column is missing)."""
    bad_cells = {a1(where.row, where.cols[k]) for k in bad}
    return [*problems, *(f for f in findings if not (missing_cols and f.cell == "") and f.cell not in bad_cells)]


def _answered(activity: Activity, bad: AbstractSet[str], problems: Sequence[Finding], raw_status, raw_comment,
              answer) -> bool:
    """Whether a row answering a planned activity holds anything generate did not write."""
    return bool(bad or problems or answer.end != activity.planned_end or not is_blank(raw_status)
                or not is_blank(raw_comment))


def _added_row(plan: Plan, sub: Submission, aid: str, raw_title, raw_goals, answer, where: Where, n: int,
               t: Texts) -> None:
    """A row the department added: kept (``unknown-activity``), under the development goals it names."""
    cols = where.cols
    title = clean_text(raw_title) or aid
    sub.findings.append(finding("unknown-activity", {"activity": title}, **where.at("col.activity_id")))
    rid = aid or t("new_activity_id", department=sub.department, n=n)
    goal_ids = goal_refs(raw_goals, plan.goal_ids) if "col.goal_title" in cols else ()
    if not goal_ids:  # never dropped: the report lists it under "added activities without a goal"
        sub.findings.append(finding("missing-goal", {"activity": title, "value": clean_text(raw_goals) or "-"},
                                    **where.at("col.goal_title" if "col.goal_title" in cols else "col.activity_id")))
    sub.rows.append(ActivityRow(rid, title, sub.department, goal_ids, None,
                                answer.status, answer.end, answer.comment, sub.file, added=True))


def _planned_row(sub: Submission, activity, raw_title, bad: AbstractSet[str], answer, where: Where) -> None:
    """A department's answer to a planned activity; a title it changed is noted (``changed-text``), not taken."""
    if "col.activity" in where.cols and "col.activity" not in bad:
        typed_title = clean_text(raw_title)
        if typed_title != activity.title and normalise(typed_title) != normalise(activity.title):
            sub.findings.append(finding("changed-text", {"column": Text("col.activity"),
                                        "planned": activity.title, "value": typed_title},
                                        **where.at("col.activity")))
    sub.rows.append(ActivityRow(activity.id, activity.title, sub.department, activity.goal_ids,
                                activity.planned_end, answer.status, answer.end, answer.comment, sub.file))


def _assessments(plan: Plan, book: Book, identity: Identity, sub: Submission, t: Texts) -> None:
    owned = {g.id: g for g in plan.goals_owned_by(sub.department)}
    if not owned:
        return
    table = _answer_table(book, sub, t, "sheet.assessment", layout.ASSESSMENT_COLUMNS, ASSESSMENT_DATA,
                          ("col.goal_id", "col.level", "col.analysis"), ("col.goal_id", "col.level"))
    if table is None:
        return
    _assessment_rows(plan, book, *table, owned, sub)


def _answer_table(book: Book, sub: Submission, t: Texts, sheet_key: str, columns: list[str], data: tuple,
                  read: tuple[str, ...], needed: tuple[str, ...]) -> tuple[str, int, dict[str, int]] | None:
    """An answer sheet's name, header row and columns (``columns``, a sheet's layout), its structure's findings
    made: ``missing-sheet``, ``missing-column`` for each of ``read``, the layout's (``data``: its input columns).
    None if the sheet or a column ``needed`` to read it is missing."""
    dept, file = sub.department, sub.file
    sheet = find_sheet(book, sheet_key, t)
    if sheet is None:
        sub.untouched = False
        sub.findings.append(finding("missing-sheet", {"sheet": Text(sheet_key), "found": _visible_sheets(book)},
                                    department=dept, file=file))
        return None
    header, cols = find_header(book.rows[sheet], columns)
    for key in read:
        if key not in cols:
            sub.findings.append(finding("missing-column", {"column": Text(key), "sheet": sheet},
                                        department=dept, file=file, sheet=sheet, cell=a1(header, 0)))
    sub.findings.extend(_layout_findings(book, sheet, header, cols, data, dept, file))
    if any(key not in cols for key in needed):
        sub.untouched = False
        return None
    return sheet, header, cols


def _assessment_rows(plan: Plan, book: Book, sheet: str, header: int, cols: dict[str, int], owned: dict,
                     sub: Submission) -> None:
    """Each row below the header: the first answer to each development goal the department owns, checked."""
    rows = book.rows[sheet]
    issues = book.issues.get(sheet, {})
    seen = set()
    for r in range(header + 1, _last_row(rows, issues)):
        row = rows[r] if r < len(rows) else []
        gid = to_id(row[cols["col.goal_id"]]) if cols["col.goal_id"] < len(row) else ""
        where = Where(sub.department, sub.file, sheet, r, cols, subject=gid)
        bad, problems = _cell_problems(issues, where, ASSESSMENT_DATA)
        sub.findings.extend(problems)
        if gid not in owned or gid in seen:
            continue
        seen.add(gid)
        level_raw = row[cols["col.level"]] if cols["col.level"] < len(row) and "col.level" not in bad else None
        c = cols.get("col.analysis")
        analysis_raw = row[c] if c is not None and c < len(row) and "col.analysis" not in bad else None
        level, analysis, found = check_assessment(plan, gid, level_raw, analysis_raw, where)
        if bad or level or analysis:
            sub.untouched = False
        sub.assessments.append(Assessment(gid, level, analysis, sub.file))
        bad_cells = {a1(r, cols[k]) for k in bad}
        sub.findings.extend(f for f in found if f.cell not in bad_cells)


def _indicators(plan: Plan, book: Book, identity: Identity, sub: Submission, t: Texts) -> None:
    """The report year's values of the indicators the department reports (its Indikatorer sheet), each a number
    or text such as ``41,5``; no number is ``invalid-value``, outside Min and Max ``out-of-range``.

    Only the indicators the workbook was sent with are read: one added to the plan later is asked again (its
    value is missing), and a workbook made before the department had any has no sheet to miss.
    """
    dept, file = sub.department, sub.file
    sent = set(identity.indicator_ids)
    asked = {i.id: i for i in reported_by(plan.indicators, dept) if i.id in sent}
    if not asked:
        return
    table = _answer_table(book, sub, t, "sheet.indicators", layout.INDICATOR_COLUMNS, INDICATOR_DATA,
                          ("col.indicator_id", "col.indicator_value", "col.comment"),
                          ("col.indicator_id", "col.indicator_value"))
    if table is None:
        return
    sheet, header, cols = table
    rows = book.rows[sheet]
    issues = book.issues.get(sheet, {})
    pick = picker(cols, ("col.indicator_id", "col.indicator_value", "col.comment"))
    year = plan.settings.report_date.year
    seen = set()
    for r in range(header + 1, _last_row(rows, issues)):
        raw_id, raw_value, raw_comment = pick(rows[r] if r < len(rows) else [])
        iid = to_id(raw_id)
        where = Where(dept, file, sheet, r, cols, subject=iid)
        bad, problems = _cell_problems(issues, where, INDICATOR_DATA)
        sub.findings.extend(problems)
        if iid not in asked or iid in seen:
            continue
        seen.add(iid)
        value = None if "col.indicator_value" in bad else raw_value
        comment = "" if "col.comment" in bad else clean_text(raw_comment)
        point = _indicator_point(asked[iid], value, comment, year, where, sub)
        if point is not None:
            sub.untouched = False
            sub.indicator_values.append(point)


def _indicator_point(ind: Indicator, raw, comment: str, year: int, where: Where, sub: Submission) -> Point | None:
    """One indicator's value as a point (None for a blank Värde or one that is no number: a finding instead)."""
    if is_blank(raw):
        if comment:
            sub.untouched = False
        return None
    number = parse_number(raw)
    if number is None:
        sub.findings.append(finding("invalid-value", {"value": clean_text(raw), "indicator": ind.id},
                                    **where.at("col.indicator_value")))
        return None
    if not in_range(ind, number):
        sub.findings.append(finding("out-of-range", {
            "value": show_number(number), "indicator": ind.id,
            "minimum": show_number(ind.minimum) or "-", "maximum": show_number(ind.maximum) or "-"},
            **where.at("col.indicator_value")))
    return Point(ind.id, year, number, None, comment, sub.file)


def _last_row(rows: list[list], issues: dict[tuple[int, int], CellIssue]) -> int:
    """One past the last row to read: a reader's rows end at the last value, but a formula without a result
    or an error value below it is a cell too."""
    return max([len(rows)] + [r + 1 for r, _ in issues])


def _cell_problems(issues: dict[tuple[int, int], CellIssue], where: Where,
                   keys: tuple[str, ...]) -> tuple[set[str], list[Finding]]:
    """The row's cells that hold an error value or a formula with no saved result: their keys, and a finding each."""
    bad: set[str] = set()
    found: list[Finding] = []
    if not issues:
        return bad, found
    for key in keys:
        c = where.cols.get(key)
        issue = issues.get((where.row, c)) if c is not None else None
        if issue is None:
            continue
        bad.add(key)
        if issue.kind == "error":
            found.append(finding("error-value", {"value": issue.text, "column": Text(key)},
                                 **where.at(key)))
        else:
            found.append(finding("uncalculated-formula", {"column": Text(key)},
                                 **where.at(key)))
    return bad, found


def _layout_findings(book: Book, sheet: str, header: int, cols: dict[str, int], keys: tuple[str, ...], dept: str,
                     file: str) -> list[Finding]:
    """Merged cells in the data area, and cells too far out to be read."""
    found = []
    data_cols = [cols[k] for k in keys if k in cols]
    for (r0, c0), (r1, c1) in book.merged.get(sheet, []):
        if r1 > header and any(c0 <= c <= c1 for c in data_cols):
            found.append(finding("merged-cells", {"cells": f"{a1(r0, c0)}:{a1(r1, c1)}",
                                 "first": a1(r0, c0)}, department=dept, file=file, sheet=sheet, cell=a1(r0, c0)))
    stray = book.stray.get(sheet)
    if stray:
        shown = ", ".join(f"{a1(r, c)} ({text!r})" for r, c, text in stray)
        found.append(finding("stray-cells", {"count": book.stray_count.get(sheet, len(stray)),
                             "cells": shown}, department=dept, file=file, sheet=sheet, cell=a1(stray[0][0], stray[0][1])))
    return found


def saved_key(sub: Submission) -> datetime:
    return sub.saved or EARLIEST
