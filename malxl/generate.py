"""Generate one workbook per department from the plan.

Each workbook has the department's activities (Status, Slutdatum and
Kommentar editable, everything else locked), the development goals it owns
(Bedömning and Analys editable), instructions built from the same vocabulary
the validator uses, and a very hidden identity sheet that lets collect
recognise the workbook whatever its file name.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from xlsxwriter.utility import xl_cell_to_rowcol

from . import layout
from .models import ActivityRow, Assessment, Plan
from .style import Style, instruction_lines, load_style
from .texts import texts
from .workbook import capabilities
from .workbook.outputs import check_outputs, make_folder
from .workbook.xlsx import MAX_ROW_HEIGHT, atomic_path, column_letter, excel_cut, new_workbook, row_height


@dataclass
class GenerateResult:
    outbox: Path
    written: list[Path] = field(default_factory=list)
    replaced: list[Path] = field(default_factory=list)
    left_alone: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """Something a department must fix: a line on the first sheet (Att åtgärda) and, if ``mark``, a marked cell.

    ``sheet`` is a sheet key (``"sheet.activities"`` or ``"sheet.assessment"``)
    and ``cell`` an A1 reference on it, both empty when no cell is concerned.
    A marked cell gets a red border and ``text`` as its note.
    """

    text: str
    severity: str = ""
    about: str = ""
    sheet: str = ""
    cell: str = ""
    mark: bool = False


def answer_rows(plan: Plan, department: str, rows: list[ActivityRow] | None = None) -> dict[tuple[str, str], int]:
    """Zero-based row of each activity and goal in the department's workbook: ``{(sheet key, id): row}``."""
    at = {}
    r = layout.FIRST_ROW
    for a in plan.activities_of(department):
        at[("sheet.activities", a.id)] = r
        r += 1
    for extra in (x for x in rows or [] if x.added):
        at[("sheet.activities", extra.id)] = r
        r += 1
    for i, g in enumerate(plan.goals_owned_by(department)):
        at[("sheet.assessment", g.id)] = layout.FIRST_ROW + i
    return at


#: Below this many activities one process writes every workbook: starting workers would cost more.
PARALLEL_FROM = 3000


def generate(plan: Plan, outbox: Path, templates: Path | None = None, now: datetime | None = None,
             workers: int | None = None, progress=None) -> GenerateResult:
    """Write ``<Avdelning>.xlsx`` for every department of ``plan`` into ``outbox``.

    File names come from :func:`malxl.layout.file_names` (safe and unique on
    every system). Files of the same names are replaced; other files are left
    alone and listed. Nothing is written if any of them is open in Excel or
    LibreOffice, or the folder cannot be written (:class:`~malxl.errors.OutputError`).
    ``workers`` is the number of processes writing workbooks (default: one per
    core for a plan of :data:`PARALLEL_FROM` activities or more, else 1).
    ``progress``, if given, is called with ``done`` and ``total`` as workbooks are written.
    """
    outbox = Path(outbox)
    stems = layout.file_names(d.name for d in plan.departments)
    jobs = [(d.name, outbox / f"{stems[d.name]}.xlsx") for d in plan.departments]
    check_outputs(path for _, path in jobs)  # none open in Excel, the folder writable: before the first is written
    style = load_style(templates)
    make_folder(outbox)
    stamp = now or datetime.now().replace(microsecond=0)  # one generation time for the whole round
    result = GenerateResult(outbox)
    names = {path.name for _, path in jobs}
    before = {p.name for p in outbox.iterdir() if p.is_file()}
    for done, path in enumerate(_write_all(plan, jobs, style, stamp, workers), start=1):
        if progress:
            progress(done=done, total=len(jobs))
        if path.name in before:
            result.replaced.append(path)
        result.written.append(path)
    result.left_alone = sorted(outbox / n for n in before - names)
    return result


_JOB: tuple = ()  # (plan, style, stamp) for forked workers, which inherit it instead of unpickling a plan


def _write_job(job: tuple[str, Path]) -> Path:
    plan, style, stamp = _JOB
    return write_department_workbook(plan, job[0], job[1], style=style, now=stamp)


def _write_all(plan: Plan, jobs: list[tuple[str, Path]], style: Style, stamp: datetime, workers: int | None):
    """Write every department's workbook, in worker processes when that pays; paths in plan order.

    Workers are forked, so they share the plan without copying it; that is
    done only where processes can be forked and only from a single-threaded
    process (forking a process with threads can deadlock), else one process
    writes them all (the same workbooks).
    """
    if workers is None:
        workers = os.cpu_count() or 1 if len(plan.activities) >= PARALLEL_FROM else 1
    workers = min(workers, len(jobs))
    if workers <= 1 or not capabilities.fork() or threading.active_count() > 1:
        for name, path in jobs:
            yield write_department_workbook(plan, name, path, style=style, now=stamp)
        return
    import multiprocessing

    global _JOB
    _JOB = (plan, style, stamp)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_write_job, jobs, chunksize=max(1, min(16, len(jobs) // (workers * 8))))
    finally:
        _JOB = ()


def write_department_workbook(
    plan: Plan,
    department: str,
    path: Path,
    *,
    style: Style | None = None,
    now: datetime | None = None,
    rows: list[ActivityRow] | None = None,
    assessments: list[Assessment] | None = None,
    problems: list[Problem] | None = None,
) -> Path:
    """Write one department's workbook; ``rows``/``assessments`` pre-fill answers already given.

    ``problems`` (a return workbook) adds a first sheet listing them and marks their cells with notes.
    """
    style = style or load_style()
    with atomic_path(Path(path)) as tmp:
        stamp = now or datetime.now().replace(microsecond=0)
        wb = new_workbook(tmp, created=stamp)
        wb.in_memory = True  # xlsxwriter's in_memory option: its parts stay in memory, no temporary files
        _Writer(wb, plan, department, style, rows, assessments, stamp, problems).write()
        wb.close()
    return Path(path)


class _Writer:
    def __init__(self, wb, plan: Plan, department: str, style: Style, rows, assessments, stamp: datetime,
                 problems=None):
        self.stamp = stamp
        self.problems = list(problems or [])
        self.notes: dict[tuple[str, int, int], list[str]] = {}
        for p in self.problems:
            if p.mark and p.sheet and p.cell:
                self.notes.setdefault((p.sheet, *xl_cell_to_rowcol(p.cell)), []).append(p.text)
        self.wb, self.plan, self.dept, self.style = wb, plan, department, style
        self.t = texts(plan.settings.language)
        self.answers = {r.id: r for r in rows or []}
        self.extra = [r for r in rows or [] if r.added]
        self.assessments = {a.goal_id: a for a in assessments or []}
        self.activities = plan.activities_of(department)
        self.goals = plan.goals_owned_by(department)
        # A rolled-over round (malxl next) shows the last round's answers in read-only columns.
        self.previous = plan.previous_period
        self.a_columns, self.a_widths = layout.activity_columns(bool(self.previous))
        self.a_col = {key: c for c, key in enumerate(self.a_columns)}
        self.g_columns, self.g_widths = layout.assessment_columns(bool(self.previous))
        self.g_col = {key: c for c, key in enumerate(self.g_columns)}
        s = style
        base = {"valign": "top", "text_wrap": True, "border": 1, "border_color": "#BFBFBF"}
        self.f_title = wb.add_format({"bold": True, "font_size": 14, "font_color": "#" + s.title_fg})
        self.f_hint = wb.add_format({"italic": True, "font_color": "#595959"})
        self.f_header = wb.add_format({**base, "bold": True, "bg_color": "#" + s.header_bg,
                                       "font_color": "#" + s.header_fg, "locked": True})
        self.f_locked = wb.add_format({**base, "bg_color": "#" + s.locked_bg, "locked": True})
        self.f_input = wb.add_format({**base, "bg_color": "#" + s.input_bg, "locked": False})
        self.f_date = wb.add_format({**base, "bg_color": "#" + s.input_bg, "locked": False,
                                     "num_format": "yyyy-mm-dd", "align": "left"})
        self.f_error = wb.add_format({"bg_color": "#" + s.error_bg, "font_color": "#" + s.error_fg})
        self.f_required = wb.add_format({"bg_color": "#" + s.required_bg})
        self.f_warn = wb.add_format({"bg_color": "#" + s.warn_bg})
        self.f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.f_bold = wb.add_format({"bold": True})
        mark = {"bg_color": "#" + s.error_bg, "border": 5, "border_color": "#" + s.error_fg}
        self.f_input_mark = wb.add_format({**base, **mark, "locked": False})
        self.f_date_mark = wb.add_format({**base, **mark, "locked": False, "num_format": "yyyy-mm-dd", "align": "left"})
        self.example = (plan.settings.deadline or plan.settings.report_date or date.today()).isoformat()

    # -- sheets ---------------------------------------------------------------
    def write(self):
        t = self.t
        todo = self.wb.add_worksheet(t("sheet.todo")) if self.problems else None
        instructions = self.wb.add_worksheet(t("sheet.instructions"))
        activities = self.wb.add_worksheet(t("sheet.activities"))
        assessment = self.wb.add_worksheet(t("sheet.assessment"))
        lists = self.wb.add_worksheet(t("sheet.lists"))
        identity = self.wb.add_worksheet(layout.IDENTITY_SHEET)
        self.lists_name = lists.get_name()
        self._lists(lists)
        self._instructions(instructions)
        self._activities(activities)
        self._assessment(assessment)
        self._identity(identity)
        if todo:
            self._todo(todo)
        self._add_notes("sheet.activities", activities)
        self._add_notes("sheet.assessment", assessment)
        lists.hide()
        identity.very_hidden()
        (todo or instructions).activate()

    def _mark(self, sheet: str, r: int, c: int, fmt):
        """The cell's format, or its marked variant when a problem points at it."""
        if (sheet, r, c) not in self.notes:
            return fmt
        return self.f_date_mark if fmt is self.f_date else self.f_input_mark

    def _add_notes(self, sheet: str, ws):
        author = self.plan.settings.coordinator or "malxl"
        for (key, r, c), texts_ in self.notes.items():
            if key == sheet:
                ws.write_comment(r, c, "\n\n".join(texts_), {"author": author, "x_scale": 2.5, "y_scale": 2})

    def _todo(self, ws):
        """The first sheet of a return workbook: every problem, with a link to its cell (link text is ours)."""
        t, s = self.t, self.plan.settings
        ws.hide_gridlines(2)
        ws.write_string(0, 0, t("todo.title", department=self.dept), self.f_title)
        hint = t("todo.hint", coordinator=s.coordinator or "-", email=s.coordinator_email or "-")
        if s.deadline:
            hint += " " + t("todo.deadline", deadline=s.deadline.isoformat())
        widths = [5, 11, 44, 80, 22]
        ws.merge_range(1, 0, 1, 4, hint, self.f_wrap)
        ws.set_row(1, row_height((hint, sum(widths))))
        columns = ["col.nr", "col.severity", "col.about", "col.todo", "col.cell"]
        for c, (key, width) in enumerate(zip(columns, widths, strict=True)):
            ws.write_string(3, c, t(key), self.f_header)
            ws.set_column(c, c, width, self.f_wrap)
        for i, p in enumerate(self.problems):
            r = 4 + i
            ws.write_number(r, 0, i + 1, self.f_wrap)
            ws.write_string(r, 1, p.severity, self.f_wrap)
            ws.write_string(r, 2, p.about, self.f_wrap)
            ws.write_string(r, 3, p.text, self.f_wrap)
            ws.set_row(r, row_height((p.about, widths[2]), (p.text, widths[3])))
            if p.sheet and p.cell:
                name = t(p.sheet)
                ws.write_url(r, 4, "internal:'{}'!{}".format(name.replace("'", "''"), p.cell),
                             string=f"{name} {p.cell}")
            else:
                ws.write_string(r, 4, "-", self.f_wrap)
        ws.freeze_panes(4, 0)
        ws.repeat_rows(3)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        self._protect(ws)

    def _protect(self, ws):
        ws.protect(self.plan.settings.password, {
            "format_columns": True, "format_rows": True,
            "select_locked_cells": True, "select_unlocked_cells": True,
        })

    def _lists(self, ws):
        v = self.plan.vocabulary
        for c, (key, names) in enumerate([
            ("col.status", [s.name for s in v.statuses]),
            ("col.needs_comment", [s.name for s in v.comment_statuses]),
            ("col.level", [lv.name for lv in v.levels]),
            ("col.goal_title", [self._goal_ref(g.id) for g in self.plan.goals]),
        ]):
            ws.write_string(0, c, self.t(key))
            for r, name in enumerate(names, start=1):
                ws.write_string(r, c, name)
        self.status_range = self._range(0, len(v.statuses))
        self.level_range = self._range(2, len(v.levels))
        self.goal_range = self._range(3, len(self.plan.goals))

    def _goal_ref(self, gid: str) -> str:
        """A development goal as the planned rows and the added rows' dropdown show it: ``2.5.1 Kommunen ska …``."""
        goal = self.plan.goal(gid)
        return self.t("dept.goal_ref", id=gid, title=goal.title if goal else "").strip()

    def _range(self, col: int, count: int) -> str:
        letter = column_letter(col)
        return f"='{self.lists_name}'!${letter}$2:${letter}${count + 1}"

    def _fields(self) -> dict:
        s = self.plan.settings
        return {
            "organisation": s.organisation, "period": s.period, "department": self.dept,
            "report_date": s.report_date.isoformat() if s.report_date else "",
            "deadline": s.deadline.isoformat() if s.deadline else "",
            "coordinator": s.coordinator, "email": s.coordinator_email, "example": self.example,
        }

    def _instructions(self, ws):
        t, fields = self.t, self._fields()
        ws.set_column(0, 0, 62, self.f_wrap)
        ws.set_column(1, 2, 18)
        ws.hide_gridlines(2)
        ws.set_portrait()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        r = 0
        if self.style.logo:
            from io import BytesIO

            ws.insert_image(0, 0, self.style.logo_name, {"image_data": BytesIO(self.style.logo), "y_scale": 1})
            ws.set_row(0, 60)
            r = 1
        lines = list(instruction_lines(self.style, self.plan.settings.language))
        if not self.plan.settings.deadline:
            lines = [t("instr.deadline_none") if line == t("instr.deadline") else line for line in lines]
        for i, line in enumerate(lines):
            try:
                text = line.format(**fields)
            except (KeyError, IndexError, ValueError):
                text = line  # the coordinator's own braces: show as typed
            ws.write_string(r, 0, text, self.f_title if i == 0 else self.f_wrap)
            if i and len(text) > 60:
                ws.set_row(r, min(15 * (len(text) // 58 + 1), MAX_ROW_HEIGHT))
            r += 1
        if self.previous:
            text = t("instr.previous", previous=self.previous)
            ws.write_string(r, 0, text, self.f_wrap)
            ws.set_row(r, 15 * (len(text) // 58 + 1))
            r += 1
        r += 1
        v = self.plan.vocabulary
        ws.write_row(r, 0, [t("instr.statuses"), t("instr.needs_comment"), t("instr.finished")], self.f_header)
        for s in v.statuses:
            r += 1
            ws.write_row(r, 0, [s.name, t("yes") if s.needs_comment else t("no"),
                                t("yes") if s.finished else t("no")])
        r += 2
        ws.write_row(r, 0, [t("instr.levels"), t("instr.counts_as_met")], self.f_header)
        for lv in v.levels:
            r += 1
            ws.write_rich_string(r, 0, self.wb.add_format({"font_color": "#" + lv.colour, "bold": True}), "● ",
                                 lv.name)
            ws.write_string(r, 1, t("yes") if lv.counts_as_met else t("no"))
        self._protect(ws)

    def _header(self, ws, title_key_hint: str, columns, widths):
        t = self.t
        s = self.plan.settings
        ws.write_string(0, 0, t("dept.title", organisation=s.organisation, period=s.period, department=self.dept),
                        self.f_title)
        ws.write_string(1, 0, title_key_hint, self.f_hint)
        for c, (key, width) in enumerate(zip(columns, widths, strict=True)):
            ws.write_string(layout.HEADER_ROW, c, t(key), self.f_header)
            ws.set_column(c, c, width)
        ws.freeze_panes(layout.FIRST_ROW, 0)
        ws.set_row(layout.HEADER_ROW, 20)
        ws.repeat_rows(layout.HEADER_ROW)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def _activities(self, ws):
        t, v = self.t, self.plan.vocabulary
        s = self.plan.settings
        deadline = s.deadline.isoformat() if s.deadline else "-"
        hint = t("dept.activities_hint", deadline=deadline)
        if self.previous:
            hint += " " + t("dept.previous_hint", previous=self.previous)
        self._header(ws, hint, self.a_columns, self.a_widths)
        col = self.a_col
        status_col, end_col, comment_col = col["col.status"], col["col.end"], col["col.comment"]
        first = layout.FIRST_ROW
        r = first
        for a in self.activities:
            ans = self.answers.get(a.id)
            goals = "\n".join(self._goal_ref(g) for g in a.goal_ids)
            ws.write_string(r, 0, a.id, self.f_locked)
            ws.write_string(r, 1, goals, self.f_locked)
            ws.write_string(r, 2, a.title, self.f_locked)
            before = self._previous(ws, r, a.id)
            self._answer(ws, r, ans.status if ans else "", ans.end if ans else a.planned_end,
                         ans.comment if ans else "")
            w = self.a_widths
            # room for a three-line comment: a row with a set height does not grow as one types
            ws.set_row(r, max(45, row_height((goals, w[1]), (a.title, w[2]), (ans.comment if ans else "",
                                                                                 w[comment_col]), *before)))
            r += 1
        last_planned = r - 1
        for extra in self.extra:
            for c, value in enumerate([extra.id, "\n".join(self._goal_ref(g) for g in extra.goal_ids), extra.title]):
                ws.write_string(r, c, value, self.f_input)
            self._previous(ws, r, None)
            self._answer(ws, r, extra.status, extra.end, extra.comment)
            r += 1
        for _ in range(layout.EXTRA_ROWS):
            for c in range(3):
                ws.write_blank(r, c, None, self.f_input)
            self._previous(ws, r, None)
            self._answer(ws, r, "", None, "")
            r += 1
        last = r - 1
        top = first + 1  # 1-based row of the first data row, for formulas
        ws.data_validation(first, status_col, last, status_col, {
            "validate": "list", "source": self.status_range,
            "input_title": t("input.status.title"), "input_message": t("input.status"),
            "error_title": t("error.status.title"), "error_message": t("error.status"),
        })
        ws.data_validation(first, end_col, last, end_col, {
            "validate": "date", "criteria": "between",
            "minimum": date(1990, 1, 1), "maximum": date(2199, 12, 31),
            "input_title": t("input.end.title"), "input_message": t("input.end", example=self.example),
            "error_title": t("error.end.title"), "error_message": t("error.end", example=self.example),
        })
        comment_statuses = [st.name for st in v.comment_statuses]
        ws.data_validation(first, comment_col, last, comment_col, {
            "validate": "length", "criteria": "<=", "value": layout.MAX_CELL_TEXT, "ignore_blank": True,
            "input_title": t("input.comment.title"),
            "input_message": excel_cut(t("input.comment", statuses=", ".join(comment_statuses)), 255),
        })
        if self.plan.goals:  # added rows: the goal from a list (or ids typed, hence only a note when not in it)
            ws.data_validation(last_planned + 1, 1, last, 1, {
                "validate": "list", "source": self.goal_range, "error_type": "information",
                "input_title": t("input.goal.title"), "input_message": t("input.goal")[:255],
                "error_title": t("error.goal.title"), "error_message": t("error.goal")[:255],
            })
        d, e, f = (f"${column_letter(c)}{top}" for c in (status_col, end_col, comment_col))
        if comment_statuses:
            needs = "OR(" + ",".join(f'TRIM({d})="{_q(n)}"' for n in comment_statuses) + ")"
            ws.conditional_format(first, comment_col, last, comment_col, {
                "type": "formula", "criteria": f"=AND({needs},LEN(TRIM({f}))=0)", "format": self.f_error})
        if last_planned >= first:
            ws.conditional_format(first, status_col, last_planned, status_col, {
                "type": "formula", "criteria": f"=LEN(TRIM({d}))=0", "format": self.f_required})
        settled = [st.name for st in v.statuses if st.finished or st.needs_comment]
        rd = s.report_date
        if rd:
            not_settled = "NOT(OR(" + ",".join(f'TRIM({d})="{_q(n)}"' for n in settled) + "))" if settled else "TRUE"
            ws.conditional_format(first, end_col, last, end_col, {
                "type": "formula",
                "criteria": f"=AND(ISNUMBER({e}),{e}<DATE({rd.year},{rd.month},{rd.day}),LEN(TRIM({d}))>0,{not_settled})",
                "format": self.f_warn})
        for st in v.statuses:
            ws.conditional_format(first, status_col, last, status_col, {
                "type": "formula", "criteria": f'=TRIM({d})="{_q(st.name)}"',
                "format": self.wb.add_format({"bg_color": "#" + st.colour})})
        self._protect(ws)

    def _previous(self, ws, r, activity_id: str | None) -> list[tuple[str, int]]:
        """Förra status and Förra kommentaren (locked) in a rolled-over round; their texts and widths, for the row's height."""
        if not self.previous:
            return []
        before = self.plan.previous("a", activity_id) if activity_id else None
        shown = []
        for key, value in (("col.previous_status", before.status if before else ""),
                           ("col.previous_comment", before.comment if before else "")):
            c = self.a_col[key]
            ws.write_string(r, c, value, self.f_locked) if value else ws.write_blank(r, c, None, self.f_locked)
            shown.append((value, self.a_widths[c]))
        return shown

    def _answer(self, ws, r, status, end, comment):
        sheet = "sheet.activities"
        s_c, e_c, c_c = self.a_col["col.status"], self.a_col["col.end"], self.a_col["col.comment"]
        f_status, f_end, f_comment = (self._mark(sheet, r, s_c, self.f_input), self._mark(sheet, r, e_c, self.f_date),
                                      self._mark(sheet, r, c_c, self.f_input))
        ws.write_string(r, s_c, status or "", f_status) if status else ws.write_blank(r, s_c, None, f_status)
        if isinstance(end, date):
            ws.write_datetime(r, e_c, datetime(end.year, end.month, end.day), f_end)
        elif end:
            ws.write_string(r, e_c, str(end), f_end)
        else:
            ws.write_blank(r, e_c, None, f_end)
        ws.write_string(r, c_c, comment, f_comment) if comment else ws.write_blank(r, c_c, None, f_comment)

    def _assessment(self, ws):
        t, v = self.t, self.plan.vocabulary
        self._header(ws, t("dept.assessment_hint") if self.goals else t("dept.no_goals"),
                     self.g_columns, self.g_widths)
        first = layout.FIRST_ROW
        level_col, analysis_col = self.g_col["col.level"], self.g_col["col.analysis"]
        for i, g in enumerate(self.goals):
            r = first + i
            a = self.assessments.get(g.id)
            ws.write_string(r, 0, g.id, self.f_locked)
            ws.write_string(r, 1, g.title, self.f_locked)
            if self.previous:
                before = self.plan.previous("g", g.id)
                c = self.g_col["col.previous_level"]
                if before and before.status:
                    ws.write_string(r, c, before.status, self.f_locked)
                else:
                    ws.write_blank(r, c, None, self.f_locked)
            w = self.g_widths
            ws.set_row(r, row_height((g.title, w[1]), (a.analysis if a else "", w[analysis_col])))
            for c, value in ((level_col, a.level if a else ""), (analysis_col, a.analysis if a else "")):
                fmt = self._mark("sheet.assessment", r, c, self.f_input)
                ws.write_string(r, c, value, fmt) if value else ws.write_blank(r, c, None, fmt)
        if self.goals:
            last = first + len(self.goals) - 1
            ws.data_validation(first, level_col, last, level_col, {
                "validate": "list", "source": self.level_range,
                "input_title": t("input.level.title"), "input_message": t("input.level"),
                "error_title": t("error.level.title"), "error_message": t("error.level"),
            })
            c = f"${column_letter(level_col)}{first + 1}"
            ws.conditional_format(first, level_col, last, level_col, {
                "type": "formula", "criteria": f"=LEN(TRIM({c}))=0", "format": self.f_required})
            for lv in v.levels:
                ws.conditional_format(first, level_col, last, level_col, {
                    "type": "formula", "criteria": f'=TRIM({c})="{_q(lv.name)}"',
                    "format": self.wb.add_format({"bg_color": "#" + lv.colour})})
        self._protect(ws)

    def _identity(self, ws):
        s = self.plan.settings
        values = {
            "format": layout.FORMAT_VERSION, "organisation": s.organisation, "period": s.period,
            "department": self.dept, "plan_version": self.plan.version(self.dept),
            "generated": self.stamp.isoformat(), "language": s.language,
        }
        for r, key in enumerate(layout.IDENTITY_KEYS):
            ws.write_string(r, 0, key)
            ws.write_string(r, 1, values[key])
        ws.write_string(0, layout.ACTIVITY_IDS_COLUMN, "activity_ids")
        for r, a in enumerate(self.activities, start=1):
            ws.write_string(r, layout.ACTIVITY_IDS_COLUMN, a.id)
        ws.write_string(0, layout.GOAL_IDS_COLUMN, "goal_ids")
        for r, g in enumerate(self.goals, start=1):
            ws.write_string(r, layout.GOAL_IDS_COLUMN, g.id)
        self._protect(ws)


def _q(text: str) -> str:
    """Quote text for a string literal inside an Excel formula."""
    return text.replace('"', '""')
