"""A synthetic plan and inbox at any scale, for the benchmark.

``make_plan(workbooks, activities)`` builds a plan of ``workbooks`` departments
with ``activities`` activities each, with text lengths like a real Swedish goal
report (titles of 30-150 characters, comments of 0-400). ``fill_inbox`` turns
the department workbooks malxl generated into the answers departments send
back, with a few deviations and mistakes, and adds the usual debris of a real
inbox (a lock file, a note, a broken file, a duplicate version, a department
that has not answered).

Filling: the generated workbooks are filled by rewriting their sheet XML
(status, end date and comment cells become inline strings and numbers), not
with openpyxl. That is what a person's Excel save changes, takes about a
millisecond per workbook instead of a tenth of a second, and keeps every
validation, format and the hidden identity sheet exactly as malxl made them, so
collect reads them as it reads real answers.
"""

from __future__ import annotations

import random
import re
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from malxl import layout
from malxl.models import Activity, Department, Goal, KFGoal, Plan, Settings
from malxl.vocabulary import DEFAULT_LEVELS, DEFAULT_STATUSES

REPORT_DATE = date(2024, 4, 30)
_EXCEL_EPOCH = date(1899, 12, 30)

WORDS = (
    "arbete utveckling verksamhet samverkan kvalitet uppföljning insats plan elever brukare medarbetare "
    "kommun förvaltning digital service tillgänglighet trygghet miljö energi hållbar ekonomi budget "
    "rekrytering kompetens utbildning barn unga äldre omsorg stöd integration näringsliv företag "
    "bostäder detaljplan infrastruktur vatten avlopp gång cykel kollektivtrafik föreningar kultur "
    "fritid idrott bibliotek folkhälsa hälsa arbetsmiljö sjukfrånvaro ledarskap dialog medborgare "
    "information kommunikation e-tjänster upphandling livsmedel måltider klimat utsläpp laddinfrastruktur "
    "och för att med inom under genom samt mellan av på till i en ett det den som har ska kommer"
).split()


class Words:
    """Deterministic pseudo-Swedish text of a given length."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def text(self, low: int, high: int) -> str:
        target = self.rng.randint(low, high)
        out, n = [], 0
        while n < target:
            w = self.rng.choice(WORDS)
            out.append(w)
            n += len(w) + 1
        s = " ".join(out)[:target].rstrip()
        return s[:1].upper() + s[1:] + "."


def dept_name(i: int) -> str:
    return f"Enhet {i + 1:04d}"


def make_plan(workbooks: int, activities: int, seed: int = 1) -> Plan:
    """``workbooks`` departments with ``activities`` activities each, under goals they own."""
    w = Words(seed)
    rng = w.rng
    depts = tuple(Department(dept_name(i), f"Kontakt {i + 1}", f"enhet{i + 1}@example.se") for i in range(workbooks))
    n_kf = max(3, min(12, workbooks))
    kf_goals = tuple(KFGoal(str(k + 1), w.text(40, 120)) for k in range(n_kf))
    per_dept = max(1, min(10, activities // 30 or 1))
    goals, acts = [], []
    for d, dept in enumerate(depts):
        own = []
        for g in range(per_dept):
            kf = kf_goals[(d + g) % n_kf]
            goal = Goal(f"{kf.id}.{d + 1}.{g + 1}", w.text(50, 150), kf.id, dept.name)
            goals.append(goal)
            own.append(goal.id)
        for a in range(activities):
            ids = (own[a % len(own)],) if rng.random() > 0.1 else tuple(sorted({own[a % len(own)], rng.choice(own)}))
            end = None if rng.random() < 0.05 else REPORT_DATE + timedelta(days=rng.randint(-120, 600))
            acts.append(Activity(f"A{d + 1:04d}-{a + 1:04d}", w.text(30, 150), dept.name, ids, end))
    settings = Settings("Syntetiska kommunen", "Tertial 1 2024", REPORT_DATE, date(2024, 5, 15),
                        "Eva Ek", "eva.ek@example.se")
    return Plan(settings, kf_goals, tuple(goals), tuple(acts), depts)


# -- answers ----------------------------------------------------------------

FINISHED, ON_PLAN, DEVIATING, LATE, WAITING = (s.name for s in DEFAULT_STATUSES)


def answers_for(plan: Plan, dept: str, w: Words) -> tuple[dict, dict, list]:
    """A department's answers: ``{activity id: (status, end, comment)}``, assessments and added rows.

    Mostly on plan, about one in eight deviating (with a comment), and per
    workbook a mistake or two: a missing comment, a missing status, a status
    typed by hand, an end date typed as words, a moved end date.
    """
    rng = w.rng
    answers = {}
    for a in plan.activities_of(dept):
        x = rng.random()
        if x < 0.25:
            status, comment = FINISHED, (w.text(20, 120) if rng.random() < 0.3 else "")
        elif x < 0.87:
            status, comment = ON_PLAN, (w.text(20, 250) if rng.random() < 0.5 else "")
        else:
            status, comment = rng.choice((DEVIATING, LATE, WAITING)), w.text(60, 400)
        end = a.planned_end
        if end and status == ON_PLAN and end < REPORT_DATE and rng.random() < 0.7:
            end = REPORT_DATE + timedelta(days=rng.randint(30, 300))  # moved: changed-date
        answers[a.id] = (status, end, comment)
    ids = list(answers)
    if ids:
        for mistake in rng.sample(range(6), k=rng.choice((0, 1, 1, 2))):
            aid = rng.choice(ids)
            status, end, comment = answers[aid]
            if mistake == 0:
                answers[aid] = (LATE, end, "")  # missing-comment
            elif mistake == 1:
                answers[aid] = ("", end, comment)  # missing-status
            elif mistake == 2:
                answers[aid] = ("pågående\u00a0 enligt  PLAN", end, comment)  # accepted spelling
            elif mistake == 3:
                answers[aid] = (status, "hösten 2025", comment)  # invalid-date
            elif mistake == 4:
                answers[aid] = ("Pågår", end, comment)  # invalid-status
            else:
                answers[aid] = (ON_PLAN, REPORT_DATE - timedelta(days=10), comment)  # overdue
    levels = [lv.name for lv in DEFAULT_LEVELS]
    assessments = {g.id: ("" if rng.random() < 0.05 else rng.choice(levels), w.text(100, 600))
                   for g in plan.goals_owned_by(dept)}
    added = []
    if rng.random() < 0.05:
        own = [g.id for g in plan.goals_owned_by(dept)]
        added.append(("", own[0] if own else "", w.text(30, 100), ON_PLAN, REPORT_DATE + timedelta(days=90),
                      w.text(20, 100)))
    return answers, assessments, added


# -- filling generated workbooks by rewriting their XML ----------------------

_CELL = re.compile(rb'<c r="([A-F])(\d+)" s="(\d+)"(?:/>|><v>[^<]*</v></c>)')
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _inline(ref: bytes, style: bytes, value) -> bytes:
    if value is None or value == "":
        return b'<c r="' + ref + b'" s="' + style + b'"/>'
    if isinstance(value, date):
        serial = (value - _EXCEL_EPOCH).days
        return b'<c r="' + ref + b'" s="' + style + b'"><v>' + str(serial).encode() + b"</v></c>"
    text = escape(str(value)).encode("utf-8")
    space = b' xml:space="preserve"' if value != value.strip() else b""
    return (b'<c r="' + ref + b'" s="' + style + b'" t="inlineStr"><is><t' + space + b">" + text
            + b"</t></is></c>")


def _fill_sheet(xml: bytes, cells: dict[tuple[str, int], object]) -> bytes:
    """Put ``{(column letter, 1-based row): value}`` into the blank or numeric cells of a sheet."""
    def put(m):
        key = (m.group(1).decode(), int(m.group(2)))
        if key not in cells:
            return m.group(0)
        return _inline(m.group(1) + m.group(2), m.group(3), cells[key])

    return _CELL.sub(put, xml)


def fill(src: Path, dst: Path, plan: Plan, dept: str, answers: dict, assessments: dict, added: list,
         saved: datetime) -> Path:
    """Write ``dst``: the generated workbook ``src`` as the department filled in and saved it."""
    first = layout.FIRST_ROW + 1  # 1-based
    cells: dict[tuple[str, int], object] = {}
    r = first
    for a in plan.activities_of(dept):
        status, end, comment = answers.get(a.id, ("", a.planned_end, ""))
        cells[("D", r)], cells[("E", r)], cells[("F", r)] = status, end, comment
        r += 1
    for aid, goals, title, status, end, comment in added:
        for col, value in zip("ABCDEF", (aid, goals, title, status, end, comment)):
            cells[(col, r)] = value
        r += 1
    goal_cells = {}
    for i, g in enumerate(plan.goals_owned_by(dept)):
        level, analysis = assessments.get(g.id, ("", ""))
        goal_cells[("C", first + i)], goal_cells[("D", first + i)] = level, analysis
    stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = _fill_sheet(data, cells)
            elif item.filename == "xl/worksheets/sheet3.xml":
                data = _fill_sheet(data, goal_cells)
            elif item.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            zout.writestr(item, data)
    return dst


def fill_inbox(plan: Plan, outbox: Path, inbox: Path, seed: int = 2) -> dict:
    """Fill every generated workbook in ``outbox`` into ``inbox``, with a realistic inbox's debris.

    One department has not answered, one sent an earlier version too, and the
    inbox also holds an Excel lock file, a note, a broken workbook and a copy
    with identical bytes. Returns counts of what was written.
    """
    inbox.mkdir(parents=True, exist_ok=True)
    w = Words(seed)
    depts = [d.name for d in plan.departments]
    silent = depts[-1] if len(depts) > 1 else None
    twice = depts[0]
    written = 0
    for i, dept in enumerate(depts):
        if dept == silent:
            continue
        src = outbox / layout.file_name(dept)
        answers, assessments, added = answers_for(plan, dept, w)
        saved = datetime(2024, 5, 10, 8, 0) + timedelta(minutes=i)
        fill(src, inbox / layout.file_name(dept), plan, dept, answers, assessments, added, saved)
        written += 1
        if dept == twice:
            early = {k: (v[0], v[1], "") for k, v in answers.items()}
            fill(src, inbox / f"{dept} (version 1).xlsx", plan, dept, early, {}, [], saved - timedelta(days=3))
            written += 1
    (inbox / f"~${layout.file_name(depts[0])}").write_bytes(b"\x00" * 165)
    (inbox / "Anteckningar.txt").write_text("Ring Enhet 3 om sena svar.\n", encoding="utf-8")
    (inbox / "Trasig.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    first = inbox / layout.file_name(depts[0])
    (inbox / f"Kopia av {first.name}").write_bytes(first.read_bytes())
    return {"workbooks": written, "other_files": 4, "silent": silent}
