"""The report as a Word document (rapport.docx), built on a Word template.

The template (``templates/docx/rapport.docx``, or ``rapport.docx`` in the
folder given as ``--templates``) gives the page, header, footer and styles;
malxl replaces its body with the report: real headings (Rubrik 1-3, so
Word's table of contents works), real tables with a repeated header row,
and each assessment as a coloured symbol and its word.
"""

from __future__ import annotations

from collections.abc import Container
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from ..compat import docx_element
from ..errors import InputError
from ..texts import texts
from ..workbook.ooxml import xml_chars, xml_escape
from ..workbook.xlsx import atomic_path
from . import docx_template as dt
from .document import (
    change_rows,
    closing,
    find_template,
    indicator_headers,
    indicator_rows,
    indicator_title,
    level_counts,
    lines,
    model_symbols,
    paragraphs,
    show_date,
    trend_text,
)
from .linechart import charts_in, word_inline
from .model import ReportGoal, ReportModel

KIND = "docx"
TEMPLATE = "rapport.docx"
HEAD_BG = "D9E1F2"
RULE = "8C8C8C"
ACTIVITY_WIDTHS_CM = [5.0, 2.7, 2.2, 7.1]  # 17 cm: A4 less 2 cm margins
DEVIATION_WIDTHS_CM = [1.4, 4.3, 2.6, 2.2, 6.5]
CHANGE_WIDTHS_CM = [3.4, 7.0, 3.3, 3.3]
INDICATOR_WIDTHS_CM = [1.6, 2.3, 2.5, 2.4, 2.3, 2.6]  # År, Värde, Jämförelse, Målvärde, Når målet, Trend
NUMBER_COLUMNS = (1, 2, 3)  # Värde, Jämförelse, Målvärde: right-aligned
BAR_CHARS = 20
BAR = "\u2588"


@contextmanager
def _short_body(doc):
    """Keep the document's body short while many goals are added to it: yields ``park``, which takes what was
    added since it was last called out of the body; on leaving, all of it goes back, in order.

    python-docx adds a paragraph or table before the body's closing ``w:sectPr``, which it finds by looking
    through every element of the body: the whole report's elements for each one added. With a thousand
    indicators beside 5,000 activities the Word document took 8.0 s without this, 7.7 s with it (medians of 3;
    before the indicators' paragraphs were made as XML, 2 s of 27).
    """
    body = doc.element.body
    end = body[-1]  # w:sectPr, python-docx's "insert before" point (a template's body always has one)
    start = end.getprevious()
    parked: list = []

    def park():
        added = []
        while (el := end.getprevious()) is not None and el is not start:
            added.append(el)
            body.remove(el)
        parked.extend(reversed(added))

    try:
        yield park
    finally:
        park()
        for el in parked:
            end.addprevious(el)


def write_report_docx(model: ReportModel, path: Path, templates: Path | None = None) -> Path:
    """Write ``rapport.docx`` atomically (deterministic: the same model gives the same bytes)."""
    data = dt.deterministic_bytes(build_docx(model, templates))
    with atomic_path(Path(path)) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def build_docx(model: ReportModel, templates: Path | None = None):
    """The report as a python-docx Document on the chosen template."""
    import docx

    t = texts(model.lang)
    source = find_template(KIND, TEMPLATE, templates)
    try:
        if source is None:
            raise FileNotFoundError(TEMPLATE)
        doc = docx.Document(str(source))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise InputError(t("error.template", name=TEMPLATE, reason=exc,
                           folder=templates or (source.parent if source else ""))) from exc
    _Builder(doc, model).build()
    dt.fix_properties(doc, title=model.title, author=model.settings.organisation or "malxl")
    return doc


class _Builder:
    def __init__(self, doc, model: ReportModel):
        self.doc, self.m = doc, model
        self.t = texts(model.lang)
        self.symbols = model_symbols(model)
        self._style_ids: dict[str, str] = {}
        self._charts: int | None = None  # the charts in the document so far (linechart.add_to_word's number)

    # --- the document ------------------------------------------------------------
    def build(self):
        self._prepare()
        self._title_page()
        self._contents()
        self._introduction()
        self._goals()
        self._summary()

    def _prepare(self):
        from docx.oxml.ns import qn

        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        for spec in dt.STYLES:
            try:
                self.doc.styles[spec.name]
            except KeyError:
                dt.apply_style(self.doc, spec)
        self._language()
        self._fill_headers()
        self._update_fields_on_open()

    def _language(self):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        tag = {"sv": "sv-SE", "en": "en-GB"}.get(self.m.lang, "sv-SE")
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        if defaults is None:
            return
        rpr = defaults.find(qn("w:rPrDefault"))
        rpr = rpr.find(qn("w:rPr")) if rpr is not None else None
        if rpr is None:
            return
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = dt.insert_ordered(rpr, OxmlElement("w:lang"), ["lang", "eastAsianLayout", "specVanish", "oMath"])
        lang.set(qn("w:val"), tag)

    def _fill_headers(self):
        s, t = self.m.settings, self.t
        fields = {"{organisation}": s.organisation, "{period}": s.period, "{title}": self.m.title,
                  "{report_date}": show_date(s.report_date), "{page}": t("doc.page"), "{of}": t("doc.page_of")}
        for section in self.doc.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                         section.even_page_header, section.even_page_footer):
                if part.is_linked_to_previous:
                    continue
                for p in part.paragraphs:
                    _replace_in_paragraph(p, fields)
                for table in part.tables:
                    for row in table.rows:
                        for cell in row.cells:
                            for p in cell.paragraphs:
                                _replace_in_paragraph(p, fields)

    def _update_fields_on_open(self):
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        settings = self.doc.settings.element
        el = OxmlElement("w:updateFields")
        el.set(qn("w:val"), "true")
        dt.insert_ordered(settings, el, ["updateFields", *dt.SETTINGS_AFTER_UPDATE_FIELDS])

    def _title_page(self):
        from docx.shared import Pt

        s, t, doc = self.m.settings, self.t, self.doc
        doc.add_paragraph(s.organisation, style="Subtitle").paragraph_format.space_before = Pt(150)
        doc.add_paragraph(self.m.title, style="Title")
        facts = [(t("setting.organisation"), s.organisation), (t("setting.period"), s.period),
                 (t("setting.report_date"), show_date(s.report_date))]
        if s.coordinator:
            facts.append((t("setting.coordinator"),
                          s.coordinator + (f", {s.coordinator_email}" if s.coordinator_email else "")))
        for label, value in facts:
            p = doc.add_paragraph(style=dt.FACTS)
            p.add_run(label + ": ").bold = True
            p.add_run(value)

    def _contents(self):
        t, doc = self.t, self.doc
        heading = doc.add_paragraph(t("doc.contents"), style="TOC Heading")
        heading.paragraph_format.page_break_before = True
        p = doc.add_paragraph()
        # The cached result lists the headings (without page numbers) so the contents read well even
        # where fields are not updated; Word refreshes it on opening (updateFields).
        _toc_field(p, self._toc_entries(), t("doc.toc_placeholder"))

    def _toc_entries(self) -> list[tuple[int, str]]:
        t = self.t
        entries = [(1, t("texts.introduction")), (1, t("doc.goals_part"))]
        for chapter in self.m.chapters:
            entries.append((2, f"{chapter.id} {chapter.title}"))
            entries += [(3, f"{g.id} {g.title}") for g in chapter.goals]
        if self.m.unassigned:
            entries.append((2, t("report.unassigned")))
        entries.append((1, t("texts.closing")))
        if self.m.previous_period:
            entries.append((2, t("report.changes_title")))
        entries.append((2, t("doc.deviations")))
        return entries

    def _introduction(self):
        t, doc = self.t, self.doc
        self._heading(t("texts.introduction"), 1, page_break=True)
        for text in paragraphs(self.m.introduction):
            doc.add_paragraph(text)
        doc.add_paragraph(t("doc.legend")).paragraph_format.keep_with_next = True
        for lv, _ in self.m.summary.counts:
            p = doc.add_paragraph()
            p.paragraph_format.space_after = 0
            self._symbol(p, lv.name)
            p.add_run(" " + lv.name)

    def _goals(self):
        t, doc = self.t, self.doc
        self._heading(t("doc.goals_part"), 1, page_break=True)
        with _short_body(doc) as park:
            self._chapters(park)
        if self.m.unassigned:  # never left out: the rows a department added without a known goal
            self._heading(t("report.unassigned"), 2, page_break=True)
            doc.add_paragraph(t("report.unassigned_hint"), style=dt.NOTE)
            self._activities(SimpleNamespace(id=t("report.unassigned"), activities=self.m.unassigned))

    def _chapters(self, park):
        """Each KF goal's chapter, its development goals with their assessments, indicators and activities."""
        t, doc = self.t, self.doc
        for i, chapter in enumerate(self.m.chapters):
            self._heading(f"{chapter.id} {chapter.title}", 2, page_break=i > 0)
            if chapter.note:
                doc.add_paragraph(chapter.note, style=dt.NOTE)
            for goal in chapter.goals:
                self._heading(f"{goal.id} {goal.title}", 3)
                p = doc.add_paragraph(style=dt.ASSESSMENT)
                if goal.level:
                    self._symbol(p, goal.level)
                    p.add_run(" " + goal.level)
                else:
                    run = p.add_run(t("not_assessed"))
                    run.italic, run.bold = True, False
                if goal.trend:
                    trend = doc.add_paragraph(style=dt.NOTE)
                    trend.add_run(t("report.trend") + ": ").bold = True
                    trend.add_run(trend_text(goal, t))
                for text in paragraphs(goal.analysis):
                    doc.add_paragraph(text)
                self._indicators(goal)
                if goal.activities:
                    self._activities(goal)
                else:
                    doc.add_paragraph(t("report.no_activities"), style=dt.NOTE)
                park()

    def _summary(self):
        t, doc, m = self.t, self.doc, self.m
        self._heading(t("texts.closing"), 1, page_break=True)
        doc.add_paragraph(m.summary.sentence)
        if m.summary.indicator_sentence:
            doc.add_paragraph(m.summary.indicator_sentence)
        doc.add_paragraph(level_counts(m, t))
        self._chart()
        for text in paragraphs(closing(m)):
            doc.add_paragraph(text)
        if m.previous_period:
            self._heading(t("report.changes_title"), 2)
            doc.add_paragraph(m.changes_sentence)
            rows = change_rows(m, t)
            if rows:
                table = self._table([t("col.change"), t("col.item"), t("col.from"), t("col.to")], CHANGE_WIDTHS_CM,
                                    t("report.changes_title"))
                for row in rows:
                    self._row(table, CHANGE_WIDTHS_CM, row)
        self._heading(t("doc.deviations"), 2)
        if not m.deviations:
            doc.add_paragraph(t("doc.no_deviations"))
            return
        headers = [t("doc.goal_short"), t("col.activity"), t("col.status"), t("col.end"), t("col.comment")]
        table = self._table(headers, DEVIATION_WIDTHS_CM, t("doc.deviations"))
        for goal, act in m.deviations:
            cells = self._row(table, DEVIATION_WIDTHS_CM, [goal.id if goal else "", act.title, act.status,
                                                           show_date(act.end), act.comment])
            self._mark_deviating(cells[2], act)

    # --- pieces -----------------------------------------------------------------
    def _style(self, paragraph, name: str):
        """Set a paragraph style by its id (python-docx's by-name lookup is slow over hundreds of cells)."""
        docx_element(paragraph).style = self._style_id(name)

    def _heading(self, text: str, level: int, page_break: bool = False):
        p = self.doc.add_paragraph(text, style=f"Heading {level}")
        if page_break:
            p.paragraph_format.page_break_before = True
        return p

    def _symbol(self, paragraph, level: str):
        """The level's Harvey ball in its colour, a little larger than the text."""
        from docx.shared import Pt, RGBColor

        s = self.symbols.get(level)
        if not s:
            return
        run = paragraph.add_run(s.glyph)
        run.font.name = dt.SYMBOL_FONT
        run.font.size = Pt(14)
        run.font.bold = False
        run.font.color.rgb = RGBColor.from_string(s.colour)

    def _activities(self, goal):
        t = self.t
        headers = [t("report.activities_heading"), t("col.status"), t("col.end"), t("col.comment")]
        table = self._table(headers, ACTIVITY_WIDTHS_CM, t("doc.activities_caption", id=goal.id))
        for act in goal.activities:
            cells = self._row(table, ACTIVITY_WIDTHS_CM, [act.title, act.status, show_date(act.end), act.comment])
            self._mark_deviating(cells[1], act)

    def _indicators(self, goal: ReportGoal):
        """Each indicator of a goal: its title, a table of its last years, its chart, the source if Kolada's.

        The paragraphs are made as XML, each in one parse (python-docx's calls for a styled paragraph with its
        spacing cost about 1 ms, a report of a thousand indicators has thousands: benchmarks/indicators.py)."""
        t = self.t
        for ind in goal.indicators:
            self._xml_paragraph(indicator_title(ind), dt.TABLE_HEAD, before=120)
            if not ind.years:
                self._xml_paragraph(t("report.indicator_no_values"), dt.NOTE)
            else:
                table = self._table(indicator_headers(t), INDICATOR_WIDTHS_CM,
                                    t("doc.indicator_caption", id=ind.id, title=ind.title))
                for row in indicator_rows(ind, t):
                    self._plain_row(table, INDICATOR_WIDTHS_CM, row, NUMBER_COLUMNS)
            if ind.chart:
                if self._charts is None:
                    self._charts = charts_in(self.doc)  # once: a template may hold charts of its own
                self._charts += 1
                inline = word_inline(self.doc, ind.chart, self._charts)
                keep = "<w:keepNext/>" if ind.kolada else ""
                self._append(f'<w:p {_W}><w:pPr>{keep}<w:spacing w:before="120"/></w:pPr>'
                             f'<w:r><w:drawing>{inline}</w:drawing></w:r></w:p>')
            if ind.kolada:
                self._xml_paragraph(t("report.kolada_source"), dt.NOTE)
            elif ind.years and not ind.chart:
                self._append(f'<w:p {_W}><w:pPr><w:spacing w:after="40"/></w:pPr></w:p>')

    def _xml_paragraph(self, text: str, style: str, before: int | None = None) -> None:
        """A paragraph of one line of ``text`` in ``style`` (``before``: the space above it, in twentieths of a
        point), added at the end of the document as XML."""
        spacing = f'<w:spacing w:before="{before}"/>' if before is not None else ""
        self._append(f'<w:p {_W}><w:pPr><w:pStyle w:val="{_attr(self._style_id(style))}"/>{spacing}</w:pPr>'
                     f'<w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p>')

    def _append(self, xml: str):
        """An element (``xml``) at the end of the document: before the body's closing w:sectPr, where python-docx
        adds its paragraphs."""
        from docx.oxml import parse_xml

        element = parse_xml(xml)
        self.doc.element.body[-1].addprevious(element)
        return element

    def _table(self, headers: list[str], widths_cm: list[float], caption: str):
        """A table at the end of the document with its header row (shaded, repeated on each page), as python-docx's
        ``add_table`` with fixed column widths makes it, but in one parse: a report of a thousand indicators has
        a thousand tables, and python-docx's calls for one cost 3 ms (benchmarks/indicators.py)."""
        from docx.shared import Cm
        from docx.table import Table

        twips = [Cm(w).twips for w in widths_cm]
        rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
        borders = "".join(f"<w:{side} {rule}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        margins = "".join(f'<w:{side} w:w="{value}" w:type="dxa"/>'
                          for side, value in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)))
        head = _attr(self._style_id(dt.TABLE_HEAD))
        cells = "".join(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:shd w:val="clear" w:color="auto" '
                        f'w:fill="{HEAD_BG}"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{head}"/></w:pPr>'
                        f'<w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p></w:tc>'
                        for text, w in zip(headers, twips, strict=True))
        xml = (
            f'<w:tbl {_W}><w:tblPr><w:tblW w:w="{int(sum(widths_cm) * 567)}" w:type="dxa"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}'
            f'</w:tblCellMar><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" '
            f'w:noHBand="0" w:noVBand="1" w:val="04A0"/><w:tblCaption w:val="{_attr(_xml_text(caption, escaped=False))}"/></w:tblPr>'
            f'<w:tblGrid>{"".join(f"<w:gridCol w:w={chr(34)}{w}{chr(34)}/>" for w in twips)}</w:tblGrid>'
            f'<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{cells}</w:tr></w:tbl>')
        return Table(self._append(xml), self.doc)

    def _style_id(self, name: str) -> str:
        """A paragraph style's id, looked up by its name once."""
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _row(self, table, widths_cm: list[float], values: list[str]):
        from docx.oxml import OxmlElement
        from docx.shared import Cm

        row = table.add_row()
        docx_element(row).get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, value, w in zip(row.cells, values, widths_cm, strict=True):
            cell.width = Cm(w)
            p = cell.paragraphs[0]
            self._style(p, dt.TABLE_TEXT)
            for i, line in enumerate(lines(value)):
                run = p.add_run()
                if i:
                    run.add_break()
                run.add_text(line)
        return row.cells

    def _plain_row(self, table, widths_cm: list[float], values: list[str], right: Container[int] = ()) -> None:
        """A row of one-line texts, as :meth:`_row` makes it (columns in ``right`` aligned right), made as XML in
        one parse: a thousand indicators' tables are thousands of rows, and python-docx's calls a cell cost
        about 1 ms (benchmarks/indicators.py)."""
        from docx.oxml import parse_xml
        from docx.shared import Cm

        style = _attr(self._style_id(dt.TABLE_TEXT))
        cells = []
        for i, (value, w) in enumerate(zip(values, widths_cm, strict=True)):
            align = '<w:jc w:val="right"/>' if i in right else ""
            text = _xml_text(value or "")
            run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
            cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{Cm(w).twips}" w:type="dxa"/></w:tcPr>'
                         f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{align}</w:pPr>{run}</w:p></w:tc>')
        docx_element(table).append(parse_xml(f'<w:tr {_W}><w:trPr><w:cantSplit/></w:trPr>{"".join(cells)}</w:tr>'))

    def _mark_deviating(self, cell, act):
        """A deviating status: bold, shaded in the status colour, with a thick rule on its left."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        if not act.deviating:
            return
        if act.colour:
            _shade(cell, act.colour)
        for run in cell.paragraphs[0].runs:
            run.bold = True
        borders = OxmlElement("w:tcBorders")
        left = OxmlElement("w:left")
        left.set(qn("w:val"), "single")
        left.set(qn("w:sz"), "24")
        left.set(qn("w:space"), "0")
        left.set(qn("w:color"), "1A1A1A")
        borders.append(left)
        dt.insert_ordered(docx_element(cell).get_or_add_tcPr(), borders, dt.TCPR_ORDER)

    def _chart(self):
        """Goals per assessment as a bar chart made of a table: symbol and word, a bar, the count."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.shared import Cm, Pt, RGBColor

        m, t = self.m, self.t
        rows = [(lv.name, lv.colour, n) for lv, n in m.summary.counts]
        if m.summary.unassessed:
            rows.append((t("not_assessed"), "BFBFBF", m.summary.unassessed))
        top = max([n for *_, n in rows] + [1])
        caption = self.doc.add_paragraph(t("doc.chart_title"), style=dt.TABLE_HEAD)
        caption.paragraph_format.space_before = Pt(6)
        caption.paragraph_format.space_after = Pt(4)
        table = self.doc.add_table(rows=0, cols=2)
        table.autofit = False
        widths = (Cm(4.6), Cm(9.0))
        for col, w in zip(table.columns, widths, strict=True):
            col.width = w
        for name, colour, n in rows:
            cells = table.add_row().cells
            for cell, w in zip(cells, widths, strict=True):
                cell.width = w
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            label = cells[0].paragraphs[0]
            self._style(label, dt.TABLE_TEXT)
            self._symbol(label, name)
            label.add_run(" " + name)
            bar = cells[1].paragraphs[0]
            self._style(bar, dt.TABLE_TEXT)
            if n:
                # One block per goal while that fits, else scaled to the longest bar.
                blocks = n if top <= BAR_CHARS else max(1, round(BAR_CHARS * n / top))
                run = bar.add_run(BAR * blocks + " ")
                run.font.color.rgb = RGBColor.from_string((colour or "BFBFBF").upper())
                run.font.size = Pt(11)
            bar.add_run(str(n)).bold = True
        self.doc.add_paragraph().paragraph_format.space_after = Pt(6)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'  # docx.oxml.ns.nsdecls("w")


def _xml_text(text: str, escaped: bool = True) -> str:
    """One line of ``text`` for a ``w:t`` made as XML: a line break a space, what XML cannot hold dropped."""
    line = xml_chars(" ".join(text.replace("\r\n", "\n").split("\n")))
    return xml_escape(line) if escaped else line


def _attr(text: str) -> str:
    """``text`` escaped for an XML attribute in double quotes."""
    return xml_escape(text, quote=True)


def _shade(cell, colour: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), colour.upper())
    dt.insert_ordered(docx_element(cell).get_or_add_tcPr(), shd, dt.TCPR_ORDER)


def _replace_in_paragraph(paragraph, fields: dict[str, str]):
    """Fill ``{field}`` placeholders in a header or footer paragraph, keeping fields, pictures and tabs.

    Word may split a placeholder over several runs after editing, so consecutive pieces of text
    are joined before replacing; a tab, a field or a picture between them ends a piece.
    """
    from docx.oxml.ns import qn

    pieces: list = []

    def flush():
        text = "".join(x.text or "" for x in pieces)
        new = text
        for key, value in fields.items():
            new = new.replace(key, value or "")
        if new != text:
            pieces[0].text = new
            pieces[0].set(qn("xml:space"), "preserve")
            for x in pieces[1:]:
                x.text = ""
        pieces.clear()

    for r in docx_element(paragraph).iter(qn("w:r")):
        for child in r:
            if child.tag == qn("w:t"):
                pieces.append(child)
            elif child.tag != qn("w:rPr") and pieces:
                flush()
    if pieces:
        flush()


def _toc_field(paragraph, entries: list[tuple[int, str]], placeholder: str):
    """A TOC field over Heading 1-3 whose cached result lists ``entries`` (level, text).

    Entries are separate paragraphs inside the field (as Word writes them), indented by level.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def fld(p, kind):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        p.add_run().element.append(el)

    fld(paragraph, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-3" \\h \\z \\u '
    paragraph.add_run().element.append(instr)
    fld(paragraph, "separate")
    if not entries:
        paragraph.add_run(placeholder)
        fld(paragraph, "end")
        return
    p = paragraph
    for i, (level, text) in enumerate(entries):
        if i:
            p = _paragraph_after(p)
        p.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        p.paragraph_format.space_after = Pt(2 if level > 1 else 4)
        run = p.add_run(text)
        if level == 1:
            run.bold = True
        if level == 3:
            run.font.size = Pt(9)
    fld(p, "end")


def _paragraph_after(paragraph):
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    new = OxmlElement("w:p")
    docx_element(paragraph).addnext(new)
    return Paragraph(new, paragraph.part)  # a paragraph's parent only tells it its part
