"""`malxl feedback`: a return workbook and an email for each department that has something to fix.

The story: collect → feedback → the departments answer the returns → collect again, and the fixed
findings are gone.
"""

from __future__ import annotations

import email
import email.policy
import re
import shutil
import socket
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.collect import collect
from malxl.example import Filling, fill_workbook, fillings, load_data, set_saved_time, write_example
from malxl.feedback import feedback, read_findings
from malxl.generate import generate
from malxl.models import Department
from malxl.plan import read_plan
from malxl.read import identity_of, read_submission
from malxl.texts import texts
from malxl.workbook.xlsx import read_book

from .conftest import GOOD, Project, small_plan

# The test server asks for a login without TLS (there is no certificate on 127.0.0.1): that is the point.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RETURNED = datetime(2024, 1, 20, 8, 0)  # when the coordinator ran feedback (UTC): Sista svarsdag 2024-01-19 has
REPLY_BY = "2024-01-27"  # passed, so the reply date is a week later
MARK_FILL = "FFFFC7CE"
#: The column a department fixes for each code, by its header in the department workbook.
COLUMN = {"missing-comment": "Kommentar", "missing-status": "Status", "invalid-status": "Status",
          "invalid-date": "Slutdatum", "overdue": "Slutdatum", "missing-assessment": "Bedömning",
          "invalid-assessment": "Bedömning", "assessment-evidence": "Bedömning"}


# -- reading back what feedback wrote -----------------------------------------------------------------------

def notes(path: Path) -> dict[tuple[str, str], str]:
    """Every cell note in a workbook: {(sheet, cell): text}."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.comment.text for ws in wb.worksheets for row in ws.iter_rows()
            for c in row if c.comment}


def marked(path: Path) -> set[tuple[str, str]]:
    """Every cell with the red problem fill and a thick border."""
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.fill.fgColor.rgb == MARK_FILL and c.border.left.style == "thick"}


def cell_of(path: Path, sheet: str, subject: str, header: str) -> str:
    """Where ``subject``'s ``header`` column is in a workbook, found by id in column A and by header."""
    ws = openpyxl.load_workbook(path)[sheet]
    col = next(c.column_letter for c in ws[3] if c.value == header)
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == subject)
    return f"{col}{row}"


def answers(plan, path: Path):
    """What collect reads from a department workbook: rows and assessments by id."""
    book = read_book(path)
    sub = read_submission(plan, book, identity_of(book), path.name, texts("sv"))
    return ({r.id: (r.status, r.end, r.comment) for r in sub.rows},
            {a.goal_id: (a.level, a.analysis) for a in sub.assessments})


def message(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def todo_rows(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["Att åtgärda"]
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=5)]


# -- the Ånge example as first received ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def ange(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ange")
    write_example(folder, mistakes=True)
    collected = collect(folder / "inbox")
    result = feedback(collected.path, now=RETURNED)
    return folder, collected, result


def package(result, department):
    return next(p for p in result.packages if p.department == department)


def test_who_gets_what(ange):
    folder, _, result = ange
    assert [(p.department, p.kind, len(p.items)) for p in result.packages] == [
        ("Utbildning", "return", 1),  # left goal 2.1.2 unassessed
        ("Socialtjänst", "return", 1),  # Försenad without a comment
        ("Samhällsbyggnad", "return", 1),  # "hösten 2025"
        ("Kommunikation", "reminder", 0),  # has not answered
        ("Näringsliv", "return", 1),  # forgot a status
        ("Kommunledning", "return", 1),  # 2.3.1 Uppfyllt with A25 Pågående med avvikelse (assessment-evidence)
    ]
    # Nothing for those with nothing to fix, nor for what only the coordinator can act on
    # (Kommunledning's retyped title, Kultur och fritid's own activity, Utbildning's two files).
    assert sorted(p.name for p in (folder / "aterkoppling").iterdir()) == [
        "Kommunikation", "Kommunledning", "Näringsliv", "Samhällsbyggnad", "Socialtjänst", "Utbildning"]
    assert sorted(p.name for p in (folder / "aterkoppling" / "Socialtjänst").iterdir()) == [
        "Socialtjänst.eml", "Socialtjänst.xlsx"]


def test_the_marked_cells_and_their_notes(ange):
    _, _, result = ange
    assert notes(package(result, "Socialtjänst").workbook) == {
        ("Aktiviteter", "F14"): "Status Försenad kräver en kommentar. Skriv vad som avviker och vad som görs i Kommentar."}
    assert notes(package(result, "Samhällsbyggnad").workbook) == {
        ("Aktiviteter", "E13"): "Slutdatum saknas eller är inget giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-01-27."}
    assert notes(package(result, "Näringsliv").workbook) == {
        ("Aktiviteter", "D5"): "Status saknas. Välj en status i listan."}
    assert notes(package(result, "Utbildning").workbook) == {
        ("Målbedömning", "C5"): "Bedömning saknas. Välj en bedömning i listan och skriv en kort analys."}


def test_marks_match_the_findings_exactly(ange):
    """Every error or warning a department can fix in a cell is marked, found again by id and column."""
    _, collected, result = ange
    findings = read_findings(read_book(collected.path), texts("sv"))
    for p in result.returns:
        expected = {(f.sheet if f.sheet in ("Aktiviteter", "Målbedömning") else "Målbedömning",
                     cell_of(p.workbook, "Aktiviteter" if COLUMN[f.code] in ("Status", "Slutdatum", "Kommentar")
                             else "Målbedömning", f.subject, COLUMN[f.code]))
                    for f in findings if f.department == p.department and f.code in COLUMN and f.cell
                    and f.severity.value != "info"}
        assert set(notes(p.workbook)) == expected, p.department
        assert marked(p.workbook) == expected, p.department


def test_the_first_sheet_lists_what_to_do_with_links_to_the_cells(ange):
    _, _, result = ange
    path = package(result, "Socialtjänst").workbook
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Att åtgärda", "Instruktioner", "Aktiviteter", "Målbedömning", "Listor", "malxl"]
    assert wb.active.title == "Att åtgärda"
    ws = wb["Att åtgärda"]
    assert ws["A1"].value == "Att åtgärda: Socialtjänst"
    assert "Sista svarsdag: 2024-01-27." in ws["A2"].value
    assert [c.value for c in ws[4]] == ["Nr", "Allvarlighet", "Gäller", "Vad behöver göras", "Cell"]
    assert todo_rows(path) == [(1, "Fel", "A67 LSS yrkesresan",
                                "Status Försenad kräver en kommentar. Skriv vad som avviker och vad som görs i Kommentar.",
                                "Aktiviteter F14")]
    assert ws["E5"].hyperlink.location == "'Aktiviteter'!F14"
    assert ws.protection.sheet


def test_the_return_workbook_holds_what_the_department_sent(ange):
    folder, collected, result = ange
    plan = collected.merged.plan
    for p in result.returns:
        sent = folder / "inbox" / collected.merged.answered[p.department]
        assert answers(plan, p.workbook) == answers(plan, sent), p.department
    rows, _ = answers(plan, package(result, "Samhällsbyggnad").workbook)
    assert rows["A56"][1] == "hösten 2025"  # shown again as typed, marked, so it can be corrected


def validations(path: Path, sheet: str) -> dict[str, tuple]:
    ws = openpyxl.load_workbook(path)[sheet]
    return {str(dv.sqref): (dv.type, dv.formula1) for dv in ws.data_validations.dataValidation}


def test_the_return_workbook_is_the_departments_own(ange, tmp_path):
    """Same identity, dropdowns and protection as generate: collect takes it as the department's answer."""
    folder, collected, result = ange
    path = package(result, "Socialtjänst").workbook
    identity = identity_of(read_book(path))
    plan = collected.merged.plan
    assert (identity.organisation, identity.period, identity.department, identity.plan_version) == (
        "Ånge kommun", plan.settings.period, "Socialtjänst", plan.version("Socialtjänst"))
    wb = openpyxl.load_workbook(path)
    ws = wb["Aktiviteter"]
    assert ws.protection.sheet
    assert ws["F14"].protection.locked is False and ws["A14"].protection.locked is True
    assert wb["malxl"].sheet_state == "veryHidden"
    blank = generate(plan, tmp_path).written[plan.departments.index(plan.department("Socialtjänst"))]
    for sheet in ("Aktiviteter", "Målbedömning"):
        assert validations(path, sheet) == validations(blank, sheet)
    assert [kind for ref, (kind, _) in validations(path, "Aktiviteter").items() if ref.startswith("D4:")] == ["list"]


def test_collect_takes_the_return_as_the_newer_answer(ange, tmp_path):
    folder, _, result = ange
    shutil.copytree(folder / "inbox", tmp_path / "inbox")
    shutil.copy(folder / "plan.xlsx", tmp_path / "plan.xlsx")
    shutil.copy(package(result, "Socialtjänst").workbook, tmp_path / "inbox" / "Socialtjänst (retur).xlsx")
    again = collect(tmp_path / "inbox")
    assert again.merged.answered["Socialtjänst"] == "Socialtjänst (retur).xlsx"
    assert [(f.code, f.file, f.cell) for f in again.findings if f.department == "Socialtjänst"
            and f.code != "duplicate-submission"] == [("missing-comment", "Socialtjänst (retur).xlsx", "F14")]


def test_the_chase_loop(ange, tmp_path):
    """collect → feedback → the departments answer → collect: the fixed findings are gone."""
    folder, first, result = ange
    project = shutil.copytree(folder, tmp_path / "projekt")  # plan, inbox, merged workbook, aterkoppling/
    inbox = project / "inbox"
    fixes = {"Socialtjänst": ("Aktiviteter", {"F14": "Yrkesresan startar i mars när handledarna är utbildade."}),
             "Samhällsbyggnad": ("Aktiviteter", {"E13": datetime(2025, 8, 31)}),
             "Näringsliv": ("Aktiviteter", {"D5": "Avslutad enligt plan"}),
             "Utbildning": ("Målbedömning", {"C5": "Delvis uppfyllt", "D5": "Fler sökande i år."})}
    for i, (dept, (sheet, cells)) in enumerate(fixes.items()):
        answer = inbox / f"{dept} rättad.xlsx"
        wb = openpyxl.load_workbook(project / "aterkoppling" / dept / f"{dept}.xlsx")
        for ref, value in cells.items():
            wb[sheet][ref] = value
        wb.save(answer)
        set_saved_time(answer, datetime(2024, 1, 22, 9 + i, 0))
    good = fillings(load_data(), mistakes=False)["Kommunikation"]
    fill_workbook(project / "aterkoppling" / "Kommunikation" / "Kommunikation.xlsx", inbox / "Kommunikation.xlsx", good,
                  saved=datetime(2024, 1, 23, 10, 0))

    again = collect(inbox)
    assert len(again.merged.answered) == 8
    assert [f.code for f in again.findings if f.severity.value == "error"] == []
    assert {f.code for f in again.findings if f.department in fixes} <= {"duplicate-submission", "changed-date"}
    rows = {r.id: r for r in again.merged.rows}
    assert rows["A56"].end == date(2025, 8, 31)  # the fix
    assert rows["A67"].comment.startswith("Yrkesresan startar")
    def answered(merged, dept):
        return {r.id: (r.status, r.end, r.comment) for r in merged.rows if r.department == dept and r.id != "A56"}

    assert answered(again.merged, "Samhällsbyggnad") == answered(first.merged, "Samhällsbyggnad")  # came back as sent

    second = feedback(again.path, now=datetime(2024, 1, 24, 8, 0))
    # left: Kommunledning's 2.3.1, assessed Uppfyllt with an activity Pågående med avvikelse (not chased here)
    assert [(p.department, [i.finding.code for i in p.items]) for p in second.packages] == [
        ("Kommunledning", ["assessment-evidence"])]
    assert second.stale == ["Utbildning", "Socialtjänst", "Samhällsbyggnad", "Kommunikation", "Näringsliv"]


# -- the emails ---------------------------------------------------------------------------------------------

def test_the_email_draft_to_a_department_with_something_to_fix(ange):
    _, _, result = ange
    p = package(result, "Socialtjänst")
    raw = p.draft.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # RFC 5322 line endings
    m = message(p.draft)
    assert [a.addr_spec for a in m["To"].addresses] == ["lars.bergstrom@ange.se"]
    assert m["To"].addresses[0].display_name == "Lars Bergström"
    assert m["From"].addresses[0].addr_spec == "karin.holmberg@ange.se"
    assert m["Subject"] == "Målrapport Årsredovisning 2023: Socialtjänst behöver komplettera sitt svar"
    assert m["Date"] and m["Message-ID"] and m["X-Unsent"] == "1"
    body = m.get_body(("plain",)).get_content()
    assert body.startswith("Hej Lars Bergström!")
    assert ("- Aktiviteter F14 (A67 LSS yrkesresan): Status Försenad kräver en kommentar. "
            "Skriv vad som avviker och vad som görs i Kommentar.") in body
    assert "senast 2024-01-27" in body
    assert "Kontakta Karin Holmberg (karin.holmberg@ange.se)" in body
    [attachment] = list(m.iter_attachments())
    assert attachment.get_content_type() == XLSX
    assert attachment.get_filename() == "Socialtjänst.xlsx"
    assert attachment.get_content() == p.workbook.read_bytes()


def test_the_reminder_carries_the_blank_workbook(ange):
    _, collected, result = ange
    p = package(result, "Kommunikation")
    m = message(p.draft)
    assert [a.addr_spec for a in m["To"].addresses] == ["sara.lundgren@ange.se"]
    assert m["Subject"] == "Påminnelse: målrapport Årsredovisning 2023 för Kommunikation"
    body = m.get_body(("plain",)).get_content()
    assert "Vi har ännu inte fått svar från Kommunikation" in body and "senast 2024-01-27" in body
    [attachment] = list(m.iter_attachments())
    assert attachment.get_filename() == "Kommunikation.xlsx"
    wb = openpyxl.load_workbook(p.workbook)
    assert wb.sheetnames[0] == "Instruktioner"
    rows, assessments = answers(collected.merged.plan, p.workbook)
    assert {status for status, _, comment in rows.values()} == {""}
    assert {level for level, _ in assessments.values()} == {""}


def test_a_new_deadline(ange, tmp_path):
    _, collected, _ = ange
    result = feedback(collected.path, tmp_path / "ut", departments=["Näringsliv"], deadline=date(2024, 2, 2),
                      now=RETURNED)
    [p] = result.packages
    assert "senast 2024-02-02" in message(p.draft).get_body(("plain",)).get_content()
    assert "Sista svarsdag: 2024-02-02." in openpyxl.load_workbook(p.workbook)["Att åtgärda"]["A2"].value


def test_own_email_templates(ange, tmp_path):
    _, collected, _ = ange
    (tmp_path / "mallar" / "email").mkdir(parents=True)
    (tmp_path / "mallar" / "email" / "atgarda.txt").write_text(
        "Rätta {{ department }} ({{ items | length }})\n\nHej!\n{% for i in items %}* {{ i.where }}\n{% endfor %}",
        encoding="utf-8")
    result = feedback(collected.path, tmp_path / "ut", templates=tmp_path / "mallar", now=RETURNED)
    m = message(package(result, "Näringsliv").draft)
    assert m["Subject"] == "Rätta Näringsliv (1)"
    assert m.get_body(("plain",)).get_content().splitlines() == ["Hej!", "* Aktiviteter D5"]
    assert message(package(result, "Kommunikation").draft)["Subject"].startswith("Påminnelse")  # not overridden


# -- departments' text is never interpreted -----------------------------------------------------------------

HOSTILE = {
    "comment": '=HYPERLINK("http://evil.example/x","Klicka här")',
    "status": "<b>Klar</b> http://evil.example",
    "end": "http://evil.example/datum",
    "id": "=1+1",
    "title": "=cmd|' /C calc'!A0",
}


def put_text(path: Path, sheet: str, cells: dict[str, str]) -> None:
    """Type text into cells as Excel stores it after a leading apostrophe: text, even if it starts with =."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        cell = wb[sheet][ref]
        cell.value = value
        cell.data_type = "s"
    wb.save(path)


@pytest.fixture
def hostile(project):
    project.answer("Teknik")
    path = project.answer("Skola", Filling(
        answers={"S1": ("Försenad", date(2024, 6, 30), "x"), "S2": ("x", date(2024, 3, 31), ""),
                 "S3": ("Pågående enligt plan", "x", "")},
        assessments=GOOD["Skola"].assessments))
    put_text(path, "Aktiviteter", {"F4": HOSTILE["comment"], "D5": HOSTILE["status"], "E6": HOSTILE["end"],
                                   "A7": HOSTILE["id"], "C7": HOSTILE["title"], "D7": "Försenad"})
    set_saved_time(path, datetime(2024, 5, 10, 12, 0))
    collected = collect(project.inbox)
    return project, collected, feedback(collected.path, now=datetime(2024, 5, 12, 8, 0))


def test_department_text_stays_text_in_the_return_workbook(hostile):
    project, collected, result = hostile
    [p] = result.packages
    assert [(i.finding.code, i.cell) for i in p.items] == [
        ("invalid-status", "D5"), ("invalid-date", "E6"), ("missing-comment", "F7")]
    wb = openpyxl.load_workbook(p.workbook)
    ws = wb["Aktiviteter"]
    assert (ws["F4"].value, ws["F4"].data_type) == (HOSTILE["comment"], "s")
    assert (ws["A7"].value, ws["A7"].data_type) == (HOSTILE["id"], "s")
    assert (ws["C7"].value, ws["C7"].data_type) == (HOSTILE["title"], "s")
    formulas = [(s.title, c.coordinate) for s in wb.worksheets for row in s.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    links = [(s.title, c.coordinate, c.hyperlink.location, c.value) for s in wb.worksheets for row in s.iter_rows()
             for c in row if c.hyperlink]
    assert links == [("Att åtgärda", f"E{5 + i}", f"'Aktiviteter'!{cell}", f"Aktiviteter {cell}")
                     for i, cell in enumerate(["D5", "E6", "F7"])]
    for text in notes(p.workbook).values():
        assert "evil" not in text and "=" not in text
    # The added row is named on Att åtgärda as typed, but only as text.
    assert todo_rows(p.workbook)[2][2] == f"{HOSTILE['id']} {HOSTILE['title']}"


def test_department_text_never_reaches_an_email(hostile):
    _, _, result = hostile
    [p] = result.packages
    raw = p.draft.read_bytes().decode("ascii")
    body = message(p.draft).get_body(("plain",)).get_content()
    for text in (*HOSTILE.values(), "evil", "HYPERLINK", "<b>"):
        assert text not in body
        assert text not in str(message(p.draft)["Subject"])
    assert "- Aktiviteter F7 (en rad ni har lagt till): Status Försenad kräver en kommentar." in body
    assert "evil" not in raw.split("\r\n\r\n", 1)[0]


# -- sending over SMTP --------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """An SMTP server's handler that keeps what it receives and refuses addresses starting with "refuse"."""

    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                              email.message_from_bytes(envelope.original_content, policy=email.policy.default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"karin" and auth_data.password == b"hemligt"
        return AuthResult(success=ok, handled=False)

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    yield port, mailbox
    controller.stop()


def send_args(merged, out, port, *more):
    return ["feedback", str(merged), "-o", str(out), "--send", "--smtp-host", "127.0.0.1", "--smtp-port",
            str(port), "--no-smtp-starttls", "--smtp-user", "karin", *more]


def test_send_delivers_every_package_and_logs_it(ange, tmp_path, smtp_server):
    _, collected, _ = ange
    port, mailbox = smtp_server
    feedback(collected.path, tmp_path / "ut", now=RETURNED)  # drafts first, then the coordinator decides to send
    assert len(list((tmp_path / "ut").rglob("*.eml"))) == 6
    run = CliRunner().invoke(cli, send_args(collected.path, tmp_path / "ut", port),
                             env={"MALXL_SMTP_PASSWORD": "hemligt"})
    assert run.exit_code == 0, run.output
    assert [(sender, to, m["Subject"]) for sender, to, m in mailbox.received] == [
        ("karin.holmberg@ange.se", ["maria.sundqvist@ange.se"],
         "Målrapport Årsredovisning 2023: Utbildning behöver komplettera sitt svar"),
        ("karin.holmberg@ange.se", ["lars.bergstrom@ange.se"],
         "Målrapport Årsredovisning 2023: Socialtjänst behöver komplettera sitt svar"),
        ("karin.holmberg@ange.se", ["erik.nordin@ange.se"],
         "Målrapport Årsredovisning 2023: Samhällsbyggnad behöver komplettera sitt svar"),
        ("karin.holmberg@ange.se", ["sara.lundgren@ange.se"],
         "Påminnelse: målrapport Årsredovisning 2023 för Kommunikation"),
        ("karin.holmberg@ange.se", ["johan.edlund@ange.se"],
         "Målrapport Årsredovisning 2023: Näringsliv behöver komplettera sitt svar"),
        ("karin.holmberg@ange.se", ["helena.sjoberg@ange.se"],
         "Målrapport Årsredovisning 2023: Kommunledning behöver komplettera sitt svar"),
    ]
    _, _, m = mailbox.received[1]
    assert "Aktiviteter F14 (A67 LSS yrkesresan)" in m.get_body(("plain",)).get_content()
    [attachment] = list(m.iter_attachments())
    assert (attachment.get_filename(), attachment.get_content_type()) == ("Socialtjänst.xlsx", XLSX)
    assert attachment.get_content() == (tmp_path / "ut" / "Socialtjänst" / "Socialtjänst.xlsx").read_bytes()
    assert m["X-Unsent"] is None
    assert list((tmp_path / "ut").rglob("*.eml")) == []  # sent, so no drafts left to send twice
    log = (tmp_path / "ut" / "skickat.log").read_text(encoding="utf-8").splitlines()
    assert log[0] == "tid\tresultat\tmottagare\tämne\tbilaga"
    assert [line.split("\t")[1:] for line in log[1:3]] == [
        ["skickat", "maria.sundqvist@ange.se", "Målrapport Årsredovisning 2023: Utbildning behöver komplettera sitt svar",
         "Utbildning.xlsx"],
        ["skickat", "lars.bergstrom@ange.se", "Målrapport Årsredovisning 2023: Socialtjänst behöver komplettera sitt svar",
         "Socialtjänst.xlsx"]]
    assert len(log) == 7
    assert "hemligt" not in run.output and "hemligt" not in "\n".join(log)
    assert "Skickat till lars.bergstrom@ange.se" in run.output


def test_a_refused_recipient_keeps_its_draft_and_exits_1(tmp_path, smtp_server):
    port, mailbox = smtp_server
    plan = small_plan()
    plan = replace(plan, departments=(Department("Skola", "Sara Skog", "sara@testby.se"),
                                      Department("Teknik", "Tor Teknik", "refuse@testby.se")))
    project = Project(tmp_path, plan)
    project.answer("Skola", Filling(answers={**GOOD["Skola"].answers, "S1": ("Försenad", date(2024, 6, 30), "")},
                                    assessments=GOOD["Skola"].assessments))
    merged = collect(project.inbox).path  # Teknik has not answered
    run = CliRunner().invoke(cli, send_args(merged, tmp_path / "ut", port), env={"MALXL_SMTP_PASSWORD": "hemligt"})
    assert run.exit_code == 1, run.output
    assert [to for _, to, _ in mailbox.received] == [["sara@testby.se"]]
    assert sorted(p.name for p in (tmp_path / "ut").rglob("*.eml")) == ["Teknik.eml"]
    assert "Kunde inte skicka till refuse@testby.se: 550 5.1.1 Mailbox unavailable" in run.output
    log = (tmp_path / "ut" / "skickat.log").read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[1] for line in log[1:]] == ["skickat", "misslyckades: 550 5.1.1 Mailbox unavailable"]


def test_the_password_comes_from_the_environment_only(ange, tmp_path, smtp_server):
    _, collected, _ = ange
    port, mailbox = smtp_server
    run = CliRunner().invoke(cli, send_args(collected.path, tmp_path / "ut", port), env={"MALXL_SMTP_PASSWORD": ""})
    assert run.exit_code == 2
    assert "MALXL_SMTP_PASSWORD" in run.output
    run = CliRunner().invoke(cli, send_args(collected.path, tmp_path / "ut", port), env={"MALXL_SMTP_PASSWORD": "fel"})
    assert run.exit_code == 2
    assert "godtog inte inloggningen för karin" in run.output
    assert mailbox.received == []
    run = CliRunner().invoke(cli, send_args(collected.path, tmp_path / "ut", port, "--smtp-password", "hemligt"))
    assert run.exit_code == 2 and "Det finns ingen flagga --smtp-password." in run.output


def test_starttls_is_on_by_default(ange, tmp_path, smtp_server):
    """A server without STARTTLS is refused rather than sent a password in clear."""
    _, collected, _ = ange
    port, mailbox = smtp_server
    args = [a for a in send_args(collected.path, tmp_path / "ut", port) if a != "--no-smtp-starttls"]
    run = CliRunner().invoke(cli, args, env={"MALXL_SMTP_PASSWORD": "hemligt"})
    assert run.exit_code == 2
    assert "Kan inte ansluta till e-postservern 127.0.0.1" in run.output
    assert mailbox.received == []


# -- the command ----------------------------------------------------------------------------------------------

def test_the_cli_writes_drafts_and_says_where(ange, tmp_path):
    _, collected, _ = ange
    run = CliRunner().invoke(cli, ["feedback", str(collected.path), "-o", str(tmp_path / "ut"), "-d", "Näringsliv"])
    assert run.exit_code == 0, run.output
    assert run.output.splitlines()[0] == f"Näringsliv: 1 att åtgärda → {tmp_path / 'ut' / 'Näringsliv'}"
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["Näringsliv"]


def test_nothing_to_send(tmp_path):
    project = Project(tmp_path, small_plan())
    project.answer_all()
    merged = collect(project.inbox).path
    run = CliRunner().invoke(cli, ["feedback", str(merged)])
    assert run.exit_code == 0
    assert "Ingen avdelning har något att åtgärda" in run.output
    assert not (tmp_path / "aterkoppling").exists()


def test_errors_that_stop_the_run(ange, tmp_path):
    folder, collected, _ = ange
    run = CliRunner().invoke(cli, ["feedback", str(folder / "plan.xlsx"), "-o", str(tmp_path / "ut")])
    assert run.exit_code == 2 and "ingen sammanställning" in run.output
    run = CliRunner().invoke(cli, ["feedback", str(collected.path), "-o", str(tmp_path / "ut"), "-d", "Skola"])
    assert run.exit_code == 2 and "Avdelningen 'Skola' finns inte i planen" in run.output
    (tmp_path / "mallar").mkdir()
    (tmp_path / "mallar" / "paminnelse.txt").write_text("Hej {{ okänt_fält }}\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["feedback", str(collected.path), "-o", str(tmp_path / "ut"),
                                   "--templates", str(tmp_path / "mallar")])
    assert run.exit_code == 2 and "E-postmallen paminnelse.txt går inte att använda" in run.output
    run = CliRunner().invoke(cli, ["feedback", str(collected.path), "--send"])
    assert run.exit_code == 2 and "--smtp-host" in run.output


def test_help_ends_with_an_example():
    run = CliRunner().invoke(cli, ["feedback", "--help"])
    assert run.exit_code == 0
    assert "Exempel: malxl feedback sammanstallning.xlsx -o aterkoppling" in run.output


def test_a_formula_left_without_a_value_is_sent_back_to_fix(tmp_path):
    project = Project(tmp_path, small_plan())
    project.answer("Teknik")
    path = project.answer("Skola")
    wb = openpyxl.load_workbook(path)
    wb["Aktiviteter"]["F4"] = '=CONCATENATE("Går ", "bra.")'  # openpyxl saves no cached value
    wb.save(path)
    merged = collect(project.inbox).path
    result = feedback(merged, tmp_path / "ut", now=RETURNED)
    assert [p.department for p in result.packages] == ["Skola"]
    rows = todo_rows(result.packages[0].workbook)
    assert [r[2].split(" ")[0] for r in rows] == ["S1"]
    assert "Aktiviteter F4" in rows[0][3]  # where it was in their answer
