"""The plan workbook: read it as the coordinator wrote it, or stop with sheet and cell named."""

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest

from malxl.errors import PlanError
from malxl.plan import read_plan, write_plan
from malxl.vocabulary import DEFAULT_LEVELS, DEFAULT_STATUSES

from .conftest import small_plan
from .tables import plan_workbook


def test_a_written_plan_reads_back_equal(tmp_path):
    plan = small_plan()
    assert read_plan(write_plan(plan, tmp_path / "plan.xlsx")) == plan


def test_default_vocabulary_is_the_seeds(tmp_path):
    plan = read_plan(write_plan(small_plan(), tmp_path / "plan.xlsx"))
    assert [s.name for s in plan.vocabulary.statuses] == [
        "Avslutad enligt plan", "Pågående enligt plan", "Pågående med avvikelse", "Försenad", "Vänteläge"]
    assert [s.name for s in plan.vocabulary.comment_statuses] == ["Pågående med avvikelse", "Försenad", "Vänteläge"]
    assert [lv.name for lv in plan.vocabulary.met_levels] == ["Uppfyllt", "Delvis uppfyllt"]


def _plan_book(tmp_path):
    path = write_plan(small_plan(), tmp_path / "plan.xlsx")
    return path, openpyxl.load_workbook(path)


def test_columns_are_found_by_header_in_any_order_and_english(tmp_path):
    path, wb = _plan_book(tmp_path)
    ws = wb["Aktiviteter"]
    # Swap two columns and give one an English header.
    for row in ws.iter_rows():
        row[0].value, row[1].value = row[1].value, row[0].value
    ws["A1"] = "Activity"
    ws["B1"] = "Activity id"
    wb["Avdelningar"].title = "Departments"
    wb.save(path)
    plan = read_plan(path)
    assert [a.id for a in plan.activities] == ["S1", "S2", "S3", "T1", "T2"]
    assert plan.activities[0].title == "Läsinsats åk 1-3"


def test_a_date_typed_as_text_in_the_settings(tmp_path):
    path, wb = _plan_book(tmp_path)
    wb["Inställningar"]["B4"] = "30.04.2024"
    wb.save(path)
    assert read_plan(path).settings.report_date == date(2024, 4, 30)


def test_yes_no_variants_and_colours_as_typed(tmp_path):
    plan = read_plan(plan_workbook(tmp_path / "plan.xlsx", """
        | Statusar |
        |          | Status    | Kräver kommentar | Avslutad | Färg    |
        |          | Klar      |                  | x        | #00FF00 |
        |          | Pågår     | Nej              | False    |         |
        |          | Avvikelse | JA               |          | ff0000  |
    """))
    assert [(s.name, s.needs_comment, s.finished, s.colour) for s in plan.vocabulary.statuses] == [
        ("Klar", False, True, "00FF00"), ("Pågår", False, False, DEFAULT_STATUSES[1].colour),
        ("Avvikelse", True, False, "FF0000")]
    assert plan.vocabulary.levels == DEFAULT_LEVELS


def test_without_vocabulary_sheets_the_defaults_apply(tmp_path):
    path, wb = _plan_book(tmp_path)
    del wb["Statusar"], wb["Bedömningar"]
    wb.save(path)
    plan = read_plan(path)
    assert plan.vocabulary.statuses == DEFAULT_STATUSES and plan.vocabulary.levels == DEFAULT_LEVELS


@pytest.mark.parametrize("sheet, cell, value, expected", [
    ("Aktiviteter", "A3", "S1", "'Aktiviteter', cell A3: id 'S1' already appears in cell A2"),
    ("Aktiviteter", "D2", "9.9", "'Aktiviteter', cell D2: development goal '9.9'"),
    ("Aktiviteter", "C2", "Ekonomi", "'Aktiviteter', cell C2: department 'Ekonomi'"),
    ("Aktiviteter", "E2", "snart", "'Aktiviteter', cell E2: 'snart' is not a date"),
    ("Mål", "C3", "1.1", "'Mål', cell C3: id '1.1' already appears in cell C2"),
    ("Mål", "E2", "Okänd", "'Mål', cell E2: department 'Okänd'"),
    ("Avdelningar", "A3", "Skola", "'Avdelningar', cell A3: id 'Skola' already appears in cell A2"),
    ("Inställningar", "B2", None, "'Inställningar', cell B2: the value is missing"),
])
def test_a_broken_plan_names_sheet_and_cell(tmp_path, monkeypatch, sheet, cell, value, expected):
    path, wb = _plan_book(tmp_path)
    wb[sheet][cell] = value
    wb.save(path)
    monkeypatch.setenv("MALXL_LANG", "en")
    with pytest.raises(PlanError) as err:
        read_plan(path)
    assert expected in str(err.value)


def test_missing_sheet_and_column_are_named(tmp_path, monkeypatch):
    first, wb = _plan_book(tmp_path / "a")
    del wb["Mål"]
    wb.save(first)
    second, wb = _plan_book(tmp_path / "b")
    wb["Aktiviteter"]["C1"] = "Enhet?"
    wb.save(second)
    monkeypatch.setenv("MALXL_LANG", "en")
    with pytest.raises(PlanError, match="sheet 'Goals' is missing"):
        read_plan(first)
    with pytest.raises(PlanError, match="column 'Department' is missing from sheet 'Aktiviteter'"):
        read_plan(second)


def test_kf_goal_without_development_goals_is_kept(tmp_path):
    plan = read_plan(write_plan(small_plan(), tmp_path / "plan.xlsx"))
    assert [k.id for k in plan.kf_goals] == ["1", "2", "3"]
    assert plan.goals_of("2") == []


def test_activity_serving_several_goals(tmp_path):
    plan = read_plan(plan_workbook(tmp_path / "plan.xlsx", """
        | Aktiviteter |
        |             | Aktivitets-id | Aktivitet     | Avdelning | Utvecklingsmål-id | Slutdatum  |
        |             | S1            | Läsinsats     | Skola     | 1.1               | 2024-06-30 |
        |             | S3            | Elevhälsoplan | Skola     | 1.1, 1.2          |            |
    """))
    assert [(a.id, a.goal_ids, a.planned_end) for a in plan.activities] == [
        ("S1", ("1.1",), date(2024, 6, 30)), ("S3", ("1.1", "1.2"), None)]


def test_a_plan_with_several_mistakes_lists_them_all_in_one_run(tmp_path, monkeypatch):
    """Three mistakes on two sheets: one run names all three, sheet and cell each, not one a run."""
    path, wb = _plan_book(tmp_path)
    wb["Mål"]["E2"] = "Okänd"           # an owner not in Avdelningar
    wb["Aktiviteter"]["A3"] = "S1"      # an id already in A2
    wb["Aktiviteter"]["E5"] = "snart"   # not a date
    wb.save(path)
    monkeypatch.setenv("MALXL_LANG", "en")
    with pytest.raises(PlanError) as err:
        read_plan(path)
    assert [(p.sheet, p.cell) for p in err.value.problems] == [("Mål", "E2"), ("Aktiviteter", "A3"),
                                                               ("Aktiviteter", "E5")]
    message = str(err.value)
    for expected in ("'Mål', cell E2: department 'Okänd'", "'Aktiviteter', cell A3: id 'S1' already appears",
                     "'Aktiviteter', cell E5: 'snart' is not a date"):
        assert expected in message


def test_a_missing_sheet_is_one_problem_not_one_for_each_row_that_refers_to_it(tmp_path, monkeypatch):
    path, wb = _plan_book(tmp_path)
    del wb["Avdelningar"]
    wb["Aktiviteter"]["E2"] = "snart"
    wb.save(path)
    monkeypatch.setenv("MALXL_LANG", "en")
    with pytest.raises(PlanError) as err:
        read_plan(path)
    assert [(p.sheet, p.cell) for p in err.value.problems] == [("Departments", ""), ("Aktiviteter", "E2")]
    assert "sheet 'Departments' is missing" in str(err.value)


def test_a_plan_error_of_one_problem_reads_as_before(tmp_path, monkeypatch):
    path, wb = _plan_book(tmp_path)
    wb["Aktiviteter"]["E2"] = "snart"
    wb.save(path)
    monkeypatch.setenv("MALXL_LANG", "en")
    with pytest.raises(PlanError) as err:
        read_plan(path)
    assert str(err.value) == "plan.xlsx, sheet 'Aktiviteter', cell E2: 'snart' is not a date"
    assert [p.message for p in err.value.problems] == [str(err.value)]


def _validations(ws) -> dict[str, tuple]:
    """Each validated range of ``ws`` (its first column's letter): the kind, its list or formula and error style."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            column = "".join(ch for ch in ref.split(":")[0] if ch.isalpha())
            found[column] = (dv.type, (dv.formula1 or "").replace("'", ""), dv.errorStyle or "stop", ref)
    return found


def _check_plan_validations(wb):
    acts = _validations(wb["Aktiviteter"])
    assert acts["C"][:3] == ("list", "Avdelningar!$A$2:$A$1000", "warning")
    assert acts["D"][:3] == ("list", "Mål!$C$2:$C$1000", "information")  # several ids "1.1, 1.2" are allowed
    assert acts["E"][0] == "date"
    assert acts["C"][3].startswith("C2:") and acts["E"][3].startswith("E2:")
    goals = _validations(wb["Mål"])
    assert goals["E"][:3] == ("list", "Avdelningar!$A$2:$A$1000", "warning")
    settings = _validations(wb["Inställningar"])
    assert settings["B"][0] == "date" and settings["B"][3] == "B4:B5"  # Rapportdatum, Sista svarsdag


def test_the_plan_init_writes_offers_dropdowns_and_checks_dates(tmp_path):
    wb = openpyxl.load_workbook(write_plan(small_plan(), tmp_path / "plan.xlsx"))
    _check_plan_validations(wb)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_the_plans_dropdowns_survive_libreoffice(tmp_path):
    path = write_plan(small_plan(), tmp_path / "plan.xlsx")
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    _check_plan_validations(openpyxl.load_workbook(out / "plan.xlsx"))
    assert read_plan(out / "plan.xlsx") == read_plan(path)


def test_a_plan_wrong_on_every_row_names_the_first_hundred_and_counts_the_rest(tmp_path, monkeypatch):
    from dataclasses import replace

    from malxl.models import Activity
    from malxl.plan import MAX_PROBLEMS

    base = small_plan()
    plan = replace(base, activities=tuple(Activity(f"S{i}", "Läsinsats", "Skola", ("1.1",)) for i in range(150)))
    path = write_plan(plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    for row in range(2, 152):
        wb["Aktiviteter"][f"E{row}"] = f"vecka {row}"
    wb.save(path)
    monkeypatch.setenv("MALXL_LANG", "en")
    with pytest.raises(PlanError) as err:
        read_plan(path)
    assert MAX_PROBLEMS == 100
    assert [p.cell for p in err.value.problems] == [f"E{row}" for row in range(2, 102)]
    lines = str(err.value).splitlines()
    assert lines[0] == "plan.xlsx: 150 problems in the plan. Fix them and run again:"
    assert lines[-1] == "  … and 50 more problems."
