"""The commands, as a coordinator runs them."""

from datetime import date
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.example import Filling

from .conftest import GOOD


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")  # restored after the test, whatever --lang sets

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_has_help_with_an_example_in_swedish_and_english(run, command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert result.output.startswith(f"Användning: malxl {command + ' ' if command else ''}[FLAGGOR]")
    assert "Flaggor:" in result.output and "Visa den här hjälpen och avsluta." in result.output
    if command:
        assert f"Exempel: malxl {command}" in result.output
        english = run(command, "-h", "--lang", "en")  # --lang after the command too
        assert english.output.startswith(f"Usage: malxl {command} [OPTIONS]")
        assert f"Example: malxl {command}" in english.output and "Options:" in english.output


def test_the_command_list_speaks_the_language_asked_for(run):
    """`malxl --lang en --help` lists the commands in English, not only the headings around them."""
    from malxl.texts import Texts

    english, swedish = run("--lang", "en", "--help").output, run("--help").output
    assert "Commands:" in english and "Kommandon:" in swedish
    for name in COMMANDS:
        for lang, output in (("en", english), ("sv", swedish)):
            first = Texts(lang)(f"help.{name}").strip().split("\n")[0].split()[:3]
            assert " ".join(first) in " ".join(output.split()), (lang, name)


def test_every_command_and_option_has_catalogue_help_in_both_languages():
    from malxl.texts import EN, SV

    for name, command in [("malxl", cli), *cli.commands.items()]:
        keys = [f"help.{name}"] + [f"help.{name}.{p.name}" for p in command.params
                                   if isinstance(p, click.Option) and p.name not in ("help", "version", "debug", "lang")
                                   and not p.name.startswith("_")]
        assert [k for k in keys if k not in SV or k not in EN] == []


def _words(text: str) -> str:
    return " ".join(text.replace("\b", "").split())


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_comes_from_the_catalogue_and_never_from_a_docstring(run, monkeypatch, lang, command):
    """One source of help: the catalogue's help.<command>. A docstring or help= that click would show is not shown."""
    from malxl.texts import Texts

    t = Texts(lang)
    target = cli.commands[command] if command else cli
    assert target.help is None, f"{command or 'malxl'}: its help is the catalogue's, not a docstring"
    monkeypatch.setattr(target, "help", "A docstring click must not show.")
    monkeypatch.setattr(target, "epilog", "An epilog click must not show.")
    for param in target.params:
        monkeypatch.setattr(param, "help", "An option help click must not show.")
    shown = run("--lang", lang, *([command] if command else []), "--help").output
    assert "must not show" not in shown
    assert _words(t(f"help.{command or 'malxl'}")) in _words(shown)
    if not command:  # the command list: each command's first line, in the language asked for
        listed = run("--lang", lang, "--help").output
        for name in COMMANDS:
            assert _words(t(f"help.{name}").split("\n")[0].rstrip(".")) in _words(listed), name


def test_the_defaults_show_in_the_help(run):
    assert "(standard: utkorg/ bredvid PLAN)" in " ".join(run("generate", "-h").output.split())
    assert "(default: utkorg/ beside PLAN)" in " ".join(run("--lang", "en", "generate", "-h").output.split())
    assert "[standard: 587]" in run("feedback", "-h").output


def test_click_s_own_complaints_are_in_swedish(run, tmp_path):
    (tmp_path / "plan.xlsx").write_bytes(b"")
    result = run("collect", tmp_path / "plan.xlsx")
    assert result.exit_code == 2
    assert result.output.splitlines()[:4] == [
        "Användning: malxl collect [FLAGGOR] INKORG", "Prova 'malxl collect -h' för hjälp.", "",
        f"Fel: Ogiltigt värde för INKORG: '{tmp_path / 'plan.xlsx'}' är en fil, inte en mapp."]
    assert run("collect").output.splitlines()[-1] == "Fel: Argumentet INKORG saknas."
    assert run("report", "--nope").output.splitlines()[-1] == "Fel: Det finns ingen flagga --nope."
    assert run("--lang", "en", "report", "--nope").output.splitlines()[-1] == "Error: There is no option --nope."
    assert run("report", "x", "--lang", "en").output.splitlines()[-1] == "Error: Invalid value for MERGED: 'x' does not exist."
    assert run("rapport").output.splitlines()[-1] == "Fel: Det finns inget kommando 'rapport'. Se malxl --help."


def test_init_makes_a_starter_project(run, tmp_path):
    result = run("init", tmp_path / "p")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p" / "plan.xlsx").exists() and (tmp_path / "p" / "inbox").is_dir()
    howto = (tmp_path / "p" / "LÄSMIG.txt").read_text(encoding="utf-8")
    for step in ("malxl generate", "malxl status", "malxl collect", "malxl feedback", "malxl report", "--pdf",
                 "malxl next"):
        assert step in howto
    wb = openpyxl.load_workbook(tmp_path / "p" / "plan.xlsx")
    assert wb.sheetnames == ["Inställningar", "Mål", "Aktiviteter", "Avdelningar", "Statusar", "Bedömningar",
                             "Indikatorer", "Indikatorvärden"]
    assert wb["Aktiviteter"].max_row == 75


def test_init_on_an_existing_project_says_the_plan_was_kept(run, tmp_path):
    assert run("init", tmp_path / "p").exit_code == 0
    plan = (tmp_path / "p" / "plan.xlsx").read_bytes()
    again = run("init", tmp_path / "p")
    assert again.exit_code == 0
    assert (tmp_path / "p" / "plan.xlsx").read_bytes() == plan
    assert again.output.splitlines() == [f"{tmp_path / 'p' / 'plan.xlsx'} fanns redan och behölls som den var."]


def test_init_gives_the_guide_and_the_how_to_points_to_it(run, tmp_path):
    """The whole guide lies in the project folder, as a text file Windows opens; LÄSMIG.txt names it."""
    from malxl.project import GUIDE

    assert run("init", tmp_path / "p").exit_code == 0
    guide = (tmp_path / "p" / GUIDE).read_text(encoding="utf-8")
    source = (Path(__file__).parent.parent / "docs" / "anvandarguide.md").read_text(encoding="utf-8")
    assert guide == source
    assert GUIDE in (tmp_path / "p" / "LÄSMIG.txt").read_text(encoding="utf-8")


def test_malxl_alone_prints_the_usage_once(run):
    result = run()
    assert result.exit_code == 2  # as click >= 8.2 does for a group called without a command
    assert result.output.count("Användning: malxl [FLAGGOR] KOMMANDO [ARG]...") == 1
    assert "Fel:" not in result.output and "Kommandon:" in result.output
    english = run("--lang", "en")
    assert english.exit_code == 2 and english.output.count("Usage: malxl") == 1 and "Error" not in english.output


def test_init_can_copy_the_templates(run, tmp_path):
    assert run("init", tmp_path / "p", "--templates").exit_code == 0
    assert (tmp_path / "p" / "mallar" / "xlsx" / "avdelning.xlsx").exists()


def test_generate(run, tmp_path):
    run("init", tmp_path)
    result = run("generate", tmp_path / "plan.xlsx", "-o", tmp_path / "ut")
    assert result.exit_code == 0
    assert "Skapade 8 arbetsböcker" in result.output
    assert len(list((tmp_path / "ut").glob("*.xlsx"))) == 8
    again = run("generate", tmp_path / "plan.xlsx", "-o", tmp_path / "ut")
    assert "Ersatte:" in again.output


def test_generate_with_a_broken_plan_exits_2_naming_the_cell(run, tmp_path):
    run("init", tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    wb["Aktiviteter"]["A3"] = wb["Aktiviteter"]["A2"].value
    wb.save(tmp_path / "plan.xlsx")
    result = run("generate", tmp_path / "plan.xlsx", "-o", tmp_path / "ut")
    assert result.exit_code == 2
    assert "blad 'Aktiviteter', cell A3" in result.output
    assert "Traceback" not in result.output


def test_a_plan_with_several_mistakes_is_listed_whole(run, tmp_path):
    run("init", tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    wb["Aktiviteter"]["A3"] = wb["Aktiviteter"]["A2"].value
    wb["Aktiviteter"]["E4"] = "snart"
    wb["Mål"]["E2"] = "Okänd"
    wb.save(tmp_path / "plan.xlsx")
    result = run("generate", tmp_path / "plan.xlsx", "-o", tmp_path / "ut")
    assert result.exit_code == 2 and not (tmp_path / "ut").exists()
    for where in ("blad 'Mål', cell E2", "blad 'Aktiviteter', cell A3", "blad 'Aktiviteter', cell E4"):
        assert result.output.count(where) == 1, where
    assert "3 fel" in result.output.splitlines()[0]


def test_collect_clean_exits_0(run, project):
    project.answer_all()
    result = run("collect", project.inbox)
    assert result.exit_code == 0, result.output
    assert "Svarat: 2 av 2 avdelningar." in result.output
    assert "Brister: 0 fel, 0 varningar, 0 info." in result.output
    assert project.merged.exists()


def test_collect_with_errors_exits_1_and_lists_them(run, project):
    from datetime import date

    from malxl.example import Filling

    project.answer("Skola", Filling(answers={**GOOD["Skola"].answers, "S1": ("Försenad", date(2024, 6, 30), "")}))
    result = run("collect", project.inbox, "-o", project.root / "ut.xlsx")
    assert result.exit_code == 1
    assert "Inte svarat: Teknik" in result.output
    assert "Fel [missing-comment] Skola.xlsx Aktiviteter F4:" in result.output
    assert (project.root / "ut.xlsx").exists()


def test_collect_in_english(run, project):
    project.answer_all()
    result = run("--lang", "en", "collect", project.inbox)
    assert "Answered: 2 of 2 departments." in result.output


def test_collect_without_a_plan_exits_2(run, tmp_path):
    (tmp_path / "inbox").mkdir()
    result = run("collect", tmp_path / "inbox")
    assert result.exit_code == 2
    assert "plan.xlsx" in result.output


def test_collect_into_an_unwritable_place_exits_2(run, project):
    project.answer_all()
    blocker = project.root / "fil"
    blocker.write_text("x")
    result = run("collect", project.inbox, "-o", blocker / "s.xlsx")
    assert result.exit_code == 2
    assert "Kan inte skriva" in result.output


def test_report(run, project):
    project.answer_all()
    run("collect", project.inbox)
    result = run("report", project.merged)
    assert result.exit_code == 0, result.output
    assert (project.root / "rapport" / "rapport.xlsx").exists()
    assert "Av totalt 3 utvecklingsmål är 2 bedömda som Uppfyllt eller Delvis uppfyllt och 1 som" in result.output


def test_report_with_remaining_errors_exits_1_but_writes(run, project):
    project.answer("Skola", Filling(answers={**GOOD["Skola"].answers, "S2": ("", date(2024, 3, 31), "")},
                                    assessments=GOOD["Skola"].assessments))  # a status left empty
    project.answer("Teknik")
    run("collect", project.inbox)
    result = run("report", project.merged, "-o", project.root / "r")
    assert result.exit_code == 1
    assert (project.root / "r" / "rapport.xlsx").exists()
    assert "missing-status" in result.output


def test_report_on_a_file_that_is_not_a_merged_workbook(run, project):
    result = run("report", project.plan_path)
    assert result.exit_code == 2
    assert "ingen sammanställning" in result.output


def test_every_command_and_finding_code_is_documented():
    """As sqlite-utils does: what the tool offers, the docs explain (python docs/generate.py writes both tables)."""
    from pathlib import Path

    from malxl.findings import CODES

    docs = Path(__file__).parent.parent / "docs"
    reference = (docs / "commands.md").read_text(encoding="utf-8")
    codes = (docs / "findings.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"## malxl {name}\n" in reference, name
    for code, severity in CODES.items():
        assert f"| `{code}` |" in codes, code


def test_a_reader_that_stops_early_gets_no_error_message(tmp_path):
    """`malxl collect inbox | more`, quit at once: the work is done and nothing is said about a broken pipe."""
    import subprocess
    import sys

    CliRunner().invoke(cli, ["init", str(tmp_path / "ex")])
    proc = subprocess.Popen([sys.executable, "-m", "malxl.cli", "collect", str(tmp_path / "ex" / "inbox")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait() == 1 and err == ""
    assert (tmp_path / "ex" / "sammanstallning.xlsx").exists()
