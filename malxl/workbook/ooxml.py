"""Streaming reads of the XML inside an Office Open XML workbook, safe by construction.

Every part is parsed by expat with DOCTYPE and entity declarations refused, so
entity expansion ("billion laughs") and external entities (XXE) can never
happen, and nothing is built in memory but what is asked for. Preflight uses
:class:`SheetScan` to learn what a sheet really holds (how far its cells
reach, formulas without a saved result, error values, merged cells) before
calamine allocates anything; :func:`read_sheet` reads the values of a sheet
calamine must not be given (one whose cells reach far across the grid).

Both namespaces are accepted: transitional (what Excel saves by default) and
Strict Open XML (``http://purl.oclc.org/ooxml/...``): elements are matched by
local name.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from xml.parsers import expat

STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
MAX_ROWS = 1_048_576  # Excel's grid
MAX_COLS = 16_384


class XmlForbidden(Exception):
    """An XML part declares a DOCTYPE or entities (entity expansion, external entities)."""


def _forbid(*_args):
    raise XmlForbidden()


def parser(start=None, end=None, text=None):
    """An expat parser (namespaces as ``uri}local``) that refuses DOCTYPE and entity declarations."""
    p = expat.ParserCreate(namespace_separator="}")
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _forbid
    p.EntityDeclHandler = _forbid
    p.UnparsedEntityDeclHandler = _forbid
    p.ExternalEntityRefHandler = _forbid
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def local(name: str) -> str:
    return name[name.rfind("}") + 1:]


def _attr(attrs: dict, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (``r:id`` in either namespace)."""
    if name in attrs:
        return attrs[name]
    for key, value in attrs.items():
        if key.endswith("}" + name):
            return value
    return None


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters no XML 1.0 document may hold


def xml_escape(text: str, quote: bool = False) -> str:
    """``text`` with &, < and > escaped for XML, and with ``quote`` the double quote (an attribute's value).

    As xml.sax.saxutils.escape, which would load urllib, http and ssl on every command's start."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if quote else text


def xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (control characters but tab and line breaks)."""
    return text if text.isprintable() else _NOT_XML.sub("", text)


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``"B3"`` → ``(2, 1)`` (zero-based row, column); None if it is not a cell reference."""
    m = _REF.match(ref or "")
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    row = int(m.group(2))
    if row < 1:
        return None
    return row - 1, col - 1


# -- the workbook part ------------------------------------------------------------------------------------------


@dataclass
class WorkbookInfo:
    """What ``xl/workbook.xml`` and its relationships say: sheets and their parts, date system, Strict or not."""

    strict: bool = False
    date1904: bool = False
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, relationship id)
    parts: dict[str, str] = field(default_factory=dict)  # sheet name -> part name in the package
    shared_strings: str = ""
    styles: str = ""


def read_workbook(data: bytes) -> WorkbookInfo:
    info = WorkbookInfo()

    def start(name, attrs):
        tag = local(name)
        if tag == "workbook":
            info.strict = name.startswith(STRICT_MAIN + "}")
        elif tag == "workbookPr":
            info.date1904 = (attrs.get("date1904") or "").strip().lower() in ("1", "true")
        elif tag == "sheet":
            info.sheets.append((attrs.get("name", ""), _attr(attrs, "id") or ""))

    parser(start).Parse(data, True)
    return info


def read_relationships(data: bytes, base: str) -> dict[str, tuple[str, str]]:
    """``{id: (type, part)}`` of a ``.rels`` part; targets resolved against the folder ``base``."""
    rels = {}

    def start(name, attrs):
        if local(name) == "Relationship" and attrs.get("TargetMode") != "External":
            rels[attrs.get("Id", "")] = (attrs.get("Type", ""), resolve(base, attrs.get("Target", "")))

    parser(start).Parse(data, True)
    return rels


def resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def link_parts(info: WorkbookInfo, rels: dict[str, tuple[str, str]]) -> None:
    """Fill in each sheet's part and the shared-strings and styles parts from the workbook's relationships."""
    for name, rid in info.sheets:
        kind, part = rels.get(rid, ("", ""))
        if part and kind.endswith("/worksheet"):
            info.parts[name] = part
    for kind, part in rels.values():
        if kind.endswith("/sharedStrings"):
            info.shared_strings = part
        elif kind.endswith("/styles"):
            info.styles = part


# -- what a sheet holds -----------------------------------------------------------------------------------------


@dataclass
class SheetFacts:
    """What a worksheet part really holds, learned by streaming it (nothing of the values is kept).

    ``rows`` and ``cols`` reach one past the farthest cell element, whatever the
    ``<dimension>`` tag claims; ``dense`` is the grid a dense reader would allocate.
    """

    rows: int = 0
    cols: int = 0
    values: bool = False  # some cell holds a value
    formulas: set[tuple[int, int]] = field(default_factory=set)  # formulas with no saved result
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # error values such as #REF!
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def dense(self) -> int:
        return self.rows * self.cols


class _Cells:
    """Walks the ``<c>`` elements of a worksheet, tracking positions even where ``r`` is left out."""

    def __init__(self):
        self.row = -1
        self.col = -1
        self.in_cell = False
        self.kind = ""
        self.style = 0
        self.formula = False
        self.grab = False  # collecting text of <v> or <is><t> (not phonetic runs)
        self.in_inline = False
        self.phonetic = 0
        self.text: list[str] = []
        self.has_value = False

    def start(self, name, attrs):
        tag = local(name)
        if tag == "c":
            ref = parse_ref(attrs.get("r", ""))
            if ref:
                self.row, self.col = ref
            else:
                self.col += 1
                self.row = max(self.row, 0)
            self.in_cell = True
            self.kind = attrs.get("t", "n")
            try:
                self.style = int(attrs.get("s", "0"))
            except ValueError:
                self.style = 0
            self.formula = False
            self.has_value = False
            self.text = []
        elif not self.in_cell:
            if tag == "row":
                try:
                    self.row = int(attrs["r"]) - 1
                except (KeyError, ValueError):
                    self.row += 1
                self.col = -1
            else:
                self.other(tag, attrs)
        elif tag == "f":
            self.formula = True
        elif tag == "v":
            self.grab = True
            self.has_value = True
        elif tag == "is":
            self.in_inline = True
            self.has_value = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "t" and self.in_inline and not self.phonetic:
            self.grab = True

    def end(self, name):
        tag = local(name)
        if tag == "c":
            self.in_cell = False
            self.cell("".join(self.text))
        elif tag in ("v", "t"):
            self.grab = False
        elif tag == "is":
            self.in_inline = False
        elif tag == "rPh":
            self.phonetic -= 1

    def chars(self, data):
        if self.grab:
            self.text.append(data)

    def other(self, tag, attrs):  # elements outside cells
        pass

    def cell(self, text: str):
        raise NotImplementedError


class SheetScan(_Cells):
    """Collects :class:`SheetFacts`: feed it with ``scan.parser.Parse(chunk, final)``."""

    def __init__(self):
        super().__init__()
        self.facts = SheetFacts()
        self.parser = parser(self.start, self.end, self.chars)

    def other(self, tag, attrs):
        if tag == "mergeCell":
            parts = (attrs.get("ref") or "").split(":")
            first, last = parse_ref(parts[0]), parse_ref(parts[-1])
            if first and last:
                self.facts.merged.append((first, last))

    def cell(self, text: str):
        f = self.facts
        r, c = self.row, self.col
        f.rows = max(f.rows, r + 1)
        f.cols = max(f.cols, c + 1)
        if self.kind == "e":
            f.errors[(r, c)] = text.strip() or "#N/A"
        elif self.formula and (not self.has_value or (not text and self.kind != "str")):
            f.formulas.add((r, c))  # no saved result: the file was never calculated (openpyxl, scripts)
        if not f.values and text.strip():
            f.values = True


class NeedsWalk(Exception):
    """The sheet holds something only :class:`SheetScan`'s element walk reads right."""


# What QuickScan leaves to the walk: formulas, error values, merged cells, prefixed element names and
# cells written unusually. Each is one C-speed search over the piece (a literal, or a pattern whose first
# byte is rare); a wider pattern confirms only where the quick one found something. A match too many only
# sends the sheet to the walk.
_FORMULA = re.compile(rb"<f[\s>/]")
_ERROR = re.compile(rb"t\s*=\s*[\"']e[\"']")
_ODD_CELL = re.compile(rb"<c[\t\n\r]")
_PREFIX_HINT = re.compile(rb":(?:worksheet|sheetData|row|c|f|v|is|t|mergeCell)[\s>/]")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.\-]*:(?:worksheet|sheetData|row|c|f|v|is|t|mergeCell)[\s>/]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_BARE_CELL = re.compile(rb"<c[>/]")
_VALUE = re.compile(rb"<(?:v|t)(?:\s[^>]*)?>[ \t\r\n]*[^ \t\r\n<]")


def _needs_walk(piece: bytes) -> bool:
    return bool(_FORMULA.search(piece)
                or ((b'"e"' in piece or b"'e'" in piece) and _ERROR.search(piece))
                or b"<mergeCell" in piece or _ODD_CELL.search(piece)
                or (_PREFIX_HINT.search(piece) and _PREFIXED.search(piece)))


class QuickScan:
    """:class:`SheetFacts` for the plain sheets nearly every writer makes, by patterns over the bytes.

    Excel, LibreOffice, openpyxl and xlsxwriter give every cell an ``r`` as
    their first attribute; for such a sheet the farthest cell and whether any
    value is there can be read by regular expressions, ten times faster than
    a Python callback per element. The XML is still parsed in full by expat
    (well-formedness, DOCTYPE and entities refused), only without callbacks.
    A sheet with a formula, an error value, merged cells, a cell without a
    plain ``r`` or prefixed element names raises :class:`NeedsWalk`: read it
    again with :class:`SheetScan`.
    """

    def __init__(self):
        self.facts = SheetFacts()
        self.parser = self  # fed like an expat parser, as SheetScan.parser is
        self._xml = parser()
        self._tail = b""
        self._letters: set[bytes] = set()

    def Parse(self, data: bytes, final: bool = False) -> None:  # noqa: N802 (the expat parser's interface)
        self._xml.Parse(data, final)
        text = self._tail + bytes(data)
        cut = len(text) if final else text.rfind(b"<")  # a tag cut by the chunk's end waits for the next one
        if cut <= 0:
            self._tail = text
        else:
            self._scan(text[:cut])
            self._tail = text[cut:]
        if final:
            self._finish()

    def _scan(self, piece: bytes) -> None:
        if _needs_walk(piece):
            raise NeedsWalk()
        refs = _CELL_REF.findall(piece)
        if len(refs) != piece.count(b"<c ") or _BARE_CELL.search(piece):
            raise NeedsWalk()  # a cell without a plain r first
        f = self.facts
        f.values = f.values or bool(_VALUE.search(piece))
        if refs:
            letters, rows = zip(*refs, strict=True)
            f.rows = max(f.rows, int(max(set(rows), key=lambda n: (len(n), n))))
            self._letters.update(letters)

    def _finish(self) -> None:
        if self._letters:
            ref = parse_ref(max(self._letters, key=lambda s: (len(s), s)).decode() + "1")
            assert ref is not None  # column letters and a row number make a reference
            self.facts.cols = ref[1] + 1


# -- reading values without calamine -----------------------------------------------------------------------------

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape_one(m: re.Match) -> str:
    code = int(m.group(1), 16)
    return chr(code) if code <= 0xFF else m.group(0)  # as calamine does: one byte, or left as it stands


def unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes (``_x000D_``: a carriage return; ``_x005F_``: "_"), as calamine reads them."""
    return _ESCAPE.sub(_unescape_one, text) if "_x" in text else text


def read_shared_strings(data: bytes) -> list[str]:
    strings: list[str] = []
    state = {"grab": False, "phonetic": 0, "parts": []}

    def start(name, attrs):
        tag = local(name)
        if tag == "si":
            state["parts"] = []
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["grab"] = True

    def end(name):
        tag = local(name)
        if tag == "si":
            strings.append(unescape("".join(state["parts"])))
        elif tag == "t":
            state["grab"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1

    def chars(text):
        if state["grab"]:
            state["parts"].append(text)

    parser(start, end, chars).Parse(data, True)
    return strings


# Built-in number formats that show a date or time (as calamine reads them), and the duration one.
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | {45, 47} | set(range(50, 59)) | set(range(71, 82))
_BUILTIN_DURATIONS = {46}
_LITERAL = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[([^\]]*)\]")


def _format_kind(code: str) -> str:
    """``"date"`` (a date or time), ``"duration"`` (``[h]:mm``) or ``""`` for a number format code."""
    bare = _LITERAL.sub("", code.split(";")[0])
    if any(re.fullmatch(r"[hHmMsS]+", b) for b in _BRACKET.findall(bare)):
        return "duration"
    bare = _BRACKET.sub("", bare).lower().replace("general", "")
    return "date" if re.search(r"[dmyhs]", bare) else ""


def read_styles(data: bytes) -> list[str]:
    """The kind of each cell format (``cellXfs`` index): ``"date"``, ``"duration"`` or ``""``."""
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"xfs": False}

    def start(name, attrs):
        tag = local(name)
        if tag == "numFmt":
            try:
                custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            state["xfs"] = True
        elif tag == "xf" and state["xfs"]:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(name):
        if local(name) == "cellXfs":
            state["xfs"] = False

    parser(start, end).Parse(data, True)
    kinds = []
    for fid in formats:
        if fid in custom:
            kinds.append(_format_kind(custom[fid]))
        elif fid in _BUILTIN_DATES:
            kinds.append("date")
        elif fid in _BUILTIN_DURATIONS:
            kinds.append("duration")
        else:
            kinds.append("")
    return kinds


def serial_value(serial: float, kind: str, date1904: bool):
    """A serial number in a date or duration cell as calamine returns it: a date at midnight, a time on day 0."""
    if kind == "duration":
        return timedelta(days=serial)
    if serial < 1:  # day 0 or before the epoch: calamine gives the time of day
        return (datetime(2000, 1, 1) + timedelta(days=serial % 1, microseconds=500_000)).time().replace(microsecond=0)
    if date1904:
        base = datetime(1904, 1, 1)
    else:
        base = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)  # Lotus's 29 Feb 1900
    try:
        stamp = base + timedelta(days=serial)
    except OverflowError:
        return serial
    stamp = (stamp + timedelta(microseconds=500_000)).replace(microsecond=0)
    return stamp.date() if stamp.time() == time() else stamp


class SheetReader(_Cells):
    """Reads the values of the cells inside a window (``max_rows`` × ``max_cols``) into ragged rows.

    Cells outside the window are not kept: they are listed in ``stray`` (row,
    column, text). Values come back as calamine's ``to_python`` gives them.
    """

    def __init__(self, strings: list[str], styles: list[str], date1904: bool, max_rows: int, max_cols: int):
        super().__init__()
        self.strings, self.styles, self.date1904 = strings, styles, date1904
        self.max_rows, self.max_cols = max_rows, max_cols
        self.rows: list[list] = []
        self.stray: list[tuple[int, int, str]] = []
        self.stray_count = 0
        self.parser = parser(self.start, self.end, self.chars)

    def cell(self, text: str):
        if not self.has_value:
            return
        value = self.value(text)
        if value == "":
            return
        r, c = self.row, self.col
        if r >= self.max_rows or c >= self.max_cols:
            self.stray_count += 1
            if len(self.stray) < 5:
                self.stray.append((r, c, str(value)[:40]))
            return
        while len(self.rows) <= r:
            self.rows.append([])
        row = self.rows[r]
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        row[c] = value

    def value(self, text: str):
        kind = self.kind
        if kind == "s":
            try:
                return self.strings[int(text)]
            except (ValueError, IndexError):
                return ""
        if kind in ("inlineStr", "str"):
            return unescape(text)
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return ""
        if kind == "d":
            try:
                return datetime.fromisoformat(text.strip().replace("Z", ""))
            except ValueError:
                return text
        if not text.strip():
            return ""
        try:
            number = float(text)
        except ValueError:
            return text
        style = self.styles[self.style] if 0 <= self.style < len(self.styles) else ""
        if style:
            return serial_value(number, style, self.date1904)
        return number


def read_sheet(data: bytes, strings: list[str], styles: list[str], date1904: bool, max_rows: int,
               max_cols: int) -> SheetReader:
    reader = SheetReader(strings, styles, date1904, max_rows, max_cols)
    reader.parser.Parse(data, True)
    return reader
