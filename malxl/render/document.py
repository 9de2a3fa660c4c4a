"""What the HTML and Word reports share: symbols, paragraphs, dates and where templates live.

Both documents show an assessment as a coloured symbol *and* its word. The
symbol's shape also carries the level (a Harvey ball: full for the best
level, empty for the worst), so the report reads in black and white and by
readers who cannot tell the colours apart.
"""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..indicators import show_number

#: Harvey balls by quarter filled: ○ ◔ ◑ ◕ ●
GLYPHS = {0: "\u25cb", 1: "\u25d4", 2: "\u25d1", 3: "\u25d5", 4: "\u25cf"}


@dataclass(frozen=True)
class Symbol:
    """How one assessment level is drawn: ``quarters`` filled (0-4), in ``colour`` (RRGGBB)."""

    name: str
    quarters: int
    colour: str

    @property
    def glyph(self) -> str:
        return GLYPHS[self.quarters]


def symbols(levels) -> dict[str, Symbol]:
    """A symbol per level, the first (best) level full and the last empty."""
    levels = list(levels)
    n = len(levels)
    out = {}
    for i, lv in enumerate(levels):
        fraction = 1.0 if n == 1 else 1 - i / (n - 1)
        out[lv.name] = Symbol(lv.name, round(fraction * 4), (lv.colour or "FFFFFF").upper())
    return out


def model_symbols(model) -> dict[str, Symbol]:
    """The symbols of the report's vocabulary (its summary lists every level in order)."""
    return symbols(lv for lv, _ in model.summary.counts)


def paragraphs(text: str | None) -> list[str]:
    """The non-empty lines of a text typed in a cell, each a paragraph."""
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n") if p.strip()]


def lines(text: str | None) -> list[str]:
    """The lines of a cell's text, trailing blank lines dropped (for a line break inside a table cell)."""
    out = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return out


def show_date(value) -> str:
    """A date as the seed prints it (2023-12-31); text that is not a date as it was typed."""
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def closing(model) -> str:
    """The coordinator's "Sammanfattning och analys" ('' while it is still the placeholder)."""
    return model.closing or ""


def level_counts(model, t) -> str:
    """The goals per assessment in words: "Per bedömning: 4 Uppfyllt, 10 Delvis uppfyllt och 7 Knappt uppfyllt."."""
    parts = [t("doc.level_count", count=n, level=lv.name) for lv, n in model.summary.counts]
    if model.summary.unassessed:
        parts.append(t("doc.level_count", count=model.summary.unassessed, level=t("not_assessed")))
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f" {t('doc.and')} " + parts[-1]
    return t("doc.level_counts", counts=text)


def trend_text(goal, t) -> str:
    """A goal's assessments over the periods, compact: "Årsredovisning 2023: Delvis uppfyllt · Tertial 1 2024: Uppfyllt"."""
    return " \u00b7 ".join(t("report.trend_item", period=period, level=level) for period, level, _ in goal.trend)


def change_rows(model, t) -> list[list[str]]:
    """The changes as table rows: what changed, the activity or goal (id and title), from, to."""
    blank = t("change.blank")
    return [[t(f"change.{c.kind}"), f"{c.id} {c.title}".strip(), c.shown_before(t) or blank, c.after or blank]
            for c in model.changes]


INDICATOR_COLUMNS = ("col.year", "col.indicator_value", "col.comparison", "col.target", "col.reaches", "col.trend")


def indicator_headers(t) -> list[str]:
    """An indicator table's header: År, Värde, Jämförelse, Målvärde, Når målet, Trend."""
    return [t(key) for key in INDICATOR_COLUMNS]


def indicator_rows(indicator, t) -> list[list[str]]:
    """An indicator's years as table rows in words: the year, the value, comparison and target with the Swedish
    decimal comma (``80,4``), Ja/Nej (empty where it cannot be judged), the trend's word."""
    return [[str(y.year), show_number(y.value), show_number(y.comparison), show_number(y.target),
             "" if y.reached is None else t("yes" if y.reached else "no"),
             t(f"trend.{y.trend}") if y.trend else ""] for y in indicator.years]


def indicator_title(indicator) -> str:
    """"I1 Behöriga till gymnasiet (%)": the id, the title and the unit where there is one."""
    unit = f" ({indicator.unit})" if indicator.unit else ""
    return f"{indicator.id} {indicator.title}{unit}"


def default_templates() -> Path:
    """The templates folder shipped with malxl (``templates/`` in the source tree)."""
    return Path(str(importlib.resources.files("malxl.templates")))


def template_dirs(kind: str, templates: Path | None = None) -> list[Path]:
    """Where to look for ``kind`` templates: the coordinator's folder first, then the defaults.

    ``templates/kind/`` and ``templates/`` itself are both accepted, so a
    coordinator may point ``--templates`` at a copy made by ``malxl init
    --templates`` or at a folder holding just the files they changed.
    """
    dirs = []
    if templates:
        dirs += [Path(templates) / kind, Path(templates)]
    dirs.append(default_templates() / kind)
    return [d for d in dirs if d.is_dir()]


def find_template(kind: str, name: str, templates: Path | None = None) -> Path | None:
    """The first ``name`` in :func:`template_dirs`, or None."""
    for d in template_dirs(kind, templates):
        if (d / name).is_file():
            return d / name
    return None
