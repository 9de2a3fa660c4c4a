"""Indicators (nyckeltal): what a value means against its target, its trend, and whether an assessment's
evidence supports it. Pure: the plan's indicators and their values in, verdicts and findings out.

An indicator belongs to one development goal. Its target is a number, or the comparison unit's value of the
same year (``Riket`` in the plan: reach the country's average). Its direction says whether higher or lower is
better. Values are yearly; a year's value may come from Kolada, from a department, or from the coordinator.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .findings import Finding, finding
from .texts import Text
from .vocabulary import Vocabulary

KOLADA, DEPARTMENT = "kolada", "department"  # an indicator's source
BETTER, SAME, WORSE = "better", "same", "worse"  # a trend


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the plan's ``Indikatorer`` sheet."""

    id: str
    goal_id: str
    title: str
    unit: str = ""
    higher_is_better: bool = True
    target: float | None = None  # a number; None with ``target_is_comparison`` or where no target is set
    target_is_comparison: bool = False  # ``Riket``: reach the comparison unit's value of the same year
    source: str = DEPARTMENT
    kolada_id: str = ""
    department: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True, slots=True)
class Point:
    """An indicator's value for one year, with the comparison unit's value of that year where known."""

    indicator_id: str
    year: int
    value: float | None
    comparison: float | None = None
    comment: str = ""
    source: str = ""  # where the value came from (Kolada, a department's file, the plan, the coordinator)


def reported_by(indicators: Iterable[Indicator], department: str) -> list[Indicator]:
    """The indicators ``department`` reports in its workbook, in plan order (Kolada's are never asked of one)."""
    return [i for i in indicators if i.source == DEPARTMENT and i.department == department]


def parse_number(typed: object) -> float | None:
    """A number typed in a cell: a number, or text such as ``41,5``, ``41.5``, ``1 234,5`` or ``80,4 %``.

    None for anything else (``ungefär 40``), for blanks, and for infinities and NaN.
    """
    if type(typed) is float:  # a number cell, the common case: tens of thousands of rows a sheet
        return typed if math.isfinite(typed) else None
    if isinstance(typed, bool) or typed is None:
        return None
    if isinstance(typed, int | float):
        return float(typed) if math.isfinite(typed) else None
    text = "".join(str(typed).split()).replace("\u2212", "-")  # spaces (also thin ones) go; a typographic minus
    if text.endswith("%"):
        text = text[:-1]
    if not text:
        return None
    if "," in text:
        if "." in text or text.count(",") > 1:
            return None  # 1.234,5 or 1,234,5: ambiguous, ask for a plain number
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def target_of(indicator: Indicator, point: Point | None) -> float | None:
    """The target for ``point``'s year: the number, or that year's comparison value (None if unknown)."""
    if indicator.target_is_comparison:
        return point.comparison if point is not None else None
    return indicator.target


def reaches(indicator: Indicator, point: Point | None) -> bool | None:
    """Whether ``point`` reaches its target (by the indicator's direction); None where it cannot be judged."""
    target = target_of(indicator, point)
    if point is None or point.value is None or target is None:
        return None
    return point.value >= target if indicator.higher_is_better else point.value <= target


def trend(indicator: Indicator, point: Point | None, before: Point | None) -> str | None:
    """``better``, ``same`` or ``worse`` than the year before, by the indicator's direction (None if unknown)."""
    if point is None or before is None or point.value is None or before.value is None:
        return None
    if math.isclose(point.value, before.value, rel_tol=1e-9, abs_tol=1e-9):
        return SAME
    up = point.value > before.value
    return BETTER if up == indicator.higher_is_better else WORSE


def in_range(indicator: Indicator, value: float) -> bool:
    """Whether ``value`` lies within the indicator's plausible bounds (Min, Max), each optional."""
    return ((indicator.minimum is None or value >= indicator.minimum)
            and (indicator.maximum is None or value <= indicator.maximum))


def series(points: Iterable[Point]) -> dict[str, dict[int, Point]]:
    """Points by indicator id, then year (a later point of the same indicator and year replaces an earlier)."""
    found: dict[str, dict[int, Point]] = {}
    for p in points:
        found.setdefault(p.indicator_id, {})[p.year] = p
    return found


def combine(*layers: Iterable[Point]) -> dict[str, dict[int, Point]]:
    """The points of ``layers`` merged, each layer over the ones before (by indicator and year).

    A later point's value, comparison and comment replace the earlier ones only where it has them: a blank
    answer does not erase a value known before; its source names the point where it gives the value, or where
    no value was known before (Kolada's year not yet published). The layers, in order: the plan's earlier values, Kolada's,
    this round's departments', the coordinator's edits in the merged workbook.
    """
    found: dict[str, dict[int, Point]] = {}
    for layer in layers:
        for p in layer:
            years = found.setdefault(p.indicator_id, {})
            old = years.get(p.year)
            if old is None:
                years[p.year] = p
                continue
            years[p.year] = Point(p.indicator_id, p.year,
                                  p.value if p.value is not None else old.value,
                                  p.comparison if p.comparison is not None else old.comparison,
                                  p.comment or old.comment,
                                  p.source if p.value is not None or (old.value is None and p.source)
                                  else old.source)
    return found


@dataclass(frozen=True, slots=True)
class Row:
    """One row of the merged workbook's Indikatorer sheet and of the report's table: an indicator in a year."""

    indicator: Indicator
    point: Point
    target: float | None
    reached: bool | None
    trend: str | None


def table(indicators: Sequence[Indicator], points: Mapping[str, Mapping[int, Point]]) -> list[Row]:
    """Every indicator's years, oldest first, in the plan's order of indicators, each judged."""
    rows = []
    for ind in indicators:
        years = points.get(ind.id, {})
        for year in sorted(years):
            point = years[year]
            rows.append(Row(ind, point, target_of(ind, point), reaches(ind, point),
                            trend(ind, point, years.get(year - 1))))
    return rows


@dataclass(frozen=True, slots=True)
class Verdict:
    """One indicator's state in the report year: its point, resolved target, whether it is reached, trend."""

    indicator: Indicator
    point: Point | None
    target: float | None
    reached: bool | None
    trend: str | None


def verdict(indicator: Indicator, years: Mapping[int, Point], year: int) -> Verdict:
    point = years.get(year)
    return Verdict(indicator, point, target_of(indicator, point), reaches(indicator, point),
                   trend(indicator, point, years.get(year - 1)))


def show_number(value: float | None, decimals: int | None = None) -> str:
    """A number as a Swedish reader writes it: a decimal comma, no trailing zeros (``80,4``, ``2``)."""
    if value is None:
        return ""
    if decimals is not None:
        text = f"{value:.{decimals}f}"
    else:
        text = f"{value:.6f}".rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", ",").replace("-", "\u2212") if text.startswith("-") else text.replace(".", ",")


def evidence(goals: Sequence[tuple[str, str]], levels: Mapping[str, str], verdicts: Mapping[str, list[Verdict]],
             deviating: Mapping[str, list[tuple[str, str]]], vocabulary: Vocabulary, where: Mapping[str, dict]
             ) -> list[Finding]:
    """``assessment-evidence`` for each goal whose assessment its evidence contradicts.

    ``goals`` are (goal id, owner) in plan order; ``levels`` each goal's assessment as it stands;
    ``verdicts`` its indicators in the report year; ``deviating`` its activities with a deviating, unfinished
    status, as (activity id, status); ``where`` each goal's place (file, sheet, cell) for the finding.

    A goal assessed at the highest level is questioned when one of its indicators misses its target or one of
    its activities deviates; a goal assessed at the lowest level when every one of its indicators (at least
    one) reaches its target and none of its activities deviates. The finding names every indicator and
    activity that contradicts the assessment, with the figures.
    """
    if not vocabulary.levels:
        return []
    top, bottom = vocabulary.levels[0].name, vocabulary.levels[-1].name
    found = []
    for gid, owner in goals:
        level = vocabulary.level(levels.get(gid, ""))
        if level is None or top == bottom:
            continue
        judged = [v for v in verdicts.get(gid, []) if v.reached is not None]
        late = deviating.get(gid, [])
        if level.name == top:
            missed = [v for v in judged if v.reached is False]
            if missed or late:
                found.append(_evidence(gid, owner, level.name, missed, late, where.get(gid, {})))
        elif level.name == bottom:
            if judged and len(judged) == len(verdicts.get(gid, [])) and all(v.reached for v in judged) and not late:
                found.append(_evidence(gid, owner, level.name, judged, [], where.get(gid, {})))
    return found


def _evidence(gid: str, owner: str, level: str, contrary: list[Verdict], late: list[tuple[str, str]],
              where: dict) -> Finding:
    reasons: list[Text] = []
    for v in contrary:
        key = "evidence.reached" if v.reached else "evidence.missed"
        reasons.append(Text(key, {"indicator": v.indicator.id, "title": v.indicator.title,
                                  "value": show_number(v.point.value if v.point else None),
                                  "target": show_number(v.target)}))
    reasons += [Text("evidence.deviates", {"activity": aid, "status": status}) for aid, status in late]
    return finding("assessment-evidence", {"goal": gid, "level": level, "reasons": reasons},
                   department=owner, subject=gid, **where)
