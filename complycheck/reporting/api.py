"""``check_log()``: a whole complaint log in, per-complaint rows and the year's figures out.

The CLI's ``cases``, ``xlsx`` and ``summary`` formats are written from this, so an
embedding system gets exactly the figures the CLI prints. Rows come lazily, one checked
complaint at a time; the summary is counted as they pass, so a log of any size costs flat
memory unless the caller keeps the rows.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any

from ..errors import ComplycheckError
from ..ids import SeenIds, Span
from ..inputs import RawCase
from ..loading import read_inputs
from ..logs.cells import DateReader
from ..logs.mapping import WideMapping, header_key
from ..logs.reader import (
    ColumnNotUsed,
    Describe,
    Layout,
    Warn,
    _json_cases,
    read_log,
    rows_coverage,
)
from ..logs.streams import LogStream
from ..results import CaseResult
from ..runner import run_finished
from .counting import SummaryBuilder, has_column
from .figures import LogSummary
from .filters import DEFAULT_DUE_WITHIN, Only, row_filter
from .period import MONTH, PeriodError, ReportingPeriod
from .rows import CaseRow, case_row, pack, unpack
from .timeline import Timeline
from .tsm import DEFAULT_BASIS, Ch02Basis, Tenure

__all__ = ["LogResult", "ReportOptionError", "check_log"]

#: the column ``--homes-lcra``/``--homes-lcho`` read each complaint's tenure from
DEFAULT_TENURE_COLUMN = "Tenure"
_ROWS_SPAN = Span("row")
#: how messages name rows given as mappings
_ROWS_SOURCE = "<rows>"


class ReportOptionError(ComplycheckError):
    """A report option that cannot be used with this log; ``option`` names it."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(message)


class LogResult:
    """A checked log: :attr:`cases` (lazily, once) and :attr:`summary`.

    Reading :attr:`summary` checks whatever of the log has not been read through
    :attr:`cases` yet; rows are not kept.
    """

    def __init__(
        self,
        rows: Iterator[CaseRow],
        builder: SummaryBuilder,
        keep: Callable[[CaseRow], bool],
        as_of: date | None,
    ) -> None:
        self._rows = rows
        self._builder = builder
        self._keep = keep
        self._summary: LogSummary | None = None
        #: the day the log was checked as of (None: each case's own, else today)
        self.as_of = as_of
        #: rows left out of :attr:`cases` by the ``only`` filter, so far
        self.filtered_out = 0
        self.listed = 0

    @property
    def cases(self) -> Iterator[CaseRow]:
        """The complaints in the report that pass the filter, in input order."""
        for row in self._rows:
            if self._keep(row):
                self.listed += 1
                yield row
            else:
                self.filtered_out += 1

    @property
    def summary(self) -> LogSummary:
        if self._summary is None:
            for _ in self.cases:
                pass
            self._summary = self._builder.build()
        return self._summary


def check_log(
    path_or_rows: str
    | os.PathLike[str]
    | Sequence[str | os.PathLike[str]]
    | LogStream
    | Iterable[Mapping[str, Any]],
    *,
    period: ReportingPeriod | str | None = None,
    as_of: date | None = None,
    today: date | None = None,
    ruleset: str | None = None,
    guidance: str | None = None,
    engine: str = "builtin",
    jobs: int = 1,
    layout: Layout = "auto",
    mapping: str | os.PathLike[str] | WideMapping | None = None,
    sheet: str | None = None,
    dayfirst: bool = True,
    header_row: int | None = None,
    stdin_format: str | None = None,
    group_by: Sequence[str] = (),
    homes: int | None = None,
    homes_lcra: int | None = None,
    homes_lcho: int | None = None,
    tenure_column: str | None = None,
    basis: Ch02Basis = DEFAULT_BASIS,
    only: Iterable[Only] = (),
    due_within: int = DEFAULT_DUE_WITHIN,
    warn: Warn | None = None,
    describe: Describe | None = None,
    observe: Callable[[CaseRow], None] | None = None,
    keep_results: bool = True,
) -> LogResult:
    """Check a log (a path, several paths, a :class:`~complycheck.logs.streams.LogStream`,
    or rows as mappings) for a reporting period.

    ``period``: a :class:`ReportingPeriod` or a reporting year such as ``"2024-25"``.
    ``as_of`` defaults to the period's end once the period is over (``today`` otherwise).
    Complaints received outside the period are skipped and counted, and one received
    after ``as_of`` is counted as not yet received; neither is an error. Rows given as
    mappings are read as JSON lines are: whole cases (with ``events``), or rows of a wide
    or long log. A stream is read as it is checked, never whole (a workbook excepted: see
    :mod:`complycheck.logs.streams`) and never written to disk. ``mapping``: a mapping
    file, or one already read (:func:`complycheck.logs.mapping.parse_mapping`).
    ``observe`` sees every row of the report as it passes, listed or not.
    ``keep_results``: each row carries its whole :class:`CaseResult` (``row.result``);
    without it, rows are smaller and, with ``jobs > 1``, much cheaper to bring back (a
    case that could not be checked keeps its result, with its located issues). Raises
    :class:`ReportOptionError` for an option this log cannot satisfy.
    """
    if isinstance(period, str):
        try:
            period = ReportingPeriod.reporting_year(period)
        except PeriodError as exc:
            raise ReportOptionError("period", str(exc)) from None
    for option, count in (("homes", homes), ("homes_lcra", homes_lcra), ("homes_lcho", homes_lcho)):
        if count is not None and count < 1:
            raise ReportOptionError(option, f"{option} must be a whole number of homes, 1 or more")
    if as_of is None and period is not None:
        as_of = period.default_as_of(today or date.today())
    by_tenure: dict[Tenure, int] | None = None
    if homes_lcra is not None or homes_lcho is not None:
        by_tenure = {}
        if homes_lcra is not None:
            by_tenure["LCRA"] = homes_lcra
        if homes_lcho is not None:
            by_tenure["LCHO"] = homes_lcho
        tenure_column = tenure_column or DEFAULT_TENURE_COLUMN
    builder = SummaryBuilder(
        period,
        as_of,
        group_by=group_by,
        homes=homes if homes is not None else _all_homes(by_tenure),
        homes_by_tenure=by_tenure,
        tenure_column=tenure_column,
        basis=basis,
    )

    columns = [(name, "group_by") for name in group_by if name != MONTH]
    if tenure_column is not None:
        columns.append((tenure_column, "tenure_column"))
    used = _column_keys(name for name, _ in columns)

    def warned(warning: str) -> None:  # the summary keeps what was said about an input
        if isinstance(warning, ColumnNotUsed) and _column_keys([warning.column]) <= used:
            return  # the report reads it (--group-by, the tenure): it is used
        builder.warnings.append(warning)
        if warn is not None:
            warn(warning)

    reading = {"header_row": header_row, "stdin_format": stdin_format, "describe": describe}
    raws = _raw_cases(path_or_rows, layout, mapping, sheet, dayfirst, warned, reading)
    raws = _checking_columns(raws, columns)
    checking = {"ruleset": ruleset, "guidance": guidance, "engine": engine, "jobs": jobs}
    rows = _rows(raws, builder, period, as_of, checking, observe, keep_results)
    first = next(rows, None)  # reads the first row: a missing column is found now
    rows = rows if first is None else chain([first], rows)
    return LogResult(rows, builder, row_filter(only, due_within), as_of)


def _column_keys(headers: Iterable[str]) -> set[str]:
    """Headers as a report matches them to the passed-through columns (:func:`has_column`)."""
    return {header_key(header) for header in headers}


def _all_homes(by_tenure: dict[Tenure, int] | None) -> int | None:
    """All homes, when both tenures were counted: one alone is not every home."""
    if by_tenure is None or len(by_tenure) < 2:
        return None
    return sum(by_tenure.values())


def _raw_cases(
    path_or_rows: Any,
    layout: Layout,
    mapping: str | os.PathLike[str] | WideMapping | None,
    sheet: str | None,
    dayfirst: bool,
    warn: Warn | None,
    reading: dict[str, Any],
) -> Iterator[RawCase]:
    if isinstance(path_or_rows, LogStream):
        return read_log(
            path_or_rows.path,
            layout=layout,
            mapping=Path(mapping) if isinstance(mapping, (str, os.PathLike)) else mapping,
            sheet=sheet,
            dayfirst=dayfirst,
            warn=warn,
            describe=reading["describe"],
            header_row=reading["header_row"],
            name=path_or_rows.name,
            file=path_or_rows.file(),
        )
    if isinstance(mapping, WideMapping):
        raise TypeError("a mapping already read is for a LogStream; give files a mapping file")
    if isinstance(path_or_rows, (str, os.PathLike)):
        path_or_rows = [path_or_rows]
    items = list(path_or_rows) if isinstance(path_or_rows, (list, tuple)) else None
    if items is not None and all(isinstance(item, (str, os.PathLike)) for item in items):
        return read_inputs(
            [os.fspath(item) for item in items],
            layout=layout,
            mapping=Path(mapping) if mapping is not None else None,
            sheet=sheet,
            dayfirst=dayfirst,
            warn=warn,
            **reading,
        )
    rows = items if items is not None else path_or_rows
    # rows given as a list are looked at as a whole, as a JSON-lines log is; an iterator
    # can be read only once, so its rows are not
    unrecorded = (
        rows_coverage(
            (dict(row) if isinstance(row, Mapping) else row for row in items),
            _ROWS_SOURCE,
            warn,
            reading.get("describe"),
        )
        if items is not None and layout != "long"
        else []
    )
    lines = ((number, dict(row), None) for number, row in enumerate(rows, start=1))
    ids = SeenIds().reading(_ROWS_SOURCE, _ROWS_SPAN)
    return _json_cases(lines, ids, layout, None, DateReader(dayfirst), unrecorded)


def _checking_columns(raws: Iterator[RawCase], columns: list[tuple[str, str]]) -> Iterator[RawCase]:
    """``raws``, checking at the first row of each input that it has ``columns``."""
    checked: set[str] = set()
    for raw in raws:
        if columns and raw.source not in checked and raw.location != "file":
            checked.add(raw.source)
            for name, option in columns:
                if not has_column(raw.passthrough, name):
                    headers = ", ".join(repr(header) for header, _ in raw.passthrough)
                    raise ReportOptionError(
                        option,
                        f"{raw.source} has no column {name!r} to read "
                        f"({'--' + option.replace('_', '-')}); the columns it passes through "
                        f"are: {headers or 'none (only a wide log passes columns through)'}"
                        + (
                            f", and {MONTH!r} for the month received"
                            if option == "group_by"
                            else ""
                        ),
                    )
        yield raw


def _rows(
    raws: Iterator[RawCase],
    builder: SummaryBuilder,
    period: ReportingPeriod | None,
    as_of: date | None,
    checking: dict[str, Any],
    observe: Callable[[CaseRow], None] | None,
    keep_results: bool,
) -> Iterator[CaseRow]:
    """Every complaint in the report as a row, counted into ``builder`` as it passes."""
    passthroughs: deque[tuple[tuple[str, object], ...]] = deque()

    def in_report() -> Iterator[RawCase]:
        for raw in raws:
            scope = Timeline.of(raw.data, as_of).scope(period, as_of)
            if scope != "in_period":
                builder.skip(scope)
                continue
            passthroughs.append(raw.passthrough)  # stays here: the row is made where checked
            yield raw

    packed = checking["jobs"] > 1  # a row crosses back from a worker as plain tuples
    finish = partial(_finished_row, as_of=as_of, keep_result=keep_results, packed=packed)
    # checking: the ruleset, guidance edition, engine and jobs the caller chose
    checked = run_finished(in_report(), finish, as_of=as_of, **checking)
    for item in checked:
        row = unpack(item) if packed else item
        passthrough = passthroughs.popleft()
        if passthrough:
            row = replace(row, passthrough=passthrough)
        builder.add(row)
        if observe is not None:
            observe(row)
        yield row


def _finished_row(
    result: CaseResult,
    data: dict[str, Any] | None,
    as_of: date | None,
    keep_result: bool,
    packed: bool,
) -> Any:
    """A checked case's row, made in the worker that checked it (packed to go back).

    A case that could not be checked keeps its result whatever ``keep_result`` says: its
    located issues are what a caller reports, and such rows are few."""
    keep = keep_result or result.report is None
    row = case_row(result, Timeline.of(data, as_of), keep_result=keep)
    return pack(row) if packed else row
