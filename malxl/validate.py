"""Pure checks on answers: typed values in, normalised values and findings out.

Nothing here reads or writes files. A :class:`Where` says where a value came
from (a department's workbook or the merged workbook), so every finding names
file, sheet and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .findings import Finding, finding
from .layout import MAX_CELL_TEXT
from .models import Activity, Plan
from .texts import Text
from .vocabulary import Status
from .workbook.values import BadValue, is_blank, to_date, to_text
from .workbook.xlsx import a1, excel_cut, excel_len

_HALF = MAX_CELL_TEXT // 2  # a text no longer than this (in characters) fits in a cell, however it is counted

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(slots=True)
class Where:
    """The location of one row: file, sheet, zero-based row and the column of each key."""

    department: str
    file: str
    sheet: str
    row: int
    cols: dict[str, int] = field(default_factory=dict)
    subject: str = ""

    def at(self, key: str | None = None) -> dict:
        cell = a1(self.row, self.cols[key]) if key in self.cols else ""
        return {"department": self.department, "file": self.file, "sheet": self.sheet, "cell": cell,
                "subject": self.subject}


def clean_text(value: object) -> str:
    """Text a person typed, safe to store: control characters removed, at most one cell long (as Excel counts)."""
    if type(value) is str and value.isprintable():  # no control character, no line break: as typed, trimmed
        return excel_cut(value.strip(), MAX_CELL_TEXT)
    text = _CONTROL.sub("", to_text(value)).replace("\r\n", "\n").replace("\r", "\n")
    return excel_cut(text, MAX_CELL_TEXT)


@dataclass(slots=True)
class Answer:
    status: str
    end: date | str | None
    comment: str
    findings: list[Finding]


def check_activity(
    plan: Plan, activity_id: str, activity: Activity | None,
    raw_status: object, raw_end: object, raw_comment: object, where: Where,
) -> Answer:
    """Validate one activity's Status, Slutdatum and Kommentar; statuses come back in the plan's spelling."""
    where.subject = where.subject or activity_id
    v, s = plan.vocabulary, plan.settings
    found: list[Finding] = []
    comment = clean_text(raw_comment)
    if not (type(raw_comment) is str and len(raw_comment) <= _HALF):  # the common case: nothing cut
        found.extend(_too_long(raw_comment, "col.comment", where))
    status_text = clean_text(raw_status)
    status = v.status(status_text)
    blank_status = is_blank(raw_status)
    if blank_status or status is None:
        found.append(_status_finding(plan, activity_id, blank_status, status_text, where))
    end = None
    kept_end: date | str | None = None
    planned = activity.planned_end if activity else None
    try:
        # A date cell (the common case) is its own value; anything else is read as typed.
        end = kept_end = raw_end if type(raw_end) is date else to_date(raw_end)
    except BadValue:
        kept_end = clean_text(raw_end)  # kept as typed, so nothing is lost
        found.append(finding("invalid-date", {"value": to_text(raw_end), "example": _example(s)},
                             **where.at("col.end")))
    else:
        if end is None and planned is not None and not blank_status:
            found.append(finding("invalid-date", {"activity": activity_id, "example": _example(s)},
                                 key="finding.missing-date", **where.at("col.end")))
    if status:
        _check_answered(status, comment, end, s.report_date, where, found)
    if end and planned and end != planned:
        found.append(finding("changed-date", {"planned": planned.isoformat(), "end": end.isoformat()},
                             **where.at("col.end")))
    return Answer(status.name if status else status_text, kept_end, comment, found)


def _status_finding(plan: Plan, activity_id: str, blank: bool, typed: str, where: Where) -> Finding:
    """``missing-status`` for a blank Status, ``invalid-status`` for a word that is none of the plan's."""
    if blank:
        return finding("missing-status", {"activity": activity_id}, **where.at("col.status"))
    return finding("invalid-status", {"value": typed, "allowed": ", ".join(x.name for x in plan.vocabulary.statuses)},
                   **where.at("col.status"))


def _check_answered(status: Status, comment: str, end: date | None, report_date: date | None, where: Where,
                    found: list[Finding]) -> None:
    """What a known status asks of the row: a comment where it needs one, and no end date passed while the
    activity is still under way (``overdue``)."""
    if status.needs_comment and not comment.strip():
        found.append(finding("missing-comment", {"status": status.name},
                             **where.at("col.comment")))
    if not status.finished and not status.needs_comment and end and report_date and end < report_date:
        found.append(finding("overdue", {"end": end.isoformat(), "report_date": report_date.isoformat(),
                                         "status": status.name}, **where.at("col.end")))


def _example(s) -> str:
    """The date shown as an example in messages: the deadline, or the report date."""
    return (s.deadline or s.report_date).isoformat()


def check_assessment(plan: Plan, goal_id: str, raw_level: object, raw_analysis: object,
                     where: Where) -> tuple[str, str, list[Finding]]:
    """Validate one development goal's Bedömning; the level comes back in the plan's spelling."""
    where.subject = goal_id
    v = plan.vocabulary
    text = clean_text(raw_level)
    analysis = clean_text(raw_analysis)
    long = _too_long(raw_analysis, "col.analysis", where)
    if is_blank(raw_level):
        return "", analysis, [finding("missing-assessment", {"goal": goal_id},
                                      **where.at("col.level"))] + long
    level = v.level(text)
    if level is None:
        return text, analysis, [finding("invalid-assessment", {"value": text,
                                        "allowed": ", ".join(lv.name for lv in v.levels)}, **where.at("col.level"))] + long
    return level.name, analysis, long


def _too_long(raw: object, key: str, where: Where) -> list[Finding]:
    """``truncated-text`` if a text is longer than a cell holds, counted in UTF-16 units as Excel counts
    (the whole text stays in the archived file)."""
    if type(raw) is str and len(raw) <= _HALF:
        return []  # cleaning only shortens a text
    length = excel_len(_CONTROL.sub("", to_text(raw)).replace("\r\n", "\n").replace("\r", "\n"))
    if length <= MAX_CELL_TEXT:
        return []
    return [finding("truncated-text", {"column": Text(key), "length": length, "limit": MAX_CELL_TEXT},
                    **where.at(key))]
