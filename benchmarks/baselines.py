"""The baselines malxl is measured against: the least work any tool must do, and a coordinator's own script.

Each runs as its own process, like malxl does in the benchmark, so both pay the
same interpreter start-up::

    python benchmarks/baselines.py generate PLAN OUTBOX        # minimal xlsxwriter: same cells, same dropdown
    python benchmarks/baselines.py floor INBOX PLAN OUT        # calamine reads every sheet; xlsxwriter
                                                               #   (constant memory) writes the merged rows
    python benchmarks/baselines.py rawfloor INBOX PLAN OUT     # the same, rows written as raw sheet XML
    python benchmarks/baselines.py pandas INBOX OUT            # read_excel(openpyxl) per file, concat, to_excel

None of them validates anything, writes any format, or survives more than a
broken file (which they skip).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path

EPOCH = date(1899, 12, 30)
STATUSES = ["Avslutad enligt plan", "Pågående enligt plan", "Pågående med avvikelse", "Försenad", "Vänteläge"]
MERGED_HEADER = ["Aktivitets-id", "Avdelning", "Utvecklingsmål-id", "Aktivitet", "Status", "Slutdatum",
                 "Planerat slutdatum", "Kommentar", "Källfil"]


def _sheet(wb, name):
    return wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _day(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return EPOCH + timedelta(days=int(value))
    return None


def _read_plan(path: Path) -> tuple[dict, dict, list, dict]:
    """Activities by department, goal titles, departments, goals by owner: the values only, no checks."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    goals = {str(r[2]): str(r[3]) for r in _sheet(wb, "Mål")[1:] if r[2]}
    by_dept: dict[str, list] = {}
    for r in _sheet(wb, "Aktiviteter")[1:]:
        by_dept.setdefault(str(r[2]), []).append((str(r[0]), str(r[1]), str(r[3]), _day(r[4])))
    depts = [str(r[0]) for r in _sheet(wb, "Avdelningar")[1:] if r[0]]
    owners: dict[str, list] = {}
    for r in _sheet(wb, "Mål")[1:]:
        if r[2]:
            owners.setdefault(str(r[4]), []).append(str(r[2]))
    return by_dept, goals, depts, owners


def generate(plan: Path, outbox: Path) -> None:
    """One workbook per department: the same cells malxl writes and the status dropdown, nothing else."""
    import xlsxwriter

    by_dept, goals, depts, owners = _read_plan(plan)
    outbox.mkdir(parents=True, exist_ok=True)
    for dept in depts:
        wb = xlsxwriter.Workbook(str(outbox / f"{dept}.xlsx"), {"strings_to_formulas": False,
                                                                "strings_to_urls": False})
        ws = wb.add_worksheet("Aktiviteter")
        gs = wb.add_worksheet("Målbedömning")
        lists = wb.add_worksheet("Listor")
        ident = wb.add_worksheet("malxl")
        ws.write_row(2, 0, ["Aktivitets-id", "Utvecklingsmål", "Aktivitet", "Status", "Slutdatum", "Kommentar"])
        r = 3
        for aid, title, goal_ids, end in by_dept.get(dept, []):
            ws.write_string(r, 0, aid)
            ws.write_string(r, 1, "\n".join(f"{g} {goals.get(g.strip(), '')}" for g in goal_ids.split(",")))
            ws.write_string(r, 2, title)
            if end:
                ws.write_number(r, 4, (end - EPOCH).days)
            ident.write_string(r - 2, 3, aid)
            r += 1
        ws.data_validation(3, 3, r + 10, 3, {"validate": "list", "source": f"=Listor!$A$2:$A${len(STATUSES) + 1}"})
        gs.write_row(2, 0, ["Utvecklingsmål-id", "Utvecklingsmål", "Bedömning", "Analys"])
        for i, gid in enumerate(owners.get(dept, [])):
            gs.write_string(3 + i, 0, gid)
            gs.write_string(3 + i, 1, goals[gid])
        lists.write_column(0, 0, ["Status", *STATUSES])
        ident.write_column(0, 0, ["format", "organisation", "period", "department"])
        ident.write_column(0, 1, ["1", "-", "-", dept])
        wb.close()


def _merged_rows(inbox: Path, plan: Path):
    """Read every sheet of every file with calamine; yield the rows a merged sheet holds (no checks)."""
    from python_calamine import CalamineWorkbook

    planned = {}
    wb = CalamineWorkbook.from_path(str(plan))
    for name in wb.sheet_names:
        rows = _sheet(wb, name)
        if name == "Aktiviteter":
            planned = {str(r[0]): _day(r[4]) for r in rows[1:]}
    for path in sorted(inbox.iterdir()):
        if path.suffix != ".xlsx" or path.name.startswith("~$"):
            continue
        try:
            wb = CalamineWorkbook.from_path(str(path))
            sheets = {name: _sheet(wb, name) for name in wb.sheet_names}
        except Exception:  # a broken file: skipped
            continue
        ident = {str(r[0]): r[1] for r in sheets.get("malxl", []) if r and r[0]}
        dept = str(ident.get("department", ""))
        for r in sheets.get("Aktiviteter", [])[3:]:
            if r and r[0]:
                yield (str(r[0]), dept, str(r[1]).split(" ", 1)[0], str(r[2]), r[3], _day(r[4]),
                       planned.get(str(r[0])), r[5], path.name)


def floor(inbox: Path, plan: Path, out: Path) -> None:
    """The least work for the same result: read every sheet, write the merged rows in constant memory."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    ws = wb.add_worksheet("Aktiviteter")
    ws.write_row(0, 0, MERGED_HEADER)
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(_merged_rows(inbox, plan), start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            elif value:
                ws.write_string(r, c, str(value))
    wb.close()


def rawfloor(inbox: Path, plan: Path, out: Path) -> None:
    """As :func:`floor`, but the rows written as sheet XML straight into the zip (no xlsxwriter per cell)."""
    import zipfile
    from xml.sax.saxutils import escape

    letters = "ABCDEFGHI"

    def cell(ref, value):
        if isinstance(value, date):
            return f'<c r="{ref}"><v>{(value - EPOCH).days}</v></c>'
        if isinstance(value, (int, float)):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
            '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(head.encode())
            buf = []
            for r, row in enumerate([MERGED_HEADER, *_merged_rows(inbox, plan)], start=1):
                cells = "".join(cell(f"{letters[c]}{r}", v) for c, v in enumerate(row) if v not in (None, ""))
                buf.append(f'<row r="{r}">{cells}</row>')
                if len(buf) >= 1000:
                    fh.write("".join(buf).encode())
                    buf = []
            fh.write(("".join(buf) + "</sheetData></worksheet>").encode())
        # The package parts any reader needs; a few hundred bytes, written once.
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        zf.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Aktiviteter" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))


def pandas_script(inbox: Path, out: Path) -> None:
    """What a coordinator would write: read_excel with openpyxl per file, concat, to_excel."""
    import pandas as pd

    frames = []
    for path in sorted(inbox.glob("*.xlsx")):
        try:
            df = pd.read_excel(path, sheet_name="Aktiviteter", header=2, engine="openpyxl")
        except Exception:  # lock files, broken files: skipped
            continue
        df["Källfil"] = path.name
        frames.append(df)
    pd.concat(frames, ignore_index=True).to_excel(out, index=False)


def main(argv: list[str]) -> None:
    command, *args = argv
    paths = [Path(a) for a in args]
    {"generate": generate, "floor": floor, "rawfloor": rawfloor, "pandas": pandas_script}[command](*paths)


if __name__ == "__main__":
    main(sys.argv[1:])
