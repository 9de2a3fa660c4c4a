"""Indicators in the plan: the Indikatorer and Indikatorvärden sheets, Kommunkod and Jämförelse, read as the
coordinator typed them (a decimal comma, Riket as the target) or refused with every broken cell named."""

from dataclasses import replace

import openpyxl
import pytest

from malxl.errors import PlanError
from malxl.indicators import DEPARTMENT, KOLADA, Indicator, Point
from malxl.plan import read_plan, write_plan

from .conftest import small_plan

BEHORIGA = Indicator("I1", "1.1", "Behöriga till gymnasiet", "%", True, None, True, KOLADA, "N15428")
MOTEN = Indicator("I2", "3.1", "Dialogmöten", "st", True, 2.0, False, DEPARTMENT, "", "Teknik", 0.0, 50.0)


def indicator_plan(**settings):
    return replace(small_plan(municipality="2260", **settings), indicators=(BEHORIGA, MOTEN),
                   indicator_values=(Point("I1", 2022, 79.2, 83.5), Point("I2", 2023, 3.0, None, "Två i våras")))


def test_a_plan_with_indicators_reads_back_equal(tmp_path):
    plan = indicator_plan()
    again = read_plan(write_plan(plan, tmp_path / "plan.xlsx"))
    assert again == plan
    assert (again.settings.municipality, again.settings.comparison) == ("2260", "0000")


def test_what_the_coordinator_types_is_read_as_meant(tmp_path):
    path = write_plan(indicator_plan(), tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikatorer"]
    ws["E3"] = "lägre är BÄTTRE"  # direction, any case
    ws["F3"] = "2,5"  # a decimal comma typed as text
    ws["G2"] = "kolada"
    settings = wb["Inställningar"]
    for row in settings.iter_rows(min_row=2):
        if row[0].value == "Kommunkod":
            row[1].value = 180  # Excel dropped the leading zero of 0180 (Stockholm)
    wb.save(path)
    plan = read_plan(path)
    assert plan.settings.municipality == "0180"
    assert plan.indicators[1].higher_is_better is False and plan.indicators[1].target == 2.5
    assert plan.indicators[0].source == KOLADA and plan.indicators[0].target_is_comparison


def test_a_plan_without_indicators_has_none(tmp_path):
    plan = read_plan(write_plan(small_plan(), tmp_path / "plan.xlsx"))
    assert plan.indicators == () and plan.indicator_values == ()
    assert "Indikatorer" not in openpyxl.load_workbook(tmp_path / "plan.xlsx").sheetnames


def test_every_broken_indicator_cell_is_named_in_one_run(tmp_path):
    path = write_plan(indicator_plan(), tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikatorer"]
    ws.append(["I3", "9.9", "Okänt mål", "st", "Uppåt", "många", "Kolada", None, "Kansliet", 10, 5])
    ws.append(["I4", "1.2", "Utan avdelning", "st", "Högre är bättre", 1, "Avdelning", None, None, None, None])
    ws.append(["I1", "1.2", "Samma id", "st", "Högre är bättre", 1, "Tyckande", None, "Skola", None, None])
    wb["Indikatorvärden"].append(["I9", "tjugo", 1])
    wb.save(path)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    cells = sorted((p.sheet, p.cell) for p in caught.value.problems)
    assert cells == sorted([
        ("Indikatorer", "B4"),  # unknown goal
        ("Indikatorer", "E4"),  # unknown direction
        ("Indikatorer", "F4"),  # target no number
        ("Indikatorer", "H4"),  # Kolada without a Kolada id
        ("Indikatorer", "I4"),  # unknown department
        ("Indikatorer", "J4"),  # Min above Max
        ("Indikatorer", "I5"),  # Avdelning as source without the department
        ("Indikatorer", "A6"),  # the id again
        ("Indikatorer", "G6"),  # unknown source
        ("Indikatorvärden", "A4"),  # unknown indicator
        ("Indikatorvärden", "B4"),  # no year
    ])


@pytest.mark.parametrize("code", ["22600", "Ånge", "22.6"])
def test_a_municipality_code_that_is_none_is_named(tmp_path, code):
    path = write_plan(indicator_plan(), tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    for row in wb["Inställningar"].iter_rows(min_row=2):
        if row[0].value == "Kommunkod":
            row[1].value = code
    wb.save(path)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    [problem] = caught.value.problems
    assert problem.sheet == "Inställningar" and problem.cell.startswith("B")
