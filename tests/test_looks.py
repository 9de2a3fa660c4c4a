"""How the workbooks look on screen and on paper: headers not cut, rows as tall as their text, no page of only
empty rows."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from malxl import layout
from malxl.collect import collect
from malxl.example import set_saved_time
from malxl.feedback import feedback
from malxl.generate import write_department_workbook
from malxl.models import Activity

from .conftest import GENERATED, GOOD, Project, edit_cells, small_plan

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
LINE = 15  # points a line of 11-point text takes


def height(ws, row: int) -> float:
    """A row's height in points (one line's where the file gives none: Excel's and LibreOffice's default)."""
    return ws.row_dimensions[row].height or LINE


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_merged_workbooks_two_line_headers_get_the_height_of_two_lines(tmp_path, language):
    """Utvecklingsmål-id and Planerat slutdatum wrap in their narrow columns: Excel and LibreOffice show the
    second line only in a row set tall enough (neither grows a row for text malxl wrote)."""
    project = Project(tmp_path, small_plan(language=language))
    project.answer_all()
    merged = collect(project.inbox).path
    wb = openpyxl.load_workbook(merged)
    shown = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    two_lines = shown[1:3] + (["Goal assessment"] if language == "en" else [])  # Aktiviteter, Avvikelser
    assert {name: height(wb[name], 1) >= 2 * LINE for name in two_lines} == dict.fromkeys(two_lines, True)


def test_a_department_workbooks_two_line_header_gets_the_height_of_two_lines(tmp_path):
    """Development goal id does not fit on one line of its column in an English workbook."""
    project = Project(tmp_path, small_plan(language="en"))
    ws = openpyxl.load_workbook(project.blank("Skola"))["Goal assessment"]
    assert height(ws, layout.HEADER_ROW + 1) >= 2 * LINE


def test_an_added_row_in_a_return_workbook_is_as_tall_as_its_text(project):
    """A row the department added comes back with the height its wrapped text needs, as a planned row does."""
    project.answer("Teknik")
    path = project.answer("Skola", GOOD["Skola"])
    title = "Ett eget projekt som avdelningen har lagt till: " + "fler lärare i läsinlärning, " * 10
    edit_cells(path, "Aktiviteter", {"A7": "EGEN1", "C7": title, "D7": "Försenad"})  # late, without a comment
    set_saved_time(path, datetime(2024, 5, 10, 12, 0))
    result = feedback(collect(project.inbox).path, now=datetime(2024, 5, 12, 8, 0))
    [p] = result.packages
    ws = openpyxl.load_workbook(p.workbook)["Aktiviteter"]
    row = next(r for r in range(layout.FIRST_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value == "EGEN1")
    assert ws.cell(row, 3).value == title.strip()
    width = layout.ACTIVITIES.width("col.activity")
    assert height(ws, row) >= LINE * (len(title) // (width * 1.2) + 1)  # 7 lines


# -- on paper ---------------------------------------------------------------------------------------------------

def skola_with(n: int):
    """The small plan with ``n`` short activities for Skola."""
    plan = small_plan()
    own = tuple(Activity(f"S{i}", f"Aktivitet nummer {i}", "Skola", ("1.1",), date(2024, 6, 30))
                for i in range(1, n + 1))
    return replace(plan, activities=own + tuple(a for a in plan.activities if a.department != "Skola"))


def to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{outdir}/profile",
                    "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    return [outdir / f"{f.stem}.pdf" for f in files]


def activity_pages(pdf: Path) -> list[list[str]]:
    """The text lines of each printed page of Aktiviteter, its repeated header line left out."""
    header = "Aktivitets-id Utvecklingsmål Aktivitet Status Slutdatum Kommentar"
    pages = [page.extract_text().splitlines() for page in PdfReader(str(pdf)).pages]
    return [[line for line in lines if line.strip() != header] for lines in pages if header in lines]


@needs_soffice
def test_a_department_workbook_prints_no_page_of_only_empty_rows(tmp_path):
    """The empty rows for activities a department adds are no page of their own, wherever the planned rows end
    on a page; a row the department typed there is printed."""
    written = []
    for n in range(16, 24):  # the planned rows end at many heights of the page (19 and 20 end near its foot)
        written.append(write_department_workbook(skola_with(n), "Skola", tmp_path / f"Skola{n}.xlsx",
                                                 now=GENERATED))
    typed = written[19 - 16]
    edit_cells(typed, "Aktiviteter", {f"A{layout.FIRST_ROW + 19 + 3}": "EGEN1",
                                      f"C{layout.FIRST_ROW + 19 + 3}": "Vårt eget projekt"})
    for pdf in to_pdf(written, tmp_path / "pdf"):
        pages = activity_pages(pdf)
        assert pages and all(pages), f"{pdf.name}: page {[bool(p) for p in pages].index(False) + 1} is empty rows"
        printed = "\n".join(line for page in pages for line in page)
        assert f"S{pdf.stem.removeprefix('Skola')} " in printed
        if pdf.stem == typed.stem:
            assert "EGEN1" in printed and "Vårt eget projekt" in printed
