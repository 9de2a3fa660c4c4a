"""The department workbook: friendly, protected where it should be, and red when filled in wrongly."""

import shutil
import subprocess
from datetime import datetime

import openpyxl
import pytest

from malxl.collect import collect
from malxl.generate import generate
from malxl.read import identity_of
from malxl.workbook.xlsx import read_book

from .conftest import GENERATED, GOOD, codes, small_plan


def test_one_workbook_per_department_with_its_own_activities(project):
    wb = openpyxl.load_workbook(project.blank("Skola"))
    assert wb.sheetnames == ["Instruktioner", "Aktiviteter", "Målbedömning", "Listor", "malxl"]
    ws = wb["Aktiviteter"]
    assert [c.value for c in ws[3]] == ["Aktivitets-id", "Utvecklingsmål", "Aktivitet", "Status", "Slutdatum",
                                        "Kommentar"]
    assert [ws.cell(r, 1).value for r in range(4, 7)] == ["S1", "S2", "S3"]
    assert ws["B6"].value == "1.1 Fler behöriga elever\n1.2 Tryggare skolmiljö"
    assert ws["E4"].value == datetime(2024, 6, 30)  # the planned end date, for the department to confirm
    assert ws["E6"].value is None  # no planned end date
    assert ws.freeze_panes == "A4"


def test_only_status_end_and_comment_can_be_edited(project):
    ws = openpyxl.load_workbook(project.blank("Skola"))["Aktiviteter"]
    assert ws.protection.sheet
    for r in (4, 5, 6):
        assert [ws.cell(r, c).protection.locked for c in range(1, 7)] == [True, True, True, False, False, False]
    # empty rows below, unlocked, for activities the department adds
    assert all(not ws.cell(r, c).protection.locked for r in range(7, 17) for c in range(1, 7))


def test_status_is_a_dropdown_of_exactly_the_plans_statuses(project):
    wb = openpyxl.load_workbook(project.blank("Skola"))
    ws = wb["Aktiviteter"]
    lists = wb["Listor"]
    assert lists.sheet_state == "hidden"
    status = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list")
    assert str(status.sqref) == "D4:D16"
    assert status.formula1 == "'Listor'!$A$2:$A$6"
    assert [lists.cell(r, 1).value for r in range(2, 7)] == [s.name for s in project.plan.vocabulary.statuses]
    assert status.showErrorMessage and status.errorStyle in (None, "stop")
    dates = next(dv for dv in ws.data_validations.dataValidation if dv.type == "date")
    assert str(dates.sqref) == "E4:E16"


def test_a_deviating_status_without_comment_turns_the_comment_red(project):
    ws = openpyxl.load_workbook(project.blank("Skola"))["Aktiviteter"]
    rules = {str(rng.sqref): [r.formula[0] for r in rng.rules] for rng in ws.conditional_formatting}
    comment_rule = rules["F4:F16"][0]
    for status in ("Pågående med avvikelse", "Försenad", "Vänteläge"):
        assert f'TRIM($D4)="{status}"' in comment_rule
    assert "LEN(TRIM($F4))=0" in comment_rule
    assert "Avslutad enligt plan" not in comment_rule


def test_goal_owners_get_an_assessment_sheet_with_a_dropdown(project):
    wb = openpyxl.load_workbook(project.blank("Skola"))
    ws = wb["Målbedömning"]
    assert [c.value for c in ws[3]] == ["Utvecklingsmål-id", "Utvecklingsmål", "Bedömning", "Analys"]
    assert [ws.cell(r, 1).value for r in (4, 5)] == ["1.1", "1.2"]
    dv = ws.data_validations.dataValidation[0]
    assert str(dv.sqref) == "C4:C5" and dv.formula1 == "'Listor'!$C$2:$C$5"
    assert not ws["C4"].protection.locked and not ws["D4"].protection.locked and ws["A4"].protection.locked


def test_instructions_name_the_deadline_coordinator_and_vocabulary(project):
    ws = openpyxl.load_workbook(project.blank("Teknik"))["Instruktioner"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "2024-05-15" in text and "Eva Ek" in text and "eva.ek@testby.se" in text
    for status in project.plan.vocabulary.statuses:
        assert status.name in text
    # Which statuses require a comment, straight from the same vocabulary the validator uses
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert rows["Försenad"] == "Ja" and rows["Avslutad enligt plan"] == "Nej"


def test_hidden_identity_lets_collect_recognise_any_file_name(project):
    wb = openpyxl.load_workbook(project.blank("Teknik"))
    assert wb["malxl"].sheet_state == "veryHidden"
    identity = identity_of(read_book(project.blank("Teknik")))
    assert (identity.organisation, identity.period, identity.department) == ("Testby kommun", "Tertial 1 2024",
                                                                             "Teknik")
    assert identity.activity_ids == ("T1", "T2") and identity.goal_ids == ("3.1",)
    project.answer("Teknik", name="svar från teknik.xlsx")
    project.answer("Skola", name="Teknik.xlsx")  # misleading name: the identity decides
    result = collect(project.inbox)
    assert result.merged.answered == {"Teknik": "svar från teknik.xlsx", "Skola": "Teknik.xlsx"}


def test_password_from_the_plan_protects_the_sheets(tmp_path):
    plan = small_plan(password="hemligt")
    generate(plan, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "Skola.xlsx")["Aktiviteter"]
    assert ws.protection.sheet and ws.protection.password


def test_same_names_are_replaced_and_other_files_left_alone(project):
    (project.outbox / "gammal.txt").write_text("x")
    result = generate(project.plan, project.outbox)
    assert sorted(p.name for p in result.replaced) == ["Skola.xlsx", "Teknik.xlsx"]
    assert [p.name for p in result.left_alone] == ["gammal.txt"]
    assert (project.outbox / "gammal.txt").read_text() == "x"


def test_department_names_that_are_not_file_names(tmp_path):
    from dataclasses import replace

    from malxl.models import Department

    plan = small_plan()
    plan = replace(plan, departments=(Department("Skola"), Department("Teknik/Fritid: Väst")),
                   activities=tuple(replace(a, department="Teknik/Fritid: Väst") if a.department == "Teknik" else a
                                    for a in plan.activities),
                   goals=tuple(replace(g, owner="Teknik/Fritid: Väst") if g.owner == "Teknik" else g
                               for g in plan.goals))
    result = generate(plan, tmp_path)
    assert sorted(p.name for p in result.written) == ["Skola.xlsx", "Teknik_Fritid_ Väst.xlsx"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_in_libreoffice_is_read_as_excels(project, tmp_path):
    filled = project.answer("Teknik", name="Teknik.xlsx")
    converted = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(converted), str(filled)],
                   check=True, capture_output=True, timeout=180)
    lo_file = converted / "Teknik.xlsx"
    wb = openpyxl.load_workbook(lo_file)
    # What LibreOffice kept: the dropdown, the protection and the hidden identity
    assert any(dv.type == "list" for dv in wb["Aktiviteter"].data_validations.dataValidation)
    assert wb["Aktiviteter"].protection.sheet
    filled.unlink()
    shutil.copy(lo_file, project.inbox / "Teknik.xlsx")
    result = collect(project.inbox)
    assert result.merged.answered == {"Teknik": "Teknik.xlsx"}
    rows = {r.id: (r.status, r.end, r.comment) for r in result.merged.rows if r.department == "Teknik"}
    expected = {aid: (s, e, c) for aid, (s, e, c) in GOOD["Teknik"].answers.items()}
    assert rows == expected
    assert codes(f for f in result.findings if f.department == "Teknik") == []


def test_a_plan_of_very_many_goals_offers_each_department_the_goals_it_works_on(tmp_path, monkeypatch):
    """The added rows' dropdown lists every goal of a plan of usual size; past DROPDOWN_GOALS only the
    department's own goals and its activities' goals (any other can still be typed)."""
    import malxl.department as department_module

    plan = small_plan()
    everyone = generate(plan, tmp_path / "all", now=GENERATED).written[0]
    monkeypatch.setattr(department_module, "DROPDOWN_GOALS", 1)
    mine = generate(plan, tmp_path / "mine", now=GENERATED).written[0]
    department = mine.stem

    def offered(path):
        ws = openpyxl.load_workbook(path)["Listor"]
        return [c.value.split(" ")[0] for c in ws["D"][1:] if c.value]

    works_on = {g.id for g in plan.goals if g.owner == department} | {
        gid for a in plan.activities if a.department == department for gid in a.goal_ids}
    assert offered(everyone) == [g.id for g in plan.goals]
    assert offered(mine) == [g.id for g in plan.goals if g.id in works_on] and len(offered(mine)) < len(plan.goals)
