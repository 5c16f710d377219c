"""``read_log``: a complaint log file in, a stream of :class:`RawCase` out.

Reading never stops at a bad row and never drops one: every case in the file comes out as
exactly one ``RawCase``, with ``data`` when it was read cleanly and ``data=None`` plus
located issues when it was not (row or line number, column, value, what is wrong, what is
valid). A file that cannot be read at all (missing, not a workbook, no such sheet, a mapping
that does not fit its header row) comes out as one ``RawCase`` saying why.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Literal

from ..errors import InputError, InputIssue
from ..ids import InputIds, SeenIds, Span
from ..inputs import RawCase
from .cells import DateReader, clean
from .coverage import Unrecorded, missing_steps, not_recorded, step_names
from .long import LongReader, column_name, is_long
from .mapping import (
    NOT_NEEDED,
    WideMapping,
    default_header_keys,
    describe_slot,
    header_key,
    load_mapping,
    mapping_headers,
    nearest_slot,
    resolve_default,
)
from .sources import (
    JsonLine,
    RowProblem,
    SourceError,
    Table,
    log_format,
    open_jsonl,
    open_table,
)
from .wide import WidePlan, compile_plan, plan_headers

__all__ = ["ColumnNotUsed", "Describe", "Layout", "LogNotes", "Warn", "read_log", "rows_coverage"]

Layout = Literal["auto", "long", "wide"]
#: Told of what is wrong with a log as a whole but does not stop it being checked.
Warn = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class LogNotes:
    """What reading a wide log left out, for the run's summary: the steps it has no column
    for (:mod:`.coverage` says what follows from each) and the columns the mapping did not
    use, each with what it most looks like (``None``: like nothing complycheck reads) and
    why complycheck does not need it, when it knows such a column."""

    source: str
    not_recorded: tuple[str, ...]
    unplaced: tuple[tuple[str, str | None, str | None], ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "not_recorded": list(self.not_recorded),
            "unplaced_columns": [
                {"column": column, "may_be": hint, "not_needed": why}
                for column, hint, why in self.unplaced
            ],
        }


#: Told, once per wide log, what its reading left out (:class:`LogNotes`).
Describe = Callable[[LogNotes], None]


class ColumnNotUsed(str):
    """The warning that a column of a wide log was not used, naming the column.

    The mapping leaves the column out, but a caller may still use it from the cells passed
    through with each case (a report's ``--group-by Team``): such a caller drops this
    warning by its :attr:`column` rather than by matching its words.
    """

    column: str

    def __new__(cls, text: str, column: str) -> ColumnNotUsed:
        warning = super().__new__(cls, text)
        warning.column = column
        return warning

    def __reduce__(self) -> tuple[type[ColumnNotUsed], tuple[str, str]]:
        return ColumnNotUsed, (str(self), self.column)


_PLAN_CACHE_LIMIT = 256
_ROWS = Span("row")
_LINES = Span("line")


def read_log(
    path: Path,
    *,
    layout: Layout = "auto",
    mapping: Path | WideMapping | None = None,
    sheet: str | None = None,
    dayfirst: bool = True,
    warn: Warn | None = None,
    seen: SeenIds | None = None,
    describe: Describe | None = None,
    header_row: int | None = None,
    name: str | None = None,
    file: IO[bytes] | None = None,
) -> Iterator[RawCase]:
    """Stream the cases of a ``.csv``/``.tsv``/``.txt``, ``.xlsx`` or ``.jsonl`` log.

    ``layout``: ``long`` (one row per event), ``wide`` (one row per complaint) or ``auto``:
    long when the headers include ``case_id``, ``type`` and ``date``, otherwise wide; a
    ``mapping`` file implies wide. ``sheet``: the workbook sheet to read (default the
    first; ignored for other formats). ``header_row``: the row holding the headers (as the
    spreadsheet numbers it); by default the first row that holds headers the mapping knows,
    so that title rows above it are skipped. ``dayfirst``: how to read ``03/04/2023`` (true: 3
    April, as UK exports write it). ``seen``: the ids read so far in a run of several
    inputs (by default the log's own): a case whose id is among them is an error.
    ``mapping`` is a mapping file, or one already read (:func:`.mapping.parse_mapping`).
    ``file``: the log's bytes, read instead of opening ``path`` (which then only names it
    and gives its format by suffix); seekable for a table, see :func:`.sources.open_table`.
    ``warn``: told when a wide log's columns leave out a step (see :mod:`.coverage`), once
    per log, and of each column the mapping does not use;
    ``describe`` is told the same as :class:`LogNotes`. A line of JSON lines may leave
    out an empty key, so with the default mapping the keys of all its lines are read
    first (:func:`_json_coverage`).

    ``name``: how messages name the log, in place of ``path`` (``<stdin>``).

    Memory stays flat however long the file: rows are read and cases yielded one at a time.
    A long log must therefore keep each case's rows together (see :mod:`.long`).
    """
    source = name or str(path)
    try:
        fmt = log_format(path)
        wide_mapping = load_mapping(mapping) if isinstance(mapping, Path) else mapping
        if wide_mapping is not None and layout == "long":
            raise InputError(
                [
                    InputIssue(
                        "a mapping file describes a wide log, but the long layout was asked for",
                        source=source,
                        location="file",
                        expected="either the long layout without a mapping, or the wide layout",
                    )
                ]
            )
        if wide_mapping is not None:
            layout = "wide"
            _warn_missing(wide_mapping, source, warn)
        dates = DateReader(dayfirst)
        seen = SeenIds() if seen is None else seen
        if fmt == "jsonl":
            unrecorded: list[Unrecorded] = []
            if wide_mapping is None and layout != "long":
                unrecorded = _json_coverage(path, file, source, warn, describe)
            with open_jsonl(path, file) as lines:
                ids = seen.reading(source, _LINES)
                cases = _json_cases(lines, ids, layout, wide_mapping, dates, unrecorded)
                yield from _or_no_complaints(cases, source, fmt)
        else:
            is_header = header_test(wide_mapping)
            with open_table(
                path, sheet, header_row=header_row, is_header=is_header, file=file
            ) as table:
                dates = DateReader(dayfirst, table.epoch)
                ids = seen.reading(source, _ROWS)
                cases = _table_cases(table, ids, layout, wide_mapping, dates, warn, describe)
                yield from _or_no_complaints(cases, source, fmt)
    except SourceError as exc:
        yield RawCase(source, "file", None, (replace(exc.issue, source=source),))
    except InputError as exc:
        yield RawCase(source, "file", None, exc.issues)


def _or_no_complaints(cases: Iterator[RawCase], source: str, fmt: str) -> Iterator[RawCase]:
    """``cases``, or when there are none, an input error saying so: an export that came out
    with nothing below its header must not pass a CI check as a clean run of no cases."""
    found = False
    for case in cases:
        found = True
        yield case
    if found:
        return
    if fmt == "jsonl":
        what, expected = "it has no lines", "one JSON object per line, a complaint or an event each"
    else:
        what = "it has a header row and no rows below it"
        expected = "one row per complaint or event below the header"
    issue = InputIssue(
        f"no complaints in {source}: {what}",
        source=source,
        location="file",
        expected=expected,
    )
    yield RawCase(source, "file", None, (issue,))


def _table_cases(
    table: Table,
    ids: InputIds,
    layout: Layout,
    mapping: WideMapping | None,
    dates: DateReader,
    warn: Warn | None,
    describe: Describe | None = None,
) -> Iterator[RawCase]:
    source = ids.source
    headers = table.headers
    header_location = ids.place(table.header_row, 0)
    width = len(headers)
    if layout == "long" or (layout == "auto" and is_long(headers)):
        names = [column_name(header) for header in headers]
        twice = [name for name, count in Counter(n for n in names if n).items() if count > 1]
        if twice:
            raise InputError(
                [
                    InputIssue(
                        f"more than one column is headed {name!r}",
                        source=source,
                        location=header_location,
                        field=name,
                        expected="each column once",
                    )
                    for name in twice
                ]
            )
        reader = LongReader(ids, _ROWS.label, dates)
        try:
            for number, cells, problems in table.rows:
                found = problems + _overflow(cells, width)
                yield from reader.row(number, list(zip(names, headers, cells, strict=False)), found)
        except SourceError:  # the rest of the file is unreadable: so is the case being read
            yield from reader.cut_short()
            raise
        yield from reader.finish()
        return
    plan = _wide_plan(
        mapping, headers, source, _ROWS.label, header_location, dates, warn, strict=True
    )
    if not isinstance(plan, WidePlan):
        raise InputError(plan)
    _tell(plan, mapping or resolve_default(headers).mapping, warn, describe)
    for number, cells, problems in table.rows:
        if len(cells) > width:
            problems += _overflow(cells, width)
        yield plan.read(cells, number, ids, problems)


def header_test(mapping: WideMapping | None) -> Callable[[list[str]], bool]:
    """Whether a row is the header row: it holds at least two headers that the mapping
    file names, that the default mapping knows, or that make it a long log."""
    known = set(default_header_keys())
    if mapping is not None:
        known.update(header_key(header) for header in mapping_headers(mapping))

    def is_header(cells: list[str]) -> bool:
        found = sum(1 for cell in cells if cell and header_key(cell) in known)
        return found >= 2 or is_long(cells)

    return is_header


def _tell(
    plan: WidePlan, mapping: WideMapping | None, warn: Warn | None, describe: Describe | None
) -> None:
    """Say which columns the plan leaves unused, once each, with what each may be."""
    placed = plan_headers(plan)
    unplaced = []
    words: list[tuple[str, str]] = []
    for header in plan.unplaced:
        why = NOT_NEEDED.get(header_key(header))
        slot = None if why else nearest_slot(header, placed)
        hint = describe_slot(slot) if slot is not None else None
        unplaced.append((header, hint, why))
        said = (
            f"column {header!r} was not used ({why})"
            if why
            else f"column {header!r} was not used; is it {hint}?"
            if hint
            else f"column {header!r} was not used (it is like nothing complycheck reads)"
        )
        words.append((header, said))
    if warn is not None:
        for header, said in words:
            warn(ColumnNotUsed(f"{plan.source}: {said}", header))
    if describe is not None:
        steps = tuple(step_names(mapping)) if mapping is not None else ()
        describe(LogNotes(plan.source, steps, tuple(unplaced)))


def _overflow(cells: Sequence[object], width: int) -> tuple[RowProblem, ...]:
    """Filled cells beyond the last header: usually an unquoted delimiter shifting cells."""
    if len(cells) <= width or all(clean(cell) is None for cell in cells[width:]):
        return ()
    return (
        RowProblem(
            f"the row has {len(cells)} cells but the header has {width} columns",
            "as many cells as headers; a cell probably holds an unquoted delimiter",
        ),
    )


def _wide_plan(
    mapping: WideMapping | None,
    headers: Sequence[str],
    source: str,
    label: str,
    location: str,
    dates: DateReader,
    warn: Warn | None,
    *,
    strict: bool,
    unrecorded: Sequence[Unrecorded] | None = None,
) -> WidePlan | list[InputIssue]:
    """The plan that reads rows with these headers (counted as ``label``s); ``warn`` is told
    what the default mapping leaves out (a mapping file given was looked at by
    :func:`read_log`). ``unrecorded``: the steps the log does not record, when the mapping
    bound here is not the log's own (a JSON line's keys, see :func:`rows_coverage`)."""
    if mapping is None:
        resolution = resolve_default(headers)
        problems = resolution.problems(source, location)
        if problems or resolution.mapping is None:
            return problems
        mapping = resolution.mapping
        _warn_missing(mapping, source, warn)
    return compile_plan(
        mapping,
        headers,
        source=source,
        label=label,
        location=location,
        dates=dates,
        strict=strict,
        unrecorded=unrecorded,
    )


def _warn_missing(mapping: WideMapping, source: str, warn: Warn | None) -> None:
    if warn is not None:
        for warning in missing_steps(mapping, source):
            warn(warning)


def _json_coverage(
    path: Path, file: IO[bytes] | None, source: str, warn: Warn | None, describe: Describe | None
) -> list[Unrecorded]:
    """:func:`rows_coverage` of a JSON-lines log's lines: read once before its cases, so
    a log given as a stream that cannot seek (``file``) is not looked at."""
    if file is not None and not file.seekable():
        return []
    try:
        opened = file if file is not None else path.open("rb")
    except OSError:
        return []  # the reading that follows reports it
    with contextlib.nullcontext(opened) if file is not None else opened:
        found = rows_coverage(_json_values(opened), source, warn, describe)
    if file is not None:
        file.seek(0)
    return found


def rows_coverage(
    rows: Iterable[object], source: str, warn: Warn | None, describe: Describe | None
) -> list[Unrecorded]:
    """What a wide log of JSON objects (JSON lines, or rows given as mappings) read with
    the default mapping does not record, and the keys it does not use, said once as for a
    table (:mod:`.coverage`, :func:`_tell`), from the keys of all its rows together: a row
    may leave out a key whose value is empty, but a key no row has is a column the export
    lacks. Rows of events (a long log) or whole cases are not looked at.
    """
    columns = _wide_keys(rows)
    if not columns:
        return []
    mapping = resolve_default(columns).mapping
    if mapping is None:
        return []  # the rows' own errors say why
    _warn_missing(mapping, source, warn)
    plan = compile_plan(
        mapping,
        columns,
        source=source,
        label=_LINES.label,
        location="file",
        dates=DateReader(True),
        strict=False,
    )
    if isinstance(plan, WidePlan):
        _tell(plan, mapping, warn, describe)
    return not_recorded(mapping)


def _wide_keys(rows: Iterable[object]) -> list[str]:
    """The keys of the complaint rows, in the order first seen; none when the rows are
    events (a long log) or none is a complaint row."""
    keys: dict[str, None] = {}
    for value in rows:
        if not isinstance(value, dict) or "events" in value:
            continue
        if is_long(list(value)):
            return []
        keys.update(dict.fromkeys(value))
    return list(keys)


def _json_values(lines: Iterable[bytes]) -> Iterator[object]:
    """Each line read as JSON; a line that is not is passed over (the reading of the
    cases reports it), so plain ``json`` does, with none of the strict reader's checks."""
    for line in lines:
        try:
            yield json.loads(line)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, a number too long
            continue


def _json_cases(
    lines: Iterator[JsonLine],
    ids: InputIds,
    layout: Layout,
    mapping: WideMapping | None,
    dates: DateReader,
    unrecorded: Sequence[Unrecorded] = (),
) -> Iterator[RawCase]:
    """JSON lines: event rows (long), complaint rows (wide) or whole cases, line by line.

    Whole-case lines (``{id, events: [...]}``) are taken as they are in either layout; the
    first other line that reads as an event row or a complaint row decides an ``auto``
    layout. Wide lines may leave out null keys, so the plan is bound per distinct set of
    keys (cached; a log has few). With the default mapping, ``unrecorded`` is what the
    log's keys as a whole leave out (:func:`rows_coverage`): a key one line leaves out is a
    blank there, not a step unrecorded. A mapping file says itself what the log records.
    """
    source = ids.source
    reader = LongReader(ids, _LINES.label, dates)
    plans: dict[tuple[str, ...], WidePlan | list[InputIssue]] = {}
    for number, value, problem in lines:
        location = ids.place(number, 0)
        if value is None:
            issue = InputIssue(
                problem or "unreadable line",
                source=source,
                location=location,
                expected="one JSON object per line",
            )
            # it may fall between the lines of a case still being read, which comes first
            yield from reader.unattributed(number, RawCase(source, location, None, (issue,)))
            continue
        if "events" in value:
            yield from reader.whole_case(number, value)
            continue
        if layout == "auto" and is_long(list(value)):
            layout = "long"
        if layout == "long":
            cells = [(column_name(key), key, item) for key, item in value.items()]
            yield from reader.row(number, cells)
            continue
        keys = tuple(value)
        plan = plans.get(keys)
        if plan is None:
            if len(plans) >= _PLAN_CACHE_LIMIT:
                plans.clear()
            plan = plans[keys] = _wide_plan(
                mapping,
                keys,
                source,
                _LINES.label,
                location,
                dates,
                None,
                strict=False,
                unrecorded=unrecorded if mapping is None else None,
            )
        if isinstance(plan, WidePlan):
            layout = "wide"
            yield plan.read(list(value.values()), number, ids)
        else:
            # a line that is neither an event row nor a complaint row settles no ``auto``
            # layout: the event rows after it are still read as such
            issues = tuple(replace(issue, location=location) for issue in plan)
            yield RawCase(source, location, None, issues)
    yield from reader.finish()
