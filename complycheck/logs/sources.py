"""Open a log file and stream its rows: delimited text, Excel workbooks and JSON lines.

Everything here streams, one row at a time, so a log of any length is read in flat memory:
delimited text is decoded line by line, workbooks are opened read-only, JSON lines are
parsed one line at a time. Row numbers are the ones a person sees in a spreadsheet (the
header is normally row 1; blank rows are counted, a quoted cell spanning lines is one row).
A workbook cell is read as its saved value (a formula as its saved result); a formula with
no saved result is read as an :class:`~complycheck.logs.cells.UncachedFormula`, never as a
blank cell.

Text encoding is decided on the first 64 KB, once per file:

- a byte-order mark says UTF-8 or UTF-16 (Excel's "Unicode text" is tab-separated UTF-16);
- otherwise UTF-8 if those bytes are valid UTF-8, else Windows-1252 (what Excel on Windows
  writes as "CSV", where "£" is the single byte 0xA3).

A later line that does not decode in the chosen encoding is decoded in the other of the two
(exports stitched together from two systems do this, and a first 64 KB with no "£" in it
says nothing either way); a line neither decodes is read with replacement characters and
its row reported, never dropped.

The delimiter is sniffed (:class:`csv.Sniffer`) on the first 16 KB among comma, semicolon,
tab and bar, falling back to comma (tab for ``.tsv``).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import json
import re
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, NamedTuple, cast

from .. import strict_json
from ..errors import InputIssue
from .cells import EXCEL_EPOCH, UncachedFormula, clean, read_text
from .workbook_checks import (
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    UnreadableWorkbook,
    cell_problem,
    check_archive,
    reason,
)

__all__ = [
    "SUFFIXES",
    "TITLE_ROWS_LIMIT",
    "HeaderTest",
    "JsonLine",
    "LogFormat",
    "Row",
    "RowProblem",
    "SourceError",
    "Table",
    "json_lines",
    "log_format",
    "open_jsonl",
    "open_table",
    "stdin_log",
]

LogFormat = Literal["text", "xlsx", "jsonl"]

#: File suffixes read as logs, and how.
SUFFIXES: dict[str, LogFormat] = {
    ".csv": "text",
    ".tsv": "text",
    ".txt": "text",
    ".xlsx": "xlsx",
    ".jsonl": "jsonl",
}
_SUFFIXES_TEXT = ".csv, .tsv or .txt (delimited text), .xlsx or .jsonl"

ENCODING_SAMPLE = 64 * 1024
SNIFF_SAMPLE = 16 * 1024
_DELIMITERS = ",;\t|"
_OTHER_ENCODING = {"utf-8": "cp1252", "cp1252": "utf-8"}
_LONE_CR = re.compile(rb"(?<=\r)(?=[^\n])")  # splits after a CR that more of the line follows


class RowProblem(NamedTuple):
    """Something wrong with a row as a whole (its bytes, its quoting, its length)."""

    message: str
    expected: str


# A line fed to csv.reader after the file's last: read into a cell, it shows that a quote
# was left open (csv.reader ends such a cell at the end of the file without a word, and
# every row after the quote would vanish into it); read as a row of its own, it is dropped.
_END = "\ufdd0end of file\ufdd0"
_UNCLOSED_QUOTE = RowProblem(
    "a quote opened in this row is never closed, so every line after it to the end of the "
    "file was read into its last cell",
    "a closing quote for every cell that opens one (a quote inside a cell written twice)",
)

#: A data row: its number, its cells, and the problems met reading it (usually none).
Row = tuple[int, Sequence[object], tuple[RowProblem, ...]]
#: A JSON line: its number, the object on it (``None`` if unreadable) and what is wrong.
JsonLine = tuple[int, dict[str, Any] | None, str | None]


class SourceError(Exception):
    """The file cannot be read at all; carries the one located issue that says why."""

    def __init__(self, issue: InputIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


@dataclass(frozen=True, slots=True)
class Table:
    """A header row and the data rows below it (blank rows skipped, still counted).

    ``epoch``: the day a date serial of 0 stands for in this file (a workbook may count
    from 1904; see :data:`~complycheck.logs.cells.EXCEL_EPOCH`).
    """

    headers: list[str]
    header_row: int
    rows: Iterator[Row]
    epoch: date = EXCEL_EPOCH


#: ``--input-format`` values, and the suffix that reads a log of that format.
STDIN_SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "jsonl": ".jsonl"}


@contextmanager
def stdin_log(input_format: str) -> Iterator[Path]:
    """Standard input saved to a temporary file of the format's suffix, removed after.

    A workbook is a zip archive, read from its end, and a text log's encoding and delimiter
    are decided on its first bytes; a file gives every format what it needs. It is copied
    in blocks, so a long log still costs flat memory.
    """
    with tempfile.TemporaryDirectory(prefix="complycheck-") as directory:
        path = Path(directory) / f"stdin{STDIN_SUFFIXES[input_format]}"
        with path.open("wb") as file:
            shutil.copyfileobj(sys.stdin.buffer, file)
        yield path


def _failure(path: Path, message: str, expected: str | None = None) -> SourceError:
    return SourceError(InputIssue(message, source=str(path), location="file", expected=expected))


def log_format(path: Path) -> LogFormat:
    """The format of a log, by its suffix; anything else cannot be read."""
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix == ".xls":
        raise _failure(path, "an old-style Excel .xls file", "save it as .xlsx or CSV")
    raise _failure(
        path, f"not a log format complycheck reads ({suffix or 'no suffix'})", _SUFFIXES_TEXT
    )


def _open_binary(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise _failure(path, "file not found", "an existing log file") from None
    except OSError as exc:
        raise _failure(path, f"cannot be read: {exc.strerror or exc}") from None


#: Tells whether a row's cells look like a header row (hold headers the reader knows).
HeaderTest = Callable[[list[str]], bool]
#: How many rows above the header a log may have (titles, export dates, filters) for the
#: header to be found by :data:`HeaderTest`; past this, the first non-blank row is it.
TITLE_ROWS_LIMIT = 20


@contextmanager
def open_table(
    path: Path,
    sheet: str | None = None,
    *,
    header_row: int | None = None,
    is_header: HeaderTest | None = None,
    file: IO[bytes] | None = None,
) -> Iterator[Table]:
    """The header and rows of a delimited-text or ``.xlsx`` log (``sheet`` for workbooks).

    ``file``, when given, is read instead of opening ``path``, which then only names the
    log (an upload to the HTTP service). It must be seekable: the text reader goes back to
    the start after sampling the first 64 KB, and a workbook is a zip archive.

    The header is row ``header_row`` when given (numbered as the spreadsheet shows);
    otherwise the first row ``is_header`` accepts within the first rows of the file, so
    that title rows above it ("Complaints register 2024-25", "Exported 02/12/2024") are
    skipped; otherwise the first non-blank row. Raises :class:`SourceError` when the file
    cannot be opened, has no header row, or has no sheet of that name.
    """
    if log_format(path) == "xlsx":
        with _open_workbook(path, sheet, file) as (rows, epoch):
            yield _table(path, _header_first(path, rows, header_row, is_header), epoch)
    else:
        with _open_text(path, file) as rows:
            yield _table(path, _header_first(path, rows, header_row, is_header), EXCEL_EPOCH)


def _header_first(
    path: Path, rows: Iterator[Row], header_row: int | None, is_header: HeaderTest | None
) -> Iterator[Row]:
    """``rows`` from the header row on: the rows above it are titles, not complaints."""
    if header_row is not None:
        for row in rows:
            if row[0] >= header_row:
                if row[0] > header_row:
                    raise _failure(
                        path,
                        f"row {header_row} (--header-row) is blank",
                        "the number of the row holding the column headers",
                    )
                return itertools.chain((row,), rows)
        raise _failure(
            path,
            f"the file ends before row {header_row} (--header-row)",
            "the number of the row holding the column headers",
        )
    if is_header is None:
        return rows
    above: list[Row] = []
    for row in rows:
        if is_header(_header_texts(row[1])):
            return itertools.chain((row,), rows)
        above.append(row)
        if len(above) >= TITLE_ROWS_LIMIT:
            break
    return itertools.chain(above, rows)


def _header_texts(cells: Sequence[object]) -> list[str]:
    return [read_text(cell).strip() if cell is not None else "" for cell in cells]


@contextmanager
def _given_or_opened(path: Path, file: IO[bytes] | None) -> Iterator[IO[bytes]]:
    """``file`` as it is (its owner closes it), or ``path`` opened (and closed here)."""
    if file is not None:
        yield file
        return
    with _open_binary(path) as opened:
        yield opened


def _table(path: Path, rows: Iterator[Row], epoch: date) -> Table:
    for number, cells, _ in rows:
        headers = _header_texts(cells)
        if any(headers):
            for cell in cells:
                if isinstance(cell, UncachedFormula):
                    raise _failure(
                        path,
                        f"a cell of the header row (row {number}) {cell.problem}",
                        "a header row naming the columns",
                    )
            return Table(headers, number, rows, epoch)
    raise _failure(
        path,
        "the file has no header row (it is empty)",
        "a header row naming the columns, then one row per complaint or event",
    )


@contextmanager
def _open_text(path: Path, given: IO[bytes] | None) -> Iterator[Iterator[Row]]:
    with _given_or_opened(path, given) as file:
        sample = file.read(ENCODING_SAMPLE)
        file.seek(0)
        encoding = decide_encoding(sample)
        problems: list[RowProblem] = []
        lines: Iterable[str]
        if encoding == "utf-16":
            lines = io.TextIOWrapper(file, encoding="utf-16", errors="replace", newline="")
        else:
            if sample.startswith(codecs.BOM_UTF8):
                file.seek(len(codecs.BOM_UTF8))
            lines = _decode_lines(file, encoding, problems)
        delimiter = _sniff_delimiter(sample, encoding, path)
        reader = csv.reader(itertools.chain(lines, (_END,)), delimiter=delimiter)
        yield _text_rows(reader, delimiter, problems)


def decide_encoding(sample: bytes) -> str:
    """``utf-16``, ``utf-8`` or ``cp1252`` for a file starting with ``sample`` (see above)."""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _decode_lines(file: IO[bytes], encoding: str, problems: list[RowProblem]) -> Iterator[str]:
    other = _OTHER_ENCODING[encoding]
    for line in file:
        # A file splits into lines at b"\n" only; a carriage return alone also ends a line
        # (old Mac exports end every line so), and csv.reader refuses it inside one.
        for raw in _LONE_CR.split(line) if b"\r" in line else (line,):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                try:
                    yield raw.decode(other)
                except UnicodeDecodeError as exc:
                    problems.append(
                        RowProblem(
                            f"byte {raw[exc.start]:#04x} is neither UTF-8 nor Windows-1252 "
                            "text; it was read as \N{REPLACEMENT CHARACTER}",
                            "text saved as UTF-8 (or Windows-1252)",
                        )
                    )
                    yield raw.decode(encoding, errors="replace")


def _sniff_delimiter(sample: bytes, encoding: str, path: Path) -> str:
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")[:SNIFF_SAMPLE]
    if len(sample) == ENCODING_SAMPLE or len(text) == SNIFF_SAMPLE:
        text = text[: text.rfind("\n") + 1] or text  # whole lines only
    try:
        return csv.Sniffer().sniff(text, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return "\t" if path.suffix.lower() == ".tsv" else ","


def _text_rows(
    reader: Iterator[list[str]], delimiter: str, problems: list[RowProblem], after: int = 0
) -> Iterator[Row]:
    """Rows of a ``csv.reader``; ``problems`` is filled by the line decoder as it goes.

    ``after``: the number of the row before the first read (a worker reading its own byte
    range of a file starts part way down it).
    """
    number = after
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            problems.clear()
            name = _delimiter_name(delimiter)
            yield (
                number,
                [],
                (
                    RowProblem(
                        f"cannot be read as {name}-separated text: {exc}",
                        f"{name}-separated cells, with quotes around any cell holding a {name}",
                    ),
                ),
            )
            continue
        if cells == [_END]:
            return
        number += 1
        found: tuple[RowProblem, ...] = ()
        if problems:
            found = tuple(problems)
            problems.clear()
        if cells and cells[-1].endswith(_END):
            cells[-1] = cells[-1].removesuffix(_END)
            found += (_UNCLOSED_QUOTE,)
        if found or "".join(cells).strip():
            yield number, cells, found


def _delimiter_name(delimiter: str) -> str:
    names = {",": "comma", ";": "semicolon", "\t": "tab", "|": "bar"}
    return names.get(delimiter, repr(delimiter))


@contextmanager
def _open_workbook(
    path: Path, sheet: str | None, file: IO[bytes] | None
) -> Iterator[tuple[Iterator[Row], date]]:
    import openpyxl

    try:
        check_archive(path if file is None else cast(BinaryIO, file))
        with warnings.catch_warnings():
            # openpyxl warns of what it does not keep (data validation, styles...): nothing
            # to a reader of values
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                path if file is None else file, read_only=True, data_only=True
            )
    except FileNotFoundError:
        raise _failure(path, "file not found", "an existing log file") from None
    except Exception as exc:  # see workbook_checks: a damaged file fails in any way
        raise _unreadable(path, exc) from None
    try:
        rows = _workbook_rows(path, workbook, _worksheet(path, workbook, sheet))
        yield rows, workbook.epoch.date()
    finally:
        workbook.close()


def _unreadable(path: Path, exc: BaseException, read_to: int | None = None) -> SourceError:
    after = f" (it was read as far as row {read_to})" if read_to else ""
    return _failure(
        path,
        f"cannot be read as an Excel workbook: {reason(exc)}{after}",
        "an .xlsx workbook saved by Excel or LibreOffice",
    )


def _worksheet(path: Path, workbook: Any, sheet: str | None) -> Any:
    """The worksheet to read: ``sheet``, or the first; a chart sheet has no rows."""
    names = list(workbook.sheetnames)
    worksheets = [name for name in names if workbook[name] in workbook.worksheets]
    if sheet is None:
        if not worksheets:
            raise _unreadable(path, UnreadableWorkbook("it has no worksheet"))
        return workbook[worksheets[0]]
    if sheet not in worksheets:
        raise SourceError(
            InputIssue(
                f"the workbook has no sheet named {sheet!r}"
                if sheet not in names
                else f"the sheet {sheet!r} is a chart, not a sheet of rows",
                source=str(path),
                location="file",
                value=sheet,
                expected="one of its sheets: " + ", ".join(repr(name) for name in worksheets),
            )
        )
    return workbook[sheet]


def _workbook_rows(path: Path, workbook: Any, worksheet: Any) -> Iterator[Row]:
    """The non-blank rows of a read-only worksheet, numbered as the spreadsheet shows them.

    The sheet's XML is parsed here rather than by ``worksheet.iter_rows``, with a parser
    that tells a formula with no saved value from a blank cell (see :func:`_parser_class`):
    ``data_only=True`` reads both as ``None``, and ``data_only=False`` loses every saved
    value, so either alone would need the sheet parsed twice. Rows are not cut at the
    sheet's recorded dimension either (``iter_rows`` stops there, and a program may record
    one that is wrong), so a row is never dropped unseen. A sheet found damaged part way
    raises :class:`SourceError` there, saying how far it was read.
    """
    read_to = 0
    try:
        with workbook._archive.open(worksheet._worksheet_path) as source:
            parser = _parser_class()(
                source,
                worksheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, found in parser.parse():
                if not found:
                    continue
                width = max(cell["column"] for cell in found)
                if not 1 <= number <= EXCEL_ROWS or width > EXCEL_COLUMNS:
                    raise UnreadableWorkbook(
                        f"it has a cell in row {number}, column {width}, beyond Excel's last "
                        f"row ({EXCEL_ROWS:,}) or column ({EXCEL_COLUMNS:,})"
                    )
                cells: list[object] = [None] * width
                for cell in found:
                    cells[cell["column"] - 1] = cell["value"]
                if any(clean(cell) is not None for cell in cells):
                    yield number, cells, ()
                read_to = number
    except Exception as exc:  # see workbook_checks: a damaged sheet fails in any way
        raise _unreadable(path, exc, read_to) from None


@functools.cache
def _parser_class() -> Any:
    """openpyxl's worksheet parser, reading a formula with no saved value as what it is.

    Built on first use so that openpyxl is imported only for workbooks. A formula cell
    whose value is unsaved has no ``<v>``, or an empty one that is not an empty text result
    (``t="str"``); openpyxl writes its formulas so. Only cells read as ``None`` are looked
    at again, so a sheet without such cells costs one ``is None`` test a cell more.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class SavedValueParser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            try:
                cell: dict[str, Any] = super().parse_cell(element)
            except Exception as exc:  # a damaged cell: say which, and what is wrong
                problem = cell_problem(element, exc, len(self.shared_strings))
                raise UnreadableWorkbook(problem) from None
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                saved = element.find(VALUE_TAG)
                if saved is None or (not saved.text and element.get("t") != "str"):
                    formula = self.parse_formula(element)  # text of a shared formula too
                    text = formula if isinstance(formula, str) else getattr(formula, "text", "=")
                    cell["value"] = UncachedFormula(text or "=")
            return cell

    return SavedValueParser


@contextmanager
def open_jsonl(path: Path, file: IO[bytes] | None = None) -> Iterator[Iterator[JsonLine]]:
    """The objects of a JSON-lines log, one per line, each with its line number (``file``,
    when given, is read instead of opening ``path``; it need not be seekable)."""
    with _given_or_opened(path, file) as lines:
        yield json_lines(lines)


def json_lines(file: IO[bytes]) -> Iterator[JsonLine]:
    """Each line of ``file`` as a JSON object, or why it is not one, numbered from 1."""
    for number, raw in enumerate(file, start=1):
        line = raw.removeprefix(codecs.BOM_UTF8) if number == 1 else raw
        if not line.strip():
            continue
        try:
            value = strict_json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON: {exc.msg} (column {exc.colno})"
            continue
        except UnicodeDecodeError as exc:
            yield number, None, f"not UTF-8 text (byte {line[exc.start]:#04x})"
            continue
        except strict_json.DuplicateKeyError as exc:
            yield number, None, f"{exc} on this line"
            continue
        except strict_json.LimitError as exc:
            yield number, None, f"the line cannot be read: {exc}"
            continue
        if isinstance(value, dict):
            yield number, value, None
        else:
            yield number, None, f"a JSON {type(value).__name__}, not an object"
