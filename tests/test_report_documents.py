"""The report as a municipality publishes it: rapport.html, rapport.docx and rapport.pdf, read back.

The Ånge 2023 example must come out chapter for chapter like the seed report
(15 KF goals, 21 development goals, every activity, 21/14/7). Small reports
built in the tests cover escaping, odd texts and templates. Tests that need
Chromium, LibreOffice or poppler's pdftotext skip when the program is missing;
CI installs them (.ci/run).
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from malxl.cli import cli
from malxl.collect import collect
from malxl.errors import InputError
from malxl.example import load_data, write_example
from malxl.init import copy_templates
from malxl.merged import RowRecord
from malxl.models import Activity, Department, Goal, KFGoal, Plan, Settings
from malxl.render import docx_template, pdf
from malxl.render.docx import build_docx, write_report_docx
from malxl.render.document import GLYPHS, default_templates
from malxl.render.html import contents, render_html, write_report_html
from malxl.report import build_report, report
from malxl.texts import texts
from malxl.vocabulary import DEFAULT_STATUSES, Vocabulary

T = texts("sv")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A4 = (595.0, 842.0)  # points
MARGIN_LR = 18 / 25.4 * 72  # rapport.css: 18 mm left and right
TOP_MARGIN = 20 / 25.4 * 72
BOTTOM_MARGIN = 18 / 25.4 * 72

needs_chromium = pytest.mark.skipif(not pdf.find_chromium(), reason="chromium is not installed (apt-get install chromium)")
needs_soffice = pytest.mark.skipif(not pdf.find_soffice(), reason="LibreOffice (soffice) is not installed")
needs_poppler = pytest.mark.skipif(not (shutil.which("pdfinfo") and shutil.which("pdftotext")),
                                   reason="poppler-utils (pdfinfo, pdftotext) is not installed")


# --- the Ånge 2023 example ---------------------------------------------------------------

@pytest.fixture(scope="module")
def ange(tmp_path_factory):
    """The corrected Ånge inbox collected; the coordinator wrote the seed's texts in the Texter sheet."""
    root = tmp_path_factory.mktemp("ange")
    write_example(root, mistakes=False)
    collect(root / "inbox")
    merged = root / "sammanstallning.xlsx"
    data = load_data()
    wb = openpyxl.load_workbook(merged)
    ws = wb[T("sheet.texts")]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == T("texts.introduction"):
            row[1].value = data["introduction"]
        elif row[0].value == T("texts.closing"):
            row[1].value = data["closing"]
    wb.save(merged)
    result = report(merged, root / "rapport")
    return {"root": root, "data": data, "result": result, "out": root / "rapport", "merged": merged}


def test_the_coordinators_texts_survive_a_new_collect(tmp_path):
    """Inledning and Sammanfattning och analys are written in Excel (Texter) and kept when collecting again."""
    write_example(tmp_path, mistakes=False)
    collect(tmp_path / "inbox")
    merged = tmp_path / "sammanstallning.xlsx"
    wb = openpyxl.load_workbook(merged)
    ws = wb[T("sheet.texts")]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == T("texts.introduction"):
            row[1].value = "Vår egen inledning.\nAndra stycket <med> tecken & sånt."
        elif row[0].value == T("texts.closing"):
            row[1].value = "Vår egen analys."
    wb.save(merged)
    collect(tmp_path / "inbox")
    result = report(merged, tmp_path / "rapport")
    doc = parse_html(tmp_path / "rapport" / "rapport.html")
    assert [text(p) for p in doc.xpath("//section[@id='inledning']/p[not(@class)]")] == [
        "Vår egen inledning.", "Andra stycket <med> tecken & sånt."]
    assert "Vår egen analys." in [text(p) for p in doc.xpath("//section[@id='sammanfattning']/p")]
    word = docx.Document(str(result.paths[2]))
    body = [p.text for p in word.paragraphs]
    assert "Andra stycket <med> tecken & sånt." in body and "Vår egen analys." in body


def expected_goals(data):
    """(kf id, kf title, [(goal id, title, assessment, analysis, [(activity, status, end, comment)])])."""
    out = []
    for kf in data["kf_goals"]:
        goals = []
        for g in kf["goals"]:
            acts = [(a["title"], a["status"], a["end"] or "", a["comment"]) for a in data["activities"]
                    if g["id"] in a["goals"]]
            goals.append((g["id"], g["title"], g["assessment"], g["analysis"], acts))
        out.append((kf["id"], kf["title"], goals))
    return out


def text(el) -> str:
    return " ".join(el.text_content().split())


def cell_text(el) -> str:
    """A table cell's text with <br> as a newline, as it was typed."""
    parts = []
    for node in el.iter():
        if node.tag == "br":
            parts.append("\n")
        if node.text and node.tag != "br":
            parts.append(node.text)
        if node.tail and node is not el:
            parts.append(node.tail)
    return "".join(parts).strip()


def parse_html(path: Path):
    return lxml_html.fromstring(Path(path).read_text(encoding="utf-8"))


def test_report_writes_the_three_documents(ange):
    out = ange["out"]
    assert [p.name for p in ange["result"].paths] == ["rapport.xlsx", "rapport.html", "rapport.docx"]
    assert all((out / name).stat().st_size > 10_000 for name in ("rapport.html", "rapport.docx"))
    assert not list(out.glob(".rapport*"))  # no temporary files left behind


def test_html_matches_the_seed_chapter_for_chapter(ange):
    doc = parse_html(ange["out"] / "rapport.html")
    expected = expected_goals(ange["data"])
    chapters = doc.xpath("//section[@class='chapter']")
    assert [text(c.xpath("h3")[0]) for c in chapters] == [f"{k} {title}" for k, title, _ in expected]
    assert len(chapters) == 15
    goals_seen = 0
    for chapter, (kf_id, _, goals) in zip(chapters, expected):
        sections = chapter.xpath("section[@class='goal']")
        assert [text(s.xpath(".//h4")[0]) for s in sections] == [f"{g[0]} {g[1]}" for g in goals]
        if not goals:
            assert text(chapter.xpath("p[@class='note']")[0]) == T("report.no_goals_note")
        for section, (gid, _, level, analysis, acts) in zip(sections, goals):
            goals_seen += 1
            assessment = section.xpath(".//p[@class='assessment']")[0]
            assert text(assessment) == level
            assert assessment.xpath("svg[@class='symbol']"), gid  # the coloured symbol beside the word
            assert [text(p) for p in section.xpath("p[@class='analysis']")] == [
                " ".join(line.split()) for line in analysis.split("\n") if line.strip()]
            table = section.xpath(".//table[contains(@class,'activities')]")[0]
            assert [text(th) for th in table.xpath("thead/tr/th")] == [
                T("report.activities_heading"), T("col.status"), T("col.end"), T("col.comment")]
            rows = [tuple(cell_text(td) for td in tr.xpath("td")) for tr in table.xpath("tbody/tr")]
            assert rows == acts, gid
    assert goals_seen == 21


def test_html_summary_counts_in_words_and_chart(ange):
    doc = parse_html(ange["out"] / "rapport.html")
    summary = doc.xpath("//section[@id='sammanfattning']")[0]
    assert text(summary.xpath("h2")[0]) == T("texts.closing")
    sentence = text(summary.xpath("p[@class='summary-sentence']")[0])
    assert sentence == ("Av totalt 21 utvecklingsmål är 14 bedömda som Uppfyllt eller Delvis uppfyllt "
                        "och 7 som Knappt uppfyllt eller Ej uppfyllt.")
    assert text(summary.xpath("p[@class='level-counts']")[0]) == (
        "Per bedömning: 4 Uppfyllt, 10 Delvis uppfyllt, 7 Knappt uppfyllt och 0 Ej uppfyllt.")
    chart = summary.xpath(".//figure[@class='chart']/svg")[0]
    assert chart.get("role") == "img"
    bars = [(text(g.xpath("text")[0]), text(g.xpath("text")[1]), float(g.xpath("rect")[0].get("width")))
            for g in chart.xpath("g")]
    assert [(name, count) for name, count, _ in bars] == [
        ("Uppfyllt", "4"), ("Delvis uppfyllt", "10"), ("Knappt uppfyllt", "7"), ("Ej uppfyllt", "0")]
    widths = [w for *_, w in bars]
    assert widths[1] > widths[2] > widths[0] > widths[3] == 0
    # The coordinator's own "Sammanfattning och analys" from the Texter sheet.
    closing = [" ".join(p.split()) for p in ange["data"]["closing"].split("\n")]
    paragraphs = [text(p) for p in summary.xpath("p[not(@class)]")]
    assert paragraphs == closing


def test_html_lists_the_deviating_activities(ange):
    doc = parse_html(ange["out"] / "rapport.html")
    model = ange["result"].model
    rows = doc.xpath("//section[@class='deviations']//tbody/tr")
    assert [tuple(cell_text(td) for td in tr.xpath("td"))[:3] for tr in rows] == [
        (g.id, a.title, a.status) for g, a in model.deviations]
    assert len(rows) == 17
    needs_comment = {s.name for s in DEFAULT_STATUSES if s.needs_comment}
    marked = doc.xpath("//table[contains(@class,'activities')]//td[contains(@class,'deviating')]")
    assert {text(td) for td in marked} == needs_comment
    # every deviating status is marked, and nothing else
    statuses = doc.xpath("//section[@class='goal']//td[contains(@class,'status')]")
    assert all(("deviating" in td.get("class")) == (text(td) in needs_comment) for td in statuses)


def test_html_front_matter_follows_the_seed(ange):
    doc = parse_html(ange["out"] / "rapport.html")
    assert doc.get("lang") == "sv"
    assert text(doc.xpath("//h1")[0]) == "Måluppföljning Årsredovisning 2023"
    facts = dict(zip([text(x) for x in doc.xpath("//dl[@class='facts']/dt")],
                     [text(x) for x in doc.xpath("//dl[@class='facts']/dd")]))
    assert facts["Organisation"] == "Ånge kommun"
    assert facts["Period"] == "Årsredovisning 2023"
    assert facts["Rapportdatum"] == "2023-12-31"
    intro = doc.xpath("//section[@id='inledning']")[0]
    assert [text(p) for p in intro.xpath("p[not(@class)]")] == [
        " ".join(p.split()) for p in ange["data"]["introduction"].split("\n")]
    assert [text(li) for li in intro.xpath("ul[@class='legend']/li")] == [
        "Uppfyllt", "Delvis uppfyllt", "Knappt uppfyllt", "Ej uppfyllt"]
    toc = doc.xpath("//nav[@class='contents']//a/@href")
    assert len(toc) == 3 + 15 + 21 + 1  # parts, KF goals, development goals, the deviations
    ids = set(doc.xpath("//@id"))
    assert all(href[1:] in ids for href in toc)


def test_html_is_self_contained_and_accessible(ange):
    source = (ange["out"] / "rapport.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(source)
    assert not doc.xpath("//script | //link | //iframe | //object")
    assert all(src.startswith("data:") for src in doc.xpath("//@src"))
    assert not re.search(r"url\(\s*['\"]?(?!data:)", source)
    assert not re.search(r"@import", source)
    # Headings in order: one h1, never a level skipped on the way down.
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    for table in doc.xpath("//table"):
        assert table.xpath("thead/tr/th[@scope='col']")
        assert text(table.xpath("caption")[0])
    # The symbols are decoration beside the word; the chart has a text alternative.
    assert all(svg.get("aria-hidden") == "true" for svg in doc.xpath("//svg[@class='symbol']"))
    chart = doc.xpath("//svg[@class='bar-chart']")[0]
    assert "21" in text(chart.xpath("desc")[0])


def contrast(a: str, b: str) -> float:
    def lum(hex_):
        rgb = [int(hex_[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_text_colours_have_sufficient_contrast():
    css = (default_templates() / "html" / "rapport.css").read_text(encoding="utf-8")
    var = dict(re.findall(r"--([a-z-]+):\s*#([0-9a-fA-F]{6})", css))
    for name in ("ink", "accent", "muted"):
        assert contrast(var[name], "FFFFFF") >= 4.5, name
    assert contrast(var["ink"], var["head-bg"]) >= 4.5
    for status in Vocabulary().statuses:  # status cells are shaded in the status colour, text in ink
        assert contrast(var["ink"], status.colour) >= 4.5, status.name
    for colour in (docx_template.ACCENT, docx_template.INK, docx_template.MUTED):
        assert contrast(colour, "FFFFFF") >= 4.5


# --- small reports built in the test ----------------------------------------------------

def small_model(rows=None, assessments=None, lang="sv", organisation="Testby kommun", closing=""):
    """A report of three KF goals (the second without development goals) from rows written here."""
    plan = Plan(
        settings=Settings(organisation, "Tertial 1 2024", date(2024, 4, 30), language=lang),
        kf_goals=(KFGoal("1", "Bättre skola åäö ÅÄÖ"), KFGoal("2", "Bostäder åt alla"), KFGoal("3", "Grönare")),
        goals=(Goal("1.1", "Fler behöriga elever", "1", "Skola"), Goal("1.2", "Tryggare skolmiljö", "1", "Skola"),
               Goal("3.1", "Minskade utsläpp", "3", "Teknik")),
        activities=(Activity("S1", "Läsinsats", "Skola", ("1.1",)),),
        departments=(Department("Skola"), Department("Teknik")),
    )
    rows = rows if rows is not None else {
        "S1": dict(title="Läsinsats", status="Pågående enligt plan", end=date(2024, 6, 30), comment="Går bra.",
                   goal_ids=("1.1",)),
        "T1": dict(title="Laddstolpar", status="Försenad", end=date(2024, 12, 31), comment="Leverantören är sen.",
                   goal_ids=("3.1",)),
    }
    assessments = assessments if assessments is not None else {
        "1.1": ("Delvis uppfyllt", "På väg."), "1.2": ("", ""), "3.1": ("Knappt uppfyllt", "Lite gjort.")}
    rows = {aid: RowRecord(department="", planned_end=None, source="", **row) for aid, row in rows.items()}
    return build_report(plan, rows, assessments, {"texts.closing": closing}, [])


EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)> & "citat" </style>'


def test_department_text_is_escaped_not_run():
    rows = {"S1": dict(title=f"Titel {EVIL}", status="Försenad", end="<b>snart</b>", comment=f"Kommentar {EVIL}",
                       goal_ids=("1.1",))}
    model = small_model(rows, {"1.1": ("Uppfyllt", f"Analys {EVIL}")}, organisation=f'Evil "}} kommun {EVIL}',
                        closing=f"Slut {EVIL}")
    source = render_html(model)
    doc = lxml_html.fromstring(source)
    assert not doc.xpath("//script | //img | //*[@onerror]")
    assert source.count("<style>") == 1 and source.count("</style>") == 1
    row = doc.xpath("//section[@class='goal']//tbody/tr")[0]
    assert [cell_text(td) for td in row.xpath("td")] == [f"Titel {EVIL}", "Försenad", "<b>snart</b>",
                                                         f"Kommentar {EVIL}"]
    assert text(doc.xpath("//p[@class='analysis']")[0]) == " ".join(f"Analys {EVIL}".split())
    assert EVIL in text(doc.xpath("//p[@class='organisation']")[0])
    style = doc.xpath("//style")[0].text
    assert "<" not in style  # the organisation's name in the page header is a CSS string, escaped


def test_odd_texts_render_cleanly_in_html_and_word():
    long_comment = "Lång kommentar med å, ä och ö. " * 60
    unbroken = "https://www.testby.se/" + "mycketlångadressutanmellanslag" * 8
    rows = {
        "S1": dict(title="Läsinsats åk 1–3", status="Pågående med avvikelse", end="hösten 2025",
                   comment=f"Rad ett\nRad två\n{long_comment}", goal_ids=("1.1",)),
        "S2": dict(title="Ingen kommentar", status="Avslutad enligt plan", end=date(2024, 3, 31), comment="",
                   goal_ids=("1.1",)),
        "S3": dict(title=unbroken, status="Vänteläge", end=None, comment=unbroken, goal_ids=("1.1",)),
    }
    model = small_model(rows, {"1.1": ("Uppfyllt", "Första stycket.\n\nAndra stycket."), "1.2": ("", "")})
    doc = lxml_html.fromstring(render_html(model))
    rows_out = [[cell_text(td) for td in tr.xpath("td")] for tr in doc.xpath("//section[@id='mal-1.1']//tbody/tr")]
    assert rows_out[0] == ["Läsinsats åk 1–3", "Pågående med avvikelse", "hösten 2025",
                           f"Rad ett\nRad två\n{long_comment.strip()}"]
    assert rows_out[1] == ["Ingen kommentar", "Avslutad enligt plan", "2024-03-31", ""]
    assert rows_out[2][2] == ""
    assert [text(p) for p in doc.xpath("//section[@id='mal-1.1']/p[@class='analysis']")] == [
        "Första stycket.", "Andra stycket."]
    no_acts = doc.xpath("//section[@id='mal-1.2']")[0]
    assert text(no_acts.xpath(".//p[@class='assessment']")[0]) == T("not_assessed")
    assert text(no_acts.xpath("p[@class='note']")[0]) == T("report.no_activities")
    assert not no_acts.xpath(".//table")
    assert "Ej bedömt" in text(doc.xpath("//p[@class='level-counts']")[0])

    word = build_docx(model)
    tables = word.tables
    first = [[c.text for c in r.cells] for r in tables[0].rows]
    assert first[1] == ["Läsinsats åk 1–3", "Pågående med avvikelse", "hösten 2025",
                        f"Rad ett\nRad två\n{long_comment.strip()}"]
    assert first[2] == ["Ingen kommentar", "Avslutad enligt plan", "2024-03-31", ""]
    paras = [(p.style.name, p.text) for p in word.paragraphs]
    i = paras.index(("Heading 3", "1.2 Tryggare skolmiljö"))
    assert paras[i + 1] == (docx_template.ASSESSMENT, T("not_assessed"))
    assert paras[i + 2] == (docx_template.NOTE, T("report.no_activities"))


def test_english_report():
    model = small_model(lang="en")
    doc = lxml_html.fromstring(render_html(model))
    assert doc.get("lang") == "en"
    assert text(doc.xpath("//section[@id='inledning']/h2")[0]) == "Introduction"
    assert [text(th) for th in doc.xpath("(//table)[1]/thead/tr/th")] == ["Activities", "Status", "End date",
                                                                          "Comment"]
    word = build_docx(model)
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 1"] == [
        "Introduction", "Goal reporting", "Summary and analysis"]


def test_a_swedish_plans_report_asked_for_in_english_says_lang_en(monkeypatch):
    """`malxl --lang en report`: the words are English, so the page says so (screen readers, hyphenation)."""
    monkeypatch.setenv("MALXL_LANG", "en")
    model = small_model(lang="sv")
    doc = lxml_html.fromstring(render_html(model))
    assert doc.get("lang") == "en"
    assert text(doc.xpath("//section[@id='inledning']/h2")[0]) == "Introduction"


@pytest.mark.parametrize("lang, sentence", [
    ("sv", ("Av totalt 3 utvecklingsmål är 1 bedömt som ", " 1 utvecklingsmål är ännu inte bedömt.")),
    ("en", ("Of 3 development goals in all, 1 is assessed as ", " 1 development goal is not yet assessed.")),
])
def test_the_summary_sentence_counts_one_goal_as_one(lang, sentence):
    summary = small_model(lang=lang).summary.sentence
    assert summary.startswith(sentence[0]) and summary.endswith(sentence[1]), summary


def test_the_placeholder_closing_text_is_not_published():
    model = small_model(closing=T("texts.default_closing"))
    doc = lxml_html.fromstring(render_html(model))
    assert T("texts.default_closing") not in text(doc)
    assert T("texts.default_closing") not in "\n".join(p.text for p in build_docx(model).paragraphs)


def test_outputs_are_deterministic(tmp_path):
    model = small_model()
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        write_report_html(model, out / "rapport.html")
        write_report_docx(model, out / "rapport.docx")
    assert (a / "rapport.html").read_bytes() == (b / "rapport.html").read_bytes()
    assert (a / "rapport.docx").read_bytes() == (b / "rapport.docx").read_bytes()


# --- Word --------------------------------------------------------------------------------

def test_docx_matches_the_seed_with_real_headings_and_tables(ange):
    word = docx.Document(str(ange["out"] / "rapport.docx"))
    expected = expected_goals(ange["data"])
    heads = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert [h for s, h in heads if s == "Heading 1"] == ["Inledning", "Redovisning av målarbete",
                                                        "Sammanfattning och analys"]
    assert [h for s, h in heads if s == "Heading 2"] == [f"{k} {t}" for k, t, _ in expected] + [
        "Aktiviteter med avvikelse"]
    goal_heads = [h for s, h in heads if s == "Heading 3"]
    assert goal_heads == [f"{g[0]} {g[1]}" for _, _, goals in expected for g in goals]
    assert len(goal_heads) == 21
    paras = word.paragraphs
    assessments = [paras[i + 1].text for i, p in enumerate(paras) if p.style.name == "Heading 3"]
    symbols = {lv: GLYPHS[q] for lv, q in (("Uppfyllt", 4), ("Delvis uppfyllt", 3), ("Knappt uppfyllt", 1),
                                            ("Ej uppfyllt", 0))}
    assert assessments == [f"{symbols[g[2]]} {g[2]}" for _, _, goals in expected for g in goals]
    # One activity table per development goal (indicator tables beside some), then the chart and the deviations.
    activities_head = T("report.activities_heading")
    goal_tables = [tb for tb in word.tables if tb.rows and tb.rows[0].cells[0].text == activities_head][:21]
    assert len(goal_tables) == 21
    for table, goal in zip(goal_tables, [g for _, _, goals in expected for g in goals]):
        rows = [tuple(c.text for c in r.cells) for r in table.rows]
        assert rows[0] == (T("report.activities_heading"), T("col.status"), T("col.end"), T("col.comment"))
        assert rows[1:] == goal[4], goal[0]
        header = table.rows[0]._tr
        assert header.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    deviations = word.tables[-1]
    assert len(deviations.rows) == 1 + 17
    assert deviations.rows[1].cells[2].text == "Pågående med avvikelse"
    shading = deviations.rows[1].cells[2]._tc.find(f"{W}tcPr/{W}shd")
    assert shading.get(f"{W}fill") == "FFEB9C"
    body = "\n".join(p.text for p in paras)
    assert "Av totalt 21 utvecklingsmål är 14 bedömda som Uppfyllt eller Delvis uppfyllt och 7 som" in body
    for line in ange["data"]["closing"].split("\n"):
        assert line.strip() in body


def test_docx_is_a_proper_word_document(ange):
    path = ange["out"] / "rapport.docx"
    word = docx.Document(str(path))
    section = word.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    header = section.header.paragraphs[0].text
    assert header == "Ånge kommun\tMåluppföljning Årsredovisning 2023"
    footer = section.footer._element.xpath(".//w:instrText")
    assert [i.text.strip() for i in footer] == ["PAGE", "NUMPAGES"]
    assert "{" not in section.footer.paragraphs[0].text
    toc = word.element.body.xpath(".//w:instrText")
    assert any(i.text.strip().startswith('TOC \\o "1-3"') for i in toc)
    settings = word.settings.element
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    lang = word.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "sv-SE"
    assert word.core_properties.title == "Måluppföljning Årsredovisning 2023"


def test_docx_elements_are_in_the_order_word_requires(ange):
    """Word repairs a file whose property elements are out of the schema's order; check those malxl writes."""
    word = docx.Document(str(ange["out"] / "rapport.docx"))

    def in_order(parent, order):
        names = [child.tag.split("}")[1] for child in parent]
        known = [order.index(n) for n in names if n in order]
        return known == sorted(known) and all(n in order for n in names)

    body = word.element.body
    for tag, order in (("tblPr", docx_template.TBLPR_ORDER), ("tcPr", docx_template.TCPR_ORDER),
                       ("pPr", docx_template.PPR_ORDER)):
        elements = body.iter(f"{W}{tag}")
        assert all(in_order(el, order) for el in elements), tag
    settings = [c.tag.split("}")[1] for c in word.settings.element]
    assert settings.index("updateFields") < settings.index("compat")
    # line breaks inside a cell sit inside a run, never loose in the paragraph
    assert all(br.getparent().tag == f"{W}r" for br in body.iter(f"{W}br"))


def test_default_docx_template_is_the_committed_one(tmp_path):
    fresh = docx_template.write_default_docx_template(tmp_path / "rapport.docx")
    assert fresh.read_bytes() == (default_templates() / "docx" / "rapport.docx").read_bytes(), (
        "run: python -m malxl.render.docx_template")


@needs_soffice
@needs_poppler
def test_libreoffice_converts_the_docx_to_pdf(ange, tmp_path):
    out = pdf.docx_to_pdf(ange["out"] / "rapport.docx", tmp_path / "fran-word.pdf")
    pages = pdf_pages(out)
    assert 19 <= pages <= 40
    content = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "2.15.1 Kommunen upplevs som attraktiv" in " ".join(content.split())
    assert "Sida 2 av" in content


# --- templates the coordinator changes ---------------------------------------------------

def test_coordinator_templates_override_the_defaults(tmp_path):
    own = tmp_path / "mallar"
    (own / "html").mkdir(parents=True)
    css = (default_templates() / "html" / "rapport.css").read_text(encoding="utf-8")
    (own / "html" / "rapport.css").write_text(css.replace("--accent: #1f4e78;", "--accent: #6b1f1f;"),
                                               encoding="utf-8")
    (own / "html" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    template = docx_template.build_default_template()
    template.styles["Heading 1"].font.color.rgb = docx.shared.RGBColor(0x6B, 0x1F, 0x1F)
    template.sections[0].header.paragraphs[0].text = "{organisation} – egen mall"
    (own / "docx").mkdir()
    template.save(str(own / "docx" / "rapport.docx"))
    model = small_model()

    source = render_html(model, own)
    assert "--accent: #6b1f1f;" in source
    assert lxml_html.fromstring(source).xpath("//img[@class='logo']/@src")[0].startswith("data:image/svg+xml;base64,")
    word = build_docx(model, own)
    assert str(word.styles["Heading 1"].font.color.rgb) == "6B1F1F"
    assert word.sections[0].header.paragraphs[0].text == "Testby kommun – egen mall"
    # A folder holding only the changed file works too.
    flat = tmp_path / "platt"
    flat.mkdir()
    (flat / "rapport.css").write_text("body { color: #000; } /* platt */", encoding="utf-8")
    assert "/* platt */" in render_html(model, flat)


def test_any_word_document_can_be_the_template(tmp_path):
    """A template without malxl's own styles gets them added; its page setup and header stay."""
    plain = docx.Document()  # python-docx's own: US Letter, no Tabelltext, Bedömning, …
    plain.sections[0].header.paragraphs[0].text = "Kommunens sidhuvud"
    (tmp_path / "docx").mkdir()
    plain.save(str(tmp_path / "docx" / "rapport.docx"))
    word = build_docx(small_model(), tmp_path)
    names = {s.name for s in word.styles}
    assert {docx_template.TABLE_TEXT, docx_template.TABLE_HEAD, docx_template.ASSESSMENT, docx_template.NOTE,
            docx_template.FACTS} <= names
    assert word.sections[0].header.paragraphs[0].text == "Kommunens sidhuvud"
    assert round(word.sections[0].page_width.inches, 1) == 8.5
    assert [p.text for p in word.paragraphs if p.style.name == "Heading 3"] == [
        "1.1 Fler behöriga elever", "1.2 Tryggare skolmiljö", "3.1 Minskade utsläpp"]


def test_a_broken_template_names_itself(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "rapport.html").write_text("<p>{% for x in %}</p>", encoding="utf-8")
    with pytest.raises(InputError, match=r"rapport\.html:1"):
        render_html(small_model(), tmp_path)
    (tmp_path / "docx").mkdir()
    (tmp_path / "docx" / "rapport.docx").write_text("inte ett Word-dokument", encoding="utf-8")
    with pytest.raises(InputError, match="rapport.docx"):
        build_docx(small_model(), tmp_path)


def test_init_copies_the_document_templates(tmp_path):
    copy_templates(tmp_path)
    for name in ("html/rapport.html", "html/macros.html", "html/chart.html", "html/rapport.css",
                 "docx/rapport.docx"):
        assert (tmp_path / name).is_file(), name


# --- the command --------------------------------------------------------------------------

def test_cli_report_with_templates(ange, tmp_path):
    own = tmp_path / "mallar"
    (own / "html").mkdir(parents=True)
    (own / "html" / "rapport.css").write_text("/* kommunens egen stil */", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(ange["merged"]), "-o", str(tmp_path / "ut"),
                                      "--templates", str(own)])
    assert result.exit_code == 0, result.output
    assert "rapport.html" in result.output and "rapport.docx" in result.output
    assert "/* kommunens egen stil */" in (tmp_path / "ut" / "rapport.html").read_text(encoding="utf-8")


def test_cli_report_broken_template_exits_2(ange, tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "macros.html").write_text("{% macro %}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(ange["merged"]), "-o", str(tmp_path / "ut"),
                                      "--templates", str(tmp_path)])
    assert result.exit_code == 2
    assert "macros.html" in result.output


def test_cli_report_help_mentions_templates_and_pdf():
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "--templates" in result.output and "--pdf" in result.output


def test_pdf_without_any_tool_says_what_to_install(ange, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MALXL_CHROMIUM", raising=False)
    monkeypatch.delenv("MALXL_SOFFICE", raising=False)
    result = CliRunner().invoke(cli, ["report", str(ange["merged"]), "-o", str(tmp_path / "ut"), "--pdf"])
    assert result.exit_code == 2
    assert "apt-get install chromium" in result.output


# --- PDF from Chromium: pages and overflow -------------------------------------------------

def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_words(path: Path, tmp_path: Path) -> list[tuple[int, float, float, float, float, float, str]]:
    """Every word of the PDF as (page, page width, x0, y0, x1, y1, text), from pdftotext -bbox."""
    out = tmp_path / (path.stem + ".bbox.html")
    subprocess.run(["pdftotext", "-bbox", str(path), str(out)], check=True)
    words = []
    source = out.read_text(encoding="utf-8")
    for n, (width, body) in enumerate(re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>',
                                                 source, re.S), start=1):
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                             body):
            words.append((n, float(width), *map(float, m.groups()[:4]), m.group(5)))
    return words


def overflow(path: Path, tmp_path: Path) -> list[str]:
    """What does not fit the page, as Chromium printed it.

    Two checks. No word may reach past the left or right margin. And Chromium
    shrinks a page whose content is too wide instead of cutting it, so body text
    must keep its size: 9-10 pt against the 8 pt running header (unscaled).
    """
    words = pdf_words(path, tmp_path)
    problems = [f"page {n}: {word!r} at x {x0:.0f}-{x1:.0f}" for n, width, x0, _, x1, _, word in words
                if x0 < MARGIN_LR - 1 or x1 > width - MARGIN_LR + 1]
    header = [y1 - y0 for *_, y0, _, y1, _ in words if y1 < TOP_MARGIN]
    body = [y1 - y0 for *_, y0, _, y1, _ in words if y1 >= TOP_MARGIN]
    ratio = statistics.median(body) / statistics.median(header)
    if ratio < 1.05:
        problems.append(f"content shrunk to fit: body/header text height {ratio:.2f}")
    return problems


@needs_chromium
@needs_poppler
def test_chromium_prints_the_html_on_a4_without_overflow(ange, tmp_path):
    model = ange["result"].model
    out = pdf.print_report(model, tmp_path / "rapport.pdf")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (595, 842)
    # Title page, contents, introduction, 15 chapters each from a new page, the summary.
    pages = pdf_pages(out)
    assert 19 <= pages <= 32, pages
    assert overflow(out, tmp_path) == []
    words = pdf_words(out, tmp_path)
    opening = {}  # the first words of each page's body: where a chapter starts, its number is among them
    for n, _, _, y0, _, _, word in words:
        if y0 > TOP_MARGIN:
            opening.setdefault(n, []).append(word)
    chapter_starts = [(w, n) for n, first in opening.items() for w in first[:4] if re.fullmatch(r"2\.\d+", w)]
    assert [w for w, _ in chapter_starts] == [f"2.{i}" for i in range(1, 16)]
    # The contents give the page each heading is on: as the bookmarks say, and where the chapters start.
    found = pdf.heading_pages(out, contents(model))
    assert len(found) == len(contents(model)) == 3 + 15 + 21 + 1
    assert [found[f"kf-{k}"] for k, _ in chapter_starts] == [n for _, n in chapter_starts]
    layout = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "3", str(out), "-"], capture_output=True,
                            text=True, check=True).stdout
    printed = [int(n) for n in re.findall(r"\s{3,}(\d+)$", layout, re.M)]
    assert printed == [found[anchor] for anchor, _ in contents(model)]
    footer = " ".join(w for n, _, _, y0, _, _, w in words if n == 2 and y0 > A4[1] - TOP_MARGIN)
    assert footer == f"Sida 2 av {pages}"
    # No table's header row is left alone at the foot of a page.
    headers = {" ".join([T("report.activities_heading"), T("col.status"), T("col.end"), T("col.comment")]),
               " ".join([T("doc.goal_short"), T("col.activity"), T("col.status"), T("col.end"), T("col.comment")])}
    bottom = {}
    for n, _, x0, y0, _, y1, w in words:
        if TOP_MARGIN < y0 and y1 < A4[1] - BOTTOM_MARGIN:
            bottom.setdefault(n, []).append((round(y0), x0, w))
    last_lines = {n: " ".join(w for y, _, w in sorted(ws) if y >= max(ws)[0] - 1) for n, ws in bottom.items()}
    assert not [n for n, line in last_lines.items() if line in headers]


@needs_chromium
@needs_poppler
def test_the_overflow_check_catches_a_table_too_wide_for_the_page(tmp_path):
    model = small_model()
    source = render_html(model).replace(
        '<p class="summary-sentence">',
        '<table style="width:320mm"><tr><td>vänster</td><td>höger kant utanför sidan</td></tr></table>'
        '<p class="summary-sentence">', 1)
    (tmp_path / "bred.html").write_text(source, encoding="utf-8")
    out = pdf.html_to_pdf(tmp_path / "bred.html", tmp_path / "bred.pdf")
    assert overflow(out, tmp_path) != []


@needs_chromium
@needs_poppler
def test_long_unbroken_department_text_wraps_instead_of_overflowing(tmp_path):
    unbroken = "https://www.testby.se/" + "mycketlångadressutanmellanslag" * 10
    rows = {"S1": dict(title=unbroken, status="Försenad", end=unbroken, comment=unbroken, goal_ids=("1.1",))}
    model = small_model(rows, {"1.1": ("Uppfyllt", unbroken), "1.2": ("", "")}, closing=unbroken)
    write_report_html(model, tmp_path / "rapport.html")
    out = pdf.html_to_pdf(tmp_path / "rapport.html", tmp_path / "rapport.pdf")
    assert overflow(out, tmp_path) == []


@needs_chromium
def test_cli_report_pdf(ange, tmp_path):
    result = CliRunner().invoke(cli, ["report", str(ange["merged"]), "-o", str(tmp_path / "ut"), "--pdf"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ut" / "rapport.pdf").read_bytes()[:5] == b"%PDF-"
