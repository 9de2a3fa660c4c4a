"""Where things are in the workbooks malxl writes: each sheet's columns, declared once.

The department workbook's sheets are shared by generate (writes), collect (reads
by header) and feedback; the merged workbook's by collect (writes) and status,
report and feedback (read by header).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, replace

from .workbook.xlsx import column_letter

IDENTITY_SHEET = "malxl"  # very hidden: who the workbook is for
FORMAT_VERSION = "1"
HEADER_ROW = 2  # zero-based: row 3 in Excel; a title and a hint stand above it
FIRST_ROW = HEADER_ROW + 1
EXTRA_ROWS = 10  # unlocked empty rows for activities a department adds

@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header (a texts key), its width, and whether the department types in it."""

    key: str
    width: int
    editable: bool = False


@dataclass(frozen=True)
class Layout:
    """A sheet's columns in the order written, and where its data rows start.

    Every position malxl writes or names (a cell, a formula's reference, a
    data-validation or conditional-format range) comes from here, by the
    column's key; readers find the same keys by header. Adding a column to a
    declaration moves all of them with it.
    """

    columns: tuple[Column, ...]
    first_row: int = FIRST_ROW  # zero-based row of the first data row; the header is the row above

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    @property
    def widths(self) -> list[int]:
        return [c.width for c in self.columns]

    @property
    def editable(self) -> list[str]:
        return [c.key for c in self.columns if c.editable]

    @property
    def header_row(self) -> int:
        return self.first_row - 1

    @property
    def cols(self) -> dict[str, int]:
        """Key -> zero-based column index."""
        return {c.key: i for i, c in enumerate(self.columns)}

    def index(self, key: str) -> int:
        """The zero-based column of ``key`` (KeyError when the sheet has no such column)."""
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(key)

    def width(self, key: str) -> int:
        return self.columns[self.index(key)].width

    def letter(self, key: str) -> str:
        """The column's letter: ``D``."""
        return column_letter(self.index(key))

    def cell(self, key: str, row: int) -> str:
        """The A1 reference of ``key`` on zero-based ``row``: ``D4``."""
        return f"{self.letter(key)}{row + 1}"

    def ref(self, key: str) -> str:
        """A formula's reference to ``key`` on the first data row, column fixed and row relative (``$D4``), as a
        conditional format or validation over the column's data rows uses it."""
        return f"${self.letter(key)}{self.first_row + 1}"

    def inserted(self, new: Column | tuple[Column, ...], before: str) -> Layout:
        """This layout with ``new`` column(s) placed before the column ``before``."""
        new = new if isinstance(new, tuple) else (new,)
        at = self.index(before)
        return replace(self, columns=self.columns[:at] + new + self.columns[at:])


#: The department workbook's Aktiviteter sheet (collect finds its columns by header).
ACTIVITIES = Layout((
    Column("col.activity_id", 13), Column("col.goal_title", 42), Column("col.activity", 44),
    Column("col.status", 26, editable=True), Column("col.end", 13, editable=True),
    Column("col.comment", 70, editable=True),
))
#: The department workbook's Målbedömning sheet.
ASSESSMENT = Layout((
    Column("col.goal_id", 17), Column("col.goal_title", 60),
    Column("col.level", 20, editable=True), Column("col.analysis", 80, editable=True),
))
#: The department workbook's Indikatorer sheet: the indicators it reports (only for a department that reports one).
INDICATORS = Layout((
    Column("col.indicator_id", 13), Column("col.indicator", 44), Column("col.unit", 10), Column("col.target", 12),
    Column("col.previous_value", 16), Column("col.indicator_value", 14, editable=True),
    Column("col.comment", 60, editable=True),
))
#: A rolled-over round's read-only columns (malxl next): the last round's answer, before the inputs.
PREVIOUS_ACTIVITY = (Column("col.previous_status", 22), Column("col.previous_comment", 44))
PREVIOUS_ASSESSMENT = (Column("col.previous_level", 20),)

#: The merged workbook's Aktiviteter and Avvikelser sheets (a header in row 1, data from row 2).
MERGED_ACTIVITIES = Layout((
    Column("col.activity_id", 12), Column("col.department", 18), Column("col.goal_id", 14),
    Column("col.activity", 44), Column("col.status", 24, editable=True), Column("col.end", 12, editable=True),
    Column("col.planned_end", 12), Column("col.comment", 70, editable=True), Column("col.source", 24),
), first_row=1)
#: The merged workbook's Målbedömning sheet.
MERGED_ASSESSMENT = Layout((
    Column("col.goal_id", 16), Column("col.goal_title", 60), Column("col.level", 18, editable=True),
    Column("col.analysis", 80, editable=True), Column("col.owner", 18), Column("col.source", 24),
), first_row=1)
#: A rolled-over round's merged Aktiviteter: Förra status beside Status.
MERGED_PREVIOUS_ACTIVITY = Column("col.previous_status", 22)
#: The merged workbook's Översikt: a row a department.
MERGED_OVERVIEW = Layout((
    Column("col.department", 22), Column("col.contact", 22), Column("col.answered", 8), Column("col.file_used", 30),
    Column("col.activities", 11), Column("col.errors", 8), Column("col.warnings", 10), Column("col.deviations", 11),
), first_row=1)
#: The merged workbook's Brister: a row a finding. Ämne (the activity or goal id) lets feedback find the row
#: again; the hidden last column keeps the message's key and parameters, to word it again in any language.
MERGED_FINDINGS = Layout((
    Column("col.severity", 11), Column("col.code", 22), Column("col.department", 18), Column("col.file", 28),
    Column("col.sheet", 14), Column("col.cell", 7), Column("col.message", 100), Column("col.subject", 14),
    Column("col.finding_data", 255),
), first_row=1)
#: The merged workbook's Förändringar (a rolled-over round): what moved since the last round.
MERGED_CHANGES = Layout((
    Column("col.change", 22), Column("col.department", 18), Column("col.id", 12), Column("col.item", 60),
    Column("col.from", 26), Column("col.to", 26),
), first_row=1)
#: The merged workbook's Inkomna: every inbox entry and what became of it.
MERGED_RECEIVED = Layout((
    Column("col.file", 32), Column("col.department", 20), Column("col.period", 22), Column("col.saved", 18),
    Column("col.sha256", 20), Column("col.used", 50),
), first_row=1)

# The column keys as readers look for them (found by header, in any order).
ACTIVITY_COLUMNS = ACTIVITIES.keys
ASSESSMENT_COLUMNS = ASSESSMENT.keys
INDICATOR_COLUMNS = INDICATORS.keys


def activities(previous: bool = False) -> Layout:
    """The department workbook's Aktiviteter sheet; ``previous`` (a round with history) adds Förra status and
    Förra kommentaren between Aktivitet and Status."""
    return ACTIVITIES.inserted(PREVIOUS_ACTIVITY, before="col.status") if previous else ACTIVITIES


def assessment(previous: bool = False) -> Layout:
    """The department workbook's Målbedömning sheet; ``previous`` adds Förra bedömning before Bedömning."""
    return ASSESSMENT.inserted(PREVIOUS_ASSESSMENT, before="col.level") if previous else ASSESSMENT


def indicators() -> Layout:
    """The department workbook's Indikatorer sheet."""
    return INDICATORS


def merged_activities(previous: bool = False) -> Layout:
    """The merged workbook's Aktiviteter (and Avvikelser) sheet; ``previous`` adds Förra status after Status."""
    return MERGED_ACTIVITIES.inserted(MERGED_PREVIOUS_ACTIVITY, before="col.end") if previous else MERGED_ACTIVITIES


def merged_assessment() -> Layout:
    """The merged workbook's Målbedömning sheet."""
    return MERGED_ASSESSMENT


#: Keys on the identity sheet (column A key, column B value); ids listed from column D.
IDENTITY_KEYS = ["format", "organisation", "period", "department", "plan_version", "generated", "language"]
ACTIVITY_IDS_COLUMN = 3
GOAL_IDS_COLUMN = 4
INDICATOR_IDS_COLUMN = 5  # the indicators the workbook asks for (none in a workbook made before them)

MAX_CELL_TEXT = 32767  # Excel's limit for one cell


#: Names Windows keeps for devices, whatever the extension (``CON.xlsx`` is the console).
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                  *(f"{p}{n}" for p in ("COM", "LPT") for n in [*"123456789", "\u00b9", "\u00b2", "\u00b3"])}
MAX_FILE_NAME = 100  # characters, extension included: room for a path on a shared drive
LONGEST_SUFFIX = ".xlsx"  # the longest extension given to a department's name (.xlsx, .eml, a folder)


def file_name(department: str) -> str:
    """``<Avdelning>.xlsx``, safe on Windows, macOS and Linux (see :func:`file_stem`).

    Alone it does not tell two departments apart: use :func:`file_names`.
    """
    return f"{file_stem(department)}.xlsx"


def file_stem(department: str) -> str:
    """The department's name as a file name without extension, safe on Windows, macOS and Linux.

    Characters no file system accepts become ``_``; leading and trailing dots
    and spaces go; a Windows device name (CON, NUL, LPT1 …) gets ``_``; the
    name is cut so that it is at most :data:`MAX_FILE_NAME` characters with
    its extension; it is in Unicode NFC (as macOS shows it).
    """
    text = unicodedata.normalize("NFC", department)
    safe = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in text).strip(" .")
    head, dot, rest = safe.partition(".")
    if head.rstrip(" ").upper() in RESERVED_NAMES:  # Windows looks at the name before the first dot
        safe = head.rstrip(" ") + "_" + dot + rest
    return safe[:MAX_FILE_NAME - len(LONGEST_SUFFIX)].rstrip(" .") or "_"


def same_file_key(name: str) -> str:
    """What makes two names one file on Windows and macOS: case and Unicode form do not count."""
    return unicodedata.normalize("NFC", name).casefold()


def file_names(departments) -> dict[str, str]:
    """Each department's file stem, unique on every system, for generate and feedback alike.

    A department keeps :func:`file_stem` of its name unless another's would be
    the same file (``A/B`` and ``A_B``; compared as Windows and macOS compare
    names); then the one whose name had to be changed gets a short code from
    its full name (``A_B-3f2c1a``), which does not depend on the plan's order.
    """
    departments = list(departments)
    stems = {d: file_stem(d) for d in departments}
    taken: dict[str, list[str]] = {}
    for d in departments:
        taken.setdefault(same_file_key(stems[d]), []).append(d)
    result, used = {}, set()
    for d in sorted(departments, key=lambda d: (stems[d] != d, d)):  # names kept as typed go first
        stem = stems[d]
        if len(taken[same_file_key(stem)]) > 1 and (stem != d or same_file_key(stem) in used):
            code = hashlib.sha256(d.encode("utf-8")).hexdigest()
            room = MAX_FILE_NAME - len(LONGEST_SUFFIX) - 7
            for n in range(6, len(code) + 1):
                candidate = f"{stem[:room].rstrip(' .')}-{code[:n]}"
                if same_file_key(candidate) not in used and same_file_key(candidate) not in taken:
                    stem = candidate
                    break
        used.add(same_file_key(stem))
        result[d] = stem
    return {d: result[d] for d in departments}
