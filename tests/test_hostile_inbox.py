"""A hostile inbox: every file explained, nothing lost, no file can hurt the run.

Each test puts troublesome files beside the departments' good answers, runs
collect, and checks the finding (code, file, sheet, cell), that the good
answers are all in the merged workbook, and that the inbox is byte-identical
afterwards. The files are built in the test; the one binary fixture is a
password-protected workbook (``tests/fixtures/protected.xlsx``: a generated
department workbook encrypted with msoffcrypto-tool, password "hemligt"),
which nothing in the test environment can make.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from dataclasses import asdict
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from malxl.workbook import capabilities, isolate
from malxl.archive import read_manifest
from malxl.cli import cli
from malxl.collect import collect, gather, scan_inbox
from malxl.errors import MalxlError
from malxl.example import Filling, fill_workbook, set_saved_time
from malxl.findings import CODES, Severity
from malxl.workbook.preflight import Limits, inspect
from malxl.read import identity_of
from malxl.report import report
from malxl.texts import Text, texts
from malxl.workbook.xlsx import read_book

from .conftest import GOOD

FIXTURES = Path(__file__).parent / "fixtures"
SV = texts("sv")  # the words a Swedish coordinator reads, where a test is about them
SHEET = "xl/worksheets/sheet2.xml"  # Aktiviteter in a department workbook saved by Excel or openpyxl
LATER = datetime(2024, 5, 11, 9, 0)  # saved after the good answers, so it is the one used


# -- helpers ------------------------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict:
    """Every entry under ``folder``: content hash, size and modification time (links and pipes as such)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        st = p.lstat()
        if p.is_symlink():
            out[str(p)] = ("link", os.readlink(p), st.st_mtime_ns)
        elif p.is_file():
            out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns)
        else:
            out[str(p)] = ("other", st.st_mode, st.st_mtime_ns)
    return out


def run(project, **kwargs):
    """collect, checking that the inbox is byte-identical afterwards."""
    before = snapshot(project.inbox)
    result = collect(project.inbox, **kwargs)
    assert snapshot(project.inbox) == before
    return result


def about(result, name: str) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.sheet, f.cell) for f in result.findings if f.file == name)


def assert_good(result, *departments: str) -> None:
    """The departments' good answers are all in the merged workbook, as they typed them."""
    rows = {r.id: r for r in result.merged.rows}
    for dept in departments:
        for aid, (status, end, comment) in GOOD[dept].answers.items():
            assert (rows[aid].status, rows[aid].end, rows[aid].comment) == (status, end, comment), aid
        levels = {a.goal_id: (a.level, a.analysis) for a in result.merged.assessments}
        for gid, answer in GOOD[dept].assessments.items():
            assert levels[gid] == answer


def answered(project, department: str, filling: Filling | None = None, saved: datetime = LATER) -> bytes:
    """A department's workbook, filled in and saved (not in the inbox): its bytes."""
    path = project.root / "work" / f"{department}.xlsx"
    fill_workbook(project.blank(department), path, filling if filling is not None else GOOD[department], saved)
    return path.read_bytes()


def rezip(data: bytes, edits: dict | None = None, add: dict | None = None, drop: set | None = None) -> bytes:
    """A copy of a zip package with parts changed (``edits``: part -> function of its bytes), added or dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if drop and item.filename in drop:
                continue
            part = zin.read(item.filename)
            if edits and item.filename in edits:
                part = edits[item.filename](part)
            zout.writestr(item.filename, part)
        for name, part in (add or {}).items():
            zout.writestr(name, part)
    return out.getvalue()


def edited(project, department: str, change, filling: Filling | None = None) -> bytes:
    """A department's answer changed with openpyxl (as a person would in Excel), saved later than the good ones."""
    path = project.root / "work" / f"{department}-edited.xlsx"
    fill_workbook(project.blank(department), path, filling if filling is not None else GOOD[department])
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)
    set_saved_time(path, LATER)
    return path.read_bytes()


def put(project, name: str, data: bytes) -> Path:
    path = project.inbox / name
    path.write_bytes(data)
    return path


@pytest.fixture
def inbox(project):
    """Both departments have answered well; each test adds its troublesome files."""
    project.answer_all()
    return project


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Open and save ``src`` in LibreOffice as ``fmt`` (a private profile, so parallel runs never collide)."""
    profile = outdir / ".lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", fmt, "--outdir", str(outdir), str(src)],
                   check=True, capture_output=True, timeout=180)
    return outdir / f"{src.stem}.{fmt.split(':')[0]}"


def malxl(*args: str):
    """The CLI, in Swedish; ``--lang`` sets MALXL_LANG for the process, so it is restored by the caller."""
    return CliRunner().invoke(cli, ["--lang", "sv", *args])


@pytest.fixture(autouse=True)
def _language(monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")  # restored after each test, whatever the CLI sets


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


# -- not a workbook, or not whole -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, data, reason", [
    ("tom.xlsx", b"", "tom"),
    ("lista.xlsx", "Aktivitets-id;Status\nS1;Försenad\n".encode("cp1252"), "CSV"),
    ("webb.xlsx", b"<!DOCTYPE html><html><body><table><tr><td>S1</td></tr></table></body></html>", "HTML"),
    ("bild.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(100), "bild"),
    ("blob.xlsx", bytes(range(256)) * 4, "okänt"),
])
def test_files_that_are_not_workbooks(inbox, name, data, reason):
    put(inbox, name, data)
    result = run(inbox)
    found = [f for f in result.findings if f.file == name]
    assert [(f.code, f.severity) for f in found] == [("unreadable-file", Severity.ERROR)]
    assert reason in found[0].message(SV)
    assert {r.name: r.reason for r in result.merged.received}[name] == "se Brister (unreadable-file)"
    assert_good(result, "Skola", "Teknik")


def test_a_truncated_download(inbox):
    data = answered(inbox, "Skola")
    put(inbox, "Skola (1).xlsx", data[: len(data) // 2])
    result = run(inbox)
    assert about(result, "Skola (1).xlsx") == [("unreadable-file", "", "")]
    assert next(f.params["reason"] for f in result.findings if f.file == "Skola (1).xlsx").key == "reason.truncated"
    assert_good(result, "Skola", "Teknik")


def test_a_zip_that_is_not_an_office_package_and_a_word_document(inbox):
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("svar.txt", "S1 Försenad")
    put(inbox, "svar.xlsx", zipped.getvalue())
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    put(inbox, "rapport.xlsx", word.getvalue())
    result = run(inbox)
    messages = {f.file: f.message(SV) for f in result.findings if f.code == "unreadable-file"}
    assert set(messages) == {"svar.xlsx", "rapport.xlsx"}
    assert "zip-arkiv" in messages["svar.xlsx"] and "svar.txt" in messages["svar.xlsx"]
    assert "Word-dokument" in messages["rapport.xlsx"]
    assert_good(result, "Skola", "Teknik")


def test_a_damaged_part_inside_the_package(inbox):
    data = answered(inbox, "Skola")
    broken = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    broken[start + 10: start + 20] = bytes(10)  # ten bytes of the compressed sheet overwritten
    put(inbox, "skadad.xlsx", bytes(broken))
    result = run(inbox)
    assert about(result, "skadad.xlsx") == [("unreadable-file", "", "")]
    assert SHEET in next(f.message(SV) for f in result.findings if f.file == "skadad.xlsx")
    assert_good(result, "Skola", "Teknik")


def test_a_password_protected_workbook(inbox):
    shutil.copy(FIXTURES / "protected.xlsx", inbox.inbox / "Skola lösen.xlsx")
    result = run(inbox)
    found = [f for f in result.findings if f.file == "Skola lösen.xlsx"]
    assert [(f.code, f.severity) for f in found] == [("protected-file", Severity.ERROR)]
    assert found[0].key == "finding.protected-file"
    assert_good(result, "Skola", "Teknik")


@needs_soffice
def test_legacy_xls_and_ods_are_read(project, tmp_path):
    """LibreOffice keeps the hidden identity sheet in both; calamine reads them; the coordinator is told."""
    project.answer("Teknik")
    src = tmp_path / "Skola.xlsx"
    fill_workbook(project.blank("Skola"), src, GOOD["Skola"], LATER)
    xls = soffice_convert(src, "xls", tmp_path / "xls")
    ods = soffice_convert(src, "ods", tmp_path / "ods")
    shutil.copy(xls, project.inbox / "Skola.xls")
    result = run(project)
    assert about(result, "Skola.xls") == [("other-format", "", "")]
    assert result.merged.answered == {"Skola": "Skola.xls", "Teknik": "Teknik.xlsx"}
    assert_good(result, "Skola", "Teknik")
    (project.inbox / "Skola.xls").unlink()
    shutil.copy(ods, project.inbox / "Skola.ods")
    result = run(project)
    assert about(result, "Skola.ods") == [("other-format", "", "")]
    assert_good(result, "Skola", "Teknik")
    saved = next(r for r in result.merged.received if r.name == "Skola.ods").saved
    assert saved == LATER.replace(tzinfo=UTC)  # meta.xml dc:date


def strict(data: bytes) -> bytes:
    """The same workbook as Strict Open XML (Excel's "Strict Open XML Spreadsheet")."""
    def convert(part: bytes) -> bytes:
        return (part.replace(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                             b"http://purl.oclc.org/ooxml/spreadsheetml/main")
                .replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                         b"http://purl.oclc.org/ooxml/officeDocument/relationships"))
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return rezip(data, {n: convert for n in names if n.endswith((".xml", ".rels"))})


def test_a_strict_open_xml_workbook_is_read_whole(project):
    project.answer("Teknik")
    put(project, "Skola.xlsx", strict(answered(project, "Skola")))
    result = run(project)
    assert about(result, "Skola.xlsx") == []
    assert_good(result, "Skola", "Teknik")


def test_a_sheet_a_reader_sees_as_empty_is_read_by_the_streaming_reader(project, monkeypatch):
    """Never silently zero rows: if calamine returns nothing where the XML holds cells, malxl reads them itself."""
    import python_calamine

    real = python_calamine.CalamineWorkbook

    class Blind:
        """calamine as it was for Strict files in some versions: sheets read as empty."""

        def __init__(self, wb):
            self.wb = wb
            self.sheet_names, self.sheets_metadata = wb.sheet_names, wb.sheets_metadata

        @classmethod
        def from_filelike(cls, f):
            return cls(real.from_filelike(f))

        def get_sheet_by_name(self, name):
            return type("Empty", (), {"to_python": lambda self, **kw: [], "merged_cell_ranges": []})()

    data = strict(answered(project, "Skola"))
    plain = read_book(data, inspection=inspect(data))
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Blind)
    book = read_book(data, inspection=inspect(data))
    assert identity_of(book).department == "Skola"
    strip = lambda rows: [r[:max((i + 1 for i, v in enumerate(r) if v != ""), default=0)] for r in rows]  # noqa: E731
    assert strip(book.rows["Aktiviteter"]) == strip(plain.rows["Aktiviteter"])


# -- resource attacks -----------------------------------------------------------------------------------------------


def bomb(data: bytes, megabytes: int = 256) -> bytes:
    """The workbook with a sheet that inflates to hundreds of MB from a few hundred KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename != SHEET:
                zout.writestr(item.filename, zin.read(item.filename))
                continue
            with zout.open(SHEET, "w", force_zip64=True) as f:
                f.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                row = b'<row><c t="inlineStr"><is><t>lol</t></is></c></row>' * 20_000
                for _ in range(megabytes * 1024 * 1024 // len(row)):
                    f.write(row)
                f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_zip_bomb_is_rejected_before_it_is_inflated(inbox):
    data = bomb(answered(inbox, "Skola"))
    assert len(data) < 2 * 1024 * 1024
    put(inbox, "Skola bomb.xlsx", data)
    started = time.monotonic()
    result = run(inbox)
    assert time.monotonic() - started < 10
    found = [f for f in result.findings if f.file == "Skola bomb.xlsx"]
    assert [(f.code, f.severity) for f in found] == [("rejected-file", Severity.ERROR)]
    assert SHEET in found[0].message(SV) and "zip-bomb" in found[0].message(SV)
    assert_good(result, "Skola", "Teknik")


def lie_about_size(data: bytes, part: str, declared: int) -> bytes:
    """Patch the sizes a zip declares for ``part`` (local header and central directory) to ``declared``."""
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(part)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    name = part.encode()
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + n]) == name:
            struct.pack_into("<I", data, pos + 24, declared)
        pos = data.find(b"PK\x01\x02", pos + 4)
    return bytes(data)


def test_a_part_that_inflates_beyond_its_declared_size_is_rejected(inbox):
    real = bomb(answered(inbox, "Skola"), megabytes=20)
    with zipfile.ZipFile(io.BytesIO(real)) as zf:  # rewritten without zip64, so the sizes sit in the headers
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zf.infolist():
                zout.writestr(item.filename, zf.read(item.filename))
    put(inbox, "lögn.xlsx", lie_about_size(out.getvalue(), SHEET, 4096))
    result = run(inbox)
    found = [f for f in result.findings if f.file == "lögn.xlsx"]
    assert [f.code for f in found] == ["rejected-file"]
    assert "uppger" in found[0].message(SV)
    assert_good(result, "Skola", "Teknik")


def grid_corner(part: bytes) -> bytes:
    return part.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
                                          b"</row></sheetData>")


def test_a_value_in_the_last_cell_of_the_grid_is_read_around(project):
    """calamine would allocate 17 billion cells and abort; the streaming reader reads the sheet and says so."""
    project.answer("Teknik")
    put(project, "Skola.xlsx", rezip(answered(project, "Skola"), {SHEET: grid_corner}))
    started = time.monotonic()
    result = run(project)
    assert time.monotonic() - started < 10
    assert about(result, "Skola.xlsx") == [("stray-cells", "Aktiviteter", "XFD1048576")]
    assert "XFD1048576 ('x')" in next(f.params["cells"] for f in result.findings if f.code == "stray-cells")
    assert_good(result, "Skola", "Teknik")


def test_a_dimension_that_claims_the_whole_grid_is_ignored(project):
    project.answer("Teknik")
    put(project, "Skola.xlsx", rezip(answered(project, "Skola"), {
        SHEET: lambda p: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', p)}))
    result = run(project)
    assert about(result, "Skola.xlsx") == []
    assert_good(result, "Skola", "Teknik")


def test_an_aborting_reader_takes_only_its_own_file_down(inbox):
    """With the dense-grid guard lifted, calamine aborts the worker on the grid-corner file: the run goes on."""
    put(inbox, "hörnet.xlsx", rezip(answered(inbox, "Skola"), {SHEET: grid_corner}))
    t = texts()
    received, submissions, findings = scan_inbox(inbox.plan, inbox.inbox, t, limits=Limits(dense_cells=10**15))
    found = [f for f in findings if f.file == "hörnet.xlsx"]
    assert [f.code for f in found] == ["unreadable-file"]
    assert found[0].params["reason"] == Text("reason.crashed") and found[0].detail == "signal 6"  # the signal for --debug, not the message
    assert {s.file for s in submissions} == {"Skola.xlsx", "Teknik.xlsx"}


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10)) + b"]>")
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("part, prolog, use", [
    (SHEET, BILLION_LAUGHS, b"&lol9;"),
    (SHEET, XXE, b"&xxe;"),
    ("docProps/core.xml", XXE, b"&xxe;"),
    ("xl/workbook.xml", BILLION_LAUGHS, b""),
])
def test_xml_entity_declarations_are_refused(inbox, part, prolog, use):
    def attack(p: bytes) -> bytes:
        p = re.sub(rb"^<\?xml[^>]*\?>", b"", p)
        if use and part == SHEET:
            p = p.replace(b"G&#229;r bra.", use, 1)
        elif use:
            p = p.replace(b"</dc:creator>", use + b"</dc:creator>", 1)
        return prolog + p

    put(inbox, "entiteter.xlsx", rezip(answered(inbox, "Skola"), {part: attack}))
    started = time.monotonic()
    result = run(inbox)
    assert time.monotonic() - started < 10
    found = [f for f in result.findings if f.file == "entiteter.xlsx"]
    assert [f.code for f in found] == ["rejected-file"]
    assert part in found[0].message(SV) and "DOCTYPE" in found[0].message(SV)
    assert "root:" not in json.dumps([f.message(SV) for f in result.findings])
    assert_good(result, "Skola", "Teknik")


def test_a_file_over_the_size_limit_is_not_read(inbox):
    put(inbox, "stor.xlsx", answered(inbox, "Skola"))
    t = texts()
    limits = Limits(file_bytes=4096)
    received, submissions, findings = scan_inbox(inbox.plan, inbox.inbox, t, limits=limits)
    assert sorted(f.code for f in findings if f.file == "stor.xlsx") == ["rejected-file"]


# -- the isolation itself -----------------------------------------------------------------------------------------


def _double(x):
    return 2 * x


def _misbehave(kind):
    if kind == "abort":
        os.abort()
    if kind == "sleep":
        time.sleep(30)
    if kind == "allocate":
        return len(bytearray(2 * 1024 ** 3))
    return kind


def test_workers_that_abort_hang_or_overreach_fail_alone():
    """Where the platform caps a worker's memory, an overreaching one fails alone too (elsewhere preflight's
    limits are the bound, and a 2 GB allocation would simply succeed)."""
    items = ["ok", "abort", "sleep", "fine"] + (["allocate"] if capabilities.MEMORY_LIMIT else [])
    # Two workers started (interpreter and imports) before the clock matters: on a loaded machine a start
    # alone could pass the 6 s given to each item below, and a well-behaved item would read as a timeout.
    assert isolate.run_isolated(_double, [1, 2], workers=2) == [2, 4]
    started = time.monotonic()
    results = isolate.run_isolated(_misbehave, items, workers=2, timeout=6, memory=512 * 1024 ** 2)
    assert time.monotonic() - started < 25  # the sleeper (30 s) was stopped at its 6 s
    assert results[0] == "ok" and results[3] == "fine"
    assert [(r.kind, r.detail.startswith("signal 6")) for r in results[1:2]] == [("crashed", True)]
    assert results[2] == isolate.Failure("timeout")
    assert results[4:] == ([isolate.Failure("memory")] if capabilities.MEMORY_LIMIT else [])
    assert isolate.run_isolated(_double, [1, 2, 3], workers=2) == [2, 4, 6]  # workers are replaced and reused


def _pid(_):
    return os.getpid()


def test_items_are_drawn_as_workers_become_free_and_idle_workers_are_used_again(tmp_path):
    """Collect hashes and archives each file just before a worker takes it: a generator of items is drawn from
    lazily (results are in before the later items are made), and answered in item order."""
    isolate.stop_idle()
    done_when_made = []

    def items():
        for i in range(6):
            done_when_made.append(len(os.listdir(tmp_path)))  # how many items the workers had finished
            yield str(tmp_path), i

    results = isolate.run_isolated(_slow_echo, items(), workers=2)
    assert results == list(range(6))
    assert done_when_made[0] == 0 and done_when_made[3] >= 1 and done_when_made[5] >= 3
    started = {w.process.pid for w in isolate._idle}
    assert set(isolate.run_isolated(_pid, [1, 2], workers=2)) <= started  # the same two processes throughout
    assert isolate.run_isolated(_double, iter([]), workers=2) == []


def _slow_echo(item):
    folder, i = item
    time.sleep(0.1)
    open(os.path.join(folder, str(i)), "w").close()
    return i


def test_in_process_reading_gives_the_same_result(inbox):
    put(inbox, "Skola.xlsx", answered(inbox, "Skola", Filling(
        answers={**GOOD["Skola"].answers, "S1": ("Försenad", date(2024, 6, 30), "")},
        assessments=GOOD["Skola"].assessments)))
    isolated, _ = gather(inbox.plan, inbox.inbox, texts())
    local, _ = gather(inbox.plan, inbox.inbox, texts(), workers=0)
    assert isolated.findings == local.findings
    assert [asdict(r) for r in isolated.rows] == [asdict(r) for r in local.rows]


# -- files from other programs ------------------------------------------------------------------------------------


@needs_soffice
def test_a_workbook_saved_in_libreoffice_is_read_as_excels_own_save(project, tmp_path):
    project.answer("Teknik")
    filling = Filling(answers={**GOOD["Skola"].answers, "S1": ("Försenad", date(2024, 6, 30), "")},
                      assessments=GOOD["Skola"].assessments)
    src = tmp_path / "Skola.xlsx"
    fill_workbook(project.blank("Skola"), src, filling, LATER)
    put(project, "Skola.xlsx", src.read_bytes())
    excel = run(project)
    saved = soffice_convert(src, "xlsx", tmp_path / "lo")
    assert b"sharedStrings" in saved.read_bytes()  # LibreOffice writes shared strings, as Excel does
    put(project, "Skola.xlsx", saved.read_bytes())
    libre = run(project)
    assert [(f.code, f.sheet, f.cell) for f in libre.findings] == [(f.code, f.sheet, f.cell) for f in excel.findings]
    unsourced = lambda rows: [asdict(r) | {"source": ""} for r in rows]  # noqa: E731
    assert unsourced(libre.merged.rows) == unsourced(excel.merged.rows)


def google_sheets(data: bytes) -> bytes:
    """As Google Sheets exports: inline strings, no dimension tag, no app properties."""
    def sheet(part: bytes) -> bytes:
        return re.sub(rb"<dimension [^>]*/>", b"", part)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    return rezip(data, {n: sheet for n in names if n.startswith("xl/worksheets/")}, drop={"docProps/app.xml"})


def test_a_workbook_exported_from_google_sheets(project):
    project.answer("Teknik")
    data = google_sheets(answered(project, "Skola"))
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    assert b't="inlineStr"' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    put(project, "Skola.xlsx", data)
    result = run(project)
    assert about(result, "Skola.xlsx") == []
    assert_good(result, "Skola", "Teknik")


def macro_enabled(data: bytes) -> bytes:
    def types(part: bytes) -> bytes:
        part = part.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
        return part.replace(b"</Types>", b'<Default Extension="bin" ContentType="application/'
                                          b'vnd.ms-office.vbaProject"/></Types>')

    def rels(part: bytes) -> bytes:
        return part.replace(b"</Relationships>", b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/'
                                                 b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                                                 b"</Relationships>")
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b'Attribute VB_Name = "Module1"\nSub Auto_Open()\nShell "calc"\nEnd Sub'
    return rezip(data, {"[Content_Types].xml": types, "xl/_rels/workbook.xml.rels": rels},
                 add={"xl/vbaProject.bin": vba})


def test_a_macro_enabled_copy_is_read_and_its_macros_ignored(project):
    project.answer("Teknik")
    put(project, "Skola.xlsm", macro_enabled(answered(project, "Skola")))
    result = run(project)
    found = [f for f in result.findings if f.file == "Skola.xlsm"]
    assert [(f.code, f.severity, f.department) for f in found] == [("macros-ignored", Severity.WARNING, "Skola")]
    assert result.merged.answered["Skola"] == "Skola.xlsm"
    assert_good(result, "Skola", "Teknik")
    with zipfile.ZipFile(result.path) as zf:
        assert not [n for n in zf.namelist() if "vba" in n.lower() or "macro" in n.lower()]
        assert all(b"Auto_Open" not in zf.read(n) for n in zf.namelist())


# -- a department that edited the structure -----------------------------------------------------------------------


def test_a_deleted_sheet_is_named_with_what_was_found(project):
    project.answer("Teknik")
    put(project, "Skola.xlsx", edited(project, "Skola", lambda wb: wb.remove(wb["Målbedömning"])))
    result = run(project)
    found = [f for f in result.findings if f.file == "Skola.xlsx"]
    assert [f.code for f in found] == ["missing-sheet"]
    assert found[0].params["sheet"] == Text("sheet.assessment") and "Aktiviteter" in found[0].params["found"].split(", ")
    assert_good(result, "Teknik")


def test_hidden_and_inserted_rows_never_shift_cell_addresses(project):
    project.answer("Teknik")
    filling = Filling(answers={**GOOD["Skola"].answers, "S2": ("Försenad", date(2024, 3, 31), "")},
                      assessments=GOOD["Skola"].assessments)

    def change(wb):
        ws = wb["Aktiviteter"]
        ws.insert_rows(5, 2)  # two blank rows above S2: S2 moves from row 5 to row 7
        ws.row_dimensions[4].hidden = True  # S1 hidden
    put(project, "Skola.xlsx", edited(project, "Skola", change, filling))
    result = run(project)
    assert about(result, "Skola.xlsx") == [("missing-comment", "Aktiviteter", "F7")]
    rows = {r.id: (r.status, r.comment) for r in result.merged.rows}
    assert rows["S1"] == ("Pågående enligt plan", "Går bra.") and rows["S2"] == ("Försenad", "")


def test_a_renamed_column_is_named_with_its_expected_header(project):
    project.answer("Teknik")
    put(project, "Skola.xlsx", edited(project, "Skola", lambda wb: wb["Aktiviteter"].cell(3, 6, "Kommentarer")))
    result = run(project)
    found = [f for f in result.findings if f.file == "Skola.xlsx"]
    assert [(f.code, f.sheet, f.cell) for f in found] == [("missing-column", "Aktiviteter", "A3")]
    assert found[0].params["column"] == Text("col.comment")
    assert {r.id: r.status for r in result.merged.rows if r.department == "Skola"} == {
        "S1": "Pågående enligt plan", "S2": "Avslutad enligt plan", "S3": "Pågående enligt plan"}
    assert_good(result, "Teknik")


def test_merged_cells_in_the_data_area(project):
    project.answer("Teknik")
    put(project, "Skola.xlsx", edited(project, "Skola", lambda wb: wb["Aktiviteter"].merge_cells("D4:D6")))
    result = run(project)
    assert about(result, "Skola.xlsx") == [("merged-cells", "Aktiviteter", "D4"),
                                           ("missing-status", "Aktiviteter", "D5"),
                                           ("missing-status", "Aktiviteter", "D6")]
    assert next(f.params for f in result.findings if f.code == "merged-cells") == {"cells": "D4:D6", "first": "D4"}
    assert next(r.status for r in result.merged.rows if r.id == "S1") == "Pågående enligt plan"


def test_formulas_with_and_without_a_saved_result(project):
    """A formula Excel calculated is read by its saved value; one never calculated is reported, never read as blank."""
    project.answer("Teknik")

    def change(wb):
        ws = wb["Aktiviteter"]
        ws["D4"] = '=IF(TRUE,"Försenad")'  # openpyxl saves formulas without a result, as scripts do
        ws["E5"] = "=DATE(2024,3,31)"
    data = edited(project, "Skola", change)
    data = rezip(data, {SHEET: lambda p: re.sub(  # and one as Excel saves it: the formula and its result
        rb'<c r="F6"[^>]*?(/>|>.*?</c>)',
        '<c r="F6" t="str"><f>"Klar i "&amp;"maj"</f><v>Klar i maj</v></c>'.encode(), p, count=1)})
    put(project, "Skola.xlsx", data)
    result = run(project)
    assert about(result, "Skola.xlsx") == [("uncalculated-formula", "Aktiviteter", "D4"),
                                           ("uncalculated-formula", "Aktiviteter", "E5")]
    assert "spara" in next(f.message(SV) for f in result.findings if f.cell == "D4")
    rows = {r.id: r for r in result.merged.rows}
    assert rows["S3"].comment == "Klar i maj"
    assert (rows["S1"].status, rows["S2"].end) == ("", None)  # unknown, and said so: not a value made up


def test_error_values(project):
    project.answer("Teknik")

    def change(wb):
        ws = wb["Aktiviteter"]
        ws["D4"], ws["E5"], ws["F6"] = "#REF!", "#N/A", "#DIV/0!"
        wb["Målbedömning"]["C4"] = "#VALUE!"
    put(project, "Skola.xlsx", edited(project, "Skola", change))
    result = run(project)
    assert about(result, "Skola.xlsx") == [("error-value", "Aktiviteter", "D4"), ("error-value", "Aktiviteter", "E5"),
                                           ("error-value", "Aktiviteter", "F6"),
                                           ("error-value", "Målbedömning", "C4")]
    params = {f.cell: f.params for f in result.findings if f.code == "error-value"}
    assert params["D4"] == {"value": "#REF!", "column": Text("col.status")} and params["E5"]["value"] == "#N/A"
    assert_good(result, "Teknik")


# -- values as people type them -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["31 mars 2024", "31:a mars 2024", "31-03-2024", "31.3.2024", "2024-03-31",
                                   "2024-03-31T10:00", "2024-03-31 10:00:30"])  # ISO with a time (pasted from a system)
def test_more_dates_as_people_type_them(project, typed):
    project.answer("Teknik")
    filling = Filling(answers={**GOOD["Skola"].answers, "S2": ("Avslutad enligt plan", typed, "")},
                      assessments=GOOD["Skola"].assessments)
    put(project, "Skola.xlsx", answered(project, "Skola", filling))
    result = run(project)
    assert about(result, "Skola.xlsx") == []
    assert next(r.end for r in result.merged.rows if r.id == "S2") == date(2024, 3, 31)


def test_the_1904_date_system(project):
    """A Mac workbook: date cells and serial numbers typed in General cells both count from 1904."""
    project.answer("Teknik")
    serial = (date(2024, 3, 31) - date(1904, 1, 1)).days

    def change(wb):
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        ws = wb["Aktiviteter"]
        ws["E4"] = datetime(2024, 6, 30)
        ws["E5"] = serial
        ws["E5"].number_format = "General"
    put(project, "Skola.xlsx", edited(project, "Skola", change))
    result = run(project)
    assert about(result, "Skola.xlsx") == []
    ends = {r.id: r.end for r in result.merged.rows}
    assert (ends["S1"], ends["S2"]) == (date(2024, 6, 30), date(2024, 3, 31))


def test_control_characters_and_text_longer_than_a_cell(project):
    project.answer("Teknik")
    long = "Lång kommentar. " * 2100  # 33 600 characters: more than Excel (or openpyxl) would save
    filling = Filling(answers={**GOOD["Skola"].answers, "S1": ("Pågående enligt plan", date(2024, 6, 30), "Bra"),
                               "S2": ("Avslutad enligt plan", date(2024, 3, 31), "LONG")},
                      assessments=GOOD["Skola"].assessments)
    data = rezip(answered(project, "Skola", filling), {SHEET: lambda p: p.replace(
        b"<t>Bra</t>", b"<t>B_x0007_ra\x09_x001B_ jobbat</t>", 1).replace(b"<t>LONG</t>", f"<t>{long}</t>".encode())})
    put(project, "Skola.xlsx", data)
    result = run(project)
    assert about(result, "Skola.xlsx") == [("truncated-text", "Aktiviteter", "F5")]
    rows = {r.id: r.comment for r in result.merged.rows}
    assert rows["S1"] == "Bra\t jobbat"
    assert len(rows["S2"]) == 32767 and long.startswith(rows["S2"])
    archived = next(p for p in (project.root / "arkiv").iterdir() if p.read_bytes() == data)
    assert archived  # the whole text is kept in the archive


# -- folder debris --------------------------------------------------------------------------------------------------


def test_folder_debris_is_skipped_and_sub_folders_are_never_read(inbox, tmp_path):
    newer = answered(inbox, "Skola", Filling(answers={"S1": ("Försenad", date(2024, 6, 30), "gammal mapp")}))
    for name, data in [("~$Skola.xlsx", b"\x05Eva Ek" + bytes(160)), ("._Skola.xlsx", b"\x00\x05\x16\x07" + bytes(80)),
                       ("Thumbs.db", b"\xd0\xcf\x11\xe0" + bytes(60)), ("desktop.ini", b"[.ShellClassInfo]\r\n"),
                       (".DS_Store", bytes(40)), (".~lock.Skola.xlsx#", b"Eva Ek,dator,2024")]:
        put(inbox, name, data)
    (inbox.inbox / "__MACOSX").mkdir()
    (inbox.inbox / "__MACOSX" / "._Skola.xlsx").write_bytes(bytes(80))
    (inbox.inbox / "gamla").mkdir()
    (inbox.inbox / "gamla" / "Skola.xlsx").write_bytes(newer)
    outside = tmp_path / "utanför.xlsx"
    outside.write_bytes(newer)
    (inbox.inbox / "länk.xlsx").symlink_to(outside)
    os.mkfifo(inbox.inbox / "rör.xlsx")  # a named pipe: opening it for reading would wait forever
    started = time.monotonic()
    result = run(inbox)
    assert time.monotonic() - started < 20
    skipped = sorted((f.file, f.code, f.severity) for f in result.findings if f.code == "skipped-file")
    assert [s[0] for s in skipped] == sorted(["~$Skola.xlsx", "._Skola.xlsx", "Thumbs.db", "desktop.ini", ".DS_Store",
                                              ".~lock.Skola.xlsx#", "__MACOSX", "gamla", "länk.xlsx", "rör.xlsx"])
    assert {s[2] for s in skipped} == {Severity.INFO}
    assert [f for f in result.findings if f.code != "skipped-file"] == []
    assert_good(result, "Skola", "Teknik")  # the newer answer in gamla/ was not used


# -- what collect promises ----------------------------------------------------------------------------------------


def test_every_received_file_is_archived_with_a_manifest(inbox):
    put(inbox, "kopia.xlsx", (inbox.inbox / "Skola.xlsx").read_bytes())
    put(inbox, "lista.xlsx", b"a;b\n")
    put(inbox, "~$Skola.xlsx", bytes(20))
    run(inbox, now=datetime(2024, 5, 20, 8, 0))
    arkiv = inbox.root / "arkiv"
    stored = {p.name for p in arkiv.iterdir()}
    for name in ("Skola.xlsx", "Teknik.xlsx", "lista.xlsx"):
        data = (inbox.inbox / name).read_bytes()
        assert f"{hashlib.sha256(data).hexdigest()}.xlsx" in stored
        assert (arkiv / f"{hashlib.sha256(data).hexdigest()}.xlsx").read_bytes() == data
    assert len(stored) == 5  # three distinct files, the plan and the manifest: the copy is stored once
    lines = read_manifest(arkiv)
    run_line = lines[0]
    assert run_line["kind"] == "run" and run_line["run"] == "2024-05-20T08:00:00"
    assert run_line["plan_sha256"] == hashlib.sha256(inbox.plan_path.read_bytes()).hexdigest()
    assert (arkiv / run_line["plan_archived"]).read_bytes() == inbox.plan_path.read_bytes()
    files = {line["file"]: line for line in lines[1:]}
    assert set(files) == {"Skola.xlsx", "Teknik.xlsx", "kopia.xlsx", "lista.xlsx", "~$Skola.xlsx"}
    assert files["Skola.xlsx"]["department"] == "Skola" and files["Skola.xlsx"]["used"] is True
    assert files["Skola.xlsx"]["saved"] == "2024-05-10T12:00:00+00:00"  # UTC, as the file says
    assert files["kopia.xlsx"]["used"] is False and "Skola.xlsx" in files["kopia.xlsx"]["reason"]
    assert files["lista.xlsx"]["findings"] == ["unreadable-file"]
    assert files["~$Skola.xlsx"]["skipped"] and files["~$Skola.xlsx"]["archived"] == ""
    # A dispute settled from the archive alone: what Skola sent, as it was read.
    book = read_book(arkiv / files["Skola.xlsx"]["archived"])
    assert identity_of(book).department == "Skola"
    run(inbox, now=datetime(2024, 5, 21, 8, 0))
    assert [line["run"] for line in read_manifest(arkiv) if line["kind"] == "run"] == [
        "2024-05-20T08:00:00", "2024-05-21T08:00:00"]
    assert len(list(arkiv.iterdir())) == 5  # nothing stored twice


def merged_values(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def test_collecting_twice_gives_the_same_merged_content(inbox):
    put(inbox, "lista.xlsx", b"a;b\n")
    put(inbox, "Skola (2).xlsx", answered(inbox, "Skola", saved=datetime(2024, 5, 1)))
    first = run(inbox, now=datetime(2024, 5, 20, 8, 0))
    values = merged_values(first.path)
    second = run(inbox, now=datetime(2024, 5, 20, 9, 0))
    assert merged_values(second.path) == values
    assert second.findings == first.findings


def test_a_failed_write_leaves_the_previous_merged_workbook_and_no_half_written_file(inbox, monkeypatch):
    first = run(inbox, now=datetime(2024, 5, 20, 8, 0))
    before = first.path.read_bytes()
    import malxl.merged

    def crash(self):
        self.wb.add_worksheet("halvfärdig")
        raise KeyboardInterrupt  # the coordinator pressed Ctrl+C half-way

    monkeypatch.setattr(malxl.merged._MergedWriter, "write", crash)
    with pytest.raises(KeyboardInterrupt):
        collect(inbox.inbox, now=datetime(2024, 5, 20, 9, 0))
    assert first.path.read_bytes() == before
    leftovers = [p.name for p in inbox.root.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_an_output_that_cannot_be_written_fails_with_exit_code_2(inbox, monkeypatch):
    first = run(inbox, now=datetime(2024, 5, 20, 8, 0))
    before = first.path.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))  # what Windows says while Excel has it open

    monkeypatch.setattr(os, "replace", locked)
    result = malxl("collect", str(inbox.inbox))
    monkeypatch.undo()
    assert result.exit_code == 2
    assert "Kan inte skriva" in result.output and "Stäng filen" in result.output
    assert first.path.read_bytes() == before
    assert [p.name for p in inbox.root.iterdir() if p.name.startswith(".")] == []


def test_an_output_folder_that_cannot_be_made_fails_with_exit_code_2(inbox):
    (inbox.root / "fil").write_text("en fil, ingen mapp")
    result = malxl("collect", str(inbox.inbox), "-o", str(inbox.root / "fil" / "s.xlsx"))
    assert result.exit_code == 2 and "Kan inte skriva" in result.output


def test_a_read_only_output_folder_fails_with_exit_code_2(inbox, tmp_path, deny_writes):
    out = deny_writes(tmp_path / "skrivskyddad")  # read-only also when the tests run as root
    result = malxl("collect", str(inbox.inbox), "-o", str(out / "s.xlsx"))
    assert result.exit_code == 2 and "Kan inte skriva" in result.output
    assert list(out.iterdir()) == []


def test_the_output_may_not_be_inside_the_inbox(inbox):
    with pytest.raises(MalxlError, match="inkorgen"):
        collect(inbox.inbox, out=inbox.inbox / "sammanstallning.xlsx")
    assert not (inbox.inbox / "arkiv").exists()


INJECTIONS = ['=HYPERLINK("http://example.com/x","klicka")', "+SUM(1)", "-2", "@x", "\t=1+1", "=1+1",
              "\r=cmd|' /C calc'!A0"]


def all_cells(path: Path):
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws.title, cell


def test_no_formula_injection_in_any_workbook_malxl_writes(project):
    teknik = Filling(answers={"T1": ("Försenad", date(2024, 12, 31), INJECTIONS[0]),
                              "T2": ("Pågående enligt plan", date(2025, 6, 30), INJECTIONS[1])},
                     assessments={"3.1": ("Knappt uppfyllt", INJECTIONS[2])})
    skola = Filling(answers={"S1": ("Pågående enligt plan", date(2024, 6, 30), INJECTIONS[3]),
                             "S2": ("Avslutad enligt plan", date(2024, 3, 31), INJECTIONS[4]),
                             "S3": ("", None, INJECTIONS[5])},  # no status: a return workbook is made
                    assessments={"1.1": ("Uppfyllt", INJECTIONS[6]), "1.2": ("Uppfyllt", "")},
                    added=[("=1+2", "1.1", '=HYPERLINK("http://example.com","ny")', "Pågående enligt plan",
                            "2024-06-01", "@SUM(A1)")])
    project.answer("Teknik", teknik, name="=SUM(1,2).xlsx")
    project.answer("Skola", skola)
    result = run(project)
    rep = report(result.path)
    from malxl.feedback import feedback

    returned = feedback(result.path, now=datetime(2024, 5, 21, 8, 0))  # a return workbook pre-filled with answers
    added = {"=1+2", '=HYPERLINK("http://example.com","ny")', "@SUM(A1)"}
    typed = {v.strip() for v in INJECTIONS} | added | {"=SUM(1,2).xlsx"}  # kept as typed, trimmed
    skolas = {v.strip() for v in (INJECTIONS[3], INJECTIONS[4], INJECTIONS[5])} | added
    expected = {result.path: typed, rep.paths[0]: typed - {"=1+2", "=SUM(1,2).xlsx"},
                returned.returns[0].workbook: skolas}
    assert rep.paths[0].name == "rapport.xlsx" and [p.department for p in returned.returns] == ["Skola"]
    for path, wanted in expected.items():
        seen = set()
        for sheet, cell in all_cells(path):
            assert cell.data_type != "f", (path.name, sheet, cell.coordinate, cell.value)
            if cell.value in typed:
                assert (cell.data_type, cell.hyperlink) == ("s", None), (path.name, sheet, cell.coordinate)
                seen.add(cell.value)
        assert seen >= wanted, (path.name, wanted - seen)
        with zipfile.ZipFile(path) as zf:
            assert not [n for n in zf.namelist() if "externalLink" in n]
            for n in zf.namelist():
                if n.endswith(".rels"):  # an external link would be a relationship; malxl makes none
                    assert b"/hyperlink" not in zf.read(n), (path.name, n)


@needs_soffice
def test_libreoffice_keeps_department_text_as_text(project, tmp_path):
    filling = Filling(answers={**GOOD["Skola"].answers, "S1": ("Pågående enligt plan", date(2024, 6, 30),
                                                                INJECTIONS[0])},
                      assessments=GOOD["Skola"].assessments)
    project.answer("Skola", filling)
    result = run(project)
    resaved = soffice_convert(result.path, "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(resaved)["Aktiviteter"]
    cell = next(row[7] for row in ws.iter_rows(min_row=2) if row[0].value == "S1")
    assert (cell.value, cell.data_type) == (INJECTIONS[0], "s")
    with zipfile.ZipFile(resaved) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"HYPERLINK" in zf.read(n) and b"<f>" in zf.read(n) for n in sheets)


def test_collect_refuses_to_run_without_safe_xml(inbox, monkeypatch):
    import openpyxl as opx

    monkeypatch.setattr(opx, "DEFUSEDXML", False)
    with pytest.raises(MalxlError, match="defusedxml"):
        collect(inbox.inbox)
    result = malxl("collect", str(inbox.inbox))
    assert result.exit_code == 2 and "defusedxml" in result.output
    monkeypatch.setattr(opx, "DEFUSEDXML", True)
    monkeypatch.setitem(sys.modules, "defusedxml", None)  # not installed
    with pytest.raises(MalxlError, match="defusedxml"):
        collect(inbox.inbox)


def test_every_new_code_is_registered_and_documented():
    readme = (Path(__file__).parent.parent / "docs" / "findings.md").read_text(encoding="utf-8")
    for code in ("protected-file", "rejected-file", "macros-ignored", "other-format", "uncalculated-formula",
                 "error-value", "merged-cells", "stray-cells", "truncated-text"):
        assert code in CODES
        assert f"| `{code}` |" in readme
        for lang in ("sv", "en"):
            assert texts(lang)(f"finding.{code}", reason="x", format="x", column="x", value="x", cells="x",
                               first="x", count=1, length=1, limit=1)


# -- workbooks no one here wrote, and text at Excel's limits ---------------------------------------------------------

#: Words of the reading libraries' and the system's own (English) messages: never in a Swedish message.
LIBRARY_ENGLISH = re.compile(r"\b(cannot|detect|error|invalid|failed|unexpected|password|protected|corrupt|not|the|"
                             r"file|found|expected|os|crc|zip bomb|compression|method|signal)\b", re.IGNORECASE)


def inbox_entries(folder: Path) -> set[str]:
    """Every entry in ``folder`` by the name malxl gives it (bytes that are not text as \\xe4)."""
    from malxl.collect import readable_name

    return {readable_name(os.fsdecode(raw)) for raw in os.listdir(os.fsencode(folder))}


def received_sheet(path: Path) -> dict[str, tuple]:
    """Inkomna read back from the merged workbook: file name -> the rest of its row."""
    rows = list(openpyxl.load_workbook(path)["Inkomna"].iter_rows(values_only=True))
    return {row[0]: row[1:] for row in rows[1:]}


def answers_of(result) -> tuple:
    """What the round says: every activity's answer and every goal's assessment, and the sheets showing them."""
    values = merged_values(result.path)
    return ({r.id: (r.status, r.end, r.comment, r.answered) for r in result.merged.rows},
            {a.goal_id: (a.level, a.analysis) for a in result.merged.assessments},
            dict(result.merged.answered), values["Aktiviteter"], values["Målbedömning"])


def test_a_corpus_of_foreign_files_beside_a_clean_round(inbox, tmp_path):
    """Files other programs wrote, broken, odd or protected: each listed and explained in Swedish, none counted."""
    from tests.foreign.corpus import make_corpus

    clean = answers_of(run(inbox, now=datetime(2024, 5, 20, 8, 0)))
    expected = make_corpus(inbox.inbox, answered(inbox, "Skola"), tmp_path / "corpus")
    assert "N\\xe4ringsliv.xlsx" in expected and "Lösen.xls" in expected or shutil.which("soffice") is None
    result = run(inbox, now=datetime(2024, 5, 20, 9, 0))
    assert answers_of(result) == clean  # the round's answers merged exactly as without the foreign files
    entries = inbox_entries(inbox.inbox)
    assert entries == set(expected) | {"Skola.xlsx", "Teknik.xlsx"}
    listed = received_sheet(result.path)
    assert set(listed) == entries  # every inbox entry in Inkomna, by a readable name
    manifest = {line["file"]: line for line in read_manifest(inbox.root / "arkiv") if line.get("run") ==
                "2024-05-20T09:00:00" and line["kind"] == "file"}
    assert set(manifest) == entries
    for name, code in expected.items():
        found = [f for f in result.findings if f.file == name]
        assert [f.code for f in found] == [code], (name, found)
        message = found[0].message(SV)
        assert not LIBRARY_ENGLISH.search(message), (name, message)
        assert not found[0].detail or found[0].detail not in message
        assert manifest[name]["findings"] == [code] and manifest[name].get("used") is False
        assert listed[name][-1].startswith("Nej: "), (name, listed[name])
    # The readers' own words are kept where a coordinator or a developer can look them up.
    assert "PasswordError" not in json.dumps(manifest)  # a protected file is known before any reader opens it
    assert any("CRC" in d for d in manifest["Fel kontrollsumma.xlsx"]["details"])
    assert {f.file for f in result.findings if f.code == "protected-file"} >= {"Skola lösen.xlsx"}


def test_a_file_name_that_is_not_utf8_is_read_listed_and_archived(project):
    """An old Windows program saved Skola's answer under a Latin-1 name: it is used, and shown as \\xe5."""
    project.answer("Teknik")
    data = answered(project, "Skola")
    with open(os.path.join(os.fsencode(project.inbox), b"Skola \xe5terrapport.xlsx"), "wb") as f:
        f.write(data)
    result = malxl("collect", str(project.inbox))
    assert result.exit_code == 0, result.output
    shown = "Skola \\xe5terrapport.xlsx"
    merged = received_sheet(project.merged)
    assert merged[shown][0] == "Skola" and merged[shown][-1] == "Ja"
    manifest = [line for line in read_manifest(project.root / "arkiv") if line.get("file") == shown]
    assert manifest[0]["used"] is True
    assert (project.root / "arkiv" / manifest[0]["archived"]).read_bytes() == data
    assert json.dumps(shown) in (project.root / "arkiv" / "manifest.jsonl").read_bytes().decode("utf-8")  # UTF-8


def test_lock_files_are_listed_in_inkomna(inbox):
    put(inbox, "~$Skola.xlsx", b"\x05Eva Ek" + bytes(160))
    put(inbox, ".~lock.Teknik.xlsx#", b"Eva Ek,dator,2024")
    result = run(inbox)
    listed = received_sheet(result.path)
    assert "Excels låsfil" in listed["~$Skola.xlsx"][-1] and "LibreOffices låsfil" in listed[".~lock.Teknik.xlsx#"][-1]
    assert about(result, "~$Skola.xlsx") == [("skipped-file", "", "")]


@needs_soffice
def test_password_protected_xls_and_ods_are_protected_files(inbox, tmp_path):
    from tests.foreign.corpus import ods_with_password, xls_with_password

    src = tmp_path / "Skola.xlsx"
    src.write_bytes(answered(inbox, "Skola"))
    put(inbox, "Skola.xls", xls_with_password(soffice_convert(src, "xls", tmp_path / "xls").read_bytes()))
    put(inbox, "Skola.ods", ods_with_password(soffice_convert(src, "ods", tmp_path / "ods").read_bytes()))
    result = run(inbox)
    assert about(result, "Skola.xls") == about(result, "Skola.ods") == [("protected-file", "", "")]
    assert_good(result, "Skola", "Teknik")


def test_a_wrong_checksum_is_damage_and_a_small_lie_is_no_zip_bomb(inbox):
    from tests.foreign.corpus import wrong_crc

    data = answered(inbox, "Skola")
    put(inbox, "kontrollsumma.xlsx", wrong_crc(data, SHEET))
    part = zipfile.ZipFile(io.BytesIO(data)).getinfo("docProps/app.xml")
    put(inbox, "storlek.xlsx", lie_about_size(data, "docProps/app.xml", part.file_size - 10))
    result = run(inbox)
    messages = {f.file: (f.code, f.message(SV)) for f in result.findings if f.file in ("kontrollsumma.xlsx", "storlek.xlsx")}
    assert messages["kontrollsumma.xlsx"][0] == messages["storlek.xlsx"][0] == "unreadable-file"
    assert "kontrollsumma stämmer inte" in messages["kontrollsumma.xlsx"][1]
    assert "inte så stor som den uppger" in messages["storlek.xlsx"][1]
    assert not any("zip-bomb" in m or "0 MB" in m for _, m in messages.values())


def test_sizes_under_a_megabyte_are_not_shown_as_0_mb():
    from malxl.workbook.preflight import size_text

    assert [size_text(n) for n in (0, 300, 200_000, 1024 * 1024 * 3 // 2, 50 * 1024 * 1024)] == [
        "0 kB", "1 kB", "196 kB", "1.5 MB", "50 MB"]


def test_text_is_counted_in_utf16_units_as_excel_counts(project):
    """20,000 emoji are 40,000 units: more than a cell holds, cut at a whole emoji, with truncated-text."""
    from malxl.workbook.xlsx import excel_cut, excel_len

    assert excel_len("a😀") == 3 and excel_cut("ab😀", 3) == "ab" and excel_cut("ab😀", 4) == "ab😀"
    project.answer("Teknik")
    emoji = "😀" * 20_000
    filling = Filling(answers={**GOOD["Skola"].answers, "S2": ("Avslutad enligt plan", date(2024, 3, 31), "LONG")},
                      assessments=GOOD["Skola"].assessments)
    put(project, "Skola.xlsx", rezip(answered(project, "Skola", filling),
                                     {SHEET: lambda p: p.replace(b"<t>LONG</t>", f"<t>{emoji}</t>".encode())}))
    result = run(project)
    assert about(result, "Skola.xlsx") == [("truncated-text", "Aktiviteter", "F5")]
    found = next(f for f in result.findings if f.code == "truncated-text")
    assert found.params["length"] == 40000
    comment = next(r.comment for r in result.merged.rows if r.id == "S2")
    assert comment == "😀" * 16_383 and excel_len(comment) == 32_766  # the next emoji would make 32,768
    written = openpyxl.load_workbook(result.path)["Aktiviteter"]
    assert any(c.value == comment for row in written.iter_rows() for c in row)


def test_no_row_is_taller_than_excel_allows_in_any_workbook_malxl_writes(project):
    """A comment of several thousand characters: every row height in every output within Excel's 409 points."""
    from malxl.feedback import feedback

    long = "Mycket lång kommentar om läget. " * 300  # 9,600 characters
    skola = Filling(answers={"S1": ("Pågående enligt plan", date(2024, 6, 30), long),
                             "S2": ("Avslutad enligt plan", date(2024, 3, 31), ""),
                             "S3": ("", None, long)},  # no status: a return workbook is made
                    assessments={"1.1": ("Uppfyllt", long), "1.2": ("Uppfyllt", "")})
    project.answer("Skola", skola)
    project.answer("Teknik")
    result = run(project)
    rep = report(result.path)
    returned = feedback(result.path, now=datetime(2024, 5, 21, 8, 0))
    outputs = [result.path, rep.paths[0], returned.returns[0].workbook]
    assert [p.name for p in outputs[1:]] == ["rapport.xlsx", "Skola.xlsx"]
    for path in outputs:
        heights = []
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    heights += [float(h) for h in re.findall(rb'<row [^>]*\bht="([0-9.]+)"', zf.read(name))]
        assert heights and 400 < max(heights) <= 409, (path.name, max(heights))  # xlsxwriter: 408.75, whole pixels


def test_debug_shows_the_readers_own_words_the_message_keeps_them_out(inbox):
    from tests.foreign.corpus import damaged_xml

    put(inbox, "trasig.xlsx", damaged_xml(answered(inbox, "Skola"), SHEET))
    plain = malxl("collect", str(inbox.inbox))
    debug = CliRunner().invoke(cli, ["--lang", "sv", "--debug", "collect", str(inbox.inbox)])
    assert plain.exit_code == debug.exit_code == 1
    assert "XML är ogiltig" in plain.output and "not well-formed" not in plain.output
    assert "not well-formed" in debug.output  # expat's words, under the finding
