"""The texts catalogue: every key once per language, in both languages, and every key the code asks for exists.

A key written twice in one dict literal is not an error in Python: the second text silently replaces the first,
so a message meant for one place shows in another. Only the source shows it, so the test reads the source.
"""

import ast
from pathlib import Path

import pytest

from malxl.texts import CATALOGUES, Texts

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "malxl" / "texts.py"


def _dict_literals(source: str) -> dict[str, ast.Dict]:
    """The module's top-level dict literals by the name they are assigned to."""
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Dict) and isinstance(node.target, ast.Name):
            names = [node.target.id]
        else:
            continue
        found.update({name: node.value for name in names})
    return found


def _repeated_keys(literal: ast.Dict) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    repeated = []
    for key in literal.keys:
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            if key.value in seen:
                repeated.append((key.value, key.lineno))
            seen.setdefault(key.value, key.lineno)
    return repeated


def _asked_keys() -> dict[str, str]:
    """Literal keys the code looks up: ``t("key")``, ``self.t("key")``, ``texts()("key")``, ``.all_languages("key")``."""
    asked = {}
    for path in (ROOT / "malxl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                continue
            func = node.func
            if ((isinstance(func, ast.Name) and func.id == "t")
                    or (isinstance(func, ast.Attribute) and func.attr in ("t", "all_languages"))
                    or (isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "texts")):
                asked.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return asked


def test_a_key_written_twice_in_one_language_is_caught():
    literal = _dict_literals('SV = {"a": "ett", "b": "två", "a": "tre"}\n')["SV"]
    assert _repeated_keys(literal) == [("a", 1)]


def test_no_language_writes_a_key_twice():
    literals = _dict_literals(TEXTS.read_text(encoding="utf-8"))
    assert {"SV", "EN"} <= set(literals)
    assert {name: _repeated_keys(literal) for name, literal in literals.items() if _repeated_keys(literal)} == {}


def test_every_key_is_in_both_languages():
    sv, en = CATALOGUES["sv"], CATALOGUES["en"]
    assert sorted(set(sv) - set(en)) == []
    assert sorted(set(en) - set(sv)) == []


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = _asked_keys()
    assert len(asked) > 100  # the scan finds the code's lookups (a scan finding none would pass for nothing)
    known = set().union(*CATALOGUES.values())
    known |= {key.rsplit(".", 1)[0] for key in known if key.endswith(".one")}  # a count's: asked for by its bare key
    assert {key: where for key, where in asked.items() if key not in known} == {}


def test_every_count_has_its_one_and_other_form_in_both_languages():
    for lang, table in CATALOGUES.items():
        counted = {key.rsplit(".", 1)[0] for key in table if key.endswith((".one", ".other"))}
        assert counted, lang
        assert sorted(k for k in counted if f"{k}.one" not in table or f"{k}.other" not in table) == [], lang
        assert sorted(k for k in counted if k in table) == [], lang  # the bare key would hide its forms


@pytest.mark.parametrize("lang, key, one, many", [
    ("sv", "report.summary_unassessed", " 1 utvecklingsmål är ännu inte bedömt.",
     " 3 utvecklingsmål är ännu inte bedömda."),
    ("en", "report.summary_unassessed", " 1 development goal is not yet assessed.",
     " 3 development goals are not yet assessed."),
    ("sv", "cli.next_errors", "Varning: x.xlsx har 1 fel kvar (a); det som rapporterades fördes över ändå.",
     "Varning: x.xlsx har 3 fel kvar (a); det som rapporterades fördes över ändå."),
    ("en", "cli.next_errors", "Warning: x.xlsx has 1 error left (a); what was reported was carried anyway.",
     "Warning: x.xlsx has 3 errors left (a); what was reported was carried anyway."),
])
def test_a_count_of_one_is_singular(lang, key, one, many):
    t = Texts(lang)
    fields = {"file": "x.xlsx", "codes": "a"}
    assert (t(key, count=1, **fields), t(key, count=3, **fields)) == (one, many)


def test_the_summary_line_counts_in_both_languages():
    from malxl.findings import finding, summary_line

    one_each = [finding("missing-comment", {"status": "x"}), finding("stray-cells", {"count": 1, "cells": "Z9"}),
                finding("changed-date", {"planned": "a", "end": "b"})]
    assert summary_line(one_each, Texts("sv")) == "Brister: 1 fel, 1 varning, 1 info."
    assert summary_line(one_each, Texts("en")) == "Findings: 1 error, 1 warning, 1 info."
    assert summary_line(one_each * 2, Texts("en")) == "Findings: 2 errors, 2 warnings, 2 info."
    assert summary_line(one_each * 2, Texts("sv")) == "Brister: 2 fel, 2 varningar, 2 info."
