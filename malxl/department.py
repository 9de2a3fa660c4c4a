"""One department's workbook: what ``malxl generate`` sends out and ``malxl feedback`` sends back.

Each workbook has the department's activities (Status, Slutdatum and
Kommentar editable, everything else locked), the development goals it owns
(Bedömning and Analys editable), instructions built from the same vocabulary
the validator uses, and a very hidden identity sheet that lets collect
recognise the workbook whatever its file name. A return workbook (feedback)
is the same workbook pre-filled with what the department sent, with a first
sheet listing what to fix (:class:`Problem`) and those cells marked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import layout
from .history import said
from .indicators import Indicator, Point, reported_by, show_number
from .models import ActivityRow, Assessment, Plan
from .style import Style, instruction_lines, load_style
from .texts import texts
from .workbook.xlsx import MAX_ROW_HEIGHT, atomic_path, column_letter, excel_cut, new_workbook, row_height


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
    for i, ind in enumerate(reported_by(plan.indicators, department)):
        at[("sheet.indicators", ind.id)] = layout.INDICATORS.first_row + i
    return at


#: The bounds of an indicator's Värde without Min and Max: any number a person types.
ANY_NUMBER = 1e300

#: The columns of Aktiviteter a department types into on a row it adds (on a planned row they are the plan's).
ADDED_ROW_INPUTS = frozenset({"col.activity_id", "col.goal_title", "col.activity"})

#: A plan with more development goals than this (a municipality has dozens) gives each department a dropdown
#: of only the goals it works on: its own and those of its activities. Any goal of the plan can still be
#: typed in an added row (the dropdown only suggests), and collect reads it the same way.
DROPDOWN_GOALS = 500


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
    values: list[Point] | None = None,
) -> Path:
    """Write one department's workbook; ``rows``/``assessments``/``values`` (indicator values) pre-fill answers
    already given (a value of another year than the report year is no answer and is left out).

    ``problems`` (a return workbook) adds a first sheet listing them and marks their cells with notes.
    """
    style = style or load_style()
    with atomic_path(Path(path)) as tmp:
        stamp = now or datetime.now().astimezone().replace(microsecond=0)
        wb = new_workbook(tmp, created=stamp)
        wb.in_memory = True  # xlsxwriter's in_memory option: its parts stay in memory, no temporary files
        _Writer(wb, plan, department, style, rows, assessments, stamp, problems, values).write()
        wb.close()
    return Path(path)


def _known_values(values: Iterable[Point], indicators: Iterable[Indicator]) -> dict[str, list[Point]]:
    """The plan's earlier values (with a value) of ``indicators``, by indicator: one pass over the plan's values."""
    known: dict[str, list[Point]] = {i.id: [] for i in indicators}
    for p in values:
        if p.indicator_id in known and p.value is not None:
            known[p.indicator_id].append(p)
    return known


class _Writer:
    def __init__(self, wb, plan: Plan, department: str, style: Style, rows, assessments, stamp: datetime,
                 problems=None, values=None):
        from xlsxwriter.utility import xl_cell_to_rowcol  # xlsxwriter loads when a workbook is written, not with malxl

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
        self.indicators = reported_by(plan.indicators, department)
        self.known = _known_values(plan.indicator_values, self.indicators)
        year = plan.settings.report_date.year
        self.values = {p.indicator_id: p for p in values or [] if p.year == year}
        # A rolled-over round (malxl next) shows the last round's answers in read-only columns.
        self.previous = plan.previous_period
        self.a_layout = layout.activities(bool(self.previous))
        self.g_layout = layout.assessment(bool(self.previous))
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
        # The empty rows for added activities: open cells with nothing to see of their own (see _empty_rows).
        bare = {"valign": "top", "text_wrap": True, "locked": False}
        self.f_empty = wb.add_format(bare)
        self.f_empty_date = wb.add_format({**bare, "num_format": "yyyy-mm-dd", "align": "left"})
        look = {"border": 1, "border_color": base["border_color"]}
        self.f_empty_look = {True: wb.add_format({**look, "bg_color": "#" + s.input_bg}),
                             False: wb.add_format({**look, "bg_color": "#" + s.locked_bg})}
        self.example = (plan.settings.deadline or plan.settings.report_date or date.today()).isoformat()

    # -- sheets ---------------------------------------------------------------
    def write(self):
        t = self.t
        todo = self.wb.add_worksheet(t("sheet.todo")) if self.problems else None
        instructions = self.wb.add_worksheet(t("sheet.instructions"))
        activities = self.wb.add_worksheet(t("sheet.activities"))
        assessment = self.wb.add_worksheet(t("sheet.assessment"))
        indicators = self.wb.add_worksheet(t("sheet.indicators")) if self.indicators else None
        lists = self.wb.add_worksheet(t("sheet.lists"))
        identity = self.wb.add_worksheet(layout.IDENTITY_SHEET)
        self.lists_name = lists.get_name()
        self._lists(lists)
        self._instructions(instructions)
        self._activities(activities)
        self._assessment(assessment)
        if indicators:
            self._indicators(indicators)
            self._add_notes("sheet.indicators", indicators)
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
        goals = self.dropdown_goals()
        for c, (key, names) in enumerate([
            ("col.status", [s.name for s in v.statuses]),
            ("col.needs_comment", [s.name for s in v.comment_statuses]),
            ("col.level", [lv.name for lv in v.levels]),
            ("col.goal_title", [self._goal_ref(gid) for gid in goals]),
        ]):
            ws.write_string(0, c, self.t(key))
            for r, name in enumerate(names, start=1):
                ws.write_string(r, c, name)
        self.status_range = self._range(0, len(v.statuses))
        self.level_range = self._range(2, len(v.levels))
        self.goal_range = self._range(3, len(goals))

    def dropdown_goals(self) -> list[str]:
        """The development goals offered in the added rows' dropdown, in plan order (see :data:`DROPDOWN_GOALS`)."""
        if len(self.plan.goals) <= DROPDOWN_GOALS:
            return [g.id for g in self.plan.goals]
        mine = {g.id for g in self.goals} | {gid for a in self.activities for gid in a.goal_ids}
        return [g.id for g in self.plan.goals if g.id in mine]

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
                ws.set_row(r, _wrapped_height(text))
            r += 1
        extra = [t("instr.previous", previous=self.previous)] if self.previous else []
        if self.indicators:
            extra.append(t("instr.indicators", year=self.plan.settings.report_date.year))
        for text in extra:
            ws.write_string(r, 0, text, self.f_wrap)
            ws.set_row(r, _wrapped_height(text))
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

    def _header(self, ws, hint: str, sheet: layout.Layout):
        t = self.t
        s = self.plan.settings
        ws.write_string(0, 0, t("dept.title", organisation=s.organisation, period=s.period, department=self.dept),
                        self.f_title)
        ws.write_string(1, 0, hint, self.f_hint)
        names = [(t(column.key), column.width) for column in sheet.columns]
        for c, (name, width) in enumerate(names):
            ws.write_string(sheet.header_row, c, name, self.f_header)
            ws.set_column(c, c, width)
        ws.freeze_panes(sheet.first_row, 0)
        ws.set_row(sheet.header_row, max(20, row_height(*names)))  # a header that wraps (Development goal id)
        ws.repeat_rows(sheet.header_row)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)

    def _row(self, ws, sheet_key: str, sheet: layout.Layout, r: int, values: dict, typed: frozenset = frozenset()):
        """One data row, each column's value from ``values`` by key (a column without one is left blank).

        Editable columns are inputs (marked when a problem points at them);
        ``typed`` columns are inputs too (a row the department adds); the rest
        are locked. Gives the row's texts with their column widths, for its height.
        """
        shown = []
        for c, column in enumerate(sheet.columns):
            value = values.get(column.key)
            if column.editable:
                fmt = self._mark(sheet_key, r, c, self.f_date if column.key == "col.end" else self.f_input)
            else:
                fmt = self.f_input if column.key in typed else self.f_locked
            if isinstance(value, date):
                ws.write_datetime(r, c, datetime(value.year, value.month, value.day), fmt)
            elif isinstance(value, float):
                ws.write_number(r, c, value, fmt)
            elif value:
                ws.write_string(r, c, str(value), fmt)
                shown.append((str(value), column.width))
            else:
                ws.write_blank(r, c, None, fmt)
        return shown

    def _activities(self, ws):
        sheet = self.a_layout
        self._header(ws, self._activities_hint(), sheet)
        first = r = sheet.first_row
        for a in self.activities:
            ans = self.answers.get(a.id)
            values = self._activity_values(a.id, a.goal_ids, a.title, ans.status if ans else "",
                                           ans.end if ans else a.planned_end, ans.comment if ans else "")
            shown = self._row(ws, "sheet.activities", sheet, r, values)
            ws.set_row(r, _answer_height(shown))
            r += 1
        last_planned = r - 1
        for extra in self.extra:  # a row the department added, in its return workbook: as tall as a planned one
            values = self._activity_values(extra.id, extra.goal_ids, extra.title, extra.status, extra.end,
                                           extra.comment, planned=False)
            ws.set_row(r, _answer_height(self._row(ws, "sheet.activities", sheet, r, values, ADDED_ROW_INPUTS)))
            r += 1
        empty, r = r, r + layout.EXTRA_ROWS
        self._activity_validations(ws, first, last_planned, r - 1)
        self._activity_formats(ws, first, last_planned, r - 1)
        self._empty_rows(ws, empty, r - 1)
        self._protect(ws)

    def _empty_rows(self, ws, first: int, last: int):
        """The empty rows below the activities, for those a department adds: its id, goal and title open, and the
        answer columns.

        Their fill and borders are a conditional format, not the cells' own: LibreOffice prints a sheet down to
        its last cell with a value or a border or fill of its own, and Excel leaves out a page whose cells have
        neither. So the empty rows make no page of their own where the planned rows end near the foot of
        one, and a row typed there is printed with the rest. A print area would stop at a fixed row: Excel
        does not move it for a row typed below, and the department's own rows would be left off its printout.
        The look is the lowest-priority format: a status's colour or a missing comment's red shows over it.
        """
        for c, column in enumerate(self.a_layout.columns):
            typed = column.editable or column.key in ADDED_ROW_INPUTS
            if typed:
                for r in range(first, last + 1):
                    ws.write_blank(r, c, None, self.f_empty_date if column.key == "col.end" else self.f_empty)
            ws.conditional_format(first, c, last, c, {"type": "formula", "criteria": "=TRUE",
                                                      "format": self.f_empty_look[typed]})

    def _activities_hint(self) -> str:
        t, s = self.t, self.plan.settings
        hint = t("dept.activities_hint", deadline=s.deadline.isoformat() if s.deadline else "-")
        if self.previous:
            hint += " " + t("dept.previous_hint", previous=self.previous)
        return hint

    def _activity_values(self, activity_id, goal_ids, title, status, end, comment, planned=True) -> dict:
        """An Aktiviteter row by column key; in a rolled-over round a planned row shows the last round's answer."""
        values = {"col.activity_id": activity_id, "col.goal_title": "\n".join(self._goal_ref(g) for g in goal_ids),
                  "col.activity": title, "col.status": status, "col.end": end, "col.comment": comment}
        before = self.plan.previous("a", activity_id) if self.previous and planned else None
        if before:
            values["col.previous_status"], values["col.previous_comment"] = said(self.plan, before, self.t), before.comment
        return values

    def _activity_validations(self, ws, first: int, last_planned: int, last: int):
        """Status from the list, Slutdatum a date, Kommentar within Excel's limit; an added row's goal from the list."""
        t, sheet = self.t, self.a_layout
        status, end, comment = (sheet.index(k) for k in ("col.status", "col.end", "col.comment"))
        ws.data_validation(first, status, last, status, {
            "validate": "list", "source": self.status_range,
            "input_title": t("input.status.title"), "input_message": t("input.status"),
            "error_title": t("error.status.title"), "error_message": t("error.status"),
        })
        ws.data_validation(first, end, last, end, {
            "validate": "date", "criteria": "between",
            "minimum": date(1990, 1, 1), "maximum": date(2199, 12, 31),
            "input_title": t("input.end.title"), "input_message": t("input.end", example=self.example),
            "error_title": t("error.end.title"), "error_message": t("error.end", example=self.example),
        })
        comment_statuses = [st.name for st in self.plan.vocabulary.comment_statuses]
        ws.data_validation(first, comment, last, comment, {
            "validate": "length", "criteria": "<=", "value": layout.MAX_CELL_TEXT, "ignore_blank": True,
            "input_title": t("input.comment.title"),
            "input_message": excel_cut(t("input.comment", statuses=", ".join(comment_statuses)), 255),
        })
        if self.plan.goals:  # added rows: the goal from a list (or ids typed, hence only a note when not in it)
            goal = sheet.index("col.goal_title")
            ws.data_validation(last_planned + 1, goal, last, goal, {
                "validate": "list", "source": self.goal_range, "error_type": "information",
                "input_title": t("input.goal.title"), "input_message": t("input.goal")[:255],
                "error_title": t("error.goal.title"), "error_message": t("error.goal")[:255],
            })

    def _activity_formats(self, ws, first: int, last_planned: int, last: int):
        """Colours: a comment missing where the status asks for one, a planned status left empty, an end date
        passed while the activity is still open, and each status in its own colour."""
        v, sheet = self.plan.vocabulary, self.a_layout
        status, end, comment = (sheet.index(k) for k in ("col.status", "col.end", "col.comment"))
        d, e, f = (sheet.ref(k) for k in ("col.status", "col.end", "col.comment"))
        comment_statuses = [st.name for st in v.comment_statuses]
        if comment_statuses:
            needs = "OR(" + ",".join(f'TRIM({d})="{_q(n)}"' for n in comment_statuses) + ")"
            ws.conditional_format(first, comment, last, comment, {
                "type": "formula", "criteria": f"=AND({needs},LEN(TRIM({f}))=0)", "format": self.f_error})
        if last_planned >= first:
            ws.conditional_format(first, status, last_planned, status, {
                "type": "formula", "criteria": f"=LEN(TRIM({d}))=0", "format": self.f_required})
        settled = [st.name for st in v.statuses if st.finished or st.needs_comment]
        rd = self.plan.settings.report_date
        if rd:
            not_settled = "NOT(OR(" + ",".join(f'TRIM({d})="{_q(n)}"' for n in settled) + "))" if settled else "TRUE"
            ws.conditional_format(first, end, last, end, {
                "type": "formula",
                "criteria": f"=AND(ISNUMBER({e}),{e}<DATE({rd.year},{rd.month},{rd.day}),LEN(TRIM({d}))>0,{not_settled})",
                "format": self.f_warn})
        for st in v.statuses:
            ws.conditional_format(first, status, last, status, {
                "type": "formula", "criteria": f'=TRIM({d})="{_q(st.name)}"',
                "format": self.wb.add_format({"bg_color": "#" + st.colour})})

    def _assessment(self, ws):
        t, v, sheet = self.t, self.plan.vocabulary, self.g_layout
        self._header(ws, t("dept.assessment_hint") if self.goals else t("dept.no_goals"), sheet)
        first = sheet.first_row
        for r, g in enumerate(self.goals, start=first):
            a = self.assessments.get(g.id)
            before = self.plan.previous("g", g.id) if self.previous else None
            values = {"col.goal_id": g.id, "col.goal_title": g.title, "col.level": a.level if a else "",
                      "col.analysis": a.analysis if a else "", "col.previous_level": said(self.plan, before, t)}
            ws.set_row(r, row_height(*self._row(ws, "sheet.assessment", sheet, r, values)))
        if self.goals:
            last = first + len(self.goals) - 1
            level = sheet.index("col.level")
            ws.data_validation(first, level, last, level, {
                "validate": "list", "source": self.level_range,
                "input_title": t("input.level.title"), "input_message": t("input.level"),
                "error_title": t("error.level.title"), "error_message": t("error.level"),
            })
            c = sheet.ref("col.level")
            ws.conditional_format(first, level, last, level, {
                "type": "formula", "criteria": f"=LEN(TRIM({c}))=0", "format": self.f_required})
            for lv in v.levels:
                ws.conditional_format(first, level, last, level, {
                    "type": "formula", "criteria": f'=TRIM({c})="{_q(lv.name)}"',
                    "format": self.wb.add_format({"bg_color": "#" + lv.colour})})
        self._protect(ws)

    def _indicators(self, ws):
        """The indicators the department reports: Värde (a number within Min and Max) and Kommentar open."""
        t, sheet = self.t, layout.indicators()
        year = self.plan.settings.report_date.year
        self._header(ws, t("dept.indicators_hint", year=year), sheet)
        first = sheet.first_row
        for r, ind in enumerate(self.indicators, start=first):
            sent = self.values.get(ind.id)
            values = {"col.indicator_id": ind.id, "col.indicator": ind.title, "col.unit": ind.unit,
                      "col.target": self._target(ind), "col.previous_value": self._before(ind, year),
                      "col.indicator_value": sent.value if sent else None, "col.comment": sent.comment if sent else ""}
            ws.set_row(r, max(30, row_height(*self._row(ws, "sheet.indicators", sheet, r, values))))
            ws.data_validation(r, sheet.index("col.indicator_value"), r, sheet.index("col.indicator_value"),
                               self._value_validation(ind))
        last = first + len(self.indicators) - 1
        value = sheet.index("col.indicator_value")
        ws.conditional_format(first, value, last, value, {
            "type": "formula", "criteria": f"=LEN(TRIM({sheet.ref('col.indicator_value')}))=0",
            "format": self.f_required})
        self._protect(ws)

    def _target(self, ind: Indicator) -> str:
        """Målvärde as the department reads it: the number, or the comparison's name (Riket)."""
        return self.t("indicator.comparison") if ind.target_is_comparison else show_number(ind.target)

    def _before(self, ind: Indicator, year: int) -> str:
        """Förra värdet: the last value known before the report year, with its year (``79,2 (2022)``)."""
        last = max((p for p in self.known[ind.id] if p.year < year), key=lambda p: p.year, default=None)
        return self.t("dept.previous_value", value=show_number(last.value), year=last.year) if last else ""

    def _value_validation(self, ind: Indicator) -> dict:
        """Värde's data validation: a decimal between the indicator's Min and Max, where given."""
        t, low, high = self.t, ind.minimum, ind.maximum
        if low is not None and high is not None:
            rule = {"criteria": "between", "minimum": low, "maximum": high}
            message = t("error.indicator_between", minimum=show_number(low), maximum=show_number(high))
        elif low is not None:
            rule = {"criteria": ">=", "value": low}
            message = t("error.indicator_at_least", minimum=show_number(low))
        elif high is not None:
            rule = {"criteria": "<=", "value": high}
            message = t("error.indicator_at_most", maximum=show_number(high))
        else:
            rule = {"criteria": "between", "minimum": -ANY_NUMBER, "maximum": ANY_NUMBER}
            message = t("error.indicator_value")
        return {"validate": "decimal", **rule,
                "input_title": t("input.indicator_value.title"), "input_message": excel_cut(message, 255),
                "error_title": t("error.indicator_value.title"), "error_message": excel_cut(message, 255)}

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
        ws.write_string(0, layout.INDICATOR_IDS_COLUMN, "indicator_ids")
        for r, ind in enumerate(self.indicators, start=1):
            ws.write_string(r, layout.INDICATOR_IDS_COLUMN, ind.id)
        self._protect(ws)


def _q(text: str) -> str:
    """Quote text for a string literal inside an Excel formula."""
    return text.replace('"', '""')


def _answer_height(shown: list[tuple[str, int]]) -> float:
    """The height of an Aktiviteter row showing ``shown`` (its texts and their columns' widths) wrapped in full,
    and room for a three-line comment at least: a height once set does not grow as the department types."""
    return max(45, row_height(*shown))


def _wrapped_height(text: str) -> float:
    """The height of an Instruktioner row whose text wraps in the sheet's wide first column (58 characters a line)."""
    return min(15 * (len(text) // 58 + 1), MAX_ROW_HEIGHT)
