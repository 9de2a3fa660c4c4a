"""The documents hold to the code, as sqlite-utils holds its docs to --help (cog and its test_docs.py).

The command references (docs/commands.md, docs/kommandon.md) and the tables of docs/findings.md are written by
``python docs/generate.py``; these tests fail when a committed file is not what it writes now, when a command
or option is missing from a reference or worded otherwise than ``--help`` words it, when a relative link leads
nowhere, and when the README stops being a front page.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from malxl.cli import cli
from malxl.codes import REGISTRY
from malxl.texts import Texts

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "python docs/generate.py"


def _load_generator():
    spec = importlib.util.spec_from_file_location("malxl_docs_generate", ROOT / "docs" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load_generator()

#: Each command reference, with the language its --help is asked in.
REFERENCES = {"sv": ROOT / "docs" / "kommandon.md", "en": ROOT / "docs" / "commands.md"}


# -- generated and current ---------------------------------------------------------------------------------------------

def test_the_generated_documents_are_current():
    stale = [str(path.relative_to(ROOT)) for path, text in generate.generated().items()
             if path.read_text(encoding="utf-8") != text]
    assert not stale, f"{', '.join(stale)} not as the code says now: run {REGENERATE}"


def test_every_finding_code_says_when_it_is_raised():
    undocumented = sorted(code for code, record in REGISTRY.items() if not record.doc.strip())
    assert not undocumented, f"give {undocumented} their doc line in malxl/codes.py, then run {REGENERATE}"


def test_a_part_without_its_markers_is_named(tmp_path):
    (tmp_path / "docs").mkdir()
    for relative, _ in generate.PARTS.values():
        (tmp_path / relative).write_text("# hand-written only\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="markers"):
        generate.generated(tmp_path)


# -- every command, every option, in --help's words ------------------------------------------------------------------

def commands(ctx: click.Context):
    """Every command under ``ctx``'s (the group included), each with its context, walked as click finds them."""
    yield ctx
    group = ctx.command
    if isinstance(group, click.Group):
        for name in group.list_commands(ctx):
            sub = group.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from commands(click.Context(sub, info_name=name, parent=ctx))


ALL = [ctx.command_path for ctx in commands(click.Context(cli, info_name="malxl", **cli.context_settings))]


def section(reference: Path, command_path: str) -> str:
    """The reference's section for one command: its heading to the next."""
    text = reference.read_text(encoding="utf-8")
    heading = f"\n## {command_path}\n"
    assert heading in text, f"{command_path} is not in {reference.name}: run {REGENERATE}"
    body = text.split(heading, 1)[1]
    return re.split(r"\n## |\n<!-- END generated", body, maxsplit=1)[0]


def documented_options(reference: Path, command_path: str) -> dict[str, str]:
    """Each option of the section as the reference lists it: names → help, markdown escapes undone."""
    rows = re.findall(r"^- `([^`]+)`: (.*)$", section(reference, command_path), flags=re.MULTILINE)
    return {names: re.sub(r"\\(.)", r"\1", help_) for names, help_ in rows}


def shown_options(lang: str, command_path: str) -> dict[str, str]:
    """Each option as ``malxl … --help`` shows it: names → help, its wrapped lines joined."""
    args = command_path.split()[1:] + ["--help"]
    result = CliRunner().invoke(cli, ["--lang", lang, *args], env={"MALXL_LANG": None})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    heading = Texts(lang)("cli.options_heading") + ":"
    rows: list[list[str]] = []
    for line in lines[lines.index(heading) + 1:]:
        if not line.strip():
            break
        if re.match(r"  \S", line):  # an option's names, then (after two spaces or more) the start of its help
            rows.append(re.split(r"\s{2,}", line.strip(), maxsplit=1))
        else:
            rows[-1].append(line.strip())
    return {row[0]: " ".join(" ".join(row[1:]).split()) for row in rows}


@pytest.mark.parametrize("lang", sorted(REFERENCES))
@pytest.mark.parametrize("command_path", ALL)
def test_each_option_is_documented_as_help_words_it(lang, command_path):
    assert documented_options(REFERENCES[lang], command_path) == shown_options(lang, command_path)


@pytest.mark.parametrize("lang", sorted(REFERENCES))
def test_every_command_and_every_option_is_in_the_reference(lang):
    """Walked from the click group itself, not from --help: a command or an option added is missed nowhere."""
    for ctx in commands(click.Context(cli, info_name="malxl", **cli.context_settings)):
        names = " ".join(documented_options(REFERENCES[lang], ctx.command_path))
        for param in ctx.command.get_params(ctx):
            if isinstance(param, click.Option) and not param.hidden:
                for opt in param.opts + param.secondary_opts:
                    assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", names), (
                        f"{ctx.command_path} {opt} is not in {REFERENCES[lang].name}: run {REGENERATE}")


def test_a_new_command_and_option_reach_the_reference():
    """What the generator walks: a command added to the group (as another engineer may) appears with its options."""

    @cli.command(name="zz-test-only")
    @click.option("--wide", help="A test option.")
    def added(wide):
        """A command only this test adds."""

    try:
        text = generate.command_reference("en")
    finally:
        cli.commands.pop("zz-test-only")
    assert "## malxl zz-test-only\n" in text and "- `--wide TEXT`: A test option." in text
    assert "[`malxl zz-test-only`](#malxl-zz-test-only): A command only this test adds" in text


# -- links and the front page ----------------------------------------------------------------------------------------

DOCUMENTS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"), ROOT / "benchmarks" / "README.md",
                    ROOT / "examples" / "ange2023" / "README.md", ROOT / "tests" / "foreign" / "README.md"])


def prose(text: str) -> str:
    """Markdown without its code: fenced blocks and inline code spans, where a link is only text."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of ``path`` (a repeated heading's second as ``…-1``)."""
    seen: dict[str, int] = {}
    found = set()
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE | re.DOTALL)
    for heading in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE):
        base = generate.slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(document):
    targets = re.findall(r"\]\(([^)\s]+)\)", prose(document.read_text(encoding="utf-8")))
    for target in targets:
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.relative_to(ROOT)} links to {target}, which does not exist"
        if anchor and linked.suffix == ".md":
            assert anchor in anchors(linked), f"{document.relative_to(ROOT)} links to {target}: no such heading"


def test_the_readme_is_a_front_page():
    readme = ROOT / "README.md"
    assert len(readme.read_bytes()) < 12 * 1024
    text = readme.read_text(encoding="utf-8")
    # the two commands newcomers and CI run, word for word
    assert ("python3 -m venv .venv && . .venv/bin/activate && pip install -e . && "
            "malxl collect examples/ange2023/inbox") in text
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && python -m pytest -q" in text
    for document in (ROOT / "docs").glob("*.md"):  # every document is a link away
        assert f"](docs/{document.name})" in text, document.name


def test_the_readme_installs_the_wheel_this_version_builds():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"malxl-[^\s`/\\]+?-py3-none-any\.whl", text))
    assert named == {f"malxl-{version}-py3-none-any.whl"}
    assert "pip wheel --no-deps -w dist ." in text


def test_the_code_layout_names_every_module_and_only_modules_that_exist():
    text = (ROOT / "docs" / "engineering.md").read_text(encoding="utf-8")
    layout = text.split("## Code layout", 1)[1].split("```", 2)[1]
    named = set(re.findall(r"\w+\.py", layout))
    modules = {p.name for p in (ROOT / "malxl").rglob("*.py") if p.name != "__init__.py"}
    assert not modules - named, f"give {sorted(modules - named)} a line in docs/engineering.md's code layout"
    existing = {p.name for folder in ("malxl", "benchmarks", "docs", "tests", "examples")
                for p in (ROOT / folder).rglob("*.py")}
    assert not named - existing, f"docs/engineering.md's code layout names {sorted(named - existing)}, which moved"
