"""A merged workbook as the coordinator may hand it over: a sheet deleted, rows deleted, open in Excel, a hidden
plan sheet damaged, or not a merged workbook at all (a department's workbook, a PDF). Every reader of it says
what it is and where; nothing disappears silently from the report or the history."""

from datetime import date, datetime

import openpyxl
import pytest

from malxl.collect import collect
from malxl.example import Filling
from malxl.nextround import next_round
from malxl.plan import read_plan
from malxl.report import load_report
from malxl.status import status
from malxl.texts import Text, texts

from .conftest import GOOD

SV = texts("sv")
READERS = ["report", "next", "status", "feedback"]


def reader(command: str, project, merged=None):
    """The arguments of ``command`` reading the merged workbook ``merged`` (default: the project's)."""
    merged = merged or project.merged
    root = project.root
    return {"report": ("report", merged, "-o", root / "rapport"),
            "next": ("next", merged, root / "ny", "--period", "Tertial 2 2024", "--report-date", "2024-08-31"),
            "status": ("status", project.inbox, "--merged", merged),
            "feedback": ("feedback", merged, "-o", root / "ut")}[command]


@pytest.fixture
def collected(project):
    project.answer_all()
    collect(project.inbox, workers=0, now=datetime(2024, 5, 12))
    return project


def edit(path, change) -> None:
    """Open the workbook with openpyxl, change it as a person would in Excel, save it."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


def row_of(wb, activity: str) -> int:
    ws = wb["Aktiviteter"]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == activity)


def delete_rows(*activities):
    def change(wb):
        for aid in activities:
            wb["Aktiviteter"].delete_rows(row_of(wb, aid))
    return change


# -- a sheet deleted -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sheet", ["Aktiviteter", "Målbedömning"])
@pytest.mark.parametrize("command", READERS + ["collect"])
def test_a_merged_workbook_without_its_sheet_stops_every_reader_naming_it(run, collected, sheet, command):
    edit(collected.merged, lambda wb: wb.remove(wb[sheet]))
    args = ("collect", collected.inbox) if command == "collect" else reader(command, collected)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert SV("error.merged_missing_sheet", file="sammanstallning.xlsx", sheet=sheet) in result.output
    assert not (collected.root / "rapport").exists() and not (collected.root / "ny").exists()


def test_an_id_column_renamed_is_named_too(run, collected):
    edit(collected.merged, lambda wb: wb["Aktiviteter"].cell(1, 1, "Id"))
    result = run(*reader("report", collected))
    assert result.exit_code == 2
    assert SV("error.merged_missing_column", file="sammanstallning.xlsx", column="Aktivitets-id",
              sheet="Aktiviteter") in result.output


# -- planned rows deleted ------------------------------------------------------------------------------------------

def deleted(findings) -> list[tuple[str, str, str, str]]:
    return sorted((f.code, f.subject, f.department, f.key) for f in findings if f.code == "deleted-activity")


def test_a_deleted_planned_row_is_an_error_and_the_report_keeps_its_answer(collected):
    edit(collected.merged, delete_rows("S2", "T1"))
    model = load_report(collected.merged)
    assert deleted(model.findings) == [("deleted-activity", "S2", "Skola", "finding.deleted-activity"),
                                       ("deleted-activity", "T1", "Teknik", "finding.deleted-activity")]
    s2 = next(f for f in model.findings if f.subject == "S2")
    assert (s2.file, s2.sheet, s2.params["status"], s2.params["end"]) == (
        "sammanstallning.xlsx", "Aktiviteter", "Avslutad enligt plan", "2024-03-31")
    shown = {a.id: a for ch in model.chapters for g in ch.goals for a in g.activities}
    assert (shown["S2"].status, shown["S2"].end) == ("Avslutad enligt plan", date(2024, 3, 31))
    assert (shown["T1"].status, shown["T1"].comment) == ("Försenad", "Leverantören är sen.")
    assert "T1" in {a.id for _, a in model.deviations}


def test_the_cli_counts_it_and_exits_1(run, collected):
    edit(collected.merged, delete_rows("S2"))
    result = run(*reader("report", collected))
    assert result.exit_code == 1, result.output
    assert "deleted-activity" in result.output and SV("cli.counts", errors=SV("count.errors", count=1), warnings=SV("count.warnings", count=0), infos=SV("count.infos", count=0)) in result.output


def test_the_history_keeps_a_deleted_row_s_answer(collected, tmp_path):
    edit(collected.merged, delete_rows("S2", "T1"))
    result = next_round(collected.merged, tmp_path / "ny", "Tertial 2 2024", date(2024, 8, 31))
    assert "S2" in result.finished and "T1" in result.carried  # S2 was finished, T1 delayed
    assert deleted(result.errors) == [("deleted-activity", "S2", "Skola", "finding.deleted-activity"),
                                      ("deleted-activity", "T1", "Teknik", "finding.deleted-activity")]
    history = {h.id: h for h in read_plan(tmp_path / "ny" / "plan.xlsx").history if h.kind == "a"}
    assert (history["S2"].status, history["S2"].end) == ("Avslutad enligt plan", date(2024, 3, 31))
    assert history["T1"].comment == "Leverantören är sen."


def test_a_deleted_row_nobody_answered_is_named_as_such(project):
    project.answer("Skola")  # Teknik has not answered
    collect(project.inbox, workers=0, now=datetime(2024, 5, 12))
    edit(project.merged, delete_rows("T2"))
    model = load_report(project.merged)
    assert deleted(model.findings) == [("deleted-activity", "T2", "Teknik", "finding.deleted-activity-unanswered")]
    shown = {a.id: a for ch in model.chapters for g in ch.goals for a in g.activities}
    assert not shown["T2"].reported


def test_status_counts_it_and_collect_writes_the_row_back(collected):
    edit(collected.merged, delete_rows("S2"))
    now = status(collected.inbox, merged_path=collected.merged)
    assert deleted(now.counted) == [("deleted-activity", "S2", "Skola", "finding.deleted-activity")]
    assert next(d for d in now.departments if d.name == "Skola").errors == 1 and not now.ok
    again = collect(collected.inbox, workers=0, now=datetime(2024, 5, 13))
    assert deleted(again.findings) == [("deleted-activity", "S2", "Skola", "finding.deleted-activity")]
    assert any(r.id == "S2" and r.status == "Avslutad enligt plan" for r in again.merged.rows)
    assert deleted(load_report(collected.merged).findings) == []  # the row is back: nothing stands
    assert deleted(status(collected.inbox, merged_path=collected.merged).counted) == []


def test_a_deleted_row_s_answer_is_what_feedback_sends_back(project):
    from malxl.feedback import feedback

    project.answer("Skola", Filling(answers={**GOOD["Skola"].answers, "S3": ("Försenad", None, "")},
                                    assessments=GOOD["Skola"].assessments))  # a comment missing: a return
    project.answer("Teknik")
    collect(project.inbox, workers=0, now=datetime(2024, 5, 12))
    edit(project.merged, delete_rows("S2"))
    result = feedback(project.merged, project.root / "ut", now=datetime(2024, 5, 14), today=date(2024, 5, 14))
    [package] = result.packages
    assert {r.id: r.status for r in package.rows}["S2"] == "Avslutad enligt plan"
    assert "deleted-activity" not in {i.finding.code for i in package.items}  # the coordinator's, not theirs


# -- open in Excel -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("lock", ["~$sammanstallning.xlsx", ".~lock.sammanstallning.xlsx#"])
def test_a_merged_workbook_open_in_excel_is_said_to_be_read_as_last_saved(run, collected, command, lock):
    (collected.root / lock).write_bytes(b"Eva Ek")
    result = run(*reader(command, collected))
    assert result.exit_code in (0, 1), result.output
    assert SV("merged.open_in_excel", file=collected.merged, lock=lock) in result.output


def test_no_word_of_it_when_it_is_closed(run, collected):
    result = run(*reader("report", collected))
    assert result.exit_code == 0 and "~$" not in result.output


# -- not a merged workbook, or a damaged one ----------------------------------------------------------------------

def test_a_bad_cell_in_a_hidden_plan_sheet_is_named(run, collected):
    edit(collected.merged, lambda wb: wb["plan.Aktiviteter"].cell(3, 5, "snart"))
    result = run(*reader("report", collected))
    assert result.exit_code == 2
    problem = SV("error.plan_cell", file="sammanstallning.xlsx", sheet="plan.Aktiviteter", cell="E3",
                 problem=SV("problem.bad_date", value="snart"))
    assert SV("error.merged_plan", problem=problem) in result.output
    assert "ingen sammanställning" not in result.output


@pytest.mark.parametrize("command", ["report", "next", "feedback"])
def test_a_department_s_workbook_is_named_as_such(run, collected, command):
    result = run(*reader(command, collected, merged=collected.inbox / "Teknik.xlsx"))
    assert result.exit_code == 2
    assert SV("error.department_workbook", file="Teknik.xlsx", department="Teknik") in result.output
    assert "Inställningar" not in result.output


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("rapport.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
     Text("reason.other_document", {"kind": Text("kind.pdf")})),
    ("sammanstallning2.xlsx", b"PK\x03\x04 cut off", Text("reason.truncated")),
    ("lista.xlsx", b"Avdelning;Status\nSkola;Klar\n",
     Text("reason.text_file", {"kind": Text("kind.csv"), "suffix": ".xlsx"})),
])
@pytest.mark.parametrize("command", ["report", "next", "feedback", "status"])
def test_a_file_that_is_no_workbook_is_worded_in_swedish(run, collected, command, name, data, reason):
    other = collected.root / name
    other.write_bytes(data)
    result = run(*reader(command, collected, merged=other))
    assert result.exit_code == 2
    assert SV("error.merged_unreadable", file=name, reason=SV.render(reason)) in result.output
    assert "Cannot" not in result.output and "Zip" not in result.output and "EOCD" not in result.output


def test_a_plan_that_is_no_workbook_is_worded_in_swedish_too(run, tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    (tmp_path / "inbox").mkdir()
    reason = SV.render(Text("reason.other_document", {"kind": Text("kind.pdf")}))
    for args in (("generate", plan, "-o", tmp_path / "ut"), ("status", tmp_path / "inbox")):
        result = run(*args)
        assert result.exit_code == 2
        assert SV("error.plan_unreadable", file="plan.xlsx", reason=reason) in result.output
        assert "Cannot" not in result.output and "Zip" not in result.output
