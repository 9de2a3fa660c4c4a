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

#: Every finding code with its severity. Codes are stable: docs/findings.md lists them (from here and DOCS).
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
    # The merged workbook as the coordinator left it.
    "deleted-activity": E,
}

#: When each code is raised, in a line of markdown: docs/findings.md's table is made from CODES and this
#: (python docs/generate.py; tests/test_docs.py fails while a code has no line or the file is stale).
DOCS: dict[str, str] = {
    "missing-comment": "a status that requires a comment, with an empty Kommentar",
    "invalid-status": ("a status not in the vocabulary (matched after Unicode NFC, trimming incl. non-breaking spaces, "
                       "collapsing inner spaces and ignoring case; written back in the plan's spelling)"),
    "missing-status": "no status",
    "invalid-date": "Slutdatum is not a date, or empty where the plan has one",
    "overdue": "a valid status that is neither finished nor deviating, with Slutdatum strictly before Rapportdatum",
    "changed-date": "the department moved the end date",
    "missing-submission": ("a department that has not answered, or activities added to the plan after its workbook "
                           "was made"),
    "duplicate-submission": ("several workbooks from one department; the latest saved is used, the others are named "
                             "(Fel if two tie)"),
    "unknown-file": ("not a malxl workbook (another extension than .xlsx, .xlsm, .xls, .ods, or a workbook without "
                     "malxl's identity sheet)"),
    "wrong-plan": "a workbook of another organisation or period, or of a department not in the plan",
    "unreadable-file": (
        "the file cannot be read as a workbook, and says why in words: empty, a CSV or HTML file (or Excel 2003 XML, "
        "a PDF, an image, a Word document) named .xlsx, cut off in download, a zip that is no workbook, an Excel "
        "binary workbook (`.xlsb`) or one from Excel 4 or earlier (formats malxl does not read), a damaged part "
        "(invalid XML, a wrong checksum, cut off), or a reader that failed or crashed on it. The reading library's "
        "own (English) words are never in the message: `--debug` prints them under the finding and the manifest "
        "keeps them (`details`)"),
    "unknown-activity": "a row the department added; kept, not lost",
    "missing-activity": "a row sent to the department was deleted",
    "changed-text": "a locked text was edited; the plan's text is kept",
    "invalid-assessment": "an assessment not in the vocabulary",
    "missing-assessment": "a development goal without Bedömning (an empty Analys is allowed)",
    "edit-conflict": "a newer department answer replaced a coordinator's edit",
    "deleted-activity": (
        "a planned activity's row was deleted from Aktiviteter in the merged workbook; the department's answer "
        "(kept in the hidden sheet) still counts in the report, the history and a return workbook, and the next "
        "collect writes the row back"
    ),
    "skipped-file": (
        "never opened: Excel lock files `~$…`, LibreOffice's `.~lock…#`, hidden files, macOS `._…` files and "
        "`__MACOSX/`, `Thumbs.db`, `desktop.ini`, links, pipes and sub-folders (collect reads only files directly "
        "in the inbox)"),
    "missing-sheet": "a sheet of the department workbook was renamed or deleted (names what was found)",
    "missing-column": "a column of the department workbook is gone (names its header)",
    "duplicate-activity": "one activity id on several rows; the first is used",
    "protected-file": ("a password-protected workbook (`.xlsx`, `.xls` or `.ods`, known before any reader opens it): "
                       "ask for a copy without a password"),
    "rejected-file": (
        "not read, to protect the run: over a size limit, a zip bomb, DOCTYPE or entity declarations in its XML, a "
        "zip packed as Excel never does, or a reader that ran out of time or memory (see "
        "[what collect guarantees](engineering.md#what-collect-guarantees))"),
    "macros-ignored": ("a workbook with macros (.xlsm, Excel 4 macro sheets, ActiveX): read as values; the macros "
                       "are never run nor carried over"),
    "other-format": ("an .xls or .ods, read; formulas without a result and error values cannot be detected in those "
                     "formats"),
    "uncalculated-formula": ("a formula with no saved result (the file was never calculated, e.g. written by a "
                             "script): its value is unknown, never read as blank"),
    "error-value": "a cell showing an error value such as `#REF!` or `#N/A`",
    "merged-cells": "merged cells in the data area; only the top-left value is read",
    "stray-cells": ("cells far outside the table (beyond row 65 536 or column IV, e.g. a value in XFD1048576) were "
                    "not read; names them and their values"),
    "truncated-text": (
        "a text longer than a cell holds (32 767 characters as Excel counts them, in UTF-16 units: an emoji counts "
        "2); the rest is cut off in the merged workbook, never inside an emoji, and kept in the archive"),
    "foreign-id": (
        "a row whose Aktivitets-id belongs to another department (or to a planned activity its workbook was not sent "
        "with, or to another department's added row, or to an activity of an earlier round): kept as the sender's "
        "added row under a new id, `A01 (Kost)`; "
        "the message names the id, whose it is and the new id"),
    "missing-goal": ("an added row with no known development goal; kept, and listed in the report under "
                     "\"Tillagda aktiviteter utan utvecklingsmål\""),
    "empty-submission": ("a workbook sent back untouched (every editable cell as generated): not an answer; the "
                         "department counts as not answered (instead of `missing-submission`)"),
    "future-saved-time": ("a saved time more than a day after the run: the file is ranked by when it arrived in the "
                          "inbox (its modification time there) instead"),
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
    by_coordinator: bool = False

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
    that a finding read back from a workbook is rendered again in the language of its new place; and
    ``"by_coordinator": true`` for a value the coordinator typed."""
    data = {"key": f.key, "params": f.params} | ({"by_coordinator": True} if f.by_coordinator else {})
    return json.dumps(data, ensure_ascii=False, default=_encode, separators=(",", ":"))


def from_json(text: str) -> tuple[str, dict, bool] | None:
    """The key, parameters and ``by_coordinator`` :func:`params_json` wrote, or None if ``text`` is not that."""
    try:
        data = json.loads(text, object_hook=_decode)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str) or not isinstance(data.get("params"), dict):
        return None
    return data["key"], data["params"], data.get("by_coordinator") is True


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
