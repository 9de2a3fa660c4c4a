"""The fast paths give the same result as the plain ones: parallel generate, streamed merged rows, plan indexes."""

import sys
from datetime import datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from malxl.generate import generate
from malxl.plan import read_plan, write_plan

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import synth  # noqa: E402  (the benchmark's synthetic plans)

STAMP = datetime(2024, 1, 2, 8, 0)


def _values(path: Path) -> dict:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def test_generate_in_worker_processes_writes_the_same_workbooks(tmp_path):
    """Forked workers where the platform forks, one process elsewhere: the same workbooks either way."""
    plan = synth.make_plan(5, 12)
    one = generate(plan, tmp_path / "one", now=STAMP, workers=1)
    two = generate(plan, tmp_path / "two", now=STAMP, workers=2)
    assert [p.name for p in one.written] == [p.name for p in two.written] == [f"Enhet {i:04d}.xlsx" for i in range(1, 6)]
    for a, b in zip(one.written, two.written):
        assert _values(a) == _values(b)


def test_plan_look_ups_follow_the_plan(tmp_path):
    plan = read_plan(write_plan(synth.make_plan(4, 30), tmp_path / "plan.xlsx"))
    for d in plan.departments:
        assert plan.activities_of(d.name) == [a for a in plan.activities if a.department == d.name]
        assert plan.goals_owned_by(d.name) == [g for g in plan.goals if g.owner == d.name]
        assert plan.department(d.name) == d
    assert plan.department("Ingen") is None and plan.activities_of("Ingen") == []
    assert all(plan.goal(g.id) is g for g in plan.goals)
    assert plan.goals_of(plan.kf_goals[0].id) == [g for g in plan.goals if g.kf_id == plan.kf_goals[0].id]


_OLD_SPACES = __import__("re").compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")


def _old_normalise(text):
    """normalise() as it was, with a regular expression: the fast one must agree with it."""
    import unicodedata

    if text is None:
        return ""
    return _OLD_SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip().casefold()


from hypothesis import given, strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.sampled_from(list("aÅäöB e,;\u0301\t\n\r\x0b\x0c\x1c\x1f\u00a0\u2007\u202f\u200b\ufeff\u2028"
                                              "ßΣς.-")), max_size=60)


@given(st.one_of(_TEXT, st.text(max_size=80), st.integers(), st.floats(allow_nan=False), st.none()))
def test_normalise_matches_the_regular_expression_it_replaced(value):
    from malxl.vocabulary import normalise

    assert normalise(value) == _old_normalise(value)
    assert normalise(value) == _old_normalise(value)  # and again, from the cache


def test_vocabulary_look_ups_keep_the_first_of_equal_names():
    from malxl.vocabulary import DEFAULT_STATUSES, Level, Status, Vocabulary

    v = Vocabulary((Status("Klar", finished=True), Status(" klar ")), (Level("Bra"),))
    assert v.status("KLAR\u00a0").finished and v.status("nej") is None and v.level("bra ") == Level("Bra")
    assert Vocabulary().status(" pågående\u00a0 ENLIGT plan") is DEFAULT_STATUSES[1]


def _old_is_blank(value):
    from malxl.vocabulary import normalise

    return value is None or (isinstance(value, str) and normalise(value) == "")


def _old_split_ids(value):
    from malxl.workbook.values import to_text

    text = to_text(value).replace(";", ",")
    return tuple(p.strip() for p in text.split(",") if p.strip())


def _old_clean_text(value):
    from malxl.layout import MAX_CELL_TEXT
    from malxl.validate import _CONTROL
    from malxl.workbook.values import to_text

    return _CONTROL.sub("", to_text(value)).replace("\r\n", "\n").replace("\r", "\n")[:MAX_CELL_TEXT]


@given(st.one_of(_TEXT, st.text(max_size=30), st.integers(), st.floats(allow_nan=False), st.none(),
                 st.dates(), st.datetimes()))
def test_value_short_cuts_match_what_they_replaced(value):
    from malxl.validate import clean_text
    from malxl.workbook.values import is_blank, split_ids, to_id, to_text

    assert clean_text(value) == _old_clean_text(value)
    assert is_blank(value) == _old_is_blank(value)
    assert split_ids(value) == _old_split_ids(value)
    if isinstance(value, str):
        assert to_text(value) == str(value).strip()
        assert to_id(value) == " ".join(value.strip().replace("\u00a0", " ").split())


def test_read_merged_without_the_plan_reads_the_same_state(project):
    from malxl.collect import collect
    from malxl.errors import InputError
    from malxl.merged import read_merged

    project.answer_all()
    merged = collect(project.inbox).path
    plan, prev = read_merged(merged)
    none, lean = read_merged(merged, with_plan=False)
    assert none is None and plan.activities and lean == prev
    with pytest.raises(InputError):
        read_merged(project.plan_path, with_plan=False)  # a plan is no merged workbook


def test_workers_get_each_departments_part_of_the_plan(tmp_path):
    import pickle

    from malxl.workbook.planparts import plan_parts

    plan = read_plan(write_plan(synth.make_plan(4, 30), tmp_path / "plan.xlsx"))
    assert any(a.planned_end is None for a in plan.activities) and any(a.planned_end for a in plan.activities)
    parts = pickle.loads(pickle.dumps(plan_parts(plan, tmp_path)))  # as a worker receives it
    assert parts.rest.activities == ()
    rest = parts.rest
    assert rest.settings == plan.settings and rest.vocabulary == plan.vocabulary
    for d in plan.departments:
        assert parts.activities_of(d.name) == tuple(plan.activities_of(d.name))
        assert rest.goals_owned_by(d.name) == plan.goals_owned_by(d.name)
        assert rest.department(d.name) == d and all(rest.goal(g.id) == g for g in plan.goals)
    assert parts.activities_of("Ingen") == ()
    parts.remove()
    assert list(tmp_path.glob("malxl-plan-*")) == []


def test_a_row_travels_whole_from_a_reading_worker():
    import pickle
    from datetime import date

    from malxl.models import ActivityRow

    row = ActivityRow("A1", "", "Skola", (), None, "Försenad", date(2024, 5, 1), "Sen leverans", "Skola.xlsx",
                      added=True, answered=True, sent=("Pågående enligt plan", "2024-04-30", ""))
    assert pickle.loads(pickle.dumps(row, protocol=5)) == row


def test_plan_columns_in_any_order_with_extra_columns_and_without_end_dates(tmp_path):
    import openpyxl

    path = write_plan(synth.make_plan(3, 10), tmp_path / "plan.xlsx")
    plan = read_plan(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Aktiviteter"]
    ws.insert_cols(1)
    ws.cell(1, 1).value = "Anteckning"
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 1).value = f"not {r}"
    header = [c.value for c in ws[1]]
    ws.delete_cols(header.index("Slutdatum") + 1)
    ws.cell(1, ws.max_column + 2).value = "Extra längst ut"
    ws.cell(2, ws.max_column).value = "x"
    wb.save(path)
    again = read_plan(path)
    assert again.activities == tuple(
        type(a)(a.id, a.title, a.department, a.goal_ids, None) for a in plan.activities)


def test_the_plans_long_sheets_are_read_as_streams_with_the_same_plan(tmp_path):
    """Aktiviteter (and Historik) come as rows made one at a time: the plan is the one read from lists."""
    from malxl import plan as plan_module
    from malxl.plan import long_sheets
    from malxl.workbook.xlsx import read_book

    path = write_plan(synth.make_plan(3, 40), tmp_path / "plan.xlsx")
    book = read_book(path, streamed=long_sheets())
    assert "Aktiviteter" in book.streams and "Aktiviteter" not in book.rows and "Inställningar" in book.rows
    streamed = read_plan(path)
    listed = plan_module.read_plan(path, book=read_book(path))  # every sheet as lists
    assert streamed == listed and len(streamed.activities) == 120


def test_answers_share_the_plans_values_as_they_arrive(tmp_path):
    """Rows come back from the reading workers with their own copies of ids, statuses and dates; collect keeps
    the plan's (one object an id, a status, a day) before the next file arrives."""
    from malxl.inbox import scan_inbox
    from malxl.texts import texts

    plan = synth.make_plan(4, 25)
    path = write_plan(plan, tmp_path / "plan.xlsx")
    plan = read_plan(path)
    generate(plan, tmp_path / "utkorg", now=STAMP)
    synth.fill_inbox(plan, tmp_path / "utkorg", tmp_path / "inbox")
    _, submissions, _ = scan_inbox(plan, tmp_path / "inbox", texts(), workers=2)
    ids = {a.id: a.id for a in plan.activities}
    statuses = {s.name: s.name for s in plan.vocabulary.statuses}
    rows = [r for s in submissions for r in s.rows if not r.added]
    assert rows and all(r.id is ids[r.id] for r in rows)
    assert all(r.status is statuses[r.status] for r in rows if r.status in statuses)
    days = {}
    for r in rows:
        if r.end is not None and not isinstance(r.end, str):
            assert days.setdefault(r.end, r.end) is r.end  # one object a day


def test_receive_sees_each_result_as_it_arrives_and_never_a_failure():
    from malxl.workbook import isolate

    seen = []

    def receive(result):
        seen.append(result)
        return result * 10

    results = isolate.run_isolated(_crash_on_three, [1, 2, 3, 4], workers=2, receive=receive)
    assert results[:2] == [10, 20] and results[3] == 40
    assert isinstance(results[2], isolate.Failure) and sorted(seen) == [1, 2, 4]
    assert isolate.run_isolated(_crash_on_three, [1, 2], workers=0, receive=receive) == [10, 20]


def _crash_on_three(n):
    if n == 3:
        import os

        os._exit(3)
    return n
