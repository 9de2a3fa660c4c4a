"""The next round starts from the last one: Ånge's Årsredovisning 2023 rolls over to Tertial 1 and Tertial 2 2024."""

from datetime import date, datetime

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from malxl.cli import cli
from malxl.collect import collect
from malxl.example import Filling, fill_workbook, fillings, load_data, write_example
from malxl.generate import generate
from malxl.merged import read_merged
from malxl.nextround import next_round
from malxl.plan import read_plan
from malxl.report import report

from .conftest import sheet_rows

NOW = datetime(2024, 4, 2, 8, 0)
# What moves between Årsredovisning 2023 and Tertial 1 2024 (the seed's activities and goals):
RESOLVED = "A05"  # Implementera nya läroplaner: Pågående med avvikelse -> Pågående enligt plan
NEW_DEVIATION = "A14"  # Digitala nationella prov: Pågående enligt plan -> Försenad
MOVED = "A26"  # 1000+ Näringslivsutvecklare: 2024-10-31 -> 2025-03-31
REASSESSED = "2.1.1"  # Delvis uppfyllt -> Uppfyllt


def play(plan_path, folder, fills, now=NOW):
    """Generate the round's workbooks and let every department send back ``fills``."""
    plan = read_plan(plan_path)
    outbox = generate(plan, folder / "utkorg", now=now).written
    for path in outbox:
        department = next(d.name for d in plan.departments if path.stem == d.name)
        if department in fills:
            fill_workbook(path, folder / "inbox" / path.name, fills[department], saved=now)
    return collect(folder / "inbox", workers=0)


def tertial1_answers():
    """Every department answers as in Årsredovisning 2023, except for the four things that moved."""
    fills = fillings(load_data(), mistakes=False)
    utbildning, naringsliv = fills["Utbildning"], fills["Näringsliv"]
    _, end, _ = utbildning.answers[RESOLVED]
    utbildning.answers[RESOLVED] = ("Pågående enligt plan", end, "Läroplanerna är klara.")
    _, end, _ = utbildning.answers[NEW_DEVIATION]
    utbildning.answers[NEW_DEVIATION] = ("Försenad", end, "Leverantören är sen.")
    status, _, comment = naringsliv.answers[MOVED]
    naringsliv.answers[MOVED] = (status, "2025-03-31", comment)
    utbildning.assessments[REASSESSED] = ("Uppfyllt", "Målet är nått.")
    return fills


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    root = tmp_path_factory.mktemp("ange")
    write_example(root, mistakes=False)
    first = collect(root / "inbox", workers=0)
    t1 = root / "tertial1"
    rolled = next_round(first.path, t1, "Tertial 1 2024", date(2024, 4, 30))
    second = play(t1 / "plan.xlsx", t1, tertial1_answers())
    return root, first, rolled, second


def test_unfinished_activities_are_carried_with_their_last_end_date(rounds):
    _, first, rolled, _ = rounds
    data = load_data()
    unfinished = [a["id"] for a in data["activities"] if a["status"] != "Avslutad enligt plan"]
    assert (len(rolled.carried), len(rolled.finished)) == (34, 40)
    assert rolled.carried == unfinished
    plan = read_plan(rolled.plan_path)
    assert [a.id for a in plan.activities] == unfinished
    a17 = next(a for a in plan.activities if a.id == "A17")
    assert a17.planned_end == date(2023, 6, 30)  # Grundsärskolan, Försenad: the date the department gave
    s = plan.settings
    assert (s.organisation, s.period, s.report_date, s.deadline) == (
        "Ånge kommun", "Tertial 1 2024", date(2024, 4, 30), date(2024, 5, 14))
    assert plan.periods == ("Årsredovisning 2023",)
    assert plan.previous("a", "A05").status == "Pågående med avvikelse"
    assert plan.previous("g", "2.1.1").status == "Delvis uppfyllt"


def test_the_example_as_first_received_carries_the_unanswered_and_plans_the_added_row(tmp_path):
    write_example(tmp_path, mistakes=True)
    first = collect(tmp_path / "inbox", workers=0)
    assert not first.ok  # errors left: it still rolls over
    rolled = next_round(first.path, tmp_path / "t1", "Tertial 1 2024", date(2024, 4, 30))
    # Besides the 34 unfinished: Kommunikation's A46 (not answered), Näringsliv's A39 (status forgotten)
    # and the row Kultur och fritid added; so 38 finished are left out.
    assert (len(rolled.carried), len(rolled.finished)) == (37, 38)
    assert {"A39", "A46", "A75"} <= set(rolled.carried)
    assert [(p.id, p.department, p.title) for p in rolled.planned] == [
        ("A75", "Kultur och fritid", "Föreningsträff med RF/Sisu")]
    assert rolled.errors and {f.code for f in rolled.errors} >= {"missing-status"}
    plan = read_plan(rolled.plan_path)
    added = next(a for a in plan.activities if a.id == "A75")
    assert (added.goal_ids, added.planned_end) == (("2.8.1",), date(2024, 1, 16))
    assert plan.previous("a", "A75").status == "Pågående enligt plan"


def test_the_department_sees_its_previous_answers(rounds):
    root, _, rolled, _ = rounds
    path = rolled.directory / "utkorg" / "Utbildning.xlsx"
    activities = sheet_rows(path, "Aktiviteter")
    assert activities[2] == ("Aktivitets-id", "Utvecklingsmål", "Aktivitet", "Förra status", "Förra kommentaren",
                             "Status", "Slutdatum", "Kommentar")
    row = next(r for r in activities if r[0] == "A05")
    assert row[3] == "Pågående med avvikelse" and row[4].startswith("Samtliga verksamheter")
    assert "Årsredovisning 2023" in activities[1][0]
    wb = openpyxl.load_workbook(path)
    ws = wb["Aktiviteter"]
    r = next(c.row for c in ws["A"] if c.value == "A17")
    assert ws.cell(r, 4).protection.locked and ws.cell(r, 5).protection.locked
    assert not ws.cell(r, 6).protection.locked
    assessment = sheet_rows(path, "Målbedömning")
    assert assessment[2][:4] == ("Utvecklingsmål-id", "Utvecklingsmål", "Förra bedömning", "Bedömning")
    assert next(g for g in assessment if g[0] == "2.1.1")[2] == "Delvis uppfyllt"
    instructions = [c.value for c in wb["Instruktioner"]["A"] if c.value]
    assert any("Årsredovisning 2023" in text for text in instructions)


def test_the_end_date_is_prefilled_with_the_last_one_given(rounds):
    _, _, rolled, _ = rounds
    rows = sheet_rows(rolled.directory / "utkorg" / "Näringsliv.xlsx", "Aktiviteter")
    row = next(r for r in rows if r[0] == MOVED)
    assert (row[5], row[6]) == (None, datetime(2024, 10, 31))


def test_changes_lists_exactly_what_moved(rounds):
    _, _, _, second = rounds
    assert second.ok
    rows = sheet_rows(second.path, "Förändringar")
    assert rows[0] == ("Förändring", "Avdelning", "Id", "Aktivitet eller mål", "Från", "Till")
    assert [(r[0], r[2], r[4], r[5]) for r in rows[1:]] == [
        ("Ny avvikelse", NEW_DEVIATION, "Pågående enligt plan", "Försenad"),
        ("Avvikelsen har upphört", RESOLVED, "Pågående med avvikelse", "Pågående enligt plan"),
        ("Flyttat slutdatum", MOVED, "2024-10-31", "2025-03-31"),
        ("Ändrad bedömning", REASSESSED, "Delvis uppfyllt", "Uppfyllt"),
    ]
    activities = sheet_rows(second.path, "Aktiviteter")
    header = activities[0]
    assert header[4:6] == ("Status", "Förra status")
    row = next(r for r in activities if r[0] == RESOLVED)
    assert (row[4], row[5]) == ("Pågående enligt plan", "Pågående med avvikelse")


def test_the_report_says_what_changed_in_every_format(rounds):
    _, _, _, second = rounds
    result = report(second.path, pdf=True)
    m = result.model
    assert m.previous_period == "Årsredovisning 2023"
    assert [(c.kind, c.id) for c in m.changes] == [
        ("new-deviation", NEW_DEVIATION), ("deviation-ended", RESOLVED), ("moved-date", MOVED),
        ("assessment", REASSESSED)]
    goal = next(g for ch in m.chapters for g in ch.goals if g.id == REASSESSED)
    assert [(p, level) for p, level, _ in goal.trend] == [("Årsredovisning 2023", "Delvis uppfyllt"),
                                                         ("Tertial 1 2024", "Uppfyllt")]
    xlsx, html, docx, pdf = result.paths
    printed = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Förändringar sedan förra rapporten" in printed and "Årsredovisning 2023: Delvis uppfyllt" in printed
    text = html.read_text(encoding="utf-8")
    assert "Förändringar sedan förra rapporten" in text and 'id="forandringar"' in text
    assert "Årsredovisning 2023: Delvis uppfyllt" in text and "Leverantören" in text
    rapport = [r[0] for r in sheet_rows(xlsx, "Rapport") if r[0]]
    assert "Förändringar sedan förra rapporten" in rapport
    assert any(str(v).startswith("Utveckling: Årsredovisning 2023: Delvis uppfyllt · Tertial 1 2024: Uppfyllt")
               for v in rapport)
    doc = Document(docx)
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Förändringar sedan förra rapporten" in paragraphs
    assert any(p.startswith("Sedan Årsredovisning 2023: ny avvikelse (1)") for p in paragraphs)
    table = next(tb for tb in doc.tables if tb.rows[0].cells[0].text == "Förändring")
    assert [row.cells[1].text.split()[0] for row in table.rows[1:]] == [NEW_DEVIATION, RESOLVED, MOVED, REASSESSED]


def test_a_second_roll_over_knows_both_earlier_periods(rounds):
    root, _, _, second = rounds
    t2 = root / "tertial2"
    rolled = next_round(second.path, t2, "Tertial 2 2024", date(2024, 8, 31))
    plan = read_plan(rolled.plan_path)
    assert plan.periods == ("Årsredovisning 2023", "Tertial 1 2024")
    assert NEW_DEVIATION in rolled.carried and len(rolled.carried) == 34  # nothing finished in Tertial 1
    third = play(t2 / "plan.xlsx", t2, {"Utbildning": Filling(assessments={REASSESSED: ("Uppfyllt", "Klart.")})},
                 now=datetime(2024, 8, 20, 8, 0))
    _, prev = read_merged(third.path)
    goal = next(g for ch in report(third.path).model.chapters for g in ch.goals if g.id == REASSESSED)
    assert [(p, level) for p, level, _ in goal.trend] == [
        ("Årsredovisning 2023", "Delvis uppfyllt"), ("Tertial 1 2024", "Uppfyllt"), ("Tertial 2 2024", "Uppfyllt")]
    rows = sheet_rows(rolled.directory / "utkorg" / "Utbildning.xlsx", "Aktiviteter")
    assert next(r for r in rows if r[0] == NEW_DEVIATION)[3] == "Försenad"


def test_a_first_round_has_no_history_columns_or_changes(rounds):
    _, first, _, _ = rounds
    wb = openpyxl.load_workbook(first.path)
    assert "Förändringar" not in wb.sheetnames and "plan.Historik" not in wb.sheetnames
    assert "Förra status" not in [c.value for c in wb["Aktiviteter"][1]]
    assert report(first.path).model.changes == []


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_next_command(rounds, tmp_path, monkeypatch):
    monkeypatch.setenv("MALXL_LANG", "sv")
    _, first, _, _ = rounds
    result = run("next", first.path, tmp_path / "ny", "--period", "Tertial 1 2024", "--report-date", "2024-04-30",
                 "--deadline", "2024-05-20")
    assert result.exit_code == 0, result.output
    assert "34 aktiviteter fördes över; 40 avslutade" in result.output
    assert read_plan(tmp_path / "ny" / "plan.xlsx").settings.deadline == date(2024, 5, 20)
    assert (tmp_path / "ny" / "LÄSMIG.txt").exists() and not any((tmp_path / "ny" / "inbox").iterdir())
    again = run("next", first.path, tmp_path / "ny", "--period", "Tertial 1 2024", "--report-date", "2024-04-30")
    assert again.exit_code == 2 and "finns redan" in again.output
    bad = run("next", first.path, tmp_path / "x", "--period", "T1", "--report-date", "30 april")
    assert bad.exit_code == 2 and "--report-date" in bad.output
    same = run("next", first.path, tmp_path / "y", "--period", "Årsredovisning 2023", "--report-date", "2024-04-30")
    assert same.exit_code == 2 and not (tmp_path / "y" / "plan.xlsx").exists()
    plan = run("next", tmp_path / "ny" / "plan.xlsx", tmp_path / "z", "--period", "T1", "--report-date", "2024-04-30")
    assert plan.exit_code == 2 and "ingen sammanställning" in plan.output
    assert "Exempel: malxl next" in run("next", "--help").output


def test_feedback_marks_the_right_cells_in_a_rolled_over_round(rounds, tmp_path):
    from malxl.feedback import feedback

    from .test_feedback import cell_of, marked

    root, _, rolled, _ = rounds
    t1 = tmp_path / "t1"
    next_round(rolled_merged(root), t1, "Tertial 1 2024", date(2024, 4, 30))
    fills = tertial1_answers()
    status, end, _ = fills["Utbildning"].answers[NEW_DEVIATION]
    fills["Utbildning"].answers[NEW_DEVIATION] = (status, end, "")  # Försenad without a comment
    fills["Utbildning"].assessments[REASSESSED] = ("", "")
    merged = play(t1 / "plan.xlsx", t1, fills)
    result = feedback(merged.path, t1 / "aterkoppling", departments=["Utbildning"])
    path = result.packages[0].workbook
    cells = marked(path)
    assert {("Aktiviteter", cell_of(path, "Aktiviteter", NEW_DEVIATION, "Kommentar")),
            ("Målbedömning", cell_of(path, "Målbedömning", REASSESSED, "Bedömning"))} <= cells
    assert cell_of(path, "Aktiviteter", NEW_DEVIATION, "Kommentar").startswith("H")
    # the overdue end dates are marked too: every mark is in an input column, none in Förra status/kommentaren
    assert {ref[0] for sheet, ref in cells if sheet == "Aktiviteter"} == {"G", "H"}
    assert {ref[0] for sheet, ref in cells if sheet == "Målbedömning"} == {"D"}


def rolled_merged(root):
    return root / "sammanstallning.xlsx"


def test_the_coordinators_edits_survive_collecting_again_in_a_rolled_over_round(rounds, tmp_path):
    import shutil

    from .conftest import edit_cells

    root, _, rolled, second = rounds
    t1 = tmp_path / "t1"
    shutil.copytree(rolled.directory, t1)
    merged = t1 / "sammanstallning.xlsx"
    activities = sheet_rows(merged, "Aktiviteter")
    r = next(i for i, row in enumerate(activities) if row[0] == MOVED) + 1
    assert activities[0][6] == "Slutdatum"
    edit_cells(merged, "Aktiviteter", {f"E{r}": "Vänteläge", f"I{r}": "Inväntar besked."})
    again = collect(t1 / "inbox", workers=0)
    row = next(x for x in again.merged.rows if x.id == MOVED)
    assert (row.status, row.comment, row.end) == ("Vänteläge", "Inväntar besked.", date(2025, 3, 31))
    changes = sheet_rows(again.path, "Förändringar")
    assert ("Ny avvikelse", MOVED, "Pågående enligt plan", "Vänteläge") in [(c[0], c[2], c[4], c[5])
                                                                          for c in changes]


def test_changes_between_two_rounds_in_a_small_plan():
    from dataclasses import replace

    from malxl.history import changes
    from malxl.models import Answer

    from .conftest import small_plan

    before = "Tertial 1 2024"
    plan = replace(small_plan(period="Delår 2024"), history=(
        Answer("Årsredovisning 2023", "a", "S1", "Försenad", date(2024, 1, 1)),  # an older round: not compared
        Answer(before, "a", "S1", "Vänteläge", date(2024, 6, 30)),
        Answer(before, "a", "S2", "Pågående enligt plan", date(2024, 3, 31)),
        Answer(before, "a", "S3", "", None),  # not answered last time
        Answer(before, "a", "T1", "Försenad", date(2024, 12, 31)),
        Answer(before, "g", "1.1", "Delvis uppfyllt"), Answer(before, "g", "3.1", "Knappt uppfyllt"),
    ))
    rows = [("S1", "Skola", "Läsinsats", "pågående med avvikelse", date(2024, 6, 30)),  # deviation to deviation
            ("S2", "Skola", "Rastvärdar", "Avslutad enligt plan", date(2024, 3, 31)),
            ("S3", "Skola", "Elevhälsoplan", "Pågående enligt plan", date(2024, 9, 30)),
            ("T1", "Teknik", "Laddstolpar", "", date(2025, 3, 31)),  # not answered yet: only the date moved
            ("T9", "Teknik", "Nytt", "Pågående enligt plan", None)]
    found = changes(plan, rows, {"1.1": "Delvis uppfyllt", "3.1": "Ej uppfyllt", "1.2": "Uppfyllt"})
    assert [(c.kind, c.id, c.before, c.after) for c in found] == [
        ("status", "S1", "Vänteläge", "Pågående med avvikelse"),
        ("status", "S2", "Pågående enligt plan", "Avslutad enligt plan"),
        ("moved-date", "T1", "2024-12-31", "2025-03-31"),
        ("new-activity", "T9", "", "Pågående enligt plan"),
        ("assessment", "3.1", "Knappt uppfyllt", "Ej uppfyllt"),
    ]
    assert changes(small_plan(), rows, {}) == []


def test_an_edit_conflict_in_a_rolled_over_round_names_the_cell_where_the_comment_stands(rounds, tmp_path):
    """The merged sheet of a rolled-over round has Förra status after Status: the columns after it move one
    to the right, and a finding about the coordinator's comment names the Kommentar column, not its neighbour."""
    import shutil

    from .conftest import edit_cells

    root, _, rolled, second = rounds
    t1 = tmp_path / "t1"
    shutil.copytree(rolled.directory, t1)
    merged = t1 / "sammanstallning.xlsx"
    header = sheet_rows(merged, "Aktiviteter")[0]
    comment_col = "ABCDEFGHIJKLMNOP"[header.index("Kommentar")]
    r = next(i for i, row in enumerate(sheet_rows(merged, "Aktiviteter")) if row[0] == MOVED) + 1
    edit_cells(merged, "Aktiviteter", {f"{comment_col}{r}": "Samordnarens rättelse."})
    fills = tertial1_answers()
    status, end, _ = fills["Näringsliv"].answers[MOVED]
    resend = Filling(answers={MOVED: (status, end, "Avdelningens nya kommentar.")})
    blank = t1 / "utkorg" / "Näringsliv.xlsx"
    fill_workbook(blank, t1 / "inbox" / "Näringsliv v2.xlsx", resend, saved=datetime(2024, 4, 3, 9, 0))
    again = collect(t1 / "inbox", workers=0)
    conflicts = [(f.subject, f.sheet, f.cell) for f in again.findings if f.code == "edit-conflict"]
    assert (MOVED, "Aktiviteter", f"{comment_col}{r}") in conflicts
    assert header.index("Förra status") == header.index("Status") + 1  # the history column the cells skip
