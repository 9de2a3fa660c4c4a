"""malxl/compat.py: the private members of other libraries malxl keeps, pinned.

Each test fails where an installed library no longer has the member as malxl
uses it (renamed, moved, or meaning something else), and says which version
was checked. Then find the library's public way, or the member's new name, in
malxl/compat.py alone.
"""

from __future__ import annotations

import zipfile
import zlib
from importlib.metadata import version

import docx
import openpyxl
import pytest
import xlsxwriter
from docx.oxml.ns import qn
from openpyxl.drawing.image import Image

from malxl import compat

CHECKED = {"python-docx": "1.2.0", "openpyxl": "3.1.5", "xlsxwriter": "3.3.1"}


def moved(library: str, member: str) -> str:
    return (f"{library} {version(library)} no longer has {member} as malxl/compat.py uses it "
            f"(checked with {CHECKED[library]})")


def test_python_docx_keeps_the_element_behind_a_paragraph_table_row_and_cell():
    doc = docx.Document()
    paragraph = doc.add_paragraph("x")
    table = doc.add_table(rows=1, cols=1)
    row, cell = table.rows[0], table.rows[0].cells[0]
    body = doc.element.body
    message = moved("python-docx", "_element")
    assert compat.docx_element(paragraph) is body.findall(qn("w:p"))[-1], message
    assert compat.docx_element(table) is body.find(qn("w:tbl")), message
    assert compat.docx_element(row) is body.find(qn("w:tbl")).find(qn("w:tr")), message
    assert compat.docx_element(cell) is body.find(qn("w:tbl")).find(qn("w:tr")).find(qn("w:tc")), message


def test_openpyxl_keeps_a_sheets_pictures_and_their_bytes():
    ws = openpyxl.Workbook().active
    assert isinstance(getattr(ws, "_images", None), list), moved("openpyxl", "Worksheet._images")
    assert callable(getattr(Image, "_data", None)), moved("openpyxl", "Image._data()")
    assert compat.first_picture(ws) is None


def test_a_picture_on_a_sheet_comes_back_as_its_bytes(tmp_path):
    """Only where Pillow is installed: openpyxl loads no pictures without it (malxl does not depend on it)."""
    pytest.importorskip("PIL")
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000185d32d0f0000000049454e44ae426082")
    (tmp_path / "logo.png").write_bytes(png)
    wb = openpyxl.Workbook()
    wb.active.add_image(Image(str(tmp_path / "logo.png")), "A1")
    wb.save(tmp_path / "book.xlsx")
    assert compat.first_picture(openpyxl.load_workbook(tmp_path / "book.xlsx").active) == png


def test_xlsxwriter_gives_the_index_it_writes(tmp_path):
    """The index xf_index gives a format before any cell uses it is the one xlsxwriter writes for that format."""
    wb = xlsxwriter.Workbook(tmp_path / "book.xlsx")
    ws = wb.add_worksheet()
    bold, italic = wb.add_format({"bold": True}), wb.add_format({"italic": True})
    first, second = compat.xf_index(italic), compat.xf_index(bold)
    ws.write_string(0, 0, "b", bold)
    ws.write_string(0, 1, "i", italic)
    wb.close()
    sheet = zipfile.ZipFile(tmp_path / "book.xlsx").read("xl/worksheets/sheet1.xml").decode()
    message = moved("xlsxwriter", "Format._get_xf_index()")
    assert (first, second) == (1, 2), message
    assert f'<c r="A1" s="{second}"' in sheet and f'<c r="B1" s="{first}"' in sheet, message


def test_a_zip_member_is_deflated_at_its_own_level(tmp_path):
    """ZipInfo's level: ``compress_level`` from Python 3.13, ``_compresslevel`` before."""
    data = b"".join(b"row %d of a sheet, %d\n" % (i, i * 7919 % 1000) for i in range(20000))
    entry = zipfile.ZipInfo("part.xml", (2000, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    compat.set_compress_level(entry, 1)
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open(entry, "w") as fh:
            fh.write(data)
    deflate = zlib.compressobj(1, zlib.DEFLATED, -15)
    level1 = len(deflate.compress(data) + deflate.flush())
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        info = zf.getinfo("part.xml")
        assert zf.read(info) == data
    assert info.compress_size == level1, "zipfile no longer takes a member's level from compress_level/_compresslevel"
