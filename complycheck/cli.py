"""The ``complycheck`` command: the only place that prints, reads the terminal or exits.

Exit codes a CI pipeline can rely on (decided by :class:`~complycheck.exit_policy.
ExitPolicy`, which the JUnit output follows too): 0 when every case's indicative finding is
at or below ``--fail-on``, 1 when some case is above it, 2 for bad usage, a library error
(``Error: ...`` on stderr, never a traceback) or more inputs that could not be checked than
``--max-input-errors`` allows (they are all reported, and the other cases still checked
and written). Results go to stdout or ``--output``; diagnostics and progress go to stderr.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, cast

import click

from .cli_mapping import mapping_group
from .cli_output import (
    CliError,
    Stopped,
    guarded,
    open_output,
    quiet_exit,
    stops_on_signals,
)
from .cli_serve import serve
from .cli_year import YEAR_FORMATS, YearOptions, run_year, year_format, year_options
from .errors import ComplycheckError, one_of, quoted, shown
from .escapes import visible
from .exit_policy import ExitPolicy
from .vocabulary import FINDINGS, FORMATS, NATIONS, Format, Nation

# The checker (pydantic models, rulesets, bank holidays, log readers) is imported inside the
# commands that use it: `complycheck --help` and a mistyped option must answer at once.
if TYPE_CHECKING:
    from .inputs import RawCase
    from .logs import Layout
    from .logs.ranges import RangePart
    from .render import Summary, Writer
    from .render.common import RenderingWriter
    from .reporting.rows import CaseRow
    from .reporting.scope import PeriodScope
    from .results import CaseResult
    from .workdays import WorkingDayCalendar

__all__ = ["main"]

#: ``--output`` suffixes that choose a format when ``--format`` is not given.
_FORMAT_BY_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".md": "markdown",
    ".csv": "csv",
    ".xml": "junit",
}
_DATE = click.DateTime(formats=["%Y-%m-%d"])


class _CountableDate(click.DateTime):
    """A date the calendar can count: ``--as-of`` outside the span is one usage error, not
    the same input error repeated on every case of a log."""

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d"])

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> datetime:
        from .models import within_span

        day: datetime = super().convert(value, param, ctx)
        try:
            within_span(day.date())
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return day


_AS_OF = _CountableDate()


def _known_guidance(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--guidance ID``: a bundled edition, else a usage error listing the valid ones."""
    if value is None:
        return None
    from .guidance import list_guidance

    known = list_guidance()
    if value not in known:
        raise click.BadParameter(
            f"unknown guidance {value!r}; the editions are {', '.join(known)} "
            "(see complycheck rules)",
            ctx,
            param,
        )
    return value


_guidance_option = click.option(
    "--guidance",
    metavar="ID",
    callback=_known_guidance,
    help="Apply this remedies guidance edition instead of the one in force on the "
    "as-of date (complycheck rules lists them).",
)
_EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `yes | head`


@contextlib.contextmanager
def _library_errors(*, calendar: bool = False) -> Iterator[None]:
    """Turn the library's deliberate errors into ``Error: ...``, exit 2.

    With ``calendar``, also the calendar's ValueError for a date outside its supported span
    (the only ValueError a user can cause there); elsewhere a ValueError is a bug and keeps
    its traceback.
    """
    try:
        yield
    except ComplycheckError as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:
        if not calendar:
            raise
        raise CliError(str(exc)) from None


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the tool's version and the bank-holiday data's, read only when asked."""
    if not value or ctx.resilient_parsing:
        return
    from ._version import __version__
    from .workdays import holidays_version

    click.echo(f"complycheck {__version__} (holidays {holidays_version()})")
    ctx.exit()


class _Commands(click.Group):
    """The command group, which also answers for a standard error that cannot be written.

    click reports errors on standard error; when that is closed or full, what is left is
    the exit status: 2, as for any error, never a traceback nobody can read.
    """

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:
            with contextlib.suppress(Exception):
                where = f": {exc.filename}" if exc.filename else ""
                click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
            quiet_exit(2)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def main() -> None:
    """Check a social landlord's complaint handling against the Housing Ombudsman's
    Complaint Handling Code, and say what the Ombudsman would most likely find."""


main.add_command(mapping_group)
main.add_command(serve)


#: Logs this large (in all) are checked by one worker per core unless --jobs says otherwise:
#: starting the workers costs a fraction of a second, about what one process takes to
#: check a thousand complaints.
AUTO_JOBS_BYTES = 1 << 20


# -- check ------------------------------------------------------------------------------


def _log_options(command: Callable[..., None]) -> Callable[..., None]:
    """How a log is read: the same options for ``check`` and ``explain``, so that explain
    reads a row exactly as check did."""
    options = [
        click.option(
            "--layout",
            type=click.Choice(["auto", "long", "wide"]),
            default="auto",
            show_default=True,
            help="Log layout: a row per event (long) or per complaint (wide).",
        ),
        click.option(
            "--mapping",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Column mapping (YAML) for a wide log.",
        ),
        click.option("--sheet", metavar="NAME", help="XLSX sheet to read (default: the first)."),
        click.option(
            "--dayfirst/--monthfirst", default=True, help="How to read 03/04/2023 in logs."
        ),
        click.option(
            "--header-row",
            type=click.IntRange(min=1),
            metavar="N",
            help="The row holding a log's column headers (default: the first row that "
            "holds headers complycheck knows, so title rows above it are skipped).",
        ),
        click.option(
            "--input-format",
            type=click.Choice(["csv", "xlsx", "jsonl"]),
            help="Read standard input (-) as a log of this format, not as YAML/JSON cases.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command(short_help="Check complaint cases against the Code.")
@click.argument("files", nargs=-1, required=True, metavar="FILE... | -")
@click.option(
    "--format",
    "format_",
    type=click.Choice([*FORMATS, *YEAR_FORMATS]),
    help="Output format. Default: from the --output suffix (.json .jsonl .csv .md .xml "
    ".txt .xlsx), else text on a terminal and json when piped. cases: a row per "
    "complaint; summary: the figures only (-o .md or .json for those forms).",
)
@click.option("-o", "--output", metavar="FILE", help="Write results to FILE, not stdout.")
@click.option("--as-of", type=_AS_OF, metavar="DATE", help="Treat DATE as today (YYYY-MM-DD).")
@click.option("--ruleset", metavar="ID_OR_PATH", help="Force a ruleset instead of by date.")
@_guidance_option
@click.option(
    "--engine",
    type=click.Choice(["builtin", "durable"]),
    default="builtin",
    show_default=True,
    help="Rule evaluator.",
)
@click.option(
    "--fail-on",
    type=click.Choice([*FINDINGS, "never"]),
    default="no_maladministration",
    show_default=True,
    help="Exit 1 when a case's indicative finding is above this level.",
)
@_log_options
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes; output order and bytes are unchanged. Default: one per core "
    f"when the inputs' logs add up to {AUTO_JOBS_BYTES // 2**20} MB or more, else 1.",
)
@click.option(
    "--max-input-errors",
    type=click.IntRange(min=0),
    metavar="N",
    help="Inputs that cannot be checked (bad rows, cases or files, logs with no "
    "complaints) tolerated before exiting 2; each is still reported. Default: 0, or any "
    "number with --fail-on never.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress, summary or notes on stderr.")
@year_options
def check(
    files: tuple[str, ...],
    format_: str | None,
    output: str | None,
    as_of: datetime | None,
    ruleset: str | None,
    guidance: str | None,
    engine: str,
    fail_on: str,
    layout: Layout,
    mapping: Path | None,
    sheet: str | None,
    dayfirst: bool,
    header_row: int | None,
    input_format: str | None,
    jobs: int | None,
    max_input_errors: int | None,
    quiet: bool,
    year: YearOptions,
) -> None:
    """Check the cases in FILE(s): YAML or JSON cases, or CSV/TSV/XLSX/JSONL logs.

    \b
    Examples:
      complycheck check case.yaml
      complycheck check complaints.xlsx --format csv -o findings.csv
      cat case.json | complycheck check - --as-of 2024-05-01
      complycheck check - --input-format csv < export.csv
      complycheck check log.xlsx --only due-soon --format cases -o due.csv
      complycheck check log.xlsx --period 2024-25 --homes 4200 -o year.xlsx

    Input errors are listed on stderr as they are found. csv has no room for the
    run summary, so it goes to stderr (to stdout when --output takes the csv).

    Exit status: 0 when every case is at or below --fail-on, 1 when some case is
    above it, 2 for bad usage or for more bad inputs than --max-input-errors allows
    (the other cases are still reported). --fail-on never: 0 unless usage is wrong.
    """
    from .loading import read_input_parts
    from .render import Summary
    from .render.common import RenderingWriter
    from .rulesets import load_ruleset

    policy = ExitPolicy.from_options(fail_on, max_input_errors)
    format_ = year_format(format_, output)
    jobs = jobs or _default_jobs(files)
    if year.wanted(format_):
        options: dict[str, object] = {"ruleset": ruleset, "engine": engine, "jobs": jobs}
        options.update(guidance=guidance)
        options.update(layout=layout, mapping=mapping, sheet=sheet, dayfirst=dayfirst)
        options.update(header_row=header_row, stdin_format=input_format)
        summary = _run_year(files, format_, output, year, quiet, as_of, options, policy)
        click.get_current_context().exit(_exit_status(summary, policy, quiet))
    to_file = output not in (None, "-")
    scope = None
    try:
        with _library_errors(), stops_on_signals():
            if ruleset is not None:
                load_ruleset(ruleset)  # fail before any output, not once per case
            with open_output(output) as stream:
                chosen = cast(Format, format_) or _default_format(output, stream)
                writer = _writer(chosen, stream, quiet=quiet, to_file=to_file, policy=policy)
                summary = Summary()
                in_parts = jobs > 1 and isinstance(writer, RenderingWriter)
                raws = read_input_parts(
                    files,
                    layout=layout,
                    mapping=mapping,
                    sheet=sheet,
                    dayfirst=dayfirst,
                    header_row=header_row,
                    stdin_format=input_format,
                    warn=partial(_warn, summary, quiet),
                    describe=lambda notes: summary.logs.append(notes.to_dict()),
                    ranges=in_parts,
                )
                if scope := year.scope(files, day := as_of.date() if as_of else None, input_format):
                    day = scope.as_of
                    if not in_parts:  # else each worker leaves out cases of its own part
                        raws = scope(cast("Iterator[RawCase]", raws))
                _run(
                    raws,
                    summary,
                    writer=writer,
                    progress=_Progress(enabled=not quiet and _progress_wanted(to_file)),
                    ruleset=ruleset,
                    as_of=day,
                    engine=engine,
                    jobs=jobs,
                    scope=scope,
                    guidance=guidance,
                )
                writer.close(summary)
    except BrokenPipeError:
        _reader_went_away()
    except Stopped as stopped:
        _stopped(stopped, output)
    if scope and not quiet:
        _say(scope.accounting() + ".")
    status = _exit_status(summary, policy, quiet)
    if click.get_current_context().meta.get(_STDERR_FAILED):
        quiet_exit(2)  # the results are out; what stderr should have said is not
    click.get_current_context().exit(status)


_STDERR_FAILED = "complycheck.stderr_failed"


def _stopped(stopped: Stopped, output: str | None) -> NoReturn:
    """SIGINT or SIGTERM ended a run: say so (and that -o's file is untouched), and exit
    with 128 + the signal's number, as a shell reports it."""
    left = f"; {output} was left as it was" if output not in (None, "-") else ""
    _say(f"Stopped by {stopped.name}{left}.")
    click.get_current_context().exit(stopped.exit_code)


def _say(text: str, *, nl: bool = True) -> None:
    """A line on stderr. A run goes on without it when stderr cannot be written (a full
    disk): the results still come out, and the exit status is 2."""
    try:
        click.echo(text, err=True, nl=nl)
    except OSError:
        click.get_current_context().meta[_STDERR_FAILED] = True


def _writer(
    chosen: str, stream: TextIO, *, quiet: bool, to_file: bool, policy: ExitPolicy
) -> Writer:
    """The writer of one format for a check run, set up for where its output goes."""
    from .render import make_writer

    return make_writer(
        cast(Format, chosen),
        stream,
        color=_use_colour(stream),
        width=shutil.get_terminal_size().columns,
        summary_stream=None if quiet else _summary_stream(to_file),
        policy=policy,
    )


def _summary_stream(to_file: bool) -> TextIO | None:
    """Where csv's summary goes: stdout when the csv goes to a file, else stderr; neither
    when that stream is closed."""
    stream = sys.stdout if to_file else sys.stderr
    if stream is None:
        return None
    return guarded(stream, "standard output" if to_file else "standard error")


def _run_year(
    files: tuple[str, ...],
    format_: str | None,
    output: str | None,
    year: YearOptions,
    quiet: bool,
    as_of: datetime | None,
    options: dict[str, object],
    policy: ExitPolicy,
) -> Summary:
    """A run through the reporting pipeline (see :mod:`.cli_year`); its summary decides
    the exit status as a per-check run's does."""
    from .render import Summary
    from .rulesets import load_ruleset

    to_file = output not in (None, "-")
    progress = _Progress(enabled=not quiet and _progress_wanted(to_file))
    summary = Summary()

    def on_row(row: CaseRow) -> None:
        if row.errors:
            progress.clear()
            _say("\n".join(row.errors))
        progress.tick(summary.cases)

    def note(text: str) -> None:
        progress.done()
        if not quiet:
            _say(text)

    try:
        with _library_errors(), stops_on_signals():
            if options["ruleset"] is not None:
                load_ruleset(cast(str, options["ruleset"]))
            with open_output(output) as stream:
                run_year(
                    files,
                    stream,
                    format_ or _default_format(output, stream),
                    year,
                    summary,
                    make_writer=lambda chosen: _writer(
                        chosen, stream, quiet=quiet, to_file=to_file, policy=policy
                    ),
                    on_row=on_row,
                    note=note,
                    check_options={
                        "as_of": as_of.date() if as_of else None,
                        "warn": partial(_warn, summary, quiet),
                        "describe": lambda notes: summary.logs.append(notes.to_dict()),
                        **options,
                    },
                )
    except BrokenPipeError:
        _reader_went_away()
    except Stopped as stopped:
        _stopped(stopped, output)
    return summary


def _run(
    raws: Iterator[RawCase | RangePart],
    summary: Summary,
    *,
    writer: Writer,
    progress: _Progress,
    ruleset: str | None,
    as_of: date | None,
    engine: str,
    jobs: int,
    guidance: str | None,
    scope: PeriodScope | None = None,
) -> None:
    """Check every case into ``writer``, counting each into ``summary``; ``scope``, with
    ``jobs`` workers that write their own parts, is what they leave out."""
    from .render.common import RenderingWriter
    from .runner import Rendered, run_cases, run_rendered

    if jobs > 1 and isinstance(writer, RenderingWriter):
        _run_parts(
            raws,
            summary,
            writer,
            progress,
            ruleset=ruleset,
            as_of=as_of,
            engine=engine,
            jobs=jobs,
            scope=scope,
            guidance=guidance,
        )
        return
    cases = cast("Iterator[RawCase]", raws)  # ranges are asked for only by _run_parts
    results: Iterator[CaseResult | Rendered]
    if isinstance(writer, RenderingWriter):
        results = run_rendered(
            cases,
            writer.render,
            ruleset=ruleset,
            as_of=as_of,
            engine=engine,
            jobs=jobs,
            guidance=guidance,
        )
    else:
        results = run_cases(
            cases, ruleset=ruleset, as_of=as_of, engine=engine, jobs=jobs, guidance=guidance
        )
    for result in results:
        if isinstance(result, Rendered):
            summary.add_tally(result.tally)
            cast(RenderingWriter, writer).write_rendered(result.text)
        else:
            summary.add(result)
            writer.write(result)
            _report_errors(result, progress)
        progress.tick(summary.cases)
    progress.done()


def _run_parts(
    raws: Iterator[RawCase | RangePart],
    summary: Summary,
    writer: RenderingWriter,
    progress: _Progress,
    **options: Any,
) -> None:
    """As :func:`_run`, each worker checking and writing out its own share (:mod:`.parts`)."""
    from .parts import run_parts
    from .render.common import PartWriter

    whole = isinstance(writer, PartWriter)
    for part in run_parts(raws, writer.render, **options):
        for tally in part.tallies:
            summary.add_tally(tally)
        for index in sorted(part.errors):
            _report_errors(part.errors[index], progress)
        if whole:
            cast(PartWriter, writer).write_part(part.text)
        else:
            for text in part.texts():
                writer.write_rendered(text)
        progress.tick(summary.cases)
    progress.done()


def _default_jobs(files: tuple[str, ...]) -> int:
    """One worker per core for logs of :data:`AUTO_JOBS_BYTES` or more in all, else 1."""
    from .loading import LOG_SUFFIXES

    size = 0
    for name in files:
        if Path(name).suffix.lower() in LOG_SUFFIXES:
            with contextlib.suppress(OSError):
                size += os.stat(name).st_size
    if size < AUTO_JOBS_BYTES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, cores or 1)


def _warn(summary: Summary, quiet: bool, warning: str) -> None:
    """A warning about a whole input: kept for the summary, and said on stderr at once,
    before the run's results, so a wrong export is noticed before its findings are read."""
    summary.warnings.append(warning)
    if not quiet:
        _say(f"Warning: {visible(warning)}")


def _reader_went_away() -> NoReturn:
    """``complycheck check log.csv | head``: stop quietly, as a program killed by SIGPIPE would.

    stdout is pointed at /dev/null so the interpreter's final flush cannot raise again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    click.get_current_context().exit(_EXIT_BROKEN_PIPE)


def _report_errors(result: CaseResult, progress: _Progress) -> None:
    from .render.common import located_issues

    if result.errors:
        progress.clear()
        for issue in located_issues(result):
            _say(visible(str(issue)))


def _exit_status(summary: Summary, policy: ExitPolicy, quiet: bool) -> int:
    """The run's exit status, by :class:`ExitPolicy`, and a line on stderr saying why."""
    status = policy.exit_status(summary)
    bad = summary.input_errors
    if bad:
        count = f"{bad} of {summary.cases} cases had input errors (listed above)"
        if not policy.tolerates(bad):
            allowed = policy.max_input_errors
            limit = f" (--max-input-errors allows {allowed})" if allowed else ""
            _say(f"Error: {count} and were not checked{limit}; the other cases were.")
            return status
        if not quiet:
            tolerance = (
                "--fail-on never"
                if policy.max_input_errors is None
                else f"--max-input-errors {policy.max_input_errors}"
            )
            _say(f"{count} and were not checked; {tolerance} tolerates them.")
    if policy.fail_on is not None and (above := summary.above(policy.fail_on)) and not quiet:
        _say(
            f"{above} of {summary.checked} cases have an indicative finding above "
            f"{policy.fail_on} (--fail-on)."
        )
    return status


def _default_format(output: str | None, stream: TextIO) -> Format:
    if output not in (None, "-"):
        by_suffix = _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower())
        if by_suffix:
            return by_suffix
    return "text" if stream.isatty() else "json"


def _use_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _progress_wanted(to_file: bool) -> bool:
    """Progress only on a terminal, and not over results being written to the same one."""
    stderr, stdout = sys.stderr, sys.stdout  # either may be closed (None)
    return (
        stderr is not None
        and stderr.isatty()
        and (to_file or stdout is None or not stdout.isatty())
    )


class _Progress:
    """'checked N cases' on stderr once a run has taken a second, redrawn 5 times a second."""

    def __init__(self, *, enabled: bool) -> None:
        self._enabled = enabled
        self._start = self._last = time.monotonic()
        self._shown = 0  # width of the line on screen, to blank it out

    def tick(self, cases: int) -> None:
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._start >= 1.0 and now - self._last >= 0.2:
            self._last = now
            line = f"checked {cases} cases"
            self._shown = len(line)
            _say(f"\r{line}", nl=False)

    def clear(self) -> None:
        if self._shown:
            _say("\r" + " " * self._shown + "\r", nl=False)
            self._shown = 0

    def done(self) -> None:
        self.clear()


# -- explain ----------------------------------------------------------------------------


@main.command(short_help="Explain one check, with its day-by-day count.")
@click.argument("file", metavar="FILE | -")
@click.option("--rule", "rule_id", required=True, metavar="ID", help="The rule to explain.")
@click.option("--case", "case_id", metavar="ID", help="The case, when FILE holds several.")
@click.option("--as-of", type=_AS_OF, metavar="DATE", help="Treat DATE as today (YYYY-MM-DD).")
@click.option("--ruleset", metavar="ID_OR_PATH", help="Force a ruleset instead of by date.")
@_guidance_option
@_log_options
def explain(
    file: str,
    rule_id: str,
    case_id: str | None,
    as_of: datetime | None,
    ruleset: str | None,
    guidance: str | None,
    layout: Layout,
    mapping: Path | None,
    sheet: str | None,
    dayfirst: bool,
    header_row: int | None,
    input_format: str | None,
) -> None:
    """Explain one check of one case: its reasoning and the day-by-day working-day count.

    FILE may be a log read with the same options as check (--mapping, --sheet,
    --header-row...), so the explanation is of the very row check read.
    """

    from .loading import read_inputs
    from .render.common import located_issues
    from .render.explain import explain_lines
    from .runner import run_cases

    with _library_errors():
        raws = list(
            read_inputs(
                [file],
                layout=layout,
                mapping=mapping,
                sheet=sheet,
                dayfirst=dayfirst,
                header_row=header_row,
                stdin_format=input_format,
            )
        )
        raw = _pick_case(raws, case_id, file)
        for other in raws:  # the file broke off: the case may be incomplete, and this says why
            if other is not raw and other.location == "file":
                for issue in other.issues:
                    _say(visible(str(issue)))
        result = next(
            run_cases(
                [raw], ruleset=ruleset, as_of=as_of.date() if as_of else None, guidance=guidance
            )
        )
    if result.report is None:
        for issue in located_issues(result):
            _say(visible(str(issue)))
        raise CliError(f"case {result.case_id or raw.location} has input errors; fix them first")
    report = result.report
    found = next((c for c in report.checks if c.rule == rule_id), None)
    if found is None:
        known = [c.rule for c in report.checks]
        raise CliError(
            f"no rule {quoted(rule_id)} in ruleset {report.ruleset.id}; expected "
            + one_of(rule_id, known)
        )
    with _library_errors(calendar=True):
        lines = explain_lines(report, found, width=min(shutil.get_terminal_size().columns, 100))
    click.echo("\n".join(map(visible, lines)))


def _pick_case(raws: list[RawCase], case_id: str | None, file: str) -> RawCase:
    if case_id is not None:
        for raw in raws:
            if raw.case_id == case_id:
                return raw
        for raw in raws:  # what could not be read may be why the case is not there
            if raw.data is None and raw.case_id is None:
                for issue in raw.issues:
                    _say(visible(str(issue)))
        raise CliError(f"{file}: no case with id {quoted(case_id)}; expected one of {_ids(raws)}")
    if len(raws) == 1:
        return raws[0]
    raise CliError(f"{file} holds {len(raws)} cases; choose one with --case ID (ids: {_ids(raws)})")


def _ids(raws: list[RawCase], limit: int = 10) -> str:
    """The readable ids of ``raws``: the first ``limit`` of them, and how many more."""
    ids = [raw.case_id for raw in raws if raw.data is not None and raw.case_id is not None]
    if not ids:
        return "none readable"
    more = f" and {len(ids) - limit} more" if len(ids) > limit else ""
    return ", ".join(map(shown, ids[:limit])) + more


# -- rules, schema ------------------------------------------------------------------------


@main.command(short_help="List rulesets and guidance, or the rules of one.")
@click.argument("ruleset", required=False, metavar="[RULESET | GUIDANCE]")
def rules(ruleset: str | None) -> None:
    """List the rules of RULESET (an id or a file), the bands of a remedies GUIDANCE
    edition, or the bundled rulesets and guidance editions."""
    from .guidance import list_guidance, load_guidance
    from .render.explain import guidance_lines, rules_lines, rulesets_lines
    from .rulesets import list_rulesets, load_ruleset

    with _library_errors():
        if ruleset is None:
            lines = rulesets_lines(
                [load_ruleset(name) for name in list_rulesets()],
                [load_guidance(name) for name in list_guidance()],
            )
        elif ruleset in list_guidance():
            lines = guidance_lines(load_guidance(ruleset))
        else:
            lines = rules_lines(load_ruleset(ruleset))
    click.echo("\n".join(map(visible, lines)))


@main.command(short_help="Print the JSON Schema of a case.")
def schema() -> None:
    """Print the JSON Schema of a case (what a YAML or JSON case file may contain)."""
    import json

    from .models import Case

    click.echo(json.dumps(Case.model_json_schema(), indent=2))


# -- working-day arithmetic -----------------------------------------------------------------

_nation_option = click.option(
    "--nation",
    type=click.Choice(NATIONS),
    default="england",
    show_default=True,
    help="Whose bank holidays apply.",
)
_closure_option = click.option(
    "--closure-day",
    "closure_days",
    type=_DATE,
    metavar="DATE",
    multiple=True,
    help="A landlord closure day (YYYY-MM-DD); repeat for several.",
)


def _calendar(nation: Nation, closure_days: tuple[datetime, ...]) -> WorkingDayCalendar:
    from .workdays import WorkingDayCalendar

    return WorkingDayCalendar(nation, [day.date() for day in closure_days])


@main.command(short_help="Count working days between two dates.")
@click.argument("start", type=_DATE, metavar="FROM")
@click.argument("end", type=_DATE, metavar="TO")
@_nation_option
@_closure_option
def workdays(
    start: datetime, end: datetime, nation: Nation, closure_days: tuple[datetime, ...]
) -> None:
    """Count working days in (FROM, TO]: FROM itself is not counted, TO is."""
    from .render.explain import workdays_lines

    with _library_errors(calendar=True):
        lines = workdays_lines(_calendar(nation, closure_days), start.date(), end.date())
    click.echo("\n".join(lines))


@main.command(short_help="The date N working days after a date.")
@click.argument("start", type=_DATE, metavar="FROM")
@click.argument("days", type=click.IntRange(min=0), metavar="N")
@_nation_option
@_closure_option
def due(start: datetime, days: int, nation: Nation, closure_days: tuple[datetime, ...]) -> None:
    """The deadline "within N working days of FROM": the N-th working day after FROM."""
    from .render.explain import due_lines

    with _library_errors(calendar=True):
        lines = due_lines(_calendar(nation, closure_days), start.date(), days)
    click.echo("\n".join(lines))


def _add_report_command() -> None:
    """``complycheck report`` lives in :mod:`.cli_report`; it imports its page lazily."""
    from .cli_report import report

    main.add_command(report)


_add_report_command()
