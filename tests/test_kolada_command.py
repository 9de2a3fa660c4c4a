"""`malxl kolada`: Kolada's values for the plan's indicators land in the merged workbook's Indikatorer sheet, every
other part of the workbook byte for byte as it was; the responses are archived with their fetch time; every
refusal leaves the workbook untouched. No test needs the internet: tests/kolada_server.py stands in for Kolada."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from malxl import merged as merged_module
from malxl.cli import cli
from malxl.collect import collect
from malxl.errors import InputError
from malxl.indicators import DEPARTMENT, KOLADA, Indicator
from malxl.kolada import kolada
from malxl.koladaapi import KoladaError
from malxl.texts import texts
from malxl.workbook.sheetrows import patch_sheet, sheet_part

from .conftest import Project, small_plan
from .kolada_server import Kolada, v3_row

BEHORIGA = Indicator("I1", "1.1", "Behöriga till gymnasiet", "%", True, None, True, KOLADA, "N15428")
MOTEN = Indicator("I2", "3.1", "Dialogmöten", "st", True, 2.0, False, DEPARTMENT, "", "Teknik", 0.0, 50.0)
KOSTNAD = Indicator("I3", "3.1", "Kostnad per invånare", "kr", False, 100.0, False, KOLADA, "N00001")

ROWS = [
    v3_row("N15428", "2260", 2022, 79.2),
    v3_row("N15428", "0000", 2022, 83.5),
    v3_row("N15428", "2260", 2023, 80.4),
    v3_row("N15428", "0000", 2023, 84.1),
    v3_row("N00001", "2260", 2023, 95.0),
    v3_row("N00001", "2260", 2024, None),  # not yet published
    v3_row("N15428", "1860", 2023, 99.0),  # another municipality
]
HEADER = ["col.indicator_id", "col.goal_id", "col.indicator", "col.unit", "col.year", "col.indicator_value",
          "col.comparison", "col.target", "col.reaches", "col.trend", "col.indicator_source", "col.comment",
          "col.collected_value"]


def _write_indicators(wb, plan):
    """What merged.py's writer will write: the Indikatorer sheet in the documented layout (one report-year row an
    indicator, the hidden column M), until that writer lands."""
    t = texts(plan.settings.language)
    ws = wb.add_worksheet(t("sheet.indicators"))
    number = wb.add_format({"num_format": "0.0"})
    bold = wb.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF"})
    for c, key in enumerate(HEADER):
        ws.write_string(0, c, t(key), bold)
    ws.set_column(5, 7, 12, number)
    ws.set_column(12, 12, None, number, {"hidden": True})
    year = plan.settings.report_date.year
    for r, ind in enumerate(plan.indicators, start=1):
        for c, value in enumerate((ind.id, ind.goal_id, ind.title, ind.unit)):
            ws.write_string(r, c, value)
        ws.write_number(r, 4, year)
        ws.write_blank(r, 5, None, number)
        ws.write_blank(r, 6, None, number)
        if ind.target is not None:
            ws.write_number(r, 7, ind.target, number)
        ws.write_string(r, 10, "Plan")
        ws.write_string(r, 11, "Bra" if ind.id == "I2" else "")
        ws.write_blank(r, 12, None, number)
    ws.autofilter(0, 0, len(plan.indicators), len(HEADER) - 1)


def collect_with_indicators(project: Project, monkeypatch, now: datetime | None = None) -> Path:
    """Collect, the merged workbook gaining the Indikatorer sheet beside the hidden plan sheets."""
    original = merged_module.write_plan_sheets

    def write_plan_sheets(wb, plan, *args, **kwargs):
        made = original(wb, plan, *args, **kwargs)
        if wb.get_worksheet_by_name(texts(plan.settings.language)("sheet.indicators")) is None:
            _write_indicators(wb, plan)  # merged.py's writer has none yet
        return made

    monkeypatch.setattr(merged_module, "write_plan_sheets", write_plan_sheets)
    collect(project.inbox, workers=0, now=now)
    return project.merged


@pytest.fixture
def merged(tmp_path, monkeypatch) -> Path:
    """A collected merged workbook whose plan has Kolada indicators and an Indikatorer sheet."""
    plan = replace(small_plan(municipality="2260"), indicators=(BEHORIGA, MOTEN, KOSTNAD))
    project = Project(tmp_path, plan)
    project.answer_all()
    return collect_with_indicators(project, monkeypatch, datetime(2024, 5, 20, 9, 0))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def indicator_rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["Indikatorer"]
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=2)]


NOW = datetime(2024, 5, 21, 10, 30, tzinfo=UTC)


def test_values_fetched_over_two_pages_land_in_the_sheet_and_nothing_else_changes(merged):
    before = members(merged)
    value_format = openpyxl.load_workbook(merged)["Indikatorer"]["F2"].number_format
    with Kolada(ROWS, page_size=2) as server:
        result = kolada(merged, server.url, now=NOW)
    assert len(server.requests) == 3  # five rows of the asked units (2260, 0000), two a page
    after = members(merged)
    changed = {n for n in before if before[n] != after.get(n)}
    with zipfile.ZipFile(merged) as z:
        assert changed == {sheet_part(z, "Indikatorer")}
    assert set(after) == set(before)
    rows = indicator_rows(merged)
    assert [r[:13] for r in rows] == [
        ("I1", "1.1", "Behöriga till gymnasiet", "%", 2022, 79.2, 83.5, 83.5, "Nej", None, "Kolada", None, 79.2),
        ("I1", "1.1", "Behöriga till gymnasiet", "%", 2023, 80.4, 84.1, 84.1, "Nej", "Bättre", "Kolada", None, 80.4),
        ("I1", "1.1", "Behöriga till gymnasiet", "%", 2024, None, None, None, None, None, None, None, None),
        ("I2", "3.1", "Dialogmöten", "st", 2024, None, None, 2, None, None, None, None, None),
        ("I3", "3.1", "Kostnad per invånare", "kr", 2023, 95, None, 100, "Ja", None, "Kolada", None, 95),
        ("I3", "3.1", "Kostnad per invånare", "kr", 2024, None, None, 100, None, None, None, None, None),
    ]
    assert (result.values, result.indicators, result.years) == (5, ["I1", "I3"], [2022, 2023])
    ws = openpyxl.load_workbook(merged)["Indikatorer"]
    assert ws["F2"].number_format == value_format  # the column's style kept
    assert ws.auto_filter.ref == "A1:M7"
    assert ws.column_dimensions["M"].hidden


def test_the_command_fetches_from_the_url_given_and_says_what_it_imported(merged):
    with Kolada(ROWS) as server:
        result = CliRunner().invoke(cli, ["kolada", str(merged), "--url", server.url])
    assert result.exit_code == 0, result.output
    assert server.requests[0].startswith("/v3/data/kpi/N15428,N00001/municipality/2260,0000/year/")
    assert texts()("kolada.imported", count=5, indicators="I1, I3", first=2022, last=2023,
                   file=merged.name) in result.output


def test_the_responses_are_archived_with_their_fetch_time_and_the_workbook_backed_up(merged):
    original = merged.read_bytes()
    with Kolada(ROWS, page_size=2) as server:
        result = kolada(merged, server.url, now=NOW)
    folder = merged.parent / "arkiv" / "kolada"
    assert sorted(p.name for p in folder.iterdir()) == [f"20240521-103000-{n}.json" for n in (1, 2, 3)]
    first = json.loads((folder / "20240521-103000-1.json").read_text(encoding="utf-8"))
    assert first["source"].startswith(server.url + "/data/kpi/N15428,N00001/municipality/2260,0000/year/")
    assert first["fetched"] == NOW.isoformat()
    assert len(first["body"]["values"]) == 2
    assert result.backup is not None and result.backup.read_bytes() == original
    assert result.backup.name.startswith("sammanstallning.") and result.backup.suffix == ".xlsx"


def test_a_coordinators_edit_is_kept_and_the_value_as_collected_updated(merged):
    with Kolada(ROWS) as server:
        kolada(merged, server.url, now=NOW)
    wb = openpyxl.load_workbook(merged)
    wb["Indikatorer"]["F3"] = 81.0  # I1 2023: the coordinator knows better
    wb.save(merged)
    rows = [r for r in ROWS if r["period"] != 2023 or r["kpi"] != "N15428" or r["municipality"] != "2260"]
    rows.append(v3_row("N15428", "2260", 2023, 80.6))  # Kolada revised it
    with Kolada(rows) as server:
        kolada(merged, server.url, now=NOW.replace(minute=31))
    i1_2023 = indicator_rows(merged)[1]
    assert (i1_2023[5], i1_2023[12]) == (81.0, 80.6)


def test_the_coordinators_value_typed_as_text_is_read_as_collect_reads_it(merged):
    """A decimal comma typed as text ("81,0") is the coordinator's value, as collect reads it; a typo ("ungefär
    80") stays as typed for collect to name. A second import keeps both, updating the value as collected."""
    with Kolada(ROWS) as server:
        kolada(merged, server.url, now=NOW)
    wb = openpyxl.load_workbook(merged)
    wb["Indikatorer"]["F3"] = "81,0"  # I1 2023
    wb["Indikatorer"]["F2"] = "ungefär 80"  # I1 2022
    wb.save(merged)
    rows = [r for r in ROWS if r["period"] != 2023 or r["kpi"] != "N15428" or r["municipality"] != "2260"]
    rows.append(v3_row("N15428", "2260", 2023, 80.6))
    with Kolada(rows) as server:
        kolada(merged, server.url, now=NOW.replace(minute=31))
    i1_2022, i1_2023 = indicator_rows(merged)[:2]
    assert (i1_2023[5], i1_2023[12]) == (81.0, 80.6)
    assert (i1_2022[5], i1_2022[12]) == ("ungefär 80", 79.2)


@pytest.mark.parametrize("version", [2, 3])
def test_saved_responses_of_either_version_are_read_every_year_they_hold(merged, tmp_path, version):
    body = {"values": [v3_row("N15428", "2260", 2015, 70.0), v3_row("N15428", "0000", 2015, 75.0),
                       v3_row("N15428", "2260", 2023, 80.4), v3_row("X99999", "2260", 2023, 1.0)]}
    body["next_page" if version == 2 else "next_url"] = None
    saved = tmp_path / "svar.json"
    saved.write_text(json.dumps(body), encoding="utf-8")
    result = CliRunner().invoke(cli, ["kolada", str(merged), "--from", str(saved)])
    assert result.exit_code == 0, result.output
    assert "Källa: Kolada" in result.output
    rows = indicator_rows(merged)
    assert [(r[0], r[4], r[5], r[6]) for r in rows[:3]] == [("I1", 2015, 70, 75), ("I1", 2023, 80.4, None),
                                                              ("I1", 2024, None, None)]
    assert (merged.parent / "arkiv" / "kolada").is_dir()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_a_saved_file_in_any_json_encoding_is_archived_as_json_in_utf8(merged, tmp_path, encoding):
    """A response saved from a browser (UTF-8, with or without a BOM) or by Notepad as "Unicode" (UTF-16)."""
    body = {"values": [v3_row("N15428", "2260", 2023, 80.4)], "next_url": None, "note": "Ånge"}
    saved = tmp_path / "svar.json"
    saved.write_text(json.dumps(body, ensure_ascii=False), encoding=encoding)
    result = kolada(merged, saved=[saved], now=NOW)
    [archived] = result.archived
    document = json.loads(archived.read_bytes().decode("utf-8"))
    assert document["body"] == body and document["source"] == str(saved)


def _refused(merged: Path, args: list[str]) -> str:
    digest = sha(merged)
    result = CliRunner().invoke(cli, ["kolada", str(merged), *args])
    assert result.exit_code == 2, result.output
    assert sha(merged) == digest
    assert not (merged.parent / "arkiv" / "kolada").exists()
    assert not list(merged.parent.glob("sammanstallning.2*.xlsx"))
    return result.output


def test_an_error_status_is_refused_and_nothing_written(merged):
    with Kolada(ROWS) as server:
        server.fail = 503
        assert "503" in _refused(merged, ["--url", server.url])


def test_an_unreachable_address_is_refused_and_nothing_written(merged):
    with Kolada(ROWS) as server:
        url = server.url
    assert url in _refused(merged, ["--url", url])


def test_a_timeout_is_refused_and_nothing_written(merged):
    digest = sha(merged)
    with Kolada(ROWS) as server:
        server.pause = 1.0
        with pytest.raises(KoladaError) as caught:
            kolada(merged, server.url, timeout=0.2)
    assert caught.value.text.key == "kolada.timeout"
    assert sha(merged) == digest
    assert not (merged.parent / "arkiv" / "kolada").exists()


def test_a_file_that_is_no_response_is_refused_naming_it(merged, tmp_path):
    bad = tmp_path / "inte-svar.json"
    bad.write_text("<html>hej</html>", encoding="utf-8")
    assert "inte-svar.json" in _refused(merged, ["--from", str(bad)])


def test_a_file_of_other_municipalities_only_is_refused_naming_it(merged, tmp_path):
    other = tmp_path / "sundsvall.json"
    other.write_text(json.dumps({"values": [v3_row("N15428", "2281", 2023, 82.0)]}), encoding="utf-8")
    good = tmp_path / "ange.json"
    good.write_text(json.dumps({"values": [v3_row("N15428", "2260", 2023, 80.4)]}), encoding="utf-8")
    assert "sundsvall.json" in _refused(merged, ["--from", str(good), "--from", str(other)])


def test_a_workbook_open_in_excel_is_refused(merged):
    lock = merged.parent / f"~${merged.name}"
    lock.write_text("x", encoding="utf-8")
    with Kolada(ROWS) as server:
        _refused(merged, ["--url", server.url])
    assert server.requests == []  # refused before asking


def test_a_plan_without_kommunkod_is_refused_naming_the_setting(tmp_path, monkeypatch):
    plan = replace(small_plan(), indicators=(BEHORIGA,))
    project = Project(tmp_path, plan)
    project.answer_all()
    collect_with_indicators(project, monkeypatch)
    assert "Kommunkod" in _refused(project.merged, ["--url", "http://127.0.0.1:9/v3"])


def test_a_workbook_collected_before_indicators_is_refused(tmp_path):
    plan = replace(small_plan(municipality="2260"), indicators=(BEHORIGA,))
    project = Project(tmp_path, plan)
    project.answer_all()
    collect(project.inbox, workers=0)  # no Indikatorer sheet (today's writer)
    if "Indikatorer" in openpyxl.load_workbook(project.merged).sheetnames:
        pytest.skip("merged.py writes the Indikatorer sheet now")
    assert "malxl collect" in _refused(project.merged, ["--url", "http://127.0.0.1:9/v3"])


def test_a_plan_without_kolada_indicators_says_so_and_writes_nothing(project):
    project.answer_all()
    collect(project.inbox, workers=0)
    digest = sha(project.merged)
    result = CliRunner().invoke(cli, ["kolada", str(project.merged), "--url", "http://127.0.0.1:9/v3"])
    assert result.exit_code == 0, result.output
    assert "Kolada" in result.output
    assert sha(project.merged) == digest


def test_a_sheet_without_data_rows_gets_its_rows_styled_by_its_columns():
    xml = (b'<worksheet xmlns="x"><dimension ref="A1:B1"/><cols><col min="2" max="2" style="7"/></cols>'
           b'<sheetData><row r="1"><c r="A1" s="3" t="s"><v>0</v></c></row></sheetData>'
           b'<autoFilter ref="A1:B1"/></worksheet>')
    out = patch_sheet(xml, [["a&b", 1.5], [None, 2]])
    assert out == (b'<worksheet xmlns="x"><dimension ref="A1:B3"/><cols><col min="2" max="2" style="7"/></cols>'
                   b'<sheetData><row r="1"><c r="A1" s="3" t="s"><v>0</v></c></row>'
                   b'<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">a&amp;b</t></is></c>'
                   b'<c r="B2" s="7"><v>1.5</v></c></row>'
                   b'<row r="3"><c r="B3" s="7"><v>2</v></c></row></sheetData>'
                   b'<autoFilter ref="A1:B3"/></worksheet>')


def test_a_row_whose_text_wraps_in_its_column_is_as_tall_as_collect_makes_it():
    """An indicator's title longer than its column: the patched row shows it whole (Excel and LibreOffice do not
    grow a row in a file they did not lay out), two lines of 15 points, as collect wrote it."""
    xml = (b'<worksheet xmlns="x"><cols><col min="1" max="1" width="10.7109375" customWidth="1"/></cols>'
           b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
    out = patch_sheet(xml, [["Andel elever behöriga"], ["Kort"]])
    assert b'<row r="2" ht="30" customHeight="1">' in out and b'<row r="3">' in out


def test_rows_that_do_not_say_their_number_keep_the_first_as_the_header():
    xml = (b'<x:worksheet xmlns:x="x"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>Id</x:t></x:is></x:c></x:row>'
           b'<x:row><x:c r="A2" s="4"><x:v>1</x:v></x:c></x:row><x:row><x:c><x:v>2</x:v></x:c></x:row>'
           b'</x:sheetData></x:worksheet>')
    out = patch_sheet(xml, [[9]])
    assert out == (b'<x:worksheet xmlns:x="x"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>Id</x:t></x:is>'
                   b'</x:c></x:row><x:row r="2"><x:c r="A2" s="4"><x:v>9</x:v></x:c></x:row></x:sheetData></x:worksheet>')


def test_an_input_error_is_what_stops_it(merged, tmp_path):
    with pytest.raises(InputError):
        kolada(merged, saved=[tmp_path / "finns-inte.json"])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_patched_workbook_and_reads_the_values(merged, tmp_path):
    with Kolada(ROWS) as server:
        kolada(merged, server.url, now=NOW)
    out = tmp_path / "csv"
    sheet = openpyxl.load_workbook(merged).sheetnames.index("Indikatorer") + 1
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    f"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet}",
                    "--outdir", str(out), str(merged)], check=True, capture_output=True, timeout=180)
    (found,) = out.glob("*.csv")
    rows = list(csv.reader(found.open(encoding="utf-8")))
    assert rows[0][:2] == ["Indikator-id", "Utvecklingsmål-id"]
    assert rows[2][:7] == ["I1", "1.1", "Behöriga till gymnasiet", "%", "2023", "80.4", "84.1"]
