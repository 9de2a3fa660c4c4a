"""The rows below the header of one sheet of an .xlsx package replaced, every other part left as it was.

:func:`replace_rows` finds the sheet's part through ``xl/workbook.xml`` and its relationships (parsed by the
safe reader of :mod:`malxl.workbook.ooxml`), keeps row 1's XML byte for byte, writes the new rows as inline
strings and numbers (each column styled as the first data row had it), sets ``<dimension>`` and an
``<autoFilter>`` to the new extent, and copies every other member of the package unchanged. Generic: it knows
nothing of what the sheet means.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..texts import texts
from .ooxml import link_parts, parser, read_relationships, read_workbook, xml_chars, xml_escape
from .xlsx import LINE_HEIGHT, atomic_path, column_letter, row_height

Cell = str | int | float | None

_SHEET_DATA = re.compile(rb"<((?:[\w.-]+:)?)sheetData(?:\s[^>]*)?(/?)>")
_ROW = rb"<%srow\b[^>]*?(?:/>|>.*?</%srow>)"
_CELL = rb"<%sc\b([^>]*?)(?:/>|>)"
_ATTR_R = re.compile(rb'\br="([A-Z]{1,3})?([0-9]*)"')
_ATTR_S = re.compile(rb'\bs="([0-9]+)"')
_DIMENSION = re.compile(rb"(<(?:[\w.-]+:)?dimension\b[^>]*?\bref=\")[^\"]*(\")")
_FILTER = re.compile(rb"(<(?:[\w.-]+:)?autoFilter\b[^>]*?\bref=\")([A-Z]{1,3})([0-9]+):([A-Z]{1,3})[0-9]+(\")")
_COL = re.compile(rb"<(?:[\w.-]+:)?col\b([^>]*)/?>")


def sheet_part(package: zipfile.ZipFile, sheet: str) -> str | None:
    """The part name (``xl/worksheets/sheet3.xml``) of the sheet named ``sheet``; None if there is none."""
    info = read_workbook(package.read("xl/workbook.xml"))
    link_parts(info, read_relationships(package.read("xl/_rels/workbook.xml.rels"), "xl"))
    return info.parts.get(sheet)


def replace_rows(path: Path, sheet: str, rows: Sequence[Sequence[Cell]]) -> None:
    """Replace the rows below row 1 of ``sheet`` in the workbook at ``path`` by ``rows`` (from A2), atomically.

    A cell is text, a number or None (an empty cell). Raises InputError if the package has no such sheet.
    """
    path = Path(path)
    with zipfile.ZipFile(path) as package:
        part = sheet_part(package, sheet)
        if part is None:
            raise InputError(texts()("error.no_sheet_part", file=path.name, sheet=sheet))
        xml = package.read(part)
        parser().Parse(xml, True)  # DOCTYPE and entities refused before anything is touched
        patched = patch_sheet(xml, rows)
        # Every part is deflated again, at level 1 as collect writes them (bulkxlsx): at zlib's default, a
        # round's big Aktiviteter sheet cost malxl kolada 0.2 s of 1.2 (5,000 activities), for a file Excel recompresses
        # when it is saved.
        with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w") as out:
            for member in package.infolist():
                data = patched if member.filename == part else package.read(member.filename)
                out.writestr(member, data, compress_type=member.compress_type, compresslevel=1)


def patch_sheet(xml: bytes, rows: Sequence[Sequence[Cell]]) -> bytes:
    """A worksheet part's XML with the rows below row 1 replaced by ``rows``."""
    opening = _SHEET_DATA.search(xml)
    if opening is None:
        raise ValueError("no sheetData")
    prefix = opening.group(1)
    if opening.group(2):  # <sheetData/>: no rows at all
        head, existing, tail = xml[:opening.start()], [], xml[opening.end():]
        start_tag = b"<" + prefix + b"sheetData>"
        end_tag = b"</" + prefix + b"sheetData>"
    else:
        end = xml.index(b"</" + prefix + b"sheetData>", opening.end())
        head, start_tag = xml[:opening.start()], xml[opening.start():opening.end()]
        existing = re.findall(_ROW % (re.escape(prefix), re.escape(prefix)), xml[opening.end():end], re.DOTALL)
        end_tag = b"</" + prefix + b"sheetData>"
        tail = xml[end + len(end_tag):]
    # Row 1 is the first row when it says so, or says nothing (a row without r follows the one before it).
    header = existing[:1] if existing and _row_number(existing[0]) in (None, 1) else []
    first = existing[len(header)] if len(existing) > len(header) else None
    styles = _col_styles(head) | (_cell_styles(first, prefix) if first is not None else {})
    width = max([len(r) for r in rows] + [_width(header[0], prefix) if header else 0] + [1])
    tag = prefix.decode()  # new elements in the namespace the sheet's own are in
    refs = [(column_letter(c), f' s="{styles[c]}"' if styles.get(c) else "") for c in range(width)]
    widths = _col_widths(head)
    body = b"".join(header) + b"".join(_row(n, row, refs, tag, widths) for n, row in enumerate(rows, start=2))
    last = len(rows) + 1
    head = _DIMENSION.sub(lambda m: m.group(1) + f"A1:{column_letter(width - 1)}{last}".encode() + m.group(2),
                          head, count=1)
    tail = _FILTER.sub(lambda m: m.group(1) + m.group(2) + m.group(3) + b":" + m.group(4)
                       + str(max(last, int(m.group(3)) + 1)).encode() + m.group(5), tail, count=1)
    return head + start_tag + body + end_tag + tail


def _row_number(row: bytes) -> int | None:
    tag = row[:row.index(b">") + 1]
    m = _ATTR_R.search(tag)
    return int(m.group(2)) if m and m.group(2) else None


def _cells(row: bytes, prefix: bytes) -> list[tuple[int, bytes]]:
    """(zero-based column, attributes) of each cell of a row that names its place."""
    found = []
    for m in re.finditer(_CELL % re.escape(prefix), row):
        ref = _ATTR_R.search(m.group(1))
        if ref and ref.group(1):
            col = 0
            for ch in ref.group(1).decode():
                col = col * 26 + ord(ch) - 64
            found.append((col - 1, m.group(1)))
    return found


def _width(row: bytes, prefix: bytes) -> int:
    return max((c for c, _ in _cells(row, prefix)), default=-1) + 1


def _cell_styles(row: bytes, prefix: bytes) -> dict[int, str]:
    styles = {}
    for col, attrs in _cells(row, prefix):
        s = _ATTR_S.search(attrs)
        if s:
            styles[col] = s.group(1).decode()
    return styles


def _col_styles(head: bytes) -> dict[int, str]:
    """Each column's style from ``<cols>`` (a sheet with no data row yet)."""
    return {col: value.decode() for col, value in _cols(head, b"style")}


def _col_widths(head: bytes) -> dict[int, float]:
    """Each column's width in characters from ``<cols>``, where it is given."""
    return {col: float(value) for col, value in _cols(head, b"width")}


def _cols(head: bytes, name: bytes):
    """(zero-based column, the attribute ``name``'s value) for each column a ``<col>`` element gives it."""
    for m in _COL.finditer(head):
        attrs = dict(re.findall(rb'\b(min|max|style|width)="([0-9.]+)"', m.group(1)))
        if name in attrs and b"min" in attrs and b"max" in attrs:
            for col in range(int(attrs[b"min"]) - 1, min(int(attrs[b"max"]), 16384)):
                yield col, attrs[name]


def _row(number: int, row: Sequence[Cell], refs: list[tuple[str, str]], p: str, widths: dict[int, float]) -> bytes:
    """Row ``number``'s cells; ``refs`` each column's letter and style attribute (``' s="3"'`` or ""). A row whose
    text wraps in its column (``widths``) is as tall as the text, as collect writes it (:func:`xlsx.row_height`)."""
    cells = [_cell(f"{refs[c][0]}{number}", value, refs[c][1], p) for c, value in enumerate(row)]
    height = row_height(*((v, widths[c]) for c, v in enumerate(row) if isinstance(v, str) and c in widths))
    tall = f' ht="{height:g}" customHeight="1"' if height > LINE_HEIGHT else ""
    return f'<{p}row r="{number}"{tall}>{"".join(cells)}</{p}row>'.encode()


def _cell(ref: str, value: Cell, s: str, p: str) -> str:
    if isinstance(value, str) and value:
        text = xml_escape(xml_chars(value))
        return f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t></{p}is></{p}c>'
    if value is None or value == "":
        return f'<{p}c r="{ref}"{s}/>' if s else ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        number = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
        return f'<{p}c r="{ref}"{s}><{p}v>{number}</{p}v></{p}c>'
    text = xml_escape(xml_chars(str(value)))
    return f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t></{p}is></{p}c>'
