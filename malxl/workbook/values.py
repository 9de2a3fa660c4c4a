"""Turning cell values as people type them into plain Python values."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..vocabulary import normalise

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ tT]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./ -]\s*(\d{4})$")  # 31.03.2024, 31/3/2024, 31/3 2024, 31-03-2024
_SLASH_ISO = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})(?::[ae])?\.?\s+([a-zåäö]+)\.?,?\s+(\d{4})$")  # 31 mars 2024, 31:a mars 2024
_MONTHS = {name: i for i, names in enumerate([
    ("januari", "jan", "january"), ("februari", "feb", "february"), ("mars", "mar", "march"),
    ("april", "apr"), ("maj", "may"), ("juni", "jun", "june"), ("juli", "jul", "july"),
    ("augusti", "aug", "august"), ("september", "sep", "sept"), ("oktober", "okt", "october", "oct"),
    ("november", "nov"), ("december", "dec")], start=1) for name in names}
_EXCEL_EPOCH = date(1899, 12, 30)
_EPOCH_1904 = date(1904, 1, 1)
_TRUE = {"ja", "j", "x", "true", "sant", "yes", "y", "1"}
_FALSE = {"nej", "n", "false", "falskt", "no", "0", ""}


class BadValue(ValueError):
    """A cell value that cannot be read as the type asked for."""


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    # Asked of every cell: a text that starts with a visible character after trimming is not blank,
    # which spares normalising a long comment just to find that out.
    text = value.strip()
    return not text or (text[0] in "\u200b\ufeff" and normalise(text) == "")


def to_date(value: object, date1904: bool = False) -> date | None:
    """A date from a date cell, a serial number or text in ISO or Swedish form; None if blank.

    ``date1904``: a serial number counts from 1904-01-01 (the workbook uses the 1904 date system).
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise BadValue(value)
    if isinstance(value, (int, float)):
        return serial_date(value, date1904)
    text = normalise(value)
    m = _NAMED.match(text)
    if m and m.group(2) in _MONTHS:
        try:
            return date(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        except ValueError as exc:
            raise BadValue(value) from exc
    for pattern, order in ((_ISO, "ymd"), (_SLASH_ISO, "ymd"), (_COMPACT, "ymd"), (_DMY, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(x) for x in m.groups()[:3])
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return date(y, mo, d)
            except ValueError as exc:
                raise BadValue(value) from exc
    raise BadValue(value)


#: The serial numbers read as dates: 2000-01-01 .. 2099-12-31. A plain number in a date cell is a date typed
#: in a cell of General format (45412 is 2024-04-30); one outside these years is more likely a mistake.
SERIAL_YEARS = (2000, 2099)


def serial_date(value: int | float, date1904: bool = False) -> date:
    """The date an Excel serial number stands for (1900 or 1904 date system); BadValue outside SERIAL_YEARS."""
    epoch = _EPOCH_1904 if date1904 else _EXCEL_EPOCH
    first, last = date(SERIAL_YEARS[0], 1, 1), date(SERIAL_YEARS[1], 12, 31)
    if not (first - epoch).days <= value < (last - epoch).days + 1:
        raise BadValue(value)
    return epoch + timedelta(days=int(value))


def goal_refs(value: object, known) -> tuple[str, ...]:
    """The known development-goal ids a cell names, as a department types or picks them.

    ``2.5.1 Kommunen ska …`` (a goal as the workbook's dropdown and planned rows show it), ``2.5.1`` and
    ``2.5.1, 2.6.1`` (or one per line) all work: each line or comma-separated part counts by its leading
    id. ``known`` is the plan's goal ids (a set or dict); unknown parts are left out.
    """
    text = to_text(value)
    if not text:
        return ()
    if text in known:
        return (text,)
    found: list[str] = []
    for part in _REF_PARTS.split(text):
        words = part.split()
        for n in range(min(len(words), 4), 0, -1):  # the longest leading words that are an id (ids may hold spaces)
            gid = " ".join(words[:n])
            if gid not in known:
                gid = gid.rstrip(".:")
            if gid in known:
                if gid not in found:
                    found.append(gid)
                break
    return tuple(found)


_REF_PARTS = re.compile(r"[\n,;]")


def to_bool(value: object) -> bool:
    """Ja/Nej, x, True/False and 1/0 as a bool; blank is False."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    key = normalise(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadValue(value)


def to_whole(value: object) -> int:
    """A whole number from a number cell or its digits as text (3, 3.0, "3")."""
    if type(value) is float and value.is_integer() and value >= 0:  # a number cell: the common case, at once
        return int(value)
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise BadValue(value)
    text = to_text(value)
    if not text.isascii() or not text.isdigit():
        raise BadValue(value)
    return int(text)


def to_colour(value: object, default: str) -> str:
    """A hex colour RRGGBB (a leading # is allowed); default if blank."""
    if is_blank(value):
        return default
    text = str(value).strip().lstrip("#").upper()
    if re.fullmatch(r"[0-9A-F]{6}", text):
        return text
    raise BadValue(value)


def to_text(value: object) -> str:
    """Cell text as typed, trimmed; numbers without a spurious '.0'."""
    if type(value) is str:  # the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def to_id(value: object) -> str:
    """An id cell as text, with inner whitespace collapsed (ids are matched exactly otherwise)."""
    if type(value) is str and value.isprintable() and "  " not in value and value[-1:] != " " != value[:1]:
        return value  # already as it would come out (isprintable is False for tabs, breaks, NBSP, ZWSP)
    return " ".join(to_text(value).replace("\u00a0", " ").split())


def split_ids(value: object) -> tuple[str, ...]:
    """Comma- or semicolon-separated ids."""
    text = to_text(value)
    if "," not in text and ";" not in text:
        return (text,) if text else ()
    text = text.replace(";", ",")
    return tuple(p.strip() for p in text.split(",") if p.strip())


_ISO_DAYS: dict[date, str] = {}  # value_key of the dates seen: 300,000 rows share a few hundred end dates


def value_key(value) -> str:
    """A comparable form of a cell value (dates as ISO text)."""
    kind = type(value)
    if kind is str:
        return value.strip()
    if kind is date:
        key = _ISO_DAYS.get(value)
        if key is None:
            if len(_ISO_DAYS) > 10_000:
                _ISO_DAYS.clear()
            key = _ISO_DAYS[value] = value.isoformat()
        return key
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return to_text(value)
