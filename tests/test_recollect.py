"""Collecting again when late answers arrive never loses the coordinator's work."""

from datetime import date, datetime

import openpyxl

from malxl.collect import collect
from malxl.example import Filling

from .conftest import GOOD, sheet_rows


def merged_cell(path, sheet, key, column):
    """The value of ``column`` in the row whose first cell is ``key``."""
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] == key:
            return row[header.index(column)]
    raise KeyError(key)


def coordinator_edits(path, activities=None, goals=None, texts=None):
    """The coordinator edits the merged workbook in Excel."""
    wb = openpyxl.load_workbook(path)
    for sheet, changes in (("Aktiviteter", activities or {}), ("Målbedömning", goals or {})):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for (key, column), value in changes.items():
                if row[0].value == key:
                    row[header.index(column)].value = value
    if texts:
        ws = wb["Texter"]
        for row in ws.iter_rows(min_row=2):
            if row[0].value in texts:
                row[1].value = texts[row[0].value]
    wb.save(path)


def test_late_answers_keep_the_coordinators_assessments_edits_and_texts(project):
    project.answer("Skola")
    first = collect(project.inbox, now=datetime(2024, 5, 16, 8, 0))
    assert first.backup is None
    coordinator_edits(
        first.path,
        activities={("S1", "Kommentar"): "Förtydligat av samordnaren."},
        goals={("3.1", "Bedömning"): "Ej uppfyllt", ("3.1", "Analys"): "Teknik har inte svarat.",
               ("1.2", "Analys"): "Samordnarens analys."},
        texts={"Inledning": "Vår egen inledning."})
    project.answer("Teknik", Filling(answers=GOOD["Teknik"].answers), saved=datetime(2024, 5, 20, 9, 0))
    second = collect(project.inbox, now=datetime(2024, 5, 21, 8, 0))

    assert second.backup.name == "sammanstallning.20240521-080000.xlsx" and second.backup.exists()
    assert merged_cell(second.path, "Aktiviteter", "S1", "Kommentar") == "Förtydligat av samordnaren."
    assert merged_cell(second.path, "Aktiviteter", "T1", "Status") == "Försenad"  # the late answer is in
    assert merged_cell(second.path, "Målbedömning", "3.1", "Bedömning") == "Ej uppfyllt"
    assert merged_cell(second.path, "Målbedömning", "3.1", "Analys") == "Teknik har inte svarat."
    assert merged_cell(second.path, "Målbedömning", "1.2", "Analys") == "Samordnarens analys."
    assert merged_cell(second.path, "Målbedömning", "1.2", "Bedömning") == "Uppfyllt"  # Skola's own
    assert sheet_rows(second.path, "Texter")[1][:2] == ("Inledning", "Vår egen inledning.")
    assert [f.code for f in second.findings if f.code == "edit-conflict"] == []
    # the coordinator's assessment satisfies the missing one
    assert [f for f in second.findings if f.code == "missing-assessment"] == []

    # and a third collect, with nothing new, still knows the department's text from the coordinator's
    third = collect(project.inbox, now=datetime(2024, 5, 22, 8, 0))
    assert merged_cell(third.path, "Aktiviteter", "S1", "Kommentar") == "Förtydligat av samordnaren."
    assert merged_cell(third.path, "Målbedömning", "3.1", "Analys") == "Teknik har inte svarat."
    assert [f.code for f in third.findings if f.code == "edit-conflict"] == []


def test_a_newer_department_answer_wins_over_an_edit_and_says_so(project):
    project.answer_all()
    first = collect(project.inbox)
    coordinator_edits(first.path, activities={("S2", "Kommentar"): "Samordnarens text"},
                      goals={("1.1", "Bedömning"): "Uppfyllt"})
    newer = Filling(answers={**GOOD["Skola"].answers, "S2": ("Avslutad enligt plan", date(2024, 3, 31), "Skolans nya")},
                    assessments={"1.1": ("Knappt uppfyllt", "Nytt läge"), "1.2": GOOD["Skola"].assessments["1.2"]})
    project.answer("Skola", newer, name="Skola v2.xlsx", saved=datetime(2024, 5, 30, 9, 0))
    second = collect(project.inbox)
    assert merged_cell(second.path, "Aktiviteter", "S2", "Kommentar") == "Skolans nya"
    assert merged_cell(second.path, "Målbedömning", "1.1", "Bedömning") == "Knappt uppfyllt"
    conflicts = [f for f in second.findings if f.code == "edit-conflict"]
    assert sorted((f.sheet, f.cell) for f in conflicts) == [("Aktiviteter", "H3"), ("Målbedömning", "C2")]
    assert any(f.params["old"] == "Samordnarens text" for f in conflicts)
    assert all(f.file == "sammanstallning.xlsx" for f in conflicts)


def test_a_fix_made_by_the_coordinator_clears_the_finding(project):
    project.answer("Teknik", Filling(answers={**GOOD["Teknik"].answers,
                                              "T1": ("Försenad", date(2024, 12, 31), "")}))
    first = collect(project.inbox)
    assert [(f.code, f.file) for f in first.findings if f.code == "missing-comment"] == [
        ("missing-comment", "Teknik.xlsx")]
    coordinator_edits(first.path, activities={("T1", "Kommentar"): "Enligt telefonsamtal: leverantören är sen."})
    second = collect(project.inbox)
    assert [f for f in second.findings if f.code == "missing-comment"] == []
    assert merged_cell(second.path, "Aktiviteter", "T1", "Kommentar").startswith("Enligt telefonsamtal")


def test_collecting_twice_gives_the_same_content(project):
    project.answer_all()
    first = collect(project.inbox, out=project.root / "a.xlsx")
    second = collect(project.inbox, out=project.root / "b.xlsx")
    for sheet in ("Översikt", "Aktiviteter", "Avvikelser", "Målbedömning", "Brister", "Texter"):
        assert sheet_rows(first.path, sheet) == sheet_rows(second.path, sheet)
    third = collect(project.inbox, out=project.root / "a.xlsx")  # over itself, with no edits
    for sheet in ("Aktiviteter", "Målbedömning", "Brister"):
        assert sheet_rows(third.path, sheet) == sheet_rows(second.path, sheet)


def test_the_merged_workbook_sheets(project):
    project.answer("Skola")
    result = collect(project.inbox)
    wb = openpyxl.load_workbook(result.path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["Översikt", "Aktiviteter", "Avvikelser", "Målbedömning", "Texter", "Brister", "Inkomna"]
    assert [c.value for c in wb["Aktiviteter"][1]] == [
        "Aktivitets-id", "Avdelning", "Utvecklingsmål-id", "Aktivitet", "Status", "Slutdatum",
        "Planerat slutdatum", "Kommentar", "Källfil"]
    assert [c.value for c in wb["Brister"][1]] == ["Allvarlighet", "Kod", "Avdelning", "Fil", "Blad", "Cell",
                                                   "Meddelande", "Avser", "Meddelandets data (malxl)"]
    assert wb["Brister"].column_dimensions["I"].hidden  # the message's key and parameters, for malxl only
    overview = {row[0]: row[2] for row in sheet_rows(result.path, "Översikt")[1:]}
    assert overview == {"Skola": "Ja", "Teknik": "Nej"}
    assert wb["Avvikelser"].protection.sheet
    inkomna = sheet_rows(result.path, "Inkomna")
    assert inkomna[1][0] == "Skola.xlsx" and len(inkomna[1][4]) == 64 and inkomna[1][5] == "Ja"
