"""Outputs a coordinator can trust: nothing replaced while open in Excel, clear messages for paths that cannot
be written, one file per department on every system, one collect at a time, and bytes on disk before a rename."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from malxl.workbook import outputs
from malxl.archive import read_manifest
from malxl.cli import cli
from malxl import collect as collect_module
from malxl.collect import collect
from malxl.errors import PlanError
from malxl.layout import MAX_FILE_NAME, RESERVED_NAMES
from malxl.models import Activity, Department, Goal, KFGoal, Plan
from malxl.texts import texts
from malxl.workbook.outputs import CollectLock, OutputExistsError, OutputOpenError
from malxl.plan import read_plan, write_plan
from malxl.read import identity_of
from malxl.workbook.xlsx import atomic_path, read_book

from .conftest import small_plan


@pytest.fixture(autouse=True)
def _swedish(monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")


def malxl(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


EXCEL, LIBREOFFICE = "~${}", ".~lock.{}#"


# -- 11. a workbook open in Excel or LibreOffice is never replaced ------------------------------------------------

@pytest.mark.parametrize("lock", [EXCEL, LIBREOFFICE])
def test_collect_does_not_replace_a_merged_workbook_open_in_excel(project, lock):
    project.answer("Skola")
    assert malxl("collect", project.inbox).exit_code == 0  # Teknik has not answered yet
    (project.root / lock.format("sammanstallning.xlsx")).write_bytes(b"\x00" * 165)
    project.answer("Teknik")
    before = snapshot(project.root)
    result = malxl("collect", project.inbox)
    assert result.exit_code == 2
    assert "sammanstallning.xlsx är öppen i ett annat program" in result.output
    assert lock.format("sammanstallning.xlsx") in result.output and "Stäng filen" in result.output
    assert snapshot(project.root) == before  # no backup, no archive copy, no manifest line, no merged workbook


def test_a_lock_file_beside_no_file_does_not_stop_the_first_collect(project):
    project.answer_all()
    (project.root / "~$sammanstallning.xlsx").write_bytes(b"\x00" * 165)  # left from a workbook since deleted
    assert malxl("collect", project.inbox).exit_code == 0
    assert project.merged.exists()


def test_report_writes_nothing_while_the_document_is_open_in_word(project):
    project.answer_all()
    malxl("collect", project.inbox)
    assert malxl("report", project.merged).exit_code == 0
    folder = project.root / "rapport"
    (folder / "~$rapport.docx").write_bytes(b"\x00" * 162)  # Word: the name is short, so ~$ goes before it
    before = snapshot(folder)
    result = malxl("report", project.merged)
    assert result.exit_code == 2 and "rapport.docx är öppen" in result.output
    assert snapshot(folder) == before  # rapport.xlsx, written first, is not rewritten either


def test_generate_writes_no_workbook_while_one_is_open(project):
    (project.outbox / ".~lock.Teknik.xlsx#").write_text("Eva Ek,eva,PC-17,10.05.2024 12:00,file:///C:/Users/eva;")
    before = snapshot(project.outbox)
    result = malxl("generate", project.plan_path, "-o", project.outbox)
    assert result.exit_code == 2 and "Teknik.xlsx är öppen" in result.output
    assert snapshot(project.outbox) == before  # Skola.xlsx, first in the plan, not rewritten


def test_feedback_writes_no_package_while_a_return_workbook_is_open(project):
    project.answer("Skola")
    malxl("collect", project.inbox)
    assert malxl("feedback", project.merged).exit_code == 0
    folder = project.root / "aterkoppling"
    (folder / "Teknik" / "~$Teknik.xlsx").write_bytes(b"\x00" * 165)
    before = snapshot(folder)
    result = malxl("feedback", project.merged)
    assert result.exit_code == 2 and "Teknik.xlsx är öppen" in result.output
    assert snapshot(folder) == before


def test_a_plan_open_in_excel_is_not_replaced(tmp_path):
    path = write_plan(small_plan(), tmp_path / "plan.xlsx")
    (tmp_path / "~$plan.xlsx").write_bytes(b"\x00" * 165)
    before = path.read_bytes()
    with pytest.raises(OutputOpenError):
        write_plan(small_plan(organisation="Annan kommun"), path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("name, program", [("rapport.docx", "Word"), ("rapport.xlsx", "Excel")])
def test_the_lock_message_names_the_program_that_opens_the_file(tmp_path, name, program):
    path = tmp_path / name
    path.write_bytes(b"x")
    (tmp_path / f"~${name}").write_bytes(b"\x00" * 165)
    with pytest.raises(OutputOpenError) as caught:
        outputs.check_outputs([path])
    message = str(caught.value)
    assert f"Stäng filen i {program} eller LibreOffice" in message
    assert ({"Word", "Excel"} - {program}).pop() not in message


def test_the_lock_files_of_a_long_name_include_words_shortened_form():
    names = {p.name for p in outputs.lock_files(Path("sammanstallning.xlsx"))}
    assert names == {"~$sammanstallning.xlsx", ".~lock.sammanstallning.xlsx#", "~$mmanstallning.xlsx"}


# -- 12. a path that cannot be made: exit 2 and a Swedish message naming it, never a traceback ---------------------

@pytest.fixture
def a_file(tmp_path) -> Path:
    """A regular file where the coordinator meant a folder (works as root too)."""
    path = tmp_path / "projekt.txt"
    path.write_text("en fil, ingen mapp")
    return path


def _fails_cleanly(result, path: Path):
    assert result.exit_code == 2, result.output
    assert str(path) in result.output and "Traceback" not in result.output
    assert "Kan inte skriva" in result.output and "är en fil, inte en mapp" in result.output


def test_init_in_a_folder_that_is_a_file(a_file):
    _fails_cleanly(malxl("init", a_file / "malrapport"), a_file / "malrapport")


def test_generate_into_a_folder_that_is_a_file(project, a_file):
    _fails_cleanly(malxl("generate", project.plan_path, "-o", a_file / "utkorg"), a_file / "utkorg")


def test_report_and_feedback_into_a_folder_that_is_a_file(project, a_file):
    project.answer("Skola")  # Teknik gets a reminder
    malxl("collect", project.inbox)
    _fails_cleanly(malxl("report", project.merged, "-o", a_file / "rapport"), a_file / "rapport")
    _fails_cleanly(malxl("feedback", project.merged, "-o", a_file / "aterkoppling"), a_file / "aterkoppling")


@pytest.mark.parametrize("command", ["init", "generate", "collect", "report", "feedback"])
def test_every_command_into_a_folder_without_permission(project, tmp_path, deny_writes, command):
    project.answer("Skola")
    malxl("collect", project.inbox)
    locked = deny_writes(tmp_path / "skrivskyddad")
    args = {"init": ["init", locked / "p"],
            "generate": ["generate", project.plan_path, "-o", locked / "utkorg"],
            "collect": ["collect", project.inbox, "-o", locked / "s.xlsx"],
            "report": ["report", project.merged, "-o", locked / "rapport"],
            "feedback": ["feedback", project.merged, "-o", locked / "aterkoppling"]}[command]
    result = malxl(*args)
    assert result.exit_code == 2, result.output
    assert str(locked) in result.output and "åtkomst nekad" in result.output and "Traceback" not in result.output
    assert list(locked.iterdir()) == []


def test_an_unforeseen_os_error_is_a_message_naming_the_path(project, monkeypatch):
    import malxl.report as report_module

    project.answer_all()
    malxl("collect", project.inbox)

    def gone(path, *_, **__):
        raise PermissionError(13, "Permission denied", str(path))  # e.g. a network drive that went away

    monkeypatch.setattr(report_module, "read_merged", gone)
    result = malxl("report", project.merged)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"Kan inte använda {project.merged}: åtkomst nekad" in result.output


# -- 13. one safe file per department, on Windows, macOS and Linux -------------------------------------------------

def _plan_of(names: list[str]) -> Plan:
    base = small_plan()
    return Plan(settings=base.settings, kf_goals=(KFGoal("1", "Mål"),),
                goals=(Goal("1.1", "Delmål", "1", names[0]),),
                activities=tuple(Activity(f"A{i}", f"Aktivitet {i}", n, ("1.1",), date(2024, 6, 30))
                                 for i, n in enumerate(names)),
                departments=tuple(Department(n, "", "") for n in names))


TROUBLE = ["A/B", "A_B", "A:B", "CON", "nul", "LPT1", "com1.txt", "Kultur.", " Fritid ", "Å" * 150]


def test_departments_whose_names_collide_as_files_each_get_their_own_workbook(tmp_path):
    plan_path = write_plan(_plan_of(TROUBLE), tmp_path / "plan.xlsx")
    result = malxl("generate", plan_path, "-o", tmp_path / "utkorg")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "utkorg").iterdir())
    assert f"Skapade {len(TROUBLE)} arbetsböcker" in result.output and len(files) == len(TROUBLE)
    names = [p.name for p in files]
    assert len({n.casefold() for n in names}) == len(names)  # distinct on Windows and macOS too
    for name in names:
        assert len(name) <= MAX_FILE_NAME and name == name.strip(" .")
        assert name.split(".")[0].upper() not in RESERVED_NAMES
        assert not set('<>:"/\\|?*') & set(name)
    departments = {identity_of(read_book(p)).department for p in files}
    assert departments == {" ".join(n.split()) for n in TROUBLE}  # each department's own, none overwritten


def test_feedback_names_packages_as_generate_names_workbooks(tmp_path):
    plan_path = write_plan(_plan_of(TROUBLE), tmp_path / "plan.xlsx")
    malxl("generate", plan_path, "-o", tmp_path / "utkorg")
    (tmp_path / "inbox").mkdir()
    malxl("collect", tmp_path / "inbox")
    result = malxl("feedback", tmp_path / "sammanstallning.xlsx")
    assert result.exit_code == 0, result.output
    generated = {p.stem for p in (tmp_path / "utkorg").iterdir()}
    folders = list((tmp_path / "aterkoppling").iterdir())
    assert {f.name for f in folders} == generated  # one reminder package for each, none overwritten
    for folder in folders:
        assert sorted(p.name for p in folder.iterdir()) == [f"{folder.name}.eml", f"{folder.name}.xlsx"]


@pytest.mark.parametrize("second", ["skola", "SKOLA", "Sko la", "skola\u00a0"])
def test_two_departments_equal_but_for_case_and_spacing_are_a_plan_error(tmp_path, second):
    plan = _plan_of(["Skola", second, "Teknik"])
    write_plan(plan, tmp_path / "plan.xlsx")
    with pytest.raises(PlanError) as caught:
        read_plan(tmp_path / "plan.xlsx")
    message = str(caught.value)
    assert "cell A3" in message and "cell A2" in message and "'Skola'" in message
    result = malxl("generate", tmp_path / "plan.xlsx", "-o", tmp_path / "utkorg")
    assert result.exit_code == 2 and not (tmp_path / "utkorg").exists()


# -- 14. one collect at a time; bytes on disk before a rename ------------------------------------------------------

def test_a_second_collect_stops_with_exit_2_while_one_runs(project, monkeypatch):
    project.answer_all()
    assert malxl("collect", project.inbox).exit_code == 0
    before = snapshot(project.root)
    monkeypatch.setattr(outputs, "LOCK_WAIT", 0.0)
    with CollectLock(project.merged):  # the first collect, still writing
        result = malxl("collect", project.inbox)
    assert result.exit_code == 2
    assert "En annan collect skriver redan" in result.output and "malxl-collect.lock" in result.output
    assert snapshot(project.root) == before
    assert not (project.root / "malxl-collect.lock").exists()


def test_two_collects_at_once_leave_one_good_merged_workbook_and_manifest(project, monkeypatch):
    """The first collect is held half-way through writing; the second, started then, stops and changes nothing."""
    import malxl.collect

    project.answer_all()
    monkeypatch.setattr(outputs, "LOCK_WAIT", 0.0)
    writing, go_on = threading.Event(), threading.Event()
    real_write = malxl.collect.write_merged

    def slow_write(*args, **kwargs):
        writing.set()
        go_on.wait(60)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(malxl.collect, "write_merged", slow_write)
    first: list = []
    runner = threading.Thread(target=lambda: first.append(collect(project.inbox, workers=0)))
    runner.start()
    assert writing.wait(60)
    with pytest.raises(outputs.CollectRunningError):
        collect(project.inbox, workers=0)
    go_on.set()
    runner.join(60)
    assert first and first[0].ok and not first[0].backup
    runs = [line for line in read_manifest(project.root / "arkiv") if line["kind"] == "run"]
    assert len(runs) == 1
    assert not (project.root / "malxl-collect.lock").exists()


def _finished_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_lock_left_by_a_collect_that_died_is_taken_over(project, monkeypatch):
    import json
    import socket

    project.answer_all()
    lock = project.root / "malxl-collect.lock"
    lock.write_text(json.dumps({"pid": _finished_pid(), "host": socket.gethostname(), "started": "2024-05-01 08:00"}))
    monkeypatch.setattr(outputs, "LOCK_WAIT", 0.0)
    assert malxl("collect", project.inbox).exit_code == 0
    assert not lock.exists()


@pytest.mark.parametrize("age,exit_code", [(2 * 3600, 0), (60, 2)])
def test_a_lock_from_another_computer_is_stale_only_when_old(project, monkeypatch, age, exit_code):
    import json
    import time

    project.answer_all()
    lock = project.root / "malxl-collect.lock"
    lock.write_text(json.dumps({"pid": 4242, "host": "annan-dator", "started": "2024-05-01 08:00"}))
    os.utime(lock, (time.time() - age, time.time() - age))
    monkeypatch.setattr(outputs, "LOCK_WAIT", 0.0)
    result = malxl("collect", project.inbox)
    assert result.exit_code == exit_code, result.output
    assert lock.exists() == (exit_code == 2)
    if exit_code == 2:
        assert "annan-dator" in result.output and "4242" in result.output


def test_every_file_collect_writes_is_on_disk_before_it_is_renamed_into_place(project, monkeypatch):
    project.answer_all()
    collect(project.inbox, workers=0, now=datetime(2024, 5, 20, 8, 0))  # so the next run makes a backup too
    project.answer("Skola", name="Skola-v2.xlsx", saved=datetime(2024, 5, 12, 12, 0))  # and archives a new file
    synced: set[tuple[int, int]] = set()
    renamed: list[tuple[str, bool]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        st = os.fstat(fd)
        synced.add((st.st_dev, st.st_ino))
        return real_fsync(fd)

    def replace(src, dst):
        st = os.stat(src)
        renamed.append((Path(dst).name, (st.st_dev, st.st_ino) in synced))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    collect(project.inbox, workers=0, now=datetime(2024, 5, 20, 9, 0))
    names = {name for name, _ in renamed}
    assert {"sammanstallning.xlsx", "sammanstallning.20240520-090000.xlsx", "manifest.jsonl"} <= names
    assert len(names) == 4  # and the new file's copy in the archive
    assert all(flushed for _, flushed in renamed), renamed


@pytest.mark.parametrize("hard_links", [True, False])
def test_a_file_that_must_be_new_never_replaces_one_there(tmp_path, monkeypatch, hard_links):
    """atomic_path(replace=False): with hard links, and where the file system has none (FAT, some shares)."""
    if not hard_links:
        def no_link(src, dst, *args, **kwargs):
            raise PermissionError(1, "Operation not permitted")  # what FAT answers

        monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "plan.xlsx"
    with atomic_path(target, replace=False) as tmp:
        tmp.write_text("first")
    with pytest.raises(OutputExistsError) as raised:
        with atomic_path(target, replace=False) as tmp:
            tmp.write_text("second")
    assert str(raised.value) == texts()("error.output_exists", path=target)
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temporary file left


def test_collect_status_and_report_leave_pythons_cycle_collector_as_they_found_it(project, monkeypatch):
    """They run it less often while they work (garbage.fewer_collections); afterwards, and after a stop by an
    error, the program that called them has its own thresholds back."""
    import gc

    from malxl import report as report_module
    from malxl.status import status

    before = gc.get_threshold()
    seen = []
    real, real_load = collect_module.gather, report_module._load

    def gather(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    def load(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(collect_module, "gather", gather)
    monkeypatch.setattr(report_module, "_load", load)
    project.answer_all()
    collect(project.inbox)
    status(project.inbox)
    report_module.report(project.merged)
    assert seen == [(50_000, 20, 100)] * 2 and gc.get_threshold() == before

    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(collect_module, "gather", broken)
    with pytest.raises(OSError):
        collect(project.inbox)
    assert gc.get_threshold() == before
