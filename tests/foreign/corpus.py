"""A corpus of spreadsheet files malxl did not write, made here: other writers' output and hand-made damage.

No file in it comes from another project: each is made at test time by a
writer installed here (openpyxl, xlsxwriter, LibreOffice) or byte by byte
(README.md in this folder says which and why). :func:`make_corpus` writes them
into an inbox beside a round's good answers and returns what each should be
found to be: ``{name: finding code}`` (a name that is not UTF-8 appears as
malxl shows it, its undecodable bytes as ``\\xe4``).

Run ``python -m tests.foreign.corpus FOLDER`` to write the corpus for a look.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"


def zip_parts(parts: dict[str, bytes], stored: set[str] = frozenset()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def foreign_openpyxl(title: str = "Budget") -> bytes:
    """A budget sheet as openpyxl writes it (shared strings, a formula without a saved result)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(["Konto", "Belopp"])
    ws.append(["Lön", 1200])
    ws.append(["Hyra", 300])
    ws["B4"] = "=SUM(B2:B3)"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def foreign_xlsxwriter_inline() -> bytes:
    """xlsxwriter in constant-memory mode: every string inline (``t="inlineStr"``), no shared strings part."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    ws = wb.add_worksheet("Data")
    for r in range(20):
        ws.write_row(r, 0, [f"Rad {r}", r * 1.5, "Åäö"])
    wb.close()
    return out.getvalue()


def shared_formulas(data: bytes) -> bytes:
    """The openpyxl sheet with a shared formula over C2:C3 (as Excel saves a filled-down formula)."""
    def sheet(part: bytes) -> bytes:
        part = part.replace(b'<c r="B2" t="n"><v>1200</v></c>',
                            b'<c r="B2" t="n"><v>1200</v></c><c r="C2"><f t="shared" ref="C2:C3" si="0">B2*2</f>'
                            b'<v>2400</v></c>')
        return part.replace(b'<c r="B3" t="n"><v>300</v></c>',
                            b'<c r="B3" t="n"><v>300</v></c><c r="C3"><f t="shared" si="0"/><v>600</v></c>')
    return rezip(data, {"xl/worksheets/sheet1.xml": sheet})


def rezip(data: bytes, edits: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            part = zin.read(item.filename)
            if item.filename in edits:
                part = edits[item.filename](part)
            zout.writestr(item, part, compress_type=item.compress_type)
    return out.getvalue()


def xlsb_like(sheets: int = 1) -> bytes:
    """A package laid out as Excel's binary workbook (.xlsb): ``xl/workbook.bin`` and binary sheets.

    The records are not real BIFF12 (only the layout matters: nothing reads them).
    """
    bin_main = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
    return zip_parts({
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.'
            f'macroEnabled.main"/><Override PartName="/xl/workbook.bin" ContentType="{bin_main}"/></Types>').encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>').encode(),
        "xl/workbook.bin": bytes([0x83, 0x01, 0x00, 0x80, 0x01, 0x00]) + bytes(40),
        **{f"xl/worksheets/sheet{i}.bin": bytes([0x81, 0x01, 0x00]) + bytes(40) for i in range(1, sheets + 1)},
    })


def wrong_crc(data: bytes, part: str) -> bytes:
    """``data`` with one part's recorded CRC changed (local header and central directory): its bytes intact."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    broken = bytearray(data)
    wrong = struct.pack("<I", (info.CRC ^ 0x5A5A5A5A) & 0xFFFFFFFF)
    broken[info.header_offset + 14:info.header_offset + 18] = wrong
    central = -1
    for m in re.finditer(rb"PK\x01\x02", data):
        n, = struct.unpack("<H", data[m.start() + 28:m.start() + 30])
        if data[m.start() + 46:m.start() + 46 + n] == part.encode():
            central = m.start()
    assert central > 0, part
    broken[central + 16:central + 20] = wrong
    return bytes(broken)


def damaged_xml(data: bytes, part: str) -> bytes:
    """A part whose XML is malformed (a tag cut in half), its checksum made to match: the writer was at fault."""
    return rezip(data, {part: lambda p: p.replace(b"</sheetData>", b"</sheetDa", 1)})


def biff2() -> bytes:
    """An Excel 2 worksheet (1987), the oldest .xls: BOF, one number cell, EOF; no compound file."""
    bof = struct.pack("<HHHH", 0x0009, 4, 0x0002, 0x0010)
    number = struct.pack("<HH", 0x0003, 15) + struct.pack("<HH", 0, 0) + bytes(3) + struct.pack("<d", 42.0)
    return bof + number + struct.pack("<HH", 0x000A, 0)


def excel_2003_xml() -> bytes:
    """Excel 2003's XML Spreadsheet, which Excel saves as .xml but people rename .xls."""
    return ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Blad1"><Table><Row>'
            '<Cell><Data ss:Type="String">Aktivitet</Data></Cell></Row></Table></Worksheet></Workbook>\n').encode()


def word_document() -> bytes:
    return zip_parts({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def odd_compression(data: bytes) -> bytes:
    """The workbook with its parts packed by bzip2 (zip method 12), which Excel never uses."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, zin.read(item.filename))
    return out.getvalue()


# -- LibreOffice -------------------------------------------------------------------------------------------------


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Open and save ``src`` in LibreOffice as ``fmt`` (a private profile, so parallel runs never collide)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{fmt.split(':')[0]}"


def xls_with_password(xls: bytes) -> bytes:
    """A LibreOffice .xls marked password-protected as Excel marks it: FILEPASS (RC4) straight after the BOF.

    The records between the workbook globals' BOF and WRITEACCESS (the user's name, 116 bytes) are moved
    down behind a FILEPASS record (58 bytes), and a record no reader knows fills the rest, so the stream and
    the compound file keep their layout.
    """
    data = bytearray(xls)
    bof = data.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # BIFF8 BOF of the workbook globals
    access = data.find(b"\x5c\x00\x70\x00", bof)  # WRITEACCESS, 112 bytes
    assert 0 < bof < access < bof + 512, "not the layout LibreOffice writes"
    start, end = bof + 20, access + 116
    between = bytes(data[start:access])
    filepass = struct.pack("<HHHHH", 0x002F, 54, 1, 1, 1) + bytes(48)
    filler = end - start - len(filepass) - len(between) - 4
    data[start:end] = filepass + between + struct.pack("<HH", 0x00EF, filler) + bytes(filler)
    return bytes(data)


def ods_with_password(ods: bytes) -> bytes:
    """A LibreOffice .ods as LibreOffice saves it with a password: content.xml encrypted, the manifest saying how."""
    encryption = (b'><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:'
                  b'manifest:1.0#sha256-1k" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name='
                  b'"http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAA"/>'
                  b'<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" '
                  b'manifest:iteration-count="100000" manifest:salt="AAAA"/></manifest:encryption-data>'
                  b'</manifest:file-entry>')
    return rezip(ods, {
        "META-INF/manifest.xml": lambda p: re.sub(rb'(<manifest:file-entry manifest:full-path="content.xml"[^>]*?)/>',
                                                  lambda m: m.group(1) + encryption, p),
        "content.xml": lambda p: zlib.compress(p)[::-1],  # stands in for the AES ciphertext
    })


# -- the corpus --------------------------------------------------------------------------------------------------


def latin1_name(folder: Path, name: bytes, data: bytes) -> str | None:
    """Write a file whose name is ``name``'s bytes as such (not UTF-8); None where the file system refuses."""
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as f:
            f.write(data)
    except (OSError, ValueError):
        return None
    return name.decode("utf-8", "backslashreplace")


def make_corpus(folder: Path, answer: bytes, work: Path) -> dict[str, str]:
    """Write the foreign files into ``folder`` (an inbox); ``answer`` is a department's filled-in workbook.

    Returns each entry's name, as malxl lists it, and the finding code it should draw.
    """
    folder, work = Path(folder), Path(work)
    work.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, code: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = code

    budget = foreign_openpyxl()
    sheet = "xl/worksheets/sheet2.xml"  # Aktiviteter in a malxl department workbook
    put("~$Skola.xlsx", b"\x05Eva Ek" + bytes(160), "skipped-file")
    put(".~lock.Teknik.xlsx#", b"Eva Ek,dator/eva,dator,2024-05-10T12:00:00,sv-SE;", "skipped-file")
    put("Budget (openpyxl).xlsx", budget, "unknown-file")
    put("Mätvärden (xlsxwriter, inline).xlsx", foreign_xlsxwriter_inline(), "unknown-file")
    put("Delad formel.xlsx", shared_formulas(budget), "unknown-file")
    put("Skola lösen.xlsx", (FIXTURES / "protected.xlsx").read_bytes(), "protected-file")
    put("Binär.xlsb", xlsb_like(sheets=2), "unknown-file")
    put("Binär omdöpt.xlsx", xlsb_like(), "unreadable-file")
    put("Avklippt.xlsx", answer[:len(answer) * 2 // 3], "unreadable-file")
    put("Fel kontrollsumma.xlsx", wrong_crc(answer, sheet), "unreadable-file")
    put("Trasig XML.xlsx", damaged_xml(answer, sheet), "unreadable-file")
    put("Bzip2.xlsx", odd_compression(budget), "rejected-file")
    put("Lista.xlsx", "Aktivitets-id;Status\nS1;Försenad\n".encode("cp1252"), "unreadable-file")
    put("Webbsida.xlsx", b"<!DOCTYPE html><html><body><table><tr><td>S1</td></tr></table></body></html>",
        "unreadable-file")
    put("Excel 2003.xls", excel_2003_xml(), "unreadable-file")
    put("Excel 2.xls", biff2(), "unreadable-file")
    put("Rapport.xlsx", word_document(), "unreadable-file")
    put("Tom.xlsx", b"", "unreadable-file")
    for raw, data, code in [(b"N\xe4ringsliv.xlsx", foreign_openpyxl("Utfall"), "unknown-file"),
                            (b"\xd6versikt 2024.csv", "Konto;Belopp\nL\xf6n;1200\n".encode("cp1252"), "unknown-file")]:
        shown = latin1_name(folder, raw, data)
        if shown is not None:
            expected[shown] = code
    if shutil.which("soffice"):
        src = work / "Budget LibreOffice.xlsx"
        src.write_bytes(budget)
        xls = soffice_convert(src, "xls", work / "xls").read_bytes()
        ods = soffice_convert(src, "ods", work / "ods").read_bytes()
        put("Budget LibreOffice.xls", xls, "unknown-file")
        put("Budget LibreOffice.ods", ods, "unknown-file")
        put("Lösen.xls", xls_with_password(xls), "protected-file")
        put("Lösen.ods", ods_with_password(ods), "protected-file")
    return expected


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    from malxl.example import Filling, fill_workbook  # noqa: E402
    from tests.conftest import Project, small_plan, GOOD  # noqa: E402

    with tempfile.TemporaryDirectory() as tmp:
        project = Project(Path(tmp), small_plan())
        path = Path(tmp) / "svar.xlsx"
        fill_workbook(project.blank("Skola"), path, GOOD["Skola"])
        for name, code in make_corpus(target, path.read_bytes(), Path(tmp) / "work").items():
            print(f"{code:16} {name}")
