"""Which answer counts, and who is reminded (issue 19).

A saved time (UTC in the file) and an arrival time (the inbox's clock) are
compared as instants, whatever the coordinator's time zone; of identical files
the one with the plain name is used, and the console says the copy was set
aside; a department whose only file was from another round is reminded with
that file's name and round.
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import openpyxl
import pytest

from malxl.collect import collect
from malxl.example import fill_workbook
from malxl.feedback import feedback
from malxl.generate import generate
from malxl.plan import write_plan
from malxl.texts import texts
from malxl.workbook.xlsx import saved_time

from .conftest import GOOD

T = texts("sv")


@contextmanager
def time_zone(zone: str):
    """The coordinator's clock in ``zone``; the test's own zone restored after."""
    if not hasattr(time, "tzset"):
        pytest.skip("this Python cannot change its time zone (time.tzset)")
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def stockholm():
    """Stockholm: UTC+1, +2 in summer."""
    with time_zone("Europe/Stockholm"):
        yield


def received_sheet(path) -> dict[str, tuple]:
    """Inkomna: file -> (saved, used)."""
    ws = openpyxl.load_workbook(path)[T("sheet.received")]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    file, saved, used = (head.index(T(k)) for k in ("col.file", "col.saved", "col.used"))
    return {r[file]: (r[saved], r[used]) for r in rows[1:] if r[file]}


# -- saved times and arrival times, in one zone ----------------------------------------------------------------

def test_a_file_saved_30_minutes_ago_wins_over_one_that_arrived_an_hour_ago_in_stockholm(project, stockholm):
    run = datetime(2024, 5, 20, 10, 0)  # the coordinator's clock (CEST): 08:00 UTC
    newer = project.answer("Skola", saved=datetime(2024, 5, 20, 7, 30))  # UTC in the file: 09:30 in Stockholm
    future = project.answer("Skola", name="Skola gammal.xlsx", saved=datetime(2031, 1, 1, 9, 0))  # not trusted
    os.utime(future, (datetime(2024, 5, 20, 9, 0).timestamp(),) * 2)  # arrived an hour ago (local clock)
    os.utime(newer, (datetime(2024, 5, 20, 9, 35).timestamp(),) * 2)
    project.answer("Teknik", saved=datetime(2024, 5, 10, 12, 0))

    result = collect(project.inbox, now=run)

    assert result.merged.answered["Skola"] == "Skola.xlsx"
    future_found = [f for f in result.findings if f.code == "future-saved-time"]
    # Shown on the coordinator's clock: the file's 09:00 UTC in January is 10:00 in Stockholm.
    assert [(f.file, f.params) for f in future_found] == [
        ("Skola gammal.xlsx", {"saved": "2031-01-01 10:00", "arrived": "2024-05-20 09:00"})]
    dup = [f for f in result.findings if f.code == "duplicate-submission"]
    assert [(f.params["used"], f.params["saved"]) for f in dup] == [("Skola.xlsx", "2024-05-20 09:30")]
    assert received_sheet(result.path)["Skola.xlsx"] == (datetime(2024, 5, 20, 9, 30), T("used"))


def test_the_future_is_a_day_after_the_run_on_the_same_clock_west_of_utc(project):
    """In New York (UTC-4) a file saved 5 minutes within the day's margin is trusted, 15 minutes past it not."""
    with time_zone("America/New_York"):
        project.answer("Skola", saved=datetime(2024, 5, 20, 13, 50))  # 09:50 in New York
        project.answer("Teknik", saved=datetime(2024, 5, 20, 14, 10))  # 10:10 in New York
        result = collect(project.inbox, now=datetime(2024, 5, 19, 9, 55))  # the coordinator's clock
    assert [f.file for f in result.findings if f.code == "future-saved-time"] == ["Teknik.xlsx"]


def test_a_generated_workbook_records_its_time_in_utc(project, stockholm, tmp_path):
    """generate's time goes into docProps/core.xml as UTC: a fresh workbook in Stockholm is not two hours late."""
    before = datetime.now(UTC).replace(microsecond=0)
    generate(project.plan, tmp_path / "ut")
    after = datetime.now(UTC)
    saved = saved_time(tmp_path / "ut" / "Skola.xlsx")
    assert saved is not None and before <= saved <= after


# -- identical files: the plain name is used -------------------------------------------------------------------

def test_of_identical_files_the_plain_name_is_used_and_the_console_says_so(run, project):
    original = project.answer("Skola")
    shutil.copy(original, project.inbox / "Kopia av Skola.xlsx")  # sorts before Skola.xlsx
    project.answer("Teknik")

    result = run("collect", project.inbox)

    assert result.exit_code == 0, result.output
    assert T("cli.same_bytes", file="Kopia av Skola.xlsx", kept="Skola.xlsx") in result.output.splitlines()
    received = received_sheet(project.merged)
    assert received["Skola.xlsx"][1] == T("used")
    assert received["Kopia av Skola.xlsx"][1] == T("not_used", reason=T("reason.same_bytes", other="Skola.xlsx"))


def test_the_plainest_of_identical_names_is_read(project):
    """The department's own file name first, then a name without a copy's marks, then the shortest, then A-Z."""
    first = project.answer("Skola", name="Skola svar.xlsx")
    for name in ("Kopia av Skola svar.xlsx", "Copy of Skola svar.xlsx", "Skola svar (1).xlsx",
                 "Skola svar - Kopia.xlsx", "Skola svar kopia 2.xlsx", "Skola svar slutversion.xlsx"):
        shutil.copy(first, project.inbox / name)
    project.answer("Teknik", name="Tek.xlsx")
    shutil.copy(project.inbox / "Tek.xlsx", project.inbox / "Teknik.xlsx")  # the name generate gave it

    result = collect(project.inbox)

    assert result.merged.answered == {"Skola": "Skola svar.xlsx", "Teknik": "Teknik.xlsx"}
    kept = {r.name: r.same_as for r in result.merged.received}
    assert kept == {"Skola svar.xlsx": "", "Kopia av Skola svar.xlsx": "Skola svar.xlsx",
                    "Copy of Skola svar.xlsx": "Skola svar.xlsx", "Skola svar (1).xlsx": "Skola svar.xlsx",
                    "Skola svar - Kopia.xlsx": "Skola svar.xlsx", "Skola svar kopia 2.xlsx": "Skola svar.xlsx",
                    "Skola svar slutversion.xlsx": "Skola svar.xlsx", "Tek.xlsx": "Teknik.xlsx", "Teknik.xlsx": ""}
    assert [r.name for r in result.merged.received] == sorted(kept)  # Inkomna lists the inbox A-Z


# -- a file from another round: the reminder says so -----------------------------------------------------------

def from_another_round(project, tmp_path, department: str, name: str, period: str = "Tertial 3 2023", **settings):
    """The department fills in last round's workbook (``period``; or another plan's) and sends it as ``name``."""
    other = replace(project.plan, settings=replace(project.plan.settings, period=period, **settings))
    generate(other, tmp_path / "förra")
    return fill_workbook(tmp_path / "förra" / f"{department}.xlsx", project.inbox / name, GOOD[department])


def body(path) -> str:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default).get_body().get_content()


def test_a_department_whose_only_file_is_from_another_round_is_reminded_with_its_name_and_round(
        run, project, tmp_path):
    from_another_round(project, tmp_path, "Skola", "Skola svar.xlsx")
    project.answer("Teknik")
    collected = collect(project.inbox)
    assert "Skola" not in collected.merged.answered

    result = feedback(collected.path, now=datetime(2024, 5, 20, 8, 0))

    skola = next(p for p in result.packages if p.department == "Skola")
    assert skola.kind == "reminder"
    assert [(f.code, f.file, f.params["period"]) for f in skola.other_round] == [
        ("wrong-plan", "Skola svar.xlsx", "Tertial 3 2023")]
    text = " ".join(body(skola.draft).split())
    assert "Skola svar.xlsx" in text and "Tertial 3 2023" in text and "Skola.xlsx" in text  # the attachment
    attached = [part.get_filename() for part in email.message_from_bytes(
        skola.draft.read_bytes(), policy=email.policy.default).iter_attachments()]
    assert attached == ["Skola.xlsx"]
    note = T("feedback.other_round", department="Skola", file="Skola svar.xlsx", period="Tertial 3 2023",
             attachment="Skola.xlsx")
    assert note in result.notes

    printed = run("feedback", collected.path, "-o", tmp_path / "cli")
    assert note in printed.output.splitlines()


def test_the_english_reminder_names_the_file_and_its_round_too(project, tmp_path):
    project.plan = replace(project.plan, settings=replace(project.plan.settings, language="en"))
    write_plan(project.plan, project.plan_path)
    from_another_round(project, tmp_path, "Teknik", "Teknik old.xlsx", period="Tertial 2 2023")
    project.answer("Skola")
    result = feedback(collect(project.inbox).path, now=datetime(2024, 5, 20, 8, 0))
    teknik = next(p for p in result.packages if p.department == "Teknik")
    text = " ".join(body(teknik.draft).split())
    assert "Teknik old.xlsx" in text and "Tertial 2 2023" in text
    assert texts("en")("feedback.other_round", department="Teknik", file="Teknik old.xlsx", period="Tertial 2 2023",
                       attachment="Teknik.xlsx") in result.notes


def test_a_file_from_another_organisations_plan_is_named_with_its_organisation(project, tmp_path):
    period = project.plan.settings.period
    from_another_round(project, tmp_path, "Skola", "Skola.xlsx", period=period, organisation="Annanby kommun")
    project.answer("Teknik")
    result = feedback(collect(project.inbox).path, now=datetime(2024, 5, 20, 8, 0))
    skola = next(p for p in result.packages if p.department == "Skola")
    assert [(f.file, f.params["organisation"]) for f in skola.other_round] == [("Skola.xlsx", "Annanby kommun")]
    assert "Annanby kommun" in " ".join(body(skola.draft).split())
    assert T("feedback.other_plan", department="Skola", file="Skola.xlsx", organisation="Annanby kommun",
             period=period, attachment="Skola.xlsx") in result.notes


def test_a_reminder_without_a_file_from_another_round_is_as_before(project):
    project.answer("Teknik")
    result = feedback(collect(project.inbox).path, now=datetime(2024, 5, 20, 8, 0))
    skola = next(p for p in result.packages if p.department == "Skola")
    assert (skola.kind, skola.other_round) == ("reminder", [])
