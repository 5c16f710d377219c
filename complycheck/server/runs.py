"""Cases and logs through the checker, exactly as the CLI runs them.

Each function here takes a request's body and options and gives the response text, using
the CLI's own reading (:func:`~complycheck.loading.read_case_text`,
:func:`~complycheck.logs.read_log`), checking (:func:`~complycheck.runner.run_cases`) and
writing (:func:`~complycheck.render.make_writer`), so a case answers here byte for byte as
``check --format jsonl`` answers it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import IO, cast

from ..cli_year import YEAR_FORMATS, YearOptions
from ..errors import InputError, InputIssue, UnknownRulesetError
from ..ids import SeenIds, Span
from ..inputs import RawCase
from ..loading import read_case_text
from ..logs import Layout, read_log
from ..logs.mapping import WideMapping, parse_mapping
from ..logs.sources import SUFFIXES, json_lines
from ..logs.streams import ChunkReader, LogStream
from ..models import within_span
from ..render import FORMATS, Format, Summary, make_writer
from ..render.jsonl import JsonLinesWriter
from ..reporting.tsm import DEFAULT_BASIS
from ..rulesets import list_rulesets, load_ruleset
from ..runner import check_raw, run_cases
from .chunks import ReceivedBody, too_many_cases
from .multipart import Part, Parts
from .problems import ApiError, issue

__all__ = [
    "CaseOptions",
    "LogOptions",
    "Upload",
    "batch_document",
    "batch_lines",
    "case_options",
    "check_one",
    "checked_ruleset",
    "is_json_lines",
    "known_format",
    "log_run",
    "media_type",
    "upload",
]

_JSON_TYPES = frozenset({"application/json"})
_YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})
_LINES_TYPES = frozenset(
    {"application/x-ndjson", "application/jsonl", "application/jsonlines", "application/json-lines"}
)
_CASE_TYPES = "application/json (or +json), or application/yaml"
#: How a log upload's content type names its format, as a file suffix would.
_LOG_SUFFIX_BY_TYPE = {
    "text/csv": ".csv",
    "application/csv": ".csv",
    "text/tab-separated-values": ".tsv",
    "text/plain": ".txt",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    **dict.fromkeys(_LINES_TYPES, ".jsonl"),
}
_LOG_TYPES = "text/csv, text/tab-separated-values, an .xlsx workbook's type, application/x-ndjson"
#: The content type of each output format; a format added to the registry and not listed
#: here is served as UTF-8 text.
_MEDIA_TYPES = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "markdown": "text/markdown; charset=utf-8",
    "junit": "application/xml",
    "text": "text/plain; charset=utf-8",
    "cases": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "summary": "text/plain; charset=utf-8",
    "summary-markdown": "text/markdown; charset=utf-8",
    "summary-json": "application/json",
}
_MAPPING_LIMIT = 1024 * 1024
_ENGINE = "builtin"


@dataclass(frozen=True, slots=True)
class CaseOptions:
    """What a request may set for its cases, as ``check``'s options set it."""

    source: str = "request"
    ruleset: str | None = None
    as_of: date | None = None


#: A log run with no reporting option: no period, filter, grouping or homes.
NO_YEAR_OPTIONS = YearOptions(None, (), None, (), None, None, None, None, DEFAULT_BASIS)


@dataclass(frozen=True, slots=True)
class LogOptions:
    """A log upload's reading and output options, as ``check``'s options for a log."""

    cases: CaseOptions
    format: str = "jsonl"
    layout: Layout = "auto"
    sheet: str | None = None
    dayfirst: bool = True
    header_row: int | None = None
    year: YearOptions = NO_YEAR_OPTIONS


def case_options(source: str, ruleset: str | None, as_of: date | None) -> CaseOptions:
    """A request's options for its cases, checked: an unknown ruleset or an as-of day out
    of the calendars' span is a 422 naming the parameter."""
    if as_of is not None:
        try:
            within_span(as_of)
        except ValueError as exc:
            raise ApiError(422, [issue(str(exc), field="as_of", value=as_of.isoformat())]) from None
    return CaseOptions(source=source, ruleset=checked_ruleset(ruleset), as_of=as_of)


def is_json_lines(content_type: str) -> bool:
    """Whether a body of ``content_type`` is JSON lines (read line by line as it arrives)."""
    return _base_type(content_type) in _LINES_TYPES


def media_type(format: str) -> str:
    """The content type of output ``format``."""
    return _MEDIA_TYPES.get(format, "text/plain; charset=utf-8")


def checked_ruleset(name: str | None) -> str | None:
    """``name`` if it is a bundled ruleset (an id, or an edition's year as the CLI takes it).

    A path is refused: the service does not open files a caller names.
    """
    if name is None:
        return None
    try:
        if any(mark in name for mark in "/\\") or name.endswith((".yaml", ".yml")):
            known = list_rulesets()
            raise UnknownRulesetError(name, known, None)
        load_ruleset(name)
    except UnknownRulesetError as exc:
        raise ApiError(
            422,
            [
                issue(
                    str(exc),
                    field="ruleset",
                    value=name,
                    expected=f"one of {', '.join(exc.known)} (see GET /v1/rulesets)",
                )
            ],
        ) from None
    return name


def _base_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _case_text(body: bytes, content_type: str) -> tuple[str, bool]:
    """The body as text, and whether it is JSON (else YAML)."""
    kind = _base_type(content_type)
    as_json = kind in _JSON_TYPES or kind.endswith("+json")
    if not as_json and kind not in _YAML_TYPES:
        raise ApiError(
            415,
            [
                issue(
                    f"a case cannot be sent as {kind or 'a body without a content type'}",
                    field="Content-Type",
                    value=kind or None,
                    expected=_CASE_TYPES,
                )
            ],
        )
    try:
        return body.decode("utf-8-sig"), as_json
    except UnicodeDecodeError as exc:
        raise ApiError(
            400,
            [issue(f"the body is not UTF-8 text (byte {exc.start})", expected="UTF-8 text")],
        ) from None


def check_one(body: bytes, content_type: str, options: CaseOptions) -> str:
    """One case's result as JSON text, or the :class:`ApiError` saying why it is refused."""
    text, as_json = _case_text(body, content_type)
    raws = list(read_case_text(text, options.source, as_json=as_json, seen=SeenIds()))
    if len(raws) != 1:
        raise ApiError(
            422,
            [
                issue(
                    f"the body holds {len(raws)} cases; this endpoint checks one",
                    field="body",
                    expected="one case; POST a list to /v1/check/batch",
                )
            ],
        )
    raw = raws[0]
    result = check_raw(raw, options.ruleset, options.as_of, _ENGINE)
    if raw.data is None:
        raise ApiError.of_case(400, result)
    if result.errors:
        raise ApiError.of_case(422, result)
    return result.to_json()


def batch_document(
    body: bytes, content_type: str, options: CaseOptions, limit: int
) -> Iterator[str]:
    """A JSON (or YAML) list of cases: one JSON line per case, in order."""
    text, as_json = _case_text(body, content_type)
    raws = list(read_case_text(text, options.source, as_json=as_json, seen=SeenIds()))
    if len(raws) > limit:
        raise too_many_cases(limit)
    return _lines(raws, options)


def batch_lines(body: ReceivedBody, options: CaseOptions, limit: int) -> Iterator[str]:
    """JSON lines of cases, one case per line: checked as each line arrives."""
    file = io.BufferedReader(ChunkReader(body.next_chunk))
    ids = SeenIds().reading(options.source, Span("line"))
    count = 0

    def cases() -> Iterator[RawCase]:
        nonlocal count
        for number, value, problem in json_lines(cast(IO[bytes], file)):
            count += 1
            if count > limit:
                raise too_many_cases(limit)
            location = ids.place(number, 0)
            if value is None:
                found = InputIssue(
                    problem or "unreadable line",
                    source=options.source,
                    location=location,
                    expected="one case (a JSON object with id and events) per line",
                )
                yield RawCase(options.source, location, None, (found,))
                continue
            case = RawCase(options.source, location, value)
            yield ids.admit(case, case.case_id, number)

    return _lines(cases(), options)


def _lines(raws: Iterable[RawCase], options: CaseOptions) -> Iterator[str]:
    for result in run_cases(raws, ruleset=options.ruleset, as_of=options.as_of, engine=_ENGINE):
        yield JsonLinesWriter.render(result)


@dataclass(frozen=True, slots=True)
class Upload:
    """A log upload: the log as a stream, the mapping sent with it, and the multipart body
    it came in (``None`` for a raw body), whose end is checked after the log is read."""

    log: LogStream
    mapping: WideMapping | None
    parts: Parts | None

    def finish(self) -> None:
        """Refuse a part after the log: it would go unread."""
        if self.parts is not None and self.parts.next_part() is not None:
            raise ApiError(
                422,
                [
                    issue(
                        "the upload has a part after the log; it was not read",
                        field="body",
                        expected="an optional 'mapping' part, then the 'log' part, last",
                    )
                ],
            )


def upload(body: ReceivedBody, content_type: str, source: str) -> Upload:
    """A raw body, or a multipart one with an optional mapping part before the log part."""
    if _base_type(content_type) == "multipart/form-data":
        parts = _parts(body, content_type)
        log, mapping = _log_part(parts)
        name = log.filename or source
        chunks = iter(log.chunks, b"")
        return Upload(LogStream(chunks, name, _log_format(name, log.content_type)), mapping, parts)
    stream = LogStream(iter(body.next_chunk, b""), source, _log_format(source, content_type))
    return Upload(stream, None, None)


def known_format(format: str) -> str:
    """``format`` if the CLI writes it for a log (a per-case or a reporting format)."""
    if format not in FORMATS and format not in YEAR_FORMATS:
        raise ApiError(
            422,
            [
                issue(
                    f"unknown output format {format!r}",
                    field="format",
                    value=format,
                    expected=f"one of {', '.join((*FORMATS, *YEAR_FORMATS))}",
                )
            ],
        )
    return format


def log_run(body: ReceivedBody, content_type: str, options: LogOptions) -> Iterator[bytes]:
    """A log upload: its results in ``options.format``, then the summary, as ``check LOG``
    writes them; through the reporting pipeline when the format or an option needs it, as
    on the command line."""
    known_format(options.format)
    if options.year.wanted(options.format):
        from .reports import report_run  # the reporting pipeline, loaded when first asked for

        return report_run(upload(body, content_type, options.cases.source), options)
    return _case_run(upload(body, content_type, options.cases.source), options)


def _case_run(sent: Upload, options: LogOptions) -> Iterator[bytes]:
    summary = Summary()
    log = sent.log
    raws = read_log(
        log.path,
        layout=options.layout,
        mapping=sent.mapping,
        sheet=options.sheet,
        dayfirst=options.dayfirst,
        header_row=options.header_row,
        warn=summary.warnings.append,
        describe=lambda notes: summary.logs.append(notes.to_dict()),
        name=log.name,
        file=log.file(),
    )
    first = next(raws, None)
    if first is not None and first.data is None and first.location == "file":
        raise ApiError(422, first.issues)
    raws = chain([] if first is None else [first], raws)
    as_of = options.cases.as_of
    # a period, or an as-of day on a log, leaves complaints out as the CLI does
    if scope := options.year.scope((str(log.path),), as_of):
        raws, as_of = scope(raws), scope.as_of
    yield from _written(raws, summary, options, as_of)
    sent.finish()


def _written(
    raws: Iterator[RawCase], summary: Summary, options: LogOptions, as_of: date | None
) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = make_writer(cast(Format, options.format), buffer)
    cases = options.cases
    for result in run_cases(raws, ruleset=cases.ruleset, as_of=as_of, engine=_ENGINE):
        summary.add(result)
        writer.write(result)
        yield _drained(buffer).encode()
    writer.close(summary)
    yield _drained(buffer).encode()


def _drained(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def _parts(body: ReceivedBody, content_type: str) -> Parts:
    boundary = next(
        (
            value.strip().strip('"')
            for key, _, value in (p.partition("=") for p in content_type.split(";")[1:])
            if key.strip().lower() == "boundary"
        ),
        None,
    )
    if not boundary:
        raise ApiError(
            400,
            [
                issue(
                    "the multipart body has no boundary",
                    field="Content-Type",
                    value=content_type,
                    expected="multipart/form-data; boundary=...",
                )
            ],
        )
    return Parts(body.next_chunk, boundary)


def _log_part(parts: Parts) -> tuple[Part, WideMapping | None]:
    """The log part, and the mapping read from a part before it."""
    mapping: WideMapping | None = None
    while (part := parts.next_part()) is not None:
        if part.name == "log":
            return part, mapping
        if part.name != "mapping":
            raise ApiError(
                422,
                [
                    issue(
                        f"the upload has a part named {part.name!r}",
                        field="body",
                        value=part.name,
                        expected="a 'log' part, after an optional 'mapping' part",
                    )
                ],
            )
        mapping = _mapping(part)
    raise ApiError(
        422,
        [
            issue(
                "the upload has no part named 'log'",
                field="body",
                expected="the log file in a form-data part named 'log'",
            )
        ],
    )


def _mapping(part: Part) -> WideMapping:
    origin = part.filename or "mapping"
    data = bytearray()
    while chunk := part.chunks():
        data += chunk
        if len(data) > _MAPPING_LIMIT:
            raise ApiError(
                413,
                [
                    issue(
                        f"the mapping is larger than {_MAPPING_LIMIT} bytes",
                        field="mapping",
                        expected="a mapping file of a few KB",
                    )
                ],
            )
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            422,
            [
                issue(
                    f"the mapping is not UTF-8 text (byte {exc.start})",
                    field="mapping",
                    expected="YAML or JSON saved as UTF-8",
                )
            ],
        ) from None
    try:
        return parse_mapping(text, origin)
    except InputError as exc:
        raise ApiError(422, exc.issues) from None


def _log_format(name: str, content_type: str) -> str:
    """How to read a log: its name's suffix if it is a log's, else the format its content
    type stands for (the log is still named ``name`` in every result and error)."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return suffix
    found = _LOG_SUFFIX_BY_TYPE.get(_base_type(content_type))
    if found is None:
        raise ApiError(
            415,
            [
                issue(
                    f"cannot tell the format of the log {name!r} (content type "
                    f"{_base_type(content_type) or 'none'})",
                    field="Content-Type",
                    value=_base_type(content_type) or None,
                    expected=f"{_LOG_TYPES}; or a file name ending in "
                    f"{', '.join(sorted(SUFFIXES))}",
                )
            ],
        )
    return found
