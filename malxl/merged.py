"""The merged workbook (sammanstallning.xlsx): the coordinator's working copy.

It is self-contained: the plan travels in hidden ``plan.*`` sheets and the
values as the departments sent them in a hidden ``malxl.insamlat`` sheet, so
``malxl report`` needs nothing else and a later collect can tell the
coordinator's edits from the departments' answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Literal, overload

from . import layout
from .errors import InputError, PlanError
from .findings import CODES, Finding, Severity, from_json, params_json, sort_key
from .history import changes, said
from .indicators import parse_number
from .models import Activity, Merged, Plan, on_clock
from .plan import PLAN_PREFIX, long_sheets, read_plan, write_plan_sheets
from .read import identity_of
from .texts import Texts, texts
from .vocabulary import normalise
from .workbook.bulkxlsx import BulkWorkbook, Styled
from .workbook.outputs import open_lock
from .workbook.preflight import why_unreadable
from .workbook.values import BadValue, is_blank, serial_date, split_ids, to_id, to_text
from .workbook.xlsx import atomic_path, find_header, iter_rows, picker, read_book, row_height

COLLECTED_SHEET = "malxl.insamlat"
#: The merged sheets' column keys (declared in :mod:`malxl.layout`), as readers look for them by header.
ACTIVITY_COLUMNS = layout.MERGED_ACTIVITIES.keys
ASSESSMENT_COLUMNS = layout.MERGED_ASSESSMENT.keys
FINDING_COLUMNS = layout.MERGED_FINDINGS.keys
TEXT_KEYS = ["texts.introduction", "texts.closing"]
EDITABLE = tuple(k.removeprefix("col.") for k in layout.MERGED_ACTIVITIES.editable)  # status, end, comment
#: Where a merged workbook without history has each column (a rolled-over round's has Förra status too).
ACTIVITY_COLS = layout.MERGED_ACTIVITIES.cols
ASSESSMENT_COLS = layout.MERGED_ASSESSMENT.cols
#: The Indikatorer sheet, columns A..M (M hidden: the value as collected, to tell the coordinator's edits).
INDICATOR_COLUMNS = ["col.indicator_id", "col.goal_id", "col.indicator", "col.unit", "col.year",
                     "col.indicator_value", "col.comparison", "col.target", "col.reaches", "col.trend",
                     "col.indicator_source", "col.comment", "col.collected_value"]
INDICATOR_WIDTHS = [14, 14, 40, 12, 8, 12, 12, 12, 10, 12, 22, 40, 12]
#: Where the Indikatorer sheet has each column (zero-based), as written.
INDICATOR_COLS = {key: c for c, key in enumerate(INDICATOR_COLUMNS)}


@dataclass(slots=True)
class RowRecord:
    """An activity's row on the merged workbook's Aktiviteter sheet, as the coordinator left it.

    Slotted, as are the records below, not a dict a row: at 300,000 activities a collect again held
    two dicts a row (the coordinator's values and what was collected), 200 MB.
    """

    department: str
    goal_ids: tuple[str, ...]
    title: str
    status: str
    end: date | str | None  # the text as typed when it is not a date
    planned_end: date | str | None
    comment: str
    source: str


@dataclass(slots=True)
class SentRow:
    """What a department sent for an activity, as the hidden sheet keeps it (the end date as text)."""

    status: str
    end: str
    comment: str


@dataclass(slots=True)
class SentAssessment:
    """What a department sent for a development goal, as the hidden sheet keeps it."""

    level: str
    analysis: str


@dataclass(slots=True)
class AssessmentRecord:
    """A development goal's row on the Målbedömning sheet, as the coordinator left it."""

    level: str
    analysis: str
    source: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorRecord:
    """A row of the merged workbook's Indikatorer sheet, as the coordinator left it."""

    indicator_id: str
    year: int
    value: float | None  # Värde as a number (a decimal comma typed as text counts)
    text: str  # Värde as typed when it is no number (the coordinator's typo); "" otherwise
    comparison: float | None
    source: str  # Källa: "Kolada", a department's file, "Plan", the merged workbook's name
    comment: str
    collected: float | None  # the hidden column: the value as collected from a department or Kolada
    row: int  # its zero-based row on the sheet


@dataclass
class Previous:
    """What an earlier merged workbook held: the coordinator's view and what was collected."""

    rows: dict[str, RowRecord] = field(default_factory=dict)  # activity id -> its row
    assessments: dict[str, AssessmentRecord] = field(default_factory=dict)  # goal id -> its row
    # What the departments sent (the hidden sheet): activity id -> its answer, goal id -> its assessment
    collected_rows: dict[str, SentRow] = field(default_factory=dict)
    collected_goals: dict[str, SentAssessment] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    cols: dict[str, int] = field(default_factory=lambda: dict(ACTIVITY_COLS))
    goal_cols: dict[str, int] = field(default_factory=lambda: dict(ASSESSMENT_COLS))
    row_numbers: dict[str, int] = field(default_factory=dict)
    goal_rows: dict[str, int] = field(default_factory=dict)
    # Whether the workbook shows it had a history (a Förändringar sheet, a Förra status column): then a
    # plan without one has lost it (the hidden plan.Historik deleted).
    had_history: bool = False
    deleted: list[str] = field(default_factory=list)  # planned activities put back (:func:`restore_deleted`)
    indicators: list[IndicatorRecord] = field(default_factory=list)  # the Indikatorer sheet's rows


PLAN_SHEETS = ("sheet.settings", "sheet.goals", "sheet.activities", "sheet.departments")


@overload
def read_merged(path: Path, with_plan: Literal[True] = ...) -> tuple[Plan, Previous]: ...
@overload
def read_merged(path: Path, with_plan: Literal[False]) -> tuple[None, Previous]: ...
def read_merged(path: Path, with_plan: bool = True) -> tuple[Plan | None, Previous]:
    """The plan and the coordinator's state from a merged workbook.

    ``with_plan=False`` (collect, which has the plan itself) checks that the
    hidden plan sheets are there but does not read them, and gives None for
    the plan: at 300,000 activities that saves seconds and 100 MB. With the
    plan, a planned activity whose row was deleted from Aktiviteter is put
    back as its department sent it (:func:`restore_deleted`).

    Raises InputError if the file is no merged workbook (saying what it is:
    a department's workbook, a PDF...) or lacks its Aktiviteter or
    Målbedömning sheet, whose answers would otherwise silently go missing.
    """
    path = Path(path)
    t = texts()
    # Three readings of a few sheets each (plan, the coordinator's sheets, what was collected), each
    # let go before the next: at 300,000 activities the sheets held at once as Python values would be
    # 400 MB. The views (Översikt, Avvikelser, Brister, Inkomna) are not read at all.
    plan = _read_plan_sheets(path, with_plan, t)
    named = texts(plan.settings.language) if plan else t  # the sheets' names as the workbook has them
    wanted = {normalise(n) for key in ("sheet.assessment", "sheet.texts", "sheet.indicators")
              for n in t.all_languages(key)}
    book = read_book(path, only=lambda name: not name.startswith(PLAN_PREFIX) and normalise(name) in wanted)
    for key in ("sheet.activities", "sheet.assessment"):
        if _sheet(book, key) is None:
            raise InputError(t("error.merged_missing_sheet", file=path.name, sheet=named(key)))
    prev = Previous()
    once = _Once()
    _read_activities(path, book, prev, once)
    _read_assessments(path, book, prev)
    _read_texts(book, prev, t)
    _read_indicators(book, prev)
    prev.had_history = prev.had_history or _sheet(book, "sheet.changes") is not None
    has_collected = COLLECTED_SHEET in book.sheets
    del book
    if has_collected:
        _read_collected(path, prev, once)
    if plan is not None:
        restore_deleted(prev, plan.activities)
    return plan, prev


def read_merged_plan(path: Path) -> Plan:
    """The plan alone from a merged workbook's hidden ``plan.*`` sheets, for a command that needs no answers
    (``malxl kolada``): read_merged's checks that it is a merged workbook, not its other sheets."""
    plan = _read_plan_sheets(Path(path), True, texts())
    assert plan is not None  # with_plan=True gives a plan or raises
    return plan


def restore_deleted(prev: Previous, activities: Iterable[Activity]) -> None:
    """Put back in ``prev`` each of ``activities`` whose row the Aktiviteter sheet lacks, as its department
    sent it (the hidden sheet keeps that; blank if it did not answer), and list its id in ``prev.deleted``.

    A deleted row's answer then still counts (in the report, the history, a return workbook) and
    :func:`malxl.rules.carry_over` makes a ``deleted-activity`` finding of it.
    """
    for a in activities:
        if a.id in prev.rows:
            continue
        sent = prev.collected_rows.get(a.id)
        status, end, comment = (sent.status, _sent_date(sent.end), sent.comment) if sent else ("", None, "")
        prev.rows[a.id] = RowRecord(a.department, a.goal_ids, a.title, status, end, a.planned_end, comment, "")
        prev.order.append(a.id)
        prev.deleted.append(a.id)


def _sent_date(value: str) -> date | str | None:
    """An end date as the hidden sheet keeps it (ISO text, or the text as typed) as the Aktiviteter sheet gives it."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value or None


def open_in_excel(path: Path) -> str:
    """A notice that the merged workbook at ``path`` is open in Excel or LibreOffice (its lock file lies beside
    it): what is read is the file as last saved. "" if it is not open."""
    lock = open_lock(path)
    return texts()("merged.open_in_excel", file=path, lock=lock.name) if lock else ""


def _read_plan_sheets(path: Path, with_plan: bool, t: Texts) -> Plan | None:
    """The plan from the hidden ``plan.*`` sheets (``with_plan``), else only the check that they are there."""
    try:
        book = read_book(path, only=lambda name: (with_plan and name.startswith(PLAN_PREFIX))
                         or name == layout.IDENTITY_SHEET, streamed=long_sheets(PLAN_PREFIX))
    except Exception as exc:  # calamine raises several types for bad files, in English: ours say what it is
        reason = t.render(why_unreadable(path))
        raise InputError(t("error.merged_unreadable", file=path.name, reason=reason)) from exc
    present = {normalise(s) for s in book.sheets}
    for key in PLAN_SHEETS:
        if not any(normalise(PLAN_PREFIX + n) in present for n in t.all_languages(key)):
            identity = identity_of(book)
            if identity is not None:
                raise InputError(t("error.department_workbook", file=path.name, department=identity.department))
            raise InputError(t("error.not_merged", file=path.name))
    if not with_plan:
        return None
    try:
        return read_plan(path, prefix=PLAN_PREFIX, book=book)
    except PlanError as exc:  # names the hidden sheet and its cell: say what that sheet is
        raise PlanError(t("error.merged_plan", problem=str(exc).rstrip("."))) from exc


class _Once:
    """One object for each value that repeats down the sheets (departments, statuses, goal lists, dates, file
    names), not one a row: at 300,000 rows that is 100 MB."""

    def __init__(self):
        self.shared: dict = {}

    def __call__(self, kind: str, value, read):
        key = (kind, type(value), value)
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = read(value)
        return found


def _read_activities(path: Path, book, prev: Previous, once: _Once) -> None:
    """The coordinator's Aktiviteter, row by row (the largest sheet), its columns found by header."""
    sheet = _sheet(book, "sheet.activities")
    if not sheet:
        return
    rows = iter_rows(path, sheet)
    header: list = next(rows, [])
    _, cols = find_header([header], ACTIVITY_COLUMNS, scan=1)
    _require_column(cols, "col.activity_id", path, sheet)
    prev.cols = cols
    prev.had_history = bool(find_header([header], ["col.previous_status"], scan=1)[1])

    def get(row, key):
        c = cols.get(key)
        return row[c] if c is not None and c < len(row) else None

    for r, row in enumerate(rows, start=1):
        aid = _id(get(row, "col.activity_id"))
        if not aid:
            continue
        prev.order.append(aid)
        prev.row_numbers[aid] = r
        prev.rows[aid] = RowRecord(
            once("id", get(row, "col.department"), _id),
            once("ids", get(row, "col.goal_id"), _ids),
            _text(get(row, "col.activity")),
            once("text", get(row, "col.status"), _text),
            once("date", get(row, "col.end"), _date_or_text),
            once("date", get(row, "col.planned_end"), _date_or_text),
            _text(get(row, "col.comment")),
            once("text", get(row, "col.source"), _text),
        )


def _require_column(cols: dict[str, int], key: str, path: Path, sheet: str) -> None:
    """Stop if the sheet's id column ``key`` has lost its header: no row of the sheet could be read."""
    if key not in cols:
        t = texts()
        raise InputError(t("error.merged_missing_column", file=Path(path).name, column=t(key), sheet=sheet))


def _read_assessments(path: Path, book, prev: Previous) -> None:
    """The coordinator's Målbedömning, its columns found by header."""
    sheet = _sheet(book, "sheet.assessment")
    if not sheet:
        return
    rows = book.rows.pop(sheet)
    header, cols = find_header(rows, ASSESSMENT_COLUMNS, scan=1)
    _require_column(cols, "col.goal_id", path, sheet)
    prev.goal_cols = cols

    def get(row, key):
        return to_text(row[cols[key]]) if key in cols else ""

    for r in range(header + 1, len(rows)):
        row = rows[r]
        gid = to_id(row[cols["col.goal_id"]]) if "col.goal_id" in cols else ""
        if gid:
            prev.goal_rows[gid] = r
            prev.assessments[gid] = AssessmentRecord(get(row, "col.level"), get(row, "col.analysis"),
                                                     get(row, "col.source"))


def _read_texts(book, prev: Previous, t: Texts) -> None:
    """The report's texts as the coordinator wrote them on Texter."""
    sheet = _sheet(book, "sheet.texts")
    if sheet:
        labels = {normalise(n): key for key in TEXT_KEYS for n in t.all_languages(key)}
        for row in book.rows[sheet][1:]:
            if len(row) > 1 and normalise(row[0]) in labels:
                prev.texts[labels[normalise(row[0])]] = to_text(row[1])


def _read_indicators(book, prev: Previous) -> None:
    """The Indikatorer sheet's rows as the coordinator left them (none if the workbook has no such sheet)."""
    sheet = _sheet(book, "sheet.indicators")
    if sheet:
        prev.indicators.extend(indicator_records(book.rows.pop(sheet))[1])


def indicator_records(rows: list[list]) -> tuple[dict[str, int], list[IndicatorRecord]]:
    """An Indikatorer sheet's columns (by key) and its rows (``rows``: the sheet's, header included) as records,
    Värde read as collect and ``malxl kolada`` both read it (a decimal comma typed as text is a number); a row
    without an indicator id or a year says nothing and is left out."""
    header, cols = find_header(rows, INDICATOR_COLUMNS, scan=1)
    pick = picker(cols, ("col.indicator_id", "col.year", "col.indicator_value", "col.comparison",
                         "col.indicator_source", "col.comment", "col.collected_value"))
    records = []
    for r in range(header + 1, len(rows)):
        iid, year, typed, comparison, source, comment, collected = pick(rows[r])
        iid, year = to_id(iid), parse_number(year)
        if not iid or year is None:
            continue
        value = parse_number(typed)
        records.append(IndicatorRecord(
            iid, int(year), value, "" if value is not None else to_text(typed), parse_number(comparison),
            to_text(source), to_text(comment), parse_number(collected), r))
    return cols, records


def _read_collected(path: Path, prev: Previous, once: _Once) -> None:
    """What the departments sent, as the hidden sheet keeps it (to tell the coordinator's edits from answers)."""
    collected = iter_rows(path, COLLECTED_SHEET)
    next(collected, None)  # its header
    for row in collected:
        if len(row) >= 5 and not is_blank(row[1]):
            kind, key = _text(row[0]), _id(row[1])
            if kind == "a":
                comment = _text(row[4])
                shown = prev.rows.get(key)
                if shown is not None and shown.comment == comment:
                    comment = shown.comment  # mostly the text the sheet shows: one copy
                prev.collected_rows[key] = SentRow(once("text", row[2], _text), once("text", row[3], _text), comment)
            else:
                prev.collected_goals[key] = SentAssessment(_text(row[2]), _text(row[3]))


def read_findings(book, t: Texts) -> list[Finding]:
    """The findings on the Brister sheet, as collect wrote them."""
    sheet = _sheet(book, "sheet.findings")
    if sheet is None:
        return []
    rows = book.rows[sheet]
    header, cols = find_header(rows, FINDING_COLUMNS, scan=1)
    severities = {normalise(n): sev for sev in Severity for n in t.all_languages(f"severity.{sev.value}")}

    def get(row, key):
        c = cols.get(key)
        return row[c] if c is not None and c < len(row) else None

    found = []
    for row in rows[header + 1:]:
        code = to_text(get(row, "col.code"))
        if not code:
            continue
        severity = severities.get(normalise(get(row, "col.severity"))) or CODES.get(code, Severity.WARNING)
        # The message's key and parameters, rendered again where the finding is shown; a workbook written
        # before malxl kept them has only the message, shown as it was written.
        key, params, by_coordinator = from_json(to_text(get(row, "col.finding_data"))) or ("", {}, False)
        found.append(Finding(code, severity, department=to_text(get(row, "col.department")),
                             file=to_text(get(row, "col.file")), sheet=to_text(get(row, "col.sheet")),
                             cell=to_text(get(row, "col.cell")), subject=to_id(get(row, "col.subject")),
                             key=key, params=params, shown="" if key else to_text(get(row, "col.message")),
                             by_coordinator=by_coordinator))
    return found


def read_recorded(path: Path) -> list[Finding]:
    """The findings the last collect wrote into the merged workbook at ``path`` (its Brister sheet)."""
    t = texts()
    names = {normalise(n) for n in t.all_languages("sheet.findings")}
    book = read_book(path, only=lambda name: not name.startswith(PLAN_PREFIX) and normalise(name) in names)
    return read_findings(book, t)


def read_answered(book, t: Texts) -> dict[str, str]:
    """Department → the file used as its answer, from the Inkomna sheet."""
    sheet = _sheet(book, "sheet.received")
    if sheet is None:
        return {}
    rows = book.rows[sheet]
    header, cols = find_header(rows, ["col.file", "col.department", "col.used"], scan=1)
    if len(cols) < 3:
        return {}
    used = {normalise(n) for n in t.all_languages("used")}
    answered = {}
    for row in rows[header + 1:]:
        if max(cols.values()) < len(row) and normalise(row[cols["col.used"]]) in used:
            answered[to_text(row[cols["col.department"]])] = to_text(row[cols["col.file"]])
    return answered


# to_text, to_id and split_ids with a short way for the common case, text: called a million times
# when a merged workbook of 300,000 activities is read back.
def _text(value) -> str:
    return value.strip() if type(value) is str else to_text(value)


def _id(value) -> str:
    return " ".join(value.split()) if type(value) is str else to_id(value)  # split() also splits at NBSP


def _ids(value) -> tuple[str, ...]:
    if type(value) is str and "," not in value and ";" not in value:
        value = value.strip()
        return (value,) if value else ()
    return split_ids(value)


def _date_or_text(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return serial_date(value)  # a date typed into a cell of General format (45412)
        except BadValue:
            pass
    return to_text(value) or None


def _sheet(book, key) -> str | None:
    names = {normalise(n) for n in texts().all_languages(key)}
    return next((s for s in book.sheets if normalise(s) in names and not s.startswith(PLAN_PREFIX)), None)


def write_merged(merged: Merged, path: Path, now: datetime | None = None) -> Path:
    """Write the merged workbook atomically."""
    with atomic_path(Path(path)) as tmp:
        # xlsxwriter makes the sheets; the rows of the tables stream in as sheet XML (bulkxlsx):
        # at 300,000 activities that is 6 s instead of 45 s, in constant memory.
        book = BulkWorkbook(tmp, created=now)
        _MergedWriter(book, merged).write()
        book.close()
    return Path(path)


class _MergedWriter:
    def __init__(self, book: BulkWorkbook, merged: Merged):
        self.book, self.m = book, merged
        self.wb = wb = book.wb
        self.plan = merged.plan
        self.t = texts(self.plan.settings.language)
        self._comment_needed: dict[str, bool] = {}
        self.f_header = wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF",
                                       "text_wrap": True, "valign": "top", "border": 1})
        self.f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.f_date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "align": "left"})
        self.f_note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.f_error = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.f_warn = wb.add_format({"bg_color": "#FFEB9C"})
        self.previous = self.plan.previous_period
        self.a_layout = layout.merged_activities(bool(self.previous))
        self.g_layout = layout.merged_assessment()

    def write(self):
        t = self.t
        sheets = {key: self.wb.add_worksheet(t(key)) for key in (
            "sheet.overview", "sheet.activities", "sheet.deviations",
            *(("sheet.changes",) if self.previous else ()), "sheet.assessment",
            *(("sheet.indicators",) if self.plan.indicators else ()), "sheet.texts", "sheet.findings", "sheet.received")}
        write_plan_sheets(self.wb, self.plan, prefix=PLAN_PREFIX, hidden=True, bulk=self.book)
        collected = self.wb.add_worksheet(COLLECTED_SHEET)
        self._overview(sheets["sheet.overview"])
        self._activities(sheets["sheet.activities"])
        self._deviations(sheets["sheet.deviations"])
        if self.previous:
            self._changes(sheets["sheet.changes"])
        self._assessment(sheets["sheet.assessment"])
        if self.plan.indicators:
            self._indicators(sheets["sheet.indicators"])
        self._texts(sheets["sheet.texts"])
        self._findings(sheets["sheet.findings"])
        self._received(sheets["sheet.received"])
        self._collected(collected)
        collected.hide()
        sheets["sheet.overview"].activate()

    def _table(self, ws, headers, widths, rows, date_fmt=None, count=None, tail=(), bulk=True, formats=None):
        """A sheet with a header row and ``rows`` below it (``count`` of them, if ``rows`` is a generator).

        ``tail`` rows follow outside the filtered range. ``bulk=False`` writes
        the cells with xlsxwriter, for a small table whose rows get a height. ``formats``: {column: format} of
        columns whose every cell has its own format (numbers; bulk only).
        """
        count = len(rows) if count is None else count
        names = [(self.t(key), width) for key, width in zip(headers, widths, strict=True)]
        for c, (name, width) in enumerate(names):
            ws.write_string(0, c, name, self.f_header)
            ws.set_column(c, c, width, self.f_wrap)
        # A header wraps in its narrow column (Utvecklingsmål-id, Planerat slutdatum): neither Excel nor
        # LibreOffice grows the row for it, so the row gets the height of its longest header's lines.
        ws.set_row(0, row_height(*names))
        if bulk:
            self.book.add_rows(ws, chain(rows, tail), columns=len(headers), count=count + len(tail),
                               text_format=self.f_wrap, date_format=date_fmt or self.f_date, widths=widths,
                               formats=formats)
        else:
            for r, row in enumerate(chain(rows, tail), start=1):
                for c, value in enumerate(row):
                    _write(ws, r, c, value, date_fmt or self.f_date)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(count, 1), len(headers) - 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)

    def _overview(self, ws):
        t, m = self.t, self.m
        # One pass over each list, not one per department: a region has hundreds of departments.
        planned = Counter(a.department for a in self.plan.activities)
        errors = Counter(f.department for f in m.findings if f.severity == Severity.ERROR)
        warnings = Counter(f.department for f in m.findings if f.severity == Severity.WARNING)
        deviations = Counter(r.department for r in m.rows if self._needs_comment(r.status))
        sheet = layout.MERGED_OVERVIEW
        rows = []
        for d in self.plan.departments:
            values = {"col.department": d.name, "col.contact": d.contact,
                      "col.answered": t("yes") if d.name in m.answered else t("no"),
                      "col.file_used": m.answered.get(d.name, ""), "col.activities": planned[d.name],
                      "col.errors": errors[d.name], "col.warnings": warnings[d.name],
                      "col.deviations": deviations[d.name]}
            rows.append(tuple(values.get(key, "") for key in sheet.keys))  # a column with no field: empty
        self._table(ws, sheet.keys, sheet.widths, rows)
        if rows:
            first, last = sheet.first_row, sheet.first_row + len(rows) - 1
            answered, errors_c = sheet.index("col.answered"), sheet.index("col.errors")
            ws.conditional_format(first, answered, last, answered, {"type": "cell", "criteria": "==",
                                                                    "value": f'"{t("no")}"', "format": self.f_warn})
            ws.conditional_format(first, errors_c, last, errors_c, {"type": "cell", "criteria": ">", "value": 0,
                                                                    "format": self.f_error})

    def _needs_comment(self, status: str) -> bool:
        known = self._comment_needed.get(status)  # asked twice per row: the answer kept per spelling
        if known is None:
            s = self.plan.vocabulary.status(status)
            known = self._comment_needed[status] = bool(s and s.needs_comment)
        return known

    #: The fields of a row :meth:`_activity_rows` can show, by column key.
    ROW_FIELDS = ("col.activity_id", "col.department", "col.goal_id", "col.activity", "col.status",
                  "col.previous_status", "col.end", "col.planned_end", "col.comment", "col.source", "")

    def _activity_rows(self, rows):
        """The rows of Aktiviteter (or Avvikelser) as tuples in the layout's column order (a column the
        rows have no field for stays empty)."""
        fields = self.ROW_FIELDS
        pick = itemgetter(*(fields.index(k) if k in fields else len(fields) - 1 for k in self.a_layout.keys))
        before = self._previous_status if self.previous else _nothing
        # one tuple of every field a row, picked in column order by one C call: 300,000 rows
        return (pick((r.id, r.department, ", ".join(r.goal_ids), r.title, r.status, before(r.id), r.end,
                      r.planned_end, r.comment, r.source, "")) for r in rows)

    def _previous_status(self, aid: str) -> str:
        """Förra status: the activity's last answer, named with its round when older than the previous round."""
        return said(self.plan, self.plan.previous("a", aid), self.t)

    def _activities(self, ws):
        n, sheet = len(self.m.rows), self.a_layout
        self._table(ws, sheet.keys, sheet.widths, self._activity_rows(self.m.rows), count=n)
        last = max(n, 1) + 200  # room for rows the coordinator adds
        v = self.plan.vocabulary
        first = sheet.first_row
        s_c, e_c, c_c = (sheet.index(k) for k in ("col.status", "col.end", "col.comment"))
        statuses = f"='{PLAN_PREFIX}{self.t('sheet.statuses')}'!$A$2:$A${len(v.statuses) + 1}"
        ws.data_validation(first, s_c, last, s_c, {"validate": "list", "source": statuses,
                                                   "error_title": self.t("error.status.title"),
                                                   "error_message": self.t("error.status")})
        ws.data_validation(first, e_c, last, e_c, {"validate": "date", "criteria": "between",
                                                   "minimum": date(1990, 1, 1), "maximum": date(2199, 12, 31),
                                                   "error_title": self.t("error.end.title"),
                                                   "error_message": self.t("error.end", example="2024-12-31")})
        names = [s.name for s in v.comment_statuses]
        if names:
            status, comment = sheet.ref("col.status"), sheet.ref("col.comment")
            cond = "OR(" + ",".join(f'TRIM({status})="{n}"' for n in names) + ")"
            ws.conditional_format(first, c_c, last, c_c, {"type": "formula",
                                                          "criteria": f"=AND({cond},LEN(TRIM({comment}))=0)",
                                                          "format": self.f_error})
        ws.conditional_format(first, s_c, n, s_c, {"type": "blanks", "format": self.f_warn})

    def _changes(self, ws):
        """What moved since the last round (a rolled-over round only)."""
        t = self.t
        found = changes(self.plan, ((r.id, r.department, r.title, r.status, r.end) for r in self.m.rows),
                        {a.goal_id: a.level for a in self.m.assessments})
        sheet = layout.MERGED_CHANGES
        rows = [tuple({"col.change": t(f"change.{c.kind}"), "col.department": c.department, "col.id": c.id,
                       "col.item": c.title, "col.from": c.shown_before(t), "col.to": c.after}[key] for key in sheet.keys)
                for c in found]
        tail = [] if rows else [(Styled(t("change.none", period=self.previous), self.f_note),)]
        self._table(ws, sheet.keys, sheet.widths, rows, tail=tail)

    def _deviations(self, ws):
        rows = [r for r in self.m.rows if self._needs_comment(r.status)]
        self._table(ws, self.a_layout.keys, self.a_layout.widths, self._activity_rows(rows), count=len(rows),
                    tail=[(), (Styled(self.t("merged.edit_here"), self.f_note),)])
        ws.protect("", {"autofilter": True, "sort": True, "format_columns": True})

    def _assessment(self, ws):
        by_goal, sheet = {a.goal_id: a for a in self.m.assessments}, self.g_layout
        rows = []
        for g in self.plan.goals:
            a = by_goal.get(g.id)
            values = {"col.goal_id": g.id, "col.goal_title": g.title, "col.level": a.level if a else "",
                      "col.analysis": a.analysis if a else "", "col.owner": g.owner, "col.source": a.source if a else ""}
            rows.append(tuple(values.get(key, "") for key in sheet.keys))
        self._table(ws, sheet.keys, sheet.widths, rows)
        v = self.plan.vocabulary
        if rows:
            first, last, level = sheet.first_row, len(rows), sheet.index("col.level")
            levels = f"='{PLAN_PREFIX}{self.t('sheet.levels')}'!$A$2:$A${len(v.levels) + 1}"
            ws.data_validation(first, level, last, level, {"validate": "list", "source": levels,
                                                           "error_title": self.t("error.level.title"),
                                                           "error_message": self.t("error.level")})
            for lv in v.levels:
                ws.conditional_format(first, level, last, level, {
                    "type": "formula", "criteria": f'=TRIM({sheet.ref("col.level")})="{lv.name}"',
                    "format": self.wb.add_format({"bg_color": "#" + lv.colour})})
            ws.conditional_format(first, level, last, level, {"type": "blanks", "format": self.f_warn})

    def _indicators(self, ws):
        """Indikatorer: one row an indicator and year, numbers as number cells; the hidden last column holds the
        value as collected (a department's or Kolada's), so the next collect tells the coordinator's edits."""
        m = self.m
        number = self.wb.add_format({"num_format": "0.0##", "valign": "top"})
        year = self.wb.add_format({"num_format": "0", "valign": "top", "align": "left"})
        cells = {"col.year": year, "col.indicator_value": number, "col.comparison": number, "col.target": number,
                 "col.collected_value": number}
        formats = {INDICATOR_COLS[key]: style for key, style in cells.items()}
        # Ten thousand rows (a thousand indicators, ten years): in bulk, as the activities are.
        self._table(ws, INDICATOR_COLUMNS, INDICATOR_WIDTHS, map(self._indicator_row, m.indicator_rows),
                    count=len(m.indicator_rows), formats=formats)
        hidden = INDICATOR_COLS["col.collected_value"]
        ws.set_column(hidden, hidden, INDICATOR_WIDTHS[-1], number, {"hidden": True})

    def _indicator_row(self, row) -> tuple:
        t, m = self.t, self.m
        ind, p = row.indicator, row.point
        key = (ind.id, p.year)
        value = m.indicator_typed.get(key, p.value)
        source = p.source or (t("indicator.plan") if p.value is not None or p.comparison is not None else "")
        reached = "" if row.reached is None else t("yes") if row.reached else t("no")
        return (ind.id, ind.goal_id, ind.title, ind.unit, p.year, value, p.comparison, row.target, reached,
                t(f"trend.{row.trend}") if row.trend else "", source, p.comment, m.indicator_collected.get(key))

    def _texts(self, ws):
        t = self.t
        defaults = {"texts.introduction": t("texts.default_introduction"), "texts.closing": t("texts.default_closing")}
        rows = [(t(key), self.m.texts.get(key) or defaults[key]) for key in TEXT_KEYS]
        self._table(ws, ["col.text_key", "col.text"], [26, 120], rows, bulk=False)
        ws.set_row(1, 120)
        ws.set_row(2, 200)

    def _findings(self, ws):
        t = self.t
        sheet = layout.MERGED_FINDINGS
        found = sorted(self.m.findings, key=sort_key)
        fields = {"col.severity": lambda f: t(f"severity.{f.severity.value}"), "col.code": attrgetter("code"),
                  "col.department": attrgetter("department"), "col.file": attrgetter("file"),
                  "col.sheet": attrgetter("sheet"), "col.cell": attrgetter("cell"),
                  "col.message": lambda f: f.message(t), "col.subject": attrgetter("subject"),
                  "col.finding_data": lambda f: params_json(f) if f.key else ""}
        values = [fields.get(key, lambda f: "") for key in sheet.keys]  # a column with no field: empty
        # Worded as the rows are written (a generator): tens of thousands of messages are not held at once.
        rows = (tuple(value(f) for value in values) for f in found)
        self._table(ws, sheet.keys, sheet.widths, rows, count=len(found))
        data = sheet.index("col.finding_data")
        ws.set_column(data, data, sheet.width("col.finding_data"), self.f_wrap, {"hidden": True})
        if found:
            severity, last = sheet.index("col.severity"), sheet.first_row + len(found) - 1
            for level, style in (("error", self.f_error), ("warning", self.f_warn)):
                ws.conditional_format(sheet.first_row, severity, last, severity, {
                    "type": "cell", "criteria": "==", "value": f'"{t(f"severity.{level}")}"', "format": style})

    def _received(self, ws):
        t = self.t
        sheet = layout.MERGED_RECEIVED
        rows = [tuple({"col.file": r.name, "col.department": r.department, "col.period": r.period,
                       "col.saved": on_clock(r.saved) if r.saved else None, "col.sha256": r.sha256,
                       "col.used": t("used") if r.used else t("not_used", reason=r.reason)}[key] for key in sheet.keys)
                for r in self.m.received]
        stamp = self.wb.add_format({"num_format": "yyyy-mm-dd hh:mm", "align": "left", "valign": "top"})
        self._table(ws, sheet.keys, sheet.widths, rows, date_fmt=stamp)

    def _collected(self, ws):
        ws.write_row(0, 0, ["kind", "id", "v1", "v2", "v3"])
        answered = [r for r in self.m.rows if r.answered]
        goals = self.m.collected
        rows = chain((("a", r.id, *r.collected()) for r in answered),
                     (("g", gid, *goals[gid]) for gid in sorted(goals)))
        self.book.add_rows(ws, rows, columns=5, count=len(answered) + len(goals))


def _nothing(_aid: str) -> str:
    return ""


def _write(ws, r, c, value, date_fmt):
    if value is None or value == "":
        return
    if isinstance(value, datetime):
        ws.write_datetime(r, c, value, date_fmt)
    elif isinstance(value, date):
        ws.write_datetime(r, c, datetime(value.year, value.month, value.day), date_fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value)
    else:
        ws.write_string(r, c, str(value))
