"""The texts catalogue: every key once per language, in both languages, and every key the code asks for exists.

A key written twice in one dict literal is not an error in Python: the second text silently replaces the first,
so a message meant for one place shows in another. Only the source shows it, so the test reads the source.
"""

import ast
from pathlib import Path

from malxl.texts import CATALOGUES

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
    assert {key: where for key, where in asked.items() if key not in known} == {}
