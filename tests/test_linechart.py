"""An indicator's chart: round ticks, points where values are, gaps where not, and the same series in the SVG
and in the Word chart part."""

import xml.etree.ElementTree as ET

import docx
import jinja2

from malxl.render.document import template_dirs
from malxl.render.linechart import LineChart, Series, add_to_word, drawingml, geometry, ticks

CHART = LineChart("I1 Behöriga till gymnasiet", "%", (2021, 2022, 2023),
                  (Series("Ånge", (73.5, 79.2, 80.4), "0072B2"), Series("Riket", (None, 83.5, 84.1), "7F7F7F", True)))
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def test_ticks_are_round_and_cover_the_values():
    found = ticks(73.5, 84.1)
    assert found[0] <= 73.5 and found[-1] >= 84.1
    assert all(round(b - a, 6) == round(found[1] - found[0], 6) for a, b in zip(found, found[1:], strict=False))
    assert ticks(2, 2) == [1.0, 1.5, 2.0, 2.5, 3.0]


def test_the_svg_layout_has_a_point_a_value_and_skips_a_missing_year():
    g = geometry(CHART)
    ange, riket = g["lines"]
    assert [label for *_, label in ange["points"]] == ["73,5", "79,2", "80,4"]
    assert [label for *_, label in riket["points"]] == ["83,5", "84,1"]
    assert ange["points"][2][1] < ange["points"][0][1]  # higher values are higher up
    assert "2021 –" in g["description"]


def test_the_svg_template_draws_each_series():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in template_dirs("html", None)]),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    svg = env.get_template("linechart.html").render(g=geometry(CHART))
    root = ET.fromstring(svg)
    assert len(root.findall("polyline")) == 2  # inline in HTML: no namespace
    assert len(root.findall("circle")) == 5


def test_the_word_chart_holds_the_values_and_the_years(tmp_path):
    root = ET.fromstring(drawingml(CHART))
    series = root.findall(f".//{C}ser")
    assert [s.find(f"{C}tx/{C}v").text for s in series] == ["Ånge", "Riket"]
    assert [p.find(f"{C}v").text for p in series[1].findall(f"{C}val/{C}numLit/{C}pt")] == ["83.5", "84.1"]
    assert [p.find(f"{C}v").text for p in series[0].findall(f"{C}cat/{C}strLit/{C}pt")] == ["2021", "2022", "2023"]
    document = docx.Document()
    add_to_word(document, CHART)
    add_to_word(document, CHART)
    path = tmp_path / "t.docx"
    document.save(path)
    again = docx.Document(path)
    charts = [p for p in again.part.package.iter_parts() if str(p.partname).startswith("/word/charts/")]
    assert sorted(str(p.partname) for p in charts) == ["/word/charts/chart1.xml", "/word/charts/chart2.xml"]
