"""Progress on long work: a line on a terminal after about a second, nothing when output is redirected."""

import io
import sys

import pytest
from click.testing import CliRunner

from malxl import progress as progress_module
from malxl.cli import cli
from malxl.collect import collect
from malxl.generate import generate
from malxl.progress import Progress, for_terminal


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_nothing_in_the_first_second_then_one_rewritten_line_cleared_at_the_end():
    screen, clock = Terminal(), Clock()
    p = Progress(lambda done, total: f"Läser {done} av {total}", screen, delay=1.0, clock=clock)
    p(done=1, total=300)
    clock.now += 0.5
    p(done=2, total=300)
    assert screen.getvalue() == ""  # short work shows nothing
    clock.now += 0.6
    p(done=40, total=300)
    clock.now += 0.01
    p(done=41, total=300)  # drawn at most ten times a second
    clock.now += 0.5
    p(done=300, total=300)
    assert screen.getvalue() == "\rLäser 40 av 300\rLäser 300 av 300"
    p.close()
    assert screen.getvalue().endswith("\r" + " " * len("Läser 300 av 300") + "\r")


def test_a_redirected_stream_gets_no_progress():
    assert for_terminal(lambda **f: "x", io.StringIO()) is None
    assert isinstance(for_terminal(lambda **f: "x", Terminal()), Progress)


def test_collect_and_generate_report_each_file(project):
    project.answer_all()
    seen = []
    collect(project.inbox, progress=lambda **f: seen.append((f["done"], f["total"])))
    total = len(list(project.inbox.iterdir()))
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    written = []
    generate(project.plan, project.root / "again", progress=lambda **f: written.append((f["done"], f["total"])))
    n = len(project.plan.departments)
    assert written == [(i, n) for i in range(1, n + 1)]


def test_the_commands_show_progress_on_a_terminal_in_swedish(project, monkeypatch):
    project.answer_all()
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with pytest.raises(SystemExit):
        cli.main(["collect", str(project.inbox)], prog_name="malxl")
    shown = screen.getvalue()
    assert "\rLäser inkomna filer: " in shown and f"{len(list(project.inbox.iterdir()))} av" in shown
    assert shown.endswith("\r")  # the line is cleared before the summary is printed


def test_no_progress_when_output_is_redirected(project):
    project.answer_all()
    result = CliRunner().invoke(cli, ["collect", str(project.inbox)])
    assert result.exit_code == 0, result.output
    assert "Läser inkomna filer" not in result.output and "\r" not in result.output


@pytest.mark.skipif(not __import__("malxl.render.pdf", fromlist=["x"]).find_chromium(), reason="no Chromium")
def test_report_pdf_tells_the_pages_printed(project):
    import pypdf

    from malxl.report import report

    project.answer_all()
    merged = collect(project.inbox)
    printed = []
    result = report(merged.path, pdf=True, progress=lambda **f: printed.append((f["done"], f["pages"])))
    pages = len(pypdf.PdfReader(str(result.paths[-1])).pages)
    assert printed[0][0] == 1 and printed[-1] == (len(printed), pages)


def test_the_last_step_is_drawn_however_soon_it_follows():
    screen = io.StringIO()
    times = iter([0.0, 1.0, 1.01, 1.02])
    shown = progress_module.Progress(lambda done, total: f"{done} av {total}", screen, delay=0.5,
                                     clock=lambda: next(times))
    shown(done=1, total=3)
    shown(done=2, total=3)  # within a tenth of a second: skipped
    shown(done=3, total=3)  # the end: drawn
    assert "2 av 3" not in screen.getvalue() and screen.getvalue().endswith("3 av 3")
