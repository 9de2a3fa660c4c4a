"""How malxl's modules import one another: at the top of a module, and the commands only from the command line.

Read from the source with ``ast``: an import anywhere in a module counts, in a function or not.
"""

import ast
from pathlib import Path

import pytest

import malxl

PACKAGE = Path(malxl.__file__).parent
#: The modules of the commands a coordinator types (``malxl next`` is nextround); cli.py sits on top of them.
COMMANDS = {f"malxl.{name}" for name in ("init", "generate", "collect", "status", "feedback", "report", "nextround",
                                                     "kolada")}


def module_name(path: Path) -> str:
    return ".".join(("malxl", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def malxl_imports(node: ast.AST, module: str) -> list[str]:
    """The malxl modules (or names in them) an import statement takes, spelled absolutely: ``from .x import y``
    in malxl.collect gives ``malxl.x`` and ``malxl.x.y``; ``import json`` gives nothing."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "malxl"]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        base = node.module or ""
        if base.split(".")[0] != "malxl":
            return []
    else:
        package = module.split(".")
        if MODULES[module].name != "__init__.py":
            package = package[:-1]
        package = package[:len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    return [base] + [f"{base}.{a.name}" for a in node.names]


def imports_in_functions(module: str) -> list[tuple[int, str]]:
    """Each import of malxl inside a function of ``module``: its line and what it imports."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for node in ast.walk(function):
                names = malxl_imports(node, module)
                if names:
                    found.add((node.lineno, names[0]))
    return sorted(found)


def imported_modules(module: str) -> set[str]:
    """Every malxl module ``module`` imports, wherever the import stands."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    return {name for node in ast.walk(tree) for name in malxl_imports(node, module) if name in MODULES}


def test_the_modules_are_found():
    assert {"malxl.cli", "malxl.rules", "malxl.workbook.xlsx", "malxl.render.model"} <= set(MODULES)
    assert COMMANDS <= set(MODULES)
    assert imported_modules("malxl.collect") >= {"malxl.inbox", "malxl.merged", "malxl.workbook.xlsx"}
    assert imported_modules("malxl.workbook.preflight") >= {"malxl.texts", "malxl.workbook.ooxml"}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_malxl_is_imported_at_the_top_of_a_module(module):
    """No module of malxl imports another inside a function: what a module needs is seen at its top, and an
    import cycle is not hidden in a function body (third-party libraries may load lazily)."""
    found = imports_in_functions(module)
    assert not found, "\n".join(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}: imports {name} inside a "
                                f"function" for line, name in found)


@pytest.mark.parametrize("module", sorted(set(MODULES) - {"malxl.cli"}))
def test_only_the_command_line_imports_the_commands(module):
    """A command never imports another (what two commands share lives in a module of its own: rules, inbox,
    project, department ...), nor does any module below them: only cli.py calls the commands."""
    others = imported_modules(module) & (COMMANDS - {module})
    assert not others, f"{module} imports {', '.join(sorted(others))}"


def test_the_merge_rules_read_and_write_no_file():
    """rules.py is pure: it takes what was read and gives what is to be written. It imports no module that reads
    or writes files (from merged.py only its records and constants), and opens nothing."""
    readers = {"os", "io", "pathlib", "shutil", "tempfile", "subprocess", "malxl.archive", "malxl.inbox",
               "malxl.plan", "malxl.workbook.xlsx", "malxl.workbook.outputs", "malxl.workbook.bulkxlsx",
               "malxl.workbook.isolate"}
    tree = ast.parse(MODULES["malxl.rules"].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not {a.name for a in node.names} & readers
        elif isinstance(node, ast.ImportFrom):
            names = malxl_imports(node, "malxl.rules") or [node.module or ""]
            assert names[0] not in readers, f"rules.py:{node.lineno} imports {names[0]}"
            if names[0] == "malxl.merged":
                assert all(a.name[0].isupper() for a in node.names), f"rules.py:{node.lineno}: a record, not a reader"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id != "open", f"rules.py:{node.lineno} opens a file"


def test_a_command_starts_without_loading_the_libraries_that_write_documents():
    """Every command imports every module (at the top, above), so a library a module loads at its top is on the
    start of `malxl --help` too: python-docx, lxml, xlsxwriter, openpyxl, jinja2 and urllib (with http and ssl)
    load where a document is written or Kolada asked."""
    import subprocess
    import sys

    heavy = ["docx", "lxml", "xlsxwriter", "openpyxl", "jinja2", "pandas", "ssl"]
    code = f"import sys, malxl.cli; print([m for m in {heavy!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
