"""A log through the reporting pipeline, as ``check LOG --period ...`` runs it.

The reporting formats (``cases``, ``xlsx``, the ``summary`` forms) and the reporting
options (a period, ``only`` filters, group-by, homes for TSM) are written by
:func:`~complycheck.cli_year.write_year`, the very code the CLI runs, here over the upload
as a :class:`~complycheck.logs.streams.LogStream`: rows are checked as they arrive and what
each adds to the output is sent as soon as it is written. A workbook is the exception both
ways: an uploaded .xlsx is read whole in memory (a zip archive's directory is at its end),
and an .xlsx answer is written only once the log is read (its summary sheet needs the whole
year), held in memory and sent whole.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from ..cli_year import write_year
from ..render import Summary, make_writer
from ..reporting.api import ReportOptionError
from ..reporting.rows import CaseRow
from .problems import ApiError, issue
from .runs import LogOptions, Upload

__all__ = ["report_run"]


def report_run(sent: Upload, options: LogOptions) -> Iterator[bytes]:
    """The upload's report in ``options.format`` (a :class:`~.runs.LogOptions`), as
    ``complycheck check LOG --format F`` with the same options writes it to stdout."""
    written = io.BytesIO()
    stream = io.TextIOWrapper(written, encoding="utf-8", newline="", write_through=True)
    summary = Summary()
    seen = 0

    def on_row(row: CaseRow) -> None:
        nonlocal seen
        seen += 1
        if seen == 1 and row.location == "file" and row.result is not None:
            raise ApiError(422, row.result.errors)  # the log cannot be read at all

    log = sent.log
    check_options: dict[str, Any] = {
        "as_of": options.cases.as_of,
        "ruleset": options.cases.ruleset,
        "layout": options.layout,
        "mapping": sent.mapping,
        "sheet": options.sheet,
        "dayfirst": options.dayfirst,
        "header_row": options.header_row,
        "warn": summary.warnings.append,
        "describe": lambda notes: summary.logs.append(notes.to_dict()),
    }
    pieces = write_year(
        log,
        stream,
        options.format,
        options.year,
        summary,
        make_writer=lambda chosen: make_writer(chosen, stream),
        on_row=on_row,
        note=lambda text: None,  # the CLI's notes go to stderr, not into its output
        check_options=check_options,
    )
    try:
        for _ in pieces:
            if written.tell():
                yield _drained(written)
    except ReportOptionError as exc:
        raise ApiError(422, [issue(str(exc), field=exc.option)]) from None
    sent.finish()


def _drained(buffer: io.BytesIO) -> bytes:
    data = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return data
