"""A wide delimited-text log cut into byte ranges of whole rows, for workers to read themselves.

With ``--jobs N`` the parent process does not read a wide CSV/TSV log's cases: it finds
where rows end, about every 200 rows, and hands each worker a byte range to read, check and
write out. Rows are cut exactly where the one-process reader cuts them: the parent runs
csv's own parser over the same decoded lines (a quoted cell spanning lines, a lone carriage
return, a row csv cannot read all end where they do for the reader), and a worker reads its
range with the reader's own functions, numbering rows on from the row before it. Anything
else (a long log, a workbook, JSON lines, UTF-16 text, a header that does not fit) is read
whole by :func:`~complycheck.logs.reader.read_log` in the parent, as before.

Ids are not looked up in a worker: it says which ids it read where (:class:`Claims`), and
the parent admits them in input order into the run's ids, so a duplicate across ranges is
found exactly as one process finds it.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import InputError
from ..ids import InputIds, SeenIds
from ..inputs import RawCase
from .cells import DateReader
from .long import is_long
from .mapping import load_mapping, resolve_default
from .reader import (
    _ROWS,
    Describe,
    Layout,
    Warn,
    _or_no_complaints,
    _overflow,
    _tell,
    _warn_missing,
    _wide_plan,
    header_test,
    read_log,
)
from .sources import (
    _END,
    _LONE_CR,
    _OTHER_ENCODING,
    ENCODING_SAMPLE,
    RowProblem,
    SourceError,
    _decode_lines,
    _sniff_delimiter,
    _text_rows,
    decide_encoding,
    log_format,
    open_table,
)
from .wide import WidePlan

__all__ = ["Claims", "RangePart", "TextRange", "WideText", "read_log_parts", "read_range"]

#: Rows a range holds: enough that handing it over costs little beside checking it, few
#: enough that two workers share even a short log.
ROWS_PER_RANGE = 200


@dataclass(frozen=True, slots=True)
class WideText:
    """What a worker needs to read rows of a wide text log as the parent would."""

    path: str
    source: str
    encoding: str
    delimiter: str
    headers: tuple[str, ...]
    header_row: int
    mapping: str | None
    dayfirst: bool


@dataclass(frozen=True, slots=True)
class TextRange:
    """Bytes ``start`` to ``end`` of a log, whole rows, the first of them row ``after + 1``."""

    log: WideText
    start: int
    end: int
    after: int


class RangePart(NamedTuple):
    """A range for a worker, and the run's ids as this log sees them (kept by the parent)."""

    range: TextRange
    ids: InputIds


class Claims(SeenIds):
    """A worker's ids: finds no id read before, and notes every id it is told to remember.

    Only the parent sees every range, so only it can say whether an id was read before.
    """

    def __init__(self) -> None:
        super().__init__()
        self.made: list[tuple[str, int, int]] = []

    def first_read(self, case_id: str, reader: int) -> None:
        return None

    def remember(self, case_id: str, reader: int, first: int, more: int) -> None:
        self.made.append((case_id, first, more))


def read_log_parts(
    path: Path,
    *,
    layout: Layout = "auto",
    mapping: Path | None = None,
    sheet: str | None = None,
    dayfirst: bool = True,
    warn: Warn | None = None,
    seen: SeenIds,
    describe: Describe | None = None,
    header_row: int | None = None,
    name: str | None = None,
    rows: int = ROWS_PER_RANGE,
) -> Iterator[RawCase | RangePart]:
    """:func:`read_log`'s cases, with a wide text log's rows as ranges for workers to read.

    Warnings, notes, the header and the plan are found here exactly as :func:`read_log`
    finds them, and a log with no rows below its header is the same error.
    """
    source = name or str(path)
    log = _wide_text(path, source, layout, mapping, dayfirst, header_row)
    if log is None:
        yield from read_log(
            path,
            layout=layout,
            mapping=mapping,
            sheet=sheet,
            dayfirst=dayfirst,
            warn=warn,
            seen=seen,
            describe=describe,
            header_row=header_row,
            name=name,
        )
        return
    wide_mapping = load_mapping(mapping) if mapping is not None else None
    if wide_mapping is not None:
        _warn_missing(wide_mapping, source, warn)
    plan = _plan_of(log, warn)
    _tell(plan, wide_mapping or resolve_default(log.headers).mapping, warn, describe)
    ids = seen.reading(source, _ROWS)
    filled: list[bool] = []
    for part in _ranges(log, rows, filled):
        yield RangePart(part, ids)
    if not filled:
        yield from _or_no_complaints(iter(()), source, "text")


def _wide_text(
    path: Path,
    source: str,
    layout: Layout,
    mapping: Path | None,
    dayfirst: bool,
    header_row: int | None,
) -> WideText | None:
    """The log as a :class:`WideText` when it is one whose rows can be read in ranges."""
    if mapping is not None:
        layout = "wide"
    try:
        if layout == "long" or log_format(path) != "text":
            return None
        with path.open("rb") as file:
            sample = file.read(ENCODING_SAMPLE)
        encoding = decide_encoding(sample)
        if encoding == "utf-16":  # two bytes a character: left to the reader
            return None
        wide_mapping = load_mapping(mapping) if mapping is not None else None
        with open_table(path, header_row=header_row, is_header=header_test(wide_mapping)) as table:
            headers, number = tuple(table.headers), table.header_row
    except (OSError, SourceError, InputError):
        return None  # the reader says what is wrong, as it always has
    if layout == "auto" and is_long(headers):
        return None
    log = WideText(
        str(path),
        source,
        encoding,
        _sniff_delimiter(sample, encoding, path),
        headers,
        number,
        None if mapping is None else str(mapping),
        dayfirst,
    )
    return log if isinstance(_plan_of(log, None), WidePlan) else None


def _plan_of(log: WideText, warn: Warn | None) -> WidePlan:
    mapping = load_mapping(Path(log.mapping)) if log.mapping is not None else None
    return _wide_plan(  # type: ignore[return-value]  # a plan: _wide_text made sure
        mapping,
        log.headers,
        log.source,
        _ROWS.label,
        _ROWS(log.header_row, 0),
        DateReader(log.dayfirst),
        warn,
        strict=True,
    )


def _ranges(log: WideText, rows: int, filled: list[bool]) -> Iterator[TextRange]:
    """The log's rows below its header, in ranges of ``rows`` rows (blank rows counted);
    ``filled`` is told whether any of them has something in it."""
    with open(log.path, "rb") as file:
        ends = _row_ends(file, log.encoding, log.delimiter, log.header_row)
        start = 0
        for number, end, _ in ends:
            if number == log.header_row:
                start = end
                break
        else:
            return
        after, count = log.header_row, 0
        for number, end, something in ends:
            count += 1
            if something and not filled:
                filled.append(True)
            if count >= rows:
                yield TextRange(log, start, end, after)
                start, after, count = end, number, 0
        if count:
            yield TextRange(log, start, file.seek(0, io.SEEK_END), after)


def _row_ends(
    file: IO[bytes], encoding: str, delimiter: str, header_row: int
) -> Iterator[tuple[int, int, bool | None]]:
    """Each row's number, the offset just past it, and whether it has something in it (a
    cell or a line that does not decode), parsed as :func:`_decode_lines` and ``csv.reader``
    read it; once a row below ``header_row`` has something, no one asks (``None``), and
    stretches of plain lines are cut at their line ends without parsing them
    (:func:`_plain_row_ends`), where the parser would cut them."""
    bom = file.read(3)
    start = 3 if bom == b"\xef\xbb\xbf" else 0
    number = 0
    for end, something in _parsed_row_ends(file, start, encoding, delimiter):
        number += 1
        yield number, end, something
        if something and number > header_row:
            break
    else:
        return
    start = end
    for end in _plain_row_ends(file, start):
        number += 1
        yield number, end, None
    start = end
    for end, _ in _parsed_row_ends(file, start, encoding, delimiter):
        number += 1
        yield number, end, None


def _parsed_row_ends(
    file: IO[bytes], start: int, encoding: str, delimiter: str
) -> Iterator[tuple[int, bool]]:
    """From byte ``start`` (a row's start), the offset past each row and whether it has
    something in it, as ``csv.reader`` reads the decoded lines."""
    file.seek(start)
    position = start
    other = _OTHER_ENCODING[encoding]
    odd = False

    def pieces() -> Iterator[str]:
        nonlocal position, odd
        for line in file:
            for raw in _LONE_CR.split(line) if b"\r" in line else (line,):
                position += len(raw)
                try:
                    yield raw.decode(encoding)
                except UnicodeDecodeError:
                    try:
                        yield raw.decode(other)
                    except UnicodeDecodeError:
                        odd = True
                        yield raw.decode(encoding, errors="replace")

    reader = csv.reader(pieces(), delimiter=delimiter)
    while True:
        try:
            cells = next(reader)
            something = bool("".join(cells).strip())
        except StopIteration:
            return
        except csv.Error:
            something = True
        yield position, something or odd
        odd = False


#: Bytes of a log looked at at once for plain lines.
PLAIN_BLOCK = 1 << 20


def _plain_row_ends(file: IO[bytes], start: int) -> Iterator[int]:
    """From byte ``start`` (a row's start), the offset past each line while the lines are
    plain: no quote, no carriage return but one ending a line, no NUL, none longer than
    csv's longest cell. ``csv.reader`` reads each such line as one row, whatever its
    cells; it stops before the first block of lines that is not all plain (and before a
    last line with no line end), for the parser to go on from there."""
    file.seek(start)
    position = start
    limit = csv.field_size_limit()
    carried = b""
    while block := file.read(PLAIN_BLOCK):
        data = carried + block
        cut = data.rfind(b"\n") + 1
        lines, carried = data[:cut].split(b"\n")[:-1], data[cut:]
        plain = (
            b'"' not in data
            and b"\0" not in data
            and data.count(b"\r") == data.count(b"\r\n")
            and all(len(line) < limit for line in lines)
        )
        if not plain:
            return
        for line in lines:
            position += len(line) + 1
            yield position


@functools.lru_cache(maxsize=8)
def _worker_plan(log: WideText) -> WidePlan:
    """The plan, made once per log in each worker (the parent told of its warnings)."""
    return _plan_of(log, None)


def read_range(part: TextRange, ids: InputIds) -> Iterator[RawCase]:
    """The cases of ``part``'s rows, as :func:`read_log` reads them; ``ids`` is told each."""
    log = part.log
    plan = _worker_plan(log)
    with open(log.path, "rb") as file:
        file.seek(part.start)
        data = file.read(part.end - part.start)
    problems: list[RowProblem] = []
    lines = _decode_lines(io.BytesIO(data), log.encoding, problems)
    reader = csv.reader(itertools.chain(lines, (_END,)), delimiter=log.delimiter)
    width = len(log.headers)
    for number, cells, found in _text_rows(reader, log.delimiter, problems, part.after):
        if len(cells) > width:
            found += _overflow(cells, width)
        yield plan.read(cells, number, ids, found)
