"""Findings: what is wrong in a returned workbook, as data with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every finding code with its severity. Codes are stable: README lists them.
CODES: dict[str, Severity] = {
    "missing-comment": E,
    "invalid-status": E,
    "missing-status": E,
    "invalid-date": E,
    "overdue": W,
    "changed-date": I,
    "missing-submission": W,
    "duplicate-submission": W,
    "unknown-file": W,
    "wrong-plan": E,
    "unreadable-file": E,
    "unknown-activity": W,
    "missing-activity": E,
    "changed-text": W,
    "invalid-assessment": E,
    "missing-assessment": W,
    "edit-conflict": W,
    "skipped-file": I,
    # Beyond the original list: structure a department changed.
    "missing-sheet": E,
    "missing-column": E,
    "duplicate-activity": W,
    # A hostile inbox: files that are not what they seem, and cells that cannot be read as shown.
    "protected-file": E,
    "rejected-file": E,
    "macros-ignored": W,
    "other-format": I,
    "uncalculated-formula": E,
    "error-value": E,
    "merged-cells": W,
    "stray-cells": W,
    "truncated-text": W,
    # Answers that must land where they belong.
    "foreign-id": W,
    "missing-goal": W,
    "empty-submission": W,
    "future-saved-time": W,
}


@dataclass(frozen=True)
class Finding:
    """One problem, located as precisely as it can be.

    ``cell`` is a plain A1 reference on ``sheet``; ``message`` is already in
    the user's language; ``subject`` names the activity or goal concerned.
    """

    code: str
    severity: Severity
    message: str
    department: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    subject: str = ""  # the activity or development goal id the finding is about
    detail: str = ""  # a library's own words about a file it could not read: for --debug and the manifest

    @property
    def where(self) -> str:
        parts = [self.file or self.department, self.sheet, self.cell]
        return " ".join(p for p in parts if p) or "-"


def finding(code: str, message: str, *, severity: Severity | None = None, **where) -> Finding:
    """A Finding of ``code`` with its registered severity (or an explicit one)."""
    return Finding(code, severity or CODES[code], message, **where)


def count(findings, severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)


def summary(findings) -> dict[str, int]:
    """The counts every command prints (collect, status, report): ``errors``, ``warnings``, ``infos``."""
    return {"errors": count(findings, E), "warnings": count(findings, W), "infos": count(findings, I)}


def summary_line(findings, t) -> str:
    """``Brister: 3 fel, 6 varningar, 4 info.``: the one summary line of a set of findings, in ``t``'s language."""
    return t("cli.counts", **summary(findings))


SEVERITY_ORDER = {E: 0, W: 1, I: 2}


def sort_key(f: Finding):
    return (SEVERITY_ORDER[f.severity], f.department, f.file, f.sheet, _cell_key(f.cell), f.code)


def _cell_key(cell: str):
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, len(letters), letters)
