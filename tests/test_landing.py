"""Every answer lands where it belongs (issue 11, items 1-5 and 10).

A department's answer goes to its own row and nowhere else; rows it added are
kept (under an id of their own when theirs is taken) and reported under their
goals; an untouched workbook is no answer; a date typed as a number is a date;
a saved time in the future does not pick the answer; and a finding about the
merged workbook names the cell where the row stands now.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import pytest
from lxml import html as lxml_html

from malxl import layout
from malxl.collect import collect
from malxl.example import Filling, fill_workbook, set_saved_time
from malxl.generate import generate
from malxl.models import Activity
from malxl.plan import write_plan
from malxl.render import pdf
from malxl.report import load_report, report
from malxl.status import status
from malxl.texts import texts

from .conftest import GOOD, Project, small_plan

T = texts("sv")
RUN = datetime(2024, 5, 20, 8, 0)


def merged_rows(path: Path) -> list[dict]:
    """The merged workbook's Aktiviteter as dicts by header."""
    ws = openpyxl.load_workbook(path)["Aktiviteter"]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if r[0] is not None]


def overview(path: Path) -> dict[str, str]:
    ws = openpyxl.load_workbook(path)["Översikt"]
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index(T("col.answered"))
    return {r[0]: r[col] for r in rows[1:]}


def skola_adds(*added) -> Filling:
    return Filling(answers=GOOD["Skola"].answers, assessments=GOOD["Skola"].assessments, added=list(added))


# --- 1. a reused id never overwrites another department's answer ---------------------------------------------------

def test_an_id_of_another_department_is_kept_as_the_senders_own_row(project):
    project.answer("Skola", skola_adds(("T1", "1.1", "Extra läsläxa", "Pågående enligt plan", "2024-08-01", "Ny.")))
    project.answer("Teknik")
    result = collect(project.inbox, now=RUN)

    rows = merged_rows(result.path)
    ids = [r["Aktivitets-id"] for r in rows]
    assert len(ids) == len(set(ids))  # never two rows with one id
    t1 = next(r for r in rows if r["Aktivitets-id"] == "T1")
    assert (t1["Avdelning"], t1["Status"], t1["Kommentar"]) == ("Teknik", "Försenad", "Leverantören är sen.")
    new_id = T("foreign_activity_id", id="T1", department="Skola")
    mine = next(r for r in rows if r["Aktivitets-id"] == new_id)
    assert (mine["Avdelning"], mine["Aktivitet"], mine["Status"], mine["Kommentar"]) == (
        "Skola", "Extra läsläxa", "Pågående enligt plan", "Ny.")
    foreign = [f for f in result.findings if f.code == "foreign-id"]
    assert [(f.severity.value, f.department, f.file, f.cell, f.subject) for f in foreign] == [
        ("warning", "Skola", "Skola.xlsx", "A7", new_id)]
    assert foreign[0].params == {"activity": "T1", "owner": "Teknik", "new": new_id}
    assert not [f for f in result.findings if f.code == "unknown-activity"]  # one finding for the row, not two


def test_the_merged_content_does_not_depend_on_file_names(tmp_path):
    contents = []
    for names in (("a.xlsx", "b.xlsx"), ("b.xlsx", "a.xlsx")):
        project = Project(tmp_path / names[0][0], small_plan())
        project.answer("Skola", skola_adds(("T1", "1.1", "Extra", "Försenad", None, "Sent.")), name=names[0])
        teknik = Filling(answers=GOOD["Teknik"].answers, assessments=GOOD["Teknik"].assessments,
                         added=[("S1", "3.1", "Solceller", "Vänteläge", None, "Väntar.")])
        project.answer("Teknik", teknik, name=names[1])
        result = collect(project.inbox, now=RUN)
        contents.append([{k: v for k, v in r.items() if k != "Källfil"} for r in merged_rows(result.path)])
    assert contents[0] == contents[1]
    assert {r["Aktivitets-id"]: r["Status"] for r in contents[0]}["S1"] == "Pågående enligt plan"  # Skola's own


def test_an_activity_added_to_the_plan_later_takes_no_answer_typed_in_a_free_row(tmp_path):
    plan = small_plan()
    project = Project(tmp_path, plan)  # the workbooks are made before S4 is planned
    later = replace(plan, activities=(*plan.activities, Activity("S4", "Nytt läromedel", "Skola", ("1.1",))))
    write_plan(later, project.plan_path)
    project.answer("Skola", skola_adds(("S4", "1.1", "Nytt läromedel", "Pågående enligt plan", None, "")))
    project.answer("Teknik")
    result = collect(project.inbox, now=RUN)

    rows = {r["Aktivitets-id"]: r for r in merged_rows(result.path)}
    assert rows["S4"]["Status"] is None  # not sent to Skola: not answered from a free row
    assert rows[T("foreign_activity_id", id="S4", department="Skola")]["Status"] == "Pågående enligt plan"
    assert "foreign-id" in {f.code for f in result.findings}


def test_collecting_again_keeps_the_coordinators_edit_of_a_renamed_row(project):
    project.answer("Skola", skola_adds(("T1", "1.1", "Extra", "Försenad", None, "Sent.")))
    project.answer("Teknik")
    first = collect(project.inbox, now=RUN)
    new_id = T("foreign_activity_id", id="T1", department="Skola")
    wb = openpyxl.load_workbook(first.path)
    ws = wb["Aktiviteter"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == new_id:
            row[7].value = "Samordnarens kommentar."
    wb.save(first.path)
    second = collect(project.inbox, now=datetime(2024, 5, 21, 8, 0))
    rows = {r["Aktivitets-id"]: r for r in merged_rows(second.path)}
    assert rows[new_id]["Kommentar"] == "Samordnarens kommentar."
    assert rows["T1"]["Kommentar"] == "Leverantören är sen."
    assert len(rows) == len(merged_rows(second.path))


# --- 2. added rows land under their goals ---------------------------------------------------------------------------

def test_the_free_rows_offer_the_plans_goals_as_the_planned_rows_show_them(project):
    wb = openpyxl.load_workbook(project.blank("Skola"))
    lists = wb[T("sheet.lists")]
    shown = [c.value for c in lists["D"][1:] if c.value]
    assert shown == [T("dept.goal_ref", id=g.id, title=g.title) for g in project.plan.goals]
    ws = wb[T("sheet.activities")]
    first_free = layout.FIRST_ROW + len(project.plan.activities_of("Skola")) + 1  # 1-based
    goal_lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and "B" in str(dv.sqref)]
    assert len(goal_lists) == 1
    assert str(goal_lists[0].sqref) == f"B{first_free}:B{first_free + layout.EXTRA_ROWS - 1}"
    assert goal_lists[0].formula1 == f"'{T('sheet.lists')}'!$D$2:$D${len(project.plan.goals) + 1}"
    assert ws.cell(layout.FIRST_ROW + 1, 2).value == T("dept.goal_ref", id="1.1", title="Fler behöriga elever")
    instructions = [c.value for c in wb[T("sheet.instructions")]["A"] if c.value]
    assert T("instr.steps").split("\n")[3] in instructions  # how to add a row, in the department's words


@pytest.fixture
def added(project):
    """Skola adds four rows: a goal picked from the list, an id typed, two ids typed, and no known goal."""
    project.answer("Skola", skola_adds(
        ("X1", "1.2 Tryggare skolmiljö", "Trygghetsvandring", "Pågående enligt plan", None, ""),
        ("X2", "3.1", "Cykelpool", "Pågående enligt plan", None, ""),
        ("X3", "1.1, 3.1", "Skolskog", "Pågående enligt plan", None, ""),
        ("X4", "Något eget mål", "Körsång", "Pågående enligt plan", None, "")))
    project.answer("Teknik")
    return collect(project.inbox, now=RUN)


def test_collect_reads_the_leading_goal_ids_of_an_added_row(added):
    rows = {r.id: r.goal_ids for r in added.merged.rows}
    assert (rows["X1"], rows["X2"], rows["X3"], rows["X4"]) == (("1.2",), ("3.1",), ("1.1", "3.1"), ())
    assert [(f.code, f.cell, f.subject) for f in added.findings if f.code == "missing-goal"] == [
        ("missing-goal", "B10", "X4")]


def test_the_report_shows_added_rows_under_each_goal_and_lists_those_without(added, tmp_path):
    model = load_report(added.path)
    under = {g.id: [a.title for a in g.activities] for c in model.chapters for g in c.goals}
    assert "Trygghetsvandring" in under["1.2"] and "Cykelpool" in under["3.1"]
    assert "Skolskog" in under["1.1"] and "Skolskog" in under["3.1"]
    assert [a.title for a in model.unassigned] == ["Körsång"]

    out = report(added.path, tmp_path / "rapport").paths
    heading = T("report.unassigned")
    ws = openpyxl.load_workbook(out[0])["Rapport"]
    cells = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert cells.index(heading) < cells.index("Körsång") < cells.index(T("texts.closing"))
    page = lxml_html.parse(str(out[1]))
    section = page.xpath('//section[@id="utan-mal"]')[0]
    assert section.xpath("string(.//h3)") == heading and "Körsång" in section.xpath("string(.//table)")
    assert page.xpath('//nav//a[@href="#utan-mal"]')
    document = docx.Document(str(out[2]))
    texts_in_order = [p.text for p in document.paragraphs]
    assert heading in texts_in_order
    assert "Körsång" in [c.text for t in document.tables for row in t.rows for c in row.cells]


@pytest.mark.skipif(not (pdf.find_chromium() and shutil.which("pdftotext")), reason="needs Chromium and pdftotext")
def test_the_pdf_lists_added_rows_without_a_goal(added, tmp_path):
    out = report(added.path, tmp_path / "rapport", pdf=True).paths[-1]
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert T("report.unassigned") in text and "Körsång" in text


# --- 3. an untouched workbook is not an answer ----------------------------------------------------------------------

def test_an_untouched_workbook_counts_as_not_answered(project):
    wb = openpyxl.load_workbook(project.blank("Teknik"))  # opened and saved without a change
    wb.save(project.inbox / "Teknik.xlsx")
    set_saved_time(project.inbox / "Teknik.xlsx", datetime(2024, 5, 10, 9, 0))
    project.answer("Skola")
    result = collect(project.inbox, now=RUN)

    teknik = [f for f in result.findings if f.department == "Teknik"]
    assert [(f.code, f.severity.value, f.file) for f in teknik if f.code != "missing-assessment"] == [
        ("empty-submission", "warning", "Teknik.xlsx")]
    assert overview(result.path) == {"Skola": T("yes"), "Teknik": T("no")}
    assert not [r for r in result.merged.rows if r.department == "Teknik" and r.answered]
    answered = {d.name: d.answered for d in status(project.inbox, today=date(2024, 5, 20)).departments}
    assert answered == {"Skola": True, "Teknik": False}


def test_a_filled_workbook_is_preferred_to_a_later_untouched_one(project):
    project.answer("Teknik", saved=datetime(2024, 5, 10, 9, 0))
    shutil.copy(project.blank("Teknik"), project.inbox / "Teknik tom.xlsx")
    set_saved_time(project.inbox / "Teknik tom.xlsx", datetime(2024, 5, 12, 9, 0))
    project.answer("Skola")
    result = collect(project.inbox, now=RUN)
    assert result.merged.answered["Teknik"] == "Teknik.xlsx"
    assert "empty-submission" not in {f.code for f in result.findings}


# --- 4. a date typed as a number ------------------------------------------------------------------------------------

def test_a_plain_number_in_slutdatum_is_the_excel_date(project):
    project.answer("Skola")
    project.answer("Teknik")
    wb = openpyxl.load_workbook(project.inbox / "Teknik.xlsx")
    for ref, value in (("E4", 45412), ("E5", 12)):  # typed into cells of General format
        wb["Aktiviteter"][ref].value = value
        wb["Aktiviteter"][ref].number_format = "General"
    wb.save(project.inbox / "Teknik.xlsx")
    set_saved_time(project.inbox / "Teknik.xlsx", datetime(2024, 5, 10, 12, 0))
    result = collect(project.inbox, now=RUN)
    rows = {r.id: r for r in result.merged.rows}
    assert rows["T1"].end == date(2024, 4, 30)
    assert ("invalid-date", "E5") in {(f.code, f.cell) for f in result.findings}  # 1900-01-12: a mistake

    wb = openpyxl.load_workbook(result.path)  # the coordinator types a number in the merged workbook too
    ws = wb["Aktiviteter"]
    r = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "S1")
    r[5].value = 45473
    r[5].number_format = "General"
    wb.save(result.path)
    model = load_report(result.path)
    assert not [f for f in model.findings if f.code == "invalid-date" and f.subject == "S1"]
    s1 = next(a for c in model.chapters for g in c.goals for a in g.activities if a.id == "S1")
    assert s1.end == date(2024, 6, 30)


# --- 5. a saved time in the future ----------------------------------------------------------------------------------

def test_a_saved_time_in_the_future_is_ranked_by_its_arrival(project):
    future = project.answer("Skola", Filling(answers={"S1": ("Försenad", None, "Gammal.")}), name="Skola gammal.xlsx",
                            saved=datetime(2031, 1, 1, 9, 0))
    newer = project.answer("Skola", name="Skola.xlsx", saved=datetime(2024, 5, 12, 9, 0))
    os.utime(future, (datetime(2024, 5, 1).timestamp(),) * 2)
    os.utime(newer, (datetime(2024, 5, 12, 9, 5).timestamp(),) * 2)
    project.answer("Teknik")
    result = collect(project.inbox, now=RUN)
    assert result.merged.answered["Skola"] == "Skola.xlsx"
    assert [(f.code, f.severity.value, f.file) for f in result.findings if f.code == "future-saved-time"] == [
        ("future-saved-time", "warning", "Skola gammal.xlsx")]


# --- 10. a finding about the merged workbook names the row where it stands now --------------------------------------

def test_an_edit_conflict_names_the_row_where_the_activity_stands_now(project):
    project.answer("Skola")
    project.answer("Teknik")
    first = collect(project.inbox, now=RUN)
    wb = openpyxl.load_workbook(first.path)
    ws = wb["Aktiviteter"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_col=9)]
    for r, values in enumerate(reversed(rows), start=2):  # the coordinator sorts the sheet, then edits S1
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    s1 = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "S1")
    s1[7].value = "Samordnarens text."
    wb.save(first.path)
    filling = Filling(answers={**GOOD["Skola"].answers, "S1": ("Pågående enligt plan", date(2024, 6, 30), "Nytt.")},
                      assessments=GOOD["Skola"].assessments)
    project.answer("Skola", filling, saved=datetime(2024, 5, 15, 9, 0))
    second = collect(project.inbox, now=datetime(2024, 5, 21, 8, 0))

    conflict = [f for f in second.findings if f.code == "edit-conflict"]
    assert [(f.subject, f.sheet) for f in conflict] == [("S1", "Aktiviteter")]
    ws = openpyxl.load_workbook(second.path)["Aktiviteter"]
    assert ws[conflict[0].cell].value == "Nytt."  # the cell named holds S1's comment
    assert ws.cell(ws[conflict[0].cell].row, 1).value == "S1"
