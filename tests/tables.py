"""Plans and answers written as small markdown tables in the test (as pyxform's tests write forms).

A block names a sheet on a line of its own, and its rows below, first cell empty::

    | Statusar |
    |          | Status | Kräver kommentar | Avslutad |
    |          | Klar   |                  | x        |

:func:`plan_workbook` writes a real plan.xlsx whose named sheets hold exactly
those rows (the other sheets as :func:`conftest.small_plan` has them);
:func:`filling` turns the department's answers into a :class:`~malxl.example.Filling`.
Text that looks like an ISO date (2024-06-30) is typed as a date, as Excel does.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import openpyxl

from malxl.example import Filling
from malxl.models import Plan
from malxl.plan import write_plan


def sheets(text: str) -> dict[str, list[list]]:
    """The blocks of ``text``: sheet name -> rows of cell values (header first); '---' lines are skipped."""
    found: dict[str, list[list]] = {}
    current = None
    for line in text.strip().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not cells or set("".join(cells)) <= set("-: "):
            continue
        if cells[0]:
            current = found.setdefault(cells[0], [])
        else:
            current.append([_typed(c) for c in cells[1:]])
    return found


def _typed(cell: str):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return datetime.fromisoformat(cell)
    return cell or None


def plan_workbook(path: Path, text: str, base: Plan | None = None) -> Path:
    """plan.xlsx at ``path``: ``base`` (default the small plan) with the sheets named in ``text`` as written there."""
    from .conftest import small_plan

    write_plan(base or small_plan(), path)
    wb = openpyxl.load_workbook(path)
    for name, rows in sheets(text).items():
        at = wb.sheetnames.index(name) if name in wb.sheetnames else len(wb.sheetnames)
        if name in wb.sheetnames:
            del wb[name]
        ws = wb.create_sheet(name, at)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def filling(text: str) -> Filling:
    """A department's answers: ``Aktiviteter`` rows by Aktivitets-id (Status, Slutdatum, Kommentar; a row with an
    Aktivitet typed is one the department adds, its goal under Utvecklingsmål) and ``Målbedömning`` rows by
    Utvecklingsmål-id (Bedömning, Analys)."""
    answers, added, assessments = {}, [], {}
    for name, rows in sheets(text).items():
        header, *body = rows
        for row in body:
            v = dict(zip(header, row))
            end = v.get("Slutdatum")
            end = end.date() if isinstance(end, datetime) else end
            if name == "Aktiviteter" and v.get("Aktivitet"):
                added.append((v["Aktivitets-id"] or "", v.get("Utvecklingsmål") or "", v["Aktivitet"],
                              v.get("Status") or "", end, v.get("Kommentar") or ""))
            elif name == "Aktiviteter":
                answers[v["Aktivitets-id"]] = (v.get("Status") or "", end, v.get("Kommentar") or "")
            else:
                assessments[v["Utvecklingsmål-id"]] = (v.get("Bedömning") or "", v.get("Analys") or "")
    return Filling(answers=answers, assessments=assessments, added=added)
