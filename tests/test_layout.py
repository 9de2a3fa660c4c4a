"""One column layout, declared once (malxl/layout.py): a column added to a sheet's declaration moves every
cell, formula, validation and conditional format with it, and collect and feedback still find their cells."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from malxl import layout
from malxl.collect import collect
from malxl.feedback import feedback
from malxl.layout import Column

from .conftest import Project, small_plan
from .tables import filling


def validations(ws) -> dict[str, str]:
    """Each data validation's range -> its type."""
    return {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}


def formats(ws) -> dict[str, list[str]]:
    """Each conditional format's range -> its formulas."""
    return {str(rng.sqref): [r.formula[0] for r in rng.rules if r.formula] for rng in ws.conditional_formatting}


def test_the_declaration_gives_index_letter_and_references_by_key():
    sheet = layout.activities()
    assert sheet.keys[sheet.index("col.status")] == "col.status"
    assert (sheet.letter("col.status"), sheet.cell("col.comment", 3), sheet.ref("col.end")) == ("D", "F4", "$E4")
    assert sheet.editable == ["col.status", "col.end", "col.comment"]
    rolled = layout.activities(previous=True)
    assert rolled.keys[3:6] == ["col.previous_status", "col.previous_comment", "col.status"]
    assert layout.merged_activities(previous=True).keys[4:6] == ["col.status", "col.previous_status"]
    assert layout.merged_assessment().ref("col.level") == "$C2"


@pytest.fixture
def wider(monkeypatch):
    """The department workbook with a Kontaktperson column before Status and an Ansvarig column before Bedömning."""
    monkeypatch.setattr(layout, "ACTIVITIES", layout.ACTIVITIES.inserted(Column("col.contact", 20), "col.status"))
    monkeypatch.setattr(layout, "ASSESSMENT", layout.ASSESSMENT.inserted(Column("col.owner", 18), "col.level"))


def test_a_column_added_to_the_department_sheets_moves_every_rule_with_it(tmp_path, wider):
    project = Project(tmp_path, small_plan())
    wb = openpyxl.load_workbook(project.blank("Skola"))
    ws = wb["Aktiviteter"]
    assert [c.value for c in ws[3]] == ["Aktivitets-id", "Utvecklingsmål", "Aktivitet", "Kontaktperson", "Status",
                                        "Slutdatum", "Kommentar"]
    # Skola has three planned rows (4-6) and ten free rows below (7-16)
    assert validations(ws) == {"E4:E16": "list", "F4:F16": "date", "G4:G16": "textLength", "B7:B16": "list"}
    rules = formats(ws)
    assert 'TRIM($E4)="Försenad"' in rules["G4:G16"][0] and "LEN(TRIM($G4))=0" in rules["G4:G16"][0]
    assert rules["E4:E6"] == ["LEN(TRIM($E4))=0"]
    assert "ISNUMBER($F4)" in rules["F4:F16"][0]
    assert [ws.cell(4, c).protection.locked for c in range(1, 8)] == [True, True, True, True, False, False, False]
    goals = wb["Målbedömning"]
    assert [c.value for c in goals[3]] == ["Utvecklingsmål-id", "Utvecklingsmål", "Ansvarig", "Bedömning", "Analys"]
    assert validations(goals) == {"D4:D5": "list"}
    assert formats(goals)["D4:D5"][0] == "LEN(TRIM($D4))=0"


def test_collect_and_feedback_name_the_cells_where_the_added_column_put_them(tmp_path, wider):
    project = Project(tmp_path, small_plan())
    project.answer("Skola", filling("""
        | Aktiviteter  |
        |              | Aktivitets-id | Status               | Slutdatum  | Kommentar |
        |              | S1            | Försenad             | 2024-06-30 |           |
        |              | S2            | Avslutad enligt plan | 2024-03-31 |           |
        |              | S3            | Pågående enligt plan |            |           |
        | Målbedömning |
        |              | Utvecklingsmål-id | Bedömning       | Analys    |
        |              | 1.1               | Delvis uppfyllt | På väg.   |
        |              | 1.2               | Uppfyllt        | Klart.    |
    """))  # S1 is late and says nothing about it
    project.answer("Teknik")
    result = collect(project.inbox)
    assert [(f.code, f.cell) for f in result.findings if f.code == "missing-comment"] == [("missing-comment", "G4")]
    back = feedback(project.merged, today=date(2024, 5, 1))
    (skola,) = back.returns
    assert [(i.finding.code, i.sheet, i.cell) for i in skola.items] == [("missing-comment", "sheet.activities", "G4")]
    marked = openpyxl.load_workbook(skola.workbook)["Aktiviteter"]
    assert marked["G4"].comment is not None and marked["F4"].comment is None


def test_a_column_added_to_the_merged_sheets_moves_every_rule_with_it(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "MERGED_ACTIVITIES",
                        layout.MERGED_ACTIVITIES.inserted(Column("col.contact", 20), "col.status"))
    monkeypatch.setattr(layout, "MERGED_ASSESSMENT",
                        layout.MERGED_ASSESSMENT.inserted(Column("col.contact", 20), "col.level"))
    project = Project(tmp_path, small_plan())
    project.answer_all()
    collect(project.inbox)
    wb = openpyxl.load_workbook(project.merged)
    ws = wb["Aktiviteter"]
    header = [c.value for c in ws[1]]
    assert header[4:7] == ["Kontaktperson", "Status", "Slutdatum"] and header[8] == "Kommentar"
    assert ws["F2"].value == "Pågående enligt plan" and ws["E2"].value is None  # S1's status, the new column empty
    last = 1 + 5 + 200  # the header, five rows and room for the coordinator's own
    assert validations(ws) == {f"F2:F{last}": "list", f"G2:G{last}": "date"}
    comment_rule = formats(ws)[f"I2:I{last}"][0]
    assert 'TRIM($F2)="Försenad"' in comment_rule and "LEN(TRIM($I2))=0" in comment_rule
    goals = wb["Målbedömning"]
    assert validations(goals) == {"D2:D4": "list"}
    assert 'TRIM($D2)="Uppfyllt"' in formats(goals)["D2:D4"]
    # the coordinator's edit in the moved column is read back by its header and kept on the next collect
    ws["I2"] = "Samordnaren har fyllt i."
    wb.save(project.merged)
    again = collect(project.inbox)
    assert next(r for r in again.merged.rows if r.id == "S1").comment == "Samordnaren har fyllt i."


def test_a_column_added_to_the_overview_and_findings_sheets_moves_their_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "MERGED_OVERVIEW", layout.MERGED_OVERVIEW.inserted(Column("col.period", 12), "col.answered"))
    monkeypatch.setattr(layout, "MERGED_FINDINGS", layout.MERGED_FINDINGS.inserted(Column("col.period", 12), "col.severity"))
    project = Project(tmp_path, small_plan())
    project.answer_all()
    for sent in sorted(project.inbox.iterdir())[:2]:
        sent.unlink()  # two departments have not answered: a finding each
    result = collect(project.inbox)
    assert len(result.findings) >= 2
    wb = openpyxl.load_workbook(project.merged)
    overview = wb["Översikt"]
    assert [c.value for c in overview[1]][2:4] == ["Period", "Svarat"]
    departments = len(result.merged.plan.departments)
    rules = {rng: [r.type for r in overview.conditional_formatting[rng]] for rng in formats(overview)}
    assert set(rules) == {f"D2:D{departments + 1}", f"G2:G{departments + 1}"}  # Svarat and Fel, one column on
    brister = wb["Brister"]
    assert [c.value for c in brister[1]][:2] == ["Period", "Allvarlighet"]
    assert set(formats(brister)) == {f"B2:B{len(result.findings) + 1}"}
    data = layout.MERGED_FINDINGS.letter("col.finding_data")
    assert data == "J" and brister.column_dimensions[data].hidden
    # the findings are read back from the moved columns, with their codes
    from malxl.merged import read_recorded

    assert sorted(f.code for f in read_recorded(project.merged)) == sorted(f.code for f in result.findings)
