"""The whole cycle on the real Ånge 2023 report: generate, fill as departments do, collect, report."""

import json
from pathlib import Path

import openpyxl
import pytest

from malxl.collect import collect
from malxl.example import load_data, write_example
from malxl.kolada import kolada
from malxl.report import report

from .conftest import sheet_rows


SAVED_KOLADA = Path(__file__).parent.parent / "examples" / "ange2023" / "kolada" / "N15428.json"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """The corrected example collected, Kolada's figures for 2.1.1 imported from the saved response (the coordinator
    without internet), and reported."""
    folder = tmp_path_factory.mktemp("ange")
    write_example(folder, mistakes=False)
    merged = collect(folder / "inbox")
    kolada(merged.path, saved=[SAVED_KOLADA])
    return folder, merged, report(merged.path)


def test_every_department_answered_and_every_activity_is_in(corrected):
    folder, merged, _ = corrected
    data = load_data()
    assert len(merged.merged.answered) == 8
    # the seed's own data: 2.3.1 is assessed Uppfyllt while A25 is Pågående med avvikelse (the evidence check);
    # 2.1.1's value for 2023 comes from Kolada, not yet imported when collect ran
    assert [(f.code, f.subject) for f in merged.findings if f.severity.value != "info"] == [
        ("missing-value", "I1"), ("assessment-evidence", "2.3.1")]
    rows = {r.id: r for r in merged.merged.rows}
    assert len(rows) == len(data["activities"]) == 74
    for a in data["activities"]:
        row = rows[a["id"]]
        assert (row.status, row.end.isoformat() if row.end else None, row.comment) == (a["status"], a["end"],
                                                                                      a["comment"])


def test_the_report_reproduces_the_seeds_figures(corrected):
    _, _, result = corrected
    s = result.model.summary
    assert (s.total, s.met, s.not_met, s.unassessed) == (21, 14, 7, 0)
    assert {lv.name: n for lv, n in s.counts} == {"Uppfyllt": 4, "Delvis uppfyllt": 10, "Knappt uppfyllt": 7,
                                                  "Ej uppfyllt": 0}
    assert s.sentence == ("Av totalt 21 utvecklingsmål är 14 bedömda som Uppfyllt eller Delvis uppfyllt "
                          "och 7 som Knappt uppfyllt eller Ej uppfyllt.")
    assert result.errors == 0
    # after the import only the evidence check remains: 2.1.1's 2023 value is there
    assert [(f.code, f.subject) for f in result.findings if f.severity.value != "info"] == [
        ("assessment-evidence", "2.3.1")]


def test_the_report_shows_the_seeds_indicator_figures(corrected):
    _, _, result = corrected
    goals = {g.id: g for c in result.model.chapters for g in c.goals}
    [behoriga] = goals["2.1.1"].indicators
    assert [(y.year, y.value, y.comparison, y.target, y.reached) for y in behoriga.years] == [
        (2021, 73.5, 84.7, 84.7, False), (2022, 79.2, 83.5, 83.5, False), (2023, 80.4, 84.1, 84.1, False)]
    assert behoriga.kolada and behoriga.chart is not None and behoriga.chart.drawable
    [moten] = goals["2.5.1"].indicators
    assert [(y.year, y.value, y.target, y.reached) for y in moten.years] == [(2023, 2, 2, True)]
    assert moten.chart is None  # one year: a table, no chart
    html = result.paths[1].read_text(encoding="utf-8")
    assert "80,4" in html and "84,1" in html and "Källa: Kolada" in html and 'class="line-chart"' in html


def test_the_report_workbook(corrected):
    _, _, result = corrected
    path = result.paths[0]
    assert path.name == "rapport.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["Sammanfattning", "Rapport"]
    summary = sheet_rows(path, "Sammanfattning")
    table = [r[:2] for r in summary[3:10] if r[0]]
    assert table == [("Bedömning", "Antal"), ("● Uppfyllt", 4), ("● Delvis uppfyllt", 10),
                     ("● Knappt uppfyllt", 7), ("● Ej uppfyllt", 0), ("Totalt", 21)]
    assert any(r[0] and r[0].startswith("Av totalt 21 utvecklingsmål är 14") for r in summary)
    ws = wb["Rapport"]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.paperSize == 9
    column_a = [r[0] for r in sheet_rows(path, "Rapport")]
    data = load_data()
    # the seed's order: each KF goal, then its development goals
    headings = [v for v in column_a if isinstance(v, str) and v.split(" ")[0].count(".") in (1, 2)
                and v.split(" ")[0].replace(".", "").isdigit()]
    expected = []
    for k in data["kf_goals"]:
        expected.append(f"{k['id']} {k['title']}")
        expected += [f"{g['id']} {g['title']}" for g in k["goals"]]
    assert headings == expected
    assert "För detta kommunfullmäktigemål har kommunstyrelsen inte antagit något utvecklingsmål." in " ".join(
        str(v) for v in column_a if v)


def test_the_messy_inbox_is_explained(tmp_path):
    write_example(tmp_path, mistakes=True)
    result = collect(tmp_path / "inbox")
    found = sorted((f.code, f.department, f.cell) for f in result.findings if f.code != "changed-date")
    assert found == [
        ("assessment-evidence", "Kommunledning", "C6"),  # Målbedömning C6: 2.3.1 Uppfyllt, A25 avviker
        ("changed-text", "Kommunledning", "C6"),
        ("duplicate-submission", "Utbildning", ""),
        ("invalid-date", "Samhällsbyggnad", "E13"),
        ("missing-assessment", "Utbildning", "C5"),
        ("missing-comment", "Socialtjänst", "F14"),
        ("missing-status", "Näringsliv", "D5"),
        ("missing-submission", "Kommunikation", ""),
        ("missing-value", "", "F4"),  # 2.1.1's 2023 value: Kolada's, not yet imported (Indikatorer F4)
        ("skipped-file", "", ""),
        ("unknown-activity", "Kultur och fritid", "A10"),
    ]
    assert not result.ok


def test_the_bundled_example_matches_the_data(tmp_path):
    """examples/ange2023 holds what make_inbox.py writes (kept in step with the data)."""
    bundled = Path(__file__).parent.parent / "examples" / "ange2023"
    result = collect(bundled / "inbox", out=tmp_path / "s.xlsx")
    assert len(result.merged.answered) == 7
    assert result.errors == 3
