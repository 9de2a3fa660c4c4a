"""Where things are in a department workbook: shared by generate (writes) and collect (reads)."""

from __future__ import annotations

IDENTITY_SHEET = "malxl"  # very hidden: who the workbook is for
FORMAT_VERSION = "1"
HEADER_ROW = 2  # zero-based: row 3 in Excel; a title and a hint stand above it
FIRST_ROW = HEADER_ROW + 1
EXTRA_ROWS = 10  # unlocked empty rows for activities a department adds

#: Aktiviteter sheet columns, in the order written (collect finds them by header).
ACTIVITY_COLUMNS = ["col.activity_id", "col.goal_title", "col.activity", "col.status", "col.end", "col.comment"]
ACTIVITY_WIDTHS = [13, 42, 44, 26, 13, 70]
ACTIVITY_INPUTS = {"col.status", "col.end", "col.comment"}

#: Målbedömning sheet columns.
ASSESSMENT_COLUMNS = ["col.goal_id", "col.goal_title", "col.level", "col.analysis"]
ASSESSMENT_WIDTHS = [17, 60, 20, 80]
ASSESSMENT_INPUTS = {"col.level", "col.analysis"}

#: A rolled-over round's read-only columns (malxl next): the last round's answer, before the inputs.
PREVIOUS_ACTIVITY_COLUMNS = ["col.previous_status", "col.previous_comment"]
PREVIOUS_ACTIVITY_WIDTHS = [22, 44]
PREVIOUS_ASSESSMENT_COLUMNS = ["col.previous_level"]
PREVIOUS_ASSESSMENT_WIDTHS = [20]


def activity_columns(previous: bool) -> tuple[list[str], list[int]]:
    """The Aktiviteter sheet's column keys and widths; ``previous`` (a round with history) adds Förra status and
    Förra kommentaren between Aktivitet and Status."""
    if not previous:
        return ACTIVITY_COLUMNS, ACTIVITY_WIDTHS
    return (ACTIVITY_COLUMNS[:3] + PREVIOUS_ACTIVITY_COLUMNS + ACTIVITY_COLUMNS[3:],
            ACTIVITY_WIDTHS[:3] + PREVIOUS_ACTIVITY_WIDTHS + ACTIVITY_WIDTHS[3:])


def assessment_columns(previous: bool) -> tuple[list[str], list[int]]:
    """The Målbedömning sheet's column keys and widths; ``previous`` adds Förra bedömning before Bedömning."""
    if not previous:
        return ASSESSMENT_COLUMNS, ASSESSMENT_WIDTHS
    return (ASSESSMENT_COLUMNS[:2] + PREVIOUS_ASSESSMENT_COLUMNS + ASSESSMENT_COLUMNS[2:],
            ASSESSMENT_WIDTHS[:2] + PREVIOUS_ASSESSMENT_WIDTHS + ASSESSMENT_WIDTHS[2:])


#: Keys on the identity sheet (column A key, column B value); ids listed from column D.
IDENTITY_KEYS = ["format", "organisation", "period", "department", "plan_version", "generated", "language"]
ACTIVITY_IDS_COLUMN = 3
GOAL_IDS_COLUMN = 4

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
    import unicodedata

    text = unicodedata.normalize("NFC", department)
    safe = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 or ord(ch) == 127 else ch for ch in text).strip(" .")
    head, dot, rest = safe.partition(".")
    if head.rstrip(" ").upper() in RESERVED_NAMES:  # Windows looks at the name before the first dot
        safe = head.rstrip(" ") + "_" + dot + rest
    return safe[:MAX_FILE_NAME - len(LONGEST_SUFFIX)].rstrip(" .") or "_"


def same_file_key(name: str) -> str:
    """What makes two names one file on Windows and macOS: case and Unicode form do not count."""
    import unicodedata

    return unicodedata.normalize("NFC", name).casefold()


def file_names(departments) -> dict[str, str]:
    """Each department's file stem, unique on every system, for generate and feedback alike.

    A department keeps :func:`file_stem` of its name unless another's would be
    the same file (``A/B`` and ``A_B``; compared as Windows and macOS compare
    names); then the one whose name had to be changed gets a short code from
    its full name (``A_B-3f2c1a``), which does not depend on the plan's order.
    """
    import hashlib

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
