"""An indicator's line chart: the municipality against the comparison and the target over the years.

:class:`LineChart` is the chart as data (years, series); :func:`geometry` lays it out for the SVG that the
HTML template ``linechart.html`` draws (inline in ``rapport.html`` and so in the PDF); :func:`drawingml` writes
it as a native chart part for Word (``c:chartSpace``, the chart format Word and LibreOffice draw and edit).
``rapport.xlsx`` draws the same series with Excel's own line chart (:mod:`malxl.render.xlsx`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..indicators import show_number
from ..workbook.ooxml import xml_escape

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 64  # the plot's margins: axis labels left, the legend below
FONT = "Arial"  # the Word chart's text, as the report's


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one a year of the chart's years; None where there is no value
    colour: str  # RRGGBB
    dashed: bool = False
    field: str = ""  # what it draws of a report indicator's years: "value", "comparison" or "target"


@dataclass(frozen=True)
class LineChart:
    title: str
    unit: str
    years: tuple[int, ...]
    series: tuple[Series, ...]

    @property
    def drawable(self) -> bool:
        """Two or more years, and at least one value: a line to draw."""
        return len(self.years) >= 2 and any(v is not None for s in self.series for v in s.values)


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (1, 2 or 5 times a power of ten apart)."""
    if high < low:
        low, high = high, low
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    out = []
    value = start
    while value < high + step * 0.999:
        out.append(round(value, 10))
        value += step
    return out


def geometry(chart: LineChart, width: int = WIDTH, height: int = HEIGHT) -> dict:
    """The chart laid out in SVG units: the axes' ticks, each series' polyline and points, the legend."""
    values = [v for s in chart.series for v in s.values if v is not None]
    scale = ticks(min(values), max(values)) if values else [0.0, 1.0]
    low, high = scale[0], scale[-1]
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    n = len(chart.years)

    def x(i: int) -> float:
        return round(LEFT + (plot_w * (i + 0.5) / n), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - (v - low) / (high - low)), 1)

    lines = []
    for s in chart.series:
        points = [(x(i), y(v), show_number(v)) for i, v in enumerate(s.values) if v is not None]
        lines.append({"name": s.name, "colour": s.colour, "dashed": s.dashed, "points": points,
                      "path": " ".join(f"{px},{py}" for px, py, _ in points)})
    legend_y = height - 18
    return {
        "width": width, "height": height, "left": LEFT, "right": width - RIGHT, "top": TOP,
        "bottom": TOP + plot_h, "title": chart.title, "unit": chart.unit,
        "yticks": [(y(v), show_number(v)) for v in scale],
        "xticks": [(x(i), str(year)) for i, year in enumerate(chart.years)],
        "lines": lines,
        "legend": [{"x": LEFT + i * 170, "y": legend_y, **line} for i, line in enumerate(lines)],
        "description": "; ".join(f"{s.name}: " + ", ".join(f"{year} {show_number(v) or '–'}"
                                                        for year, v in zip(chart.years, s.values, strict=True))
                                 for s in chart.series),
    }


_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def drawingml(chart: LineChart) -> bytes:
    """The chart as a DrawingML chart part (``word/charts/chartN.xml``), with its values cached in it."""
    series = "".join(_series_xml(i, s, chart.years) for i, s in enumerate(chart.series))
    title = xml_escape(chart.title)
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" '
        f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<c:roundedCorners val="0"/>'
        f'<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="1100" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="sv-SE" sz="1100" b="1"/><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx>'
        f'<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>{series}'
        f'<c:marker val="1"/><c:axId val="500100"/><c:axId val="500200"/></c:lineChart>'
        f'<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="500200"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        f'<c:lblOffset val="100"/></c:catAx>'
        f'<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="l"/><c:majorGridlines/><c:title><c:tx><c:rich><a:bodyPr rot="-5400000"/><a:p>'
        f'<a:r><a:t>{xml_escape(chart.unit)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
        f'<c:numFmt formatCode="General" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="500100"/>'
        f'<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/>'
        f'<c:dispBlanksAs val="gap"/></c:chart>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"><a:latin typeface="{FONT}"/>'
        f'</a:defRPr></a:pPr><a:endParaRPr lang="sv-SE"/></a:p></c:txPr></c:chartSpace>'
    )
    return xml.encode("utf-8")


def _series_xml(index: int, s: Series, years: tuple[int, ...]) -> str:
    dash = '<a:prstDash val="dash"/>' if s.dashed else ""
    cats = "".join(f'<c:pt idx="{i}"><c:v>{year}</c:v></c:pt>' for i, year in enumerate(years))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(s.values) if v is not None)
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/><c:tx><c:v>{xml_escape(s.name)}</c:v></c:tx>'
        f'<c:spPr><a:ln w="28575" cap="rnd"><a:solidFill><a:srgbClr val="{s.colour}"/></a:solidFill>{dash}'
        f'<a:round/></a:ln></c:spPr>'
        f'<c:marker><c:symbol val="circle"/><c:size val="6"/><c:spPr><a:solidFill><a:srgbClr val="{s.colour}"/>'
        f'</a:solidFill></c:spPr></c:marker>'
        f'<c:cat><c:strLit><c:ptCount val="{len(years)}"/>{cats}</c:strLit></c:cat>'
        f'<c:val><c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{len(years)}"/>{vals}</c:numLit>'
        f'</c:val><c:smooth val="0"/></c:ser>'
    )


def charts_in(document) -> int:
    """How many chart parts ``document`` (python-docx) holds: the next chart is number this + 1."""
    from docx.opc.constants import CONTENT_TYPE as CT  # python-docx loads when a Word document is made

    return sum(1 for p in document.part.package.iter_parts() if p.content_type == CT.DML_CHART)


def add_to_word(document, chart: LineChart, width_cm: float = 15.0, height_cm: float = 7.0, paragraph=None,
                number: int | None = None):
    """``chart`` as a native Word chart in ``paragraph`` (python-docx), by default a new paragraph at the end of
    ``document``; returns the paragraph. ``number`` is the chart's number in the document (its part
    ``word/charts/chartN.xml``): a writer adding many charts counts them itself (:func:`charts_in` once, then one
    more each), since finding the next free part name walks every part of the package."""
    from docx.oxml import OxmlElement, parse_xml

    number = number if number is not None else charts_in(document) + 1
    drawing = OxmlElement("w:drawing")
    drawing.append(parse_xml(word_inline(document, chart, number, width_cm, height_cm)))
    if paragraph is None:
        paragraph = document.add_paragraph()
    paragraph.add_run().element.append(drawing)
    return paragraph


def word_inline(document, chart: LineChart, number: int, width_cm: float = 15.0, height_cm: float = 7.0) -> str:
    """``chart`` added to ``document`` (python-docx) as the part ``word/charts/chart{number}.xml``, and the
    ``wp:inline`` XML that shows it (in a run's ``w:drawing``), for a writer that makes its paragraphs as XML."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml.ns import nsdecls

    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CT.DML_CHART, drawingml(chart), document.part.package)
    rels = document.part.rels
    rid = f"rIdChart{number}"  # its own id: relate_to looks through every relationship for a match and a free id
    if rid in rels:
        rid = document.part.relate_to(part, RT.CHART)
    else:
        rels.add_relationship(RT.CHART, part, rid)
    cx, cy = int(width_cm * 360000), int(height_cm * 360000)
    return (f'<wp:inline distT="0" distB="0" distL="0" distR="0" {nsdecls("wp", "a", "r")}>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{5000 + number}" name="{xml_escape(chart.title, quote=True)}"/>'
            f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{_C}">'
            f'<c:chart xmlns:c="{_C}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>')
