"""The look of department workbooks, read from a template the coordinator can restyle in Excel.

``templates/xlsx/avdelning.xlsx`` holds the colours (the header, title and
input cells of its ``Stil`` sheet), an optional logo (any picture on its
``Instruktioner`` sheet) and the instruction text (column A of that sheet,
with fields such as ``{deadline}``). malxl reads the template once per run
and writes the department workbooks with xlsxwriter.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass, field
from pathlib import Path

from .compat import first_picture
from .texts import SV, texts
from .workbook.xlsx import FIXED_TIME

TEMPLATE_NAME = "avdelning.xlsx"
STYLE_SHEET = "Stil"
INSTRUCTIONS_SHEET = "Instruktioner"


@dataclass(frozen=True)
class Style:
    header_bg: str = "1F4E78"
    header_fg: str = "FFFFFF"
    title_fg: str = "1F4E78"
    locked_bg: str = "F2F2F2"
    input_bg: str = "FFFFFF"
    required_bg: str = "FFF2CC"
    error_bg: str = "FFC7CE"
    error_fg: str = "9C0006"
    warn_bg: str = "FFE699"
    logo: bytes | None = None
    logo_name: str = "logo.png"
    instructions: tuple[str, ...] = field(default=())


#: (label on the Stil sheet, Style attribute, fill or font colour)
STYLE_CELLS = [
    ("Rubrikrad", "header_bg", "fill"),
    ("Rubrikrad text", "header_fg", "font"),
    ("Titel", "title_fg", "font"),
    ("Låsta celler", "locked_bg", "fill"),
    ("Celler att fylla i", "input_bg", "fill"),
    ("Ej ifylld", "required_bg", "fill"),
    ("Fel", "error_bg", "fill"),
    ("Varning", "warn_bg", "fill"),
]


def default_template() -> Path:
    return Path(str(importlib.resources.files("malxl.templates").joinpath("xlsx", TEMPLATE_NAME)))


def default_instructions() -> tuple[str, ...]:
    t = SV
    return (t["instr.heading"], t["instr.intro"], t["instr.deadline"], "", *t["instr.steps"].split("\n"))


def load_style(template_dir: Path | None = None) -> Style:
    """The Style of ``template_dir/xlsx/avdelning.xlsx`` if present, else of the default template."""
    path = None
    if template_dir:
        for candidate in (Path(template_dir) / "xlsx" / TEMPLATE_NAME, Path(template_dir) / TEMPLATE_NAME):
            if candidate.exists():
                path = candidate
                break
    path = path or default_template()
    if not path.exists():
        return Style()
    import openpyxl

    wb = openpyxl.load_workbook(path)
    values = {}
    if STYLE_SHEET in wb.sheetnames:
        ws = wb[STYLE_SHEET]
        for row in ws.iter_rows(min_row=1, max_col=2):
            label, sample = row[0].value, row[1]
            for name, attr, part in STYLE_CELLS:
                if label == name:
                    colour = _colour(sample.fill.fgColor if part == "fill" else sample.font.color)
                    if colour:
                        values[attr] = colour
    logo = None
    instructions: tuple[str, ...] = ()
    if INSTRUCTIONS_SHEET in wb.sheetnames:
        ws = wb[INSTRUCTIONS_SHEET]
        lines = [("" if c.value is None else str(c.value)) for c in ws["A"]]
        while lines and not lines[-1].strip():
            lines.pop()
        instructions = tuple(lines)
        logo = first_picture(ws)
    return Style(**values, logo=logo, instructions=instructions)


def _colour(colour) -> str | None:
    if colour is None or colour.type != "rgb" or not isinstance(colour.rgb, str):
        return None
    return colour.rgb[-6:].upper()


def instruction_lines(style: Style, lang: str) -> tuple[str, ...]:
    """The template's instruction text, unless it is the untouched Swedish default and lang is not Swedish."""
    if style.instructions and (lang == "sv" or style.instructions != default_instructions()):
        return style.instructions
    t = texts(lang)
    return (t("instr.heading"), t("instr.intro"), t("instr.deadline"), "", *t("instr.steps").split("\n"))


def write_default_template(path: Path) -> Path:
    """Write the default template (run by ``malxl init --templates`` and to refresh the shipped copy)."""
    import xlsxwriter

    style = Style()
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": FIXED_TIME})
    ws = wb.add_worksheet(INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, 110)
    lines = default_instructions()
    for r, line in enumerate(lines):
        ws.write_string(r, 0, line)
    st = wb.add_worksheet(STYLE_SHEET)
    st.set_column(0, 0, 24)
    st.set_column(1, 1, 30)
    st.write_string(0, 0, "Färger i avdelningarnas arbetsböcker: ändra fyllning eller textfärg i kolumn B. "
                    "Instruktionstexten står i kolumn A på bladet Instruktioner: ändra den fritt; fält inom {} "
                    "fylls i av malxl: {organisation}, {period}, {department}, {report_date}, {deadline}, "
                    "{coordinator}, {email}, {example}. En bild på bladet Instruktioner används som logotyp.")
    for r, (label, attr, part) in enumerate(STYLE_CELLS, start=2):
        colour = "#" + getattr(style, attr)
        fmt = wb.add_format({"bg_color": colour, "pattern": 1} if part == "fill" else {"font_color": colour, "bold": True})
        st.write_string(r, 0, label)
        st.write_string(r, 1, "Exempel", fmt)
    wb.close()
    return Path(path)
