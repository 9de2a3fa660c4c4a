"""The finding-code registry: every code the source names is registered, and the groups commands use are the
registry's own (a misspelt code would otherwise silently never match)."""

import ast
from pathlib import Path

from malxl import codes
from malxl.codes import REGISTRY, Code
from malxl.texts import CATALOGUES

PACKAGE = Path(__file__).resolve().parent.parent / "malxl"


def _named_codes(tree: ast.AST) -> list[tuple[str, int]]:
    """Every string the module uses as a finding code: ``finding("x", ...)``, ``Finding("x", ...)``,
    ``code="x"``, and comparisons of a ``code`` (``f.code == "x"``, ``f.code in ("x", "y")``)."""
    found = []

    def strings(node) -> list[ast.Constant]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return [node]
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return [e for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return []

    def is_code(node) -> bool:
        return (isinstance(node, ast.Attribute) and node.attr == "code") or (isinstance(node, ast.Name)
                                                                            and node.id == "code")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("finding", "Finding") and node.args:
                found += strings(node.args[0])
            found += [c for k in node.keywords if k.arg == "code" for c in strings(k.value)]
        elif isinstance(node, ast.Compare) and (is_code(node.left) or any(is_code(c) for c in node.comparators)):
            for side in (node.left, *node.comparators):
                found += strings(side)
    return [(c.value, c.lineno) for c in found]


def test_every_code_the_source_names_is_registered():
    unknown = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for code, line in _named_codes(ast.parse(path.read_text(encoding="utf-8"))):
            if code not in REGISTRY:
                unknown.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {code!r}")
    assert not unknown, "codes not in malxl/codes.py's REGISTRY:\n" + "\n".join(unknown)


def test_the_check_sees_a_misspelt_code():
    source = 'if f.code in ("missing-coment", "overdue"):\n    pass\nfinding("invalid-stauts")\n'
    assert [c for c, _ in _named_codes(ast.parse(source)) if c not in REGISTRY] == ["missing-coment",
                                                                                   "invalid-stauts"]


def test_each_record_is_whole():
    for name, record in REGISTRY.items():
        assert isinstance(record, Code) and record.name == name
        assert record.concerns in codes.CONCERNS, name
        assert record.fixed_by in (codes.DEPARTMENT, codes.COORDINATOR), name
        assert record.doc.strip(), name
        assert not record.marked or record.place, f"{name}: a marked code needs its place"
        for catalogue in CATALOGUES.values():  # its message, or a count's forms of it
            assert f"finding.{name}" in catalogue or f"finding.{name}.other" in catalogue, name


def test_the_groups_are_the_registrys():
    assert codes.ROW_CODES == {"missing-comment", "invalid-status", "missing-status", "invalid-date", "overdue",
                               "changed-date"}
    assert codes.ASSESSMENT_CODES == {"missing-assessment", "invalid-assessment"}
    assert codes.REMADE == {"edit-conflict", "deleted-activity", "assessment-evidence", "missing-value"}
    assert set(codes.PLACES) <= codes.FIX_CODES
    assert "edit-conflict" not in codes.FIX_CODES and "missing-submission" in codes.FIX_CODES
