"""Shared test helpers: small plans built in the test, workbooks filled as a department would."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.example import Filling, fill_workbook
from malxl.generate import generate
from malxl.models import Activity, Department, Goal, KFGoal, Plan, Settings
from malxl.plan import write_plan

GENERATED = datetime(2024, 1, 2, 8, 0)


def small_plan(**settings) -> Plan:
    """Two departments, three development goals under two KF goals (one KF goal has none)."""
    s = dict(organisation="Testby kommun", period="Tertial 1 2024", report_date=date(2024, 4, 30),
             deadline=date(2024, 5, 15), coordinator="Eva Ek", coordinator_email="eva.ek@testby.se")
    s.update(settings)
    return Plan(
        settings=Settings(**s),
        kf_goals=(KFGoal("1", "Bättre skola"), KFGoal("2", "Bostäder åt alla"), KFGoal("3", "Grönare kommun")),
        goals=(Goal("1.1", "Fler behöriga elever", "1", "Skola"), Goal("1.2", "Tryggare skolmiljö", "1", "Skola"),
               Goal("3.1", "Minskade utsläpp", "3", "Teknik")),
        activities=(
            Activity("S1", "Läsinsats åk 1-3", "Skola", ("1.1",), date(2024, 6, 30)),
            Activity("S2", "Rastvärdar", "Skola", ("1.2",), date(2024, 3, 31)),
            Activity("S3", "Elevhälsoplan", "Skola", ("1.1", "1.2"), None),
            Activity("T1", "Laddstolpar", "Teknik", ("3.1",), date(2024, 12, 31)),
            Activity("T2", "Energieffektivisering", "Teknik", ("3.1",), date(2025, 6, 30)),
        ),
        departments=(Department("Skola", "Sara Skog", "sara@testby.se"),
                     Department("Teknik", "Tor Teknik", "tor@testby.se")),
    )


GOOD = {
    "Skola": Filling(
        answers={"S1": ("Pågående enligt plan", date(2024, 6, 30), "Går bra."),
                 "S2": ("Avslutad enligt plan", date(2024, 3, 31), ""),
                 "S3": ("Pågående enligt plan", None, "")},
        assessments={"1.1": ("Delvis uppfyllt", "På väg."), "1.2": ("Uppfyllt", "Klart.")}),
    "Teknik": Filling(
        answers={"T1": ("Försenad", date(2024, 12, 31), "Leverantören är sen."),
                 "T2": ("Pågående enligt plan", date(2025, 6, 30), "")},
        assessments={"3.1": ("Knappt uppfyllt", "Lite gjort.")}),
}


class Project:
    """A coordinator's folder: plan.xlsx, utkorg/ with generated workbooks, inbox/."""

    def __init__(self, root: Path, plan: Plan):
        self.root, self.plan = root, plan
        self.plan_path = write_plan(plan, root / "plan.xlsx")
        self.outbox = root / "utkorg"
        generate(plan, self.outbox, now=GENERATED)
        self.inbox = root / "inbox"
        self.inbox.mkdir()
        self.merged = root / "sammanstallning.xlsx"

    def blank(self, department: str) -> Path:
        return self.outbox / f"{department}.xlsx"

    def answer(self, department: str, filling: Filling | None = None, name: str | None = None,
               saved: datetime = datetime(2024, 5, 10, 12, 0)) -> Path:
        """The department fills in its workbook and sends it to the inbox."""
        filling = filling if filling is not None else GOOD[department]
        return fill_workbook(self.blank(department), self.inbox / (name or f"{department}.xlsx"), filling, saved)

    def answer_all(self):
        for d in self.plan.departments:
            self.answer(d.name)


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path, small_plan())


def edit_cells(path: Path, sheet: str, values: dict[str, object]) -> None:
    """Change cells of a workbook with openpyxl (as a person would in Excel) and save it."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in values.items():
        ws[ref] = value
    wb.save(path)


def sheet_rows(path: Path, sheet: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def codes(findings) -> list[tuple[str, str]]:
    return sorted((f.code, f.cell) for f in findings)



@pytest.fixture
def run(monkeypatch):
    """The command line as a coordinator runs it, in Swedish: ``run("collect", inbox)`` (a test file may have its own)."""
    monkeypatch.setenv("MALXL_LANG", "sv")

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def deny_writes(monkeypatch):
    """``deny_writes(folder)``: make a folder read-only as a user who may not write there sees it, also as root.

    Root writes into a folder whatever its mode (CI runs as root), so beside the
    mode the OS calls that create something inside it fail as they would for
    that user (EACCES). The mode is restored after the test.
    """
    import errno
    import os

    folders = []
    real_open, real_mkdir = os.open, os.mkdir

    def within(path) -> bool:
        full = os.path.abspath(os.fspath(path))
        return any(full == f or full.startswith(f + os.sep) for f in folders)

    def guarded_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and within(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    def guarded_mkdir(path, *args, **kwargs):
        if within(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)

    def deny(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o555)
        folders.append(str(folder.resolve()))
        return folder

    yield deny
    for f in folders:
        os.chmod(f, 0o755)
