"""Kolada, the national database of municipal key figures: its values for the plan's indicators.

Kolada's API (https://api.kolada.se/v3, documented in the Hypergene/kolada repository) answers
``{URL}/data/kpi/{kpis}/municipality/{units}/year/{years}`` with ``values[]`` of
``{kpi, municipality, period, values[{gender, count, status, value}]}`` and, when there is more,
the next page's address (``next_url`` in v3, ``next_page`` in v2). :func:`fetch` asks for it and
follows the pages; :func:`read_saved` reads responses saved from it (either shape), for a PC without
internet access. Both return the same :class:`Values`; nothing here touches a workbook.

The total (gender ``T``) is the value; ``K`` (women) and ``M`` (men) are kept where given. Rows marked
``isdeleted`` are skipped, and ``value: null`` is a year Kolada has not published yet.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .errors import InputError
from .texts import Text, texts

DEFAULT_URL = "https://api.kolada.se/v3"
COUNTRY = "0000"  #: Kolada's unit for the whole country ("Riket")
KPIS_PER_REQUEST = 25
TIMEOUT = 30.0  # seconds a request may take
MAX_PAGES = 1000  # a server that never stops paging is refused, not followed for ever
MAX_BYTES = 64 * 1024 * 1024  # one response larger than this is no response of ours


class KoladaError(InputError):
    """Kolada cannot be asked, or a saved response cannot be read: nothing is written."""

    def __init__(self, key: str, **params):
        self.text = Text(key, params)
        super().__init__(texts().render(self.text))


@dataclass(frozen=True, slots=True)
class KoladaValue:
    """One key figure's value for one unit (a municipality, or the comparison unit) and year."""

    kpi: str
    unit: str
    year: int
    value: float | None  # the total; None where Kolada has not published the year yet
    women: float | None = None
    men: float | None = None
    status: str = ""


@dataclass
class Response:
    """One response as it came: kept in the archive with its fetch time (Kolada revises values)."""

    source: str  # the address asked, or the file read
    body: bytes
    fetched: datetime


@dataclass
class Values:
    """What Kolada answered: the values by (kpi, unit, year), and the responses they came from."""

    values: dict[tuple[str, str, int], KoladaValue] = field(default_factory=dict)
    responses: list[Response] = field(default_factory=list)

    def add(self, value: KoladaValue) -> None:
        self.values[(value.kpi, value.unit, value.year)] = value

    def get(self, kpi: str, unit: str, year: int) -> KoladaValue | None:
        return self.values.get((kpi, unit, year))


def data_urls(base: str, kpis: Sequence[str], units: Sequence[str], years: Sequence[int]) -> list[str]:
    """The data addresses for ``kpis`` (at most :data:`KPIS_PER_REQUEST` a request), ``units`` and ``years``."""
    base = base.rstrip("/")
    where = ",".join(dict.fromkeys(units))
    when = ",".join(str(y) for y in sorted(set(years)))
    kpis = list(dict.fromkeys(kpis))
    return [f"{base}/data/kpi/{','.join(kpis[i:i + KPIS_PER_REQUEST])}/municipality/{where}/year/{when}"
            for i in range(0, len(kpis), KPIS_PER_REQUEST)]


Opener = Callable[[str, float], bytes]


def fetch(base: str, kpis: Sequence[str], units: Sequence[str], years: Sequence[int], *,
          timeout: float = TIMEOUT, opener: Opener | None = None, now: datetime | None = None) -> Values:
    """Ask Kolada at ``base`` for ``kpis`` of ``units`` in ``years``, following every next page.

    Raises :class:`KoladaError` (naming the address) when the server cannot be reached, answers with an
    error status, takes longer than ``timeout`` seconds, or answers with something that is no Kolada response.
    """
    get = opener or _get
    found = Values()
    for url in data_urls(base, kpis, units, years):
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError("kolada.paging", url=next_url)
            seen.add(next_url)
            body = get(next_url, timeout)
            found.responses.append(Response(next_url, body, now or datetime.now(UTC)))
            rows, next_url = parse(body, next_url)
            for value in rows:
                found.add(value)
    return found


def _get(url: str, timeout: float) -> bytes:
    """The body of ``url``; every way it can fail as a :class:`KoladaError` naming the address."""
    import urllib.error  # with http and ssl, a fifth of malxl's start: loaded when Kolada is asked
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "malxl"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (the coordinator's URL)
            body = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise KoladaError("kolada.http_status", url=url, status=exc.code, reason=exc.reason) from exc
    except TimeoutError as exc:
        raise KoladaError("kolada.timeout", url=url, seconds=f"{timeout:g}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise KoladaError("kolada.timeout", url=url, seconds=f"{timeout:g}") from exc
        raise KoladaError("kolada.unreachable", url=url, reason=str(exc.reason)) from exc
    except (OSError, ValueError) as exc:  # a reset connection, a malformed address
        raise KoladaError("kolada.unreachable", url=url, reason=str(exc)) from exc
    if len(body) > MAX_BYTES:
        raise KoladaError("kolada.not_response", source=url)
    return body


def parse(body: bytes, source: str) -> tuple[list[KoladaValue], str | None]:
    """The values of one response (v2 or v3 shape) and the next page's address, if any."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise KoladaError("kolada.not_response", source=source) from exc
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise KoladaError("kolada.not_response", source=source)
    values = []
    for row in data["values"]:
        value = _row(row, source)
        if value is not None:
            values.append(value)
    following = data.get("next_url") or data.get("next_page")
    return values, following if isinstance(following, str) and following else None


def _row(row, source: str) -> KoladaValue | None:
    """One ``{kpi, municipality, period, values[...]}`` row; None for a deleted row."""
    if not isinstance(row, dict) or not isinstance(row.get("values"), list):
        raise KoladaError("kolada.not_response", source=source)
    if row.get("isdeleted"):
        return None
    kpi, unit, period = row.get("kpi"), row.get("municipality"), row.get("period")
    try:
        year = int(str(period)[:4])
    except ValueError as exc:
        raise KoladaError("kolada.not_response", source=source) from exc
    if not isinstance(kpi, str) or not isinstance(unit, str | int):
        raise KoladaError("kolada.not_response", source=source)
    by_gender: dict[str, float | None] = {}
    status = ""
    for entry in row["values"]:
        if not isinstance(entry, dict) or entry.get("isdeleted"):
            continue
        gender = str(entry.get("gender") or "T").upper()
        by_gender[gender] = _number(entry.get("value"))
        if gender == "T":
            status = str(entry.get("status") or "")
    if not by_gender:
        return None
    return KoladaValue(kpi, str(unit), year, by_gender.get("T"), by_gender.get("K"), by_gender.get("M"), status)


def _number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def read_saved(paths: Iterable[Path]) -> Values:
    """Responses saved from Kolada's API (v2 or v3 shape), each file one response."""
    found = Values()
    for path in paths:
        path = Path(path)
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise KoladaError("kolada.unreadable_file", source=str(path), reason=exc.strerror or str(exc)) from exc
        stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        found.responses.append(Response(str(path), body, stamp))
        rows, _ = parse(body, str(path))
        for value in rows:
            found.add(value)
    return found


def only_units(found: Values, units: Iterable[str], source: str) -> Values:
    """``found`` narrowed to ``units`` (the municipality and its comparison); a response that held values of
    other units only is refused, naming ``source``."""
    wanted = set(units)
    kept = {k: v for k, v in found.values.items() if v.unit in wanted}
    if found.values and not kept:
        raise KoladaError("kolada.other_units", source=source, units=", ".join(sorted(wanted)),
                          found=", ".join(sorted({v.unit for v in found.values.values()})[:5]))
    return Values(kept, found.responses)
