"""Merging is a pure function: whatever ids departments reuse and in whatever order files come, nothing is lost.

``malxl.rules.merge`` takes the plan, what each department sent and the
previous merged workbook's state, and returns the merged rows and findings
without touching a file. These tests call it directly. The property test
draws answers whose added rows reuse other departments' ids, each other's ids,
ids of rows the coordinator added by hand and even the ids a rename would
make; it merges them in two random file orders under different file names, and
checks with its own bookkeeping (no malxl helper) that every answer is on its
own department's row, every added row is there exactly once, and no two rows
share an id.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from malxl.rules import merge
from malxl.merged import Previous, RowRecord
from malxl.models import Activity, ActivityRow, Department, Goal, KFGoal, Plan, Settings, Submission
from malxl.texts import texts

T = texts("sv")
PLAN = Plan(
    settings=Settings("Testby kommun", "Tertial 1 2024", date(2024, 4, 30)),
    kf_goals=(KFGoal("1", "Skola"), KFGoal("2", "Miljö")),
    goals=(Goal("1.1", "Behöriga elever", "1", "Skola"), Goal("2.1", "Utsläpp", "2", "Teknik")),
    activities=(
        Activity("S1", "Läsinsats", "Skola", ("1.1",), date(2024, 6, 30)),
        Activity("S2", "Rastvärdar", "Skola", ("1.1",)),
        Activity("T1", "Laddstolpar", "Teknik", ("2.1",), date(2024, 12, 31)),
        Activity("K1", "Ekologiskt", "Kost", ("2.1",)),
        Activity("A01", "Utbildningsdag", "Utbildning", ("1.1",)),
    ),
    departments=(Department("Skola"), Department("Teknik"), Department("Kost"), Department("Utbildning")),
)
DEPARTMENTS = [d.name for d in PLAN.departments]
PLANNED = {"S1": "Skola", "S2": "Skola", "T1": "Teknik", "K1": "Kost", "A01": "Utbildning"}  # written out here
STATUSES = ["", "Pågående enligt plan", "Försenad", "Avslutad enligt plan"]
# Ids an added row may carry: every planned id, ids several departments may pick, ids of rows the
# coordinator added by hand, and the very ids a rename makes.
ADDED_IDS = [*PLANNED, "X1", "X2", "H1", "T1 (Skola)", "A01 (Kost)", "X1 (Teknik)"]


@st.composite
def rounds(draw):
    """What each department sent (or not), and the rows the coordinator added by hand before."""
    sent = {}
    for dept in DEPARTMENTS:
        if not draw(st.booleans()):
            continue
        own = [aid for aid, owner in PLANNED.items() if owner == dept]
        answers = {aid: (draw(st.sampled_from(STATUSES)), draw(st.text("abc ", max_size=4))) for aid in own}
        ids = draw(st.lists(st.sampled_from([i for i in ADDED_IDS if i not in own]), unique=True, max_size=5))
        added = [(aid, f"{dept}:{n}", draw(st.sampled_from(STATUSES)),
                  tuple(draw(st.lists(st.sampled_from(["1.1", "2.1"]), unique=True, max_size=2))))
                 for n, aid in enumerate(ids)]
        sent[dept] = (answers, added)
    by_hand = draw(st.lists(st.tuples(st.sampled_from(["H1", "X1", "X9"]), st.sampled_from(["Samordnare", "Skola"])),
                            unique_by=lambda x: x[0], max_size=2))
    return sent, by_hand


def submissions(sent: dict, names: dict[str, str]) -> dict[str, Submission]:
    """Fresh Submission objects (merge may update its rows), as read_received makes them."""
    chosen = {}
    for dept, (answers, added) in sent.items():
        file = names[dept]
        sub = Submission(dept, file, None, activity_ids_sent=tuple(answers))
        for aid, (status, comment) in answers.items():
            sub.rows.append(ActivityRow(aid, "", dept, (), None, status, None, comment, file))
        for aid, title, status, goals in added:
            sub.rows.append(ActivityRow(aid, title, dept, goals, None, status, None, "", file, added=True))
        chosen[dept] = sub
    return chosen


def previous(by_hand: list) -> Previous | None:
    if not by_hand:
        return None
    prev = Previous()
    for aid, dept in by_hand:
        prev.order.append(aid)
        prev.rows[aid] = RowRecord(dept, (), f"för hand {aid}", "", None, None, "", "")
    return prev


def content(merged) -> list[tuple]:
    return [(r.id, r.department, r.title, r.status, r.comment, r.goal_ids) for r in merged.rows]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(round_=rounds(), data=st.data())
def test_nothing_sent_is_lost_or_misplaced_whatever_the_ids_and_the_order(round_, data):
    sent, by_hand = round_
    order = data.draw(st.permutations(sorted(sent)))
    names = {dept: data.draw(st.sampled_from(["a.xlsx", "b.xlsx", "z.xlsx"])) + dept for dept in sent}
    chosen = submissions(sent, names)
    shuffled = {dept: chosen[dept] for dept in order}
    merged = merge(PLAN, shuffled, [], [], T, previous(by_hand))

    ids = [r.id for r in merged.rows]
    assert len(ids) == len(set(ids))  # never two rows with one id
    rows = {r.id: r for r in merged.rows}
    # Every planned activity is on one row, of its own department, holding that department's answer only.
    for aid, owner in PLANNED.items():
        row = rows[aid]
        assert row.department == owner and not row.added
        status, comment = sent[owner][0][aid] if owner in sent else ("", "")
        assert (row.status, row.comment) == (status, comment)
    # Every added row is there exactly once, under its own department, with what it said.
    expected = Counter((dept, title, status, goals) for dept, (_, added) in sent.items()
                       for _, title, status, goals in added)
    found = Counter((r.department, r.title, r.status, r.goal_ids) for r in merged.rows if ":" in r.title)
    assert found == expected
    # An added row keeps its id unless someone else holds it; then a foreign-id names the old and the new id.
    holders = Counter(list(PLANNED))
    holders.update(aid for aid, _ in by_hand)
    for dept, (_, added) in sent.items():
        holders.update(aid for aid, *_ in added)
    renamed = {(f.department, f.subject) for f in merged.findings if f.code == "foreign-id"}
    for dept, (_, added) in sent.items():
        for aid, title, *_ in added:
            row = next(r for r in merged.rows if r.title == title)
            if row.id != aid:
                assert holders[aid] > 1 and (dept, row.id) in renamed
            else:
                assert aid not in PLANNED
    # The coordinator's rows are kept (or are the same department's row of that id).
    for aid, dept in by_hand:
        assert any(r.id == aid and r.department == dept for r in merged.rows)
    # Unanswered departments: one missing-submission each.
    missing = sorted(f.department for f in merged.findings if f.code == "missing-submission")
    assert missing == sorted(set(DEPARTMENTS) - set(sent))

    # The same answers in another order under other file names: the same merged content.
    again = {dept: sub for dept, sub in reversed(submissions(sent, {d: f"x-{d}.xlsx" for d in sent}).items())}
    assert content(merge(PLAN, again, [], [], T, previous(by_hand))) == content(merged)


def test_a_reused_id_goes_to_its_sender_under_a_new_id():
    chosen = submissions({"Utbildning": ({"A01": ("Försenad", "Utbildnings svar")}, []),
                          "Kost": ({"K1": ("Pågående enligt plan", "")},
                                   [("A01", "Kost:0", "Vänteläge", ("1.1",))])},
                         {"Utbildning": "utb.xlsx", "Kost": "kost.xlsx"})
    merged = merge(PLAN, chosen, [], [], T)
    rows = {r.id: r for r in merged.rows}
    assert (rows["A01"].department, rows["A01"].status, rows["A01"].comment) == ("Utbildning", "Försenad",
                                                                                 "Utbildnings svar")
    assert (rows["A01 (Kost)"].department, rows["A01 (Kost)"].title) == ("Kost", "Kost:0")
    assert [(f.code, f.department, f.file, f.subject) for f in merged.findings if f.code == "foreign-id"] == [
        ("foreign-id", "Kost", "kost.xlsx", "A01 (Kost)")]
    assert [f.params for f in merged.findings if f.code == "foreign-id"] == [
        {"activity": "A01", "owner": "Utbildning", "new": "A01 (Kost)"}]


def test_an_untouched_workbook_is_one_finding_and_no_answer():
    chosen = submissions({"Skola": ({"S1": ("", ""), "S2": ("", "")}, [])}, {"Skola": "Skola.xlsx"})
    chosen["Skola"].untouched = True
    merged = merge(PLAN, chosen, [], [], T)
    assert [(f.code, f.file) for f in merged.findings if f.department == "Skola"] == [
        ("empty-submission", "Skola.xlsx")]
    assert "Skola" not in merged.answered
    assert not [r for r in merged.rows if r.answered]
