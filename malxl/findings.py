"""Findings: what is wrong in a returned workbook, as data with a stable code."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum

from .texts import Text, Texts


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
    # Indicators: values against their targets, and assessments against their evidence.
    "assessment-evidence": W,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located as precisely as it can be, as data: its words are rendered where it is shown.

    ``cell`` is a plain A1 reference on ``sheet``; ``subject`` names the
    activity or goal concerned. The message is the catalogue's ``key`` with
    ``params`` (a parameter may be a :class:`~malxl.texts.Text`), rendered in
    the language of the place that shows it: :meth:`message`. ``shown`` is the
    message as a merged workbook written before malxl kept the parameters
    recorded it: what such a finding shows, in that workbook's language.
    """

    code: str
    severity: Severity
    department: str = ""
    file: str = ""
    sheet: str = ""
    cell: str = ""
    subject: str = ""  # the activity or development goal id the finding is about
    key: str = ""  # the catalogue key of its message
    params: dict = field(default_factory=dict, hash=False)
    detail: str = ""  # a library's own words about a file it could not read: for --debug and the manifest
    shown: str = ""

    @property
    def where(self) -> str:
        parts = [self.file or self.department, self.sheet, self.cell]
        return " ".join(p for p in parts if p) or "-"

    def message(self, t: Texts) -> str:
        """The finding's words in ``t``'s language."""
        return t.render(self.key, self.params) if self.key else self.shown


def finding(code: str, params: dict | None = None, *, key: str = "", severity: Severity | None = None,
            **where) -> Finding:
    """A Finding of ``code`` with its registered severity (or an explicit one).

    Its message is ``key`` (by default ``finding.<code>``) with ``params``; ``where`` are the
    location's fields (department, file, sheet, cell, subject) and ``detail``.
    """
    return Finding(code, severity or CODES[code], key=key or f"finding.{code}", params=params or {}, **where)


def params_json(f: Finding) -> str:
    """The finding's key and parameters as JSON (a :class:`Text` as ``{"$text": key, "params": ...}``), so
    that a finding read back from a workbook is rendered again in the language of its new place."""
    return json.dumps({"key": f.key, "params": f.params}, ensure_ascii=False, default=_encode, separators=(",", ":"))


def from_json(text: str) -> tuple[str, dict] | None:
    """The key and parameters :func:`params_json` wrote, or None if ``text`` is not that."""
    try:
        data = json.loads(text, object_hook=_decode)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str) or not isinstance(data.get("params"), dict):
        return None
    return data["key"], data["params"]


def _encode(value):
    if type(value) is Text:
        return {"$text": value.key, "params": value.params}
    return str(value)  # (a date, should one ever be a parameter: as the message would show it)


def _decode(obj: dict):
    if "$text" in obj and isinstance(obj["$text"], str):
        return Text(obj["$text"], obj.get("params") or {})
    return obj


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
