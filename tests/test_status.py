"""`malxl status`: the coordinator's quick look at who has answered, without writing anything."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.example import Filling, write_example
from malxl.status import days_text, status
from malxl.texts import texts

from .conftest import GOOD


def snapshot(folder):
    return sorted((str(p.relative_to(folder)), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def ange(tmp_path_factory):
    """The Ånge inbox as first received: Kommunikation silent, Utbildning twice, a lock file, a few mistakes."""
    folder = tmp_path_factory.mktemp("ange")
    write_example(folder, mistakes=True)
    return folder


def test_each_department_answered_or_not_with_its_file_and_counts(ange):
    result = status(ange / "inbox", today=date(2024, 1, 16))
    assert [(d.name, d.answered, d.file, d.errors, d.warnings) for d in result.departments] == [
        ("Utbildning", True, "Utbildning.xlsx", 0, 2),  # the later of its two files; duplicate + a goal unassessed
        ("Socialtjänst", True, "Socialtjänst.xlsx", 1, 0),  # Försenad without a comment
        ("Samhällsbyggnad", True, "Samhällsbyggnad.xlsx", 1, 0),  # "hösten 2025" is no date
        ("Kommunikation", False, "", 0, 0),
        ("Näringsliv", True, "Näringsliv.xlsx", 1, 0),  # a status forgotten
        ("Kultur och fritid", True, "Kultur och fritid.xlsx", 0, 1),  # an activity of its own
        ("Kost och upphandling", True, "Kost och upphandling.xlsx", 0, 0),
        # retyped a locked title; 2.3.1 assessed Uppfyllt with A25 Pågående med avvikelse (assessment-evidence)
        ("Kommunledning", True, "Kommunledning.xlsx", 0, 2),
    ]
    # with no department: the lock file, and 2.1.1's 2023 value that the coordinator fetches from Kolada
    assert [(f.code, f.file) for f in result.other] == [("skipped-file", "~$Socialtjänst.xlsx"),
                                                        ("missing-value", "sammanstallning.xlsx")]
    assert result.answered == 7
    assert result.days_left == 3
    assert not result.ok


def test_the_cli_prints_the_overview_and_exits_1_while_someone_is_missing(ange):
    before = snapshot(ange)
    run = CliRunner().invoke(cli, ["status", str(ange / "inbox")])
    assert run.exit_code == 1, run.output
    lines = run.output.splitlines()
    assert lines[0].startswith("Sista svarsdag 2024-01-19: ")
    assert lines[2].split() == ["Avdelning", "Svarat", "Fil", "som", "används", "Sparad", "Fel", "Varningar"]
    assert lines[3].split() == ["Utbildning", "Ja", "Utbildning.xlsx", "2024-01-15", "09:30", "0", "2"]
    assert lines[6].split() == ["Kommunikation", "Nej", "-", "-", "-", "-"]
    assert "Svarat: 7 av 8 avdelningar." in lines
    assert snapshot(ange) == before  # status writes nothing: no merged workbook, no backup, no temp file
    assert not (ange / "sammanstallning.xlsx").exists()


def test_all_answered_without_errors_exits_0(project):
    project.answer_all()
    run = CliRunner().invoke(cli, ["status", str(project.inbox), "--plan", str(project.plan_path)])
    assert run.exit_code == 0, run.output
    assert "Svarat: 2 av 2 avdelningar." in run.output


def test_one_error_is_enough_for_exit_1_and_a_newer_answer_clears_it(project):
    project.answer_all()
    wrong = Filling(answers={**GOOD["Teknik"].answers, "T1": ("Försenad", date(2024, 12, 31), "")},
                    assessments=GOOD["Teknik"].assessments)
    project.answer("Teknik", wrong, name="Teknik svar 2.xlsx", saved=datetime(2024, 5, 11, 9, 0))
    result = status(project.inbox)
    teknik = result.departments[1]
    assert (teknik.file, teknik.errors) == ("Teknik svar 2.xlsx", 1)
    assert [(f.code, f.cell) for f in teknik.findings if f.code != "duplicate-submission"] == [
        ("missing-comment", "F4")]
    assert CliRunner().invoke(cli, ["status", str(project.inbox)]).exit_code == 1
    project.answer("Teknik", name="Teknik svar 3.xlsx", saved=datetime(2024, 5, 12, 9, 0))
    assert status(project.inbox).departments[1].errors == 0
    assert CliRunner().invoke(cli, ["status", str(project.inbox)]).exit_code == 0


@pytest.mark.parametrize("today, text", [
    (date(2024, 5, 1), "Sista svarsdag 2024-05-15: 14 dagar kvar."),
    (date(2024, 5, 14), "Sista svarsdag 2024-05-15: 1 dag kvar."),
    (date(2024, 5, 15), "Sista svarsdag 2024-05-15: sista dagen i dag."),
    (date(2024, 5, 16), "Sista svarsdag 2024-05-15: passerades i går."),
    (date(2024, 5, 20), "Sista svarsdag 2024-05-15: passerades för 5 dagar sedan."),
])
def test_days_left_to_the_deadline(project, today, text):
    assert days_text(status(project.inbox, today=today), texts("sv")) == text


def test_no_deadline_in_the_plan(tmp_path):
    from .conftest import Project, small_plan

    project = Project(tmp_path, small_plan(deadline=None))
    result = status(project.inbox)
    assert result.days_left is None
    assert days_text(result, texts("sv")) == "Ingen sista svarsdag i planen."


def test_a_missing_inbox_exits_2_with_a_message(tmp_path):
    run = CliRunner().invoke(cli, ["status", str(tmp_path / "inkorg")])
    assert run.exit_code == 2
    assert "Inkorgen" in run.output and "finns inte" in run.output


def test_help_ends_with_an_example():
    run = CliRunner().invoke(cli, ["status", "--help"])
    assert run.exit_code == 0
    assert "Exempel: malxl status inbox" in run.output
