"""Findings: what is wrong in a returned workbook, as data with a stable code."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .codes import CODES, E, I, Severity, W  # the registry of codes (what each concerns, who fixes it)
from .texts import Text, Texts


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


def summary_words(findings, t) -> dict[str, str]:
    """:func:`summary`'s counts in words (``3 fel``, ``1 varning``), for the texts that show them."""
    return {kind: t(f"count.{kind}", count=n) for kind, n in summary(findings).items()}


def summary_line(findings, t) -> str:
    """``Brister: 3 fel, 6 varningar, 4 info.``: the one summary line of a set of findings, in ``t``'s language."""
    return t("cli.counts", **summary_words(findings, t))


SEVERITY_ORDER = {E: 0, W: 1, I: 2}


def sort_key(f: Finding):
    return (SEVERITY_ORDER[f.severity], f.department, f.file, f.sheet, _cell_key(f.cell), f.code)


def _cell_key(cell: str):
    letters = "".join(ch for ch in cell if ch.isalpha())
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits) if digits else 0, len(letters), letters)


# -- for a script: --json ---------------------------------------------------------------------------------------------

def as_dict(f: Finding, t: Texts) -> dict:
    """The finding as a script reads it (``--json``): its code and severity (``error``, ``warning``, ``info``), its
    place, its message in ``t``'s language, and its parameters, a :class:`Text` among them in that language's words
    (so ``t(key, **params)`` is the message again: ``key`` is its catalogue key, most often ``finding.<code>``)."""
    return {"code": f.code, "severity": f.severity.value, "department": f.department, "file": f.file,
            "sheet": f.sheet, "cell": f.cell, "subject": f.subject, "key": f.key, "message": f.message(t),
            "params": {name: _plain(value, t) for name, value in f.params.items()}}


def _plain(value, t: Texts):
    """A parameter as JSON holds it: a Text in words, a number or text as it is, anything else as the message
    shows it (a list of Texts, the reasons of an ``assessment-evidence``, joined as the message joins them)."""
    if isinstance(value, Text):
        return t.render(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(_plain(v, t)) for v in value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def findings_dict(findings, t: Texts) -> dict:
    """What every ``--json`` document holds: ``lang``, the ``summary`` (:func:`summary`'s counts, as the summary
    line says them) and each finding (:func:`as_dict`) in the order the command lists them."""
    return {"lang": t.lang, "summary": summary(findings),
            "findings": [as_dict(f, t) for f in sorted(findings, key=sort_key)]}


def to_json(document: dict) -> str:
    """A ``--json`` document as text: ASCII only (every other character a ``\\u`` escape, which any JSON reader
    turns back), so it passes unchanged through any console's code page, a Windows console's included."""
    return json.dumps(document, ensure_ascii=True, indent=2, default=str)
