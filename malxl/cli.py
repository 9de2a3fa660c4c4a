"""The ``malxl`` command: a thin layer over the library. Heavy libraries load lazily."""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .texts import CATALOGUES, SV, Texts, texts

MAX_PRINTED = 25


# -- the command line's own words, from the catalogue -------------------------------------------------------------
#
# Each command's help is the catalogue's "help.<command>", each option's "help.<command>.<option>" (or the shared
# "help.option.<option>"); a command without them shows its docstring. The language is known before click parses
# anything (``--lang`` may come before or after the command, and -h is handled first): see _Group.parse_args.


def _lang(ctx: click.Context | None) -> str:
    return (ctx.meta.get("malxl.lang") if ctx else None) or ""


def _t(ctx: click.Context | None):
    """The command line's language: ``--lang`` as found before parsing, else $MALXL_LANG, else Swedish."""
    return Texts(_lang(ctx)) if _lang(ctx) else texts()


def _catalogue(t, *keys: str) -> str | None:
    return next((t(k) for k in keys if k in SV), None)


# _Words is mixed into click.Command and click.Group: the type checker sees it as a Command.
if TYPE_CHECKING:
    _CommandBase = click.Command
else:
    _CommandBase = object


class _Words(_CommandBase):
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

    def help_text(self, ctx) -> str:
        """The command's description in the context's language, as -h shows it (docs/generate.py writes it too)."""
        return _catalogue(_t(ctx), f"help.{self.name}") or self.help or ""

    def get_short_help_str(self, limit: int = 45) -> str:
        return self._short(texts())

    def _short(self, t) -> str:
        """The first line of the command's help in ``t``'s language, as the command list shows it."""
        text = _catalogue(t, f"help.{self.name}") or self.help or ""
        return text.strip().split("\n")[0].rstrip(".")

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
            rows = [(name, cmd._short(t) if isinstance(cmd, _Words) else cmd.get_short_help_str())
                    for name, cmd in commands if cmd is not None and not cmd.hidden]
            with formatter.section(t("cli.commands_heading")):
                formatter.write_dl(rows)

    def _option_row(self, ctx, t, param: click.Option) -> tuple[str, str]:
        names = ", ".join(param.opts)
        if param.secondary_opts:
            names += " / " + ", ".join(param.secondary_opts)
        if not param.is_flag:
            names += " " + _metavar(t, param.type)
        name = "help" if param is self.get_help_option(ctx) else param.name
        help_ = _catalogue(t, f"help.{self.name}.{name}", f"help.option.{name}") or param.help or ""
        if param.show_default and param.default not in (None, "", False):
            help_ += "  " + t("cli.default", default=param.default)
        return names, help_

    def parse_args(self, ctx, args):
        ctx.allow_extra_args = True  # click's own complaint is English: ours follows
        rest = super().parse_args(ctx, args)
        if rest and not isinstance(self, click.Group):
            raise click.UsageError(_t(ctx)("cli.extra_args", args=" ".join(rest)), ctx)
        return rest


def _metavar(t, kind: click.ParamType) -> str:
    if isinstance(kind, click.Path):
        return t("cli.metavar.folder") if not kind.file_okay else t("cli.metavar.file")
    if isinstance(kind, click.Choice):
        return "[" + "|".join(kind.choices) + "]"
    if isinstance(kind, click.DateTime):
        return t("cli.metavar.date")
    if kind is click.INT or isinstance(kind, click.types.IntParamType):
        return t("cli.metavar.number")
    return t("cli.metavar.text")


class _Path(click.Path):
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


class _Date(click.DateTime):
    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(_t(ctx)("cli.not_a_date", value=value), param, ctx)


class _Command(_Words, click.Command):
    pass


class _Group(_Words, click.Group):
    command_class = _Command

    def parse_args(self, ctx, args):
        """Take ``--lang`` wherever it stands (before or after the command) to the front, and know the language."""
        front, rest, i, chosen = [], [], 0, ""
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
        from .errors import MalxlError

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
            from .workbook.outputs import os_reason

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
            _show(exc)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _show(exc: click.ClickException) -> None:
    """Write a click error as click would, in the catalogue's words."""
    ctx = getattr(exc, "ctx", None)
    t = _t(ctx)
    if isinstance(exc, click.UsageError) and ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        names = ctx.help_option_names
        click.echo(t("cli.try_help", command=ctx.command_path, option=names[0] if names else "--help"), err=True)
        click.echo(err=True)
    click.echo(t("cli.error", message=_message(exc, ctx, t)), err=True)


def _message(exc: click.ClickException, ctx, t) -> str:
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


@click.group("malxl", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True)
@click.option("--lang", type=click.Choice(["sv", "en"]), envvar="MALXL_LANG")
@click.version_option(package_name="malxl", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx, debug, lang):
    """malxl: goal follow-up reports from Excel workbooks.

    \b
    malxl init projekt            a starter project (Ånge 2023 plan)
    malxl generate plan.xlsx -o utkorg
    malxl collect inbox           merge the returned workbooks
    malxl status inbox            who has answered
    malxl feedback sammanstallning.xlsx   return workbooks, reminders
    malxl report sammanstallning.xlsx
    malxl next sammanstallning.xlsx ny-omgang --period "Tertial 1 2024" --report-date 2024-04-30
    """
    import os

    ctx.obj = {"debug": debug}
    if lang:
        before = os.environ.get("MALXL_LANG")
        os.environ["MALXL_LANG"] = lang  # the library's texts() reads it

        def restore():  # for callers in the same process (tests, scripts)
            if before is None:
                os.environ.pop("MALXL_LANG", None)
            else:
                os.environ["MALXL_LANG"] = before

        ctx.call_on_close(restore)


def _print_findings(findings, t):
    from .findings import sort_key

    shown = sorted(findings, key=sort_key)
    ctx = click.get_current_context(silent=True)
    debug = bool(ctx and ctx.find_root().obj and ctx.find_root().obj.get("debug"))
    for f in shown[:MAX_PRINTED]:
        click.echo(t("cli.finding_line", severity=t(f"severity.{f.severity.value}"), code=f.code,
                     where=f.where, message=f.message(t)))
        if debug and f.detail:  # the reading library's own words, which the message puts in ours
            click.echo(f"    {f.detail}")
    if len(shown) > MAX_PRINTED:
        click.echo(t("cli.more_findings", count=len(shown) - MAX_PRINTED))


def _counts(findings, t):
    from .findings import summary_line

    click.echo(summary_line(findings, t))


def _if_open(merged: Path) -> None:
    """Say so if the merged workbook is open in Excel: what is read is the file as last saved."""
    from .merged import open_in_excel

    notice = open_in_excel(merged)
    if notice:
        click.echo(notice, err=True)


@cli.command()
@click.argument("directory", type=_Path(file_okay=False, path_type=Path))
@click.option("--templates", "with_templates", is_flag=True)
def init(directory, with_templates):
    """Make a starter project in DIRECTORY: plan.xlsx (the Ånge 2023 plan), inbox/ and a how-to.

    Example: malxl init malrapport
    """
    from .init import init as run

    result = run(directory, with_templates=with_templates)
    if result.plan_kept:
        click.echo(texts()("cli.init_kept", path=result.plan))
    else:
        click.echo(texts()("cli.init_done", path=result.directory))


@cli.command()
@click.argument("plan", type=_Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--outbox", type=_Path(file_okay=False, path_type=Path))
@click.option("--templates", type=_Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True)
def generate(plan, outbox, templates, replace):
    """Write one workbook per department from PLAN into OUTBOX (default: utkorg/ beside PLAN).

    Stops, writing nothing, if OUTBOX holds another period's workbooks, unless --replace.

    Example: malxl generate plan.xlsx -o utkorg
    """
    from .generate import OUTBOX
    from .generate import generate as run
    from .plan import read_plan

    t = texts()
    plan_ = read_plan(plan)
    with _progress("progress.writing") as progress:
        result = run(plan_, outbox or plan.parent / OUTBOX, templates=templates, progress=progress,
                     replace_other=replace)
    click.echo(t("cli.generated", count=len(result.written), outbox=result.outbox))
    if result.replaced:
        click.echo(t("cli.replaced", files=", ".join(p.name for p in result.replaced)))
    if result.left_alone:
        click.echo(t("cli.left_alone", files=", ".join(p.name for p in result.left_alone)))


@cli.command()
@click.argument("inbox", type=_Path(file_okay=False, path_type=Path))
@click.option("--plan", type=_Path(dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=_Path(dir_okay=False, path_type=Path))
def collect(inbox, plan, out):
    """Read every workbook in INBOX, validate, merge and write the merged workbook.

    Exits 0 without errors, 1 if any finding is an error, 2 if it cannot run.

    Example: malxl collect inbox
    """
    from .collect import collect as run

    with _progress("progress.reading") as progress:
        result = run(inbox, plan, out, progress=progress)
    t = texts(result.merged.plan.settings.language)
    plan_ = result.merged.plan
    click.echo(t("cli.collected", path=result.path))
    if result.backup:
        click.echo(t("cli.backup", path=result.backup.name))
    click.echo(t("cli.answered", answered=len(result.merged.answered), count=len(plan_.departments)))
    missing = [d.name for d in plan_.departments if d.name not in result.merged.answered]
    if missing:
        click.echo(t("cli.not_answered", departments=", ".join(missing)))
    for r in result.merged.received:
        if r.same_as:
            click.echo(t("cli.same_bytes", file=r.name, kept=r.same_as))
    _counts(result.findings, t)
    _print_findings(result.findings, t)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("merged", type=_Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=_Path(file_okay=False, path_type=Path))
@click.option("--templates", type=_Path(exists=True, file_okay=False, path_type=Path))
@click.option("--pdf", is_flag=True)
def report(merged, out_dir, templates, pdf):
    """Write the report from the merged workbook MERGED: rapport.xlsx, rapport.html, rapport.docx.

    Exits 1 if errors remain (the report is still written; rapport.xlsx lists them).

    Example: malxl report sammanstallning.xlsx --pdf
    """
    from .report import report as run

    _if_open(merged)
    with _progress("progress.pdf") as progress:
        result = run(merged, out_dir, templates=templates, pdf=pdf, progress=progress)
    t = texts(result.model.lang)
    for path in result.paths:
        click.echo(t("cli.report_written", path=path))
    click.echo(result.model.summary.sentence)
    _counts(result.findings, t)
    if result.stale:
        from .collect import out_of_date_notice

        click.echo(out_of_date_notice(merged, result.inbox, t))
    _print_findings(result.findings, t)
    sys.exit(1 if result.errors else 0)


@cli.command()
@click.argument("inbox", type=_Path(file_okay=False, path_type=Path))
@click.option("--plan", type=_Path(dir_okay=False, path_type=Path))
@click.option("--merged", type=_Path(dir_okay=False, path_type=Path))
def status(inbox, plan, merged):
    """Show who has answered in INBOX: file, errors, warnings and days to the deadline. Writes nothing.

    The findings are counted as collect would count them now (your edits in the merged workbook included).
    Exits 0 when every department has answered without errors, 1 otherwise, 2 if it cannot run.

    Example: malxl status inbox
    """
    from .collect import default_paths
    from .status import render
    from .status import status as run

    _if_open(default_paths(inbox, plan, merged)[1])
    with _progress("progress.reading") as progress:
        result = run(inbox, plan, merged_path=merged, progress=progress)
    t = texts(result.plan.settings.language)
    for line in render(result, t):
        click.echo(line)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("merged", type=_Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=_Path(file_okay=False, path_type=Path))
@click.option("-d", "--department", "departments", multiple=True)
@click.option("--deadline", type=_Date(["%Y-%m-%d"]))
@click.option("--templates", type=_Path(exists=True, file_okay=False, path_type=Path))
@click.option("--send", is_flag=True)
@click.option("--smtp-host")
@click.option("--smtp-port", type=int, default=587, show_default=True)
@click.option("--smtp-starttls/--no-smtp-starttls", default=True, show_default=True)
@click.option("--smtp-user", default="")
def feedback(merged, out_dir, departments, deadline, templates, send, smtp_host, smtp_port, smtp_starttls,
             smtp_user):
    """Write a return package for each department that has something to fix or has not answered.

    For each: OUT/<Avdelning>/ with its workbook pre-filled with what it sent (problem cells marked, a
    first sheet Att åtgärda) and an email draft (.eml) to its E-post; a reminder with the blank
    workbook if it has not answered. With --send the emails are sent and logged in OUT/skickat.log.
    Exits 1 if an email could not be sent.

    Example: malxl feedback sammanstallning.xlsx -o aterkoppling
    """
    import os

    from .feedback import feedback as run
    from .mail import PASSWORD_ENV, SmtpSettings

    smtp = None
    if send:
        if not smtp_host:
            raise click.UsageError(texts()("error.send_needs_host"))
        smtp = SmtpSettings(smtp_host, smtp_port, smtp_starttls, smtp_user, os.environ.get(PASSWORD_ENV, ""))
    _if_open(merged)
    result = run(merged, out_dir, departments=list(departments) or None, templates=templates,
                 deadline=deadline.date() if deadline else None, smtp=smtp)
    t = texts(result.lang)
    if not result.packages:
        click.echo(t("cli.feedback_none"))
    for p in result.packages:
        key = "cli.feedback_return" if p.kind == "return" else "cli.feedback_reminder"
        click.echo(t(key, department=p.department, count=len(p.items), path=p.folder))
        if p.result == "":
            click.echo("  " + t("cli.feedback_sent", recipient=", ".join(p.recipients), subject=p.subject))
        elif p.result:
            click.echo("  " + t("cli.feedback_failed", recipient=", ".join(p.recipients) or "-", reason=p.result,
                                path=p.draft))
    if result.packages:
        click.echo(t("cli.feedback_written", path=result.folder, returns=len(result.returns),
                     reminders=len(result.reminders)))
    for note in result.notes:
        click.echo(note)
    if result.stale:
        click.echo(t("cli.feedback_stale", departments=", ".join(result.stale)))
    if result.log:
        click.echo(t("cli.feedback_log", path=result.log))
    sys.exit(0 if result.ok else 1)


@cli.command(name="next")
@click.argument("merged", type=_Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("directory", type=_Path(file_okay=False, path_type=Path))
@click.option("--period", required=True)
@click.option("--report-date", required=True, type=_Date(["%Y-%m-%d"]))
@click.option("--deadline", type=_Date(["%Y-%m-%d"]))
def next_(merged, directory, period, report_date, deadline):
    """Start the next round in DIRECTORY from the last round's merged workbook MERGED.

    Writes DIRECTORY/plan.xlsx with every activity not finished (with its last end date), the rows
    departments added planned under new ids, and the history of every earlier round; an empty inbox/
    and a how-to. Never overwrites a plan.

    Example: malxl next sammanstallning.xlsx ../tertial1-2024 --period "Tertial 1 2024" --report-date 2024-04-30
    """
    from .nextround import next_round

    _if_open(merged)
    result = next_round(merged, directory, period, report_date.date(), deadline.date() if deadline else None)
    s = result.plan.settings
    t = texts(s.language)
    click.echo(t("cli.next_done", period=s.period, path=result.directory))
    finished = t("count.finished", count=len(result.finished))
    click.echo(t("cli.next_carried", count=len(result.carried), finished=finished, previous=result.previous_period))
    for p in result.planned:
        click.echo(t("cli.next_planned", department=p.department, old=p.old, id=p.id, title=p.title))
    for p in result.unplaced:
        click.echo(t("cli.next_unplaced", department=p.department, old=p.old, title=p.title, id=p.id))
    if result.errors:
        codes = sorted({f.code for f in result.errors})
        click.echo(t("cli.next_errors", file=Path(merged).name, count=len(result.errors), codes=", ".join(codes)))
    if result.lost_history:
        click.echo(t("cli.next_history_lost", file=Path(merged).name, period=s.period, plan=result.plan_path))
    click.echo(t("cli.next_edit", plan=result.plan_path, quoted=pasteable(result.plan_path)))


#: What PowerShell takes for a single quote and for a double quote (about_Quoting_Rules: the curly ones too).
_PS_SINGLE, _PS_DOUBLE = "'\u2018\u2019\u201a\u201b", '"\u201c\u201d\u201e'
#: What bash or PowerShell would expand, or take as the end, inside double quotes (a backslash only escapes
#: in bash before these or another backslash).
_NOT_IN_DOUBLE = "$`!" + _PS_DOUBLE


def pasteable(path) -> str:
    """``path`` as one argument that works pasted into PowerShell and into bash.

    Single quotes keep every character as it is in both shells. A path holding a
    single quote goes in double quotes if neither shell would change anything in
    it there; a path with also a ``$``, a backtick, ``!``, two backslashes in a
    row (``\\\\server``) or one at the end has no form both read alike, and is
    quoted for PowerShell, the coordinator's shell (a single quote written
    twice). A path beginning with ``-`` starts with ``./`` (``.\\`` on Windows),
    so it is not read as an option.
    """
    text = os.fspath(path)
    if text.startswith("-"):
        text = os.path.join(os.curdir, text)
    if not any(c in _PS_SINGLE for c in text):
        return f"'{text}'"
    if not any(c in _NOT_IN_DOUBLE for c in text) and "\\\\" not in text and not text.endswith("\\"):
        return f'"{text}"'
    return "'" + "".join(c * 2 if c in _PS_SINGLE else c for c in text) + "'"


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


@contextmanager
def _progress(key: str):
    """A progress line on stderr while the block runs, if stderr is a terminal (else None: nothing shown)."""
    from .progress import for_terminal

    progress = for_terminal(lambda **fields: texts()(key, **fields))
    try:
        yield progress
    finally:
        if progress:
            progress.close()


def console_safe() -> None:
    """Make stdout and stderr spell, never crash on, what their encoding cannot show (a Windows console's)."""
    codecs.register_error("malxl-spell", _spell)  # type: ignore[arg-type]  # given to encoders only
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="malxl-spell")  # type: ignore[union-attr]  # else AttributeError, below
        except (AttributeError, ValueError, io.UnsupportedOperation):
            pass  # not a text file we can change (a test's capture): it has its own way


def main():
    console_safe()
    cli(prog_name="malxl")


if __name__ == "__main__":
    main()
