"""Property-based tests: random cell contents and random structural edits thrown at a department workbook.

Whatever a department does to its workbook, collect never crashes, never
loses a planned activity, and reports every deviation at its cell. The test
keeps its own model of the sheet it writes (rows, columns, what each cell
holds) and predicts from it every error-level finding, independently of
malxl's reader; the reader's answer must match exactly.

Also: the streaming reader (used for sheets calamine must not be given)
reads any sheet exactly as calamine does.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from malxl import layout
from malxl.collect import collect
from malxl.example import set_saved_time
from malxl.workbook.preflight import Limits, inspect
from malxl.texts import texts
from malxl.workbook.xlsx import a1, read_book

from .conftest import Project, small_plan

T = texts("sv")
KEYS = layout.ACTIVITY_COLUMNS  # id, goal title, activity, status, end, comment
HEADERS = {k: T(k) for k in KEYS}
FIRST = layout.FIRST_ROW  # zero-based row of the first data row

PLAN = small_plan()
PLANNED = {a.id: a for a in PLAN.activities_of("Skola")}
STATUSES = [s.name for s in PLAN.vocabulary.statuses]


# -- the oracle's own reading of what people type (the docs' promises, not malxl's code) -----------------------------


def normalise(text) -> str:
    """How a typed word is matched: Unicode NFC, zero-width spaces as spaces, spaces collapsed, case ignored."""
    import unicodedata

    text = unicodedata.normalize("NFC", str(text)).replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split()).casefold()


def is_blank(value) -> bool:
    """Nothing, or text with nothing visible in it."""
    return value is None or (isinstance(value, str) and not normalise(value))


def clean_text(value) -> str:
    """Text as stored: trimmed, control characters (other than tab and line breaks) dropped, CR LF as LF."""
    import re

    text = value.strip() if isinstance(value, str) else str(value)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).replace("\r\n", "\n").replace("\r", "\n")


def status_named(typed):
    """The plan's status a department meant, or None."""
    return next((s for s in PLAN.vocabulary.statuses if normalise(s.name) == normalise(clean_text(typed))), None)


MONTHS = {name: n for n, names in enumerate([
    ("januari", "jan", "january"), ("februari", "feb", "february"), ("mars", "mar", "march"), ("april", "apr"),
    ("maj", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"), ("augusti", "aug", "august"),
    ("september", "sep", "sept"), ("oktober", "okt", "october", "oct"), ("november", "nov"),
    ("december", "dec")], start=1) for name in names}


class BadValue(ValueError):
    pass


def to_date(text: str) -> date | None:
    """A date typed as text in a form the docs list (2024-03-31, 20240331, 2024/3/31, 31.03.2024, 31/3 2024,
    31-03-2024, 31 mars 2024); None if blank; BadValue for anything else."""
    import re

    key = normalise(text)
    if not key:
        return None
    forms = [(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", "ymd"),
             (r"(\d{4})(\d{2})(\d{2})", "ymd"), (r"(\d{4})/(\d{1,2})/(\d{1,2})", "ymd"),
             (r"(\d{1,2})[./-](\d{1,2})[./ -]\s*(\d{4})", "dmy"),
             (r"(\d{1,2})(?::[ae])?\.?\s+([a-zåäö]+)\.?,?\s+(\d{4})", "named")]
    for pattern, order in forms:
        m = re.fullmatch(pattern, key)
        if not m:
            continue
        a, b, c = m.groups()
        if order == "named":
            if b not in MONTHS:
                break
            a, b, c = c, MONTHS[b], a
        elif order == "dmy":
            a, c = c, a
        try:
            return date(int(a), int(b), int(c))
        except ValueError:
            break
    raise BadValue(text)


HEADER_WORDS = {normalise(n) for k in KEYS for n in T.all_languages(k)}


# -- what a cell holds ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """What the test types into a cell: ``kind`` is blank, text, number, date, serial, error or formula."""

    kind: str
    value: object = None


BLANK = Cell("blank")
plain_text = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
                     | st.sampled_from("\t\n \u00a0"), max_size=40)
errors = st.sampled_from(["#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!"])
formulas = st.sampled_from(["=1+1", '="Försenad"', "=TODAY()", "=A1", '=HYPERLINK("http://x","y")'])


def _status_spelling(name: str):
    return st.sampled_from([name, name.upper(), name.lower(), f"  {name} ", name.replace(" ", "\u00a0"),
                            name.replace(" ", "   ")])


status_cells = st.one_of(
    st.just(BLANK),
    st.sampled_from(STATUSES).flatmap(_status_spelling).map(lambda s: Cell("text", s)),
    plain_text.map(lambda s: Cell("text", s)),
    st.integers(-5, 10**6).map(lambda n: Cell("number", n)),
    errors.map(lambda e: Cell("error", e)),
    formulas.map(lambda f: Cell("formula", f)),
)
days = st.dates(date(1990, 1, 1), date(2099, 12, 31))
end_cells = st.one_of(
    st.just(BLANK),
    days.map(lambda d: Cell("date", d)),
    days.map(lambda d: Cell("text", d.isoformat())),
    days.map(lambda d: Cell("text", f"{d.day}/{d.month} {d.year}")),
    days.map(lambda d: Cell("text", f"{d.day:02}.{d.month:02}.{d.year}")),
    days.map(lambda d: Cell("serial", (d - date(1899, 12, 30)).days)),
    st.sampled_from(["vecka 12", "hösten 2025", "2024-13-45", "31/2 2024", "snart", "Q3"]).map(
        lambda s: Cell("text", s)),
    plain_text.map(lambda s: Cell("text", s)),
    errors.map(lambda e: Cell("error", e)),
    formulas.map(lambda f: Cell("formula", f)),
)
comment_cells = st.one_of(
    st.just(BLANK),
    plain_text.map(lambda s: Cell("text", s)),
    st.sampled_from(['=HYPERLINK("http://example.com","klicka")', "+SUM(1)", "-2", "@x", "\t=1+1"]).map(
        lambda s: Cell("text", s)),
    errors.map(lambda e: Cell("error", e)),
    formulas.map(lambda f: Cell("formula", f)),
)


@dataclass
class Row:
    id: Cell
    title: Cell
    goal: Cell = BLANK
    status: Cell = BLANK
    end: Cell = BLANK
    comment: Cell = BLANK

    def get(self, key: str) -> Cell:
        return {"col.activity_id": self.id, "col.goal_title": self.goal, "col.activity": self.title,
                "col.status": self.status, "col.end": self.end, "col.comment": self.comment}[key]


@dataclass
class Sheet:
    rows: list[Row]
    columns: list[str]  # the keys, in the order they stand
    renamed: set[str] = field(default_factory=set)  # headers changed beyond recognition


@st.composite
def sheets(draw) -> Sheet:
    rows = []
    for aid, activity in PLANNED.items():
        rows.append(Row(Cell("text", aid), Cell("text", activity.title), Cell("text", activity.goal_ids[0]),
                        draw(status_cells), draw(end_cells), draw(comment_cells)))
    # structural edits: delete rows, add rows (new, blank or repeated ids), blank rows, shuffle
    rows = [r for r in rows if draw(st.integers(0, 4))]  # each planned row deleted one time in five
    for n in range(draw(st.integers(0, 3))):
        aid = draw(st.sampled_from([f"X{n}", "", *PLANNED]))
        title = draw(st.sampled_from([f"Egen aktivitet {n}", ""]))
        rows.append(Row(Cell("text", aid) if aid else BLANK, Cell("text", title) if title else BLANK,
                        BLANK, draw(status_cells), draw(end_cells), draw(comment_cells)))
    for _ in range(draw(st.integers(0, 3))):
        rows.insert(draw(st.integers(0, len(rows))), Row(BLANK, BLANK))
    rows = draw(st.permutations(rows))
    columns = list(draw(st.permutations(KEYS)))
    dropped = draw(st.sets(st.sampled_from(["col.goal_title", "col.activity", "col.status", "col.end",
                                            "col.comment"]), max_size=2))
    columns = [k for k in columns if k not in dropped]
    renamed = draw(st.sets(st.sampled_from([k for k in columns if k != "col.activity_id"]), max_size=1))
    return Sheet(list(rows), columns, set(renamed))


# -- writing the sheet into the department's workbook ----------------------------------------------------------------


def write(blank: Path, target: Path, sheet: Sheet) -> None:
    wb = openpyxl.load_workbook(blank)
    ws = wb[T("sheet.activities")]
    header = layout.HEADER_ROW + 1
    for r in range(header, ws.max_row + 1):
        for c in range(1, ws.max_column + 1):
            ws.cell(r, c).value = None
    for c, key in enumerate(sheet.columns, start=1):
        ws.cell(header, c).value = ("Ändrad " + HEADERS[key]) if key in sheet.renamed else HEADERS[key]
    for i, row in enumerate(sheet.rows):
        for c, key in enumerate(sheet.columns, start=1):
            put(ws.cell(header + 1 + i, c), row.get(key))
    wb.save(target)
    set_saved_time(target, datetime(2024, 5, 11, 9, 0))


def put(cell, spec: Cell) -> None:
    if spec.kind == "blank":
        cell.value = None
    elif spec.kind == "date":
        cell.value = datetime.combine(spec.value, dtime())
        cell.number_format = "yyyy-mm-dd"
    elif spec.kind == "error":
        cell.value = spec.value  # openpyxl stores it as an error value
    elif spec.kind == "formula":
        cell.value = spec.value  # a formula with no saved result, as scripts write them
    else:
        cell.value = spec.value
        if spec.kind == "text":
            cell.data_type = "s"  # text stays text, even "=…" or "#N/A" (as Excel's leading ')
        else:
            cell.number_format = "General"


# -- what a reader must find ----------------------------------------------------------------------------------------


def status_kind(spec: Cell) -> str:
    """blank, valid, invalid or bad (an error value or a formula without result)."""
    if spec.kind in ("error", "formula"):
        return "bad"
    raw = None if spec.kind == "blank" else spec.value
    if is_blank(raw):
        return "blank"
    return "valid" if status_named(raw) else "invalid"


def blank(spec: Cell) -> bool:
    return spec.kind == "blank" or (spec.kind == "text" and is_blank(spec.value))


def end_kind(spec: Cell) -> str:
    if spec.kind in ("error", "formula"):
        return "bad"
    if spec.kind in ("blank",) or (spec.kind == "text" and is_blank(spec.value)):
        return "blank"
    if spec.kind == "date":
        return "date"
    if spec.kind == "serial":  # a number typed in General format is a date only in the years 2000-2099
        return "date" if 2000 <= (date(1899, 12, 30) + timedelta(days=spec.value)).year <= 2099 else "invalid"
    try:
        return "date" if to_date(spec.value) else "blank"
    except BadValue:
        return "invalid"


def expected(sheet: Sheet) -> tuple[set, set, dict]:
    """The error findings (code, cell) a reader must report, the warnings it must include, and what each
    planned or added row must hold in the merged workbook."""
    errors, warnings, kept = set(), set(), {}
    col = {k: i for i, k in enumerate(sheet.columns) if k not in sheet.renamed}
    missing = [k for k in KEYS if k not in col and k != "col.goal_title"]
    for k in missing:
        errors.add(("missing-column", "A3"))
    if "col.activity_id" not in col:
        return errors, warnings, kept
    seen = set()
    added = 0
    for i, row in enumerate(sheet.rows):
        r = FIRST + i
        cells = {k: row.get(k) if k in col else BLANK for k in KEYS}
        bad = {k for k in col if cells[k].kind in ("error", "formula")}
        aid = "" if cells["col.activity_id"].kind == "blank" else " ".join(str(cells["col.activity_id"].value).split())
        typed_blank = all(blank(cells[k]) for k in ("col.activity", "col.status", "col.end", "col.comment"))
        if not aid and not bad and typed_blank:
            continue
        at = {k: a1(r, c) for k, c in col.items()}
        if aid in seen:
            warnings.add(("duplicate-activity", at["col.activity_id"]))
            continue
        if aid:
            seen.add(aid)
        for k in bad:
            errors.add(("error-value" if cells[k].kind == "error" else "uncalculated-formula", at[k]))
        planned = PLANNED.get(aid)
        status = status_kind(cells["col.status"]) if "col.status" in col else "gone"
        if status == "blank":
            errors.add(("missing-status", at["col.status"]))
        elif status == "invalid":
            errors.add(("invalid-status", at["col.status"]))
        if "col.end" in col:
            end = end_kind(cells["col.end"])
            if end == "invalid":
                errors.add(("invalid-date", at["col.end"]))
            elif end == "blank" and planned and planned.planned_end and status in ("valid", "invalid"):
                errors.add(("invalid-date", at["col.end"]))
        if status == "valid" and "col.comment" in col:
            name = status_named(cells["col.status"].value)
            comment = cells["col.comment"]
            if name.needs_comment and (comment.kind == "blank" or (comment.kind == "text"
                                                                   and not clean_text(comment.value).strip())):
                errors.add(("missing-comment", at["col.comment"]))
        if planned is None:
            added += 1
            warnings.add(("unknown-activity", at["col.activity_id"]))
        key = aid or T("new_activity_id", department="Skola", n=added)
        kept[key] = row
    for aid in PLANNED:
        if aid not in seen:
            errors.add(("missing-activity", ""))
    return errors, warnings, kept


# -- the properties -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("egenskaper"), PLAN)
    project.answer("Teknik")
    return project


def no_header_words(sheet: Sheet) -> bool:
    """A typed text that is itself a header (say "Status") could be taken for the header row: not tested."""
    return not any(c.kind == "text" and normalise(c.value) in HEADER_WORDS
                   for row in sheet.rows for c in (row.status, row.end, row.comment))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sheet=sheets())
@example(sheet=Sheet([Row(BLANK, BLANK, comment=Cell("formula", "=1+1"))], list(KEYS)))  # below the last value
def test_collect_survives_any_edit_and_reports_every_deviation(project, sheet):
    assume(no_header_words(sheet))
    write(project.blank("Skola"), project.inbox / "Skola.xlsx", sheet)
    out = Path(tempfile.mkdtemp(dir=project.root)) / "sammanstallning.xlsx"
    result = collect(project.inbox, out=out)  # never raises
    mine = [f for f in result.findings if f.file == "Skola.xlsx"]
    errors, warnings, kept = expected(sheet)
    found_errors = {(f.code, f.cell) for f in mine if f.severity.value == "error"}
    assert found_errors == errors
    assert warnings <= {(f.code, f.cell) for f in mine}
    rows = {r.id: r for r in result.merged.rows}
    assert set(PLANNED) <= set(rows)  # no planned activity is ever lost
    for key, row in kept.items():
        assert key in rows
        merged = rows[key]
        if status_kind(row.status) == "valid" and "col.status" in sheet.columns and "col.status" not in sheet.renamed:
            assert merged.status == status_named(row.status.value).name
        if (row.comment.kind == "text" and "col.comment" in sheet.columns
                and "col.comment" not in sheet.renamed):
            assert merged.comment == clean_text(row.comment.value)
    assert {r.id for r in result.merged.rows if r.department == "Teknik"} == {"T1", "T2"}


# -- the streaming reader reads as calamine does ---------------------------------------------------------------------

values = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), min_size=1,
            max_size=20),
    st.sampled_from(["_x000D_", "a_x0041_b", "_x0100_", "_x005F_x0041_", "_X0041_", "#N/A"]),
    st.integers(-10**9, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(date(1900, 3, 1), date(9999, 12, 31)),
    st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)).map(lambda d: d.replace(microsecond=0)),
)


def trimmed(rows: list[list]) -> list[list]:
    out = [r[:max((i + 1 for i, v in enumerate(r) if v != ""), default=0)] for r in rows]
    while out and not out[-1]:
        out.pop()
    return out


@settings(max_examples=25, deadline=None)
@given(grid=st.lists(st.lists(values, max_size=6), max_size=8), date1904=st.booleans())
def test_the_streaming_reader_reads_as_calamine(grid, date1904):
    wb = openpyxl.Workbook()
    if date1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    for r, row in enumerate(grid, start=2):
        for c, value in enumerate(row, start=3):
            cell = ws.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
            elif isinstance(value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    calamine = read_book(data, inspection=inspect(data))
    streaming = read_book(data, inspection=inspect(data, Limits(dense_cells=0)))
    name = ws.title
    assert trimmed(streaming.rows[name]) == trimmed(calamine.rows[name])


# -- the quick sheet scan learns what the element walk learns -----------------------------------------------------

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CELL_KINDS = ["shared", "number", "inline", "blank-inline", "empty", "error", "formula", "formula-no-value", "no-r"]


def _cell_xml(ref: str, kind: str, p: str) -> str:
    return {
        "shared": f'<{p}c r="{ref}" s="1" t="s"><{p}v>3</{p}v></{p}c>',
        "number": f'<{p}c r="{ref}"><{p}v>1.5</{p}v></{p}c>',
        "inline": f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t xml:space="preserve"> a &amp; b </{p}t></{p}is></{p}c>',
        "blank-inline": f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>  </{p}t></{p}is></{p}c>',
        "empty": f'<{p}c r="{ref}" s="2"/>',
        "error": f'<{p}c r="{ref}" t="e"><{p}v>#REF!</{p}v></{p}c>',
        "formula": f'<{p}c r="{ref}"><{p}f>1+1</{p}f><{p}v>2</{p}v></{p}c>',
        "formula-no-value": f'<{p}c r="{ref}"><{p}f>1+1</{p}f></{p}c>',
        "no-r": f'<{p}c t="inlineStr"><{p}is><{p}t>x</{p}t></{p}is></{p}c>',
    }[kind]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 70_000),
                               st.lists(st.tuples(st.integers(0, 16_383), st.sampled_from(CELL_KINDS)), max_size=4)),
                     max_size=8),
       merged=st.booleans(), prefix=st.booleans(), chunk=st.integers(1, 200))
def test_the_quick_sheet_scan_learns_what_the_element_walk_learns(rows, merged, prefix, chunk):
    from malxl.workbook import ooxml

    p = "x:" if prefix else ""
    body = "".join(f'<{p}row r="{r}">' + "".join(_cell_xml(a1(r - 1, c), kind, p) for c, kind in cells)
                   + f"</{p}row>" for r, cells in rows)
    tail = f'<{p}mergeCells count="1"><{p}mergeCell ref="A1:B2"/></{p}mergeCells>' if merged else ""
    xmlns = f'xmlns:x="{MAIN_NS}"' if prefix else f'xmlns="{MAIN_NS}"'
    xml = (f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{body}</{p}sheetData>{tail}'
           f'<{p}conditionalFormatting sqref="A1"><{p}cfRule type="expression" priority="1">'
           f"<{p}formula>A1&lt;&gt;\"\"</{p}formula></{p}cfRule></{p}conditionalFormatting></{p}worksheet>").encode()

    def feed(scan):
        for i in range(0, len(xml), chunk):
            scan.parser.Parse(xml[i:i + chunk], False)
        scan.parser.Parse(b"", True)
        return scan.facts

    walked = feed(ooxml.SheetScan())
    kinds = {kind for _, cells in rows for _, kind in cells}
    try:
        quick = feed(ooxml.QuickScan())
    except ooxml.NeedsWalk:
        assert merged or prefix or kinds & {"error", "formula", "formula-no-value", "no-r"}
        return
    assert not (merged or kinds & {"error", "formula", "formula-no-value", "no-r"})
    assert (quick.rows, quick.cols, quick.values) == (walked.rows, walked.cols, walked.values)
    assert not walked.formulas and not walked.errors and not walked.merged
