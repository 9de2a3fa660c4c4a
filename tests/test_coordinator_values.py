"""The coordinator's own hands: what the coordinator types in the merged workbook is checked as a department's.

The story: Teknik pastes ``uppfylt`` (not a level) as its assessment; the coordinator collects, then types in
the merged workbook an assessment that is not in the list (``Uppfylt``), a status (``Klar``) and a date
(``hösten 2025``). Every command counts those four errors; the report is still written, each value as typed;
feedback sends Teknik its own mistake and Skola nothing of the coordinator's. While the merged workbook's
Översikt and Brister lag behind, status and report say so and how to bring them up to date.
"""

from __future__ import annotations

from datetime import date, datetime

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.collect import collect
from malxl.example import Filling
from malxl.feedback import feedback
from malxl.findings import summary
from malxl.merged import read_recorded
from malxl.report import report
from malxl.status import status

from .conftest import GOOD
from .test_recollect import coordinator_edits

RETURNED = datetime(2024, 5, 16, 8, 0)
TEKNIK = Filling(answers=GOOD["Teknik"].answers, assessments={"3.1": ("uppfylt", "Lite gjort.")})
STALE = "Översikt och Brister i sammanstallning.xlsx"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def where(findings, code: str) -> list[tuple]:
    """Each finding of ``code``: file, cell, department and whether the value is the coordinator's."""
    return sorted((f.file, f.cell, f.department, f.by_coordinator) for f in findings if f.code == code)


@pytest.fixture
def typed(project, monkeypatch):
    """Teknik's pasted ``uppfylt`` collected; then the coordinator's three typing mistakes in the merged workbook."""
    monkeypatch.setenv("MALXL_LANG", "sv")
    project.answer("Skola")
    project.answer("Teknik", TEKNIK)
    first = collect(project.inbox)
    assert [(f.code, f.file) for f in first.findings] == [("invalid-assessment", "Teknik.xlsx")]
    coordinator_edits(first.path, activities={("S1", "Status"): "Klar", ("S2", "Slutdatum"): "hösten 2025"},
                      goals={("1.1", "Bedömning"): "Uppfylt"})
    return project


MERGED = "sammanstallning.xlsx"
EXPECTED = {
    "invalid-status": [(MERGED, "E2", "Skola", True)],
    "invalid-date": [(MERGED, "F3", "Skola", True)],
    "invalid-assessment": [("Teknik.xlsx", "C4", "Teknik", False), (MERGED, "C2", "Skola", True)],
}


def assert_counted(findings):
    assert {code: where(findings, code) for code in EXPECTED} == EXPECTED
    assert summary(findings) == {"errors": 4, "warnings": 0, "infos": 0}


def test_status_counts_the_coordinators_values_as_a_departments(typed):
    seen = status(typed.inbox, today=date(2024, 5, 16))
    assert_counted(seen.counted)
    assert [(d.name, d.errors) for d in seen.departments] == [("Skola", 3), ("Teknik", 1)]
    out = run("status", typed.inbox)
    assert out.exit_code == 1
    assert "Brister: 4 fel, 0 varningar, 0 info." in out.output


def test_report_is_written_with_an_unknown_assessment_as_typed_and_exits_1(typed):
    result = report(typed.merged)
    assert_counted(result.findings)
    assert [p.name for p in result.paths] == ["rapport.xlsx", "rapport.html", "rapport.docx"]
    goals = {g.id: g for c in result.model.chapters for g in c.goals}
    assert (goals["1.1"].level, goals["1.1"].colour) == ("Uppfylt", "")
    assert (goals["3.1"].level, goals["3.1"].colour) == ("uppfylt", "")
    ws = openpyxl.load_workbook(result.paths[0])["Rapport"]
    shown = [c for row in ws.iter_rows() for c in row if c.value in ("Uppfylt", "uppfylt")]
    assert sorted(c.value for c in shown) == ["Uppfylt", "uppfylt"]
    assert all(c.font.color is None or c.font.color.type != "rgb" for c in shown)  # the text's own colour
    html = result.paths[1].read_text(encoding="utf-8")
    assert "<strong>Uppfylt</strong>" in html and "<strong>uppfylt</strong>" in html
    words = "\n".join(p.text for p in docx.Document(str(result.paths[2])).paragraphs)
    assert "Uppfylt" in words.split() and "uppfylt" in words.split()

    out = run("report", typed.merged, "-o", typed.root / "cli-rapport")
    assert out.exit_code == 1
    assert "Brister: 4 fel, 0 varningar, 0 info." in out.output
    assert (typed.root / "cli-rapport" / "rapport.docx").exists()


def test_feedback_leaves_the_coordinators_values_out_and_sends_the_departments(typed):
    result = feedback(typed.merged, typed.root / "ut", now=RETURNED)
    assert [(p.department, p.kind, [(i.finding.code, i.finding.subject) for i in p.items])
            for p in result.packages] == [("Teknik", "return", [("invalid-assessment", "3.1")])]
    out = run("feedback", typed.merged, "-o", typed.root / "ut2")
    assert out.exit_code == 0
    assert "Skola" not in out.output


def test_collect_counts_the_coordinators_values_and_keeps_them_marked(typed):
    again = collect(typed.inbox)
    assert_counted(again.findings)
    assert_counted(read_recorded(again.path))  # Brister keeps which values are the coordinator's
    out = run("collect", typed.inbox)
    assert out.exit_code == 1
    assert "Brister: 4 fel, 0 varningar, 0 info." in out.output
    # and after that collect, status, report and feedback still agree
    assert_counted(status(typed.inbox).counted)
    assert_counted(report(typed.merged).findings)
    assert [p.department for p in feedback(typed.merged, typed.root / "ut", now=RETURNED).packages] == ["Teknik"]


def test_a_value_the_coordinator_puts_back_is_no_longer_counted(typed):
    collect(typed.inbox)  # Brister records the coordinator's three mistakes
    coordinator_edits(typed.merged, activities={("S1", "Status"): "Pågående enligt plan",
                                                ("S2", "Slutdatum"): datetime(2024, 3, 31)},
                      goals={("1.1", "Bedömning"): "Delvis uppfyllt"})  # as Skola sent them
    for findings in (status(typed.inbox).counted, report(typed.merged).findings):
        assert [(f.code, f.file) for f in findings] == [("invalid-assessment", "Teknik.xlsx")]


def test_the_coordinators_level_in_other_spelling_takes_the_plans(typed):
    coordinator_edits(typed.merged, goals={("1.1", "Bedömning"): " uppfyllt "})
    again = collect(typed.inbox)
    assert where(again.findings, "invalid-assessment") == [("Teknik.xlsx", "C4", "Teknik", False)]
    assert next(a.level for a in again.merged.assessments if a.goal_id == "1.1") == "Uppfyllt"


def test_an_edit_of_the_analysis_leaves_the_departments_level_theirs_to_fix(typed):
    coordinator_edits(typed.merged, goals={("3.1", "Analys"): "Samordnarens analys."})
    seen = status(typed.inbox)
    assert [w[1:] for w in where(seen.counted, "invalid-assessment")] == [("C2", "Skola", True), ("C4", "Teknik", False)]
    result = feedback(typed.merged, typed.root / "ut", now=RETURNED)
    assert [(p.department, [i.finding.code for i in p.items]) for p in result.packages] == [
        ("Teknik", ["invalid-assessment"])]


def test_a_return_workbook_carries_the_departments_value_where_the_coordinator_typed_a_wrong_one(project,
                                                                                                  monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")
    skola = Filling(answers={**GOOD["Skola"].answers, "S3": ("Försenad", None, "")},  # its own: a missing comment
                    assessments=GOOD["Skola"].assessments)
    project.answer("Skola", skola)
    project.answer("Teknik")
    first = collect(project.inbox)
    coordinator_edits(first.path, activities={("S1", "Status"): "Klar"})
    back = feedback(first.path, project.root / "ut", now=RETURNED)
    [p] = back.packages
    # and 1.2, assessed Uppfyllt while S3 is Försenad, is questioned (assessment-evidence)
    assert [(i.finding.code, i.finding.subject) for i in p.items] == [("missing-comment", "S3"),
                                                                      ("assessment-evidence", "1.2")]
    ws = openpyxl.load_workbook(p.workbook)["Aktiviteter"]
    status_col = next(c.column for c in ws[3] if c.value == "Status")
    s1 = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == "S1")
    assert ws.cell(s1, status_col).value == "Pågående enligt plan"  # as Skola sent it, not the coordinator's "Klar"

    (project.inbox / "Skola.xlsx").write_bytes(p.workbook.read_bytes())  # sent back as it came
    again = collect(project.inbox)
    assert where(again.findings, "invalid-status") == [(MERGED, "E2", "Skola", True)]  # still the coordinator's
    assert [i.finding.code for p in feedback(again.path, project.root / "ut2", now=RETURNED).packages
            for i in p.items] == ["missing-comment", "assessment-evidence"]


def test_a_row_the_coordinator_adds_is_checked_as_a_departments_added_row(project, monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")
    project.answer_all()
    first = collect(project.inbox)
    wb = openpyxl.load_workbook(first.path)
    wb["Aktiviteter"].append(["X1", "Skola", "1.1", "Samordnarens rad", "Klar", "hösten 2025", None, "Ny."])
    wb.save(first.path)
    expected = [("invalid-date", "F7", "Skola", True), ("invalid-status", "E7", "Skola", True)]
    for findings in (status(project.inbox).counted, report(project.merged).findings, collect(project.inbox).findings):
        assert sorted((f.code, f.cell, f.department, f.by_coordinator) for f in findings) == expected
    assert feedback(project.merged, project.root / "ut", now=RETURNED).packages == []


# -- Översikt and Brister lag behind the coordinator's edits ----------------------------------------------------

def test_status_and_report_say_when_the_sheets_are_out_of_date_and_how_to_refresh_them(typed):
    status_out = run("status", typed.inbox).output
    report_out = run("report", typed.merged).output
    for out in (status_out, report_out):
        [line] = [x for x in out.splitlines() if STALE in x]
        assert f"malxl collect {typed.inbox}" in line
    assert status(typed.inbox).stale and report(typed.merged).stale

    run("collect", typed.inbox)  # brings them up to date
    assert STALE not in run("status", typed.inbox).output
    assert STALE not in run("report", typed.merged).output
    assert not status(typed.inbox).stale and not report(typed.merged).stale


def test_fresh_sheets_say_nothing(project, monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")
    project.answer_all()
    collect(project.inbox)
    assert STALE not in run("status", project.inbox).output
    assert STALE not in run("report", project.merged).output


def test_without_a_record_of_the_inbox_report_names_it_generically(typed):
    (typed.root / "arkiv" / "manifest.jsonl").unlink()
    [line] = [x for x in run("report", typed.merged).output.splitlines() if STALE in x]
    assert "malxl collect INKORG" in line



def test_a_merged_workbook_elsewhere_is_named_in_the_collect_to_run(typed):
    elsewhere = typed.root / "kopia.xlsx"
    elsewhere.write_bytes(typed.merged.read_bytes())
    [line] = [x for x in run("status", typed.inbox, "--merged", elsewhere).output.splitlines()
              if "Översikt och Brister i kopia.xlsx" in x]
    assert f"malxl collect {typed.inbox} -o {elsewhere}" in line
