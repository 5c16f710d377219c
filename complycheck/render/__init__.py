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
from .summary import Summary

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
    # Each writer is imported when asked for: a run writes one format, and some bring in
    # modules of their own (xml.etree and temporary files for junit, csv for csv).
    if format == "text":
        from .text import TextWriter

        return TextWriter(stream, color=color, width=width)
    if format == "markdown":
        from .markdown import MarkdownWriter

        return MarkdownWriter(stream)
    if format == "json":
        from .json_doc import JsonWriter

        return JsonWriter(stream)
    if format == "jsonl":
        from .jsonl import JsonLinesWriter

        return JsonLinesWriter(stream)
    if format == "breaches":
        from .breaches import BreachesWriter

        return BreachesWriter(stream)
    if format == "csv":
        from .csv_rows import CsvWriter

        return CsvWriter(stream, summary_stream=summary_stream)
    from .junit import JUnitWriter

    return JUnitWriter(stream, policy or ExitPolicy())
