"""The reporting-year options of ``complycheck check``: periods, filters, group-by, TSM.

Kept apart from :mod:`complycheck.cli` so the command's own module stays small: the
options are added by one decorator, :func:`year_options`, which hands them to the command
as a single :class:`YearOptions`; :func:`run_year` runs a log through
:func:`~complycheck.reporting.check_log` and writes any format from it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from .reporting.filters import DEFAULT_DUE_WITHIN, ONLY, Only
from .reporting.period import MONTH, PeriodError, ReportingPeriod
from .reporting.tsm import CH02_BASES, DEFAULT_BASIS, Ch02Basis
from .vocabulary import Format

if TYPE_CHECKING:
    from .logs.streams import LogStream
    from .render import Summary, Writer
    from .render.cases_csv import CasesCsvWriter
    from .render.xlsx import XlsxWriter
    from .render.year_summary import SummaryForm
    from .reporting.figures import LogSummary
    from .reporting.rows import CaseRow
    from .reporting.scope import PeriodScope

__all__ = [
    "YEAR_FORMATS",
    "YearOptions",
    "run_year",
    "write_year",
    "year_format",
    "year_options",
]

#: Formats written from per-complaint rows and the year's figures.
YEAR_FORMATS = ("cases", "xlsx", "summary", "summary-markdown", "summary-json")
_SUMMARY_FORMS: dict[str, SummaryForm] = {  # the form each summary format writes
    "summary": "text",
    "summary-markdown": "markdown",
    "summary-json": "json",
}
_SUMMARY_BY_SUFFIX = {".md": "summary-markdown", ".json": "summary-json"}
_DATE = click.DateTime(formats=["%Y-%m-%d"])


@dataclass(frozen=True, slots=True)
class YearOptions:
    period: ReportingPeriod | None
    only: tuple[Only, ...]
    due_within: int | None
    group_by: tuple[str, ...]
    homes: int | None
    homes_lcra: int | None
    homes_lcho: int | None
    tenure_column: str | None
    basis: Ch02Basis

    def wanted(self, format_: str | None) -> bool:
        """Whether the run needs per-complaint rows or the year's figures; a period or an
        as-of day alone only leaves complaints out (see :meth:`scope`)."""
        return (
            format_ in YEAR_FORMATS
            or bool(self.only)
            or self.due_within is not None
            or bool(self.group_by)
            or self.homes is not None
            or self.homes_lcra is not None
            or self.homes_lcho is not None
        )

    def scope(
        self, files: tuple[str, ...], as_of: date | None, stdin_format: str | None = None
    ) -> PeriodScope | None:
        """What leaves complaints out of a per-check run: a period, or an as-of day on a
        log (a complaint received after it is not yet received, not an input error). A
        log on standard input (``-`` with ``stdin_format``) is a log like a file."""
        from .loading import LOG_SUFFIXES

        on_log = any(
            Path(f).suffix.lower() in LOG_SUFFIXES or (f == "-" and stdin_format is not None)
            for f in files
        )
        if self.period is None and not (as_of is not None and on_log):
            return None
        from .reporting.scope import PeriodScope  # here: most runs of one case need none

        if as_of is None and self.period is not None:
            as_of = self.period.default_as_of(date.today())
        return PeriodScope(self.period, as_of)


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        try:
            ReportingPeriod.reporting_year(value)
        except PeriodError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
    return value


def _basis(ctx: click.Context, param: click.Parameter, value: str) -> Ch02Basis:
    return Ch02Basis.parse(value)


_OPTIONS: tuple[Callable[[Any], Any], ...] = (
    click.option(
        "--period",
        metavar="YYYY-YY",
        callback=_period,
        help="Reporting year, 1 April to 31 March (e.g. 2024-25). Complaints outside it "
        "are skipped and counted; --as-of defaults to its end once it is over.",
    ),
    click.option("--from", "from_", type=_DATE, metavar="DATE", help="Period start (with --to)."),
    click.option("--to", "to", type=_DATE, metavar="DATE", help="Period end (with --from)."),
    click.option(
        "--only",
        type=click.Choice(ONLY),
        multiple=True,
        help="List only complaints of this kind; repeat for several (any of them).",
    ),
    click.option(
        "--due-within",
        type=click.IntRange(min=0),
        metavar="N",
        help=f"due-soon: next deadline within N working days (default {DEFAULT_DUE_WITHIN}); "
        "implies --only due-soon.",
    ),
    click.option(
        "--group-by",
        multiple=True,
        metavar="COLUMN",
        help=f"Break the summary down by an export column (team, officer...) or {MONTH!r} "
        "(month received); repeat for several.",
    ),
    click.option(
        "--homes", type=click.IntRange(min=1), metavar="N", help="Homes owned, for TSM CH01."
    ),
    click.option(
        "--homes-lcra",
        type=click.IntRange(min=1),
        metavar="N",
        help="Low-cost rental homes (CH01/CH02 split by the tenure column).",
    ),
    click.option(
        "--homes-lcho",
        type=click.IntRange(min=1),
        metavar="N",
        help="Low-cost home ownership homes (CH01/CH02 split by the tenure column).",
    ),
    click.option(
        "--tenure-column",
        metavar="COLUMN",
        help="Export column holding each complaint's tenure (default: Tenure).",
    ),
    click.option(
        "--ch02-basis",
        "basis",
        type=click.Choice([basis.name for basis in CH02_BASES]),
        default=DEFAULT_BASIS.name,
        show_default=True,
        callback=_basis,
        help="CH02 basis shown as the headline; every basis is printed.",
    ),
)


def year_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add the reporting options to ``command``, which receives them as ``year``."""

    @functools.wraps(command)
    def with_year(**kwargs: Any) -> None:
        from_, to = kwargs.pop("from_"), kwargs.pop("to")
        period_text = kwargs.pop("period")
        year = YearOptions(
            _chosen_period(period_text, from_, to),
            kwargs.pop("only"),
            kwargs.pop("due_within"),
            kwargs.pop("group_by"),
            kwargs.pop("homes"),
            kwargs.pop("homes_lcra"),
            kwargs.pop("homes_lcho"),
            kwargs.pop("tenure_column"),
            kwargs.pop("basis"),
        )
        command(year=year, **kwargs)

    for option in reversed(_OPTIONS):
        with_year = option(with_year)
    return with_year


def _chosen_period(
    text: str | None, from_: datetime | None, to: datetime | None
) -> ReportingPeriod | None:
    if text is not None:
        if from_ is not None or to is not None:
            raise click.BadParameter(
                "give a reporting year or --from/--to, not both", param_hint="'--period'"
            )
        return ReportingPeriod.reporting_year(text)
    if from_ is None and to is None:
        return None
    if from_ is None or to is None:
        missing = "--from" if from_ is None else "--to"
        raise click.BadParameter(
            "a period needs both --from and --to (or --period)", param_hint=f"'{missing}'"
        )
    try:
        return ReportingPeriod.between(from_.date(), to.date())
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--from'") from None


def year_format(format_: str | None, output: str | None) -> str | None:
    """``--format``, or the format an ``--output`` suffix implies for reporting formats."""
    suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
    if format_ is None and suffix == ".xlsx":
        return "xlsx"
    if format_ == "summary" and suffix in _SUMMARY_BY_SUFFIX:
        return _SUMMARY_BY_SUFFIX[suffix]
    return format_


def run_year(
    files: tuple[str, ...],
    stream: TextIO,
    format_: str,
    year: YearOptions,
    summary: Summary,
    *,
    make_writer: Callable[[Format], Writer],
    on_row: Callable[[CaseRow], None],
    note: Callable[[str], None],
    check_options: dict[str, Any],
) -> None:
    """Check ``files`` for the period and write ``format_`` to ``stream`` (see
    :func:`write_year`); a report option the log cannot satisfy is a usage error."""
    if format_ == "xlsx" and stream.isatty():
        raise click.UsageError("xlsx is a binary workbook: write it with -o FILE.xlsx")
    from .reporting.api import ReportOptionError

    written = write_year(
        files,
        stream,
        format_,
        year,
        summary,
        make_writer=make_writer,
        on_row=on_row,
        note=note,
        check_options=check_options,
    )
    try:
        for _ in written:
            pass
    except ReportOptionError as exc:
        hint = f"'--{exc.option.replace('_', '-')}'"
        raise click.BadParameter(str(exc), param_hint=hint) from None


def write_year(
    source: tuple[str, ...] | LogStream,
    stream: TextIO,
    format_: str,
    year: YearOptions,
    summary: Summary,
    *,
    make_writer: Callable[[Format], Writer],
    on_row: Callable[[CaseRow], None],
    note: Callable[[str], None],
    check_options: dict[str, Any],
) -> Iterator[None]:
    """Check ``source`` (files, or a log read from a stream) for the period and write
    ``format_`` to ``stream``, yielding after each row is written and at the end, so that
    a caller may pass on what was written so far (the HTTP service streams it).

    ``summary`` counts every complaint in the report (what the exit status is decided
    from); ``on_row`` sees each row as it passes (the CLI lists input errors and shows
    progress); ``note`` gets the period's accounting of what was read and left out.
    Raises :class:`~complycheck.reporting.api.ReportOptionError` before anything is
    written for an option the log cannot satisfy.
    """
    # imported here: the log readers and openpyxl cost every other run its start-up time
    from .render.cases_csv import CasesCsvWriter
    from .render.xlsx import SHEET_ROWS, XlsxWriter
    from .render.year_summary import write_summary
    from .reporting.api import check_log

    result = check_log(
        source,
        period=year.period,
        group_by=year.group_by,
        homes=year.homes,
        homes_lcra=year.homes_lcra,
        homes_lcho=year.homes_lcho,
        tenure_column=year.tenure_column,
        basis=year.basis,
        only=(*year.only, *(("due-soon",) if year.due_within is not None else ())),
        due_within=DEFAULT_DUE_WITHIN if year.due_within is None else year.due_within,
        observe=partial(_count, summary, on_row),
        # the cases and summary formats need the rows alone, not the checks behind them
        keep_results=format_ not in ("cases", *_SUMMARY_FORMS),
        **check_options,
    )
    writer: Writer | CasesCsvWriter | XlsxWriter | None  # None: the summary alone
    if format_ == "cases":
        writer = CasesCsvWriter(stream)
    elif format_ == "xlsx":
        stream.flush()
        writer = XlsxWriter(stream.buffer)
    elif format_ in _SUMMARY_FORMS:
        writer = None
    else:
        writer = make_writer(format_)  # type: ignore[arg-type]
    for row in result.cases:
        if writer is None:
            continue
        if isinstance(writer, (CasesCsvWriter, XlsxWriter)):
            writer.write(row)
        elif row.result is not None:
            writer.write(row.result)
        yield
    figures = result.summary
    if isinstance(writer, CasesCsvWriter):
        writer.close()
    elif isinstance(writer, XlsxWriter):
        writer.close(figures)
        for sheet, count in writer.not_written.items():
            if count:
                note(
                    f"Warning: {count} rows of the {sheet} sheet were not written: a sheet holds "
                    f"{SHEET_ROWS:,} rows; --format cases or jsonl has them all."
                )
    elif writer is None:
        write_summary(figures, _SUMMARY_FORMS[format_], stream)
    else:
        writer.close(summary)
    note(
        _accounting(
            figures,
            result.listed,
            result.filtered_out,
            bool(year.only or year.due_within is not None),
        )
    )
    yield


def _count(summary: Summary, on_row: Callable[[CaseRow], None], row: CaseRow) -> None:
    """Every row of the report counts towards the exit status, listed or not."""
    if row.tally is not None:
        summary.add_tally(row.tally)
    on_row(row)


def _accounting(figures: LogSummary, listed: int, filtered_out: int, filtering: bool) -> str:
    from .reporting.scope import accounting

    text = accounting(
        figures.cases_read,
        figures.figures.complaints,
        figures.skipped_before_period,
        figures.skipped_after_period,
        figures.not_yet_received,
        figures.period is not None,
        figures.as_of,
    )
    if filtering:
        text += f"; listed: {listed} ({filtered_out} left out by --only)"
    return text + "."
