"""Build the report from a merged workbook, re-validated (:func:`malxl.rules.revalidate`), and render it.

:func:`build_report` turns the merged state into a :class:`ReportModel` (pure
data in the seed's order: chapters per KF goal, development goals with their
assessment, analysis and activities, and a summary; the classes live in
:mod:`malxl.render.model`, which every renderer reads). The renderers in
``malxl.render`` write it out; :func:`report` is what ``malxl report`` runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import indicators
from .archive import ARCHIVE_NAME, last_inbox
from .findings import Finding, Severity, count, findings_dict
from .garbage import fewer_collections
from .history import Change, changes, trend
from .merged import RowRecord, read_merged, read_recorded
from .models import Plan
from .render.docx import write_report_docx
from .render.html import write_report_html
from .render.linechart import LineChart, Series
from .render.model import Chapter, IndicatorYear, ReportActivity, ReportGoal, ReportIndicator, ReportModel, Summary
from .render.pdf import write_report_pdf
from .render.xlsx import write_report_xlsx
from .rules import out_of_date, revalidate
from .texts import Texts, is_default, texts
from .workbook.outputs import check_outputs
from .workbook.values import goal_refs

YEARS_SHOWN = 5  # an indicator's table and chart show its last five years with a value
COUNTRY = "0000"  # Kolada's unit for the whole country (Riket)
MUNICIPALITY_COLOUR, COMPARISON_COLOUR, TARGET_COLOUR = "0072B2", "6E6E6E", "D55E00"


@dataclass
class ReportResult:
    model: ReportModel
    paths: list[Path]
    findings: list[Finding]
    stale: bool = False  # the merged workbook's Översikt and Brister count otherwise than ``findings``
    inbox: Path | None = None  # the inbox its last collect read, if the archive's manifest records it

    @property
    def errors(self) -> int:
        return count(self.findings, Severity.ERROR)

    def as_dict(self, t: Texts) -> dict:
        """What ``malxl report --json`` prints: the files written, whether the merged workbook's Översikt and
        Brister count otherwise than the report (``stale``), the development goals counted as the report's
        summary counts them (``goals``: total, met, not met, unassessed, and the number at each level), the
        indicators (``indicators``: total, and how many reach their targets in the report year), and the
        findings that remain, with their counts (:func:`malxl.findings.findings_dict`)."""
        s = self.model.summary
        goals = {"total": s.total, "met": s.met, "not_met": s.not_met, "unassessed": s.unassessed,
                 "levels": {level.name: n for level, n in s.counts}}
        return {"paths": [str(p) for p in self.paths], "stale": self.stale, "goals": goals,
                "indicators": {"total": s.indicators, "reached": s.indicators_reached},
                **findings_dict(self.findings, t)}


def _join(names: list[str], t: Texts) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {t('report.or')} " + names[-1]


def build_report(plan: Plan, rows: dict[str, RowRecord], assessments: dict[str, tuple[str, str]], texts_: dict[str, str],
                 findings: list[Finding], indicator_rows: Sequence[indicators.Row] = ()) -> ReportModel:
    """The report's content in the seed's order; ``indicator_rows`` the indicators' years, judged (the merged
    workbook's Indikatorer rows), shown under their development goals and counted in the summary."""
    t = texts(plan.settings.language)
    s = plan.settings
    by_goal, deviations, unassigned = _activities(plan, rows, t)
    chapters, goal_models = _chapters(plan, assessments, by_goal, t)
    for gid, goal_indicators in _indicators(plan, indicator_rows, t).items():
        if gid in goal_models:
            goal_models[gid].indicators = goal_indicators
    found = changes(plan, ((aid, row.department, row.title, row.status, row.end)
                           for aid, row in rows.items()), {gid: a[0] for gid, a in assessments.items()})
    first_goal: dict[str, ReportGoal] = {}
    for gm in goal_models.values():
        for act in gm.activities:
            first_goal.setdefault(act.id, gm)
    return ReportModel(
        settings=s,
        title=t("report.title", period=s.period),
        subtitle=t("report.subtitle", organisation=s.organisation, report_date=s.report_date.isoformat()),
        introduction=texts_.get("texts.introduction") or t("texts.default_introduction"),
        closing="" if is_default(texts_.get("texts.closing"), "texts.default_closing") else texts_["texts.closing"],
        chapters=chapters, summary=_summary(plan, goal_models, t, _indicator_counts(plan, indicator_rows)),
        deviations=[(first_goal.get(a.id), a) for a in deviations],
        findings=findings, lang=t.lang, unassigned=unassigned,
        previous_period=plan.previous_period, changes=found,
        changes_sentence=_changes_sentence(plan.previous_period, found, t) if plan.previous_period else "",
    )


def _activities(plan: Plan, rows: dict[str, RowRecord], t: Texts,
                ) -> tuple[dict[str, list[ReportActivity]], list[ReportActivity], list[ReportActivity]]:
    """Each activity as the report shows it, under each of its development goals; the deviations; and the
    added rows without a goal (never dropped: listed under "added activities without a goal")."""
    v = plan.vocabulary
    by_goal: dict[str, list[ReportActivity]] = {}
    deviations = []
    unassigned = []
    known = plan.goal_ids
    for aid, row in rows.items():
        st = v.status(row.status)
        reported = bool(row.status)
        act = ReportActivity(aid, row.title, row.status if reported else t("report.not_reported"), row.end,
                             row.comment, bool(st and st.needs_comment), st.colour if st else "", reported)
        goal_ids = row.goal_ids
        if not all(gid in known for gid in goal_ids):  # an added row's goal as typed: "2.5.1 Text", "2.5.1, 2.6.1"
            goal_ids = goal_refs(", ".join(goal_ids), known)
        for gid in goal_ids:
            by_goal.setdefault(gid, []).append(act)
        if not goal_ids:
            unassigned.append(act)
        if act.deviating:
            deviations.append(act)
    return by_goal, deviations, unassigned


def _chapters(plan: Plan, assessments: dict[str, tuple[str, str]], by_goal: dict[str, list[ReportActivity]],
              t: Texts) -> tuple[list[Chapter], dict[str, ReportGoal]]:
    """A chapter per KF goal, its development goals with their assessment, trend and activities; and every
    development goal's model by id."""
    v = plan.vocabulary
    chapters = []
    goal_models = {}
    for kf in plan.kf_goals:
        chapter = Chapter(kf.id, kf.title)
        for g in plan.goals_of(kf.id):
            level, analysis = assessments.get(g.id, ("", ""))
            lv = v.level(level)
            gm = ReportGoal(g.id, g.title, lv.name if lv else level, lv.colour if lv else "", analysis,
                            by_goal.get(g.id, []))
            earlier = trend(plan, g.id)
            if earlier:
                gm.trend = [_trend_item(v, h.period, h.status, t) for h in earlier] + [
                    _trend_item(v, plan.settings.period, gm.level, t)]
            goal_models[g.id] = gm
            chapter.goals.append(gm)
        if not chapter.goals:
            chapter.note = t("report.no_goals_note")
        chapters.append(chapter)
    return chapters, goal_models


def _summary(plan: Plan, goal_models: dict[str, ReportGoal], t: Texts, indicator_counts: tuple[int, int] = (0, 0),
             ) -> Summary:
    """How many development goals are at each level, met and not met, and the summary's sentence; how many
    indicators there are and how many of them reach their targets in the report year, and that sentence."""
    v = plan.vocabulary
    counts = []
    assessed = 0
    met = not_met = 0
    for lv in v.levels:
        n = sum(1 for gm in goal_models.values() if gm.level == lv.name)
        counts.append((lv, n))
        assessed += n
        if lv.counts_as_met:
            met += n
        else:
            not_met += n
    total = len(plan.goals)
    sentence = t("report.summary_sentence", count=met, total=t("report.summary_total", count=total),
                 not_met=not_met, met_levels=_join([lv.name for lv in v.met_levels], t),
                 not_met_levels=_join([lv.name for lv in v.unmet_levels], t))
    if total - assessed:
        sentence += t("report.summary_unassessed", count=total - assessed)
    shown, reached = indicator_counts
    indicator_sentence = t("report.indicators_sentence", count=reached,
                           total=t("report.indicators_total", count=shown)) if shown else ""
    return Summary(counts, total - assessed, total, met, not_met, sentence, shown, reached, indicator_sentence)


def _indicator_counts(plan: Plan, indicator_rows: Sequence[indicators.Row]) -> tuple[int, int]:
    """How many indicators the rows hold, and how many of them reach their target in the report year."""
    year = plan.settings.report_date.year
    ids = {r.indicator.id for r in indicator_rows}
    reached = {r.indicator.id for r in indicator_rows if r.point.year == year and r.reached}
    return len(ids), len(reached)


def _indicators(plan: Plan, indicator_rows: Sequence[indicators.Row], t: Texts) -> dict[str, list[ReportIndicator]]:
    """Each development goal's indicators, in the rows' order: the last years with a value up to the report
    year (at most :data:`YEARS_SHOWN`), oldest first, and a chart where two or more years exist."""
    year = plan.settings.report_date.year
    kolada_source = t("indicator.kolada")
    found: dict[str, ReportIndicator] = {}
    goals: dict[str, str] = {}
    valued: dict[str, list[indicators.Row]] = {}
    for r in indicator_rows:
        ind = r.indicator
        if ind.id not in found:
            found[ind.id] = ReportIndicator(ind.id, ind.title, ind.unit, kolada=ind.source == indicators.KOLADA)
            goals[ind.id] = ind.goal_id
        if r.point.source == kolada_source:
            found[ind.id].kolada = True
        if r.point.value is not None and r.point.year <= year:
            valued.setdefault(ind.id, []).append(r)
    by_goal: dict[str, list[ReportIndicator]] = {}
    for iid, shown in found.items():
        last = sorted(valued.get(iid, []), key=lambda r: r.point.year)[-YEARS_SHOWN:]
        shown.years = [IndicatorYear(r.point.year, r.point.value, r.point.comparison, r.target, r.reached, r.trend)
                       for r in last]
        if last:
            shown.chart = _chart(last[0].indicator, shown.years, plan, t)
        by_goal.setdefault(goals[iid], []).append(shown)
    return by_goal


def _chart(ind: indicators.Indicator, years: list[IndicatorYear], plan: Plan, t: Texts) -> LineChart | None:
    """The municipality against the comparison and the target over ``years`` (None for fewer than two years).

    Where the target is the comparison's value (Riket), the comparison's line is the target's (dashed, named so);
    else the comparison's line where there are values and the target's dashed line."""
    s = plan.settings
    unit = t("indicator.comparison") if s.comparison == COUNTRY else t("report.comparison_unit", unit=s.comparison)
    comparisons = tuple(y.comparison for y in years)
    series = [Series(s.organisation, tuple(y.value for y in years), MUNICIPALITY_COLOUR, field="value")]
    if ind.target_is_comparison:
        series.append(Series(t("report.comparison_target", comparison=unit), comparisons, COMPARISON_COLOUR, True,
                             "comparison"))
    else:
        series.append(Series(unit, comparisons, COMPARISON_COLOUR, field="comparison"))
        series.append(Series(t("col.target"), tuple(y.target for y in years), TARGET_COLOUR, True, "target"))
    series = [x for x in series if any(v is not None for v in x.values)]
    chart = LineChart(f"{ind.id} {ind.title}", ind.unit, tuple(y.year for y in years), tuple(series))
    return chart if chart.drawable else None


def _trend_item(v, period: str, level: str, t: Texts) -> tuple[str, str, str]:
    lv = v.level(level)
    return (period, lv.name if lv else (level or t("report.not_assessed")), lv.colour if lv else "")


def _changes_sentence(period: str, found: list[Change], t: Texts) -> str:
    """The changes in words: "Sedan Årsredovisning 2023: ny avvikelse (1), flyttat slutdatum (2)."."""
    if not found:
        return t("change.none", period=period)
    kinds = list(dict.fromkeys(c.kind for c in found))
    items = [t("report.changes_item", what=t(f"change.{k}").lower(), count=sum(c.kind == k for c in found))
             for k in kinds]
    return t("report.changes_sentence", period=period, items=", ".join(items))


def load_report(merged_path: Path) -> ReportModel:
    """Read a merged workbook and build its report model (with the findings that remain)."""
    return _load(Path(merged_path))[0]


def _load(merged_path: Path) -> tuple[ReportModel, list[Finding]]:
    """The report model and the findings the merged workbook records (its Brister)."""
    plan, prev = read_merged(merged_path)
    t = texts(plan.settings.language)
    recorded = read_recorded(merged_path)
    now = revalidate(plan, prev, merged_path.name, t, recorded)
    return build_report(plan, now.rows, now.assessments, prev.texts, now.findings, now.indicator_rows), recorded


def report(merged_path: Path, out_dir: Path | None = None, templates: Path | None = None,
           pdf: bool = False, progress=None) -> ReportResult:
    """Write the report for a merged workbook into ``out_dir`` (default ``rapport/`` beside it).

    Writes ``rapport.xlsx`` (the coordinator's working view), ``rapport.html`` and
    ``rapport.docx`` (the document to publish) and, with ``pdf``, ``rapport.pdf``.
    ``templates`` is a folder with the coordinator's own templates (``html/``,
    ``docx/rapport.docx``); files not found there come from the defaults.
    Nothing is written if one of them is open in Excel, Word or LibreOffice.
    ``progress`` is called as the PDF is printed (:func:`malxl.render.pdf.print_report`). The result says
    whether the merged workbook's Översikt and Brister count otherwise than the report (``stale``).
    """
    merged_path = Path(merged_path)
    out_dir = Path(out_dir) if out_dir else merged_path.parent / "rapport"
    names = ["rapport.xlsx", "rapport.html", "rapport.docx"] + (["rapport.pdf"] if pdf else [])
    check_outputs(out_dir / n for n in names)  # none open in Excel or Word: nothing written if one is
    with fewer_collections():
        model, recorded = _load(merged_path)
        paths = [write_report_xlsx(model, out_dir / "rapport.xlsx"),
                 write_report_html(model, out_dir / "rapport.html", templates),
                 write_report_docx(model, out_dir / "rapport.docx", templates)]
    if pdf:
        paths.append(write_report_pdf(out_dir / "rapport.pdf", html=paths[1], docx=paths[2], model=model,
                                      templates=templates, progress=progress))
    stale = out_of_date(recorded, model.findings)
    inbox = last_inbox(merged_path.parent / ARCHIVE_NAME, merged_path.name) if stale else None
    return ReportResult(model, paths, model.findings, stale, inbox)
