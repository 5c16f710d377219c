"""``complycheck report``: the annual complaints performance report as HTML or PDF.

Kept apart from :mod:`complycheck.cli`, which only registers it; the page itself is
:mod:`complycheck.annual`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from .reporting.period import MONTH, PeriodError, ReportingPeriod
from .reporting.tsm import CH02_BASES, DEFAULT_BASIS, Ch02Basis

__all__ = ["report"]

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _guidance(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from .cli import _known_guidance  # the check command's own test of the name

    return _known_guidance(ctx, param, value)


def _period(text: str | None, start: datetime | None, end: datetime | None) -> ReportingPeriod:
    try:
        if text is not None:
            if start is not None or end is not None:
                raise click.BadParameter(
                    "give a reporting year or --from/--to, not both", param_hint="'--period'"
                )
            return ReportingPeriod.reporting_year(text)
        if start is None or end is None:
            raise click.UsageError(
                "a report covers a period: give --period 2024-25 (1 April to 31 March), "
                "or --from DATE --to DATE"
            )
        return ReportingPeriod.between(start.date(), end.date())
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None


@click.command(short_help="Write the annual complaints performance report (HTML or PDF).")
@click.argument("files", nargs=-1, required=True, metavar="LOG...")
@click.option("--period", metavar="YYYY-YY", help="Reporting year, e.g. 2024-25.")
@click.option("--from", "start", type=_DATE, metavar="DATE", help="Period start (with --to).")
@click.option("--to", "end", type=_DATE, metavar="DATE", help="Period end (with --from).")
@click.option("--as-of", type=_DATE, metavar="DATE", help="Default: the period's end, or today.")
@click.option("--homes", type=click.IntRange(min=1), metavar="N", help="Homes owned, for CH01.")
@click.option(
    "--homes-lcra", type=click.IntRange(min=1), metavar="N", help="Low-cost rental homes."
)
@click.option(
    "--homes-lcho", type=click.IntRange(min=1), metavar="N", help="Low-cost home ownership homes."
)
@click.option("--tenure-column", metavar="COLUMN", help="Column of each complaint's tenure.")
@click.option(
    "--group-by",
    multiple=True,
    metavar="COLUMN",
    help=f"Break the figures down by a column of the log, or {MONTH!r}; repeatable.",
)
@click.option(
    "--landlord", metavar="NAME", help="Landlord named on the report (default: the log's)."
)
@click.option(
    "--ch02-basis",
    "basis",
    type=click.Choice([basis.name for basis in CH02_BASES]),
    default=DEFAULT_BASIS.name,
    show_default=True,
    help="CH02 basis of the headline; every basis is in the method section.",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["html", "pdf"]),
    help="Default: from the --output suffix (.pdf), else html.",
)
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE, not stdout.")
@click.option("--ruleset", metavar="ID_OR_PATH", help="Force a ruleset instead of by date.")
@click.option(
    "--guidance",
    metavar="ID",
    callback=_guidance,
    help="Remedies guidance edition instead of the one in force on the as-of date.",
)
@click.option(
    "--layout", type=click.Choice(["auto", "long", "wide"]), default="auto", show_default=True
)
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", metavar="NAME", help="XLSX sheet to read (default: the first).")
@click.option("--dayfirst/--monthfirst", default=True, help="How to read 03/04/2023.")
@click.option(
    "--header-row",
    type=click.IntRange(min=1),
    metavar="N",
    help="The row holding the log's column headers (default: found, past title rows).",
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("-q", "--quiet", is_flag=True, help="No notes on stderr.")
def report(
    files: tuple[str, ...],
    period: str | None,
    start: datetime | None,
    end: datetime | None,
    as_of: datetime | None,
    homes: int | None,
    homes_lcra: int | None,
    homes_lcho: int | None,
    tenure_column: str | None,
    group_by: tuple[str, ...],
    landlord: str | None,
    basis: str,
    format_: str | None,
    output: str | None,
    ruleset: str | None,
    guidance: str | None,
    layout: str,
    mapping: Path | None,
    sheet: str | None,
    dayfirst: bool,
    header_row: int | None,
    jobs: int,
    quiet: bool,
) -> None:
    """Write the annual complaints performance report of the complaint LOG(s) for a period:
    headline figures and TSM CH01/CH02, trends by month, compliance by duty, indicative
    findings, breakdowns, self-assessment evidence and the method, as one self-contained
    HTML page (no scripts, no network) or its PDF.

    \b
    Examples:
      complycheck report complaints.xlsx --period 2024-25 --homes 4200 -o report.html
      complycheck report complaints.csv --period 2024-25 --group-by Team -o report.pdf

    Input errors are listed on stderr and named in the report. Exit status: 0 when the
    report was written, 2 for bad usage or input errors (the report is still written).
    """
    from .annual import build_report, render_html
    from .annual.pdf import BrowserMissingError, find_browser, print_pdf
    from .cli import _library_errors, _warn
    from .cli_output import CliError, open_output, stops_on_signals
    from .render import Summary
    from .reporting.api import ReportOptionError
    from .reporting.rows import CaseRow
    from .rulesets import load_ruleset

    chosen = _period(period, start, end)
    if format_ is None:
        format_ = "pdf" if output and Path(output).suffix.lower() == ".pdf" else "html"
    if format_ == "pdf":
        if output in (None, "-") and sys.stdout.isatty():
            raise click.UsageError("a PDF is binary: write it with -o FILE.pdf")
        if find_browser() is None:
            raise CliError(str(BrowserMissingError()))
    for name in files:
        if name == "-" or not Path(name).is_file():
            raise click.BadParameter(f"{name!r} is not a file", param_hint="'LOG'")
    summary = Summary()  # holds the warnings about whole inputs, as for check
    errors = 0

    def on_row(row: CaseRow) -> None:
        nonlocal errors
        if row.errors:
            errors += 1
            if not quiet:
                for text in row.errors:
                    click.echo(text, err=True)

    with _library_errors(), stops_on_signals():
        if ruleset is not None:
            load_ruleset(ruleset)
        try:
            built = build_report(
                files,
                chosen,
                landlord=landlord,
                group_by=group_by,
                as_of=as_of.date() if as_of else None,
                homes=homes,
                homes_lcra=homes_lcra,
                homes_lcho=homes_lcho,
                tenure_column=tenure_column,
                basis=Ch02Basis.parse(basis),
                ruleset=ruleset,
                guidance=guidance,
                layout=layout,
                mapping=mapping,
                sheet=sheet,
                dayfirst=dayfirst,
                header_row=header_row,
                jobs=jobs,
                warn=lambda text: _warn(summary, quiet, text),
                observe=on_row,
                today=date.today(),
            )
        except ReportOptionError as exc:
            hint = f"'--{exc.option.replace('_', '-')}'"
            raise click.BadParameter(str(exc), param_hint=hint) from None
        html = render_html(built)
        if format_ == "html":
            with open_output(output) as stream:
                stream.write(html)
        else:
            _write_pdf(html, output, print_pdf)
    if not quiet:
        figures = built.summary
        click.echo(
            f"Report of {figures.figures.complaints} complaints in {chosen.label} "
            f"(read {figures.cases_read}; skipped {figures.skipped})"
            + (f" written to {output}." if output not in (None, "-") else "."),
            err=True,
        )
    if errors:
        click.echo(
            f"Error: {errors} complaint{'' if errors == 1 else 's'} had input errors (listed "
            "above) and were not checked; the report names them.",
            err=True,
        )
        click.get_current_context().exit(2)


def _write_pdf(html: str, output: str | None, print_pdf: object) -> None:
    assert callable(print_pdf)
    if output in (None, "-"):
        with tempfile.TemporaryDirectory() as work:
            target = Path(work) / "report.pdf"
            print_pdf(html, target)
            sys.stdout.buffer.write(target.read_bytes())
        return
    target = Path(output)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    os.close(handle)
    try:
        print_pdf(html, Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
