"""The department's indicators (issue 21): a department that reports an indicator finds it on its workbook's
Indikatorer sheet (only Värde and Kommentar open, Värde a number between Min and Max), collect reads the values
back (a decimal comma typed as text is a number; no number or out of bounds is a finding), and a return workbook
pre-fills them and marks the cell of a problem."""

from __future__ import annotations

import pickle
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest

from malxl import layout
from malxl.collect import collect
from malxl.department import write_department_workbook
from malxl.feedback import feedback, indicator_values
from malxl.inbox import scan_inbox
from malxl.indicators import DEPARTMENT, KOLADA, Indicator, Point
from malxl.models import Submission
from malxl.texts import texts

from .conftest import GOOD, Project, small_plan

HEADER = ["Indikator-id", "Indikator", "Enhet", "Målvärde", "Förra värdet", "Värde", "Kommentar"]
FIRST = layout.HEADER_ROW + 2  # the first data row, one-based

BEHORIGA = Indicator("K1", "1.1", "Behöriga till gymnasiet", "%", True, None, True, KOLADA, "N15428")
MOTEN = Indicator("I2", "3.1", "Dialogmöten", "st", True, 2.0, False, DEPARTMENT, "", "Teknik", 0.0, 50.0)
ANDEL = Indicator("I3", "3.1", "Andel fossilfria fordon", "%", True, None, True, DEPARTMENT, "", "Teknik")
UTSLAPP = Indicator("I4", "3.1", "Utsläpp", "ton", False, 120.5, False, DEPARTMENT, "", "Teknik", 0.0, None)
LADDARE = Indicator("I5", "3.1", "Laddstolpar", "st", True, 10.0, False, DEPARTMENT, "", "Teknik", None, 50.0)


def indicator_plan():
    return replace(small_plan(municipality="2260"), indicators=(BEHORIGA, MOTEN, ANDEL, UTSLAPP, LADDARE),
                   indicator_values=(Point("I2", 2022, 1.0), Point("I2", 2023, 3.0), Point("I3", 2022, 79.2, 83.5),
                                     Point("I2", 2024, 9.0)))


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path, indicator_plan())


def rows_of(path: Path, sheet: str = "Indikatorer") -> dict[str, int]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {ws.cell(r, 1).value: r for r in range(FIRST, ws.max_row + 1) if ws.cell(r, 1).value}


def fill(path: Path, values: dict[str, object], comments: dict[str, str] | None = None) -> Path:
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikatorer"]
    at = {ws.cell(r, 1).value: r for r in range(FIRST, ws.max_row + 1)}
    for iid, value in values.items():
        ws.cell(at[iid], 6).value = value
    for iid, text in (comments or {}).items():
        ws.cell(at[iid], 7).value = text
    wb.save(path)
    return path


def submission(project: Project, department: str = "Teknik") -> Submission:
    """The department's answer as collect reads it (in a worker process: the submission comes back pickled)."""
    _, subs, _ = scan_inbox(project.plan, project.inbox, texts("sv"), workers=1)
    return next(s for s in subs if s.department == department)


def test_only_the_reporting_department_gets_the_sheet_with_its_indicators(project):
    assert "Indikatorer" not in openpyxl.load_workbook(project.blank("Skola")).sheetnames  # K1 is Kolada's
    wb = openpyxl.load_workbook(project.blank("Teknik"))
    ws = wb["Indikatorer"]
    assert [c.value for c in ws[layout.HEADER_ROW + 1]] == HEADER
    shown = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=FIRST, max_row=FIRST + 3)]
    assert shown == [
        ("I2", "Dialogmöten", "st", "2", "3 (2023)", None, None),  # 2024 is the report year: not "before"
        ("I3", "Andel fossilfria fordon", "%", "Riket", "79,2 (2022)", None, None),
        ("I4", "Utsläpp", "ton", "120,5", None, None, None),
        ("I5", "Laddstolpar", "st", "10", None, None, None),
    ]
    assert ws.protection.sheet
    assert [ws.cell(FIRST, c).protection.locked for c in range(1, 8)] == [True] * 5 + [False, False]
    bounds = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "decimal" and dv.error
        for ref in str(dv.sqref).split():
            bounds[ref] = (dv.operator or "between", *(float(f) if f else None for f in (dv.formula1, dv.formula2)))
    assert bounds[f"F{FIRST}"] == ("between", 0, 50)
    assert bounds[f"F{FIRST + 1}"][0] == "between"  # any number
    assert bounds[f"F{FIRST + 2}"] == ("greaterThanOrEqual", 0, None)
    assert bounds[f"F{FIRST + 3}"] == ("lessThanOrEqual", 50, None)
    red = [str(rng.sqref) for rng in ws.conditional_formatting for rule in rng.rules
           if rule.formula and "LEN(TRIM($F" in rule.formula[0]]
    assert red == [f"F{FIRST}:F{FIRST + 3}"]
    instructions = [c.value for c in wb["Instruktioner"]["A"] if c.value]
    assert any("Indikatorer" in str(v) for v in instructions)


def test_values_are_read_back_and_what_is_no_number_or_out_of_bounds_is_named(project):
    sent = project.answer("Teknik")
    fill(sent, {"I2": "41,5", "I3": 80.4, "I4": "ungefär 40", "I5": 51}, {"I3": "Preliminärt"})
    project.answer("Skola")
    sub = submission(project)
    assert sub.indicator_values == [Point("I2", 2024, 41.5, None, "", "Teknik.xlsx"),
                                    Point("I3", 2024, 80.4, None, "Preliminärt", "Teknik.xlsx"),
                                    Point("I5", 2024, 51.0, None, "", "Teknik.xlsx")]
    found = sorted((f.code, f.sheet, f.cell, f.subject, f.file) for f in sub.findings
                   if f.code in ("invalid-value", "out-of-range"))
    assert found == [("invalid-value", "Indikatorer", f"F{FIRST + 2}", "I4", "Teknik.xlsx"),
                     ("out-of-range", "Indikatorer", f"F{FIRST + 3}", "I5", "Teknik.xlsx")]
    out = next(f for f in sub.findings if f.code == "out-of-range")
    assert out.params == {"value": "51", "indicator": "I5", "minimum": "-", "maximum": "50"}
    bad = next(f for f in sub.findings if f.code == "invalid-value")
    assert bad.params == {"value": "ungefär 40", "indicator": "I4"}
    assert pickle.loads(pickle.dumps(sub)).indicator_values == sub.indicator_values  # workers pickle submissions
    assert submission(project, "Skola").indicator_values == []


def test_a_blank_value_is_no_point_and_no_finding_here(project):
    fill(project.answer("Teknik"), {"I2": 4})
    sub = submission(project)
    assert [p.indicator_id for p in sub.indicator_values] == ["I2"]
    assert not [f for f in sub.findings if f.code in ("invalid-value", "out-of-range")]


def test_a_deleted_indicator_sheet_is_a_missing_sheet(project):
    sent = project.answer("Teknik")
    wb = openpyxl.load_workbook(sent)
    del wb["Indikatorer"]
    wb.save(sent)
    sub = submission(project)
    assert [f.params["sheet"].key for f in sub.findings if f.code == "missing-sheet"] == ["sheet.indicators"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_sheet_survives_libreoffice(project, tmp_path):
    filled = fill(project.answer("Teknik", name="Teknik.xlsx"), {"I2": "41,5", "I3": 80.4, "I4": "ungefär 40"})
    converted = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(converted), str(filled)],
                   check=True, capture_output=True, timeout=180)
    lo_file = converted / "Teknik.xlsx"
    ws = openpyxl.load_workbook(lo_file)["Indikatorer"]
    assert ws.protection.sheet and any(dv.type == "decimal" for dv in ws.data_validations.dataValidation)
    filled.unlink()
    shutil.copy(lo_file, project.inbox / "Teknik.xlsx")
    sub = submission(project)
    assert [(p.indicator_id, p.value) for p in sub.indicator_values] == [("I2", 41.5), ("I3", 80.4)]
    assert [(f.code, f.cell) for f in sub.findings if f.code == "invalid-value"] == [("invalid-value", f"F{FIRST + 2}")]


def test_a_return_workbook_marks_the_indicator_cell(project):
    fill(project.answer("Teknik"), {"I2": "41,5", "I3": 80.4, "I4": "ungefär 40", "I5": 51})
    project.answer("Skola", GOOD["Skola"])
    collect(project.inbox, project.plan_path, project.merged)
    result = feedback(project.merged, project.root / "ut")
    package = next(p for p in result.packages if p.department == "Teknik")
    placed = sorted((i.finding.code, i.sheet, i.cell, i.mark) for i in package.items
                    if i.finding.code in ("invalid-value", "out-of-range"))
    assert placed == [("invalid-value", "sheet.indicators", f"F{FIRST + 2}", True),
                      ("out-of-range", "sheet.indicators", f"F{FIRST + 3}", True)]
    assert package.workbook is not None
    ws = openpyxl.load_workbook(package.workbook)["Indikatorer"]
    assert ws[f"F{FIRST + 2}"].comment is not None and ws[f"F{FIRST + 3}"].comment is not None
    assert ws[f"F{FIRST}"].comment is None


def test_a_return_workbook_pre_fills_the_values_sent(tmp_path):
    plan = indicator_plan()
    path = write_department_workbook(plan, "Teknik", tmp_path / "Teknik.xlsx", values=[
        Point("I2", 2024, 41.5, None, "Två möten", "Teknik.xlsx"), Point("I3", 2023, 70.0)])
    ws = openpyxl.load_workbook(path)["Indikatorer"]
    at = rows_of(path)
    assert (ws.cell(at["I2"], 6).value, ws.cell(at["I2"], 7).value) == (41.5, "Två möten")
    assert ws.cell(at["I3"], 6).value is None  # another year's value is no answer for this one


@dataclass(frozen=True)
class Record:
    """A row of the merged workbook's Indikatorer sheet as read back (the fields feedback uses)."""

    indicator_id: str
    year: int
    value: float | None
    collected: float | None
    comment: str = ""


def test_feedback_pre_fills_the_report_years_values_of_the_departments_indicators():
    plan = indicator_plan()
    records = [Record("K1", 2024, 80.4, 80.4), Record("I2", 2023, 3.0, None), Record("I2", 2024, 4.0, 41.5, "Fyra"),
               Record("I3", 2024, None, 80.4), Record("I4", 2024, None, None)]
    assert indicator_values(plan, records, "Teknik") == [Point("I2", 2024, 4.0, None, "Fyra"),
                                                         Point("I3", 2024, 80.4), Point("I4", 2024, None)]
    assert indicator_values(plan, records, "Skola") == []


def test_an_indicator_added_to_the_plan_after_generate_is_no_missing_sheet(tmp_path):
    """A workbook made before the plan had the department's indicators lacks the sheet through no fault of its
    own: no missing-sheet (the value is asked again by feedback, with a workbook that has the sheet)."""
    project = Project(tmp_path, replace(indicator_plan(), indicators=(BEHORIGA,)))
    project.answer("Teknik")
    later = indicator_plan()
    sub = next(s for s in scan_inbox(later, project.inbox, texts("sv"), workers=0)[1] if s.department == "Teknik")
    assert [f for f in sub.findings if f.code == "missing-sheet"] == [] and sub.indicator_values == []
