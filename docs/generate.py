"""Write the generated parts of malxl's documentation from the code they describe.

    python docs/generate.py           rewrite them
    python docs/generate.py --check   exit 1, naming the stale files, if a committed file is not what this writes

Each part stands in a markdown file between two markers, ``<!-- BEGIN generated: NAME … -->`` and
``<!-- END generated: NAME -->``; the text around them is written by hand. The parts:

- ``commands`` (docs/commands.md, English) and ``kommandon`` (docs/kommandon.md, Swedish): every command of the
  ``malxl`` group with every option, in the words ``malxl <command> --help`` shows (``help_text`` and
  ``option_rows`` of malxl.cli, which read the catalogue). The group is walked, so a new command or option needs
  only a new run.
- ``codes`` (docs/findings.md): every code of the registry ``malxl.codes.REGISTRY`` with its severity as the catalogue
  words it, what it concerns, when it is raised (its ``doc``) and who acts on it (its ``fixed_by``: what feedback sends a
  department); ``messages``: each code's message as the Swedish catalogue holds it.

tests/test_docs.py runs :func:`generated` and fails while a committed file differs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from malxl.cli import cli
from malxl.codes import DEPARTMENT, REGISTRY, Code, Severity
from malxl.texts import SV, Texts

ROOT = Path(__file__).resolve().parent.parent
COMMAND = "python docs/generate.py"


# -- markdown ----------------------------------------------------------------------------------------------------------

def escape(text: str) -> str:
    """``text`` as markdown shows it literally: ``\\ ` * < > [ ] |`` and a ``_`` at a word's edge escaped."""
    return re.sub(r"[\\`*<>\[\]|]|(?<!\w)_|_(?!\w)", lambda m: "\\" + m.group(0), text)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def paragraphs(text: str) -> Iterator[str]:
    """A click help text as markdown: its paragraphs, a ``\\b`` paragraph (not rewrapped by click) as a code block."""
    for par in text.strip().split("\n\n"):
        if par.startswith("\b\n"):
            yield "```text\n" + par[2:] + "\n```"
        else:
            yield escape(" ".join(par.split()))


# -- the command reference -------------------------------------------------------------------------------------------

def command_reference(lang: str) -> str:
    """Every command of the ``malxl`` group, with every option, in ``lang`` as ``--help`` words it."""
    root = click.Context(cli, info_name="malxl", **cli.context_settings)
    root.meta["malxl.lang"] = lang  # as _Group.parse_args records --lang
    return "\n".join(_command(root, Texts(lang))).rstrip("\n") + "\n"


def _command(ctx: click.Context, t: Texts) -> Iterator[str]:
    cmd = ctx.command
    yield f"## {ctx.command_path}"
    yield ""
    yield f"{t('cli.usage')} `{ctx.command_path} {' '.join(cmd.collect_usage_pieces(ctx))}`"
    yield ""
    for par in paragraphs(_help_text(ctx)):
        yield par
        yield ""
    rows = _option_rows(ctx)
    if rows:
        yield f"**{t('cli.options_heading')}**"
        yield ""
        for names, help_ in rows:
            yield f"- `{names}`: {escape(' '.join(help_.split()))}"
        yield ""
    if isinstance(cmd, click.Group):
        subs = [click.Context(sub, info_name=name, parent=ctx, **sub.context_settings) for name, sub in _commands(ctx)]
        yield f"**{t('cli.commands_heading')}**"
        yield ""
        for sub in subs:
            first = _help_text(sub).strip().split("\n")[0].rstrip(".")
            yield f"- [`{sub.command_path}`](#{slug(sub.command_path)}): {escape(first)}"
        yield ""
        for sub in subs:
            yield from _command(sub, t)


def _commands(ctx: click.Context) -> list[tuple[str, click.Command]]:
    group = ctx.command
    assert isinstance(group, click.Group)
    found = [(name, group.get_command(ctx, name)) for name in group.list_commands(ctx)]
    return [(name, cmd) for name, cmd in found if cmd is not None and not cmd.hidden]


def _help_text(ctx: click.Context) -> str:
    cmd = ctx.command
    return cmd.help_text(ctx) if hasattr(cmd, "help_text") else (cmd.help or "")


def _option_rows(ctx: click.Context) -> list[tuple[str, str]]:
    cmd = ctx.command
    if hasattr(cmd, "option_rows"):
        return cmd.option_rows(ctx)
    records = (p.get_help_record(ctx) for p in cmd.get_params(ctx) if isinstance(p, click.Option))
    return [record for record in records if record is not None]


# -- the finding codes -------------------------------------------------------------------------------------------------

def codes_table() -> str:
    """Every code: its severity (Swedish, then English), when it is raised, who acts on it."""
    sv, en = Texts("sv"), Texts("en")
    lines = ["| code | severity | concerns | when | who acts on it |", "|---|---|---|---|---|"]
    for code, record in REGISTRY.items():
        word, english = sv(f"severity.{record.severity.value}"), en(f"severity.{record.severity.value}").lower()
        shown = word if word.lower() == english else f"{word} ({english})"
        lines.append(f"| `{code}` | {shown} | {record.concerns} | {record.doc} | {_who(record)} |")
    return "\n".join(lines) + "\n"


def _who(record: Code) -> str:
    if record.severity == Severity.INFO:
        return "no one: information"
    if record.fixed_by == DEPARTMENT:
        return "the department (`malxl feedback` asks it)"
    return "the coordinator"


def messages_table() -> str:
    """Each code's message as the Swedish catalogue holds it, ``{fields}`` and all."""
    lines = ["| code | message (`finding.<code>` in `malxl/texts.py`) |", "|---|---|"]
    for code in REGISTRY:
        key = f"finding.{code}"
        text = SV.get(key) or SV[f"{key}.other"]  # a message with a count: its plural form
        lines.append(f"| `{code}` | {escape(text)} |")
    return "\n".join(lines) + "\n"


# -- the files ---------------------------------------------------------------------------------------------------------

#: Each generated part: the file it stands in, and what writes it.
PARTS: dict[str, tuple[str, Callable[[], str]]] = {
    "commands": ("docs/commands.md", lambda: command_reference("en")),
    "kommandon": ("docs/kommandon.md", lambda: command_reference("sv")),
    "codes": ("docs/findings.md", codes_table),
    "messages": ("docs/findings.md", messages_table),
}


def begin(name: str) -> str:
    return f"<!-- BEGIN generated: {name}. Do not edit by hand: {COMMAND} writes it. -->"


def end(name: str) -> str:
    return f"<!-- END generated: {name} -->"


def generated(root: Path = ROOT) -> dict[Path, str]:
    """Every file holding a generated part, as this writes it: the hand-written text kept, each part made anew."""
    files: dict[Path, str] = {}
    for name, (relative, make) in PARTS.items():
        path = root / relative
        text = files.get(path) or path.read_text(encoding="utf-8")
        files[path] = replace(text, name, make(), path)
    return files


def replace(text: str, name: str, body: str, path: Path) -> str:
    """``text`` with the part ``name`` (between its markers) made ``body``."""
    start = text.find(begin(name))
    stop = text.find(end(name))
    if start < 0 or stop < start:
        raise SystemExit(f"{path}: the markers of part {name!r} are missing; put\n{begin(name)}\n{end(name)}\n"
                         "where it goes")
    return text[:start] + begin(name) + "\n\n" + body.strip("\n") + "\n\n" + text[stop:]


def main(argv: list[str]) -> int:
    stale = [path for path, text in generated().items() if path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run {COMMAND}")
        return 1 if stale else 0
    for path, text in generated().items():
        if path in stale:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
