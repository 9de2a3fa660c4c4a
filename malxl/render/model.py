"""The report model: what every renderer reads (rapport.xlsx, HTML, Word, PDF).

Pure data in the seed's order: chapters per KF goal, each development goal with
its assessment, analysis, trend and activities, the summary, the deviations and
what changed since the previous round. :func:`malxl.report.build_report` makes it;
the modules beside this one each write one format from it and import nothing
from :mod:`malxl.report`, so there is no import loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ..findings import Finding
from ..history import Change
from ..models import Settings
from ..vocabulary import Level
from .linechart import LineChart


@dataclass
class ReportActivity:
    id: str
    title: str
    status: str
    end: date | str | None
    comment: str
    deviating: bool = False
    colour: str = ""
    reported: bool = True  # False: no status yet, and ``status`` says so ("Ej rapporterat")


class IndicatorYear(NamedTuple):
    """One year of an indicator as the report shows it; ``trend`` is ``better``/``same``/``worse`` or None."""

    year: int
    value: float | None
    comparison: float | None
    target: float | None
    reached: bool | None
    trend: str | None


@dataclass
class ReportIndicator:
    """An indicator under its development goal: its last years with a value (at most five), oldest first, and
    its line chart where two or more years exist. ``kolada``: its values come from Kolada (the report names the
    source)."""

    id: str
    title: str
    unit: str
    years: list[IndicatorYear] = field(default_factory=list)
    kolada: bool = False
    chart: LineChart | None = None


@dataclass
class ReportGoal:
    id: str
    title: str
    level: str
    colour: str
    analysis: str
    activities: list[ReportActivity] = field(default_factory=list)
    # In a rolled-over round: (period, level, colour) of earlier periods' assessments and then today's.
    trend: list[tuple[str, str, str]] = field(default_factory=list)
    indicators: list[ReportIndicator] = field(default_factory=list)


@dataclass
class Chapter:
    id: str
    title: str
    goals: list[ReportGoal] = field(default_factory=list)
    note: str = ""


@dataclass
class Summary:
    counts: list[tuple[Level, int]]
    unassessed: int
    total: int
    met: int
    not_met: int
    sentence: str
    indicators: int = 0  # indicators in the report
    indicators_reached: int = 0  # of them, those that reach their target in the report year
    indicator_sentence: str = ""  # "Av 2 indikatorer når 1 sitt målvärde." ("" without indicators)


@dataclass
class ReportModel:
    settings: Settings
    title: str
    subtitle: str
    introduction: str
    closing: str
    chapters: list[Chapter]
    summary: Summary
    deviations: list[tuple[ReportGoal | None, ReportActivity]]
    findings: list[Finding]
    lang: str = "sv"
    unassigned: list[ReportActivity] = field(default_factory=list)  # added activities without a known goal
    # In a rolled-over round (malxl next): what changed since the previous period, in words and as a table.
    previous_period: str = ""
    changes: list[Change] = field(default_factory=list)
    changes_sentence: str = ""
