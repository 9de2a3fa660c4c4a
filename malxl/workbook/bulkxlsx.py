"""Big tables in xlsxwriter workbooks, written as sheet XML straight into the file.

xlsxwriter spends 3-7 µs of Python per cell (a method call, type checks, a
cell record, then the XML); a merged workbook of 300,000 activities has
millions of cells. :class:`BulkWorkbook` keeps xlsxwriter for everything that
makes a sheet (formats, column widths, validations, conditional formats,
filters, protection, hidden sheets) and lets the rows of large tables be
written as ``<row>`` elements, about 1 µs a cell, streamed into the package
when the workbook closes, so memory stays flat however many rows there are.

Strings become inline strings, escaped as xlsxwriter escapes them; dates
become serial numbers with the table's date format; a cell gets its column's
format, as xlsxwriter gives it to a cell written without one.
"""

from __future__ import annotations

import queue
import re
import threading
import zipfile
from datetime import date, datetime
from itertools import islice, zip_longest
from pathlib import Path

from ..compat import set_compress_level, xf_index
from . import ooxml
from .xlsx import (
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    column_letter,
    excel_cut,
    excel_len,
    line_chars,
    new_workbook,
    wrapped_lines,
)

MAX_TEXT = 32767  # Excel's limit for one cell, in UTF-16 units (xlsx.excel_len); xlsxwriter truncates likewise
HALF_TEXT = MAX_TEXT // 2  # a text no longer than this (in characters) is within the limit, however it is counted
LINE = LINE_HEIGHT  # points a wrapped line takes
MAX_HEIGHT = MAX_ROW_HEIGHT  # Excel's tallest row
BATCH = 500  # rows rendered at a time (a chunk of XML for the deflate thread)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_REAL_DAY = date(1900, 3, 1)  # before it Excel counts a 29 February 1900 that never was
_SPACE = " \t\n\r\f\v\u00a0"
_TEXT_KINDS = {str, type(None)}
_DATE_KINDS = {date, type(None)}
_NUMBER_KINDS = {int, float, type(None)}


def _escape(text: str) -> str:
    """XML escapes, and control characters as Excel's _xHHHH_ (a literal _xHHHH_ gets _x005F first)."""
    text = _ESCAPED.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _serial(value: date | datetime) -> str:
    """Excel's serial number of a date or time (1900 system): 28 February 1900 is 59, 1 March 61.

    xlsxwriter before 3.3.4 wrote a time on 28 February 1900 a day late (60.5); Excel's own is 59.5."""
    if isinstance(value, datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        days = value.toordinal() - _EPOCH
        if value.date() >= _FIRST_REAL_DAY:
            return str(days) if not seconds else f"{days + seconds / 86400:.16G}"
        serial = days - 1 + seconds / 86400  # before 1 March 1900: no phantom 29 February to count
        return f"{serial:.16G}"
    if value < _FIRST_REAL_DAY:
        return str(value.toordinal() - _EPOCH - 1)
    return str(value.toordinal() - _EPOCH)


class Styled:
    """A value with its own format (an xlsxwriter Format), where a table cell needs one.

    Make it before the workbook closes (not inside a row generator): the
    format gets its index in the workbook's styles here.
    """

    __slots__ = ("value", "format")

    def __init__(self, value, format):
        self.value, self.format = value, format
        xf_index(format)


class _Table:
    def __init__(self, ws, rows, first_row: int, columns: int, count: int, text_style: int, date_style: int, widths,
                 styles: dict[int, int]):
        self.ws, self.rows, self.first_row, self.columns, self.count = ws, rows, first_row, columns, count
        self.text_style, self.date_style, self.widths = text_style, date_style, widths
        self.styles = styles  # column -> the style of every cell in it (a number format)

    def batches(self):
        """``(first row number, rows, columns)`` for each :data:`BATCH` rows: the values column by column."""
        rows = iter(self.rows)
        number = self.first_row + 1
        while batch := list(islice(rows, BATCH)):
            yield number, len(batch), list(zip_longest(*batch))[:self.columns]
            number += len(batch)

    def chunks(self):
        """The rows as XML, a batch at a time."""
        self.refs = [column_letter(c) for c in range(self.columns)]
        ts, ds = self.text_style, self.date_style
        self.text_cell = f'" s="{ts}" t="inlineStr"><is><t>' if ts else '" t="inlineStr"><is><t>'
        self.kept_cell = self.text_cell[:-1] + ' xml:space="preserve">'  # leading or trailing spaces kept
        self.number_cell = f'" s="{ts}"><v>' if ts else '"><v>'
        self.date_cell = f'" s="{ds}"><v>' if ds else '"><v>'
        # Rows as tall as their wrapped text (Excel and LibreOffice do not grow them in a file they did
        # not lay out), where the column widths are given: the same rule as xlsx.row_height.
        self.chars = [line_chars(w) for w in self.widths] if self.widths else []
        for number, count, columns in self.batches():
            text = self._batch(columns, count, number)
            if text:
                yield text.encode("utf-8", "replace")  # a lone surrogate (never from a reader) as "?", not a crash

    def _batch(self, values: list, count: int, first: int) -> str:
        """Rows ``first``.. (``count`` of them, ``values`` a column at a time) as XML: about 1 µs a cell.

        A column whose cells are all plain text (or all dates) is checked once,
        as a whole, and made in one comprehension; any other column cell by cell.
        """
        numbers = [str(n) for n in range(first, first + count)]
        lines = [1] * count
        columns = [self._column(c, column, numbers, lines) for c, column in enumerate(values)]
        out = []
        for n, height, cells in zip(numbers, lines, zip(*columns, strict=True), strict=True):
            body = "".join(cells)
            if not body:
                continue  # an empty row: no element, as xlsxwriter writes none
            if height > 1:
                out.append(f'<row r="{n}" ht="{min(LINE * height, MAX_HEIGHT):g}" customHeight="1">{body}</row>')
            else:
                out.append(f'<row r="{n}">{body}</row>')
        return "".join(out)

    def _column(self, c: int, values: tuple, numbers: list[str], lines: list[int]) -> list[str]:
        """Column ``c``'s cells of a batch; ``lines`` raised to the lines each row's text wraps to."""
        ref = self.refs[c]
        kinds = set(map(type, values))
        style = self.styles.get(c)
        if style is not None:
            if kinds <= _NUMBER_KINDS:
                return _number_column(ref, f'" s="{style}"><v>', values, numbers)
            return [_with_style(f"{ref}{n}", v, style) if v is not None and v != "" else ""
                    for n, v in zip(numbers, values, strict=True)]
        chars = self.chars[c] if c < len(self.chars) else 0
        if kinds <= _TEXT_KINDS:
            cells = self._text_column(ref, chars, values, numbers, lines)
            if cells is not None:
                return cells
        elif kinds <= _NUMBER_KINDS:  # a year, a value
            return _number_column(ref, self.number_cell, values, numbers)
        elif kinds <= _DATE_KINDS and min(filter(None, values), default=_FIRST_REAL_DAY) >= _FIRST_REAL_DAY:
            cell = self.date_cell
            return [f'<c r="{ref}{n}{cell}{v.toordinal() - _EPOCH}</v></c>' if v is not None else ""
                    for n, v in zip(numbers, values, strict=True)]
        cells = []
        for i, (n, v) in enumerate(zip(numbers, values, strict=True)):
            if chars and type(v) is str and (len(v) > chars or "\n" in v):
                lines[i] = max(lines[i], wrapped_lines(v, chars))
            cells.append(self._cell(f"{ref}{n}", v))
        return cells

    def _text_column(self, ref: str, chars: int, values: tuple, numbers: list[str],
                     lines: list[int]) -> list[str] | None:
        """A column of text and blanks in one comprehension, or None if a text needs more than the plain
        cell (escaping, cutting): then it is made cell by cell."""
        texts = list(filter(None, values))
        longest = max(map(len, texts), default=0)
        if not _plain(texts, longest):
            return None
        if chars and longest > chars:
            _grow(lines, values, chars)
        plain = self.text_cell
        separated = "\0".join(texts)  # a text starting or ending with a space shows as "\0 " or " \0"
        if not (" \0" in separated or "\0 " in separated or separated[:1] == " " or separated[-1:] == " "):
            return [f'<c r="{ref}{n}{plain}{v}</t></is></c>' if v else "" for n, v in zip(numbers, values, strict=True)]
        kept = self.kept_cell
        return [(f'<c r="{ref}{n}{plain}{v}</t></is></c>' if v.strip() == v
                 else f'<c r="{ref}{n}{kept}{v}</t></is></c>') if v else ""
                for n, v in zip(numbers, values, strict=True)]

    def _cell(self, ref: str, v) -> str:
        """One cell of any value, as the column rules above make it."""
        kind = type(v)
        if kind is str:
            if not v:
                return ""
            if not v.isprintable() or "&" in v or "<" in v or ">" in v or "_x" in v or len(v) > HALF_TEXT:
                v = _escape(excel_cut(v, MAX_TEXT))
            kept = v[0] in _SPACE or v[-1] in _SPACE
            return f'<c r="{ref}{self.kept_cell if kept else self.text_cell}{v}</t></is></c>'
        if v is None:
            return ""
        if kind is date or kind is datetime:
            return f'<c r="{ref}{self.date_cell}{_serial(v)}</v></c>'
        if kind is int or kind is float:
            return f'<c r="{ref}{self.number_cell}{v:.16G}</v></c>'
        if kind is Styled:
            return self._styled(ref, v)
        text = str(v)
        return f'<c r="{ref}{self.text_cell}{_escape(excel_cut(text, MAX_TEXT))}</t></is></c>' if text else ""

    def _styled(self, ref: str, cell: Styled) -> str:
        return _with_style(ref, cell.value, _style(cell.format))


def _number_column(ref: str, cell: str, values: tuple, numbers: list[str]) -> list[str]:
    """A column of numbers and blanks in one comprehension; ``cell`` is what comes between the reference and the
    number (its style)."""
    return [f'<c r="{ref}{n}{cell}{v:.16G}</v></c>' if v is not None else "" for n, v in zip(numbers, values, strict=True)]


def _with_style(ref: str, v, s: int) -> str:
    """A cell of any value with the style index ``s``."""
    if isinstance(v, (date, datetime)):
        return f'<c r="{ref}" s="{s}"><v>{_serial(v)}</v></c>'
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f'<c r="{ref}" s="{s}"><v>{v:.16G}</v></c>'
    text = _escape(excel_cut(str(v), MAX_TEXT))
    preserve = ' xml:space="preserve"' if text and (text[0] in _SPACE or text[-1] in _SPACE) else ""
    return f'<c r="{ref}" s="{s}" t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


def _plain(texts: list[str], longest: int) -> bool:
    """Whether each text is a cell as it stands: within Excel's limit and printable (no control character, line
    break, tab or non-breaking space, so the only space a text can start or end with is " "), with nothing to
    escape but &, <, > and _x."""
    joined = "".join(texts)
    return ((longest <= HALF_TEXT or all(excel_len(v) <= MAX_TEXT for v in texts)) and joined.isprintable()
            and not ("&" in joined or "<" in joined or ">" in joined or "_x" in joined))


def _grow(lines: list[int], values: tuple, chars: int) -> None:
    """Each row's height in lines at least what its text of one line (no line break) wraps to at ``chars``."""
    for i, v in enumerate(values):
        if v and len(v) > chars:
            wrapped = -(-len(v) // chars)
            if wrapped > lines[i]:
                lines[i] = wrapped


class BulkWorkbook:
    """An xlsxwriter workbook (``.wb``) whose big tables are streamed in as sheet XML on :meth:`close`.

    Write a table's header and set up its sheet with xlsxwriter as usual, then
    hand its rows to :meth:`add_rows`. xlsxwriter must write nothing on that
    sheet from ``first_row`` down (no cells, no ``set_row``).

    The package is deflated at ``compresslevel`` 1: on 140 MB of sheet XML that
    is 0.9 s and 22 MB, against 2.8 s and 18 MB at zlib's default 6; Excel
    compresses the file its own way when the coordinator saves it.
    """

    def __init__(self, path: Path, created: datetime | None = None, compresslevel: int = 1):
        self.path = Path(path)
        self.wb = new_workbook(self.path, created=created)
        self.compresslevel = compresslevel
        self._tables: list[_Table] = []

    def add_rows(self, ws, rows, *, first_row: int = 1, columns: int, count: int | None = None,
                 text_format=None, date_format=None, widths=None, formats=None) -> None:
        """Write ``rows`` (value sequences) on ``ws`` from zero-based row ``first_row``.

        Values are str, int, float, date, datetime, None (no cell) or :class:`Styled`;
        text cells get ``text_format`` (use the column's format), dates ``date_format``.
        An empty sequence leaves an empty row. ``rows`` may be a generator if
        ``count`` says how many it yields; it is consumed when the workbook closes.
        With ``widths`` (the columns' widths in characters) a row whose text wraps
        gets the height that shows it in full. ``formats`` ({column: format}) gives every cell of a
        column its own format (a number format), whatever its value.
        """
        if count is None:
            count = len(rows)
        if any(t.ws is ws for t in self._tables):
            raise ValueError(f"rows for sheet {ws.name!r} were already given")
        # Formats get their index when first used: here, before styles.xml is written.
        styles = {c: _style(f) for c, f in (formats or {}).items()}
        self._tables.append(_Table(ws, rows, first_row, columns, count, _style(text_format), _style(date_format),
                                   widths, styles))

    def close(self) -> None:
        """Let xlsxwriter write the workbook, then stream the tables' rows into it."""
        self.wb.close()
        if not self._tables:
            return
        with zipfile.ZipFile(self.path) as zin:
            parts = [(info, zin.read(info)) for info in zin.infolist()]
        members = _sheet_parts(dict((info.filename, data) for info, data in parts))  # part -> sheet name
        tables = {t.ws.name: t for t in self._tables}
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED, compresslevel=self.compresslevel) as zout:
            for info, data in parts:
                table = tables.get(members.get(info.filename, ""))
                if table is None:
                    zout.writestr(info, data, compresslevel=self.compresslevel)
                    continue
                self._splice(zout, info, data, table)

    def _splice(self, zout: zipfile.ZipFile, info: zipfile.ZipInfo, xml: bytes, table: _Table) -> None:
        end = xml.find(b"</sheetData>")
        if end < 0:
            xml = xml.replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)
            end = xml.find(b"</sheetData>")
        head, tail = xml[:end], xml[end:]
        written = [int(n) for n in re.findall(rb'<row r="([0-9]+)"', head)]
        if written and max(written) > table.first_row:
            raise ValueError(f"sheet {table.ws.name!r}: xlsxwriter wrote row {max(written)}, "
                             f"where the table's rows start")
        if table.count:
            last = f"{column_letter(table.columns - 1)}{table.first_row + table.count}".encode()
            head = re.sub(rb'<dimension ref="([A-Z]+[0-9]+)(?::[A-Z]+[0-9]+)?"/>',
                          lambda m: b'<dimension ref="' + m.group(1) + b":" + last + b'"/>', head, count=1)
        entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        set_compress_level(entry, self.compresslevel)  # tests/test_bulkxlsx.py checks the level
        # The size is known only once written: ZIP64 headers only where a sheet could pass 2 GB.
        with zout.open(entry, "w", force_zip64=table.count * table.columns * 256 > (1 << 31)) as fh:
            fh.write(head)
            _pump(table.chunks(), fh.write)
            fh.write(tail)


def _sheet_parts(package: dict[str, bytes]) -> dict[str, str]:
    """``{part: sheet name}`` of the package's worksheets, from ``xl/workbook.xml`` and its relationships."""
    info = ooxml.read_workbook(package["xl/workbook.xml"])
    ooxml.link_parts(info, ooxml.read_relationships(package["xl/_rels/workbook.xml.rels"], "xl"))
    return {part: name for name, part in info.parts.items()}


def _style(fmt) -> int:
    return xf_index(fmt) if fmt is not None else 0


def _pump(chunks, write) -> None:
    """``write(chunk)`` for every chunk, in a second thread: deflate runs without the GIL, so the
    compressing overlaps the rendering of the next rows (another core's work). At most a few
    chunks wait in between, so memory stays flat."""
    pending: queue.Queue = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def writer():
        while (chunk := pending.get()) is not None:
            if not failed:
                try:
                    write(chunk)
                except BaseException as exc:  # re-raised in the caller's thread
                    failed.append(exc)

    thread = threading.Thread(target=writer, name="malxl-deflate", daemon=True)
    thread.start()
    try:
        for chunk in chunks:
            if failed:
                break
            pending.put(chunk)
    finally:
        pending.put(None)
        thread.join()
    if failed:
        raise failed[0]
