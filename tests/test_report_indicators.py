"""Indicators in the report (issue 21): under each development goal with indicators, in every format, a table
of the last years (the Swedish decimal comma), target, comparison, reached or not, trend; a line chart where two
or more years exist (inline SVG in HTML and so in the PDF, a native chart in Word and in Excel); "Källa: Kolada"
where the values are Kolada's; and the summary's count of indicators that reach their targets.

The Ånge example carries the seed's figures: 2.1.1's I1 (Behöriga till gymnasiet, Kolada N15428, target Riket:
79,2 / 83,5 for 2022, 80,4 / 84,1 for 2023) and 2.5.1's I2 (dialogmöten, target 2, one year: no chart).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace

import docx
import openpyxl
import pytest
from lxml import etree
from lxml import html as lxml_html

from malxl import indicators
from malxl.collect import collect
from malxl.example import write_example
from malxl.indicators import DEPARTMENT, KOLADA, Indicator, Point
from malxl.models import Plan
from malxl.plan import read_plan, write_plan
from malxl.render import pdf
from malxl.render.html import render_html
from malxl.render.model import IndicatorYear
from malxl.report import build_report, report
from malxl.texts import texts

from .conftest import small_plan
from .test_report_documents import needs_chromium, needs_poppler, needs_soffice, overflow

T = texts("sv")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
BEHORIGA = Indicator("I1", "2.1.1", "Behöriga till gymnasiet", "%", True, None, True, KOLADA, "N15428")


def with_indicators(plan: Plan) -> Plan:
    owner = next(g.owner for g in plan.goals if g.id == "2.5.1")
    moten = Indicator("I2", "2.5.1", "Dialogmöten med producenter", "st", True, 2.0, False, DEPARTMENT, "", owner)
    return replace(plan, settings=replace(plan.settings, municipality="2260"), indicators=(BEHORIGA, moten),
                   indicator_values=(Point("I1", 2022, 79.2, 83.5), Point("I1", 2023, 80.4, 84.1),
                                     Point("I2", 2023, 2.0)))


@pytest.fixture(scope="module")
def ange(tmp_path_factory):
    """The corrected Ånge round, its plan carrying the seed's indicators, collected and reported."""
    root = tmp_path_factory.mktemp("ange")
    write_example(root, mistakes=False)
    write_plan(with_indicators(read_plan(root / "plan.xlsx")), root / "plan.xlsx")
    collect(root / "inbox")
    result = report(root / "sammanstallning.xlsx", root / "rapport")
    return {"root": root, "out": root / "rapport", "model": result.model, "result": result}


def goal(model, gid):
    return next(g for c in model.chapters for g in c.goals if g.id == gid)


I1_ROWS = [["2022", "79,2", "83,5", "83,5", "Nej", ""], ["2023", "80,4", "84,1", "84,1", "Nej", "Bättre"]]
I2_ROWS = [["2023", "2", "", "2", "Ja", ""]]


# --- the model -----------------------------------------------------------------------------

def test_the_model_holds_each_goals_indicators_judged(ange):
    model = ange["model"]
    [i1] = goal(model, "2.1.1").indicators
    assert (i1.id, i1.title, i1.unit, i1.kolada) == ("I1", "Behöriga till gymnasiet", "%", True)
    assert i1.years == [IndicatorYear(2022, 79.2, 83.5, 83.5, False, None),
                        IndicatorYear(2023, 80.4, 84.1, 84.1, False, indicators.BETTER)]
    assert [(s.name, s.values, s.dashed) for s in i1.chart.series] == [
        ("Ånge kommun", (79.2, 80.4), False), ("Riket (målvärde)", (83.5, 84.1), True)]
    [i2] = goal(model, "2.5.1").indicators
    assert i2.years == [IndicatorYear(2023, 2.0, None, 2.0, True, None)]
    assert i2.chart is None and not i2.kolada  # one year: a table, no chart; the department's value
    assert goal(model, "2.1.2").indicators == []
    s = model.summary
    assert (s.indicators, s.indicators_reached) == (2, 1)
    assert s.indicator_sentence == "Av 2 indikatorer når 1 sitt målvärde."
    assert ange["result"].as_dict(T)["indicators"] == {"total": 2, "reached": 1}  # malxl report --json


def model_of(plan: Plan):
    rows = indicators.table(plan.indicators, indicators.combine(plan.indicator_values))
    return build_report(plan, {}, {}, {"texts.closing": ""}, [], rows)


def test_the_table_shows_the_last_five_years_with_a_value_up_to_the_report_year():
    plan = replace(small_plan(), indicators=(replace(BEHORIGA, goal_id="1.1", target=50.0,
                                                     target_is_comparison=False),))
    years = [Point("I1", y, 70.0 + y - 2017, 80.0) for y in range(2017, 2024)]  # 2017..2023, report year 2024
    years[-2] = Point("I1", 2022, None, 81.0)  # a year without a value is left out
    plan = replace(plan, indicator_values=(*years, Point("I1", 2025, 99.0)))  # after the report year: not shown
    [shown] = goal(model_of(plan), "1.1").indicators
    assert [y.year for y in shown.years] == [2018, 2019, 2020, 2021, 2023]
    assert [s.name for s in shown.chart.series] == ["Testby kommun", "Riket", "Målvärde"]
    assert [s.dashed for s in shown.chart.series] == [False, False, True]  # the target's line is dashed


@pytest.mark.parametrize("lang, reached, total, sentence", [
    ("sv", 1, 1, "Av 1 indikator når 1 sitt målvärde."),
    ("sv", 2, 3, "Av 3 indikatorer når 2 sina målvärden."),
    ("en", 1, 2, "Of 2 indicators, 1 reaches its target."),
    ("en", 0, 1, "Of 1 indicator, 0 reach their targets."),
])
def test_the_summary_counts_the_indicators_reaching_their_targets(lang, reached, total, sentence):
    ids = [f"I{n}" for n in range(1, total + 1)]
    plan = replace(small_plan(language=lang),
                   indicators=tuple(Indicator(i, "1.1", "Antal", "st", True, 2.0) for i in ids),
                   indicator_values=tuple(Point(i, 2024, 2.0 if n < reached else 1.0) for n, i in enumerate(ids)))
    assert model_of(plan).summary.indicator_sentence == sentence


def test_a_report_without_indicators_shows_none():
    model = model_of(small_plan())
    assert model.summary.indicator_sentence == "" and model.summary.indicators == 0
    doc = lxml_html.fromstring(render_html(model))
    assert not doc.xpath("//*[contains(@class, 'indicator')]")


# --- HTML ------------------------------------------------------------------------------------

def table_rows(table) -> list[list[str]]:
    return [[" ".join(td.text_content().split()) for td in tr.xpath("td")] for tr in table.xpath("tbody/tr")]


def test_html_shows_the_table_the_chart_and_the_source_under_the_goal(ange):
    doc = lxml_html.parse(str(ange["out"] / "rapport.html")).getroot()
    [first] = doc.xpath("//section[@id='mal-2.1.1']")
    [table] = first.xpath(".//table[contains(@class, 'indicator-table')]")
    assert [th.text_content() for th in table.xpath("thead//th")] == [
        "År", "Värde", "Jämförelse", "Målvärde", "Når målet", "Trend"]
    assert table_rows(table) == I1_ROWS
    [svg] = first.xpath(".//svg[contains(@class, 'line-chart')]")
    assert "Riket (målvärde)" in svg.text_content() and "80,4" in svg.text_content()
    assert " ".join(first.xpath("string(.//*[contains(@class, 'source')])").split()) == "Källa: Kolada"
    [meetings] = doc.xpath("//section[@id='mal-2.5.1']")
    assert table_rows(meetings.xpath(".//table[contains(@class, 'indicator-table')]")[0]) == I2_ROWS
    assert not meetings.xpath(".//svg[contains(@class, 'line-chart')]")  # one year: no chart
    assert "Källa: Kolada" not in meetings.text_content()  # the department's value
    assert "Av 2 indikatorer når 1 sitt målvärde." in doc.xpath("string(//section[@id='sammanfattning'])")


# --- Word ------------------------------------------------------------------------------------

def test_docx_has_the_tables_a_native_chart_under_the_goal_and_the_source(ange):
    path = ange["out"] / "rapport.docx"
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("word/charts/"))
        assert charts == ["word/charts/chart1.xml"]
        chart = etree.fromstring(z.read("word/charts/chart1.xml"))
    assert [s.findtext(f"{C}tx/{C}v") for s in chart.iter(f"{C}ser")] == ["Ånge kommun", "Riket (målvärde)"]
    document = docx.Document(str(path))
    tables = [[[c.text for c in row.cells] for row in table.rows[1:]] for table in document.tables]
    assert I1_ROWS in tables and I2_ROWS in tables
    # In the body's order: 2.1.1's heading, its table, the chart, "Källa: Kolada", then the next goal.
    order = []
    for el in document.element.body:
        text = "".join(t.text or "" for t in el.iter(f"{W}t"))
        if el.tag == f"{W}tbl" and "79,2" in text:
            order.append("table")
        elif list(el.iter(f"{C}chart")):
            order.append("chart")
        elif text in ("Källa: Kolada",) or text.startswith(("2.1.1 ", "2.1.2 ")):
            order.append(text[:5] if text[0].isdigit() else "source")
    heading = len(order) - 1 - order[::-1].index("2.1.1")  # the heading, not the contents' entry
    assert order[heading:heading + 5] == ["2.1.1", "table", "chart", "source", "2.1.2"]
    assert any(p.text == "Av 2 indikatorer når 1 sitt målvärde." for p in document.paragraphs)


def test_docx_takes_a_title_with_a_line_break_markup_and_a_character_xml_cannot_hold(tmp_path):
    """An indicator's title as typed in plan.xlsx (Alt+Enter, a pasted control character, <, &) in the Word
    document's paragraphs and table caption, which malxl makes as XML."""
    write_example(tmp_path, mistakes=False)
    odd = replace(BEHORIGA, title="Behöriga\x0b till\ngymnasiet <&> \"åk 9\"")
    plan = with_indicators(read_plan(tmp_path / "plan.xlsx"))
    write_plan(replace(plan, indicators=(odd, *plan.indicators[1:])), tmp_path / "plan.xlsx")
    collect(tmp_path / "inbox")
    report(tmp_path / "sammanstallning.xlsx", tmp_path / "rapport")
    document = docx.Document(str(tmp_path / "rapport" / "rapport.docx"))
    titles = [p.text for p in document.paragraphs if p.text.startswith("I1 ")]
    assert titles == ['I1 Behöriga till gymnasiet <&> "åk 9" (%)']
    captions = [c.get(f"{W}val") for c in document.element.body.iter(f"{W}tblCaption")]
    assert 'Indikator I1: Behöriga till gymnasiet <&> "åk 9"' in captions


@needs_soffice
@needs_poppler
def test_libreoffice_converts_the_docx_with_its_chart_to_pdf(ange, tmp_path):
    out = pdf.docx_to_pdf(ange["out"] / "rapport.docx", tmp_path / "fran-word.pdf")
    content = " ".join(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
    assert "2023 80,4 84,1 84,1 Nej Bättre" in content
    assert "Källa: Kolada" in content and "Riket (målvärde)" in content  # the chart's legend, drawn


# --- rapport.xlsx ----------------------------------------------------------------------------

def test_xlsx_has_the_numbers_and_an_excel_chart_over_them(ange):
    path = ange["out"] / "rapport.xlsx"
    ws = openpyxl.load_workbook(path)["Rapport"]
    rows = {r[0].row: [c.value for c in r[:6]] for r in ws.iter_rows()}
    found = [n for n, r in rows.items() if r[:6] == [2022, 79.2, 83.5, 83.5, "Nej", None]]
    assert len(found) == 1
    first = found[0]
    assert rows[first + 1] == [2023, 80.4, 84.1, 84.1, "Nej", "Bättre"]
    assert rows[first - 1] == ["År", "Värde", "Jämförelse", "Målvärde", "Når målet", "Trend"]
    assert [2023, 2, None, 2, "Ja", None] in rows.values()
    assert "Källa: Kolada" in [r[0] for r in rows.values()]
    with zipfile.ZipFile(path) as z:
        assert sorted(n for n in z.namelist() if n.startswith("xl/charts/")) == ["xl/charts/chart1.xml"]
        chart = etree.fromstring(z.read("xl/charts/chart1.xml"))
    refs = [f.text for f in chart.iter(f"{C}f")]
    assert f"Rapport!$B${first}:$B${first + 1}" in refs  # Ånge's values: the table's cells
    assert f"Rapport!$C${first}:$C${first + 1}" in refs  # Riket, the target
    assert f"Rapport!$A${first}:$A${first + 1}" in refs  # the years
    assert [m.get("val") for m in chart.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}prstDash")
            ] == ["dash"]


# --- the PDF ---------------------------------------------------------------------------------

@needs_chromium
@needs_poppler
def test_chromium_prints_the_table_and_the_chart(ange, tmp_path):
    out = pdf.print_report(ange["model"], tmp_path / "rapport.pdf")
    content = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
    assert "2022 79,2 83,5 83,5 Nej" in content
    assert "Källa: Kolada" in content and re.search(r"Ånge kommun.{0,40}Riket \(målvärde\)", content)
    assert overflow(out, tmp_path) == []

