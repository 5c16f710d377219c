"""Read case files (YAML or JSON) and logs into a stream of :class:`RawCase`.

A case file holds one case, a list of cases, or several YAML documents separated by
``---``; ``-`` reads standard input. Reading never raises for bad input: an empty file, a
missing file, malformed YAML or JSON (located by line and column) or a document that is not
a case each become one ``RawCase`` with ``data=None`` and an :class:`InputIssue`, so one
broken file in a batch still gives one located error result and the rest are checked.

YAML is read with the C loader when it is there (a log of cases can be large) and with
the implicit timestamp resolver removed: dates stay strings, so pydantic parses them and an
impossible date such as ``2023-02-30`` becomes a located error rather than a crash inside
the YAML library. Duplicate keys in a mapping are an error, because YAML and JSON would
otherwise keep the last one silently and a typo must not change a finding.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Hashable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

from . import strict_json
from .errors import InputError, InputIssue
from .ids import InputIds, SeenIds
from .inputs import RawCase
from .models import Case
from .validation import validate_case
from .yaml_aliases import AliasExpansionError, BoundedAliases

if TYPE_CHECKING:
    from .logs import Describe, Layout, Warn
    from .logs.ranges import RangePart

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = ["LOG_SUFFIXES", "load_case_file", "load_cases", "read_case_text", "read_inputs"]

#: File suffixes read as logs (rows of events or complaints) rather than case documents.
LOG_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".xlsx", ".jsonl"})

_CASE_SHAPE = "a case (a mapping with id and events) or a list of cases"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_SET = "tag:yaml.org,2002:set"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _DuplicateYamlKeyError(ConstructorError):
    pass


class _CaseLoader(BoundedAliases, _BaseLoader):
    """Safe YAML loading that keeps dates and ids as text, refuses duplicate keys and
    unordered sets, and bounds what aliases may repeat (libyaml itself refuses an escaped
    lone surrogate, ``"\\ud800"``).

    An ``id`` is a reference, never a number: YAML 1.1 reads ``010`` as 8, ``00123`` as
    83 and ``0x1F`` as 31, so every plain scalar under an ``id`` key keeps its text.
    """

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        self.flatten_mapping(node)
        seen: set[Hashable] = set()
        for key_node, value_node in node.value:
            if (
                key_node.value == "id"
                and isinstance(value_node, ScalarNode)
                and value_node.tag in _NUMBER_TAGS
            ):
                value_node.tag = _STR
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable):
                if key in seen:
                    raise _DuplicateYamlKeyError(
                        "while reading a mapping",
                        node.start_mark,
                        f"found the key {key!r} twice",
                        key_node.start_mark,
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_unordered_set(self, node: Node) -> Any:
        """A ``!!set`` has no order, so output written from one would differ run to run."""
        raise ConstructorError(
            None,
            None,
            "a set (!!set) has no order, so the results would not be the same from run to "
            "run: write a list instead",
            node.start_mark,
        )


_CaseLoader.add_constructor(_SET, _CaseLoader.construct_unordered_set)


# A copy, so the shared SafeLoader keeps its timestamps for everyone else.
_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class _NestedCaseLoader(Composer, _CaseLoader):
    """:class:`_CaseLoader` with PyYAML's composer in Python instead of libyaml's.

    In Python the composer's recursion stops at the interpreter's limit with a
    ``RecursionError``, which is reported; it is much slower, so it is the last resort.
    """

    def __init__(self, stream: str) -> None:
        _CaseLoader.__init__(self, stream)
        Composer.__init__(self)


# libyaml's composer recurses in C once per level of nesting, some 300 bytes of stack a
# level: about twenty thousand nested brackets overflow a thread's 8 MiB and kill the
# process. Every level needs one of ``[{-:?``, so their count bounds a text's depth: a
# text that could nest deeper than the stack allows is composed on a thread whose stack
# has room for that count, or, beyond what such a thread may reserve, in Python.
_MARKS = "[{-:?"
_STACK_NESTING = 5000
_STACK_PER_LEVEL = 1024
_LARGEST_STACK = 512 * 1024 * 1024


def _yaml_documents(text: str) -> Iterator[Any]:
    """The documents of ``text``, as ``yaml.load_all`` would give them, without a crash."""
    nesting = sum(text.count(mark) for mark in _MARKS)
    if nesting <= _STACK_NESTING:
        return yaml.load_all(text, Loader=_CaseLoader)
    stack = (1 << 20) + nesting * _STACK_PER_LEVEL
    if stack > _LARGEST_STACK:
        return yaml.load_all(text, Loader=_NestedCaseLoader)
    return _on_own_stack(text, stack)


def _on_own_stack(text: str, stack: int) -> Iterator[Any]:
    """Load every document on a thread with ``stack`` bytes of stack, then hand them out
    (and the error that stopped the loading, if any, after the documents before it)."""
    documents: list[Any] = []
    failure: list[Exception] = []

    def load() -> None:
        try:
            documents.extend(yaml.load_all(text, Loader=_CaseLoader))
        except Exception as exc:  # handed to the reader, in the caller's thread
            failure.append(exc)

    previous = threading.stack_size(stack)
    try:
        thread = threading.Thread(target=load, name="complycheck-yaml")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    yield from documents
    if failure:
        raise failure[0]


def load_case_file(path_or_dash: str, seen: SeenIds | None = None) -> Iterator[RawCase]:
    """Yield every case in a YAML or JSON file (``-`` for stdin), or why it could not be read.

    A ``.json`` file, or standard input that starts with ``{`` or ``[``, is read as JSON
    (its error messages are the clearer ones for JSON); anything else as YAML. ``seen``:
    the ids read so far in a run; a case whose id is among them becomes an error naming
    where it was first read. Without it ids are not compared, and :func:`load_cases` hands
    back every case.
    """
    source = "<stdin>" if path_or_dash == "-" else path_or_dash
    if path_or_dash == "-" and sys.stdin is None:
        yield _failed(source, "file", "standard input is closed", expected=_CASE_SHAPE)
        return
    try:
        text = (
            sys.stdin.read() if path_or_dash == "-" else Path(path_or_dash).read_text("utf-8-sig")
        )
    except FileNotFoundError:
        yield _failed(source, "file", "file not found", expected="an existing YAML or JSON file")
        return
    except UnicodeDecodeError as exc:
        yield _failed(
            source, "file", f"not UTF-8 text (byte {exc.start})", expected="a UTF-8 text file"
        )
        return
    except OSError as exc:
        yield _failed(source, "file", f"cannot be read: {exc.strerror or exc}")
        return
    as_json = path_or_dash.lower().endswith(".json") or (
        path_or_dash == "-" and text.lstrip()[:1] in ("{", "[")
    )
    yield from read_case_text(text, source, as_json=as_json, seen=seen)


def read_case_text(
    text: str, source: str, *, as_json: bool, seen: SeenIds | None = None
) -> Iterator[RawCase]:
    """Yield every case in ``text`` (JSON, or YAML), read as a case file named ``source``.

    For cases that arrive as text rather than as a file (the HTTP service's request
    bodies): read, located and reported exactly as :func:`load_case_file` reads a file.
    """
    if not text.strip():
        yield _failed(source, "file", "the file is empty", expected=_CASE_SHAPE)
        return
    ids = None if seen is None else seen.reading(source, _place)
    yield from (_json_cases if as_json else _yaml_cases)(text, source, ids)


def _json_cases(text: str, source: str, ids: InputIds | None) -> Iterator[RawCase]:
    try:
        document = strict_json.loads(text)
    except json.JSONDecodeError as exc:
        yield _failed(
            source,
            f"line {exc.lineno}, column {exc.colno}",
            f"not valid JSON: {exc.msg}",
            expected=_CASE_SHAPE,
        )
        return
    except strict_json.DuplicateKeyError as exc:
        yield _failed(
            source, "document 1", f"{exc} in one object", expected="each key once per object"
        )
        return
    except strict_json.LimitError as exc:
        yield _failed(source, "document 1", f"the JSON cannot be read: {exc}", expected=_CASE_SHAPE)
        return
    yield from _cases_in(document, source, 0, ids)


def _yaml_cases(text: str, source: str, ids: InputIds | None) -> Iterator[RawCase]:
    documents = _yaml_documents(text)
    number = 0
    found = False
    while True:
        number += 1
        try:
            document = next(documents)
        except StopIteration:
            break
        except yaml.YAMLError as exc:
            yield _yaml_failure(exc, source, number)
            return
        except RecursionError:
            yield _failed(
                source,
                f"document {number}",
                "it is nested too deeply to read (lists or mappings within each other)",
                expected=_CASE_SHAPE,
            )
            return
        except ValueError as exc:  # a tagged value (!!int, !!timestamp) that is no such thing
            yield _failed(source, f"document {number}", _value_problem(exc), expected=_CASE_SHAPE)
            return
        if document is None:  # an empty document, e.g. after a trailing "---"
            continue
        found = True
        yield from _cases_in(document, source, number, ids)
    if not found:
        yield _failed(source, "file", "the file has only comments", expected=_CASE_SHAPE)


def _yaml_failure(exc: yaml.YAMLError, source: str, number: int) -> RawCase:
    """Locate a YAML error where the parser stopped, and say where the open construct began.

    An unclosed bracket is only noticed at the end of the file, so the start of what was
    being read ("a flow sequence that started at line 6, column 5") is the useful half.
    """
    mark = getattr(exc, "problem_mark", None)
    location = f"line {mark.line + 1}, column {mark.column + 1}" if mark else f"document {number}"
    detail = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    started = getattr(exc, "context_mark", None)
    if context and started:
        detail += (
            f" ({context} that started at line {started.line + 1}, column {started.column + 1})"
        )
    elif context:
        detail += f" ({context})"
    if isinstance(exc, _DuplicateYamlKeyError):
        return _failed(source, location, detail, expected="each key once per mapping")
    if isinstance(exc, AliasExpansionError):
        return _failed(source, location, str(exc), expected=_CASE_SHAPE)
    return _failed(source, location, f"not valid YAML: {detail}", expected=_CASE_SHAPE)


def _value_problem(exc: ValueError) -> str:
    """What a YAML constructor's ValueError means, without Python's advice on int limits."""
    if "integer string conversion" in str(exc):
        return "a number is too long to read (thousands of digits)"
    return f"a value cannot be read: {exc}"


def _cases_in(document: Any, source: str, number: int, ids: InputIds | None) -> Iterator[RawCase]:
    """The cases of document ``number`` (0 in JSON, which has one unnumbered document)."""
    if isinstance(document, dict):
        yield _case(source, number, 0, document, ids)
        return
    if not isinstance(document, list):
        yield _failed(
            source,
            _place(number, 0),
            f"the document is a {_kind(document)}, not a case",
            expected=_CASE_SHAPE,
        )
        return
    if not document:
        yield _failed(source, _place(number, 0), "the list of cases is empty", expected=_CASE_SHAPE)
        return
    for index, item in enumerate(document, start=1):
        if isinstance(item, dict):
            yield _case(source, number, index, item, ids)
        else:
            yield _failed(
                source,
                _place(number, index),
                f"this item is a {_kind(item)}, not a case",
                expected="a mapping with id and events",
            )


def _case(
    source: str, number: int, index: int, data: dict[str, Any], ids: InputIds | None
) -> RawCase:
    case = RawCase(source, _place(number, index), data)
    return case if ids is None else ids.admit(case, case.case_id, number, index)


def _place(document: int, index: int) -> str:
    """Where a case is in a case file: "document 2", or "document 2, case 3 of the list"
    for the third item of a document that is a list; JSON (``document`` 0) has one document,
    so "document 1" or "case 3 of the list"."""
    if not index:
        return f"document {document or 1}"
    prefix = f"document {document}, " if document else ""
    return f"{prefix}case {index} of the list"


def _kind(value: Any) -> str:
    names = {str: "text", int: "number", float: "number", bool: "true/false", list: "list"}
    return names.get(type(value), type(value).__name__)


def _failed(source: str, location: str, message: str, expected: str | None = None) -> RawCase:
    issue = InputIssue(message, source=source, location=location, expected=expected)
    return RawCase(source, location, None, (issue,))


def read_inputs(
    sources: Iterable[str],
    *,
    layout: Layout = "auto",
    mapping: Path | None = None,
    sheet: str | None = None,
    dayfirst: bool = True,
    warn: Warn | None = None,
    describe: Describe | None = None,
    header_row: int | None = None,
    stdin_format: str | None = None,
) -> Iterator[RawCase]:
    """Yield the cases of several inputs in order: logs by suffix, everything else as cases.

    Both readers report an unreadable file as an error ``RawCase``, so one bad input never
    stops the batch. A case id is used once in the whole batch: a second case with it, in
    the same file or another, is an error naming where it was first read. The log reader is
    imported only when a log is given: it brings in date parsing that a run over YAML cases
    does not need. ``stdin_format`` (``csv``, ``xlsx`` or ``jsonl``) reads ``-`` as a log
    of that format instead of as cases; ``header_row`` is the row of a log's headers.
    """
    return cast(
        Iterator[RawCase],
        read_input_parts(
            sources,
            layout=layout,
            mapping=mapping,
            sheet=sheet,
            dayfirst=dayfirst,
            warn=warn,
            describe=describe,
            header_row=header_row,
            stdin_format=stdin_format,
            ranges=False,
        ),
    )


def read_input_parts(
    sources: Iterable[str],
    *,
    layout: Layout = "auto",
    mapping: Path | None = None,
    sheet: str | None = None,
    dayfirst: bool = True,
    warn: Warn | None = None,
    describe: Describe | None = None,
    header_row: int | None = None,
    stdin_format: str | None = None,
    ranges: bool = True,
) -> Iterator[RawCase | RangePart]:
    """As :func:`read_inputs`; with ``ranges``, a wide text log's rows come as byte ranges
    for workers to read (:mod:`.logs.ranges`), not as cases."""
    seen = SeenIds()
    for source in sources:
        from_stdin = source == "-" and stdin_format is not None
        if Path(source).suffix.lower() not in LOG_SUFFIXES and not from_stdin:
            yield from load_case_file(source, seen)
            continue
        from .logs import read_log, stdin_log

        with contextlib.ExitStack() as stack:
            path = Path(source)
            name = None
            if from_stdin:
                path = stack.enter_context(stdin_log(str(stdin_format)))
                name = "<stdin>"
            if ranges and not from_stdin:  # a worker may read it after it is gone
                from .logs.ranges import read_log_parts

                yield from read_log_parts(
                    path,
                    layout=layout,
                    mapping=mapping,
                    sheet=sheet,
                    dayfirst=dayfirst,
                    seen=seen,
                    warn=warn,
                    describe=describe,
                    header_row=header_row,
                    name=name,
                )
                continue
            yield from read_log(
                path,
                layout=layout,
                mapping=mapping,
                sheet=sheet,
                dayfirst=dayfirst,
                seen=seen,
                warn=warn,
                describe=describe,
                header_row=header_row,
                name=name,
            )


def load_cases(source: str | os.PathLike[str]) -> list[Case]:
    """Read and validate every case in a YAML or JSON file, for use from Python.

    Raises :class:`InputError` carrying every issue of every case, so a caller fixing a
    file sees all of its problems at once rather than one per run.
    """
    cases: list[Case] = []
    issues: list[InputIssue] = []
    for raw in load_case_file(os.fspath(source)):
        issues.extend(raw.issues)
        if raw.data is None:
            continue
        checked = validate_case(raw.data, source=raw.source, location=raw.location)
        if isinstance(checked, Case):
            cases.append(checked)
        else:
            issues.extend(checked)
    if issues:
        raise InputError(issues)
    return cases
