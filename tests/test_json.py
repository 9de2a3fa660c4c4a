"""`--json`: collect, status and report as a script reads them, on the Ånge example.

A script gets one JSON document on stdout and nothing else there; its counts are the summary line's, every
finding has its place, code, message (in the language asked for) and parameters, and the exit code is the
one the command gives without --json.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.example import write_example
from malxl.findings import summary
from malxl.status import status
from malxl.texts import Texts

FIELDS = {"code", "severity", "department", "file", "sheet", "cell", "subject", "key", "message", "params"}
SUMMARY = {"sv": re.compile(r"^Brister: (\d+) fel, (\d+) varning(?:ar)?, (\d+) info\.$", re.M),
           "en": re.compile(r"^Findings: (\d+) errors?, (\d+) warnings?, (\d+) info\.$", re.M)}


def run(*args, lang="sv"):
    return CliRunner().invoke(cli, ["--lang", lang, *map(str, args)], catch_exceptions=False)


def counts(output: str, lang="sv") -> dict[str, int]:
    """The numbers of the one summary line a command prints without --json."""
    (line,) = SUMMARY[lang].findall(output)
    return dict(zip(("errors", "warnings", "infos"), map(int, line), strict=True))


def document(result) -> dict:
    """The JSON document on stdout: nothing else is there (json.loads would fail on a line of text)."""
    return json.loads(result.stdout)


def assert_findings(doc: dict, lang: str) -> None:
    """Every finding has its fields, a severity counted in the summary, and its message in ``lang``."""
    t = Texts(lang)
    assert doc["lang"] == lang
    assert [f["severity"] for f in doc["findings"]].count("error") == doc["summary"]["errors"]
    assert [f["severity"] for f in doc["findings"]].count("warning") == doc["summary"]["warnings"]
    assert [f["severity"] for f in doc["findings"]].count("info") == doc["summary"]["infos"]
    for f in doc["findings"]:
        assert set(f) == FIELDS, f
        assert all(isinstance(v, str | int | float | bool | None) for v in f["params"].values()), f
        # the message is the code's catalogue text in that language, its parameters (words included) filled in
        assert f["message"] == t(f["key"], **f["params"]), f


@pytest.fixture
def ange(tmp_path, monkeypatch):
    """The Ånge inbox as first received: Kommunikation silent, Utbildning twice, a lock file, a few mistakes."""
    monkeypatch.delenv("MALXL_LANG", raising=False)
    write_example(tmp_path / "a", mistakes=True)
    return tmp_path / "a"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_collect_json_counts_as_its_summary_line_and_names_the_workbook_and_the_departments(ange, tmp_path, lang):
    write_example(tmp_path / "b", mistakes=True)  # the same inbox, collected without --json
    plain = run("collect", tmp_path / "b" / "inbox", lang=lang)
    result = run("collect", ange / "inbox", "--json", lang=lang)
    assert result.exit_code == plain.exit_code == 1
    doc = document(result)
    assert doc["summary"] == counts(plain.output, lang) == {"errors": 3, "warnings": 7, "infos": 4}
    assert_findings(doc, lang)
    assert doc["merged"] == str(ange / "sammanstallning.xlsx") and doc["backup"] is None
    assert [d["department"] for d in doc["answered"]] == ["Utbildning", "Socialtjänst", "Samhällsbyggnad",
                                                          "Näringsliv", "Kultur och fritid", "Kost och upphandling",
                                                          "Kommunledning"]
    assert {"department": "Utbildning", "file": "Utbildning.xlsx"} in doc["answered"]
    assert doc["not_answered"] == ["Kommunikation"]
    again = document(run("collect", ange / "inbox", "--json", lang=lang))
    assert again["backup"] and again["backup"].startswith(str(ange))


def test_collect_json_in_english_words_its_messages_and_their_parameters_in_english(ange):
    doc = document(run("collect", ange / "inbox", "--json", lang="en"))
    missing = next(f for f in doc["findings"] if f["code"] == "missing-comment")
    assert missing["message"] == Texts("en")("finding.missing-comment", **missing["params"])
    assert missing["message"] != Texts("sv")("finding.missing-comment", **missing["params"])
    assert (missing["department"], missing["file"], missing["sheet"]) == (
        "Socialtjänst", "Socialtjänst.xlsx", "Aktiviteter")
    assert re.fullmatch(r"[A-Z]+\d+", missing["cell"]) and missing["subject"]
    changed = next(f for f in doc["findings"] if f["code"] == "changed-text")
    assert changed["params"]["column"] == Texts("en")("col.activity")  # a Text parameter, in English words


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_status_json_counts_as_its_summary_line_with_each_department_and_the_days_left(ange, lang):
    plain = run("status", ange / "inbox", lang=lang)
    result = run("status", ange / "inbox", "--json", lang=lang)
    assert result.exit_code == plain.exit_code == 1
    doc = document(result)
    assert doc["summary"] == counts(plain.output, lang)
    assert_findings(doc, lang)
    seen = status(ange / "inbox")
    assert doc["summary"] == summary(seen.counted)
    assert [(d["name"], d["answered"], d["file"], d["errors"], d["warnings"]) for d in doc["departments"]] == [
        (d.name, d.answered, d.file or None, d.errors, d.warnings) for d in seen.departments]
    kommunikation = next(d for d in doc["departments"] if d["name"] == "Kommunikation")
    assert kommunikation["file"] is None and kommunikation["saved"] is None
    assert doc["deadline"] == "2024-01-19"
    assert doc["days_left"] == (date(2024, 1, 19) - date.fromisoformat(doc["today"])).days
    assert not (ange / "sammanstallning.xlsx").exists()  # status writes nothing, --json or not


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_report_json_counts_as_its_summary_line_and_names_the_written_files(ange, lang):
    run("collect", ange / "inbox")
    merged = ange / "sammanstallning.xlsx"
    plain = run("report", merged, "-o", ange / "r1", lang=lang)
    result = run("report", merged, "-o", ange / "r2", "--json", lang=lang)
    assert result.exit_code == plain.exit_code == 1
    doc = document(result)
    assert doc["summary"] == counts(plain.output, lang)
    assert_findings(doc, lang)
    assert doc["paths"] == [str(ange / "r2" / name) for name in ("rapport.xlsx", "rapport.html", "rapport.docx")]
    assert doc["stale"] is False
    assert doc["goals"]["total"] == 21


def test_json_on_a_windows_console_is_ascii_and_reads_back_whole(ange):
    """A console that shows only cp1252 (no arrow, no en dash): the document is ASCII, å and all as escapes."""
    env = dict(os.environ, PYTHONIOENCODING="cp1252", MALXL_LANG="sv")
    done = subprocess.run([sys.executable, "-m", "malxl.cli", "status", str(ange / "inbox"), "--json"],
                          env=env, capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr.decode("cp1252")
    assert done.stdout.isascii()
    doc = json.loads(done.stdout)
    assert "Socialtjänst" in [d["name"] for d in doc["departments"]]
    assert any("→" in f["message"] or "å" in f["message"] for f in doc["findings"])


def test_a_stale_merged_workbook_is_a_field_not_a_line_of_text(ange):
    """The coordinator fixed a status in the merged workbook: status and report say so as `stale`, and stdout
    is still the document alone (without --json they print a notice there)."""
    run("collect", ange / "inbox")
    merged = ange / "sammanstallning.xlsx"
    wb = openpyxl.load_workbook(merged)
    ws = wb["Aktiviteter"]
    status_col = next(c.column for c in ws[1] if c.value == "Status")
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "A39")  # Näringsliv forgot it
    ws.cell(row, status_col).value = "Avslutad enligt plan"
    wb.save(merged)
    for args in (("status", ange / "inbox"), ("report", merged, "-o", ange / "r")):
        plain = run(*args)
        doc = document(run(*args, "--json"))
        assert doc["stale"] is True
        assert doc["summary"] == counts(plain.output) and doc["summary"]["errors"] == 2
