"""What every output format shares: the writer shape, status marks and value formatting.

Writers stream: ``write`` is called once per case as results arrive and ``close`` once with
the run's summary, so no format ever holds more than one case in memory.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import replace
from datetime import date
from typing import Any, Protocol, TextIO, runtime_checkable

from ..errors import InputIssue
from ..escapes import visible
from ..results import CaseResult, Span, Status
from .summary import Summary

__all__ = [
    "ASCII_MARKS",
    "MARKS",
    "PartWriter",
    "RenderingWriter",
    "Writer",
    "case_name",
    "fact_text",
    "is_regular_file",
    "located_issues",
    "visible",
    "write_utf8",
]

#: One mark per status, so a column of checks can be scanned by eye.
MARKS: dict[Status, str] = {
    "met": "✓",
    "breached": "✗",
    "pending": "…",
    "unknown": "?",
    "not_applicable": "–",
}
#: The same marks for a stream that cannot encode them (a legacy Windows console, say).
ASCII_MARKS: dict[Status, str] = {
    "met": "+",
    "breached": "x",
    "pending": ".",
    "unknown": "?",
    "not_applicable": "-",
}


class Writer(Protocol):
    """A streaming output format."""

    def write(self, result: CaseResult) -> None:
        """Write one case's result (a report or its input errors)."""

    def close(self, summary: Summary) -> None:
        """Write the run's summary and whatever closes the document; does not close the stream."""


@runtime_checkable
class RenderingWriter(Writer, Protocol):
    """A writer whose text for a checked case depends on that case alone.

    ``render`` is a plain function of the result, so a worker process can write the text
    out and send back a string instead of the report (see
    :func:`~complycheck.runner.run_rendered`); ``write_rendered`` then puts that text where
    ``write`` would have.
    """

    @staticmethod
    def render(result: CaseResult) -> str:
        """The text of one checked case, as ``write`` would write it."""

    def write_rendered(self, text: str) -> None:
        """Write a case's text made by ``render`` (possibly in another process)."""


@runtime_checkable
class PartWriter(RenderingWriter, Protocol):
    """A rendering writer that writes cases' texts one after another and nothing between
    them, so that many cases' texts, joined, can be written at once (a worker's share of a
    run, see :mod:`complycheck.parts`)."""

    def write_part(self, part: bytes) -> None:
        """Write several cases' texts made by ``render``, joined, as UTF-8."""


def write_utf8(stream: TextIO, data: bytes) -> None:
    """Write UTF-8 ``data`` to a text stream: straight to the bytes under it when the
    stream writes UTF-8 with no newline translation (the usual case: no decoding and
    encoding again), else as text."""
    write_bytes = getattr(stream, "write_bytes", None)
    if (
        write_bytes is not None
        and os.linesep == "\n"
        and codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "utf-8"
    ):
        write_bytes(data)
    else:
        stream.write(data.decode("utf-8"))


def is_regular_file(stream: TextIO) -> bool:
    """Whether ``stream`` writes to a file on disk (no one reads it while it is written, so
    it need not be flushed line by line), not to a terminal or a pipe."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False  # no descriptor (a test's buffer): flushing costs nothing there


def fact_text(value: Any) -> str:
    """A fact as a person reads it: dates ISO, ranges 'between a and b', unknown as ''."""
    if type(value) is str:  # most cells and facts: skip the checks below
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Span):
        return str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(fact_text(item) for item in value)
    if isinstance(value, dict):
        if value.keys() == {"earliest", "latest"}:  # a date known only as a range of days
            return f"between {fact_text(value['earliest'])} and {fact_text(value['latest'])}"
        return "; ".join(f"{key}: {fact_text(item)}" for key, item in value.items())
    return str(value)


def located_issues(result: CaseResult) -> tuple[InputIssue, ...]:
    """The result's issues, each carrying the file and place the case came from.

    Issues raised after reading (a duplicate id found by the runner) may not know where
    the case was; the result always does, and an error a user cannot find is no help.
    """
    return tuple(
        replace(
            issue,
            source=issue.source or result.source,
            location=issue.location or result.location,
            case_id=issue.case_id if issue.case_id is not None else result.case_id,
        )
        for issue in result.errors
    )


def case_name(result: CaseResult) -> str | None:
    """The case id of a result, or of its first issue that knows it.

    A log row rejected before it became a case has no id on the result, but the reader
    often read the id column and put it on the issue; a reader scanning for case L2 wants
    to find it.
    """
    if result.case_id is not None:
        return result.case_id
    return next((issue.case_id for issue in result.errors if issue.case_id is not None), None)
