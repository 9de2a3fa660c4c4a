"""The report workbook (rapport.xlsx): A4 portrait, made for printing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..findings import sort_key
from ..texts import texts
from ..workbook.xlsx import atomic_path, excel_cut, excel_len, new_workbook, row_height
from .document import change_rows, indicator_headers, indicator_rows, indicator_title, trend_text
from .linechart import LineChart
from .model import Chapter, ReportGoal, ReportIndicator, ReportModel

SYMBOL = "●"
WIDTHS = [34, 17, 11, 52]  # Aktivitet, Status, Slutdatum, Kommentar: fits A4 portrait
# The sheet's columns: the comment spans the last three, which an indicator's table uses one by one
# (År, Värde, Jämförelse | Målvärde, Når målet, Trend).
COLUMNS = [34, 17, 11, 16, 18, 18]
LAST = len(COLUMNS) - 1
CHARS_PER_POINT = 1.15
FULL_WIDTH = sum(WIDTHS) * CHARS_PER_POINT  # the four columns, in characters
INDICATOR_COLUMN = {"value": 1, "comparison": 2, "target": 3}  # where a chart's series finds its values
CHART_SIZE = {"width": 620, "height": 290}  # pixels
CHART_ROWS = 15  # rows of 20 pixels the chart covers, and a little space below it


def _height(text: str, width_chars: float) -> float:
    """A row height (points) that shows ``text`` wrapped in a cell ``width_chars`` wide."""
    return row_height((text, width_chars / 1.1))


def write_report_xlsx(model: ReportModel, path: Path) -> Path:
    with atomic_path(Path(path)) as tmp:
        wb = new_workbook(tmp, in_memory=True)  # an indicator's chart is three parts: not three temporary files
        _Writer(wb, model).write()
        wb.close()
    return Path(path)


class _Writer:
    def __init__(self, wb, model: ReportModel):
        self.wb, self.m = wb, model
        self.t = texts(model.lang)
        add = wb.add_format
        self.f_title = add({"bold": True, "font_size": 18, "font_color": "#1F4E78"})
        self.f_subtitle = add({"italic": True, "font_size": 11, "font_color": "#404040"})
        self.f_h1 = add({"bold": True, "font_size": 13, "font_color": "#1F4E78", "text_wrap": True, "valign": "top"})
        self.f_h2 = add({"bold": True, "font_size": 11, "text_wrap": True, "valign": "top"})
        self.f_text = add({"text_wrap": True, "valign": "top"})
        self.f_note = add({"italic": True, "text_wrap": True, "valign": "top"})
        self.f_th = add({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
        self.f_td = add({"border": 1, "text_wrap": True, "valign": "top"})
        self.f_date = add({"border": 1, "valign": "top", "num_format": "yyyy-mm-dd", "align": "left"})
        self.f_bold = add({"bold": True})
        self.f_num = add({"border": 1, "num_format": "0"})
        self.f_total = add({"bold": True, "border": 1, "top": 2})
        self.f_total_num = add({"bold": True, "border": 1, "top": 2, "num_format": "0"})
        self.f_year = add({"border": 1, "num_format": "0", "align": "left"})
        self.f_value = add({"border": 1, "num_format": "General"})

    def write(self):
        t = self.t
        summary = self.wb.add_worksheet(t("sheet.summary"))
        report = self.wb.add_worksheet(t("sheet.report"))
        self._summary(summary)
        self._report(report)
        if self.m.findings:
            self._problems(self.wb.add_worksheet(t("sheet.findings")))
        summary.activate()

    def _page(self, ws, repeat: int | None = None):
        ws.set_portrait()
        ws.set_paper(9)
        ws.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
        ws.fit_to_pages(1, 0)
        s = self.m.settings
        ws.set_header(f"&L&8{_hf(s.organisation)}&R&8{_hf(s.period)}")
        ws.set_footer("&C&8&P / &N")
        if repeat is not None:
            ws.repeat_rows(repeat)

    def _summary(self, ws):
        t, m = self.t, self.m
        self._page(ws)
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 10)
        ws.set_column(2, 3, 40)
        ws.write_string(0, 0, m.title, self.f_title)
        ws.write_string(1, 0, m.subtitle, self.f_subtitle)
        r = 3
        ws.write_string(r, 0, t("col.level"), self.f_th)
        ws.write_string(r, 1, t("col.count"), self.f_th)
        for lv, n in m.summary.counts:
            r += 1
            ws.write_rich_string(r, 0, self.wb.add_format({"font_color": "#" + lv.colour, "bold": True}),
                                 SYMBOL + " ", lv.name, self.f_td)
            ws.write_number(r, 1, n, self.f_num)
        if m.summary.unassessed:
            r += 1
            ws.write_string(r, 0, t("not_assessed"), self.f_td)
            ws.write_number(r, 1, m.summary.unassessed, self.f_num)
        r += 1
        ws.write_string(r, 0, t("total"), self.f_total)
        ws.write_number(r, 1, m.summary.total, self.f_total_num)
        r += 2
        ws.merge_range(r, 0, r, 3, m.summary.sentence, self.f_text)
        ws.set_row(r, _height(m.summary.sentence, 110))
        if m.summary.indicator_sentence:
            r += 1
            ws.merge_range(r, 0, r, 3, m.summary.indicator_sentence, self.f_text)
            ws.set_row(r, _height(m.summary.indicator_sentence, 110))

    def _level_format(self, colour: str):
        """A goal's level, bold in its colour (a level that failed validation has none)."""
        return self.wb.add_format({"bold": True, "font_size": 14, **({"font_color": "#" + colour} if colour else {})})

    def _report(self, ws):
        t, m = self.t, self.m
        self._page(ws)
        for c, w in enumerate(COLUMNS):
            ws.set_column(c, c, w)
        ws.write_string(0, 0, m.title, self.f_title)
        ws.write_string(1, 0, m.subtitle, self.f_subtitle)
        rows = _Rows(ws, 3)
        for chapter in [*m.chapters, *_unassigned(m, t)]:
            rows.block(f"{chapter.id} {chapter.title}".strip(), self.f_h1, 1.3)
            if chapter.note:
                rows.block(chapter.note, self.f_note)
            for goal in chapter.goals:
                self._goal(rows, goal)
                rows.r += 1
            rows.r += 1
        self._closing(rows)

    def _goal(self, rows: _Rows, goal: ReportGoal):
        """A goal: its heading, assessment, trend and analysis, then its activities' table."""
        t, ws = self.t, rows.ws
        rows.block(f"{goal.id} {goal.title}".strip(), self.f_h2, 1.1)
        self._level(ws, rows.r, goal)
        rows.r += 1
        if goal.trend:
            rows.block(f'{t("report.trend")}: {trend_text(goal, t)}', self.f_note)
        if goal.analysis:
            for para in goal.analysis.split("\n"):
                if para.strip():
                    rows.block(para, self.f_text)
        for ind in goal.indicators:
            self._indicator(rows, ind)
        _wide_row(ws, rows.r, [t("report.activities_heading"), t("col.status"), t("col.end"), t("col.comment")],
                  self.f_th)
        rows.r += 1
        if not goal.activities:
            rows.block(t("report.no_activities"), self.f_note)
        for act in goal.activities:
            self._activity(ws, rows.r, act)
            rows.r += 1

    def _activity(self, ws, r: int, act):
        """An activity's row in its goal's table, as tall as its wrapped title, status and comment."""
        ws.write_string(r, 0, act.title, self.f_td)
        fmt = self.f_td
        if act.deviating and act.colour:
            fmt = self.wb.add_format({"border": 1, "text_wrap": True, "valign": "top",
                                      "bg_color": "#" + act.colour, "bold": True})
        ws.write_string(r, 1, act.status or "", fmt)
        if isinstance(act.end, date):
            ws.write_datetime(r, 2, datetime(act.end.year, act.end.month, act.end.day), self.f_date)
        else:
            ws.write_string(r, 2, str(act.end or ""), self.f_td)
        ws.merge_range(r, 3, r, LAST, act.comment or "", self.f_td)
        ws.set_row(r, max(_height(act.title, WIDTHS[0] * CHARS_PER_POINT),
                          _height(act.status, WIDTHS[1] * CHARS_PER_POINT),
                          _height(act.comment, WIDTHS[3] * CHARS_PER_POINT)))

    def _closing(self, rows: _Rows):
        """The closing words, and what changed since the previous period where there is one."""
        t, m, ws = self.t, self.m, rows.ws
        rows.block(t("texts.closing"), self.f_h1)
        rows.block(m.summary.sentence, self.f_text)
        if m.summary.indicator_sentence:
            rows.block(m.summary.indicator_sentence, self.f_text)
        for para in (m.closing or "").split("\n"):
            if para.strip():
                rows.block(para, self.f_text)
        if not m.previous_period:
            return
        rows.r += 1
        rows.block(t("report.changes_title"), self.f_h2, 1.1)
        rows.block(m.changes_sentence, self.f_text)
        # the activity or goal in the widest-but-one column, as the goals' tables have it
        changes = [[item, kind, before, after] for kind, item, before, after in change_rows(m, t)]
        if changes:
            _wide_row(ws, rows.r, [t("col.item"), t("col.change"), t("col.from"), t("col.to")], self.f_th)
            rows.r += 1
        for row in changes:
            _wide_row(ws, rows.r, row, self.f_td)
            ws.set_row(rows.r, max(_height(text, w * CHARS_PER_POINT) for text, w in zip(row, WIDTHS, strict=True)))
            rows.r += 1

    def _indicator(self, rows: _Rows, ind: ReportIndicator):
        """An indicator: its title, its last years as a table of numbers, an Excel line chart over the table's
        cells where two or more years exist, and the source where the values are Kolada's."""
        t, ws = self.t, rows.ws
        rows.block(indicator_title(ind), self.f_h2)
        if not ind.years:
            rows.block(t("report.indicator_no_values"), self.f_note)
        else:
            ws.write_row(rows.r, 0, indicator_headers(t), self.f_th)
            first = rows.r + 1
            for y, words in zip(ind.years, indicator_rows(ind, t), strict=True):
                rows.r += 1
                ws.write_number(rows.r, 0, y.year, self.f_year)
                for c, number in enumerate((y.value, y.comparison, y.target), start=1):
                    if number is None:
                        ws.write_blank(rows.r, c, None, self.f_value)
                    else:
                        ws.write_number(rows.r, c, number, self.f_value)
                for c in (4, 5):  # Når målet, Trend: words, or a blank where there are none
                    ws.write(rows.r, c, words[c] or None, self.f_td)
            rows.r += 1
            if ind.chart:
                ws.insert_chart(rows.r, 0, self._line_chart(ws.name, ind.chart, first, rows.r - 1),
                                {"x_offset": 4, "y_offset": 6})
                rows.r += CHART_ROWS
        if ind.kolada:
            rows.block(t("report.kolada_source"), self.f_note)
        rows.r += 1

    def _line_chart(self, sheet: str, chart: LineChart, first: int, last: int):
        """Excel's own line chart over the indicator table's rows ``first``..``last``: years in column A, each
        series in its column (value, comparison, target), a dashed line for the target."""
        out = self.wb.add_chart({"type": "line"})
        for series in chart.series:
            column = INDICATOR_COLUMN[series.field]
            line = {"color": "#" + series.colour, "width": 2.25, **({"dash_type": "dash"} if series.dashed else {})}
            out.add_series({"name": series.name, "categories": [sheet, first, 0, last, 0],
                            "values": [sheet, first, column, last, column], "line": line,
                            "marker": {"type": "circle", "size": 6, "fill": {"color": "#" + series.colour},
                                       "border": {"color": "#" + series.colour}}})
        out.set_title({"name": chart.title, "name_font": {"size": 11, "bold": True}})
        out.set_y_axis({"name": chart.unit, "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
        out.set_legend({"position": "bottom"})
        out.show_blanks_as("gap")
        out.set_size(CHART_SIZE)
        return out

    def _level(self, ws, r: int, goal: ReportGoal):
        """A goal's assessment: its symbol in the level's colour and the level, or "not assessed"."""
        if goal.level and goal.colour:
            ws.write_rich_string(r, 0, self._level_format(goal.colour), SYMBOL + " ", self.f_bold, goal.level)
        elif goal.level:  # not a level of the plan (typed or pasted): as typed, with no symbol nor colour
            ws.write_string(r, 0, goal.level, self.f_bold)
        elif goal.id:
            ws.write_string(r, 0, self.t("not_assessed"), self.f_note)

    def _problems(self, ws):
        t = self.t
        self._page(ws, repeat=0)
        ws.set_landscape()
        headers = ["col.severity", "col.code", "col.file", "col.sheet", "col.cell", "col.message"]
        for c, (h, w) in enumerate(zip(headers, [10, 20, 24, 14, 7, 80], strict=True)):
            ws.write_string(0, c, t(h), self.f_th)
            ws.set_column(c, c, w, self.f_text)
        for r, f in enumerate(sorted(self.m.findings, key=sort_key), start=1):
            ws.write_row(r, 0, [t(f"severity.{f.severity.value}"), f.code, f.file, f.sheet, f.cell, f.message(t)])


class _Rows:
    """A sheet written from the top down: the row to write next, and full-width blocks of wrapped text."""

    def __init__(self, ws, r: int):
        self.ws, self.r = ws, r

    def block(self, text: str, fmt, height_factor: float = 1.0):
        """``text`` across the columns in row ``r``, the row as tall as the wrapped text; then the next row."""
        self.ws.merge_range(self.r, 0, self.r, LAST, text, fmt)
        self.ws.set_row(self.r, _height(text, FULL_WIDTH / height_factor))
        self.r += 1


def _wide_row(ws, r: int, values: list[str], fmt):
    """Four values in row ``r``: the first three in columns A-C, the last across the rest (D-F)."""
    ws.write_row(r, 0, values[:3], fmt)
    ws.merge_range(r, 3, r, LAST, values[3], fmt)


def _unassigned(m: ReportModel, t) -> list[Chapter]:
    """The added activities without a known goal, as a last chapter (none if there are none): never left out."""
    if not m.unassigned:
        return []
    return [Chapter("", t("report.unassigned"), [ReportGoal("", t("report.unassigned_hint"), "", "", "", m.unassigned)])]


def _hf(text: str, limit: int = 120) -> str:
    """Text safe inside an Excel header/footer (& starts a code there), at most ``limit`` UTF-16 units.

    Excel holds 255 units in a header (xlsxwriter drops a longer one); two
    values of at most 120 fit with their codes. An "&&" is never cut in half.
    """
    cut = excel_cut(text, limit)
    while excel_len(safe := cut.replace("&", "&&")) > limit:
        cut = excel_cut(cut, excel_len(cut) - (excel_len(safe) - limit))
    return safe
