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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks.")
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
    malxl report sammanstallning.xlsx
    """
    import os

    ctx.obj = {"debug": debug}
    if lang:
        os.environ["MALXL_LANG"] = lang


def _print_findings(findings, t):
    from .findings import sort_key

    shown = sorted(findings, key=sort_key)
    for f in shown[:MAX_PRINTED]:
        click.echo(t("cli.finding_line", severity=t(f"severity.{f.severity.value}"), code=f.code,
                     where=f.where, message=f.message))
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
def report(merged, out_dir):
    """Write the report from the merged workbook MERGED (rapport.xlsx).

    Exits 1 if errors remain (the report is still written and lists them).

    Example: malxl report sammanstallning.xlsx
    """
    from .report import report as run

    result = run(merged, out_dir)
    t = texts(result.model.lang)
    for path in result.paths:
        click.echo(t("cli.report_written", path=path))
    click.echo(result.model.summary.sentence)
    _counts(result.findings, t)
    _print_findings(result.findings, t)
    sys.exit(1 if result.errors else 0)


def main():
    cli(prog_name="malxl")


if __name__ == "__main__":
    main()
