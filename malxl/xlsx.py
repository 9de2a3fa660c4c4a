"""Workbook I/O at the edges: read a workbook into plain values, write files atomically.

Nothing from calamine or openpyxl travels past this module: a :class:`Book`
holds sheet names, visibility and rows of plain Python values.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from defusedxml import ElementTree as SafeET

from .errors import OutputError
from .texts import texts


@dataclass
class Book:
    """A workbook as plain values. ``rows[sheet]`` starts at A1; ``hidden`` names hidden sheets."""

    sheets: list[str]
    rows: dict[str, list[list]]
    hidden: set[str]
    modified: datetime | None = None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(row: int, col: int) -> str:
    """Zero-based row and column as an A1 reference."""
    return f"{column_letter(col)}{row + 1}"


def read_book(path: Path) -> Book:
    """Every sheet's values, its visibility and the saved time recorded in the file."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    wb = CalamineWorkbook.from_path(str(path))
    rows: dict[str, list[list]] = {}
    hidden = set()
    for meta in wb.sheets_metadata:
        if meta.visible != SheetVisibleEnum.Visible:
            hidden.add(meta.name)
    for name in wb.sheet_names:
        rows[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return Book(list(wb.sheet_names), rows, hidden, saved_time(path))


def saved_time(path: Path) -> datetime | None:
    """``dcterms:modified`` from docProps/core.xml: when the workbook was last saved."""
    try:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("docProps/core.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    root = SafeET.fromstring(data)
    for el in root:
        if el.tag.endswith("}modified") and el.text:
            text = el.text.strip().replace("Z", "+00:00")
            try:
                stamp = datetime.fromisoformat(text)
            except ValueError:
                return None
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=timezone.utc)
            return stamp.astimezone(timezone.utc).replace(tzinfo=None)
    return None


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside ``path``; move it into place only if the block succeeds."""
    path = Path(path)
    t = texts()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(t("error.output", path=path, reason=exc.strerror or exc)) from exc
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(t("error.output", path=path, reason=exc.strerror or exc)) from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FIXED_TIME = datetime(2000, 1, 1)


def new_workbook(path: Path, created: datetime | None = None):
    """An xlsxwriter Workbook with deterministic properties and safe defaults.

    Strings are never turned into formulas or links: every text a department
    typed is written as literal text.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    stamp = created or FIXED_TIME
    wb.set_properties({"created": stamp})
    wb.set_calc_mode("auto")
    return wb


def header_names(key: str) -> set[str]:
    """Every accepted (normalised) header for a column key, in every language."""
    from .vocabulary import normalise

    return {normalise(name) for name in texts().all_languages(key)}


def find_header(rows: list[list], keys: list[str], scan: int = 10) -> tuple[int, dict[str, int]]:
    """Locate the header row among the first ``scan`` rows by the most known headers.

    Returns the zero-based header row and the column index of each key found
    (keys not found are absent). Columns may come in any order.
    """
    from .vocabulary import normalise

    wanted = {key: header_names(key) for key in keys}
    best_row, best = 0, {}
    for r, row in enumerate(rows[:scan]):
        found = {}
        for c, value in enumerate(row):
            name = normalise(value)
            if not name:
                continue
            for key, names in wanted.items():
                if key not in found and name in names:
                    found[key] = c
                    break
        if len(found) > len(best):
            best_row, best = r, found
    return best_row, best


def row_height(*cells: tuple[str, float], line: float = 15.0) -> float:
    """A row height in points that shows each (text, column width in characters) wrapped in full.

    Excel and LibreOffice do not grow rows for wrapped text in a file they did
    not lay out themselves, so malxl sets heights from the text.
    """
    lines = 1
    for text, width in cells:
        chars = max(int(width * 1.1), 1)
        n = sum(max(1, -(-len(part) // chars)) for part in str(text or "").split("\n"))
        lines = max(lines, n)
    return line * lines
