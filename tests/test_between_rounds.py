"""Between rounds: `malxl next` refuses what would mix two rounds up, and `generate` keeps each round's workbooks.

Each refusal is run through the command line: exit 2 and the catalogue's message. The printed `generate`
command is parsed as bash parses it (bash runs here) and as PowerShell's quoting rules read it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from malxl import nextround
from malxl.cli import cli
from malxl.collect import collect
from malxl.errors import InputError
from malxl.generate import generate
from malxl.plan import read_plan, write_plan
from malxl.project import out_of_date_notice, pasteable
from malxl.read import identity_of
from malxl.render.docx import write_report_docx
from malxl.report import build_report
from malxl.texts import Texts
from malxl.workbook.xlsx import read_book

from .conftest import Project, small_plan

SV = Texts("sv")
PREVIOUS = "Tertial 1 2024"  # small_plan's period; its report date is 2024-04-30


@pytest.fixture(scope="module")
def last_round(tmp_path_factory) -> Path:
    """The merged workbook of a small round every department answered (only read by the tests)."""
    project = Project(tmp_path_factory.mktemp("forra"), small_plan())
    project.answer_all()
    return collect(project.inbox, workers=0).path


def next_args(merged: Path, folder: Path, period: str = "Tertial 2 2024", report_date: str = "2024-08-31"):
    return ("next", merged, folder, "--period", period, "--report-date", report_date)


# --- the command next prints --------------------------------------------------------------------------------

def bash_words(command: str) -> list[str]:
    """The words bash makes of ``command`` (each printed on its own line by a stand-in for malxl)."""
    script = 'malxl() { printf "%s\\0" "$@"; }\n' + command + "\n"
    out = subprocess.run(["bash", "-c", script], capture_output=True, check=True).stdout
    return out.decode("utf-8").split("\0")[:-1]


SINGLE, DOUBLE = "'‘’‚‛", '"“”„'  # what PowerShell takes for single and for double quotes (about_Quoting_Rules)


def powershell_word(token: str) -> str:
    """The argument PowerShell makes of one quoted token, by its quoting rules.

    In single quotes nothing is special but a single quote, written twice for one; in double quotes ``$`` and
    the backtick would expand and a double quote would end the string, so the token must hold none of them.
    """
    if token[0] in SINGLE:
        assert token[-1] in SINGLE, token
        body, out, i = token[1:-1], [], 0
        while i < len(body):
            if body[i] in SINGLE:
                assert i + 1 < len(body) and body[i + 1] in SINGLE, f"a lone quote ends the string: {token}"
                i += 1
            out.append(body[i])
            i += 1
        return "".join(out)
    assert token[0] in DOUBLE and token[-1] in DOUBLE, token
    body = token[1:-1]
    assert not any(c in "$`" + DOUBLE for c in body), f"PowerShell would expand or end the string: {token}"
    return body


@pytest.mark.parametrize("name", ["ny omgång - T2", "Anna's mapp", "ny omgång - Annas (kopia) #2 & co"])
def test_a_path_is_quoted_to_paste_into_bash_and_powershell(tmp_path, name):
    path = str(tmp_path / name / "plan.xlsx")
    quoted = pasteable(path)
    assert bash_words(f"malxl generate {quoted}") == ["generate", path]
    assert powershell_word(quoted) == path


def test_a_windows_path_with_a_single_quote_works_in_both_shells():
    path = "C:\\Users\\anna\\Anna's ny omgång - T2\\plan.xlsx"
    quoted = pasteable(path)
    assert bash_words(f"malxl generate {quoted}") == ["generate", path]
    assert powershell_word(quoted) == path


@pytest.mark.parametrize("path", ["/tmp/Anna's $mapp/plan.xlsx", "\\\\server\\Anna's\\plan.xlsx",
                                  "/tmp/Anna’s `mapp`/plan.xlsx"])
def test_a_path_no_quote_can_serve_both_shells_is_quoted_for_powershell(path):
    """A single quote and a $, a backtick or a UNC path's two backslashes: PowerShell, the coordinator's shell,
    reads it right."""
    assert powershell_word(pasteable(path)) == path


def test_a_path_that_looks_like_an_option_stays_a_path():
    quoted = pasteable("-ny/plan.xlsx")
    assert bash_words(f"malxl generate {quoted}")[1] == os.path.join(os.curdir, "-ny/plan.xlsx")


def test_a_path_that_needs_no_quotes_is_pasted_as_it_is():
    assert pasteable("ny-omgang/plan_2024.xlsx") == "ny-omgang/plan_2024.xlsx"
    windows = "C:\\ny\\plan.xlsx"  # a backslash is bash's escape: quoted
    assert bash_words(f"malxl generate {pasteable(windows)}") == ["generate", windows]


@pytest.mark.parametrize("folder", ["min $inkorg", "Annas inkorg (2)"])
def test_the_collect_status_and_report_ask_for_is_quoted_as_next_quotes_its_path(tmp_path, folder):
    """One quoting for every command malxl prints: the out-of-date notice's collect works pasted into bash and
    PowerShell too."""
    inbox = tmp_path / folder / "inbox"
    notice = out_of_date_notice(inbox.parent / "sammanstallning.xlsx", inbox, Texts("sv"))
    command = notice.split("Kör ", 1)[1].rsplit(" igen", 1)[0]
    assert bash_words(command) == ["collect", str(inbox)]
    assert powershell_word(command.removeprefix("malxl collect ")) == str(inbox)


def test_next_prints_a_generate_command_that_works_pasted_into_the_shell(run, last_round, tmp_path, monkeypatch):
    folder = tmp_path / "ny omgång - T2"
    result = run(*next_args(last_round, folder))
    assert result.exit_code == 0, result.output
    plan = folder / "plan.xlsx"
    assert result.output.splitlines()[-1] == SV("cli.next_edit", plan=plan, quoted=pasteable(plan))
    command = result.output.splitlines()[-1].split(": ", 1)[1]
    assert command == f"malxl generate {pasteable(plan)}"
    elsewhere = tmp_path / "annan mapp"
    (elsewhere / "utkorg").mkdir(parents=True)  # the folder the coordinator's shell is in has an utkorg of its own
    malxl = Path(sys.executable).with_name("malxl")
    pasted = subprocess.run(["bash", "-c", f"cd {pasteable(elsewhere)} && {command}"], capture_output=True,
                            env={**os.environ, "PATH": f"{malxl.parent}{os.pathsep}{os.environ['PATH']}"})
    assert pasted.returncode == 0, pasted.stderr.decode()
    assert sorted(p.name for p in (folder / "utkorg").iterdir()) == ["Skola.xlsx", "Teknik.xlsx"]
    assert not any((elsewhere / "utkorg").iterdir())


# --- generate: beside the plan, and never over another period's workbooks -----------------------------------

def test_generate_without_o_writes_beside_the_plan_not_into_the_current_folder(run, tmp_path, monkeypatch):
    last = Project(tmp_path / "forra", small_plan())
    before = {p.name: p.read_bytes() for p in last.outbox.iterdir()}
    plan = write_plan(small_plan(period="Tertial 2 2024"), tmp_path / "ny" / "plan.xlsx")
    monkeypatch.chdir(last.root)  # the last round's folder, with its utkorg
    result = run("generate", plan)
    assert result.exit_code == 0, result.output
    assert SV("cli.generated", count=2, outbox=tmp_path / "ny" / "utkorg") in result.output
    assert {p.name: p.read_bytes() for p in last.outbox.iterdir()} == before


def test_generate_never_replaces_another_periods_workbooks_unless_told(run, tmp_path):
    last = Project(tmp_path / "forra", small_plan())
    before = {p.name: p.read_bytes() for p in last.outbox.iterdir()}
    plan = write_plan(small_plan(period="Tertial 2 2024"), tmp_path / "ny" / "plan.xlsx")
    result = run("generate", plan, "-o", last.outbox)
    assert result.exit_code == 2
    message = SV("error.other_period", outbox=last.outbox, period=PREVIOUS, files="Skola.xlsx, Teknik.xlsx",
                 plan_period="Tertial 2 2024")
    assert message in " ".join(result.output.split())
    assert {p.name: p.read_bytes() for p in last.outbox.iterdir()} == before
    replaced = run("generate", plan, "-o", last.outbox, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert identity_of(read_book(last.outbox / "Skola.xlsx")).period == "Tertial 2 2024"


def test_generate_replaces_its_own_periods_workbooks_as_before(tmp_path):
    last = Project(tmp_path, small_plan())
    again = generate(read_plan(last.plan_path), last.outbox)
    assert sorted(p.name for p in again.replaced) == ["Skola.xlsx", "Teknik.xlsx"]


# --- what next refuses ------------------------------------------------------------------------------------

def test_next_refuses_a_report_date_not_after_the_previous_rounds(run, last_round, tmp_path):
    for day in ("2024-04-30", "2024-01-31"):
        result = run(*next_args(last_round, tmp_path / day, report_date=day))
        assert result.exit_code == 2
        assert SV("error.next_report_date", date=day, previous="2024-04-30", file=last_round.name) in result.output
        assert not (tmp_path / day).exists()


@pytest.mark.parametrize("period", ["", "   "])
def test_next_refuses_a_blank_period(run, last_round, tmp_path, period):
    result = run(*next_args(last_round, tmp_path / "ny", period=period))
    assert result.exit_code == 2
    assert SV("error.period_blank") in result.output
    assert not (tmp_path / "ny").exists()


@pytest.mark.parametrize("period", ["tertial 1 2024", " Tertial  1 2024 ", "TERTIAL 1 2024"])
def test_next_refuses_a_period_used_before_but_for_case_or_spaces(run, last_round, tmp_path, period):
    result = run(*next_args(last_round, tmp_path / "ny", period=period))
    assert result.exit_code == 2
    assert SV("error.period_used", period=PREVIOUS, file=last_round.name) in result.output
    assert not (tmp_path / "ny" / "plan.xlsx").exists()


def test_next_refuses_the_previous_rounds_folder(run, last_round, tmp_path):
    folder = tmp_path / "forra"
    folder.mkdir()
    merged = Path(shutil.copy2(last_round, folder))  # the plan beside it renamed: only the folder tells
    result = run(*next_args(merged, folder))
    assert result.exit_code == 2
    assert SV("error.next_same_folder", path=folder, file=merged.name) in " ".join(result.output.split())
    assert not (folder / "plan.xlsx").exists()


def test_next_refuses_a_folder_whose_inbox_holds_answers(run, last_round, tmp_path):
    inbox = tmp_path / "ny" / "inbox"
    inbox.mkdir(parents=True)
    (inbox / "Skola.xlsx").write_bytes(b"an answer")
    result = run(*next_args(last_round, tmp_path / "ny"))
    assert result.exit_code == 2
    assert SV("error.next_inbox", inbox=inbox, files="Skola.xlsx") in " ".join(result.output.split())
    assert not (tmp_path / "ny" / "plan.xlsx").exists()


def test_two_nexts_into_one_folder_at_once_one_wins(last_round, tmp_path, monkeypatch):
    """Both pass every check before either writes (a barrier holds them): exactly one writes the plan."""
    monkeypatch.setenv("MALXL_LANG", "sv")
    barrier = threading.Barrier(2, timeout=120)
    real = nextround.write_plan

    def write_when_both_are_ready(plan, path):
        barrier.wait()
        return real(plan, path)

    monkeypatch.setattr(nextround, "write_plan", write_when_both_are_ready)
    folder = tmp_path / "ny"
    outcomes: list[object] = []

    def one(period):
        try:
            outcomes.append(nextround.next_round(last_round, folder, period, date(2024, 8, 31)).plan.settings.period)
        except InputError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=one, args=(p,)) for p in ("Tertial 2 2024", "Delår 2024")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    won = [o for o in outcomes if isinstance(o, str)]
    lost = [o for o in outcomes if isinstance(o, InputError)]
    assert len(won) == 1 and len(lost) == 1
    assert str(lost[0]) == SV("error.next_exists", path=folder / "plan.xlsx")
    assert read_plan(folder / "plan.xlsx").settings.period == won[0]
    assert sorted(p.name for p in folder.iterdir()) == ["Användarguide.txt", "LÄSMIG.txt", "inbox", "plan.xlsx"]  # no temporary left


def test_two_next_commands_racing_into_one_folder_exit_0_and_2(last_round, tmp_path):
    malxl = [sys.executable, "-m", "malxl.cli"]
    env = {**os.environ, "MALXL_LANG": "sv"}
    args = [str(a) for a in next_args(last_round, tmp_path / "ny")][1:]
    procs = [subprocess.Popen([*malxl, "next", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    results = [(p.wait(), p.stderr.read().decode()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert sorted(code for code, _ in results) == [0, 2]
    lost = next(err for code, err in results if code == 2)
    assert SV("error.next_exists", path=tmp_path / "ny" / "plan.xlsx") in lost


# --- the new round's documents -----------------------------------------------------------------------------

def test_an_english_plan_gets_an_english_howto(tmp_path, monkeypatch):
    monkeypatch.delenv("MALXL_LANG", raising=False)
    project = Project(tmp_path / "forra", small_plan(language="en"))
    merged = collect(project.inbox, workers=0).path
    result = CliRunner().invoke(cli, [str(a) for a in next_args(merged, tmp_path / "ny")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ny" / "LÄSMIG.txt").read_text(encoding="utf-8") == Texts("en")("howto")


def test_a_period_too_long_for_a_word_property_is_cut_there(tmp_path):
    period, organisation = "Tertial 2 2024 " + "å" * 300, "Testby " + "kommun " * 60
    plan = small_plan(period=period, organisation=organisation)
    model = build_report(plan, {}, {}, {"texts.closing": ""}, [])
    path = write_report_docx(model, tmp_path / "rapport.docx")
    props = docx.Document(str(path)).core_properties
    assert (props.title, props.author) == (model.title[:255], organisation[:255])
    assert period in model.title
