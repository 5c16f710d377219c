"""Output formats: one small streaming writer per format, all of one shape.

``make_writer(format, stream)`` returns a :class:`Writer`; call ``write`` per
:class:`~complycheck.results.CaseResult` as results arrive and ``close`` once with the
run's :class:`Summary`. Only the CLI chooses streams; writers never open files or exit.
"""

from __future__ import annotations

from typing import TextIO

from ..exit_policy import ExitPolicy
from ..vocabulary import FORMATS, Format
from .common import Writer
from .csv_rows import CsvWriter
from .json_doc import JsonWriter
from .jsonl import JsonLinesWriter
from .junit import JUnitWriter
from .markdown import MarkdownWriter
from .summary import Summary
from .text import TextWriter

__all__ = ["FORMATS", "Format", "Summary", "Writer", "make_writer"]


def make_writer(
    format: Format,
    stream: TextIO,
    *,
    color: bool = False,
    width: int = 88,
    summary_stream: TextIO | None = None,
    policy: ExitPolicy | None = None,
) -> Writer:
    """A writer of ``format`` on ``stream``.

    ``color`` and ``width`` apply to text; ``summary_stream`` is where csv, whose rows
    cannot carry it, writes the run summary (None leaves it out); ``policy`` is what fails
    the run, which JUnit reports as failures and errors (by default the command line's).
    """
    if format == "text":
        return TextWriter(stream, color=color, width=width)
    if format == "markdown":
        return MarkdownWriter(stream)
    if format == "json":
        return JsonWriter(stream)
    if format == "jsonl":
        return JsonLinesWriter(stream)
    if format == "csv":
        return CsvWriter(stream, summary_stream=summary_stream)
    return JUnitWriter(stream, policy or ExitPolicy())
