"""``malxl kolada``: Kolada's values for the plan's indicators, written into the merged workbook's Indikatorer sheet.

``kolada()`` reads the plan from the merged workbook, asks Kolada (:mod:`malxl.koladaapi`) for the plan's Kolada
indicators, for the municipality (Kommunkod) and the comparison unit (Jämförelse), the report year and the four
before it, or reads responses saved from the API (``--from``). Every failure stops the run before anything is
written. Then each response is archived with its fetch time in ``arkiv/kolada/`` (Kolada revises values), the
merged workbook is backed up as collect does, and the rows of its Indikatorer sheet are rewritten
(:mod:`malxl.workbook.sheetrows`): every other part of the workbook stays byte for byte as it was.

Where the coordinator has edited a value (Värde differs from the hidden value as collected), the edit is kept and
only the value as collected is updated: the coordinator's edits are the last layer (:func:`indicators.combine`).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .archive import ARCHIVE_NAME
from .errors import InputError
from .indicators import KOLADA, Indicator, Point, combine, table
from .koladaapi import DEFAULT_URL, TIMEOUT, Values, fetch, only_units, read_saved
from .merged import IndicatorRecord, indicator_records, read_merged_plan
from .texts import Texts, texts
from .vocabulary import normalise
from .workbook.outputs import check_outputs
from .workbook.preflight import require_safe_xml
from .workbook.sheetrows import replace_rows
from .workbook.xlsx import atomic_path, read_book

ARCHIVE_FOLDER = "kolada"
YEARS_BACK = 4  # the report year and the four before it
REQUIRED = ("col.indicator_id", "col.year", "col.indicator_value")


@dataclass
class KoladaResult:
    """What ``malxl kolada`` did: the values imported (by indicator and year), the files written."""

    merged: Path
    values: int = 0  # Kolada values written (the municipality's and the comparison's)
    indicators: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    archived: list[Path] = field(default_factory=list)
    backup: Path | None = None
    lang: str = "sv"
    planned: int = 0  # the plan's Kolada indicators (0: nothing to do)


@dataclass
class _Row:
    """One row of the Indikatorer sheet as it stands: its cells, and what they say (as collect reads them)."""

    cells: list
    record: IndicatorRecord

    @property
    def edited(self) -> bool:
        """The coordinator's own Värde: text that is no number, or a number other than the value as collected."""
        r = self.record
        return bool(r.text) or (r.collected is not None and r.value != r.collected)


def kolada(merged: Path, url: str = DEFAULT_URL, saved: Sequence[Path] = (), *, timeout: float = TIMEOUT,
           now: datetime | None = None) -> KoladaResult:
    """Fetch (or read from ``saved`` responses) the plan's Kolada values and write them into ``merged``.

    ``url`` is Kolada's API base (a proxy or a test server); ``saved`` files saved from it, read instead of
    asking. Raises an InputError (the merged workbook untouched) when the plan has no Kommunkod, the workbook has
    no Indikatorer sheet, or Kolada cannot be asked or a file read (:class:`malxl.koladaapi.KoladaError`).
    """
    merged = Path(merged)
    require_safe_xml()
    plan = read_merged_plan(merged)  # the answers are not needed: only the Indikatorer sheet is read and patched
    s = plan.settings
    t = texts(s.language)
    result = KoladaResult(merged, lang=s.language or "sv")
    wanted = [i for i in plan.indicators if i.source == KOLADA]
    result.planned = len(wanted)
    if not wanted:
        return result
    if not s.municipality:
        raise InputError(t("kolada.no_municipality", file=merged.name, setting=t("setting.municipality"),
                           sheet=t("sheet.settings")))
    sheet, header, rows, existing = _read_sheet(merged, t)
    archive = merged.parent / ARCHIVE_NAME / ARCHIVE_FOLDER
    check_outputs([merged, archive / "probe.json"])
    units = list(dict.fromkeys([s.municipality, s.comparison]))
    year = s.report_date.year
    stamp = now or datetime.now(UTC)
    found = _values(wanted, units, list(range(year - YEARS_BACK, year + 1)), url, saved, timeout, stamp)
    result.archived = _archive(found, archive, stamp)
    result.backup = _backup(merged, stamp)
    new_rows = _rows(plan.indicators, wanted, found, s.municipality, s.comparison, header, rows, existing, t, result)
    replace_rows(merged, sheet, new_rows)
    return result


def _values(wanted: list[Indicator], units: list[str], years: list[int], url: str, saved: Sequence[Path],
            timeout: float, now: datetime) -> Values:
    """Kolada's values for ``wanted`` and ``units``: fetched, or every year the ``saved`` files hold."""
    kpis = list(dict.fromkeys(i.kolada_id for i in wanted))
    if not saved:
        found = fetch(url, kpis, units, years, timeout=timeout, now=now)
        return only_units(found, units, url)
    found = Values()
    for path in saved:
        one = only_units(read_saved([Path(path)]), units, str(path))
        found.responses += one.responses
        for value in one.values.values():
            if value.kpi in kpis:
                found.add(value)
    return found


def _read_sheet(merged: Path, t: Texts) -> tuple[str, dict[str, int], list[list], dict[tuple[str, int], _Row]]:
    """The Indikatorer sheet's name, its columns (by key), its rows (the header's too), and its rows below the
    header by (indicator id, year), read as collect reads them (:func:`malxl.merged.indicator_records`)."""
    names = {normalise(n) for n in t.all_languages("sheet.indicators")}
    book = read_book(merged, only=lambda name: normalise(name) in names)
    sheet = next((n for n in book.sheets if normalise(n) in names), None)
    if sheet is None:
        raise InputError(t("kolada.no_sheet", file=merged.name, sheet=t("sheet.indicators")))
    rows = [list(r) for r in book.rows.get(sheet, [])]
    cols, records = indicator_records(rows)
    if any(k not in cols for k in REQUIRED):
        raise InputError(t("kolada.no_sheet", file=merged.name, sheet=sheet))
    return sheet, cols, rows, {(r.indicator_id, r.year): _Row(rows[r.row], r) for r in records}


def _archive(found: Values, folder: Path, stamp: datetime) -> list[Path]:
    """Each raw response as ``<fetch time>-<n>.json`` in ``folder``: its source, fetch time and body."""
    written = []
    name = stamp.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    for n, response in enumerate(found.responses, start=1):
        path = folder / f"{name}-{n}.json"
        head = json.dumps({"source": response.source, "fetched": response.fetched.isoformat()}, ensure_ascii=False)
        with atomic_path(path) as tmp:
            tmp.write_text(f'{head[:-1]}, "body": {_json_text(response.body)}}}', encoding="utf-8")
        written.append(path)
    return written


def _json_text(body: bytes) -> str:
    """A response's body (JSON, as parsing it has shown) as text to put in the archive as it came: parsing and
    writing it again cost malxl kolada 0.15 s of 1.2 at 5,000 values. UTF-16 or -32 (a file saved so) is
    written again as UTF-8."""
    if b"\x00" not in body[:4]:
        try:
            return body.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    return json.dumps(json.loads(body), ensure_ascii=False)


def _backup(merged: Path, stamp: datetime) -> Path:
    """A dated copy of the merged workbook beside it, as collect keeps one."""
    local = stamp.astimezone() if stamp.tzinfo else stamp
    backup = merged.with_name(f"{merged.stem}.{local.strftime('%Y%m%d-%H%M%S')}{merged.suffix}")
    with atomic_path(backup) as tmp:
        shutil.copy2(merged, tmp)
    return backup


def _reached(reached: bool | None, t: Texts) -> str:
    """Når målet: the catalogue's yes or no, empty where it cannot be judged."""
    return "" if reached is None else t("yes" if reached else "no")


def _fetched(wanted: list[Indicator], found: Values, unit: str, comparison: str,
             existing: dict[tuple[str, int], _Row], source: str, result: KoladaResult
             ) -> tuple[list[Point], dict[tuple[str, int], float]]:
    """Kolada's layer: a point an indicator and year with a value or a comparison (an edited value left to the
    coordinator's), and the municipality's values by (indicator id, year), for the hidden column as collected."""
    years: dict[str, set[int]] = {}
    for kpi, _unit, year in found.values:
        years.setdefault(kpi, set()).add(year)
    fetched: list[Point] = []
    collected: dict[tuple[str, int], float] = {}
    indicators: dict[str, None] = {}
    seen: set[int] = set()
    for ind in wanted:
        for year in sorted(years.get(ind.kolada_id, ())):
            own, other = found.get(ind.kolada_id, unit, year), found.get(ind.kolada_id, comparison, year)
            value, compared = (own.value if own else None), (other.value if other else None)
            if value is None and compared is None:
                continue
            result.values += (value is not None) + (compared is not None)
            indicators[ind.id] = None
            seen.add(year)
            if value is not None:
                collected[(ind.id, year)] = value
            old = existing.get((ind.id, year))
            keep = old is not None and old.edited
            fetched.append(Point(ind.id, year, None if keep else value, compared, "", source))
    result.indicators, result.years = list(indicators), sorted(seen)
    return fetched, collected


def _rows(indicators: Sequence[Indicator], wanted: list[Indicator], found: Values, unit: str, comparison: str,
          cols: dict[str, int], rows: list[list], existing: dict[tuple[str, int], _Row], t: Texts,
          result: KoladaResult) -> list[list]:
    """The sheet's new rows (``rows``: the sheet's as it stands, ``existing`` those by indicator and year): Kolada's
    values put in, targets, Når målet and Trend judged again; the coordinator's own Värde kept (as typed, where it
    is no number: collect names it)."""
    before = [Point(iid, year, r.record.value, r.record.comparison, r.record.comment, r.record.source)
              for (iid, year), r in existing.items()]
    fetched, collected = _fetched(wanted, found, unit, comparison, existing, t("indicator.kolada"), result)
    points = combine(before, fetched)
    known = {i.id for i in indicators}
    width = max([len(r) for r in rows] + [max(cols.values()) + 1])
    out = []
    for row in table(indicators, points):
        key = (row.indicator.id, row.point.year)
        cells = list(existing[key].cells) if key in existing else []
        cells += [None] * (width - len(cells))
        old = existing.get(key)
        typed = old.record.text if old is not None and old.record.text else None
        values = {"col.indicator_id": row.indicator.id, "col.goal_id": row.indicator.goal_id,
                  "col.indicator": row.indicator.title, "col.unit": row.indicator.unit, "col.year": row.point.year,
                  "col.indicator_value": typed or row.point.value, "col.comparison": row.point.comparison,
                  "col.target": row.target, "col.reaches": _reached(row.reached, t),
                  "col.trend": t(f"trend.{row.trend}") if row.trend else "", "col.indicator_source": row.point.source,
                  "col.comment": row.point.comment,
                  "col.collected_value": collected.get(key, old.record.collected if old else None)}
        for k, v in values.items():
            if k in cols:
                cells[cols[k]] = v
        out.append(cells)
    out += [r.cells for (iid, _y), r in existing.items() if iid not in known]
    return out
