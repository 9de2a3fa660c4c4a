"""Look at a received file before any full reader does: what it is, whether it is whole, whether it is safe.

Cheap checks first, in this order:

1. The first bytes: a zip package (.xlsx, .xlsm, .ods), an OLE2 compound file
   (a legacy .xls, or a password-protected workbook: an OLE2 file holding an
   ``EncryptedPackage``), or something else (CSV or HTML renamed .xlsx, a PDF…).
2. The zip's central directory, before anything is inflated: the number of
   parts, their declared sizes together, and each large part's compression
   ratio (a zip bomb is rejected here).
3. Every part, inflated as a stream and never beyond its declared size, must
   match that size and its CRC (a part that lies about its size is a bomb too);
   every XML part is parsed with DOCTYPE and entity declarations refused.
4. Worksheet parts are scanned for what they really hold
   (:class:`~malxl.ooxml.SheetFacts`): how far the cells reach, whatever the
   ``<dimension>`` tag says, so that a sheet whose cells span the grid never
   reaches calamine's dense allocation; formulas without a saved result; error
   values; merged cells. A plain sheet (no formulas, errors or merged cells,
   every cell with an ``r``) is scanned by patterns
   (:class:`~malxl.ooxml.QuickScan`), any other element by element.

A file that fails raises :class:`Rejected` naming the finding code and the
reason. The bounds are :class:`Limits`; docs/engineering.md states them.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from xml.parsers import expat

from ..errors import MalxlError
from ..texts import Text, texts
from . import ooxml

MB = 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 256 * 1024
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class Limits:
    """The bounds every received file is read within."""

    file_bytes: int = 50 * MB  # the file as received
    unpacked_bytes: int = 100 * MB  # all parts of a package together, inflated
    ratio: int = 100  # inflated size / compressed size, for a part larger than ratio_from
    ratio_from: int = 1 * MB
    parts: int = 10_000
    dense_cells: int = 2_000_000  # the largest sheet (rows × columns) calamine is given
    window_rows: int = 65_536  # what is read of a larger sheet (the rest is reported)
    window_cols: int = 256
    memory: int = 1024 * MB  # the address space of each reading process
    seconds: float = 60.0  # the reading time of each file


LIMITS = Limits()


class Rejected(Exception):
    """A file collect will not read: the finding code, and the reason as a text key with its fields.

    A field named ``kind`` or ``what`` is itself a text key; ``detail`` is a
    library's own words (English, for ``--debug`` and the manifest), never
    shown in a message.
    """

    def __init__(self, code: str, reason: str, detail: str = "", **fields):
        super().__init__(f"{code}: {reason} {fields} {detail}".strip())
        self.code, self.reason, self.fields, self.detail = code, reason, fields, detail

    def text(self, name: str) -> Text:
        """The reason in the catalogue's words, for the file named ``name`` (whose suffix it may name)."""
        fields = {k: Text(v) if k in ("kind", "what") else v for k, v in self.fields.items()}
        return Text(self.reason, {"suffix": PurePath(name).suffix or "-", **fields})


@dataclass
class Inspection:
    """What preflight learned about a file it accepts."""

    kind: str  # "xlsx" (also .xlsm and Strict), "xls" or "ods"
    macros: bool = False
    workbook: ooxml.WorkbookInfo | None = None
    sheets: dict[str, ooxml.SheetFacts] = field(default_factory=dict)
    limits: Limits = LIMITS
    data: bytes = field(default=b"", repr=False)
    _strings: list[str] | None = field(default=None, repr=False)
    _styles: list[str] | None = field(default=None, repr=False)

    @property
    def date1904(self) -> bool:
        return bool(self.workbook and self.workbook.date1904)

    def too_dense(self, sheet: str) -> bool:
        facts = self.sheets.get(sheet)
        return facts is not None and facts.dense > self.limits.dense_cells

    def read_values(self, sheet: str) -> ooxml.SheetReader:
        """The sheet's values by the streaming reader, within the window of :class:`Limits`."""
        wb = self.workbook
        assert wb is not None  # values are read only from a workbook that passed inspection
        zf = zipfile.ZipFile(io.BytesIO(self.data))
        if self._strings is None or self._styles is None:  # (set together)
            self._strings = ooxml.read_shared_strings(zf.read(wb.shared_strings)) if wb.shared_strings else []
            self._styles = ooxml.read_styles(zf.read(wb.styles)) if wb.styles else []
        return ooxml.read_sheet(zf.read(wb.parts[sheet]), self._strings, self._styles, wb.date1904,
                                self.limits.window_rows, self.limits.window_cols)


def require_safe_xml() -> None:
    """Refuse to run unless defusedxml is installed and openpyxl uses it (openpyxl parses XML unsafely without it)."""
    try:
        import defusedxml  # noqa: F401
    except ImportError as exc:
        raise MalxlError(texts()("error.unsafe_xml")) from exc
    openpyxl = sys.modules.get("openpyxl")
    if openpyxl is not None:
        safe = bool(getattr(openpyxl, "DEFUSEDXML", False))
    else:  # the test openpyxl itself makes on import, without the cost of importing it
        safe = os.environ.get("OPENPYXL_DEFUSEDXML", "True") == "True"
    if not safe:
        raise MalxlError(texts()("error.unsafe_xml"))


def inspect(data: bytes, limits: Limits = LIMITS) -> Inspection:
    """Check a received file; raise :class:`Rejected` if it is not a whole, safe workbook."""
    if not data:
        raise Rejected("unreadable-file", "reason.empty")
    if len(data) > limits.file_bytes:
        raise Rejected("rejected-file", "reason.too_large", size=size_text(len(data)),
                       limit=size_text(limits.file_bytes))
    if data.startswith(OLE2):
        return _compound(data)
    if data.startswith(b"PK"):
        return _package(data, limits)
    raise _not_a_workbook(data)


def why_unreadable(path: Path, limits: Limits = LIMITS) -> Text:
    """Why a reader could not read the file at ``path`` as a workbook, in the catalogue's words (a library's own
    are English): what preflight finds wrong with it, else that it looks like a workbook but is damaged."""
    data = Path(path).read_bytes()
    try:
        inspection = inspect(data, limits)
    except Rejected as r:
        return r.text(Path(path).name)
    return Text("reason.reader", {"format": Text(f"format.{inspection.kind}")})


def megabytes(n: int) -> str:
    """A size in MB as shown in messages."""
    return f"{n / MB:.1f}".replace(".0", "") if n < 10 * MB else str(round(n / MB))


def size_text(n: int) -> str:
    """A size with its unit as shown in messages: "1.5 MB", "12 MB", and under a megabyte "340 kB" (never "0 MB")."""
    if n < MB:
        return f"{-(-n // 1024)} kB"
    return f"{megabytes(n)} MB"


# -- OLE2 compound files ----------------------------------------------------------------------------------------


def _u16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _compound(data: bytes) -> Inspection:
    # Stream names sit in the directory sectors as UTF-16; looking for them is enough to tell the kinds apart.
    if _u16("EncryptedPackage") in data or _u16("EncryptionInfo") in data:
        raise Rejected("protected-file", "reason.password")
    if _u16("Workbook") in data or _u16("Book") in data:
        if _xls_encrypted(data):
            raise Rejected("protected-file", "reason.password")
        return Inspection("xls", macros=_u16("_VBA_PROJECT_CUR") in data, data=data)
    if _u16("WordDocument") in data:
        raise Rejected("unreadable-file", "reason.other_document", kind="kind.word")
    if _u16("PowerPoint Document") in data:
        raise Rejected("unreadable-file", "reason.other_document", kind="kind.powerpoint")
    raise Rejected("unreadable-file", "reason.unknown_format")


def _xls_encrypted(data: bytes) -> bool:
    """Whether a legacy workbook is encrypted: a FILEPASS record among the first records of the workbook globals.

    Excel writes FILEPASS straight after the globals' BOF (BIFF5/8: record
    0x0809, substream type 0x0005), which lies in the Workbook stream's first
    sector: found in the file's bytes without walking the compound file. The
    records are followed until the first sheet's entry (BOUNDSHEET) or 512 bytes.
    """
    at = 0
    while (at := data.find(b"\x09\x08", at)) >= 0 and len(data) >= at + 8:
        length, kind = struct.unpack("<H2xH", data[at + 2:at + 8])
        if length in (8, 16) and kind == 0x0005:
            pos, stop = at + 4 + length, min(len(data) - 4, at + 512)
            while pos <= stop:
                record, size = struct.unpack("<HH", data[pos:pos + 4])
                if record == 0x002F:
                    return True
                if record in (0x000A, 0x0085):  # EOF, BOUNDSHEET: past where FILEPASS can be
                    return False
                pos += 4 + size
            return False
        at += 2
    return False


# -- not a workbook at all --------------------------------------------------------------------------------------

_MAGIC = [(b"%PDF", "kind.pdf"), (b"{\\rtf", "kind.rtf"), (b"\x89PNG", "kind.image"), (b"\xff\xd8\xff", "kind.image"),
          (b"GIF8", "kind.image"), (b"Rar!", "kind.archive"), (b"7z\xbc\xaf", "kind.archive"),
          (b"\x1f\x8b", "kind.archive")]


def _not_a_workbook(data: bytes) -> Rejected:
    if len(data) >= 8 and data[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04") and data[2:4] in (
            b"\x04\x00", b"\x06\x00"):  # the BOF of an Excel 2, 3 or 4 worksheet: before the compound file
        return Rejected("unreadable-file", "reason.old_excel")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return Rejected("unreadable-file", "reason.other_document", kind=kind)
    text = _as_text(data[:8192])
    if text is None:
        return Rejected("unreadable-file", "reason.unknown_format")
    low = text.lstrip("\ufeff \t\r\n").lower()
    if low.startswith("<"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in low:  # Excel 2003's XML (its tags include <Table>)
            kind = "kind.xml_spreadsheet"
        elif "<html" in low or "<table" in low or "<!doctype html" in low:
            kind = "kind.html"
        else:
            kind = "kind.xml"
    elif any(sep in text for sep in (",", ";", "\t")):
        kind = "kind.csv"
    else:
        kind = "kind.text"
    return Rejected("unreadable-file", "reason.text_file", kind=kind)


def _as_text(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    for cut in range(4):  # the head may end inside a multi-byte character
        try:
            text = head[:len(head) - cut].decode("utf-8")
            break
        except UnicodeDecodeError:
            continue
    else:
        text = head.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return text if text and printable >= 0.95 * len(text) else None


# -- zip packages -----------------------------------------------------------------------------------------------


class _Damaged(Exception):
    """A part that is not whole: ``what`` says how, as a text key (``damage.*``); ``detail`` a library's words."""

    def __init__(self, part: str, what: str, detail: str = ""):
        super().__init__(detail or what)
        self.part, self.what, self.detail = part, what, detail


def _package(data: bytes, limits: Limits) -> Inspection:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error) as exc:
        raise Rejected("unreadable-file", "reason.truncated", detail=str(exc)) from exc
    _check_entries(infos, limits)
    view = memoryview(data)
    by_name = {i.filename: i for i in infos}
    inspection = _kind(view, by_name, limits)
    inspection.data = data
    wb = inspection.workbook
    scans = _inflate_parts(view, by_name, wb)
    if wb is not None:
        names = {part: sheet for sheet, part in wb.parts.items()}
        inspection.sheets = {names[part]: scan.facts for part, scan in scans.items()}
    return inspection


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """The zip's directory within bounds (parts, sizes, ratios), each part once, none encrypted, none compressed
    by a method other than stored or deflated: :class:`Rejected` if not."""
    if len(infos) > limits.parts:
        raise Rejected("rejected-file", "reason.too_many_parts", count=len(infos), limit=limits.parts)
    seen = set()
    for info in infos:
        if info.filename in seen:
            raise Rejected("rejected-file", "reason.odd_zip", what="zip.twice", part=info.filename)
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise Rejected("rejected-file", "reason.odd_zip", what="zip.encrypted", part=info.filename)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Rejected("rejected-file", "reason.odd_zip", what="zip.method", part=info.filename,
                           detail=f"compression method {info.compress_type}")
        if info.file_size > limits.ratio_from and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise Rejected("rejected-file", "reason.ratio", part=info.filename, size=size_text(info.file_size),
                           ratio=info.file_size // max(info.compress_size, 1), limit=limits.ratio)
    total = sum(i.file_size for i in infos)
    if total > limits.unpacked_bytes:
        raise Rejected("rejected-file", "reason.unpacked", size=size_text(total),
                       limit=size_text(limits.unpacked_bytes))


def _inflate_parts(view: memoryview, by_name: dict[str, zipfile.ZipInfo],
                   wb: ooxml.WorkbookInfo | None) -> dict[str, ooxml.QuickScan | ooxml.SheetScan]:
    """Every part (each named once) inflated and checked whole, the XML parts parsed (no entities), the
    sheets scanned: each sheet part's scan."""
    essential = set()
    scans: dict[str, ooxml.QuickScan | ooxml.SheetScan] = {}
    if wb is not None:
        essential = {wb.shared_strings, wb.styles, *wb.parts.values()}
        scans = {part: ooxml.QuickScan() for part in wb.parts.values() if part in by_name}
    for info in by_name.values():
        name = info.filename
        scan = scans.get(name)
        if scan:
            xml = scan.parser
        elif _is_xml(name):
            xml = ooxml.parser() if name in essential else _Tolerant()
        else:
            xml = None
        try:
            try:
                _inflate(view, info, xml)
            except ooxml.NeedsWalk:  # a sheet with formulas, errors or merged cells: element by element
                scans[name] = scan = ooxml.SheetScan()
                _inflate(view, info, scan.parser)
        except ooxml.XmlForbidden as exc:
            raise Rejected("rejected-file", "reason.xml_entities", part=name) from exc
        except expat.ExpatError as exc:
            raise Rejected("unreadable-file", "reason.damaged", part=name, what="damage.xml", detail=str(exc)) from exc
        except _Damaged as exc:
            raise Rejected("unreadable-file", "reason.damaged", part=exc.part, what=exc.what,
                           detail=exc.detail) from exc
    return scans


def _kind(view: memoryview, by_name: dict[str, zipfile.ZipInfo], limits: Limits) -> Inspection:
    names = set(by_name)
    lower = {n.lower() for n in names}
    if "mimetype" in names:
        ods = _opendocument(view, by_name, lower, limits)
        if ods is not None:
            return ods
    workbook = _main_part(view, by_name)
    if workbook.lower().endswith(".bin") and workbook in names:
        raise Rejected("unreadable-file", "reason.xlsb")  # Excel's binary workbook (.xlsb)
    if workbook not in names:
        raise _zip_not_workbook(names)
    folder = posixpath.dirname(workbook)
    rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
    try:
        info = ooxml.read_workbook(_read(view, by_name[workbook]))
        rels = ooxml.read_relationships(_read(view, by_name[rels_part]), folder) if rels_part in names else {}
    except ooxml.XmlForbidden as exc:
        raise Rejected("rejected-file", "reason.xml_entities", part=workbook) from exc
    except expat.ExpatError as exc:
        raise Rejected("unreadable-file", "reason.damaged", part=workbook, what="damage.xml", detail=str(exc)) from exc
    ooxml.link_parts(info, rels)
    macros = any(n.endswith("vbaproject.bin") or n.startswith(("xl/macrosheets/", "xl/activex/")) for n in lower)
    return Inspection("xlsx", macros=macros, workbook=info, limits=limits)


def _opendocument(view: memoryview, by_name: dict[str, zipfile.ZipInfo], lower: set[str],
                  limits: Limits) -> Inspection | None:
    """An OpenDocument spreadsheet's inspection (:class:`Rejected` if it is another OpenDocument, or saved with a
    password); None if the mimetype part names neither."""
    mime = _read(view, by_name["mimetype"]).strip()
    if mime == ODS_MIME:
        manifest = by_name.get("META-INF/manifest.xml")
        if manifest is not None and b"encryption-data" in _read(view, manifest):
            raise Rejected("protected-file", "reason.password")  # saved with a password: its parts encrypted
        return Inspection("ods", macros=any(n.startswith(("basic/", "scripts/")) for n in lower), limits=limits)
    if mime.startswith(b"application/vnd.oasis.opendocument.text"):
        raise Rejected("unreadable-file", "reason.other_document", kind="kind.opendocument")
    return None


def _main_part(view: memoryview, by_name: dict[str, zipfile.ZipInfo]) -> str:
    """The part the package's relationships name its office document (a workbook is xl/workbook.xml by default)."""
    workbook = "xl/workbook.xml"
    if "_rels/.rels" in by_name:
        try:
            for kind, part in ooxml.read_relationships(_read(view, by_name["_rels/.rels"]), "").values():
                if kind.endswith("/officeDocument") and part in by_name:
                    workbook = part
        except expat.ExpatError:
            pass
        except ooxml.XmlForbidden as exc:
            raise Rejected("rejected-file", "reason.xml_entities", part="_rels/.rels") from exc
    return workbook


def _zip_not_workbook(names: set[str]) -> Rejected:
    """Why a zip package without a workbook is not read: the Word or PowerPoint document it is, or its first parts."""
    if "word/document.xml" in names:
        return Rejected("unreadable-file", "reason.other_document", kind="kind.word")
    if "ppt/presentation.xml" in names:
        return Rejected("unreadable-file", "reason.other_document", kind="kind.powerpoint")
    shown = ", ".join(sorted(names)[:4]) + (" …" if len(names) > 4 else "")
    return Rejected("unreadable-file", "reason.zip_not_workbook", parts=shown or "-")


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


class _Tolerant:
    """Parses a part no reader uses: only DOCTYPE and entity declarations matter; malformed XML is let be."""

    def __init__(self):
        self.parser = ooxml.parser()
        self.broken = False

    def Parse(self, data, final=False):  # noqa: N802 (the expat parser's interface)
        if self.broken:
            return
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError:
            self.broken = True


def _read(view: memoryview, info: zipfile.ZipInfo) -> bytes:
    """A small part, inflated and checked (used for the parts that say what the package is)."""
    chunks: list[bytes] = []

    class _Sink:
        def Parse(self, data, final=False):  # noqa: N802 (the expat parser's interface)
            if data:
                chunks.append(data)

    try:
        _inflate(view, info, _Sink())
    except _Damaged as exc:
        raise Rejected("unreadable-file", "reason.damaged", part=exc.part, what=exc.what, detail=exc.detail) from exc
    return b"".join(chunks)


def _inflate(view: memoryview, info: zipfile.ZipInfo, xml) -> None:
    """Inflate one part as a stream into ``xml.Parse`` (if given), never beyond its declared size.

    Raises :class:`Rejected` if the part inflates to more than a megabyte
    beyond what it declares (a zip bomb), and :class:`_Damaged` if it is cut
    off, its size is otherwise not what it declares, or its CRC does not match.
    """
    name, off = info.filename, info.header_offset
    if bytes(view[off:off + 4]) != b"PK\x03\x04":
        raise _Damaged(name, "damage.header")
    n, m = struct.unpack("<HH", view[off + 26:off + 30])
    start = off + 30 + n + m
    end = start + info.compress_size
    if end > len(view):
        raise _Damaged(name, "damage.cut")
    bomb = info.file_size + MB  # a few bytes more than declared is damage; a megabyte more, a bomb
    size = crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        for pos in range(start, end, CHUNK):
            chunk = bytes(view[pos:min(end, pos + CHUNK)])
            size += len(chunk)
            crc = zlib.crc32(chunk, crc)
            if xml is not None:
                xml.Parse(chunk, False)
    else:
        d = zlib.decompressobj(-15)
        pos = start
        try:
            while not d.eof:
                if d.unconsumed_tail:
                    data: bytes | memoryview = d.unconsumed_tail
                elif pos < end:
                    data = view[pos:min(end, pos + CHUNK)]
                    pos += len(data)
                else:
                    raise _Damaged(name, "damage.cut")
                out = d.decompress(data, CHUNK)
                size += len(out)
                if size > info.file_size:
                    if size > bomb:
                        raise Rejected("rejected-file", "reason.lying_size", part=name,
                                       size=size_text(info.file_size))
                    continue  # not parsed: the part is damaged, and said to be once its real size is known
                crc = zlib.crc32(out, crc)
                if xml is not None and out:
                    xml.Parse(out, False)
        except zlib.error as exc:
            raise _Damaged(name, "damage.deflate", str(exc)) from exc
    if size != info.file_size:
        raise _Damaged(name, "damage.size", f"{size} bytes, {info.file_size} declared")
    if crc != info.CRC:
        raise _Damaged(name, "damage.crc", f"CRC {crc:08x}, {info.CRC:08x} declared")
    if xml is not None:
        xml.Parse(b"", True)
