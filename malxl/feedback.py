"""Close the loop with the departments: a return package for each that has something to fix or has not answered.

Everything comes from the merged workbook: the plan (hidden ``plan.*``
sheets), the findings (Brister, with the coordinator's edits carried over as
``report`` does, so only what is still open is asked for), the files used
(Inkomna) and each department's rows as the workbook holds them now (the
coordinator's fixes included). :func:`plan_feedback` decides who gets what, in
memory; :func:`feedback` writes ``DIR/<Avdelning>/`` with the department's
workbook generated afresh and pre-filled (problem cells marked with notes, a
first sheet Att åtgärda) and an email draft, or sends the emails.

A finding is mapped to the new workbook by its subject (activity or goal id)
and the column its code concerns, never by the old cell address: the
department may have moved rows about.
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from . import layout
from .codes import ACTIVITIES, ASSESSMENT, FIX_CODES, INDICATORS, MARKED, PLACES
from .department import Problem, answer_rows, write_department_workbook
from .errors import InputError
from .findings import Finding, Severity, sort_key
from .indicators import Point, reported_by
from .mail import (
    REMINDER_TEMPLATE,
    RETURN_TEMPLATE,
    MailError,
    SmtpSettings,
    build_message,
    draft_bytes,
    render_email,
    send_messages,
    split_addresses,
)
from .merged import (
    EDITABLE,
    AssessmentRecord,
    Previous,
    RowRecord,
    SentAssessment,
    SentRow,
    read_answered,
    read_findings,
    read_merged,
)
from .models import ActivityRow, Assessment, Plan
from .rules import open_findings
from .style import load_style
from .texts import Texts, texts
from .workbook.outputs import check_outputs, make_folder
from .workbook.xlsx import atomic_path, read_book

FEEDBACK_DIR = "aterkoppling"
DEADLINE_DAYS = 7  # a reply date this many days from today when the plan's Sista svarsdag has passed
LOG_NAME = "skickat.log"
RETURN, REMINDER = "return", "reminder"

@dataclass
class Item:
    """One thing a department must fix, placed in its new workbook."""

    finding: Finding
    text: str  # what to do, in the department's language: malxl's text, never the department's
    about: str = ""  # the activity or goal: id and the plan's title (safe to put in an email)
    own: str = ""  # for a row the department added: its id and title as typed (workbook only)
    sheet: str = ""  # sheet key in the new workbook
    cell: str = ""  # A1 in the new workbook
    mark: bool = False


@dataclass
class Package:
    """What one department gets: a return workbook with its problems, or a reminder with a blank workbook."""

    department: str
    kind: str
    items: list[Item] = field(default_factory=list)
    rows: list[ActivityRow] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    contact: str = ""
    folder: Path | None = None
    workbook: Path | None = None
    draft: Path | None = None
    subject: str = ""
    result: str | None = None  # after --send: "" sent, else why not
    other_round: list[Finding] = field(default_factory=list)  # a reminder: its files from another round (wrong-plan)
    values: list[Point] = field(default_factory=list)  # the report year's indicator values, to pre-fill


@dataclass
class FeedbackResult:
    folder: Path
    packages: list[Package]
    notes: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    log: Path | None = None
    lang: str = "sv"
    deadline: date | None = None  # the reply date the workbooks and emails name

    @property
    def returns(self) -> list[Package]:
        return [p for p in self.packages if p.kind == RETURN]

    @property
    def reminders(self) -> list[Package]:
        return [p for p in self.packages if p.kind == REMINDER]

    @property
    def failed(self) -> list[Package]:
        return [p for p in self.packages if p.result]

    @property
    def ok(self) -> bool:
        return not self.failed


def feedback(merged_path: Path, out_dir: Path | None = None, *, departments: list[str] | None = None,
             templates: Path | None = None, deadline: date | None = None, smtp: SmtpSettings | None = None,
             now: datetime | None = None, today: date | None = None) -> FeedbackResult:
    """Write a return package for every department with something to fix or no answer; with ``smtp``, send them.

    ``out_dir`` defaults to ``aterkoppling/`` beside the merged workbook;
    ``departments`` limits the run to those named; ``templates`` is the
    coordinator's template folder (workbook style and email texts);
    ``deadline`` replaces the plan's Sista svarsdag in workbooks and emails
    (without it, a Sista svarsdag before ``today`` becomes today + 7 days);
    ``now`` (UTC) is recorded as the workbooks' saved time, so they count
    as newer than what the departments sent; ``today`` defaults to its date.
    """
    merged_path = Path(merged_path)
    plan, prev = read_merged(merged_path)
    book = read_book(merged_path)
    t = texts(plan.settings.language)
    passed = plan.settings.deadline
    reply = reply_date(passed, deadline, today or (now.date() if now else date.today()))
    if reply != passed:
        plan = replace(plan, settings=replace(plan.settings, deadline=reply))
    findings = open_findings(plan, prev, read_findings(book, t), merged_path.name, t)
    # The merged workbook's Indikatorer sheet as read back (merged.py's Previous.indicators), where it has one.
    records = prev.indicators
    packages = _only(plan_feedback(plan, prev, findings, read_answered(book, t), t, records), departments, plan, t)
    _check_sender(plan, smtp, t)  # before anything is written
    out = Path(out_dir) if out_dir else merged_path.parent / FEEDBACK_DIR
    result = FeedbackResult(out, packages, lang=plan.settings.language, deadline=reply)
    if packages and reply:
        result.notes.append(_deadline_note(reply, passed, deadline, t))
    stems = layout.file_names(d.name for d in plan.departments)  # as generate names them
    result.notes += _place(packages, out, stems, plan.settings.organisation, t)
    check_outputs([x for p in packages for x in (p.workbook, p.draft) if x] + ([out / LOG_NAME] if smtp else []))
    _deliver(plan, result, templates, smtp, now, t)
    mine = {p.department for p in packages}
    result.stale = [d.name for d in plan.departments if d.name not in mine
                    and (not departments or d.name in departments) and (out / stems[d.name]).is_dir()]
    return result


def _check_sender(plan: Plan, smtp: SmtpSettings | None, t: Texts) -> None:
    """Stop (MailError) if emails are to be sent without a sender in the plan, or without the SMTP password."""
    if smtp and not plan.settings.coordinator_email:
        raise MailError(t("error.no_sender"))
    if smtp and smtp.user and not smtp.password:
        raise MailError(t("error.smtp_password", user=smtp.user))


def _deadline_note(reply: date, passed: date | None, given: date | None, t: Texts) -> str:
    """What the console says of the reply date the workbooks and emails name (``reply``): moved, if the plan's
    Sista svarsdag (``passed``) had passed and no ``--deadline`` was ``given``."""
    if reply in (passed, given):
        return t("feedback.deadline", deadline=reply.isoformat())
    assert passed is not None  # reply_date moves only a plan date that passed
    return t("feedback.deadline_moved", deadline=reply.isoformat(), passed=passed.isoformat(), days=DEADLINE_DAYS)


def _place(packages: list[Package], out: Path, stems: dict[str, str], organisation: str, t: Texts) -> list[str]:
    """Give each package its folder in ``out``, its workbook and its draft (named as generate names the
    department's workbook); the notes on the files from another round its reminder names."""
    notes = []
    for p in packages:
        p.folder = out / stems[p.department]
        p.workbook = p.folder / f"{stems[p.department]}.xlsx"
        p.draft = p.folder / f"{stems[p.department]}.eml"
        notes += [_other_round_note(p, f, organisation, t) for f in p.other_round]
    return notes


def _deliver(plan: Plan, result: FeedbackResult, templates: Path | None, smtp: SmtpSettings | None,
             now: datetime | None, t: Texts) -> None:
    """Write each package's workbook, and its email as a draft or, with ``smtp``, sent (and logged)."""
    packages = result.packages
    stamp = now or datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    messages = _write_workbooks(plan, packages, load_style(templates), templates, stamp, t)
    result.notes += [t("feedback.no_email", department=p.department) for p in packages if not p.recipients]
    if smtp is None:
        for p, msg in zip(packages, messages, strict=True):
            assert p.draft is not None  # set by _place, for every package
            _write_bytes(p.draft, draft_bytes(msg))
    else:
        _send(packages, messages, smtp, t)
        result.log = write_log(result.folder / LOG_NAME, packages, t)


def _only(packages: list[Package], departments: list[str] | None, plan: Plan, t: Texts) -> list[Package]:
    """The packages of the ``departments`` named (all without a name); a name not in the plan stops the run."""
    if not departments:
        return packages
    known = [d.name for d in plan.departments]
    for name in departments:
        if name not in known:
            raise InputError(t("error.unknown_department", department=name, departments=", ".join(known)))
    return [p for p in packages if p.department in departments]


def _write_workbooks(plan: Plan, packages: list[Package], style, templates: Path | None, stamp: datetime,
                     t: Texts) -> list:
    """Each package's workbook (pre-filled, problems marked) and its email, as a message per package."""
    s = plan.settings
    messages = []
    for p in packages:
        assert p.workbook is not None and p.draft is not None  # set by _place, for every package
        write_department_workbook(plan, p.department, p.workbook, style=style, now=stamp, rows=p.rows,
                                  assessments=p.assessments, problems=[problem(i, t) for i in p.items],
                                  values=p.values)
        template = RETURN_TEMPLATE if p.kind == RETURN else REMINDER_TEMPLATE
        p.subject, body = render_email(template, email_fields(plan, p, t), s.language, t, templates)
        messages.append(build_message(s.coordinator_email, s.coordinator, p.recipients, p.contact, p.subject, body,
                                      [(p.workbook.name, p.workbook.read_bytes())],
                                      date=stamp.replace(tzinfo=UTC)))
    return messages


def _send(packages: list[Package], messages: list, smtp: SmtpSettings, t: Texts) -> None:
    """Send what has a recipient; each package's ``result`` says how it went. What could not be sent stays as a
    draft; an earlier run's draft of what is now sent goes (no double sending)."""
    sendable = [(p, m) for p, m in zip(packages, messages, strict=True) if p.recipients]
    for (p, _), reason in zip(sendable, send_messages([m for _, m in sendable], smtp, t), strict=True):
        p.result = reason
    for p, msg in zip(packages, messages, strict=True):
        if not p.recipients:
            p.result = t("feedback.no_recipient")
        assert p.draft is not None  # set by feedback() for every package
        if p.result:
            _write_bytes(p.draft, draft_bytes(msg))
        else:
            p.draft.unlink(missing_ok=True)
            p.draft = None


def reply_date(planned: date | None, given: date | None, today: date) -> date | None:
    """The reply date to name: ``given`` (``--deadline``) if any, else the plan's Sista svarsdag, unless that has
    passed: then today + :data:`DEADLINE_DAYS`. No department is asked to answer by a day gone by."""
    if given:
        return given
    if planned and planned < today:
        return today + timedelta(days=DEADLINE_DAYS)
    return planned


def plan_feedback(plan: Plan, prev: Previous, findings: list[Finding], answered: dict[str, str],
                  t: Texts, indicators: Iterable = ()) -> list[Package]:
    """Who gets what, in plan order: a reminder for each department without an answer (naming the files it sent
    from another round or plan), a return package for each with findings it can act on (errors and warnings),
    nothing for the others. ``indicators`` are the rows of the merged workbook's Indikatorer sheet (records with
    ``indicator_id``, ``year``, ``value``, ``collected`` and ``comment``), to pre-fill the values sent."""
    indicators = list(indicators)
    packages = []
    mistakes = {(f.subject, PLACES[f.code][1].removeprefix("col.")) for f in findings
                if f.by_coordinator and f.code in PLACES}
    for dept in plan.departments:
        recipients = split_addresses(dept.email)
        if dept.name not in answered:
            packages.append(Package(dept.name, REMINDER, recipients=recipients, contact=dept.contact,
                                    other_round=other_round(findings, dept.name)))
            continue
        rows, assessments = current_values(plan, prev, dept.name, mistakes)
        at = answer_rows(plan, dept.name, rows)
        mine = sorted((f for f in findings if _wanted(f, dept.name)), key=sort_key)
        items = [place(plan, f, at, rows, t) for f in mine]
        if items:
            packages.append(Package(dept.name, RETURN, items, rows, assessments, recipients, dept.contact,
                                    values=indicator_values(plan, indicators, dept.name)))
    return packages


def other_round(findings: list[Finding], department: str) -> list[Finding]:
    """The department's files that belong to another round or plan (``wrong-plan``, its period known), by name."""
    return sorted((f for f in findings if f.code == "wrong-plan" and f.department == department and f.file
                   and "period" in f.params), key=lambda f: f.file)


def _other_round_note(p: Package, f: Finding, organisation: str, t: Texts) -> str:
    """What the console says of a reminder's file from another round (or another organisation's plan)."""
    other = f.params.get("organisation", "")
    key = "feedback.other_plan" if other and other != organisation else "feedback.other_round"
    return t(key, department=p.department, file=f.file, period=f.params["period"], organisation=other,
             attachment=p.workbook.name if p.workbook else layout.file_name(p.department))


def _wanted(f: Finding, department: str) -> bool:
    if f.department != department or f.code not in FIX_CODES or f.severity == Severity.INFO or f.by_coordinator:
        return False  # (a value the coordinator typed is the coordinator's to fix, not the department's)
    return not (f.code == "missing-submission" and not f.file)  # no answer at all: a reminder instead


def current_values(plan: Plan, prev: Previous, department: str, mistakes: Container[tuple[str, str]] = (),
                   ) -> tuple[list[ActivityRow], list[Assessment]]:
    """The department's rows and assessments as the merged workbook holds them now (the coordinator's fixes
    included), to pre-fill its workbook: sent back unchanged, they change nothing on the next collect.

    A planned row is pre-filled when the department answered it or the coordinator filled it in; the rows the
    department added come along (the rows the coordinator added by hand stay in the merged workbook).
    ``mistakes`` are the (activity or goal id, field) whose value the coordinator typed wrong: those are
    pre-filled as the department sent them, so that it never sends back the coordinator's mistake as its own.
    """
    rows = []
    for a in plan.activities_of(department):
        old = prev.rows.get(a.id)
        sent = prev.collected_rows.get(a.id)
        if old is None or (sent is None and not any(v not in (None, "") for v in (old.status, old.end, old.comment))):
            continue
        status, end, comment = _prefill(sent, a.id, old, EDITABLE, mistakes)
        rows.append(ActivityRow(a.id, a.title, department, a.goal_ids, a.planned_end, status, _end(end), comment))
    planned = {a.id for a in plan.activities}
    for aid in prev.order:
        old = prev.rows[aid]
        sent = prev.collected_rows.get(aid)
        if aid in planned or sent is None or old.department != department:
            continue
        status, end, comment = _prefill(sent, aid, old, EDITABLE, mistakes)
        rows.append(ActivityRow(aid, old.title, department, tuple(old.goal_ids), None,
                                status, _end(end), comment, added=True))
    assessments = []
    for g in plan.goals_owned_by(department):
        kept = prev.assessments.get(g.id)
        given = prev.collected_goals.get(g.id)
        if kept is not None and (given is not None or kept.level or kept.analysis):
            assessments.append(Assessment(g.id, *_prefill(given, g.id, kept, ("level", "analysis"), mistakes)))
    return rows, assessments


def indicator_values(plan: Plan, records: Iterable, department: str) -> list[Point]:
    """The report year's values of the indicators ``department`` reports, as the merged workbook's Indikatorer
    sheet holds them (the coordinator's fix included; the value as collected where the cell was emptied)."""
    year = plan.settings.report_date.year
    mine = {i.id for i in reported_by(plan.indicators, department)}
    values = []
    for r in records:
        if r.indicator_id in mine and r.year == year:
            value = r.value if r.value is not None else r.collected
            values.append(Point(r.indicator_id, year, value, None, r.comment or ""))
    return values


def _prefill(sent: SentRow | SentAssessment | None, subject: str, shown: RowRecord | AssessmentRecord,
             fields: tuple[str, ...], mistakes: Container[tuple[str, str]]) -> list:
    """``shown``'s ``fields`` (as the merged workbook holds them), each that is the coordinator's mistake (in
    ``mistakes``: ``subject`` and the field) as the department sent it (``sent``; blank if it sent nothing)."""
    return [(getattr(sent, f) if sent is not None else "") if (subject, f) in mistakes else getattr(shown, f)
            for f in fields]


def _end(value) -> date | str | None:
    if isinstance(value, date) or not value:
        return value or None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value  # as typed, shown again so they can correct it


def place(plan: Plan, f: Finding, at: dict, rows: list[ActivityRow], t: Texts) -> Item:
    """The finding as an Item: its text for the department and its cell in the new workbook."""
    s, v = plan.settings, plan.vocabulary
    sent = {r.id: r for r in rows}
    status = v.status(sent[f.subject].status) if f.subject in sent else None
    text = t(f"fix.{f.code}", status=status.name if status else "", example=(s.deadline or s.report_date).isoformat(),
             report_date=s.report_date.isoformat() if s.report_date else "", cell=f"{f.sheet} {f.cell}".strip())
    item = Item(f, text)
    if not f.subject:
        return item
    subject = _Subject(plan, f.subject, sent)
    where = PLACES.get(f.code) or subject.row_link()
    if where:
        sheet, column = where
        subject.name(item, sheet, t)
        r = at.get((sheet, f.subject))
        if r is not None:
            item.sheet, item.cell = sheet, _columns(sheet, bool(plan.previous_period)).cell(column, r)
            item.mark = f.code in MARKED and bool(f.cell)
    return item


class _Subject:
    """What a finding is about, in the plan or among the rows the department sent: an activity (planned or
    added), a development goal or an indicator."""

    def __init__(self, plan: Plan, subject: str, sent: dict[str, ActivityRow]):
        self.id, self.sent = subject, sent
        self.activity = next((a for a in plan.activities if a.id == subject), None)
        self.goal = plan.goal(subject)
        self.indicator = next((i for i in plan.indicators if i.id == subject), None)

    def row_link(self) -> tuple[str, str] | None:
        """For a cell problem in whichever column it was (a formula, an error value): a link to its row."""
        if self.activity or self.id in self.sent:
            return ACTIVITIES, "col.status"
        if self.goal:
            return ASSESSMENT, "col.level"
        return (INDICATORS, "col.indicator_value") if self.indicator else None

    def name(self, item: Item, sheet: str, t: Texts) -> None:
        """Name the subject on the item as the department knows it (an added row by its own words)."""
        if sheet == ACTIVITIES and self.activity:
            item.about = f"{self.activity.id} {self.activity.title}"
        elif sheet == ACTIVITIES and self.id in self.sent:
            item.about = t("feedback.added_row")
            item.own = f"{self.id} {self.sent[self.id].title}".strip()
        elif sheet == INDICATORS and self.indicator:
            item.about = f"{self.indicator.id} {self.indicator.title}"
        elif self.goal:
            item.about = f"{self.goal.id} {self.goal.title}"


def _columns(sheet: str, previous: bool) -> layout.Layout:
    """The columns of a department workbook's sheet (a rolled-over round's workbook has more)."""
    if sheet == ACTIVITIES:
        return layout.activities(previous)
    return layout.assessment(previous) if sheet == ASSESSMENT else layout.indicators()


def problem(item: Item, t: Texts) -> Problem:
    """The item as generate marks and lists it."""
    f = item.finding
    return Problem(item.text, t(f"severity.{f.severity.value}"), item.own or item.about, item.sheet, item.cell,
                   item.mark)


def email_fields(plan: Plan, p: Package, t: Texts) -> dict:
    """What an email template may use: the plan's and malxl's own texts only, never a department's."""
    s = plan.settings
    items = [{"where": f"{t(i.sheet)} {i.cell}" if i.cell else "", "about": i.about, "text": i.text,
              "severity": t(f"severity.{i.finding.severity.value}")} for i in p.items]
    return {
        "organisation": s.organisation, "period": s.period, "department": p.department, "contact": p.contact,
        "coordinator": s.coordinator, "coordinator_email": s.coordinator_email,
        "deadline": s.deadline.isoformat() if s.deadline else "",
        "report_date": s.report_date.isoformat() if s.report_date else "",
        "attachment": p.workbook.name if p.workbook else layout.file_name(p.department),
        "items": items, "has_goals": bool(plan.goals_owned_by(p.department)),
        "other_round": [{"file": f.file, "period": f.params["period"], "organisation": f.params.get("organisation", "")}
                        for f in p.other_round],
        "errors": sum(i.finding.severity == Severity.ERROR for i in p.items),
        "warnings": sum(i.finding.severity == Severity.WARNING for i in p.items),
    }


# -- files -----------------------------------------------------------------------------------------------------

def _write_bytes(path: Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return path


def write_log(path: Path, packages: list[Package], t: Texts, now: datetime | None = None) -> Path:
    """Append who was sent what, and how it went, to ``skickat.log`` (tab-separated, UTF-8)."""
    stamp = (now or datetime.now()).replace(microsecond=0).isoformat(" ")
    new = not path.exists()
    make_folder(path.parent)
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        if new:
            fh.write(t("mail.log_header") + "\n")
        for p in packages:
            outcome = t("mail.sent") if p.result == "" else t("mail.failed", reason=p.result)
            fields = [stamp, outcome, ", ".join(p.recipients) or "-", p.subject, p.workbook.name if p.workbook else ""]
            fh.write("\t".join(" ".join(x.split()) for x in fields) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return path
