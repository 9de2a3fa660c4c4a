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


def file_name(department: str) -> str:
    """``<Avdelning>.xlsx`` with characters no file system accepts replaced."""
    safe = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in department).strip(" .")
    return f"{safe or '_'}.xlsx"
