"""A history nobody can bend by accident: three rounds of the Ånge example made with the real commands.

Årsredovisning 2023 → Tertial 1 2024 → Tertial 2 2024. In Tertial 1 Kultur och fritid does not answer,
Samhällsbyggnad types two values that fail validation and adds two rows: one typed ``A01`` (Utbildning's,
finished in 2023) and one finished in the round it was added. In Tertial 2 Kultur och fritid is back.
"""

import shutil
from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.collect import collect
from malxl.example import fillings, load_data, write_example
from malxl.nextround import next_round
from malxl.plan import read_plan
from malxl.report import report

from .conftest import sheet_rows
from .test_next_round import play

T1, T2 = "Tertial 1 2024", "Tertial 2 2024"
SKIPPER = "Kultur och fritid"  # does not answer in Tertial 1
STOOD = {"A35": "Pågående med avvikelse", "A38": "Försenad"}  # its deviations in 2023, again in Tertial 2
MOVED_ON = "A14"  # Utbildning: Pågående enligt plan in 2023, Försenad in Tertial 1, Pågående enligt plan in Tertial 2
BAD_STATUS, BAD_DATE, BAD_LEVEL = "A22", "A23", "2.2.1"  # Samhällsbyggnad's values that fail in Tertial 1
REUSED = "A01"  # Utbildning's, finished in 2023: typed by Samhällsbyggnad as its added row's id


def tertial1():
    fills = fillings(load_data(), mistakes=False)
    del fills[SKIPPER]
    utbildning, bygg = fills["Utbildning"], fills["Samhällsbyggnad"]
    _, end, _ = utbildning.answers[MOVED_ON]
    utbildning.answers[MOVED_ON] = ("Försenad", end, "Leverantören är sen.")
    _, end, comment = bygg.answers[BAD_STATUS]
    bygg.answers[BAD_STATUS] = ("Klar", end, comment)
    status, _, comment = bygg.answers[BAD_DATE]
    bygg.answers[BAD_DATE] = (status, "hösten 2025", comment)
    bygg.assessments[BAD_LEVEL] = ("Bra", "Det går bra.")
    bygg.added += [(REUSED, "2.12.1", "Ny gång- och cykelväg", "Pågående enligt plan", "2024-09-30", ""),
                   ("", "2.12.1", "Städdag", "Avslutad enligt plan", "2024-04-01", "Genomförd."),
                   ("", "", "Extra insats", "Pågående enligt plan", "2024-10-31", "Utan mål.")]
    return fills


def tertial2():
    fills = fillings(load_data(), mistakes=False)
    fills[SKIPPER].assessments["2.8.1"] = ("Delvis uppfyllt", "Fler föreningar är med.")
    return fills


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    root = tmp_path_factory.mktemp("history")
    write_example(root, mistakes=False)
    first = collect(root / "inbox", workers=0)
    next_round(first.path, root / "t1", T1, date(2024, 4, 30))
    second = play(root / "t1" / "plan.xlsx", root / "t1", tertial1())
    rolled = next_round(second.path, root / "t2", T2, date(2024, 8, 31))
    third = play(root / "t2" / "plan.xlsx", root / "t2", tertial2(), now=datetime(2024, 8, 20, 8, 0))
    return root, first, second, rolled, third


def changes_of(path):
    return [(r[0], r[2], r[4], r[5]) for r in sheet_rows(path, "Förändringar")[1:]]


def column(path, sheet, header, aid):
    rows = sheet_rows(path, sheet)
    at = next(i for i, row in enumerate(rows) if header in row)
    c = rows[at].index(header)
    return next(row[c] for row in rows[at + 1:] if row[0] == aid)


# --- the order of rounds is stored, not inferred from row order ----------------------------------------------


def reverse_history(path, sheet):
    """Sort the hidden history sheet in reverse, as a coordinator sorting it in Excel might (a Z→A sort)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    for r, values in enumerate(reversed(rows), start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    wb.save(path)


def test_sorting_historik_in_the_plan_does_not_change_the_previous_round(rounds, tmp_path):
    root, *_ = rounds
    folder = tmp_path / "t2"
    (folder / "inbox").mkdir(parents=True)
    shutil.copy(root / "t2" / "plan.xlsx", folder / "plan.xlsx")
    reverse_history(folder / "plan.xlsx", "Historik")
    plan = read_plan(folder / "plan.xlsx")
    assert plan.periods == ("Årsredovisning 2023", T1) and plan.previous_period == T1
    merged = play(folder / "plan.xlsx", folder, tertial2(), now=datetime(2024, 8, 20, 8, 0))
    assert column(merged.path, "Aktiviteter", "Förra status", MOVED_ON) == "Försenad"
    assert ("Avvikelsen har upphört", MOVED_ON, "Försenad", "Pågående enligt plan") in changes_of(merged.path)
    assert column(folder / "utkorg" / "Utbildning.xlsx", "Aktiviteter", "Förra status", MOVED_ON) == "Försenad"


def test_sorting_historik_in_the_merged_workbook_keeps_the_rounds_in_order(rounds, tmp_path):
    _, _, _, _, third = rounds
    merged = tmp_path / "sammanstallning.xlsx"
    shutil.copy(third.path, merged)
    reverse_history(merged, "plan.Historik")
    plan = read_plan(next_round(merged, tmp_path / "t3", "Årsredovisning 2024", date(2024, 12, 31)).plan_path)
    assert plan.periods == ("Årsredovisning 2023", T1, T2)
    assert plan.previous("a", MOVED_ON).period == T2


def second_plans_history(rounds, tmp_path):
    """A copy of the second round's plan.xlsx, opened: its path, the workbook, its Historik sheet and header."""
    root, *_ = rounds
    path = tmp_path / "plan.xlsx"
    shutil.copy(root / "t2" / "plan.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Historik"]
    return path, wb, ws, [c.value for c in ws[1]]


def test_a_plan_written_before_the_round_column_reads_its_rounds_in_row_order(rounds, tmp_path):
    path, wb, ws, header = second_plans_history(rounds, tmp_path)
    assert "Omgång" in header
    ws.delete_cols(header.index("Omgång") + 1)
    wb.save(path)
    plan = read_plan(path)
    assert plan.periods == ("Årsredovisning 2023", T1)
    assert plan.previous("a", MOVED_ON).status == "Försenad"


def test_a_round_number_two_periods_share_is_refused(rounds, tmp_path):
    from malxl.errors import PlanError

    path, wb, ws, header = second_plans_history(rounds, tmp_path)
    c = header.index("Omgång") + 1
    last = next(r for r in range(ws.max_row, 1, -1) if ws.cell(r, 1).value == T1)
    ws.cell(last, c).value = 1  # Tertial 1's last row says round 1, as Årsredovisning 2023's rows do
    wb.save(path)
    with pytest.raises(PlanError) as caught:
        read_plan(path)
    assert f"{openpyxl.utils.get_column_letter(c)}{last}" in str(caught.value)


# --- a department that skipped a round ---------------------------------------------------------------------


def test_a_department_that_skipped_a_round_is_compared_with_its_last_answer(rounds):
    _, _, second, rolled, third = rounds
    assert not [c for c in changes_of(second.path) if c[1] in STOOD]  # no answer in Tertial 1: nothing moved
    found = changes_of(third.path)
    assert not [c for c in found if c[1] in STOOD]  # the deviations stood before the gap: not new
    assert ("Ändrad bedömning", "2.8.1", "Knappt uppfyllt (Årsredovisning 2023)", "Delvis uppfyllt") in found
    for aid, status in STOOD.items():
        assert column(third.path, "Aktiviteter", "Förra status", aid) == f"{status} (Årsredovisning 2023)"
        workbook = rolled.directory / "utkorg" / f"{SKIPPER}.xlsx"
        assert column(workbook, "Aktiviteter", "Förra status", aid) == f"{status} (Årsredovisning 2023)"
    model = report(third.path).model
    assert not [c for c in model.changes if c.id in STOOD]
    assert [(c.kind, c.before, c.period) for c in model.changes if c.id == "2.8.1"] == [
        ("assessment", "Knappt uppfyllt", "Årsredovisning 2023")]


# --- an id used in any earlier round is taken ---------------------------------------------------------------


def test_an_added_row_typed_as_an_id_finished_last_year_is_a_new_activity(rounds):
    _, _, second, rolled, _ = rounds
    foreign = [f for f in second.findings if f.code == "foreign-id"]
    new = f"{REUSED} (Samhällsbyggnad)"
    assert [(f.department, f.subject, f.params["activity"], f.params["period"]) for f in foreign] == [
        ("Samhällsbyggnad", new, REUSED, "Årsredovisning 2023")]
    assert column(second.path, "Aktiviteter", "Förra status", new) is None
    assert ("Ny aktivitet", new, None, "Pågående enligt plan") in changes_of(second.path)
    planned = next(p for p in rolled.planned if p.old == new)
    plan = read_plan(rolled.plan_path)
    assert [(h.period, h.status) for h in plan.earlier("a", REUSED)] == [("Årsredovisning 2023", "Avslutad enligt plan")]
    assert [(h.period, h.status) for h in plan.earlier("a", planned.id)] == [(T1, "Pågående enligt plan")]


# --- every added row reaches the history ---------------------------------------------------------------------


def test_an_added_row_finished_in_its_first_round_reaches_the_history(rounds):
    _, _, _, rolled, _ = rounds
    plan = read_plan(rolled.plan_path)
    kept = [h for h in plan.history if h.comment == "Genomförd."]
    assert [(h.period, h.status, h.end) for h in kept] == [(T1, "Avslutad enligt plan", date(2024, 4, 1))]
    assert kept[0].id not in {a.id for a in plan.activities}
    assert kept[0].id not in {p.id for p in rolled.planned}
    # a row without a development goal is not planned, but its answer is kept under the id next names
    unplaced = [(p.title, p.id) for p in rolled.unplaced]
    assert [title for title, _ in unplaced] == ["Extra insats"]
    assert [(h.period, h.status, h.comment) for h in plan.earlier("a", unplaced[0][1])] == [
        (T1, "Pågående enligt plan", "Utan mål.")]


# --- a value that failed validation is no change --------------------------------------------------------------


def test_a_value_that_failed_validation_is_reported_not_counted_as_a_change(rounds):
    _, _, second, rolled, third = rounds
    errors = {(f.code, f.subject) for f in second.findings}
    assert {("invalid-status", BAD_STATUS), ("invalid-date", BAD_DATE), ("invalid-assessment", BAD_LEVEL)} <= errors
    assert not [c for c in changes_of(second.path) if c[1] in (BAD_STATUS, BAD_DATE, BAD_LEVEL)]
    assert not [c for c in report(second.path).model.changes if c.id in (BAD_STATUS, BAD_DATE, BAD_LEVEL)]
    # and it is no history either: Tertial 2 compares with the last answer that was valid
    plan = read_plan(rolled.plan_path)
    assert [(h.period, h.status) for h in plan.earlier("a", BAD_STATUS)] == [
        ("Årsredovisning 2023", "Pågående enligt plan"), (T1, "")]
    assert not [c for c in changes_of(third.path) if c[1] in (BAD_STATUS, BAD_DATE, BAD_LEVEL)]


# --- a deleted history -----------------------------------------------------------------------------------------


def test_next_says_so_when_a_merged_workbook_with_a_history_has_lost_it(rounds, tmp_path, monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")
    _, first, second, _, _ = rounds
    merged = tmp_path / "sammanstallning.xlsx"
    shutil.copy(second.path, merged)
    wb = openpyxl.load_workbook(merged)
    del wb["plan.Historik"]
    wb.save(merged)
    result = CliRunner().invoke(cli, ["next", str(merged), str(tmp_path / "t2"), "--period", T2,
                                      "--report-date", "2024-08-31"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "plan.Historik saknas" in result.output
    kept = next(h for h in read_plan(tmp_path / "t2" / "plan.xlsx").history if h.comment == "Utan mål.")
    assert kept.id in next(line for line in result.output.splitlines() if "Extra insats" in line)  # plan it so
    assert read_plan(tmp_path / "t2" / "plan.xlsx").periods == (T1,)
    # Förra status alone (Förändringar deleted too) says the workbook had a history
    del wb["Förändringar"]
    wb.save(merged)
    assert next_round(merged, tmp_path / "t2b", T2, date(2024, 8, 31)).lost_history
    # a first round's workbook never had one
    assert not next_round(first.path, tmp_path / "t1", T1, date(2024, 4, 30)).lost_history
