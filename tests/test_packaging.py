"""What a wheel holds: every package of malxl and every module it imports is installed, not only in a checkout."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    folders = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "malxl").rglob("__init__.py")}
    assert set(config["packages"]) == folders | {"malxl.templates", "malxl.docs"}
    assert config["package-dir"] == {"malxl.templates": "templates", "malxl.docs": "docs"}


def test_the_guide_is_in_the_wheel():
    """malxl init puts the guide in the project folder: the wheel must hold it (docs/ as the package malxl.docs)."""
    from malxl.init import guide_source

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert guide_source().name in config["package-data"]["malxl.docs"]
    assert (ROOT / config["package-dir"]["malxl.docs"] / guide_source().name).is_file()


def test_malxl_never_imports_pandas_and_imports_every_dependency_it_declares():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    imported = set()
    for path in (ROOT / "malxl").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    assert "pandas" not in imported
    module_of = {"python-calamine": "python_calamine", "python-docx": "docx", "pypdf": "pypdf"}
    declared = {d.split(">")[0].split("=")[0].strip() for d in config["dependencies"]}
    assert {name for name in declared if module_of.get(name, name) not in imported} == set()
