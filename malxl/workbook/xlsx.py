"""Workbook I/O at the edges: read a workbook into plain values, write files atomically.

Nothing from calamine or openpyxl travels past this module: a :class:`Book`
holds sheet names, visibility and rows of plain Python values.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path

from defusedxml import ElementTree as SafeET

from ..errors import OutputError
from ..texts import texts
from ..vocabulary import normalise
from .outputs import check_not_open, flush_folder, flush_to_disk, make_folder, os_reason, place_new


@dataclass(frozen=True)
class CellIssue:
    """A cell whose value cannot be read as shown: ``kind`` "error" (an error value such as #REF!, in ``text``)
    or "formula" (a formula with no saved result: the file was never calculated)."""

    kind: str
    text: str = ""


@dataclass
class Book:
    """A workbook as plain values. ``rows[sheet]`` starts at A1; ``hidden`` names hidden sheets.

    Rows may be ragged (shorter than the widest). ``issues``, ``merged`` and
    ``stray`` are known for .xlsx files read after preflight: cells read as
    blank that are not (``issues[sheet][(row, col)]``), merged ranges
    (``((row, col), (row, col))``, zero-based) and cells too far out to be read
    (``(row, col, text)``, the first few, and ``stray_count``).
    """

    sheets: list[str]
    rows: dict[str, list[list]]
    hidden: set[str]
    modified: datetime | None = None  # aware (UTC)
    date1904: bool = False
    issues: dict[str, dict[tuple[int, int], CellIssue]] = field(default_factory=dict)
    merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = field(default_factory=dict)
    stray: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    stray_count: dict[str, int] = field(default_factory=dict)
    # Sheets read ``streamed`` (see :func:`read_book`): each one's rows, from A1, to be taken once.
    streams: dict[str, Iterator[list]] = field(default_factory=dict)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """Zero-based row and column as an A1 reference."""
    return f"{column_letter(col)}{row + 1}"


def read_book(source: Path | bytes, only: Callable[[str], bool] | None = None, inspection=None,
              streamed: Callable[[str], bool] | None = None) -> Book:
    """Every sheet's values (or those ``only`` accepts), its visibility and the saved time recorded in the file.

    ``source`` is a path or the file's bytes. With ``inspection`` (what
    :func:`malxl.preflight.inspect` learned), a sheet whose cells reach too far
    across the grid is read by the streaming reader instead of calamine (whose
    dense allocation would abort the process), and so is a sheet calamine reads
    as empty although it holds values (a Strict Open XML workbook, for one).
    A sheet ``streamed`` accepts (a long sheet of the coordinator's own, read
    without ``inspection``) is in ``Book.streams`` instead of ``rows``: its rows
    made one at a time as they are taken, so those let go are not left as holes
    between the values kept (a plan of 300,000 activities held 74 MB less so).
    """
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    if isinstance(source, (bytes, bytearray)):
        wb = CalamineWorkbook.from_filelike(io.BytesIO(source))
    else:
        wb = CalamineWorkbook.from_path(str(source))
    book = Book(list(wb.sheet_names), {}, set(), saved_time(source))
    for meta in wb.sheets_metadata:
        if meta.visible != SheetVisibleEnum.Visible:
            book.hidden.add(meta.name)
    for name in wb.sheet_names:
        if only is None or only(name):
            _read_sheet(book, wb, name, inspection, streamed)
    if inspection is not None:
        _add_facts(book, inspection)
    return book


def _read_sheet(book: Book, wb, name: str, inspection, streamed: Callable[[str], bool] | None) -> None:
    """One sheet of a calamine workbook into ``book``: its rows (by the streaming reader where calamine cannot or
    does not read them), or a stream of them."""
    if inspection is not None and inspection.too_dense(name):
        _read_streaming(book, name, inspection)
        return
    sheet = wb.get_sheet_by_name(name)
    if streamed is not None and inspection is None and streamed(name):
        book.streams[name] = _rows_from_a1(sheet)
        return
    book.rows[name] = sheet.to_python(skip_empty_area=False)
    facts = inspection.sheets if inspection is not None else {}
    if name in facts and facts[name].values and not any(v != "" for row in book.rows[name] for v in row):
        _read_streaming(book, name, inspection)  # never silently zero rows
    elif name not in facts:
        book.merged[name] = list(sheet.merged_cell_ranges or [])


def _add_facts(book: Book, inspection) -> None:
    """What preflight's scan found in the sheets read: merged cells, error values, formulas without a result."""
    book.date1904 = inspection.date1904
    for name, f in inspection.sheets.items():
        if name in book.rows:
            book.merged[name] = list(f.merged)
            issues = {rc: CellIssue("error", text) for rc, text in f.errors.items()}
            issues.update({rc: CellIssue("formula") for rc in f.formulas})
            if issues:
                book.issues[name] = issues


def iter_rows(path: Path, sheet: str):
    """A sheet's rows one at a time from A1, as :func:`read_book` gives them, without holding them all.

    For a large workbook of our own (a merged workbook read back): its
    biggest sheet as Python values at once was 270 MB at 300,000 rows.
    """
    from python_calamine import CalamineWorkbook

    yield from _rows_from_a1(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet))


def _rows_from_a1(sheet) -> Iterator[list]:
    """A calamine sheet's rows made one at a time, padded to start at A1 as ``to_python`` gives them."""
    top, left = sheet.start or (0, 0)
    for _ in range(top):
        yield []
    pad = [""] * left
    for row in sheet.iter_rows():
        yield pad + row if left else row


def _read_streaming(book: Book, name: str, inspection) -> None:
    reader = inspection.read_values(name)
    book.rows[name] = reader.rows
    if reader.stray_count:
        book.stray[name] = reader.stray
        book.stray_count[name] = reader.stray_count


def saved_time(source: Path | bytes) -> datetime | None:
    """When the workbook was last saved, aware (UTC): ``dcterms:modified`` in docProps/core.xml (``dc:date`` in
    an .ods; a time without a zone there is UTC)."""
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source) as zf:
            names = set(zf.namelist())
            part, tag = ("docProps/core.xml", "}modified") if "docProps/core.xml" in names else ("meta.xml", "}date")
            if zf.getinfo(part).file_size > 1024 * 1024:
                return None
            data = zf.read(part)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    try:
        root = SafeET.fromstring(data)
    except Exception:  # malformed or forbidden XML: no saved time, the file is judged elsewhere
        return None
    for el in root.iter():
        if el.tag.endswith(tag) and el.text:
            text = el.text.strip().replace("Z", "+00:00")
            try:
                stamp = datetime.fromisoformat(text)
            except ValueError:
                return None
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=UTC)
            return stamp.astimezone(UTC)
    return None


@contextmanager
def atomic_path(path: Path, replace: bool = True):
    """Yield a temporary path beside ``path``; flush it to disk and move it into place only if the block succeeds.

    A ``path`` open in Excel or LibreOffice (its lock file beside it) is never
    replaced: :class:`~malxl.outputs.OutputOpenError` before anything is written.
    With ``replace`` False an existing ``path`` is never replaced either, even one
    made while the block ran: :class:`~malxl.outputs.OutputExistsError`.
    """
    path = Path(path)
    t = texts()
    check_not_open(path)
    make_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(t("error.output", path=path, reason=os_reason(exc))) from exc
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        flush_to_disk(Path(tmp))  # the bytes on disk before the name points at them
        if replace:
            os.replace(tmp, path)
        else:
            place_new(Path(tmp), path)
        flush_folder(path.parent)
    except OSError as exc:
        raise OutputError(t("error.output", path=path, reason=os_reason(exc))) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FIXED_TIME = datetime(2000, 1, 1)


def new_workbook(path: Path, created: datetime | None = None, in_memory: bool = False):
    """An xlsxwriter Workbook with deterministic properties and safe defaults.

    Strings are never turned into formulas or links: every text a department
    typed is written as literal text. ``in_memory``: the parts are made in memory, not each in a temporary
    file (a workbook of many small parts, such as a report's thousand charts: 0.6 s of temporary files).
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
         "in_memory": in_memory},
    )
    stamp = created or FIXED_TIME
    if stamp.tzinfo is not None:  # docProps/core.xml holds UTC: a time on a clock of its own is turned to it
        stamp = stamp.astimezone(UTC).replace(tzinfo=None)
    wb.set_properties({"created": stamp})
    wb.set_calc_mode("auto")
    return wb


def header_names(key: str) -> set[str]:
    """Every accepted (normalised) header for a column key, in every language."""
    return {normalise(name) for name in texts().all_languages(key)}


def find_header(rows: list[list], keys: list[str], scan: int = 10) -> tuple[int, dict[str, int]]:
    """Locate the header row among the first ``scan`` rows by the most known headers.

    Returns the zero-based header row and the column index of each key found
    (keys not found are absent). Columns may come in any order.
    """
    wanted = {key: header_names(key) for key in keys}
    best_row = 0
    best: dict[str, int] = {}
    for r, row in enumerate(rows[:scan]):
        found = {}
        for c, value in enumerate(row):
            name = normalise(value)
            if not name:
                continue
            for key, names in wanted.items():
                if key not in found and name in names:
                    found[key] = c
                    break
        if len(found) > len(best):
            best_row, best = r, found
    return best_row, best


def picker(cols: dict[str, int], keys) -> Callable[[list], tuple]:
    """A function giving a row's values for ``keys`` (two or more), None where the column or cell is missing.

    One C call a row instead of a look-up a cell: plans and answers have
    hundreds of thousands of rows.
    """
    width = max((cols[k] for k in keys if k in cols), default=-1) + 1
    pick = itemgetter(*[cols.get(k, width) for k in keys])  # a missing column: the None past the row's end
    absent = any(k not in cols for k in keys)
    pad = [None] * (width + 1)

    def values(row: list) -> tuple:
        if absent or len(row) < width:
            row = [*row[:width], *pad[min(len(row), width):]]
        return pick(row)

    return values


MAX_ROW_HEIGHT = 409.0  # points: Excel's tallest row (a taller one is refused or shown wrongly)


LINE_HEIGHT = 15.0  # points a row of one line takes, and each further line of wrapped text


def row_height(*cells: tuple[str, float], line: float = LINE_HEIGHT) -> float:
    """A row height in points that shows each (text, column width in characters) wrapped in full, up to
    Excel's tallest row (:data:`MAX_ROW_HEIGHT`; a longer text is read in the cell or the formula bar).

    Excel and LibreOffice do not grow rows for wrapped text in a file they did
    not lay out themselves, so malxl sets heights from the text.
    """
    lines = 1
    for text, width in cells:
        lines = max(lines, wrapped_lines(str(text or ""), line_chars(width)))
    return min(line * lines, MAX_ROW_HEIGHT)


def excel_len(text: str) -> int:
    """A text's length as Excel counts it: in UTF-16 code units (an emoji or other character beyond U+FFFF is 2).

    Excel's limits (32,767 in a cell, 255 in a validation's message or a
    header, 31 in a sheet name) are in these units, not in Python's characters.
    """
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def excel_cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-16 code units, never between the two halves of a surrogate pair."""
    if len(text) <= limit // 2 or excel_len(text) <= limit:
        return text
    units = text.encode("utf-16-le", "surrogatepass")[:2 * limit]
    if 0xD8 <= units[-1] <= 0xDB:  # the last unit is the first half of a pair: it goes too
        units = units[:-2]
    return units.decode("utf-16-le", "surrogatepass")


def line_chars(width: float) -> int:
    """How many characters a line of a column ``width`` characters wide holds, wrapped."""
    return max(int(width * 1.1), 1)


def wrapped_lines(text: str, chars: int) -> int:
    """How many lines ``text`` takes wrapped at ``chars`` characters (each line break starts one)."""
    return sum(max(1, -(-len(part) // chars)) for part in text.split("\n"))
