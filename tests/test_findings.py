"""Every finding code, each from a small workbook a department could really send."""

import hashlib
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest

from malxl.collect import collect
from malxl.example import Filling
from malxl.findings import CODES, Severity
from malxl.generate import generate
from malxl.models import Activity
from malxl.plan import write_plan
from malxl.texts import Text

from .conftest import GOOD, codes, edit_cells


def skola(**answers) -> Filling:
    """Skola's good answers with some replaced: S1=(status, end, comment)."""
    base = dict(GOOD["Skola"].answers)
    base.update(answers)
    return Filling(answers=base, assessments=dict(GOOD["Skola"].assessments))


def findings_for(project, department="Skola"):
    project.answer_all() if not any(project.inbox.iterdir()) else None
    result = collect(project.inbox)
    return [f for f in result.findings if f.department == department], result


def test_clean_answers_give_no_findings(project):
    project.answer_all()
    result = collect(project.inbox)
    assert codes(result.findings) == []
    assert result.ok


@pytest.mark.parametrize("answer, expected", [
    (("Försenad", date(2024, 6, 30), ""), [("missing-comment", "F4")]),
    (("Försenad", date(2024, 6, 30), "   "), [("missing-comment", "F4")]),
    (("Klar typ", date(2024, 6, 30), ""), [("invalid-status", "D4")]),
    (("", date(2024, 6, 30), "kommentar"), [("missing-status", "D4")]),
    (("Pågående enligt plan", "vecka 12", ""), [("invalid-date", "E4")]),
    (("Pågående enligt plan", None, ""), [("invalid-date", "E4")]),  # the plan has an end date
    (("Pågående enligt plan", date(2024, 4, 1), ""), [("changed-date", "E4"), ("overdue", "E4")]),
    (("Pågående enligt plan", date(2024, 9, 30), ""), [("changed-date", "E4")]),
    (("Avslutad enligt plan", date(2024, 4, 1), ""), [("changed-date", "E4")]),  # finished: not overdue
    (("Vänteläge", date(2024, 4, 1), "Väntar på beslut."), [("changed-date", "E4")]),  # deviating: explained
])
def test_activity_answers(project, answer, expected):
    project.answer("Skola", skola(S1=answer))
    found, _ = findings_for(project)
    assert codes(found) == expected
    assert all(f.file == "Skola.xlsx" and f.sheet == "Aktiviteter" and f.subject == "S1" for f in found)


def test_severities_are_the_registered_ones(project):
    project.answer("Skola", skola(S1=("Försenad", date(2024, 4, 1), ""), S2=("Klar", date(2024, 3, 31), "")))
    found, _ = findings_for(project)
    assert {f.code: f.severity for f in found} == {"missing-comment": Severity.ERROR,
                                                   "invalid-status": Severity.ERROR,
                                                   "changed-date": Severity.INFO}
    assert all(f.severity == CODES[f.code] for f in found)


def test_statuses_are_matched_loosely_and_written_in_the_plans_spelling(project):
    project.answer("Skola", skola(S1=("  pågående\u00a0ENLIGT   plan ", date(2024, 6, 30), ""),
                                  S2=("Avslutad enligt plan".replace("å", "a\u030a"), date(2024, 3, 31), "")))
    found, result = findings_for(project)
    assert codes(found) == []
    rows = {r.id: r.status for r in result.merged.rows}
    assert rows["S1"] == "Pågående enligt plan" and rows["S2"] == "Avslutad enligt plan"


@pytest.mark.parametrize("typed", ["2024-06-30", "30/6 2024", "30.06.2024", "30/6/2024", 45473])
def test_dates_as_people_type_them(project, typed):
    project.answer("Skola", skola(S1=("Pågående enligt plan", typed, "")))
    found, result = findings_for(project)
    assert codes(found) == []
    assert next(r.end for r in result.merged.rows if r.id == "S1") == date(2024, 6, 30)


def test_an_empty_end_date_is_allowed_where_the_plan_has_none(project):
    project.answer("Skola", skola(S3=("Pågående enligt plan", None, "")))
    found, _ = findings_for(project)
    assert codes(found) == []


def test_missing_submission_names_the_department(project):
    project.answer("Skola")
    result = collect(project.inbox)
    missing = [f for f in result.findings if f.code == "missing-submission"]
    assert [(f.department, f.severity) for f in missing] == [("Teknik", Severity.WARNING)]
    assert missing[0].params == {"department": "Teknik", "contact": "Tor Teknik"}
    assert result.merged.answered == {"Skola": "Skola.xlsx"}


def test_activities_added_to_the_plan_after_the_workbook_was_made(project):
    project.answer_all()
    plan = replace(project.plan, activities=project.plan.activities + (
        Activity("S4", "Ny aktivitet", "Skola", ("1.1",), date(2024, 12, 31)),))
    write_plan(plan, project.plan_path)
    result = collect(project.inbox)
    late = [f for f in result.findings if f.code == "missing-submission"]
    assert [(f.department, f.file) for f in late] == [("Skola", "Skola.xlsx")]
    assert (late[0].key, late[0].params) == ("finding.missing-submission-activities", {"activities": "S4"})


def test_duplicate_submission_uses_the_latest_saved_time_not_the_name(project):
    project.answer("Skola", skola(S1=("Försenad", date(2024, 6, 30), "Ny version")), name="A gammal.xlsx",
                   saved=datetime(2024, 5, 12, 9, 0))
    project.answer("Skola", name="Z senaste.xlsx", saved=datetime(2024, 5, 11, 9, 0))
    project.answer("Teknik")
    result = collect(project.inbox)
    dup = [f for f in result.findings if f.code == "duplicate-submission"]
    assert [(f.severity, f.file) for f in dup] == [(Severity.WARNING, "A gammal.xlsx")]
    assert (dup[0].params["used"], dup[0].params["others"]) == ("A gammal.xlsx", "Z senaste.xlsx")
    assert result.merged.answered["Skola"] == "A gammal.xlsx"
    received = {r.name: r.used for r in result.merged.received}
    assert received == {"A gammal.xlsx": True, "Z senaste.xlsx": False, "Teknik.xlsx": True}


def test_a_tie_in_saved_time_is_an_error(project):
    project.answer("Skola", name="a.xlsx", saved=datetime(2024, 5, 12, 9, 0))
    project.answer("Skola", skola(S1=("Försenad", date(2024, 6, 30), "x")), name="b.xlsx",
                   saved=datetime(2024, 5, 12, 9, 0))
    result = collect(project.inbox)
    dup = [f for f in result.findings if f.code == "duplicate-submission"]
    assert [f.severity for f in dup] == [Severity.ERROR]
    assert (dup[0].key, sorted(dup[0].params["files"].split(", "))) == ("finding.duplicate-tie", ["a.xlsx", "b.xlsx"])


def test_the_same_bytes_twice_are_counted_once(project):
    path = project.answer("Skola")
    (project.inbox / "kopia.xlsx").write_bytes(path.read_bytes())
    result = collect(project.inbox)
    assert [f.code for f in result.findings if f.code == "duplicate-submission"] == []
    assert {r.name: r.used for r in result.merged.received} == {"Skola.xlsx": True, "kopia.xlsx": False}


def test_not_a_malxl_workbook(project):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Min egen lista"
    wb.save(project.inbox / "egen.xlsx")
    (project.inbox / "anteckningar.txt").write_text("hej")
    result = collect(project.inbox)
    assert sorted((f.code, f.file) for f in result.findings if f.file in ("egen.xlsx", "anteckningar.txt")) == [
        ("unknown-file", "anteckningar.txt"), ("unknown-file", "egen.xlsx")]


def test_a_workbook_from_another_period_is_the_wrong_plan(project, tmp_path):
    other = replace(project.plan, settings=replace(project.plan.settings, period="Tertial 3 2023"))
    generate(other, tmp_path / "förra")
    from malxl.example import fill_workbook

    fill_workbook(tmp_path / "förra" / "Skola.xlsx", project.inbox / "Skola.xlsx", GOOD["Skola"])
    result = collect(project.inbox)
    wrong = [f for f in result.findings if f.code == "wrong-plan"]
    assert [(f.file, f.severity) for f in wrong] == [("Skola.xlsx", Severity.ERROR)]
    assert (wrong[0].params["period"], wrong[0].params["plan_period"]) == ("Tertial 3 2023", project.plan.settings.period)
    assert "Skola" not in result.merged.answered


def test_an_unreadable_file_does_not_stop_the_others(project):
    (project.inbox / "trasig.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    project.answer_all()
    result = collect(project.inbox)
    assert [(f.code, f.file) for f in result.findings] == [("unreadable-file", "trasig.xlsx")]
    assert set(result.merged.answered) == {"Skola", "Teknik"}


def test_a_row_the_department_added_is_kept(project):
    filling = skola()
    filling.added.append(("", "1.1", "Läxhjälp", "Pågående enligt plan", "2024-06-01", "Startar i maj"))
    project.answer("Skola", filling)
    found, result = findings_for(project)
    assert codes(found) == [("unknown-activity", "A7")]
    added = [r for r in result.merged.rows if r.added]
    assert [(r.title, r.status, r.end, r.comment, r.goal_ids) for r in added] == [
        ("Läxhjälp", "Pågående enligt plan", date(2024, 6, 1), "Startar i maj", ("1.1",))]


def test_a_deleted_row_is_missing(project):
    path = project.answer("Skola")
    wb = openpyxl.load_workbook(path)
    wb["Aktiviteter"].delete_rows(5)  # S2
    wb.save(path)
    found, result = findings_for(project)
    assert [(f.code, f.subject, f.severity) for f in found] == [("missing-activity", "S2", Severity.ERROR)]
    # the rows below moved up, and are still matched by id
    assert {r.id: r.status for r in result.merged.rows if r.department == "Skola"} == {
        "S1": "Pågående enligt plan", "S2": "", "S3": "Pågående enligt plan"}


def test_reordered_rows_and_moved_columns_are_matched_by_id_and_header(project):
    path = project.answer("Skola")
    wb = openpyxl.load_workbook(path)
    ws = wb["Aktiviteter"]
    ws.move_range("A4:F4", rows=20)  # S1 moved far down, leaving a blank row
    ws.insert_cols(1)  # everything shifts one column right
    ws["A3"] = "Egen kolumn"
    wb.save(path)
    found, result = findings_for(project)
    assert codes(found) == []
    assert next(r for r in result.merged.rows if r.id == "S1").comment == "Går bra."


def test_an_edited_locked_text_keeps_the_plans_text(project):
    filling = skola()
    filling.edits[("S2", "Aktivitet")] = "Rastvärdar och mer"
    project.answer("Skola", filling)
    found, result = findings_for(project)
    assert codes(found) == [("changed-text", "C5")]
    assert next(r for r in result.merged.rows if r.id == "S2").title == "Rastvärdar"


def test_assessments(project):
    filling = skola()
    filling.assessments = {"1.1": ("Nästan uppfyllt", "?"), "1.2": ("", "")}
    project.answer("Skola", filling)
    found, result = findings_for(project)
    assert codes(found) == [("invalid-assessment", "C4"), ("missing-assessment", "C5")]
    assert [f.sheet for f in found] == ["Målbedömning", "Målbedömning"]


def test_an_assessment_in_another_case_is_accepted(project):
    filling = skola()
    filling.assessments = {"1.1": ("delvis UPPFYLLT", "x"), "1.2": ("Uppfyllt", "")}  # empty analysis is fine
    project.answer("Skola", filling)
    found, result = findings_for(project)
    assert codes(found) == []
    assert {a.goal_id: a.level for a in result.merged.assessments if a.goal_id.startswith("1")} == {
        "1.1": "Delvis uppfyllt", "1.2": "Uppfyllt"}


def test_lock_files_hidden_files_and_folders_are_skipped(project):
    project.answer_all()
    (project.inbox / "~$Skola.xlsx").write_bytes(b"\x00" * 100)
    (project.inbox / ".DS_Store").write_bytes(b"\x00")
    (project.inbox / "gamla").mkdir()
    result = collect(project.inbox)
    assert sorted((f.code, f.file, f.severity) for f in result.findings) == [
        ("skipped-file", ".DS_Store", Severity.INFO), ("skipped-file", "gamla", Severity.INFO),
        ("skipped-file", "~$Skola.xlsx", Severity.INFO)]


def test_a_renamed_sheet_is_named_with_what_was_found(project):
    path = project.answer("Skola")
    wb = openpyxl.load_workbook(path)
    wb["Aktiviteter"].title = "Blad1"
    wb.save(path)
    found, result = findings_for(project)
    missing = [f for f in found if f.code == "missing-sheet"]
    assert len(missing) == 1 and "Blad1" in missing[0].params["found"].split(", ")


def test_a_deleted_column_is_named_by_its_header(project):
    path = project.answer("Skola")
    wb = openpyxl.load_workbook(path)
    wb["Aktiviteter"].delete_cols(6)  # Kommentar
    wb.save(path)
    found, _ = findings_for(project)
    assert [(f.code, f.params["column"]) for f in found] == [("missing-column", Text("col.comment"))]


def test_a_row_twice_is_reported_and_the_first_used(project):
    path = project.answer("Skola")
    edit_cells(path, "Aktiviteter", {"A7": "S1", "D7": "Försenad", "F7": "dubblett"})
    found, result = findings_for(project)
    assert codes(found) == [("duplicate-activity", "A7")]
    assert next(r for r in result.merged.rows if r.id == "S1").comment == "Går bra."


def test_the_inbox_is_never_modified(project):
    project.answer_all()
    (project.inbox / "trasig.xlsx").write_bytes(b"garbage")
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
              for p in project.inbox.iterdir()}
    collect(project.inbox)
    collect(project.inbox)
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
             for p in project.inbox.iterdir()}
    assert after == before


def test_department_text_is_written_as_text_never_as_a_formula(project):
    project.answer("Skola", skola(S1=("Pågående enligt plan", date(2024, 6, 30),
                                      '=HYPERLINK("http://example.com","klicka")')))
    result = collect(project.inbox)
    ws = openpyxl.load_workbook(result.path)["Aktiviteter"]
    cell = next(row[7] for row in ws.iter_rows(min_row=2) if row[0].value == "S1")
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.hyperlink is None


def test_a_finding_is_worded_where_it_is_shown(project):
    """A finding is data: its words come in the language of the place that shows it, also when it is read
    back from the merged workbook's Brister sheet."""
    from malxl.merged import read_recorded
    from malxl.texts import Texts

    project.answer("Skola")
    result = collect(project.inbox)
    [made] = [f for f in result.findings if f.code == "missing-submission"]
    assert (made.key, made.params) == ("finding.missing-submission", {"department": "Teknik", "contact": "Tor Teknik"})
    assert made.message(Texts("sv")) == "Teknik har inte svarat. Skicka en påminnelse till Tor Teknik."
    assert made.message(Texts("en")) == "Teknik has not answered. Send a reminder to Tor Teknik."
    [back] = [f for f in read_recorded(result.path) if f.code == "missing-submission"]
    assert (back.key, back.params) == (made.key, made.params)
    assert back.message(Texts("en")) == "Teknik has not answered. Send a reminder to Tor Teknik."


def test_a_reason_inside_a_finding_is_worded_in_the_same_language(project):
    (project.inbox / "~$Skola.xlsx").write_bytes(b"\x00" * 100)
    result = collect(project.inbox)
    [skipped] = [f for f in result.findings if f.code == "skipped-file"]
    assert skipped.params == {"reason": Text("reason.lock_file")}
    from malxl.texts import Texts

    assert skipped.message(Texts("en")) == "The file was skipped (Excel lock file)."
    assert skipped.message(Texts("sv")) == "Filen hoppades över (Excels låsfil)."


def test_a_merged_workbook_written_before_findings_kept_their_parameters_still_shows_them(project):
    from malxl.merged import read_recorded
    from malxl.texts import Texts

    project.answer("Skola")
    path = collect(project.inbox).path
    wb = openpyxl.load_workbook(path)
    wb["Brister"].delete_cols(9)  # as malxl wrote Brister before: no column with the message's key and parameters
    wb.save(path)
    [old] = [f for f in read_recorded(path) if f.code == "missing-submission"]
    assert (old.key, old.params) == ("", {})
    assert old.message(Texts("en")) == "Teknik har inte svarat. Skicka en påminnelse till Tor Teknik."  # as written
