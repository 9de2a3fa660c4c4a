"""Who has answered: a read-only overview of an inbox, for the terminal.

:func:`status` reads the inbox the way collect does (same scanning, same
choice of each department's latest answer, the coordinator's edits in the
merged workbook carried over) but keeps everything in memory: it writes
nothing, not even the merged workbook. Its findings are the ones collect
would make now, so both print the same summary line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .errors import InputError
from .findings import Finding, Severity, count, findings_dict, summary_line, summary_words
from .garbage import fewer_collections
from .inbox import gather
from .merged import read_recorded
from .models import Plan, on_clock
from .plan import read_plan
from .progress import Progress
from .project import default_paths, out_of_date_notice
from .rules import out_of_date
from .texts import Texts, texts


@dataclass
class DepartmentStatus:
    name: str
    contact: str
    answered: bool
    file: str = ""
    saved: datetime | None = None  # aware (UTC)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count(self.findings, Severity.ERROR)

    @property
    def warnings(self) -> int:
        return count(self.findings, Severity.WARNING)

    def as_dict(self) -> dict:
        """The department as ``malxl status --json`` lists it (``file`` and ``saved``, in UTC, None if it has not
        answered)."""
        return {"name": self.name, "contact": self.contact, "answered": self.answered, "file": self.file or None,
                "saved": self.saved.isoformat() if self.saved else None, "errors": self.errors,
                "warnings": self.warnings}


@dataclass
class StatusResult:
    plan: Plan
    inbox: Path
    today: date
    departments: list[DepartmentStatus]
    other: list[Finding] = field(default_factory=list)  # about files of no department, and Kolada's values
    counted: list[Finding] = field(default_factory=list)  # every finding, as collect would count them now
    merged: Path | None = None  # the merged workbook whose edits were carried over
    stale: bool = False  # its Översikt and Brister count otherwise than ``counted``: a collect would change them

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.departments for f in d.findings] + self.other

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.departments)

    @property
    def days_left(self) -> int | None:
        """Days until Sista svarsdag (0 on the day, negative after it); None without a deadline."""
        deadline = self.plan.settings.deadline
        return (deadline - self.today).days if deadline else None

    @property
    def ok(self) -> bool:
        """Every department has answered and no finding is an error."""
        return self.answered == len(self.departments) and count(self.findings, Severity.ERROR) == 0

    def as_dict(self, t: Texts) -> dict:
        """What ``malxl status --json`` prints: the inbox and the merged workbook whose edits count, today, Sista
        svarsdag and the days left (None without one), whether a collect would change the merged workbook's
        counts (``stale``), each department (:meth:`DepartmentStatus.as_dict`) in the plan's order, and the
        findings as collect would count them now, with their counts (:func:`malxl.findings.findings_dict`)."""
        deadline = self.plan.settings.deadline
        return {"inbox": str(self.inbox), "merged": str(self.merged) if self.merged else None,
                "today": self.today.isoformat(), "deadline": deadline.isoformat() if deadline else None,
                "days_left": self.days_left, "stale": self.stale,
                "departments": [d.as_dict() for d in self.departments], **findings_dict(self.counted, t)}


def status(inbox: Path, plan_path: Path | None = None, today: date | None = None,
           merged_path: Path | None = None, progress: Progress | None = None) -> StatusResult:
    """Each department's answer in ``inbox`` (answered, file, errors, warnings) and the days to the deadline.

    ``plan_path`` defaults to ``plan.xlsx`` beside the inbox, ``merged_path`` to
    ``sammanstallning.xlsx`` beside it: the coordinator's edits there are carried
    over as collect does, so the findings are those collect would count now
    (``stale`` if the merged workbook's Översikt and Brister count otherwise).
    Nothing is written. ``progress`` as for :func:`malxl.inbox.scan_inbox`.
    """
    inbox = Path(inbox)
    plan_path, merged_path = default_paths(inbox, plan_path, merged_path)
    if not inbox.is_dir():
        raise InputError(texts()("error.no_inbox", path=inbox))
    with fewer_collections():
        plan = read_plan(plan_path)
        t = texts(plan.settings.language)
        merged, chosen = gather(plan, inbox, t, merged_path=merged_path,  # the coordinator's edits carried over
                                progress=progress)
    names = {d.name for d in plan.departments}
    departments = []
    for d in plan.departments:
        sub = chosen.get(d.name)
        # "has not answered" is the Svarat column, not a warning of its own
        mine = [f for f in merged.findings if f.department == d.name
                and not (f.code == "missing-submission" and not f.file)]
        departments.append(DepartmentStatus(d.name, d.contact, sub is not None, sub.file if sub else "",
                                            sub.saved if sub else None, mine))
    other = [f for f in merged.findings if f.department not in names]
    stale = merged_path.exists() and out_of_date(read_recorded(merged_path), merged.findings)
    return StatusResult(plan, inbox, today or date.today(), departments, other, list(merged.findings), merged_path,
                        stale)


def days_text(result: StatusResult, t: Texts) -> str:
    """``Sista svarsdag 2024-01-19: 5 dagar kvar.``"""
    days, deadline = result.days_left, result.plan.settings.deadline
    if days is None or deadline is None:
        return t("status.no_deadline")
    if days >= 1:
        left = t("status.days_left", count=days)
    elif days == 0:
        left = t("status.today")
    elif days == -1:
        left = t("status.yesterday")
    else:
        left = t("status.days_ago", days=-days)
    return t("status.deadline", deadline=deadline.isoformat(), left=left)


def table(result: StatusResult, t: Texts) -> list[str]:
    """The overview as aligned lines: one per department, in plan order."""
    header = [t("col.department"), t("col.answered"), t("col.file_used"), t("col.saved"), t("col.errors"),
              t("col.warnings")]
    rows = [header]
    for d in result.departments:
        rows.append([d.name, t("yes") if d.answered else t("no"), d.file or "-",
                     on_clock(d.saved).strftime("%Y-%m-%d %H:%M") if d.saved else "-",
                     str(d.errors) if d.answered or d.errors else "-",
                     str(d.warnings) if d.answered or d.warnings else "-"])
    widths = [max(len(r[c]) for r in rows) for c in range(len(header))]
    numeric = {4, 5}
    return ["  ".join(v.rjust(w) if c in numeric else v.ljust(w)
                      for c, (v, w) in enumerate(zip(r, widths, strict=True))).rstrip()
            for r in rows]


def render(result: StatusResult, t: Texts) -> list[str]:
    """Everything ``malxl status`` prints."""
    lines = [days_text(result, t), ""]
    lines += table(result, t)
    lines += ["", t("cli.answered", answered=result.answered, count=len(result.departments)),
              summary_line(result.counted, t)]
    if result.other:
        lines.append(t("status.other_files", **summary_words(result.other, t)))
    if result.stale and result.merged:
        lines.append(out_of_date_notice(result.merged, result.inbox, t))
    lines.append(t("status.next", inbox=result.inbox, merged=result.merged))
    return lines
