"""The ``malxl`` command: a thin layer over the library. Heavy libraries load lazily."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .texts import texts

MAX_PRINTED = 25


def _fail(exc, debug: bool):
    if debug:
        raise exc
    raise click.ClickException(str(exc)) from exc


class _Group(click.Group):
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
            if ctx.obj and ctx.obj.get("debug"):
                raise
            from .outputs import os_reason

            path = exc.filename if exc.filename is not None else "-"
            click.echo("malxl: " + texts()("error.os", path=path, reason=os_reason(exc)), err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks, and a reading library's own words about a file it failed on.")
@click.option("--lang", type=click.Choice(["sv", "en"]), envvar="MALXL_LANG",
              help="Language of messages (default sv; or set MALXL_LANG).")
@click.version_option(package_name="malxl")
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
                     where=f.where, message=f.message))
        if debug and f.detail:  # the reading library's own words, which the message puts in ours
            click.echo(f"    {f.detail}")
    if len(shown) > MAX_PRINTED:
        click.echo(t("cli.more_findings", count=len(shown) - MAX_PRINTED))


def _counts(findings, t):
    from .findings import Severity, count

    click.echo(t("cli.counts", errors=count(findings, Severity.ERROR), warnings=count(findings, Severity.WARNING),
                 infos=count(findings, Severity.INFO)))


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--templates", "with_templates", is_flag=True, help="Also copy the default templates into DIR/mallar for editing.")
def init(directory, with_templates):
    """Make a starter project in DIRECTORY: plan.xlsx (the Ånge 2023 plan), inbox/ and a how-to.

    Example: malxl init malrapport
    """
    from .init import init as run

    path = run(directory, with_templates=with_templates)
    click.echo(texts()("cli.init_done", path=path))


@cli.command()
@click.argument("plan", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--outbox", type=click.Path(file_okay=False, path_type=Path), default="utkorg",
              show_default=True, help="Folder for the department workbooks.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with your own templates (xlsx/avdelning.xlsx).")
def generate(plan, outbox, templates):
    """Write one workbook per department from PLAN into OUTBOX.

    Example: malxl generate plan.xlsx -o utkorg
    """
    from .generate import generate as run
    from .plan import read_plan

    t = texts()
    result = run(read_plan(plan), outbox, templates=templates)
    click.echo(t("cli.generated", count=len(result.written), outbox=result.outbox))
    if result.replaced:
        click.echo(t("cli.replaced", files=", ".join(p.name for p in result.replaced)))
    if result.left_alone:
        click.echo(t("cli.left_alone", files=", ".join(p.name for p in result.left_alone)))


@cli.command()
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@click.option("--plan", type=click.Path(dir_okay=False, path_type=Path),
              help="The plan workbook (default: plan.xlsx beside INBOX).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="The merged workbook (default: sammanstallning.xlsx beside INBOX).")
def collect(inbox, plan, out):
    """Read every workbook in INBOX, validate, merge and write the merged workbook.

    Exits 0 without errors, 1 if any finding is an error, 2 if it cannot run.

    Example: malxl collect inbox
    """
    from .collect import collect as run

    result = run(inbox, plan, out)
    t = texts(result.merged.plan.settings.language)
    plan_ = result.merged.plan
    click.echo(t("cli.collected", path=result.path))
    if result.backup:
        click.echo(t("cli.backup", path=result.backup.name))
    click.echo(t("cli.answered", answered=len(result.merged.answered), total=len(plan_.departments)))
    missing = [d.name for d in plan_.departments if d.name not in result.merged.answered]
    if missing:
        click.echo(t("cli.not_answered", departments=", ".join(missing)))
    _counts(result.findings, t)
    _print_findings(result.findings, t)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("merged", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the report (default: rapport/ beside MERGED).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with your own templates (html/*, docx/rapport.docx); see malxl init --templates.")
@click.option("--pdf", is_flag=True, help="Also write rapport.pdf (needs chromium, else LibreOffice).")
def report(merged, out_dir, templates, pdf):
    """Write the report from the merged workbook MERGED: rapport.xlsx, rapport.html, rapport.docx.

    Exits 1 if errors remain (the report is still written; rapport.xlsx lists them).

    Example: malxl report sammanstallning.xlsx --pdf
    """
    from .report import report as run

    result = run(merged, out_dir, templates=templates, pdf=pdf)
    t = texts(result.model.lang)
    for path in result.paths:
        click.echo(t("cli.report_written", path=path))
    click.echo(result.model.summary.sentence)
    _counts(result.findings, t)
    _print_findings(result.findings, t)
    sys.exit(1 if result.errors else 0)


@cli.command()
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@click.option("--plan", type=click.Path(dir_okay=False, path_type=Path),
              help="The plan workbook (default: plan.xlsx beside INBOX).")
def status(inbox, plan):
    """Show who has answered in INBOX: file, errors, warnings and days to the deadline. Writes nothing.

    Exits 0 when every department has answered without errors, 1 otherwise, 2 if it cannot run.

    Example: malxl status inbox
    """
    from .status import render, status as run

    result = run(inbox, plan)
    t = texts(result.plan.settings.language)
    for line in render(result, t):
        click.echo(line)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("merged", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the packages (default: aterkoppling/ beside MERGED).")
@click.option("-d", "--department", "departments", multiple=True,
              help="Only this department (repeatable).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]),
              help="A new reply deadline for workbooks and emails (default: Sista svarsdag in the plan).")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder with your own templates (xlsx/avdelning.xlsx, email/atgarda.txt, email/paminnelse.txt).")
@click.option("--send", is_flag=True, help="Send the emails over SMTP instead of writing drafts.")
@click.option("--smtp-host", help="SMTP server (with --send).")
@click.option("--smtp-port", type=int, default=587, show_default=True, help="SMTP port.")
@click.option("--smtp-starttls/--no-smtp-starttls", default=True, show_default=True,
              help="Upgrade the connection with STARTTLS.")
@click.option("--smtp-user", default="", help="SMTP login; the password is read from $MALXL_SMTP_PASSWORD.")
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
@click.argument("merged", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--period", required=True, help="The new round's period, e.g. \"Tertial 1 2024\".")
@click.option("--report-date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="The new report date (YYYY-MM-DD).")
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]),
              help="The new reply deadline (default: the report date + 14 days).")
def next_(merged, directory, period, report_date, deadline):
    """Start the next round in DIRECTORY from the last round's merged workbook MERGED.

    Writes DIRECTORY/plan.xlsx with every activity not finished (with its last end date), the rows
    departments added planned under new ids, and the history of every earlier round; an empty inbox/
    and a how-to. Never overwrites a plan.

    Example: malxl next sammanstallning.xlsx ../tertial1-2024 --period "Tertial 1 2024" --report-date 2024-04-30
    """
    from .nextround import next_round

    result = next_round(merged, directory, period, report_date.date(), deadline.date() if deadline else None)
    s = result.plan.settings
    t = texts(s.language)
    click.echo(t("cli.next_done", period=s.period, path=result.directory))
    click.echo(t("cli.next_carried", carried=len(result.carried), finished=len(result.finished),
                 previous=result.previous_period))
    for p in result.planned:
        click.echo(t("cli.next_planned", department=p.department, old=p.old, id=p.id, title=p.title))
    for p in result.unplaced:
        click.echo(t("cli.next_unplaced", department=p.department, old=p.old, title=p.title))
    if result.errors:
        codes = sorted({f.code for f in result.errors})
        click.echo(t("cli.next_errors", file=Path(merged).name, count=len(result.errors), codes=", ".join(codes)))
    click.echo(t("cli.next_edit", plan=result.plan_path))


def main():
    cli(prog_name="malxl")


if __name__ == "__main__":
    main()
