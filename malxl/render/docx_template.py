"""The default Word template (``templates/docx/rapport.docx``) and the styles the report uses.

A coordinator replaces the template with the municipality's own: any .docx
works. malxl keeps its page setup, headers and footers (with a logo, say)
and styles, and fills the body. The header and footer may hold the fields
``{organisation}``, ``{period}``, ``{title}``, ``{report_date}``, ``{page}``
and ``{of}`` (the words around the page number, "Sida 3 av 9"). Styles
the report needs but the template lacks are added with the defaults below.

Regenerate the shipped copy with ``python -m malxl.render.docx_template``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..workbook.xlsx import excel_cut

ACCENT = "1F4E78"
INK = "1A1A1A"
MUTED = "4D4D4D"
FONT = "Arial"
SYMBOL_FONT = "Segoe UI Symbol"
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
#: The most a Word document property (title, author) holds, in UTF-16 units as Office counts.
PROPERTY_MAX = 255

# Custom style names (the built-in ones are Title, Subtitle, Heading 1-3, TOC Heading, Header, Footer).
TABLE_TEXT = "Tabelltext"
TABLE_HEAD = "Tabellrubrik"
ASSESSMENT = "Bedömning"
NOTE = "Notering"
FACTS = "Uppgifter"


@dataclass(frozen=True)
class StyleSpec:
    name: str
    size: float
    bold: bool = False
    italic: bool = False
    colour: str = INK
    before: float = 0
    after: float = 6
    keep_next: bool = False
    outline: int | None = None


STYLES = [
    StyleSpec("Normal", 10, after=6),
    StyleSpec("Title", 28, bold=True, colour=ACCENT, after=18),
    StyleSpec("Subtitle", 14, bold=True, colour=MUTED, after=30),
    StyleSpec("Heading 1", 18, bold=True, colour=ACCENT, before=0, after=10, keep_next=True, outline=0),
    StyleSpec("Heading 2", 14, bold=True, colour=ACCENT, before=14, after=8, keep_next=True, outline=1),
    StyleSpec("Heading 3", 11.5, bold=True, colour=INK, before=14, after=4, keep_next=True, outline=2),
    StyleSpec("TOC Heading", 18, bold=True, colour=ACCENT, after=10, keep_next=True),
    StyleSpec("Header", 8, colour=MUTED, after=0),
    StyleSpec("Footer", 8, colour=MUTED, after=0),
    StyleSpec(TABLE_TEXT, 9, after=0),
    StyleSpec(TABLE_HEAD, 9, bold=True, after=0, keep_next=True),
    StyleSpec(ASSESSMENT, 11.5, bold=True, after=6, keep_next=True),
    StyleSpec(NOTE, 10, italic=True, colour=MUTED, after=6),
    StyleSpec(FACTS, 11, after=4),
]
REQUIRED = {s.name: s for s in STYLES}


def apply_style(doc, spec: StyleSpec, font: str | None = FONT):
    """Create or restyle ``spec.name`` in ``doc`` (fonts set explicitly: theme fonts differ per install)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    try:
        style = doc.styles[spec.name]
    except KeyError:
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        if spec.name != "Normal":
            style.base_style = doc.styles["Normal"]
        style.quick_style = True
    f = style.font
    if font:
        f.name = font
        rfonts = style.element.rPr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        rfonts.set(qn("w:cs"), font)
    f.size = Pt(spec.size)
    f.bold = spec.bold
    f.italic = spec.italic
    f.color.rgb = RGBColor.from_string(spec.colour)
    pf = style.paragraph_format
    pf.space_before = Pt(spec.before)
    pf.space_after = Pt(spec.after)
    if spec.keep_next:
        pf.keep_with_next = True
    if spec.outline is not None:
        ppr = style.element.get_or_add_pPr()
        if ppr.find(qn("w:outlineLvl")) is None:
            from docx.oxml import OxmlElement

            lvl = OxmlElement("w:outlineLvl")
            lvl.set(qn("w:val"), str(spec.outline))
            insert_ordered(ppr, lvl, PPR_ORDER)
    return style


# Child order that Word insists on (ECMA-376 sequences), for the elements malxl inserts by hand.
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange"]
TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription"]
TCPR_ORDER = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
              "textDirection", "tcFitText", "vAlign", "hideMark"]
SETTINGS_AFTER_UPDATE_FIELDS = ["hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids",
                                "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
                                "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
                                "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                                "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"]


def insert_ordered(parent, child, order: list[str]):
    """Insert ``child`` into ``parent`` where the schema's sequence ``order`` puts it (replacing a namesake)."""
    from docx.oxml.ns import qn

    name = child.tag.split("}")[1]
    old = parent.find(qn(f"w:{name}"))
    if old is not None:
        old.addprevious(child)
        parent.remove(old)
        return child
    later = order[order.index(name) + 1:] if name in order else []
    for el in parent:
        local = el.tag.split("}")[1] if "}" in el.tag else el.tag
        if local in later:
            el.addprevious(child)
            return child
    parent.append(child)
    return child


def add_field(paragraph, instruction: str, shown: str = "1"):
    """A Word field (PAGE, NUMPAGES, TOC …) as begin/instruction/separate/result/end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        run._r.append(el)
        return run

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(shown)
    fld("end")


def deterministic_bytes(doc) -> bytes:
    """The document's bytes with fixed zip timestamps, so the same content gives the same file."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def fix_properties(doc, title: str = "", author: str = "malxl"):
    """Fixed times and revision (a deterministic file); ``title`` and ``author`` cut to what a property holds."""
    from datetime import datetime

    cp = doc.core_properties
    fixed = datetime(2000, 1, 1)
    cp.created = cp.modified = fixed
    cp.last_printed = fixed
    cp.revision = 1
    cp.author = cp.last_modified_by = excel_cut(author, PROPERTY_MAX)
    if title:
        cp.title = excel_cut(title, PROPERTY_MAX)


def build_default_template():
    """The default template as a python-docx Document: A4, Arial, blue headings, header and page numbers."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm

    doc = docx.Document()
    # Defaults for runs without a style: Arial, Swedish.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = rpr_default.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    for spec in STYLES:
        apply_style(doc, spec)
    for name in ("Header", "Footer"):  # python-docx's tab stops fit US Letter; the header sets its own
        ppr = doc.styles[name].element.get_or_add_pPr()
        tabs = ppr.find(qn("w:tabs"))
        if tabs is not None:
            ppr.remove(tabs)
    title = doc.styles["Title"].element.get_or_add_pPr()
    border = title.find(qn("w:pBdr"))
    if border is not None:
        title.remove(border)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    section.different_first_page_header_footer = True
    usable = section.page_width - section.left_margin - section.right_margin
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.paragraph_format.tab_stops.add_tab_stop(usable, WD_TAB_ALIGNMENT.RIGHT)
    header.text = "{organisation}\t{title}"
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = 1  # centre
    footer.add_run("{page} ")
    add_field(footer, "PAGE")
    footer.add_run(" {of} ")
    add_field(footer, "NUMPAGES")
    body = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    body.text = ("Det här är malxl:s mall för rapporten (rapport.docx). malxl ersätter det här innehållet med "
                 "rapporten men behåller sidformat, sidhuvud, sidfot och formatmallar. Ändra formatmallarna "
                 "(Rubrik 1-3, Normal, Tabelltext, Tabellrubrik, Bedömning, Notering, Uppgifter) och sidhuvudet, "
                 "lägg gärna in kommunens logotyp i sidhuvudet. Fälten {organisation}, {period}, {title}, "
                 "{report_date}, {page} (Sida) och {of} (av) i sidhuvud och sidfot fylls i av malxl.")
    # python-docx's own template carries a preview picture of a blank page; Explorer would show it.
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    fix_properties(doc, title="malxl rapportmall")
    return doc


def write_default_docx_template(path: Path) -> Path:
    """Write the default Word template to ``path`` (deterministic bytes)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(deterministic_bytes(build_default_template()))
    return path


if __name__ == "__main__":  # python -m malxl.render.docx_template [PATH]
    import sys

    from .document import default_templates

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default_templates() / "docx" / "rapport.docx"
    print(write_default_docx_template(target))
