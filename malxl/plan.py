"""Read the plan workbook (the coordinator's input) into one checked, frozen Plan.

Also writes a plan workbook (for ``malxl init``) and the hidden plan sheets
that make a merged workbook self-contained.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from itertools import chain
from pathlib import Path

from .errors import PlanError, PlanProblem
from .indicators import DEPARTMENT, KOLADA, Indicator, Point, parse_number
from .koladaapi import COUNTRY
from .layout import same_file_key
from .models import Activity, Answer, Department, Goal, KFGoal, Plan, Settings
from .texts import Text, texts
from .validate import clean_text
from .vocabulary import DEFAULT_LEVELS, DEFAULT_STATUSES, Level, Status, Vocabulary, normalise
from .workbook.bulkxlsx import BulkWorkbook
from .workbook.preflight import why_unreadable
from .workbook.values import BadValue, is_blank, split_ids, to_bool, to_colour, to_date, to_id, to_text, to_whole
from .workbook.xlsx import a1, atomic_path, column_letter, find_header, picker, read_book

#: Column keys of each plan sheet; the first ones are required.
GOAL_COLUMNS = ["col.kf_id", "col.kf_title", "col.goal_id", "col.goal_title", "col.owner"]
ACTIVITY_COLUMNS = ["col.activity_id", "col.activity", "col.department", "col.goal_id", "col.end"]
DEPARTMENT_COLUMNS = ["col.department", "col.contact", "col.email"]
STATUS_COLUMNS = ["col.status", "col.needs_comment", "col.finished", "col.colour"]
LEVEL_COLUMNS = ["col.level", "col.counts_as_met", "col.colour"]
#: The history of earlier rounds (malxl next), one row per period and activity or goal. Omgång numbers the
#: rounds (1 the oldest): their order is stored, so sorting the sheet changes nothing (a plan written before
#: the column reads its rounds in row order).
HISTORY_COLUMNS = ["col.period", "col.kind", "col.id", "col.status", "col.end", "col.comment", "col.level",
                   "col.analysis", "col.round"]
HISTORY_KINDS = {"a": "history.activity", "g": "history.goal"}
#: The development goals' indicators (optional sheet), and the values known of them before this round.
INDICATOR_COLUMNS = ["col.indicator_id", "col.goal_id", "col.indicator", "col.unit", "col.direction", "col.target",
                     "col.indicator_source", "col.kolada_id", "col.department", "col.minimum", "col.maximum"]
VALUE_COLUMNS = ["col.indicator_id", "col.year", "col.indicator_value", "col.comparison", "col.comment"]
SETTING_KEYS = [
    "organisation", "period", "report_date", "deadline",
    "coordinator", "coordinator_email", "password", "language", "municipality", "comparison",
]
PLAN_PREFIX = "plan."  # hidden plan sheets inside a merged workbook
#: A plan wrong on every row: the first this many mistakes are named, the rest counted.
MAX_PROBLEMS = 100
#: The rows a dropdown's list in plan.xlsx reaches on its sheet (Avdelningar, Mål): room for those added.
LIST_ROWS = 1000
EXCEL_LAST_ROW = 1_048_575  # zero-based


class _Sheet:
    """One plan sheet: rows below the header, with the column index of each key."""

    def __init__(self, reader: _Reader, key: str, columns: list[str], required: int, optional: bool = False):
        self.reader, self.name = reader, None
        self.cols: dict[str, int]
        self.all_rows: Iterable[list]
        t = reader.t
        names = {normalise(n) for n in t.all_languages(key)}
        for sheet in reader.book.sheets:
            bare = sheet[len(reader.prefix):] if sheet.startswith(reader.prefix) else None
            if bare is not None and normalise(bare) in names:
                self.name = sheet
                break
        if self.name is None:
            if optional:
                self.all_rows, self.cols = [], {}
                return
            visible = [s for s in reader.book.sheets if s.startswith(reader.prefix)]
            reader.note(t(key), "", "error.plan_missing_sheet", sheet=t(key), found=", ".join(visible) or "-")
            reader.unread.add(key)
            self.all_rows, self.cols = [], {}
            return
        stream = reader.book.streams.get(self.name)
        header: list
        rows: Iterable[list]
        if stream is not None:  # a long sheet, its rows taken once as they are made (read_book's ``streamed``)
            header = next(stream, [])
            rows = chain([header], stream)
        else:
            listed = reader.book.rows[self.name]
            header, rows = (listed[0] if listed else []), listed
        _, self.cols = find_header([header], columns, scan=1)
        missing = [col for col in columns[:required] if col not in self.cols]
        for col in missing:
            reader.note(self.name, "", "error.plan_missing_column", column=t(col), sheet=self.name)
        if missing:  # its rows are not checked: each would miss the column again
            reader.unread.add(key)
            rows = []
        self.all_rows = rows

    @property
    def rows(self):
        """``(r, row)`` for every row below the header that is not blank."""
        # A row whose first cell holds a value (the common case) is not blank: no call a cell for it.
        for r, row in enumerate(self.all_rows):
            if r > 0 and row and ((type(row[0]) is str and row[0][:1].isalnum()) or any(not is_blank(v) for v in row)):
                yield r, row

    def get(self, row: list, key: str):
        c = self.cols.get(key)
        return row[c] if c is not None and c < len(row) else None

    def values(self, keys: list[str]):
        """``(r, (the value of each key, None where the column or cell is missing))`` for every row."""
        pick = picker(self.cols, keys)
        for r, row in self.rows:
            yield r, pick(row)

    def cell(self, r: int, key: str) -> str:
        return a1(r, self.cols.get(key, 0))

    def fail(self, r: int, key: str, problem: str, **fields) -> None:
        """Note a mistake in row ``r``'s cell of ``key`` (``problem`` worded with ``fields``); reading goes on."""
        cell, sheet = self.cell(r, key), self.name or ""  # (a sheet without a name has no rows)
        self.reader.note(sheet, cell, "error.plan_cell", sheet=sheet, cell=cell, problem=Text(problem, fields))


def long_sheets(prefix: str = "") -> Callable[[str], bool]:
    """Which of a workbook's sheets hold the plan's long tables (activities, history): read as streams."""
    t = texts()
    names = {normalise(prefix + n) for key in ("sheet.activities", "sheet.history") for n in t.all_languages(key)}
    return lambda name: normalise(name) in names


class _Reader:
    """Reads the plan's sheets, noting every mistake as it goes; :meth:`check` raises them all at once."""

    def __init__(self, path: Path, prefix: str, book=None):
        self.file = Path(path).name
        self.prefix = prefix
        self.t = texts()
        self.problems: list[PlanProblem] = []
        self.found = 0  # mistakes found, also those past MAX_PROBLEMS
        self.unread: set[str] = set()  # sheets missing or missing a column: no row of theirs was checked
        if book is not None:
            self.book = book
            return
        try:
            self.book = read_book(Path(path), streamed=long_sheets(prefix))
        except Exception as exc:  # calamine raises several types for bad files, in English: ours say what it is
            reason = self.t.render(why_unreadable(Path(path)))
            raise PlanError(self.t("error.plan_unreadable", file=self.file, reason=reason)) from exc

    def note(self, sheet: str, cell: str, key: str, /, **fields) -> None:
        """Note one mistake in ``sheet`` at ``cell``: ``key`` worded with ``fields`` and the file's name."""
        self.found += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(PlanProblem(sheet, cell, self.t.render(key, {"file": self.file, **fields})))

    def check(self) -> None:
        """Raise one PlanError naming every mistake noted (the first MAX_PROBLEMS of them), if any."""
        if not self.problems:
            return
        if self.found == 1:
            raise PlanError(self.problems[0].message, self.problems)
        lines = [self.t("error.plan_problems", file=self.file, count=self.found)]
        lines += ["  " + p.message for p in self.problems]
        if self.found > len(self.problems):
            lines.append("  " + self.t("error.plan_more", count=self.found - len(self.problems)))
        raise PlanError("\n".join(lines), self.problems)

    def settings(self) -> Settings:
        t = self.t
        sheet = _Sheet(self, "sheet.settings", ["col.setting", "col.value"], 2)
        aliases = {}
        for setting in SETTING_KEYS:
            for name in t.all_languages(f"setting.{setting}"):
                aliases[normalise(name)] = setting
        found: dict[str, tuple[int, object]] = {}
        for r, row in sheet.rows:
            key = aliases.get(normalise(sheet.get(row, "col.setting")))
            if key:
                found[key] = (r, sheet.get(row, "col.value"))

        def text(key, required=False):
            r, value = found.get(key, (None, None))
            if required and is_blank(value) and sheet.name is not None:
                if r is None:
                    self.note(sheet.name, "A", "error.plan_cell", sheet=sheet.name, cell="A",
                              problem=t("setting." + key) + ": " + t("problem.empty"))
                else:
                    sheet.fail(r, "col.value", "problem.empty")
            return to_text(value)

        def day(key, required=False):
            r, value = found.get(key, (None, None))
            text(key, required)
            try:
                return to_date(value)
            except BadValue:
                sheet.fail(r, "col.value", "problem.bad_date", value=value)
                return None

        language = text("language").lower() or "sv"
        if language not in ("sv", "en"):
            sheet.fail(found["language"][0], "col.value", "problem.bad_language", value=language)
        return Settings(
            organisation=text("organisation", True),
            period=text("period", True),
            report_date=day("report_date", True),
            deadline=day("deadline"),
            coordinator=text("coordinator"),
            coordinator_email=text("coordinator_email"),
            password=text("password"),
            language=language,
            municipality=self._unit(sheet, found, "municipality", ""),
            comparison=self._unit(sheet, found, "comparison", COUNTRY),
        )

    @staticmethod
    def _unit(sheet: _Sheet, found: dict, key: str, default: str) -> str:
        """A Kolada unit's four-digit code (Kommunkod, Jämförelse): a number Excel kept as 2260 or 180 is
        ``2260`` or ``0180``."""
        r, value = found.get(key, (None, None))
        code = to_id(value)
        if not code:
            return default
        if not code.isdigit() or len(code) > 4:
            sheet.fail(r, "col.value", "problem.bad_unit", value=code)
            return default
        return code.zfill(4)

    def departments(self) -> tuple[Department, ...]:
        sheet = _Sheet(self, "sheet.departments", DEPARTMENT_COLUMNS, 1)
        seen: dict[str, int] = {}
        alike: dict[str, tuple[str, int]] = {}  # names equal but for case and spaces: one file on Windows and macOS
        result = []
        for r, row in sheet.rows:
            name = to_id(sheet.get(row, "col.department"))
            key = "".join(same_file_key(name).split())
            if not name:
                sheet.fail(r, "col.department", "problem.empty")
            elif name in seen:
                sheet.fail(r, "col.department", "problem.duplicate_id", value=name,
                           other=sheet.cell(seen[name], "col.department"))
            elif key in alike:
                other = alike[key]
                sheet.fail(r, "col.department", "problem.same_department", value=name, other_value=other[0],
                           other=sheet.cell(other[1], "col.department"))
            seen.setdefault(name, r)
            alike.setdefault(key, (name, r))
            result.append(Department(name, to_text(sheet.get(row, "col.contact")),
                                     to_text(sheet.get(row, "col.email"))))
        if not result and sheet.name is not None:
            self.note(sheet.name, "A2", "error.plan_cell", sheet=sheet.name, cell="A2",
                      problem=self.t("problem.no_departments"))
        return tuple(result)

    def goals(self, departments) -> tuple[tuple[KFGoal, ...], tuple[Goal, ...]]:
        sheet = _Sheet(self, "sheet.goals", GOAL_COLUMNS, 4)
        names = {d.name for d in departments}
        kf: dict[str, tuple[KFGoal, int]] = {}
        goals: dict[str, tuple[Goal, int]] = {}
        for r, row in sheet.rows:
            kf_id = to_id(sheet.get(row, "col.kf_id"))
            kf_title = clean_text(sheet.get(row, "col.kf_title"))
            if not kf_id:
                sheet.fail(r, "col.kf_id", "problem.empty")
            elif kf_id in kf:
                if kf_title and normalise(kf_title) != normalise(kf[kf_id][0].title):
                    sheet.fail(r, "col.kf_title", "problem.kf_conflict", value=kf_id,
                               other=sheet.cell(kf[kf_id][1], "col.kf_title"))
            else:
                if not kf_title:
                    sheet.fail(r, "col.kf_title", "problem.empty")
                kf[kf_id] = (KFGoal(kf_id, kf_title), r)
            goal_id = to_id(sheet.get(row, "col.goal_id"))
            if not goal_id:
                continue  # a KF goal without development goals
            if goal_id in goals:
                sheet.fail(r, "col.goal_id", "problem.duplicate_id", value=goal_id,
                           other=sheet.cell(goals[goal_id][1], "col.goal_id"))
            title = clean_text(sheet.get(row, "col.goal_title"))
            if not title:
                sheet.fail(r, "col.goal_title", "problem.empty")
            owner = to_id(sheet.get(row, "col.owner"))
            if owner and names and owner not in names:  # no departments at all is one mistake, not one an owner
                sheet.fail(r, "col.owner", "problem.unknown_department", value=owner)
            goals.setdefault(goal_id, (Goal(goal_id, title, kf_id, owner), r))
        return tuple(k for k, _ in kf.values()), tuple(g for g, _ in goals.values())

    def activities(self, departments, goals) -> tuple[Activity, ...]:
        sheet = _Sheet(self, "sheet.activities", ACTIVITY_COLUMNS, 4)
        # Each activity refers to the one string of its department and one tuple per set of goals:
        # at 300,000 activities that is 50 MB less than a copy for each. The department, goal and
        # end date cells repeat, so each distinct cell value is read and checked once.
        names = {d.name: d.name for d in departments}
        goal_ids = {g.id for g in goals}
        dept_of: dict = {}
        goals_of: dict = {}
        end_of: dict = {}
        seen: dict[str, int] = {}
        result = []
        # A sheet that could not be read is one mistake, not one for each row that refers to it; a value
        # found wrong is not cached, so each row that has it is named.
        check_goals = "sheet.goals" not in self.unread
        for r, (raw_id, raw_title, raw_dept, raw_goals, raw_end) in sheet.values(ACTIVITY_COLUMNS):
            aid = to_id(raw_id)
            if not aid:
                sheet.fail(r, "col.activity_id", "problem.empty")
            elif aid in seen:
                sheet.fail(r, "col.activity_id", "problem.duplicate_id", value=aid,
                           other=sheet.cell(seen[aid], "col.activity_id"))
            else:
                seen[aid] = r
            # a control character pasted into a title dropped (no document can hold it), as from a department
            title = raw_title.strip() if type(raw_title) is str and raw_title.isprintable() else clean_text(raw_title)
            if not title:
                sheet.fail(r, "col.activity", "problem.empty")
            dept = dept_of.get(raw_dept)
            if dept is None:
                dept = names.get(to_id(raw_dept), "")
                if dept:
                    dept_of[raw_dept] = dept
                elif names:
                    sheet.fail(r, "col.department", "problem.unknown_department", value=to_id(raw_dept))
            ids = goals_of.get(raw_goals)
            if ids is None:
                ids = split_ids(raw_goals)
                unknown = [gid for gid in ids if gid not in goal_ids] if check_goals else []
                if not ids:
                    sheet.fail(r, "col.goal_id", "problem.empty")
                for gid in unknown:
                    sheet.fail(r, "col.goal_id", "problem.unknown_goal", value=gid)
                if ids and not unknown:
                    goals_of[raw_goals] = ids
            end = _date_once(end_of, raw_end, sheet, r)
            result.append(Activity(aid, title, dept, ids, end))
        return tuple(result)

    def history(self) -> tuple[Answer, ...]:
        """The earlier rounds' answers (the hidden Historik sheet), oldest round first, or none in a first round."""
        sheet = _Sheet(self, "sheet.history", HISTORY_COLUMNS, 3, optional=True)
        if sheet.name is None:
            return ()
        kinds = {normalise(n): kind for kind, key in HISTORY_KINDS.items() for n in self.t.all_languages(key)}
        # Ten rounds of a thousand activities are 10,000 rows whose period, kind and end date repeat:
        # each distinct cell value is read and checked once.
        periods: dict = {}
        kind_of: dict = {}
        end_of: dict = {}
        rounds = _Rounds(sheet) if "col.round" in sheet.cols else None
        result = []
        for r, (period, kind, id_, status, end, comment, level, analysis, number) in sheet.values(HISTORY_COLUMNS):
            period = periods.get(period) or periods.setdefault(period, to_text(period))
            if not period:
                sheet.fail(r, "col.period", "problem.empty")
            if rounds is not None:
                rounds.add(r, period, number)
            k = kind_of.get(kind) or kind_of.setdefault(kind, kinds.get(normalise(kind)))
            if k is None:
                sheet.fail(r, "col.kind", "problem.bad_kind", value=to_text(kind),
                           allowed=", ".join(self.t(key) for key in HISTORY_KINDS.values()))
                continue
            if k == "g":
                result.append(Answer(period, k, to_id(id_), to_text(level), None, to_text(analysis)))
                continue
            day = _date_once(end_of, end, sheet, r)
            result.append(Answer(period, k, to_id(id_), to_text(status), day, to_text(comment)))
        return rounds.in_order(result) if rounds is not None else tuple(result)

    def indicators(self, departments, goals) -> tuple[Indicator, ...]:
        """The Indikatorer sheet (optional): each indicator checked against the goals and departments."""
        sheet = _Sheet(self, "sheet.indicators", INDICATOR_COLUMNS, 5, optional=True)
        words = _Words(self.t)
        known = ({d.name for d in departments}, {g.id for g in goals})
        seen: dict[str, int] = {}
        result = []
        for r, row in sheet.values(INDICATOR_COLUMNS):
            iid = to_id(row[0])
            if not iid:
                sheet.fail(r, "col.indicator_id", "problem.empty")
            elif iid in seen:
                sheet.fail(r, "col.indicator_id", "problem.duplicate_id", value=iid,
                           other=sheet.cell(seen[iid], "col.indicator_id"))
            seen.setdefault(iid, r)
            result.append(self._indicator(sheet, r, iid, row, words, known))
        return tuple(result)

    def _indicator(self, sheet: _Sheet, r: int, iid: str, row, words: _Words, known) -> Indicator:
        """One row of the Indikatorer sheet, each of its cells checked."""
        _, gid, title, unit, direction, target, source, kolada_id, dept, low, high = row
        gid, dept = to_id(gid), to_id(dept)
        names, goal_ids = known
        if gid not in goal_ids:
            sheet.fail(r, "col.goal_id", "problem.unknown_goal" if gid else "problem.empty", value=gid)
        if not to_text(title):
            sheet.fail(r, "col.indicator", "problem.empty")
        higher = words.direction(direction)
        if higher is None:
            sheet.fail(r, "col.direction", "problem.bad_direction", value=to_text(direction),
                       allowed=words.allowed("direction"))
        kind = self._source(sheet, r, words.source(source), source, kolada_id, dept, words)
        if dept and names and dept not in names:
            sheet.fail(r, "col.department", "problem.unknown_department", value=dept)
        comparison = words.comparison(target)
        goal_number = None if comparison or is_blank(target) else self._number(sheet, r, "col.target", target)
        low_n = self._number(sheet, r, "col.minimum", low)
        high_n = self._number(sheet, r, "col.maximum", high)
        if low_n is not None and high_n is not None and low_n > high_n:
            sheet.fail(r, "col.minimum", "problem.min_above_max", minimum=low_n, maximum=high_n)
        return Indicator(iid, gid, clean_text(title), clean_text(unit), higher is not False, goal_number, comparison,
                         kind or DEPARTMENT, to_id(kolada_id), dept, low_n, high_n)

    @staticmethod
    def _source(sheet: _Sheet, r: int, kind: str | None, typed, kolada_id, dept: str, words: _Words) -> str | None:
        """The indicator's source, and what it needs: a Kolada id for Kolada, a department for Avdelning."""
        if kind is None:
            sheet.fail(r, "col.indicator_source", "problem.bad_indicator_source", value=to_text(typed),
                       allowed=words.allowed("source"))
        elif kind == KOLADA and not to_id(kolada_id):
            sheet.fail(r, "col.kolada_id", "problem.kolada_id_missing")
        elif kind == DEPARTMENT and not dept:
            sheet.fail(r, "col.department", "problem.indicator_department_missing")
        return kind

    @staticmethod
    def _number(sheet: _Sheet, r: int, key: str, raw) -> float | None:
        """A number cell (a decimal comma typed as text is a number too); a blank is None."""
        number = parse_number(raw)
        if number is None and not is_blank(raw):
            sheet.fail(r, key, "problem.bad_number", value=to_text(raw))
        return number

    def indicator_values(self, indicators) -> tuple[Point, ...]:
        """The Indikatorvärden sheet (optional): earlier values of the indicators, one row an indicator and year."""
        sheet = _Sheet(self, "sheet.indicator_values", VALUE_COLUMNS, 3, optional=True)
        known = {i.id for i in indicators}
        seen: dict[tuple[str, int], int] = {}
        result = []
        for r, (iid, year, value, comparison, comment) in sheet.values(VALUE_COLUMNS):
            iid = to_id(iid)
            if iid not in known:
                sheet.fail(r, "col.indicator_id", "problem.unknown_indicator" if iid else "problem.empty", value=iid)
            try:
                y = to_whole(year)
            except BadValue:
                sheet.fail(r, "col.year", "problem.bad_year", value=to_text(year))
                continue
            if (iid, y) in seen:
                sheet.fail(r, "col.year", "problem.duplicate_year", value=y, indicator=iid,
                           other=sheet.cell(seen[(iid, y)], "col.year"))
            seen.setdefault((iid, y), r)
            result.append(Point(iid, y, self._number(sheet, r, "col.indicator_value", value),
                                self._number(sheet, r, "col.comparison", comparison), to_text(comment)))
        return tuple(result)

    def vocabulary(self) -> Vocabulary:
        statuses = self._entries("sheet.statuses", STATUS_COLUMNS, Status, {
            "needs_comment": "col.needs_comment", "finished": "col.finished"}, DEFAULT_STATUSES)
        levels = self._entries("sheet.levels", LEVEL_COLUMNS, Level, {
            "counts_as_met": "col.counts_as_met"}, DEFAULT_LEVELS)
        return Vocabulary(statuses, levels)

    def _entries(self, key, columns, kind, flags, defaults):
        sheet = _Sheet(self, key, columns, 1, optional=True)
        if sheet.name is None:
            return defaults
        palette = [d.colour for d in defaults]
        seen: dict[str, int] = {}
        result = []
        for i, (r, row) in enumerate(sheet.rows):
            name = to_text(sheet.get(row, columns[0]))
            if normalise(name) in seen:
                sheet.fail(r, columns[0], "problem.duplicate_id", value=name,
                           other=sheet.cell(seen[normalise(name)], columns[0]))
            seen.setdefault(normalise(name), r)
            values = {}
            for attr, col in flags.items():
                try:
                    values[attr] = to_bool(sheet.get(row, col))
                except BadValue:
                    sheet.fail(r, col, "problem.bad_bool", value=sheet.get(row, col))
                    values[attr] = False
            colour = palette[i % len(palette)]
            try:
                colour = to_colour(sheet.get(row, "col.colour"), colour)
            except BadValue:
                sheet.fail(r, "col.colour", "problem.bad_colour", value=sheet.get(row, "col.colour"))
            result.append(kind(name, colour=colour, **values))
        if not result:
            self.note(sheet.name, "A2", "error.plan_cell", sheet=sheet.name, cell="A2",
                      problem=self.t("problem.no_statuses" if kind is Status else "problem.no_levels"))
            return defaults
        return tuple(result)


class _Rounds:
    """Each period's round number on the Historik sheet (its Omgång column), checked as the rows are read.

    A period's rows agree on one number (a row left blank takes its period's), and no two periods share
    one: an edit that would reorder the rounds stops the read, naming the cell.
    """

    def __init__(self, sheet: _Sheet):
        self.sheet = sheet
        self.number: dict[str, tuple[int, int]] = {}  # period -> (its number, the row that first gave it)
        self.period: dict[int, str] = {}  # number -> period
        self.first: dict[str, int] = {}  # period -> its first row
        self.read: dict = {}  # each distinct cell value read once

    def add(self, r: int, period: str, raw) -> None:
        self.first.setdefault(period, r)
        if is_blank(raw):
            return
        n = self.read.get(raw)
        if n is None:
            try:
                n = self.read[raw] = to_whole(raw)
            except BadValue:
                self.sheet.fail(r, "col.round", "problem.bad_round", value=raw)
                return  # noted: the plan is refused with every mistake listed
        known = self.number.get(period)
        if known is not None:
            if known[0] != n:
                self.sheet.fail(r, "col.round", "problem.round_conflict", value=n, period=period,
                                other=self.sheet.cell(known[1], "col.round"), other_value=known[0])
            return
        if n in self.period:
            self.sheet.fail(r, "col.round", "problem.round_taken", value=n, period=self.period[n],
                            other=self.sheet.cell(self.number[self.period[n]][1], "col.round"))
            return
        self.number[period] = (n, r)
        self.period[n] = period

    def in_order(self, answers: list[Answer]) -> tuple[Answer, ...]:
        """``answers`` with the rounds oldest first (each round's rows in sheet order)."""
        for period, r in self.first.items():
            if period not in self.number:
                self.sheet.fail(r, "col.round", "problem.empty")
        number = {period: n for period, (n, _) in self.number.items()}
        return tuple(sorted(answers, key=lambda h: number[h.period]))


def _date_once(cache: dict, raw, sheet: _Sheet, r: int) -> date | None:
    """``raw`` as an end date, each distinct cell value parsed once (``cache``); a bad one is noted (in each
    row that has it) and read as none."""
    try:
        return cache[raw]
    except KeyError:
        try:
            day = cache[raw] = to_date(raw)
        except BadValue:
            sheet.fail(r, "col.end", "problem.bad_date", value=raw)
            return None
        return day


def read_plan(path: Path, prefix: str = "", book=None) -> Plan:
    """Read and check a plan workbook; raise one PlanError naming every mistake, sheet and cell each, if it has any.

    ``prefix`` reads the hidden plan sheets of a merged workbook (``"plan."``);
    ``book`` is the workbook already read from ``path``, so it is not read twice.
    """
    reader = _Reader(Path(path), prefix, book)
    settings = reader.settings()
    departments = reader.departments()
    kf_goals, goals = reader.goals(departments)
    activities = reader.activities(departments, goals)
    history = reader.history()
    vocabulary = reader.vocabulary()
    indicators = reader.indicators(departments, goals)
    values = reader.indicator_values(indicators)
    reader.check()
    return Plan(settings, kf_goals, goals, activities, departments, vocabulary, history, indicators, values)


class _Words:
    """The words of the Indikatorer sheet (a direction, a source, the comparison as target), in every language."""

    def __init__(self, t):
        self.t = t
        self.table = {
            "direction": {**dict.fromkeys(self._all("indicator.higher"), True),
                          **dict.fromkeys(self._all("indicator.lower"), False)},
            "source": {**dict.fromkeys(self._all("indicator.kolada"), KOLADA),
                       **dict.fromkeys(self._all("indicator.department"), DEPARTMENT)},
        }
        self.country = set(self._all("indicator.comparison"))

    def _all(self, key: str) -> set[str]:
        return {normalise(w) for w in self.t.all_languages(key)}

    def direction(self, typed) -> bool | None:
        return self.table["direction"].get(normalise(typed))

    def source(self, typed) -> str | None:
        return self.table["source"].get(normalise(typed))

    def comparison(self, typed) -> bool:
        return normalise(typed) in self.country

    def allowed(self, kind: str) -> str:
        keys = {"direction": ("indicator.higher", "indicator.lower"),
                "source": ("indicator.kolada", "indicator.department")}[kind]
        return ", ".join(self.t(k) for k in keys)


def _yes_no(t, value: bool) -> str:
    return t("yes") if value else t("no")


def write_plan_sheets(wb, plan: Plan, prefix: str = "", hidden: bool = False, bulk=None) -> dict:
    """Add the plan's sheets to an xlsxwriter workbook (visible for a plan, hidden in a merged workbook);
    return them by their key (``sheet.goals``: its worksheet).

    ``bulk``, the :class:`~malxl.bulkxlsx.BulkWorkbook` of ``wb``, streams the rows in as sheet XML
    when it closes (a plan of thousands of activities), instead of cell by cell.
    """
    t = texts(plan.settings.language)
    bold = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd", "align": "left", "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    s = plan.settings
    made = {}

    def sheet(key, headers, rows, widths, hide=False, count=None):
        """A plan sheet; ``rows`` may be a generator of ``count`` rows (made as the workbook is written)."""
        count = len(rows) if count is None else count
        ws = wb.add_worksheet(prefix + t(key))
        if hidden or hide:
            ws.hide()
        ws.freeze_panes(1, 0)
        for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
            ws.write_string(0, c, t(h), bold)
            ws.set_column(c, c, w, wrap)
        if bulk is not None:
            # Every value is text, a date or a number: the same cells as below.
            bulk.add_rows(ws, rows, columns=len(headers), count=count, text_format=wrap, date_format=date_fmt,
                          widths=None if hidden or hide else widths)
        else:
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row):
                    if isinstance(value, date):
                        ws.write_datetime(r, c, value, date_fmt)
                    elif isinstance(value, int | float) and not isinstance(value, bool):
                        ws.write_number(r, c, value)
                    elif value is not None and value != "":
                        ws.write_string(r, c, str(value))
        if count:
            ws.autofilter(0, 0, count, len(headers) - 1)
        made[key] = ws
        return ws

    settings_rows = [
        (t("setting.organisation"), s.organisation),
        (t("setting.period"), s.period),
        (t("setting.report_date"), s.report_date),
        (t("setting.deadline"), s.deadline),
        (t("setting.coordinator"), s.coordinator),
        (t("setting.coordinator_email"), s.coordinator_email),
        (t("setting.password"), s.password),
        (t("setting.language"), s.language),
        (t("setting.municipality"), s.municipality),
        (t("setting.comparison"), s.comparison),
    ]
    sheet("sheet.settings", ["col.setting", "col.value"], settings_rows, [24, 50])
    goal_rows = []
    for kf in plan.kf_goals:
        children = plan.goals_of(kf.id)
        if not children:
            goal_rows.append((kf.id, kf.title, "", "", ""))
        for g in children:
            goal_rows.append((kf.id, kf.title, g.id, g.title, g.owner))
    sheet("sheet.goals", GOAL_COLUMNS, goal_rows, [10, 50, 16, 60, 20])
    # A generator: a list of 300,000 rows was 28 MB, the merged workbook's largest allocation.
    activity_rows = ((a.id, a.title, a.department, ", ".join(a.goal_ids), a.planned_end) for a in plan.activities)
    sheet("sheet.activities", ACTIVITY_COLUMNS, activity_rows, [14, 60, 20, 18, 14], count=len(plan.activities))
    sheet("sheet.departments", DEPARTMENT_COLUMNS,
          [(d.name, d.contact, d.email) for d in plan.departments], [24, 24, 32])
    v = plan.vocabulary
    sheet("sheet.statuses", STATUS_COLUMNS,
          [(st.name, _yes_no(t, st.needs_comment), _yes_no(t, st.finished), st.colour) for st in v.statuses],
          [26, 18, 12, 10])
    sheet("sheet.levels", LEVEL_COLUMNS,
          [(lv.name, _yes_no(t, lv.counts_as_met), lv.colour) for lv in v.levels], [20, 20, 10])
    if plan.indicators:
        sheet("sheet.indicators", INDICATOR_COLUMNS, [_indicator_row(i, t) for i in plan.indicators],
              [12, 16, 50, 10, 16, 10, 12, 12, 20, 8, 8])
    if plan.indicator_values:
        sheet("sheet.indicator_values", VALUE_COLUMNS,
              [(p.indicator_id, p.year, p.value, p.comparison, p.comment) for p in plan.indicator_values],
              [12, 8, 12, 12, 50])
    if plan.history:
        # Hidden in plan.xlsx too: malxl next keeps it, the coordinator has no need to edit it.
        kinds = {kind: t(key) for kind, key in HISTORY_KINDS.items()}
        number = {period: n for n, period in enumerate(plan.periods, start=1)}
        rows = ((h.period, kinds[h.kind], h.id, h.status, h.end, h.comment, "", "", number[h.period]) if h.kind == "a"
                else (h.period, kinds[h.kind], h.id, "", None, "", h.status, h.comment, number[h.period])
                for h in plan.history)
        sheet("sheet.history", HISTORY_COLUMNS, rows, [22, 16, 14, 24, 12, 60, 20, 60, 10], hide=True,
              count=len(plan.history))
    return made


def _indicator_row(i: Indicator, t) -> tuple:
    target = t("indicator.comparison") if i.target_is_comparison else i.target
    return (i.id, i.goal_id, i.title, i.unit, t("indicator.higher" if i.higher_is_better else "indicator.lower"),
            target, t("indicator.kolada" if i.source == KOLADA else "indicator.department"), i.kolada_id,
            i.department, i.minimum, i.maximum)


def _plan_validations(sheets: dict, plan: Plan) -> None:
    """What helps the coordinator type the plan right in Excel: Avdelning and Ansvarig from the list in
    Avdelningar, Utvecklingsmål-id from Mål (several ids typed are kept, hence only a note), a date where a date
    belongs. Each check covers its column down to Excel's last row, for the rows the coordinator adds."""
    t = texts(plan.settings.language)
    s = plan.settings
    departments = _list_source(t("sheet.departments"), DEPARTMENT_COLUMNS.index("col.department"),
                               len(plan.departments))
    goal_ids = _list_source(t("sheet.goals"), GOAL_COLUMNS.index("col.goal_id"), len(plan.goals) + len(plan.kf_goals))
    for key, columns, col, source, kind, words in (
            ("sheet.activities", ACTIVITY_COLUMNS, "col.department", departments, "warning", "department"),
            ("sheet.activities", ACTIVITY_COLUMNS, "col.goal_id", goal_ids, "information", "goal"),
            ("sheet.goals", GOAL_COLUMNS, "col.owner", departments, "warning", "department")):
        c = columns.index(col)
        sheets[key].data_validation(1, c, EXCEL_LAST_ROW, c, {
            "validate": "list", "source": source, "error_type": kind,
            "input_title": t(col), "input_message": t(f"input.{words}")[:255],
            "error_title": t(f"error.{words}.title"), "error_message": t(f"error.{words}")[:255]})
    example = (s.deadline or s.report_date or date.today()).isoformat()
    report_date, deadline = (1 + SETTING_KEYS.index(k) for k in ("report_date", "deadline"))  # rows side by side
    end = ACTIVITY_COLUMNS.index("col.end")
    for key, first, last, c in (("sheet.activities", 1, EXCEL_LAST_ROW, end), ("sheet.settings", report_date, deadline, 1)):
        sheets[key].data_validation(first, c, last, c, {
            "validate": "date", "criteria": "between", "minimum": date(1990, 1, 1), "maximum": date(2199, 12, 31),
            "input_title": t("input.date.title"), "input_message": t("input.end", example=example),
            "error_title": t("error.end.title"), "error_message": t("error.end", example=example)})


def _list_source(sheet_name: str, col: int, rows: int) -> str:
    """A dropdown's list: column ``col`` of the plan sheet ``sheet_name`` below its header, with room to add."""
    letter = column_letter(col)
    return f"='{sheet_name}'!${letter}$2:${letter}${max(LIST_ROWS, rows + 1 + LIST_ROWS // 10)}"


def write_plan(plan: Plan, path: Path) -> Path:
    """Write ``plan`` as a plan workbook the coordinator can edit in Excel."""
    with atomic_path(Path(path)) as tmp:
        book = BulkWorkbook(tmp)
        _plan_validations(write_plan_sheets(book.wb, plan, bulk=book), plan)
        book.close()
    return Path(path)
