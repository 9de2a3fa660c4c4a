"""The report as one self-contained HTML file (rapport.html), made from Jinja2 templates.

The templates live in ``templates/html/`` (``rapport.html``, ``macros.html``,
``chart.html``, ``rapport.css``); a coordinator overrides any of them by
putting a file of the same name in the folder given as ``--templates``. A
``logo.svg``/``logo.png``/``logo.jpg`` there is shown on the title page.
Everything is inlined (styles, symbols, the chart, the logo), so the file
needs no network, and every text from the workbooks is escaped.
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path

from markupsafe import Markup

from ..errors import InputError
from ..texts import texts
from ..workbook.xlsx import atomic_path
from .document import (
    change_rows,
    closing,
    indicator_headers,
    indicator_rows,
    indicator_title,
    level_counts,
    lines,
    model_symbols,
    paragraphs,
    show_date,
    template_dirs,
)
from .linechart import LineChart, geometry
from .model import ReportModel

KIND = "html"
MAIN = "rapport.html"
CHART = "chart.html"
LINE_CHART = "linechart.html"
LOGOS = {"logo.svg": "image/svg+xml", "logo.png": "image/png", "logo.jpg": "image/jpeg", "logo.jpeg": "image/jpeg"}
CHART_WIDTH, BAR_X, BAR_MAX, ROW = 560, 170, 330, 34
NOT_ASSESSED_COLOUR = "BFBFBF"


def environment(templates: Path | None = None):
    """A Jinja2 environment over the coordinator's templates, then the defaults; HTML is autoescaped."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(KIND, templates)]),
        # CSS is not HTML: escaping would turn "a > b" into "a &gt; b". Values put into it go through |css.
        autoescape=lambda name: not (name or "").endswith(".css"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(paragraphs=paragraphs, lines=lines, day=show_date, css=css_string, slug=slug)
    return env


def css_string(value) -> str:
    """``value`` safe inside a double-quoted CSS string (also inside an HTML <style>)."""
    out = []
    for ch in str(value):
        if ch in '"\\<>&' or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return "".join(out)


def slug(value) -> str:
    """An id for an anchor: letters, digits, dots and dashes (goal ids such as 2.1.1 stay as they are)."""
    return re.sub(r"[^0-9A-Za-z._-]+", "-", str(value)).strip("-") or "x"


def pie(quarters: int) -> str:
    """An SVG path: the filled part of a Harvey ball (centre 10,10, radius 8.5), clockwise from 12."""
    angle = quarters * math.pi / 2
    x, y = 10 + 8.5 * math.sin(angle), 10 - 8.5 * math.cos(angle)
    large = 1 if quarters > 2 else 0
    return f"M10 10 L10 1.5 A8.5 8.5 0 {large} 1 {x:.2f} {y:.2f} Z"


def _logo(templates: Path | None) -> str:
    for d in template_dirs(KIND, templates):
        for name, mime in LOGOS.items():
            if (d / name).is_file():
                data = base64.b64encode((d / name).read_bytes()).decode("ascii")
                return f"data:{mime};base64,{data}"
    return ""


def _bars(model: ReportModel, t) -> list[dict]:
    counts = [(lv.name, lv.colour, n) for lv, n in model.summary.counts]
    if model.summary.unassessed:
        counts.append((t("not_assessed"), NOT_ASSESSED_COLOUR, model.summary.unassessed))
    top = max([n for *_, n in counts] + [1])
    return [{"name": name, "count": n, "colour": (colour or "FFFFFF").upper(),
             "y": i * ROW, "width": round(BAR_MAX * n / top, 1)} for i, (name, colour, n) in enumerate(counts)]


def contents(model: ReportModel) -> list[tuple[str, str]]:
    """The table of contents in document order: (anchor, the heading's text)."""
    t = texts(model.lang)
    out = [("inledning", t("texts.introduction")), ("malarbete", t("doc.goals_part"))]
    for chapter in model.chapters:
        out.append((f"kf-{slug(chapter.id)}", f"{chapter.id} {chapter.title}"))
        out += [(f"mal-{slug(g.id)}", f"{g.id} {g.title}") for g in chapter.goals]
    if model.unassigned:
        out.append(("utan-mal", t("report.unassigned")))
    out.append(("sammanfattning", t("texts.closing")))
    if model.previous_period:
        out.append(("forandringar", t("report.changes_title")))
    return out + [("avvikelser", t("doc.deviations"))]


def render_html(model: ReportModel, templates: Path | None = None, pages: dict[str, int] | None = None) -> str:
    """The report as an HTML string (deterministic: the same model gives the same text).

    ``pages`` maps the anchors of :func:`contents` to page numbers, for the table
    of contents of a printed copy (see :mod:`malxl.render.pdf`).
    """
    import jinja2

    env = environment(templates)
    t = texts(model.lang)
    context = {
        "model": model, "settings": model.settings, "lang": model.lang, "t": t, "pages": pages or {},
        "symbols": model_symbols(model), "pie": pie, "closing": closing(model), "logo": _logo(templates),
        "level_counts": level_counts(model, t), "change_rows": change_rows(model, t),
        "indicator_headers": indicator_headers(t), "indicator_title": indicator_title,
        "indicator_rows": lambda indicator: indicator_rows(indicator, t),
    }

    charts: list = []  # the chart's template, looked up once (get_template checks the file on every call)

    def line_chart(chart: LineChart) -> Markup:
        """An indicator's chart as inline SVG (so also in the PDF Chromium prints)."""
        if not charts:
            charts.append(env.get_template(LINE_CHART))
        return Markup(charts[0].render(g=geometry(chart)))

    context["line_chart"] = line_chart
    try:
        bars = _bars(model, t)
        context["chart"] = Markup(env.get_template(CHART).render(
            context, bars=bars, bar_x=BAR_X, chart_width=CHART_WIDTH, chart_height=max(len(bars), 1) * ROW))
        return env.get_template(MAIN).render(context)
    except jinja2.TemplateError as exc:
        name = getattr(exc, "filename", None) or getattr(exc, "name", None) or MAIN
        lineno = getattr(exc, "lineno", None)  # a TemplateSyntaxError's
        line = f":{lineno}" if lineno else ""
        raise InputError(t("error.template", name=f"{Path(name).name}{line}", reason=exc,
                           folder=templates or Path(name).parent)) from exc


def write_report_html(model: ReportModel, path: Path, templates: Path | None = None) -> Path:
    """Write ``rapport.html`` atomically."""
    text = render_html(model, templates)
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(path)
