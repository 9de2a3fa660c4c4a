"""The ``malxl`` command: a thin layer over the library. Heavy libraries load lazily."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .clihelp import DateParam, Group, PathParam, console_safe
from .collect import collect as run_collect
from .feedback import feedback as run_feedback
from .findings import sort_key, summary_line, to_json
from .generate import OUTBOX
from .generate import generate as run_generate
from .init import init as run_init
from .kolada import kolada as run_kolada
from .koladaapi import DEFAULT_URL
from .mail import PASSWORD_ENV, SmtpSettings
from .merged import open_in_excel
from .nextround import next_round
from .plan import read_plan
from .progress import for_terminal
from .project import default_paths, out_of_date_notice, pasteable
from .report import report as run_report
from .status import render as render_status
from .status import status as run_status
from .texts import texts

MAX_PRINTED = 25


# Each command's help is the catalogue's help.<command> (malxl/texts.py), never a docstring: malxl.clihelp shows it.

@click.group("malxl", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True)
@click.option("--lang", type=click.Choice(["sv", "en"]), envvar="MALXL_LANG")
@click.version_option(package_name="malxl", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx, debug, lang):
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
    click.echo(summary_line(findings, t))


def _exit_with_json(document: dict, exit_code: int) -> None:
    """A command's ``--json`` document, alone on stdout, and its exit code (as without --json)."""
    click.echo(to_json(document))
    sys.exit(exit_code)


def _if_open(merged: Path) -> None:
    """Say so if the merged workbook is open in Excel: what is read is the file as last saved."""

    notice = open_in_excel(merged)
    if notice:
        click.echo(notice, err=True)


@cli.command()
@click.argument("directory", type=PathParam(file_okay=False, path_type=Path))
@click.option("--templates", "with_templates", is_flag=True)
def init(directory, with_templates):
    result = run_init(directory, with_templates=with_templates)
    if result.plan_kept:
        click.echo(texts()("cli.init_kept", path=result.plan))
    else:
        click.echo(texts()("cli.init_done", path=result.directory))


@cli.command()
@click.argument("plan", type=PathParam(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--outbox", type=PathParam(file_okay=False, path_type=Path))
@click.option("--templates", type=PathParam(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True)
def generate(plan, outbox, templates, replace):
    t = texts()
    plan_ = read_plan(plan)
    with _progress("progress.writing") as progress:
        result = run_generate(plan_, outbox or plan.parent / OUTBOX, templates=templates, progress=progress,
                     replace_other=replace)
    click.echo(t("cli.generated", count=len(result.written), outbox=result.outbox))
    if result.replaced:
        click.echo(t("cli.replaced", files=", ".join(p.name for p in result.replaced)))
    if result.left_alone:
        click.echo(t("cli.left_alone", files=", ".join(p.name for p in result.left_alone)))


@cli.command()
@click.argument("inbox", type=PathParam(file_okay=False, path_type=Path))
@click.option("--plan", type=PathParam(dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=PathParam(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def collect(inbox, plan, out, as_json):
    with _progress("progress.reading") as progress:
        result = run_collect(inbox, plan, out, progress=progress)
    t = texts(result.merged.plan.settings.language)
    if as_json:
        _exit_with_json(result.as_dict(t), 0 if result.ok else 1)
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
@click.argument("merged", type=PathParam(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=PathParam(file_okay=False, path_type=Path))
@click.option("--templates", type=PathParam(exists=True, file_okay=False, path_type=Path))
@click.option("--pdf", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
def report(merged, out_dir, templates, pdf, as_json):
    _if_open(merged)
    with _progress("progress.pdf") as progress:
        result = run_report(merged, out_dir, templates=templates, pdf=pdf, progress=progress)
    t = texts(result.model.lang)
    if as_json:
        _exit_with_json(result.as_dict(t), 1 if result.errors else 0)
    for path in result.paths:
        click.echo(t("cli.report_written", path=path))
    click.echo(result.model.summary.sentence)
    _counts(result.findings, t)
    if result.stale:

        click.echo(out_of_date_notice(merged, result.inbox, t))
    _print_findings(result.findings, t)
    sys.exit(1 if result.errors else 0)


@cli.command()
@click.argument("inbox", type=PathParam(file_okay=False, path_type=Path))
@click.option("--plan", type=PathParam(dir_okay=False, path_type=Path))
@click.option("--merged", type=PathParam(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def status(inbox, plan, merged, as_json):
    _if_open(default_paths(inbox, plan, merged)[1])
    with _progress("progress.reading") as progress:
        result = run_status(inbox, plan, merged_path=merged, progress=progress)
    t = texts(result.plan.settings.language)
    if as_json:
        _exit_with_json(result.as_dict(t), 0 if result.ok else 1)
    for line in render_status(result, t):
        click.echo(line)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("merged", type=PathParam(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=PathParam(file_okay=False, path_type=Path))
@click.option("-d", "--department", "departments", multiple=True)
@click.option("--deadline", type=DateParam(["%Y-%m-%d"]))
@click.option("--templates", type=PathParam(exists=True, file_okay=False, path_type=Path))
@click.option("--send", is_flag=True)
@click.option("--smtp-host")
@click.option("--smtp-port", type=int, default=587, show_default=True)
@click.option("--smtp-starttls/--no-smtp-starttls", default=True, show_default=True)
@click.option("--smtp-user", default="")
def feedback(merged, out_dir, departments, deadline, templates, send, smtp_host, smtp_port, smtp_starttls,
             smtp_user):


    smtp = None
    if send:
        if not smtp_host:
            raise click.UsageError(texts()("error.send_needs_host"))
        smtp = SmtpSettings(smtp_host, smtp_port, smtp_starttls, smtp_user, os.environ.get(PASSWORD_ENV, ""))
    _if_open(merged)
    result = run_feedback(merged, out_dir, departments=list(departments) or None, templates=templates,
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


@cli.command()
@click.argument("merged", type=PathParam(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default=DEFAULT_URL)
@click.option("--from", "saved", multiple=True, type=PathParam(exists=True, dir_okay=False, path_type=Path))
def kolada(merged, url, saved):
    _if_open(merged)
    result = run_kolada(merged, url, saved)
    t = texts(result.lang)
    if not result.planned:
        click.echo(t("kolada.no_indicators", file=merged.name))
        return
    if result.archived:
        click.echo(t("kolada.archived", path=result.archived[0].parent, count=len(result.archived)))
    if result.backup:
        click.echo(t("cli.backup", path=result.backup.name))
    if result.years:
        click.echo(t("kolada.imported", count=result.values, indicators=", ".join(result.indicators),
                     first=result.years[0], last=result.years[-1], file=merged.name))
    else:
        click.echo(t("kolada.nothing_found", file=merged.name))


@cli.command(name="next")
@click.argument("merged", type=PathParam(exists=True, dir_okay=False, path_type=Path))
@click.argument("directory", type=PathParam(file_okay=False, path_type=Path))
@click.option("--period", required=True)
@click.option("--report-date", required=True, type=DateParam(["%Y-%m-%d"]))
@click.option("--deadline", type=DateParam(["%Y-%m-%d"]))
def next_(merged, directory, period, report_date, deadline):
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


@contextmanager
def _progress(key: str):
    progress = for_terminal(lambda **fields: texts()(key, **fields))
    try:
        yield progress
    finally:
        if progress:
            progress.close()


def main():
    console_safe()
    cli(prog_name="malxl")


if __name__ == "__main__":
    main()
