"""The finding codes: one record a code, and every group of codes derived from the records.

A code's record says how serious it is (:class:`Severity`), what it concerns (an activity row's values, a goal's
assessment, a workbook's structure, a cell, a file, which answer counts, the merged workbook as the coordinator
left it), who fixes it (the department, asked by ``malxl feedback``, or the coordinator), where a return workbook
puts it, and the line ``docs/findings.md`` shows (``python docs/generate.py``). Code that needs a set of codes
asks :func:`codes` (or uses the sets below), so a misspelt code cannot silently never match: it is not in the
registry, and ``tests/test_codes.py`` fails on any code the source names that is not registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

# What a code concerns.
ROW = "row"  # an activity row's values: status, end date, comment (checked again when the coordinator edits them)
GOAL = "goal"  # a development goal's assessment
STRUCTURE = "structure"  # a department workbook's sheets, columns and activities
CELL = "cell"  # a cell that cannot be read as it is shown
FILE = "file"  # a received file as a whole
ANSWER = "answer"  # whether and which answer a department gave
MERGED = "merged"  # the merged workbook as the coordinator left it
INDICATOR = "indicator"  # an indicator's value, or an assessment against its evidence
CONCERNS = (ROW, GOAL, STRUCTURE, CELL, FILE, ANSWER, MERGED, INDICATOR)

# Who fixes it.
DEPARTMENT, COORDINATOR = "department", "coordinator"

ACTIVITIES, ASSESSMENT, INDICATORS = "sheet.activities", "sheet.assessment", "sheet.indicators"


@dataclass(frozen=True, slots=True)
class Code:
    """One finding code. Codes are stable: a workbook, a script reading ``--json`` and the docs name them."""

    name: str
    severity: Severity
    concerns: str
    fixed_by: str
    place: tuple[str, str] | None = None  # (sheet key, column key) where a return workbook puts it
    marked: bool = False  # its cell is marked in a return workbook and carries a note
    remade: bool = False  # made again from the merged workbook as it stands, never carried from Brister
    doc: str = ""  # when it is raised, a line of markdown (docs/findings.md)


#: Every code, in the order docs/findings.md lists them.
REGISTRY: dict[str, Code] = {c.name: c for c in (
    Code('missing-comment', E, ROW, DEPARTMENT, place=(ACTIVITIES, 'col.comment'), marked=True,
         doc='a status that requires a comment, with an empty Kommentar'),
    Code('invalid-status', E, ROW, DEPARTMENT, place=(ACTIVITIES, 'col.status'), marked=True,
         doc=('a status not in the vocabulary (matched after Unicode NFC, trimming incl. non-breaking spaces, '
              "collapsing inner spaces and ignoring case; written back in the plan's spelling)")),
    Code('missing-status', E, ROW, DEPARTMENT, place=(ACTIVITIES, 'col.status'), marked=True,
         doc='no status'),
    Code('invalid-date', E, ROW, DEPARTMENT, place=(ACTIVITIES, 'col.end'), marked=True,
         doc='Slutdatum is not a date, or empty where the plan has one'),
    Code('overdue', W, ROW, DEPARTMENT, place=(ACTIVITIES, 'col.end'), marked=True,
         doc='a valid status that is neither finished nor deviating, with Slutdatum strictly before Rapportdatum'),
    Code('changed-date', I, ROW, COORDINATOR,
         doc='the department moved the end date'),
    Code('missing-submission', W, ANSWER, DEPARTMENT,
         doc='a department that has not answered, or activities added to the plan after its workbook was made'),
    Code('duplicate-submission', W, ANSWER, COORDINATOR,
         doc=('several workbooks from one department; the latest saved is used, the others are named (Fel if two '
              'tie)')),
    Code('unknown-file', W, FILE, COORDINATOR,
         doc=("not a malxl workbook (another extension than .xlsx, .xlsm, .xls, .ods, or a workbook without malxl's"
              ' identity sheet)')),
    Code('wrong-plan', E, FILE, COORDINATOR,
         doc='a workbook of another organisation or period, or of a department not in the plan'),
    Code('unreadable-file', E, FILE, COORDINATOR,
         doc=('the file cannot be read as a workbook, and says why in words: empty, a CSV or HTML file (or Excel '
              '2003 XML, a PDF, an image, a Word document) named .xlsx, cut off in download, a zip that is no '
              'workbook, an Excel binary workbook (`.xlsb`) or one from Excel 4 or earlier (formats malxl does not '
              'read), a damaged part (invalid XML, a wrong checksum, cut off), or a reader that failed or crashed '
              "on it. The reading library's own (English) words are never in the message: `--debug` prints them "
              'under the finding and the manifest keeps them (`details`)')),
    Code('unknown-activity', W, STRUCTURE, COORDINATOR,
         doc='a row the department added; kept, not lost'),
    Code('missing-activity', E, STRUCTURE, DEPARTMENT, place=(ACTIVITIES, 'col.status'),
         doc='a row sent to the department was deleted'),
    Code('changed-text', W, STRUCTURE, COORDINATOR,
         doc="a locked text was edited; the plan's text is kept"),
    Code('invalid-assessment', E, GOAL, DEPARTMENT, place=(ASSESSMENT, 'col.level'), marked=True,
         doc='an assessment not in the vocabulary'),
    Code('missing-assessment', W, GOAL, DEPARTMENT, place=(ASSESSMENT, 'col.level'), marked=True,
         doc='a development goal without Bedömning (an empty Analys is allowed)'),
    Code('edit-conflict', W, MERGED, COORDINATOR, remade=True,
         doc="a newer department answer replaced a coordinator's edit"),
    Code('skipped-file', I, FILE, COORDINATOR,
         doc=("never opened: Excel lock files `~$…`, LibreOffice's `.~lock…#`, hidden files, macOS `._…` files and "
              '`__MACOSX/`, `Thumbs.db`, `desktop.ini`, links, pipes and sub-folders (collect reads only files '
              'directly in the inbox)')),
    Code('missing-sheet', E, STRUCTURE, DEPARTMENT,
         doc='a sheet of the department workbook was renamed or deleted (names what was found)'),
    Code('missing-column', E, STRUCTURE, DEPARTMENT,
         doc='a column of the department workbook is gone (names its header)'),
    Code('duplicate-activity', W, STRUCTURE, DEPARTMENT, place=(ACTIVITIES, 'col.status'),
         doc='one activity id on several rows; the first is used'),
    Code('protected-file', E, FILE, COORDINATOR,
         doc=('a password-protected workbook (`.xlsx`, `.xls` or `.ods`, known before any reader opens it): ask for'
              ' a copy without a password')),
    Code('rejected-file', E, FILE, COORDINATOR,
         doc=('not read, to protect the run: over a size limit, a zip bomb, DOCTYPE or entity declarations in its '
              'XML, a zip packed as Excel never does, or a reader that ran out of time or memory (see [what collect'
              ' guarantees](engineering.md#what-collect-guarantees))')),
    Code('macros-ignored', W, FILE, COORDINATOR,
         doc=('a workbook with macros (.xlsm, Excel 4 macro sheets, ActiveX): read as values; the macros are never '
              'run nor carried over')),
    Code('other-format', I, FILE, COORDINATOR,
         doc=('an .xls or .ods, read; formulas without a result and error values cannot be detected in those '
              'formats')),
    Code('uncalculated-formula', E, CELL, DEPARTMENT,
         doc=('a formula with no saved result (the file was never calculated, e.g. written by a script): its value '
              'is unknown, never read as blank')),
    Code('error-value', E, CELL, DEPARTMENT,
         doc='a cell showing an error value such as `#REF!` or `#N/A`'),
    Code('merged-cells', W, CELL, DEPARTMENT,
         doc='merged cells in the data area; only the top-left value is read'),
    Code('stray-cells', W, CELL, COORDINATOR,
         doc=('cells far outside the table (beyond row 65 536 or column IV, e.g. a value in XFD1048576) were not '
              'read; names them and their values')),
    Code('truncated-text', W, CELL, DEPARTMENT,
         doc=('a text longer than a cell holds (32 767 characters as Excel counts them, in UTF-16 units: an emoji '
              'counts 2); the rest is cut off in the merged workbook, never inside an emoji, and kept in the '
              'archive')),
    Code('foreign-id', W, STRUCTURE, COORDINATOR,
         doc=('a row whose Aktivitets-id belongs to another department (or to a planned activity its workbook was '
              "not sent with, or to another department's added row, or to an activity of an earlier round): kept as"
              " the sender's added row under a new id, `A01 (Kost)`; the message names the id, whose it is and the "
              'new id')),
    Code('missing-goal', W, STRUCTURE, COORDINATOR,
         doc=('an added row with no known development goal; kept, and listed in the report under "Tillagda '
              'aktiviteter utan utvecklingsmål"')),
    Code('empty-submission', W, ANSWER, COORDINATOR,
         doc=('a workbook sent back untouched (every editable cell as generated): not an answer; the department '
              'counts as not answered (instead of `missing-submission`)')),
    Code('future-saved-time', W, FILE, COORDINATOR,
         doc=('a saved time more than a day after the run: the file is ranked by when it arrived in the inbox (its '
              'modification time there) instead')),
    Code('deleted-activity', E, MERGED, COORDINATOR, remade=True,
         doc=("a planned activity's row was deleted from Aktiviteter in the merged workbook; the department's "
              'answer (kept in the hidden sheet) still counts in the report, the history and a return workbook, and'
              ' the next collect writes the row back')),
    Code('invalid-value', E, INDICATOR, DEPARTMENT, place=(INDICATORS, 'col.indicator_value'), marked=True,
         doc="an indicator's Värde that is no number (`ungefär 40`); a decimal comma typed as text (`41,5`) is a number"),
    Code('out-of-range', E, INDICATOR, DEPARTMENT, place=(INDICATORS, 'col.indicator_value'), marked=True,
         doc="an indicator's value outside the plan's Min and Max for it"),
    Code('missing-value', W, INDICATOR, DEPARTMENT, place=(INDICATORS, 'col.indicator_value'), marked=True,
         remade=True,
         doc=("no value of an indicator for the report year (Info for a Kolada indicator whose year Kolada has not "
              "published yet; run `malxl kolada` for the others)")),
    Code('assessment-evidence', W, INDICATOR, DEPARTMENT, place=(ASSESSMENT, 'col.level'), marked=True, remade=True,
         doc=("a goal assessed at the highest level while one of its indicators misses its target for the report year "
              "or one of its activities deviates unfinished, or at the lowest level while every indicator (at least "
              "one) reaches its target and no activity deviates; names each contrary indicator and activity with "
              "the figures")),
)}

#: Each code's severity.
CODES: dict[str, Severity] = {name: c.severity for name, c in REGISTRY.items()}


def codes(*, concerns: str | None = None, fixed_by: str | None = None, marked: bool | None = None,
          remade: bool | None = None) -> frozenset[str]:
    """The codes whose records match every criterion given."""
    return frozenset(name for name, c in REGISTRY.items()
                     if (concerns is None or c.concerns == concerns) and (fixed_by is None or c.fixed_by == fixed_by)
                     and (marked is None or c.marked == marked) and (remade is None or c.remade == remade))


#: An activity row's value findings: replaced when the row is checked again (the coordinator edited it).
ROW_CODES = codes(concerns=ROW)
#: A goal's assessment findings: replaced when the coordinator assesses the goal.
ASSESSMENT_CODES = codes(concerns=GOAL)
#: What a department can act on: what ``malxl feedback`` sends it.
FIX_CODES = codes(fixed_by=DEPARTMENT)
#: Codes whose cell a return workbook marks, with a note.
MARKED = codes(marked=True)
#: Where in the department's workbook each code is fixed: (sheet key, column key).
PLACES: dict[str, tuple[str, str]] = {name: c.place for name, c in REGISTRY.items() if c.place}
#: Made again from the merged workbook as it stands: never carried over from its Brister sheet.
REMADE = codes(remade=True)
