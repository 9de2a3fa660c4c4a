"""The whole cycle on the real Ånge 2023 report: generate, fill as departments do, collect, report."""

import json
from pathlib import Path

import openpyxl
import pytest

from malxl.collect import collect
from malxl.example import load_data, write_example
from malxl.report import report

from .conftest import sheet_rows


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ange")
    write_example(folder, mistakes=False)
    merged = collect(folder / "inbox")
    return folder, merged, report(merged.path)


def test_every_department_answered_and_every_activity_is_in(corrected):
    folder, merged, _ = corrected
    data = load_data()
    assert len(merged.merged.answered) == 8
    # the seed's own data: 2.3.1 is assessed Uppfyllt while A25 is Pågående med avvikelse (the evidence check)
    assert [(f.code, f.subject) for f in merged.findings if f.severity.value != "info"] == [
        ("assessment-evidence", "2.3.1")]
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
