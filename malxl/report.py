"""Build the report from a merged workbook, re-validate it, and render it.

:func:`build_report` turns the merged state into a :class:`ReportModel` (pure
data in the seed's order: chapters per KF goal, development goals with their
assessment, analysis and activities, and a summary; the classes live in
:mod:`malxl.render.model`, which every renderer reads). The renderers in
``malxl.render`` write it out; :func:`report` is what ``malxl report`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .archive import ARCHIVE_NAME, last_inbox
from .findings import Finding, Severity, count, out_of_date
from .history import Change, changes, trend
from .merged import Previous, read_merged, read_recorded
from .models import ActivityRow, Assessment, Merged, Plan
from .render.model import Chapter, ReportActivity, ReportGoal, ReportModel, Summary
from .texts import Texts, is_default, texts
from .validate import Where, check_activity, check_assessment
from .workbook.outputs import check_outputs
from .workbook.values import goal_refs


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


def revalidate(plan: Plan, prev: Previous, merged_name: str, t: Texts,
               recorded: list[Finding]) -> tuple[dict, dict, list[Finding]]:
    """The merged workbook as the coordinator left it: its rows and assessments (statuses and levels in the
    plan's spelling) and the findings that still stand (:func:`open_findings`)."""
    planned = {a.id: a for a in plan.activities}
    rows = {}
    for aid in prev.order:
        old = prev.rows[aid]
        row = prev.row_numbers.get(aid, 0)  # 0: a deleted row put back (merged.restore_deleted)
        where = Where(old["department"], merged_name, t("sheet.activities"), row, prev.cols)
        answer = check_activity(plan, aid, planned.get(aid), old["status"], old["end"], old["comment"], where)
        rows[aid] = replace(old, status=answer.status, end=answer.end, comment=answer.comment)
    assessments = {}
    for g in plan.goals:
        kept = prev.assessments.get(g.id, {"level": "", "analysis": ""})
        where = Where(g.owner, merged_name, t("sheet.assessment"), 0)
        level, analysis, _ = check_assessment(plan, g.id, kept["level"], kept["analysis"], where)
        assessments[g.id] = (level, analysis)
    return rows, assessments, open_findings(plan, prev, recorded, merged_name, t)


def open_findings(plan: Plan, prev: Previous, recorded: list[Finding], merged_name: str, t: Texts) -> list[Finding]:
    """The findings that stand for a merged workbook as the coordinator left it: those collect would count now.

    ``recorded`` is what the last collect found (its ``Brister`` sheet). The
    coordinator's edits are carried over exactly as collect carries them
    (:func:`malxl.collect.carry_over`, with every department's answer as it was
    collected): a row or goal the coordinator changed is checked again and its
    earlier findings give way to the new ones; an unanswered department stays
    one ``missing-submission``. The ``edit-conflict`` findings of the last
    collect are settled (the department's answer is the one the workbook
    holds) and are not counted again, as a new collect would not count them; nor are the recorded findings
    about the coordinator's own values (``by_coordinator``): those values are checked as they are now.
    Its ``deleted-activity`` findings are made again by ``carry_over`` from the
    workbook as it is now (a row put back no longer counts).
    """
    from .collect import assessment_gaps, carry_over

    planned = set()
    rows = []
    for a in plan.activities:
        planned.add(a.id)
        row = ActivityRow(a.id, a.title, a.department, a.goal_ids, a.planned_end)
        sent = prev.collected.get(("a", a.id))
        if sent is not None:
            row.status, row.end, row.comment, row.answered = sent["status"], sent["end"], sent["comment"], True
        rows.append(row)
    for aid in prev.order:  # the rows departments added (those the coordinator added carry_over keeps itself)
        sent = prev.collected.get(("a", aid))
        if aid in planned or sent is None:
            continue
        old = prev.rows[aid]
        rows.append(ActivityRow(aid, old["title"], old["department"], tuple(old["goal_ids"]), None, sent["status"],
                                sent["end"], sent["comment"], old["source"], added=True, answered=True))
    goals = {key: (v["level"], v["analysis"]) for (kind, key), v in prev.collected.items() if kind == "g"}
    assessments = [Assessment(gid, level, analysis) for gid, (level, analysis) in goals.items()]
    # The coordinator's values are checked again as they are now (carry_over), not taken from the record.
    standing = [f for f in recorded if f.code not in ("edit-conflict", "deleted-activity") and not f.by_coordinator]
    merged = Merged(plan, rows, assessments, standing, [], {}, {}, goals)
    carry_over(merged, prev, merged_name, t)
    unanswered = {f.department for f in recorded
                  if f.code == "empty-submission" or (f.code == "missing-submission" and not f.file)}
    answered = {d.name: "" for d in plan.departments if d.name not in unanswered}
    merged.findings.extend(assessment_gaps(merged, answered, merged_name, t))
    return merged.findings


def _join(names: list[str], t: Texts) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {t('report.or')} " + names[-1]


def build_report(plan: Plan, rows: dict, assessments: dict, texts_: dict, findings: list[Finding]) -> ReportModel:
    """The report's content in the seed's order."""
    t = texts(plan.settings.language)
    v = plan.vocabulary
    s = plan.settings
    by_goal: dict[str, list[ReportActivity]] = {}
    deviations = []
    unassigned = []
    known = plan.goal_ids
    for aid, row in rows.items():
        st = v.status(row["status"])
        reported = bool(row["status"])
        act = ReportActivity(aid, row["title"], row["status"] if reported else t("report.not_reported"), row["end"],
                             row["comment"], bool(st and st.needs_comment), st.colour if st else "", reported)
        goal_ids = row["goal_ids"]
        if not all(gid in known for gid in goal_ids):  # an added row's goal as typed: "2.5.1 Text", "2.5.1, 2.6.1"
            goal_ids = goal_refs(", ".join(goal_ids), known)
        for gid in goal_ids:
            by_goal.setdefault(gid, []).append(act)
        if not goal_ids:
            unassigned.append(act)  # never dropped: listed under "added activities without a goal"
        if act.deviating:
            deviations.append(act)
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
                    _trend_item(v, s.period, gm.level, t)]
            goal_models[g.id] = gm
            chapter.goals.append(gm)
        if not chapter.goals:
            chapter.note = t("report.no_goals_note")
        chapters.append(chapter)
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
    summary = Summary(counts, total - assessed, total, met, not_met, sentence)
    found = changes(plan, ((aid, row["department"], row["title"], row["status"], row["end"])
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
        chapters=chapters, summary=summary,
        deviations=[(first_goal.get(a.id), a) for a in deviations],
        findings=findings, lang=t.lang, unassigned=unassigned,
        previous_period=plan.previous_period, changes=found,
        changes_sentence=_changes_sentence(plan.previous_period, found, t) if plan.previous_period else "",
    )


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
    rows, assessments, findings = revalidate(plan, prev, merged_path.name, t, recorded)
    return build_report(plan, rows, assessments, prev.texts, findings), recorded


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
    from .render.docx import write_report_docx
    from .render.html import write_report_html
    from .render.xlsx import write_report_xlsx

    merged_path = Path(merged_path)
    out_dir = Path(out_dir) if out_dir else merged_path.parent / "rapport"
    names = ["rapport.xlsx", "rapport.html", "rapport.docx"] + (["rapport.pdf"] if pdf else [])
    check_outputs(out_dir / n for n in names)  # none open in Excel or Word: nothing written if one is
    model, recorded = _load(merged_path)
    paths = [write_report_xlsx(model, out_dir / "rapport.xlsx"),
             write_report_html(model, out_dir / "rapport.html", templates),
             write_report_docx(model, out_dir / "rapport.docx", templates)]
    if pdf:
        from .render.pdf import write_report_pdf

        paths.append(write_report_pdf(out_dir / "rapport.pdf", html=paths[1], docx=paths[2], model=model,
                                      templates=templates, progress=progress))
    stale = out_of_date(recorded, model.findings)
    inbox = last_inbox(merged_path.parent / ARCHIVE_NAME, merged_path.name) if stale else None
    return ReportResult(model, paths, model.findings, stale, inbox)
