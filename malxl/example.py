"""The flagship example: Ånge kommun's goal report for 2023 as a plan and an inbox of answers.

``malxl init`` writes the plan; ``examples/ange2023/make_inbox.py`` writes the
departments' filled workbooks (with a few realistic mistakes, or corrected).
:func:`fill_workbook` fills a generated workbook the way a department does in
Excel, with openpyxl, so tests can do the same.
"""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import layout
from .department import write_department_workbook
from .indicators import Indicator, Point
from .models import Activity, Department, Goal, KFGoal, Plan, Settings
from .plan import write_plan
from .texts import texts
from .vocabulary import Vocabulary

GENERATED = datetime(2024, 1, 2, 8, 0, 0)


def load_data() -> dict:
    """The transcribed report (``malxl/data/ange2023.json``)."""
    text = importlib.resources.files("malxl.data").joinpath("ange2023.json").read_text(encoding="utf-8")
    return json.loads(text)


def _day(value):
    return date.fromisoformat(value) if value else None


def plan_from_data(data: dict) -> Plan:
    s = data["settings"]
    settings = Settings(s["organisation"], s["period"], _day(s["report_date"]), _day(s.get("deadline")),
                        s.get("coordinator", ""), s.get("coordinator_email", ""),
                        municipality=s.get("municipality", ""))
    kf_goals = tuple(KFGoal(k["id"], k["title"]) for k in data["kf_goals"])
    goals = tuple(Goal(g["id"], g["title"], k["id"], g.get("owner", "")) for k in data["kf_goals"] for g in k["goals"])
    activities = tuple(Activity(a["id"], a["title"], a["department"], tuple(a["goals"]), _day(a.get("planned_end")))
                       for a in data["activities"])
    departments = tuple(Department(d["name"], d.get("contact", ""), d.get("email", "")) for d in data["departments"])
    indicators = tuple(_indicator(i) for i in data.get("indicators", ()))
    values = tuple(Point(v["indicator"], v["year"], v.get("value"), v.get("comparison"), v.get("comment", ""))
                   for v in data.get("indicator_values", ()))
    return Plan(settings, kf_goals, goals, activities, departments, Vocabulary(), (), indicators, values)


def _indicator(i: dict) -> Indicator:
    """An indicator of the example's data: a target that is a number or ``comparison`` (reach the country)."""
    comparison = i.get("target") == "comparison"
    return Indicator(i["id"], i["goal"], i["title"], i.get("unit", ""), i.get("direction", "higher") == "higher",
                     None if comparison else i.get("target"), comparison, i["source"], i.get("kolada_id", ""),
                     i.get("department", ""), i.get("min"), i.get("max"))


def ange_plan() -> Plan:
    return plan_from_data(load_data())


@dataclass
class Filling:
    """What one department types into its workbook."""

    answers: dict[str, tuple] = field(default_factory=dict)  # activity id -> (status, end, comment)
    assessments: dict[str, tuple] = field(default_factory=dict)  # goal id -> (level, analysis)
    added: list[tuple] = field(default_factory=list)  # (id, goals, title, status, end, comment)
    edits: dict[tuple[str, str], object] = field(default_factory=dict)  # (activity id, column header) -> value
    indicators: dict[str, tuple] = field(default_factory=dict)  # indicator id -> (value, comment)


def fill_workbook(src: Path, dst: Path, filling: Filling, saved: datetime | None = None) -> Path:
    """Fill a department workbook as a person would in Excel (with openpyxl) and save it as ``dst``.

    ``saved`` sets the saved time recorded in the file, as Excel's own save would.
    """
    import openpyxl

    wb = openpyxl.load_workbook(src)
    identity = {row[0]: row[1] for row in wb[layout.IDENTITY_SHEET].iter_rows(max_col=2, values_only=True)}
    t = texts(identity.get("language"))  # the workbook's own language
    ws = wb[t("sheet.activities")]
    header = layout.HEADER_ROW + 1
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    status_c, end_c, comment_c = cols[t("col.status")], cols[t("col.end")], cols[t("col.comment")]
    rows = {}
    r = header + 1
    while r <= ws.max_row:
        value = ws.cell(r, 1).value
        if value:
            rows[str(value)] = r
        r += 1
    for aid, (status, end, comment) in filling.answers.items():
        if aid not in rows:
            continue
        row = rows[aid]
        _put(ws.cell(row, status_c), status or None)
        _put(ws.cell(row, end_c), _cell_date(end))
        _put(ws.cell(row, comment_c), comment or None)
    for (aid, header_name), value in filling.edits.items():
        _put(ws.cell(rows[aid], cols[header_name]), value)
    free = max(rows.values(), default=header) + 1
    for i, (aid, goals, title, status, end, comment) in enumerate(filling.added):
        row = free + i
        places = (cols[t("col.activity_id")], cols[t("col.goal_title")], cols[t("col.activity")], status_c, end_c,
                  comment_c)
        for c, value in zip(places, (aid, goals, title, status, _cell_date(end), comment), strict=True):
            _put(ws.cell(row, c), value)
    if filling.assessments:
        ga = wb[t("sheet.assessment")]
        g_cols = {ga.cell(header, c).value: c for c in range(1, ga.max_column + 1)}
        for r in range(header + 1, ga.max_row + 1):
            gid = ga.cell(r, 1).value
            if gid in filling.assessments:
                level, analysis = filling.assessments[gid]
                _put(ga.cell(r, g_cols[t("col.level")]), level or None)
                _put(ga.cell(r, g_cols[t("col.analysis")]), analysis or None)
    if filling.indicators:
        _fill_indicators(wb[t("sheet.indicators")], filling.indicators, t)
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    if saved:
        set_saved_time(dst, saved)
    return dst


def _fill_indicators(ws, values: dict[str, tuple], t) -> None:
    """Type each indicator's value and comment on the Indikatorer sheet, found by its id in the first column."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == t("col.indicator_id"))
    cols = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(header + 1, ws.max_row + 1):
        found = values.get(str(ws.cell(r, 1).value))
        if found is not None:
            _put(ws.cell(r, cols[t("col.indicator_value")]), found[0])
            _put(ws.cell(r, cols[t("col.comment")]), found[1] or None)


def _put(cell, value) -> None:
    """Type a value into a cell; text stays text even when it starts with '=' (as Excel's '=... does)."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _cell_date(value):
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value  # typed as text, as people do
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def set_saved_time(path: Path, saved: datetime) -> None:
    """Rewrite ``dcterms:modified`` in a workbook, as if it had been saved at ``saved`` (UTC)."""
    path = Path(path)
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ")
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zout.writestr(item, data)
    tmp.replace(path)


def fillings(data: dict, mistakes: bool) -> dict[str, Filling]:
    """Each department's answers: the seed's, and with ``mistakes`` a few realistic errors."""
    result = {d["name"]: Filling() for d in data["departments"]}
    for a in data["activities"]:
        result[a["department"]].answers[a["id"]] = (a["status"], a["end"], a["comment"])
    owners = {}
    for k in data["kf_goals"]:
        for g in k["goals"]:
            owners[g["id"]] = g["owner"]
            result[g["owner"]].assessments[g["id"]] = (g["assessment"], g["analysis"])
    for v in data.get("indicator_answers", ()):
        result[v["department"]].indicators[v["indicator"]] = (v["value"], v.get("comment", ""))
    if not mistakes:
        return result
    by_id = {a["id"]: a for a in data["activities"]}

    def answer(aid, status=None, end=None, comment=None):
        a = by_id[aid]
        old = result[a["department"]].answers[aid]
        result[a["department"]].answers[aid] = (
            old[0] if status is None else status, old[1] if end is None else end, old[2] if comment is None else comment)

    # Socialtjänst: LSS yrkesresan is Försenad, but the comment was forgotten.
    answer(_find(data, "LSS yrkesresan"), comment="")
    # Samhällsbyggnad: a status typed by hand with odd spacing and case (accepted),
    # and an end date typed as words (not a date).
    answer(_find(data, "Förläggning av fiber Åse"), status="pågående\u00a0 enligt plan")
    answer(_find(data, "Naggen etapp 3"), end="hösten 2025")
    # Näringsliv forgot one status.
    answer(_find(data, "Skapa mötesplatser för besöksnäringen"), status="")
    # Kommunledning retyped a locked activity title.
    aid = _find(data, "Inrättande av kontaktcenter")
    result["Kommunledning"].edits[(aid, texts()("col.activity"))] = "Inrättande av kontaktcenter (Millwater)"
    # Kultur och fritid added an activity of its own.
    result["Kultur och fritid"].added.append(
        ("", "2.8.1", "Föreningsträff med RF/Sisu", "Pågående enligt plan", "2024-01-16", "Träff planerad 16 januari."))
    # Utbildning left one goal unassessed for the coordinator.
    result["Utbildning"].assessments["2.1.2"] = ("", "")
    return result


def _find(data: dict, title_start: str) -> str:
    return next(a["id"] for a in data["activities"] if a["title"].startswith(title_start))


def write_example(folder: Path, mistakes: bool = True) -> dict[str, Path]:
    """Write ``plan.xlsx`` and ``inbox/`` (the departments' workbooks as received) into ``folder``.

    With ``mistakes`` the inbox is as first received: Kommunikation has not
    answered, Utbildning sent two versions, a lock file lies beside them, and
    a few answers have errors. Without, every department answered correctly.
    """
    folder = Path(folder)
    data = load_data()
    plan = plan_from_data(data)
    write_plan(plan, folder / "plan.xlsx")
    inbox = folder / "inbox"
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        fills = fillings(data, mistakes)
        for i, dept in enumerate(plan.departments):
            if mistakes and dept.name == "Kommunikation":
                continue  # has not answered yet
            # the workbook generate writes for the department
            src = write_department_workbook(plan, dept.name, Path(tmp) / _file(dept.name), now=GENERATED)
            saved = datetime(2024, 1, 15, 9 + i, 30)
            fill_workbook(src, inbox / _file(dept.name), fills[dept.name], saved=saved)
            if mistakes and dept.name == "Utbildning":
                # An earlier version, sent before the comments were finished.
                early = Filling(answers={k: (v[0], v[1], "") for k, v in fills[dept.name].answers.items()})
                fill_workbook(src, inbox / "Utbildning (version 2).xlsx", early, saved=datetime(2024, 1, 10, 14, 5))
        if mistakes:
            (inbox / "~$Socialtjänst.xlsx").write_bytes(b"\x00" * 165)
    return {"plan": folder / "plan.xlsx", "inbox": inbox}


def _file(name: str) -> str:
    return layout.file_name(name)
