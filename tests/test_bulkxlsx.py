"""Rows streamed in as sheet XML read back exactly like the same cells written by xlsxwriter."""

from datetime import date, datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from malxl.workbook.bulkxlsx import MAX_TEXT, BulkWorkbook, Styled
from malxl.workbook.xlsx import new_workbook

ROWS = [
    ("A1", "Plain text", date(2024, 3, 31), 3, 2.5, datetime(2024, 5, 10, 9, 30)),
    ("A2", "  leading and trailing  ", None, "", "Tab\there & <there> \"q\" 'a'", "rad 1\nrad 2"),
    ("A3", "=SUM(1,2)", "http://example.se", "_x0041_ stays literal", "ctrl\x01\x1fchars", "Å ä ö – ✓ 😀"),
    (),
    ("A5", "x" * (MAX_TEXT + 10), date(1900, 1, 15), True, -0.125, 12345678901234),
]


def _plain(path, rows):
    wb = new_workbook(path)
    ws = wb.add_worksheet("T")
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    note = wb.add_format({"italic": True})
    ws.set_column(0, 5, 20, wrap)
    ws.write_row(0, 0, ["a", "b", "c", "d", "e", "f"])
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, Styled):
                ws.write(r, c, v.value, note)
            elif isinstance(v, datetime):
                ws.write_datetime(r, c, v, day)
            elif isinstance(v, date):
                ws.write_datetime(r, c, datetime(v.year, v.month, v.day), day)
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    wb.close()


def _bulk(path, rows):
    book = BulkWorkbook(path)
    wb = book.wb
    ws = wb.add_worksheet("T")
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column(0, 5, 20, wrap)
    ws.write_row(0, 0, ["a", "b", "c", "d", "e", "f"])
    book.add_rows(ws, rows, columns=6, text_format=wrap, date_format=day)
    book.close()


def _formats(path):
    ws = openpyxl.load_workbook(path)["T"]
    return [[(type(c.value), c.number_format, c.alignment.wrap_text, c.font.i) for c in row] for row in ws.iter_rows()]


def _values(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name("T").to_python()


def test_bulk_rows_read_back_like_xlsxwriter_cells(tmp_path):
    plain, bulk = tmp_path / "plain.xlsx", tmp_path / "bulk.xlsx"
    _plain(plain, ROWS)
    _bulk(bulk, ROWS)
    assert _formats(bulk) == _formats(plain)
    values = _values(bulk)
    assert values == _values(plain)
    assert values[2][1] == "  leading and trailing  " and values[3][3:5] == ["_x0041_ stays literal", "ctrl\x01\x1fchars"]
    assert len(values[5][1]) == MAX_TEXT


def test_styled_cells_and_a_generator_of_rows(tmp_path):
    path = tmp_path / "b.xlsx"
    book = BulkWorkbook(path)
    ws = book.wb.add_worksheet("T")
    ws.write_string(0, 0, "head")
    note = book.wb.add_format({"italic": True})
    book.add_rows(ws, ((f"r{i}",) for i in range(3)), columns=1, count=3)
    other = book.wb.add_worksheet("U")
    book.add_rows(other, [(), (Styled("note", note),)], columns=1)
    book.close()
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["T"]["A"]] == ["head", "r0", "r1", "r2"]
    assert wb["U"]["A3"].value == "note" and wb["U"]["A3"].font.i
    assert wb["T"].dimensions == "A1:A4"


def test_xlsxwriter_cells_where_the_rows_go_are_refused(tmp_path):
    book = BulkWorkbook(tmp_path / "c.xlsx")
    ws = book.wb.add_worksheet("T")
    ws.write_string(3, 0, "in the way")
    book.add_rows(ws, [("a",)], columns=1)
    with pytest.raises(ValueError, match="row 4"):
        book.close()


def test_rows_are_as_tall_as_their_wrapped_text_where_widths_are_given(tmp_path):
    from malxl.workbook.xlsx import row_height

    path = tmp_path / "h.xlsx"
    book = BulkWorkbook(path)
    ws = book.wb.add_worksheet("T")
    ws.write_row(0, 0, ["a", "b"])
    long = "ord " * 30  # 120 characters in a column holding 22 a line
    rows = [("kort", "kort"), ("kort", long), ("rad 1\nrad 2\nrad 3", "x"), ("y" * 100_000, "")]
    book.add_rows(ws, rows, columns=2, widths=[20, 20])
    book.close()
    ws = openpyxl.load_workbook(path)["T"]
    heights = {r: ws.row_dimensions[r].height for r in range(2, 6)}
    assert heights[2] is None  # one line: left to the program
    assert heights[3] == row_height((long, 20)) == 90  # the rule the department workbooks use
    assert heights[4] == 45
    assert heights[5] == 409  # Excel's tallest row


def test_a_long_table_reads_back_like_xlsxwriter_cells_in_every_batch(tmp_path):
    """Columns that are all plain text or all dates take a quicker way than mixed ones: both must agree with
    xlsxwriter, batch by batch (a mixed value in one batch only, blank rows, spaces kept, early dates)."""
    from malxl.workbook.bulkxlsx import BATCH

    rows = []
    for i in range(BATCH * 2 + 17):
        rows.append((f"A{i}", f"Titel {i} med å ä ö" if i % 7 else "", date(2024, 1, 1 + i % 28),
                     None if i % 5 else date(2025, 6, 30), f"Kommentar {i}" * (i % 4), "Enhet 1"))
    rows[BATCH + 3] = ("A-x", " spaces kept ", date(1900, 1, 2), "2024-13-01 (as typed)", "a & b <c>", 7)
    rows[BATCH + 4] = ()
    rows[2 * BATCH + 1] = ("A-y", "rad 1\nrad 2", datetime(2024, 5, 10, 9, 30), None, "_x0041_", 2.5)
    plain, bulk = tmp_path / "plain.xlsx", tmp_path / "bulk.xlsx"
    _plain(plain, rows)
    _bulk(bulk, rows)
    assert _values(bulk) == _values(plain)
    assert _formats(bulk) == _formats(plain)
    values = _values(bulk)
    assert values[BATCH + 4][1] == " spaces kept " and values[BATCH + 4][4] == "a & b <c>"
    assert values[2 * BATCH + 2][1] == "rad 1\nrad 2"


def test_the_big_sheets_are_deflated_at_level_1(tmp_path):
    """zipfile's member level (a private attribute before Python 3.13): the sheet as zlib's level 1 makes it."""
    import zipfile
    import zlib

    path = tmp_path / "d.xlsx"
    book = BulkWorkbook(path)
    ws = book.wb.add_worksheet("T")
    book.add_rows(ws, [(f"rad {i}", i, "text som upprepas " * (i % 7)) for i in range(3000)], columns=3)
    book.close()
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        info = z.getinfo("xl/worksheets/sheet1.xml")
        xml = z.read(info)
    sizes = {}
    for level in (1, 6):
        deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
        sizes[level] = len(deflate.compress(xml) + deflate.flush())
    assert sizes[1] != sizes[6] and info.compress_size == sizes[1]
    assert _values(path)[2999][:2] == ["rad 2999", 2999.0]


def _sheet_values(path, part):
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        return re.findall(r"<v>([^<]*)</v>", z.read(part).decode())


def test_dates_are_excels_serial_numbers_around_its_1900_leap_day(tmp_path):
    """Our own serial numbers (no xlsxwriter internals): Excel's, which counts a 29 February 1900 (60).

    From 1 March 1900 on they are the text xlsxwriter's write_datetime writes; before it xlsxwriter's
    releases differ (before 3.3.4 a time on 28 February 1900 went a day late), so there the numbers are
    Excel's own, written out."""
    early = [date(1899, 12, 31), date(1900, 1, 2), date(1900, 2, 28), datetime(1900, 2, 28, 12),
             datetime(1900, 1, 2, 6, 30, 15, 250000)]
    later = [date(1900, 3, 1), date(2024, 2, 29), datetime(1900, 3, 1, 18), datetime(2024, 5, 10, 9, 30),
             datetime(2031, 12, 31, 23, 59, 59, 999999)]
    wb = new_workbook(tmp_path / "x.xlsx")
    ws = wb.add_worksheet("T")
    for r, m in enumerate(later):
        ws.write_datetime(r, 0, m if isinstance(m, datetime) else datetime(m.year, m.month, m.day))
    wb.close()
    book = BulkWorkbook(tmp_path / "b.xlsx")
    ws = book.wb.add_worksheet("T")
    book.add_rows(ws, [(m,) for m in early + later], first_row=0, columns=1)
    book.close()
    ours = _sheet_values(tmp_path / "b.xlsx", "xl/worksheets/sheet1.xml")
    assert ours[:5] == ["0", "2", "59", "59.5", "2.271009837962963"]
    assert ours[5:] == _sheet_values(tmp_path / "x.xlsx", "xl/worksheets/sheet1.xml")
    assert ours[5:] == ["61", "45351", "61.75", "45422.39583333334", "48213.99999999999"]
    book = BulkWorkbook(tmp_path / "d.xlsx")
    ws = book.wb.add_worksheet("T")
    book.add_rows(ws, [(date(1900, 1, 1),), (datetime(1900, 1, 1, 12),)], first_row=0, columns=1)
    book.close()
    assert _sheet_values(tmp_path / "d.xlsx", "xl/worksheets/sheet1.xml") == ["1", "1.5"]


def test_tables_find_their_sheet_part_by_the_package_relationships(tmp_path):
    """A chartsheet and hidden sheets before the table's sheet: its rows land on its own part."""
    book = BulkWorkbook(tmp_path / "b.xlsx")
    wb = book.wb
    wb.add_worksheet("Först")
    chart = wb.add_chart({"type": "bar"})
    chart.add_series({"values": "=Först!$A$1:$A$2"})
    wb.add_chartsheet("Diagram").set_chart(chart)
    hidden = wb.add_worksheet("Dold")
    hidden.hide()
    ws = wb.add_worksheet("Tabell")
    ws.write_row(0, 0, ["a", "b"])
    book.add_rows(ws, [("x", 1), ("y", 2)], columns=2)
    book.add_rows(hidden, [("h",)], first_row=0, columns=1)
    book.close()
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert [[c.value for c in r] for r in wb["Tabell"].iter_rows()] == [["a", "b"], ["x", 1], ["y", 2]]
    assert wb["Dold"]["A1"].value == "h" and wb["Först"]["A1"].value is None


def test_a_formats_index_is_the_one_xlsxwriter_writes_for_it(tmp_path):
    """The one xlsxwriter internal bulkxlsx uses (pinned in pyproject): a format's index in styles.xml."""
    import re
    import zipfile

    book = BulkWorkbook(tmp_path / "b.xlsx")
    wb = book.wb
    ws = wb.add_worksheet("T")
    formats = [wb.add_format({"bold": True}), wb.add_format({"italic": True}), wb.add_format({"num_format": "0.0"})]
    for c, fmt in enumerate(reversed(formats)):
        ws.write_number(0, c, 1, fmt)  # xlsxwriter's own cells, in another order than the indexes asked below
    styled = [Styled(1, fmt) for fmt in formats]
    book.add_rows(ws, [styled], columns=3)
    book.close()
    with zipfile.ZipFile(tmp_path / "b.xlsx") as z:
        cells = dict(re.findall(r'<c r="([A-Z]+[0-9]+)" s="([0-9]+)"', z.read("xl/worksheets/sheet1.xml").decode()))
    assert [cells[f"{c}2"] for c in "ABC"] == [cells[f"{c}1"] for c in "CBA"]
    fonts = openpyxl.load_workbook(tmp_path / "b.xlsx")["T"]
    assert fonts["A2"].font.b and fonts["B2"].font.i and fonts["C2"].number_format == "0.0"


def test_a_column_given_its_own_format_has_it_in_every_cell_and_numbers_stay_numbers(tmp_path):
    """``formats``: the merged Indikatorer sheet's values with one decimal format, years as whole numbers."""
    path = tmp_path / "f.xlsx"
    book = BulkWorkbook(path)
    ws = book.wb.add_worksheet("T")
    decimals = book.wb.add_format({"num_format": "0.0##"})
    book.add_rows(ws, [("I1", 2022, 79.2), ("I1", 2023, None), ("I2", 2024, "ungefär 40"), ("I3", None, 2)],
                  first_row=0, columns=3, formats={2: decimals})
    book.close()
    sheet = openpyxl.load_workbook(path)["T"]
    assert [(c.value, c.number_format) for c in sheet["C"]] == [
        (79.2, "0.0##"), (None, "General"), ("ungefär 40", "0.0##"), (2, "0.0##")]
    assert [c.value for c in sheet["B"]] == [2022, 2023, 2024, None] and sheet["B1"].data_type == "n"
