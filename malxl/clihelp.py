"""The command line's own words: click made to speak the catalogue's language.

Each command's help is the catalogue's ``help.<command>``, each option's ``help.<command>.<option>`` (or the
shared ``help.option.<option>``): the only source of help text. A command's docstring or an option's ``help=``
is never shown (tests/test_cli.py holds every command to that). The language is known before click parses
anything (``--lang`` may come before or after the command, and -h is handled first): see :meth:`Group.parse_args`.
Click's own complaints (a missing argument, an unknown option, "Aborted!") are worded from the catalogue too
(:func:`show_error`), and :func:`console_safe` keeps a console that cannot show a character from crashing.

malxl/cli.py declares the commands with :class:`Group` and :class:`Command`, :class:`PathParam` and
:class:`DateParam`; docs/generate.py reads :meth:`Words.help_text` and :meth:`Words.option_rows`.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import MalxlError
from .texts import CATALOGUES, SV, Texts, texts
from .workbook.outputs import os_reason


def _lang(ctx: click.Context | None) -> str:
    return (ctx.meta.get("malxl.lang") if ctx else None) or ""


def _t(ctx: click.Context | None) -> Texts:
    """The command line's language: ``--lang`` as found before parsing, else $MALXL_LANG, else Swedish."""
    return Texts(_lang(ctx)) if _lang(ctx) else texts()


def _catalogue(t: Texts, *keys: str) -> str:
    """The first of ``keys`` the catalogue holds, in ``t``'s language ("" if none)."""
    return next((t(k) for k in keys if k in SV), "")


# Words is mixed into click.Command and click.Group: the type checker sees it as a Command.
if TYPE_CHECKING:
    _CommandBase = click.Command
else:
    _CommandBase = object


class Words(_CommandBase):
    """Help in the catalogue's language: usage line, description, options, commands."""

    def format_usage(self, ctx, formatter):
        t = _t(ctx)
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=t("cli.usage") + " ")

    def collect_usage_pieces(self, ctx):
        t = _t(ctx)
        pieces = [t("cli.options_metavar")]
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                pieces.append(_catalogue(t, f"cli.arg.{param.name}") or param.make_metavar(ctx))
        if isinstance(self, click.Group):
            pieces.append(t("cli.command_metavar"))
        return pieces

    def format_help_text(self, ctx, formatter):
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self.help_text(ctx))

    def format_arguments(self, ctx, formatter):
        """Nothing: the arguments are named in the usage line and described in the help text."""

    def format_epilog(self, ctx, formatter):
        """Nothing: whatever follows a command's help is in its catalogue text."""

    def help_text(self, ctx) -> str:
        """The command's description in the context's language, as -h shows it (docs/generate.py writes it too)."""
        return _catalogue(_t(ctx), f"help.{self.name}")

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help_in(texts())

    def short_help_in(self, t: Texts) -> str:
        """The first line of the command's help in ``t``'s language, as the command list shows it."""
        return _catalogue(t, f"help.{self.name}").strip().split("\n")[0].rstrip(".")

    def option_rows(self, ctx) -> list[tuple[str, str]]:
        """Each shown option's names and help in the context's language, as -h lists them (and docs/generate.py)."""
        t = _t(ctx)
        return [self._option_row(ctx, t, p) for p in self.get_params(ctx)
                if isinstance(p, click.Option) and not p.hidden]

    def format_options(self, ctx, formatter):
        t = _t(ctx)
        rows = self.option_rows(ctx)
        if rows:
            with formatter.section(t("cli.options_heading")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
            rows = [(name, cmd.short_help_in(t) if isinstance(cmd, Words) else cmd.get_short_help_str())
                    for name, cmd in commands if cmd is not None and not cmd.hidden]
            with formatter.section(t("cli.commands_heading")):
                formatter.write_dl(rows)

    def _option_row(self, ctx, t: Texts, param: click.Option) -> tuple[str, str]:
        names = ", ".join(param.opts)
        if param.secondary_opts:
            names += " / " + ", ".join(param.secondary_opts)
        if not param.is_flag:
            names += " " + metavar(t, param.type)
        name = "help" if param is self.get_help_option(ctx) else param.name
        help_ = _catalogue(t, f"help.{self.name}.{name}", f"help.option.{name}")
        if param.show_default and param.default not in (None, "", False):
            help_ += "  " + t("cli.default", default=param.default)
        return names, help_

    def parse_args(self, ctx, args):
        ctx.allow_extra_args = True  # click's own complaint is English: ours follows
        rest = super().parse_args(ctx, args)
        if rest and not isinstance(self, click.Group):
            raise click.UsageError(_t(ctx)("cli.extra_args", args=" ".join(rest)), ctx)
        return rest


def metavar(t: Texts, kind: click.ParamType) -> str:
    """What an option's value is, in ``t``'s words (FIL, MAPP, DATUM …), as -h shows it after the option."""
    if isinstance(kind, click.Path):
        return t("cli.metavar.folder") if not kind.file_okay else t("cli.metavar.file")
    if isinstance(kind, click.Choice):
        return "[" + "|".join(kind.choices) + "]"
    if isinstance(kind, click.DateTime):
        return t("cli.metavar.date")
    if kind is click.INT or isinstance(kind, click.types.IntParamType):
        return t("cli.metavar.number")
    return t("cli.metavar.text")


class PathParam(click.Path):
    """click.Path whose complaints come from the catalogue."""

    def convert(self, value, param, ctx):
        path = Path(value)
        t = _t(ctx)
        if self.exists and not path.exists():
            self.fail(t("cli.path_missing", path=value), param, ctx)
        if path.exists() and not self.dir_okay and path.is_dir():
            self.fail(t("cli.path_is_folder", path=value), param, ctx)
        if path.exists() and not self.file_okay and not path.is_dir():
            self.fail(t("cli.path_is_file", path=value), param, ctx)
        return super().convert(value, param, ctx)


class DateParam(click.DateTime):
    """click.DateTime whose complaint comes from the catalogue."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(_t(ctx)("cli.not_a_date", value=value), param, ctx)


class Command(Words, click.Command):
    """A malxl command: its help from the catalogue."""


class Group(Words, click.Group):
    """The ``malxl`` group: its help from the catalogue, ``--lang`` anywhere, click's messages and malxl's errors
    in words."""

    command_class = Command

    def parse_args(self, ctx, args):
        """Take ``--lang`` wherever it stands (before or after the command) to the front, and know the language."""
        front, rest, chosen = _take_lang(args)
        lang = chosen or os.environ.get("MALXL_LANG", "")
        ctx.meta["malxl.lang"] = lang if lang in CATALOGUES else ""
        if not rest and not ctx.resilient_parsing:
            # `malxl` alone: the help once, as click >= 8.2 gives it (on stderr, exit 2), not also as an error
            click.echo(ctx.get_help(), err=True)
            ctx.exit(2)
        return super().parse_args(ctx, front + rest)

    def resolve_command(self, ctx, args):
        if args and self.get_command(ctx, args[0]) is None and not args[0].startswith("-"):
            raise click.UsageError(_t(ctx)("cli.no_such_command", name=args[0]), ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except MalxlError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"malxl: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # a path the library did not foresee: a message naming it, never a traceback
            if exc.errno == errno.EPIPE or (ctx.obj and ctx.obj.get("debug")):
                raise  # a closed pipe (`malxl report | more` quit early): click ends quietly
            path = exc.filename if exc.filename is not None else "-"
            click.echo("malxl: " + texts()("error.os", path=path, reason=os_reason(exc)), err=True)
            ctx.exit(2)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        """As click's, but its messages (usage errors, "Aborted!") in the catalogue's language."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Abort:
            click.echo(texts()("cli.aborted"), err=True)
            sys.exit(1)
        except click.ClickException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _take_lang(args: list[str]) -> tuple[list[str], list[str], str]:
    """``args`` split into ``--lang`` with its value (wherever it stands) and the rest, and the language chosen."""
    front: list[str] = []
    rest: list[str] = []
    chosen, i = "", 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == "--lang" and i + 1 < len(args):
            front += args[i:i + 2]
            chosen = args[i + 1]
            i += 2
            continue
        if arg.startswith("--lang="):
            front.append(arg)
            chosen = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return front, rest, chosen


def show_error(exc: click.ClickException) -> None:
    """Write a click error as click would, in the catalogue's words."""
    ctx = getattr(exc, "ctx", None)
    t = _t(ctx)
    if isinstance(exc, click.UsageError) and ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        names = ctx.help_option_names
        click.echo(t("cli.try_help", command=ctx.command_path, option=names[0] if names else "--help"), err=True)
        click.echo(err=True)
    click.echo(t("cli.error", message=_message(exc, ctx, t)), err=True)


def _message(exc: click.ClickException, ctx, t: Texts) -> str:
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        param = exc.param
        if isinstance(param, click.Argument):
            hint = _catalogue(t, f"cli.arg.{param.name}") or param.make_metavar(ctx)
        else:
            hint = " / ".join(param.opts)
        if isinstance(exc, click.MissingParameter):
            return t("cli.missing", param=hint)
        message = exc.message
        if isinstance(param.type, click.Choice):
            message = t("cli.not_a_choice", choices=", ".join(param.type.choices))
        elif isinstance(param.type, click.types.IntParamType):
            message = t("cli.not_a_number")
        return t("cli.invalid", param=hint, message=message)
    if isinstance(exc, click.NoSuchOption):
        return t("cli.no_such_option", name=exc.option_name)
    if isinstance(exc, click.BadOptionUsage):
        return t("cli.bad_option", name=exc.option_name)
    return exc.format_message()


# -- a console that cannot show every character ------------------------------------------------------------------------

# What a Windows console's code page (cp1252, cp850) may lack, spelled in ASCII; anything else becomes "?".
_SPELLED = {"→": "->", "←": "<-", "–": "-", "—": "--", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"',
            "●": "*", "•": "*", "✓": "v", "≥": ">=", "≤": "<=", "\u00a0": " "}


def _spell(error: UnicodeEncodeError) -> tuple[str, int]:
    """Codec error handler: spell what the console's encoding cannot show (å stays å where it can, else a)."""
    out = []
    for char in error.object[error.start:error.end]:
        spelled = _SPELLED.get(char)
        if spelled is None:
            spelled = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode() or "?"
        out.append(spelled)
    return "".join(out), error.end


def console_safe() -> None:
    """Make stdout and stderr spell, never crash on, what their encoding cannot show (a Windows console's)."""
    codecs.register_error("malxl-spell", _spell)  # type: ignore[arg-type]  # given to encoders only
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="malxl-spell")  # type: ignore[union-attr]  # else AttributeError, below
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass  # not a text file we can change (a test's capture): it has its own way
