"""The merged workbook's Indikatorer sheet (issue 21): the values of the round layer over layer (the plan's earlier
values, Kolada's, the departments', the coordinator's edits), written as number cells and read back; the findings
``missing-value`` and ``assessment-evidence``, counted alike by collect, status and report (open_findings)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from malxl.collect import collect
from malxl.example import Filling
from malxl.findings import Severity
from malxl.generate import generate
from malxl.indicators import KOLADA, Indicator, Point
from malxl.merged import IndicatorRecord, Previous, read_merged, read_recorded
from malxl.models import Assessment, Submission
from malxl.nextround import next_round
from malxl.plan import read_plan
from malxl.rules import merge, open_findings, revalidate
from malxl.status import status
from malxl.texts import texts

from .conftest import GOOD, Project, small_plan

SHEET = "Indikatorer"
HEADER = ("Indikator-id", "Utvecklingsmål-id", "Indikator", "Enhet", "År", "Värde", "Jämförelse", "Målvärde",
          "Når målet", "Trend", "Källa", "Kommentar", "Värde som insamlat")
# rows of the sheet as written for the plan below: header, I1 2022, 2023, 2024, K1 2022, 2023, 2024
I1_2024, K1_2023, K1_2024 = 4, 6, 7


def indicator_plan(**settings):
    plan = small_plan(**settings)
    return replace(plan, indicators=(
        Indicator("I1", "1.1", "Behöriga till gymnasiet", "%", True, 80.0, department="Skola",
                  minimum=0.0, maximum=100.0),
        Indicator("K1", "3.1", "Utsläpp per invånare", "ton", False, None, True, KOLADA, "N00401"),
    ), indicator_values=(
        Point("I1", 2022, 79.2, 83.5), Point("I1", 2023, 80.4, 84.1),
        Point("K1", 2022, 5.0, 4.5), Point("K1", 2023, 4.4, 4.5),
    ))


@pytest.fixture
def proj(tmp_path) -> Project:
    p = Project(tmp_path, indicator_plan())
    p.answer_all()
    return p


def rows_of(path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[SHEET]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def edit(path, values: dict) -> None:
    wb = openpyxl.load_workbook(path)
    for ref, value in values.items():
        wb[SHEET][ref] = value
    wb.save(path)


def found(findings, code):
    return [f for f in findings if f.code == code]


def test_collect_writes_the_indicators_in_long_form_with_number_cells(proj):
    result = collect(proj.inbox)
    rows = rows_of(proj.merged)
    assert rows[0] == HEADER
    ids_years = [(r[0], r[4]) for r in rows[1:]]
    assert ids_years == [("I1", 2022), ("I1", 2023), ("I1", 2024), ("K1", 2022), ("K1", 2023), ("K1", 2024)]
    i1_2022, i1_2023, i1_2024, _k22, k1_2023, _k24 = rows[1:]
    assert i1_2022[5] == pytest.approx(79.2) and isinstance(i1_2022[5], float)
    assert i1_2022[6] == pytest.approx(83.5) and i1_2022[7] == 80
    assert (i1_2022[8], i1_2023[8]) == ("Nej", "Ja")  # 79,2 misses 80; 80,4 reaches it
    assert (i1_2022[9], i1_2023[9]) == (None, "Bättre")
    assert i1_2023[10] == "Plan"
    assert i1_2024[5] is None and i1_2024[10] is None  # the report year, empty
    # Riket as target: the year's comparison; lower is better: 4,4 under 4,5 reaches it
    assert k1_2023[7] == pytest.approx(4.5) and k1_2023[8] == "Ja" and k1_2023[9] == "Bättre"
    ws = openpyxl.load_workbook(proj.merged)[SHEET]
    assert ws.column_dimensions["M"].hidden
    assert (ws["E2"].number_format, ws["F2"].number_format, ws["G2"].number_format) == ("0", "0.0##", "0.0##")
    assert ws.auto_filter.ref == "A1:M7" and ws.freeze_panes == "A2"
    missing = {f.subject: f for f in found(result.findings, "missing-value")}
    assert missing["I1"].severity == Severity.WARNING and missing["I1"].department == "Skola"
    assert (missing["I1"].sheet, missing["I1"].cell) == (SHEET, f"F{I1_2024}")
    assert missing["K1"].severity == Severity.WARNING and missing["K1"].key == "finding.missing-value-kolada"


def test_the_sheet_reads_back_as_typed_records(proj):
    collect(proj.inbox)
    _, prev = read_merged(proj.merged)
    first = prev.indicators[0]
    assert isinstance(first, IndicatorRecord)
    assert (first.indicator_id, first.year, first.value, first.comparison, first.source, first.collected) == (
        "I1", 2022, pytest.approx(79.2), pytest.approx(83.5), "Plan", None)


def test_kolada_rows_persist_through_collects_and_an_unpublished_year_is_info(proj):
    collect(proj.inbox)
    # as malxl kolada patches the sheet: 2023 fetched (value and hidden collected value), 2024 not yet published
    edit(proj.merged, {f"F{K1_2023}": 4.2, f"G{K1_2023}": 4.6, f"K{K1_2023}": "Kolada", f"M{K1_2023}": 4.2,
                       f"K{K1_2024}": "Kolada", f"G{K1_2024}": 4.3})
    result = collect(proj.inbox)
    rows = rows_of(proj.merged)
    assert rows[K1_2023 - 1][5] == pytest.approx(4.2) and rows[K1_2023 - 1][6] == pytest.approx(4.6)
    assert rows[K1_2023 - 1][10] == "Kolada" and rows[K1_2023 - 1][12] == pytest.approx(4.2)
    assert rows[K1_2024 - 1][6] == pytest.approx(4.3) and rows[K1_2024 - 1][10] == "Kolada"
    k1 = [f for f in found(result.findings, "missing-value") if f.subject == "K1"]
    assert [(f.severity, f.key) for f in k1] == [(Severity.INFO, "finding.missing-value-unpublished")]
    # and once more: still Kolada's
    collect(proj.inbox)
    assert rows_of(proj.merged)[K1_2023 - 1][5] == pytest.approx(4.2)


def test_the_coordinators_value_is_kept_by_the_next_collect(proj):
    collect(proj.inbox)
    edit(proj.merged, {f"F{I1_2024}": 81.5, f"F{K1_2023}": "4,1"})  # a decimal comma typed as text counts
    result = collect(proj.inbox)
    rows = rows_of(proj.merged)
    assert rows[I1_2024 - 1][5] == pytest.approx(81.5) and rows[I1_2024 - 1][10] == "sammanstallning.xlsx"
    assert rows[I1_2024 - 1][8] == "Ja"
    assert rows[K1_2023 - 1][5] == pytest.approx(4.1) and isinstance(rows[K1_2023 - 1][5], float)
    assert "I1" not in {f.subject for f in found(result.findings, "missing-value")}
    collect(proj.inbox)  # and the collect after that
    assert rows_of(proj.merged)[I1_2024 - 1][5] == pytest.approx(81.5)


def test_text_typed_as_the_value_is_the_coordinators_invalid_value(proj):
    collect(proj.inbox)
    edit(proj.merged, {f"F{I1_2024}": "ungefär 80"})
    result = collect(proj.inbox)
    bad = found(result.findings, "invalid-value")
    assert [(f.sheet, f.cell, f.subject, f.by_coordinator) for f in bad] == [(SHEET, f"F{I1_2024}", "I1", True)]
    assert rows_of(proj.merged)[I1_2024 - 1][5] == "ungefär 80"  # kept as typed, to be corrected
    again = collect(proj.inbox)
    assert [f.cell for f in found(again.findings, "invalid-value")] == [f"F{I1_2024}"]


def counted(findings):
    return sorted((f.code, f.severity.value, f.department, f.cell, f.key) for f in findings)


def test_collect_status_and_report_count_the_indicator_findings_alike(proj):
    proj.answer("Skola", Filling(answers=dict(GOOD["Skola"].answers) | {
        "S2": ("Pågående med avvikelse", date(2024, 3, 31), "Försenat av personalbrist.")},
        assessments=GOOD["Skola"].assessments), saved=datetime(2024, 5, 11, 12, 0))
    collect(proj.inbox)
    edit(proj.merged, {f"F{K1_2023}": "mycket", f"K{K1_2024}": "Kolada"})
    result = collect(proj.inbox)
    codes = {f.code for f in result.findings}
    assert {"missing-value", "assessment-evidence", "invalid-value"} <= codes
    plan, prev = read_merged(proj.merged)
    t = texts()
    reported = open_findings(plan, prev, read_recorded(proj.merged), proj.merged.name, t)
    now = revalidate(plan, prev, proj.merged.name, t, read_recorded(proj.merged))
    assert counted(now.findings) == counted(reported)  # report's reading and feedback's: one count
    seen = status(proj.inbox).findings
    mine = {"missing-value", "assessment-evidence", "invalid-value"}
    assert counted(f for f in reported if f.code in mine) == counted(f for f in result.findings if f.code in mine)
    assert counted(f for f in seen if f.code in mine) == counted(f for f in result.findings if f.code in mine)
    # the report's table is the sheet's
    table = now.indicator_rows
    assert [(r.indicator.id, r.point.year) for r in table] == [(r[0], r[4]) for r in rows_of(proj.merged)[1:]]


def test_an_assessment_its_activities_contradict_is_questioned(proj):
    proj.answer("Skola", Filling(answers=dict(GOOD["Skola"].answers) | {
        "S2": ("Pågående med avvikelse", date(2024, 3, 31), "Försenat av personalbrist.")},
        assessments=GOOD["Skola"].assessments), saved=datetime(2024, 5, 11, 12, 0))
    result = collect(proj.inbox)
    evidence = found(result.findings, "assessment-evidence")
    # 1.2 is Uppfyllt with S2 Pågående med avvikelse: questioned at its level cell; 1.1 and 3.1 agree
    assert [(f.subject, f.department, f.file, f.sheet, f.cell) for f in evidence] == [
        ("1.2", "Skola", "sammanstallning.xlsx", "Målbedömning", "C3")]
    assert [r.params["activity"] for r in evidence[0].params["reasons"]] == ["S2"]


def test_no_evidence_finding_where_evidence_and_assessment_agree(proj):
    result = collect(proj.inbox)
    assert found(result.findings, "assessment-evidence") == []


# The departments' layer, through the merge rules with the answers as read (the department sheet's reading is
# read.py's).
def skola(values, level="Uppfyllt") -> dict[str, Submission]:
    return {"Skola": Submission("Skola", "Skola.xlsx", datetime(2024, 5, 10), assessments=[
        Assessment("1.1", level, "Bra.", "Skola.xlsx")], indicator_values=values)}


def test_a_departments_value_is_its_layer_and_the_evidence_uses_it():
    plan, t = indicator_plan(), texts()
    merged = merge(plan, skola([Point("I1", 2024, 70.0, comment="Färre behöriga.", source="Skola.xlsx")]),
                   [], [], t)
    row = next(r for r in merged.indicator_rows if (r.indicator.id, r.point.year) == ("I1", 2024))
    assert (row.point.value, row.point.source, row.reached, row.trend) == (70.0, "Skola.xlsx", False, "worse")
    assert merged.indicator_collected[("I1", 2024)] == 70.0
    evidence = found(merged.findings, "assessment-evidence")
    assert [(f.subject, r.key) for f in evidence for r in f.params["reasons"]] == [("1.1", "evidence.missed")]
    assert "I1" not in {f.subject for f in found(merged.findings, "missing-value")}
    # a department that sent no value is asked for it; one that did not answer at all is not asked twice
    asked = merge(plan, skola([]), [], [], t)
    assert [f.department for f in found(asked.findings, "missing-value") if f.subject == "I1"] == ["Skola"]
    silent = merge(plan, {}, [], [], t)
    assert [f for f in found(silent.findings, "missing-value") if f.subject == "I1"] == []


def previous_edit(value: float, collected: float | None) -> Previous:
    return Previous(indicators=[IndicatorRecord("I1", 2024, value, "", None, "sammanstallning.xlsx", "", collected,
                                                I1_2024 - 1)])


def test_an_edit_gives_way_to_a_new_department_value_with_an_edit_conflict():
    plan, t = indicator_plan(), texts()
    prev = previous_edit(81.5, 82.0)
    same = merge(plan, skola([Point("I1", 2024, 82.0, source="Skola.xlsx")]), [], [], t, prev)
    kept = next(r for r in same.indicator_rows if (r.indicator.id, r.point.year) == ("I1", 2024))
    assert (kept.point.value, kept.point.source) == (81.5, "sammanstallning.xlsx")
    assert found(same.findings, "edit-conflict") == []
    changed = merge(plan, skola([Point("I1", 2024, 83.0, source="Skola.xlsx")]), [], [], t, prev)
    won = next(r for r in changed.indicator_rows if (r.indicator.id, r.point.year) == ("I1", 2024))
    assert (won.point.value, won.point.source) == (83.0, "Skola.xlsx")
    assert [(f.sheet, f.cell, f.params["new"], f.params["old"]) for f in found(changed.findings, "edit-conflict")] == [
        (SHEET, f"F{I1_2024}", "83", "81,5")]


def test_next_carries_the_indicators_and_every_value_so_the_previous_value_goes_on(proj, tmp_path):
    collect(proj.inbox)
    edit(proj.merged, {f"F{I1_2024}": 81.5})  # this round's value (here the coordinator's)
    result = next_round(proj.merged, tmp_path / "nästa", "Tertial 1 2025", date(2025, 4, 30))
    plan = read_plan(result.plan_path)
    assert [i.id for i in plan.indicators] == ["I1", "K1"]
    assert {(p.indicator_id, p.year): p.value for p in plan.indicator_values} == {
        ("I1", 2022): 79.2, ("I1", 2023): 80.4, ("I1", 2024): 81.5, ("K1", 2022): 5.0, ("K1", 2023): 4.4}
    assert (plan.settings.municipality, plan.settings.comparison) == (proj.plan.settings.municipality, "0000")
    # the next round's department workbook shows the value carried as Förra värdet
    generate(plan, tmp_path / "ut")
    ws = openpyxl.load_workbook(tmp_path / "ut" / "Skola.xlsx")[SHEET]
    shown = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "(2024)" in c.value]
    assert shown == ["81,5 (2024)"]
