"""CSV: one row per check, for a spreadsheet or a BI tool; a case with input errors gets one
row per error, with status ``input_error``, so the row count still accounts for every case.

Cells are guarded against formula injection: case ids, landlord names and notes come from
housing-system exports, and a cell such as ``=HYPERLINK(...)`` would run when the sheet is
opened. Any cell starting with ``= + - @``, a tab or a carriage return gets a leading
apostrophe, which spreadsheets show as text. A row with a control character in any cell
(a line break, ESC) is written with every cell quoted: Python's csv module before 3.13 leaves
a cell with a lone carriage return unquoted, and a spreadsheet ends the row there, so
``"\r=1+1"`` would become a formula at the start of a row of its own.

The run summary is not appended as trailing rows (a table with a different shape at the
bottom breaks every CSV reader); the writer prints it as text to a separate stream instead:
the CLI passes stderr, or stdout when the CSV goes to ``--output FILE``.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any, TextIO

from ..results import CaseResult
from .common import fact_text, located_issues, write_utf8
from .summary import Summary

__all__ = ["COLUMNS", "CsvWriter", "safe_cell"]

COLUMNS = (
    "source",
    "location",
    "case_id",
    "ruleset",
    "guidance",
    "rule",
    "provision",
    "provision_confirmed",
    "title",
    "status",
    "weight",
    "due_date",
    "working_days_taken",
    "working_days_late",
    "finding",
    "reasoning",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def safe_cell(value: Any) -> str:
    """A cell's text, defused if a spreadsheet would read it as a formula."""
    text = fact_text(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class CsvWriter:
    """Writes a header row, then one row per check (or per input error) as cases arrive."""

    def __init__(self, stream: TextIO, *, summary_stream: TextIO | None = None) -> None:
        self._stream = stream
        csv.writer(stream, lineterminator="\n").writerow(COLUMNS)
        self._summary_stream = summary_stream

    def write(self, result: CaseResult) -> None:
        self.write_rendered(self.render(result))

    @staticmethod
    def render(result: CaseResult) -> str:
        """One case's rows, as text: they depend on the case alone."""
        buffer = io.StringIO()
        rows = _Rows(buffer)
        report = result.report
        if report is None:
            for issue in located_issues(result):
                _row(
                    rows,
                    source=result.source,
                    location=result.location,
                    case_id=issue.case_id,
                    status="input_error",
                    title=issue.field or "",
                    reasoning=str(issue),
                )
            return buffer.getvalue()
        for check in report.checks:
            facts = check.facts
            _row(
                rows,
                source=result.source,
                location=result.location,
                case_id=report.case_id,
                ruleset=report.ruleset.id,
                guidance=report.guidance.id if report.guidance is not None else None,
                rule=check.rule,
                provision=check.provision,
                provision_confirmed=check.confirmed,
                title=check.title,
                status=check.status,
                weight=check.weight,
                due_date=facts.get("extended_due_date", facts.get("due_date")),
                working_days_taken=facts.get("working_days_taken"),
                working_days_late=facts.get("working_days_late"),
                finding=report.determination.finding,
                reasoning=check.reasoning,
            )
        return buffer.getvalue()

    def write_rendered(self, text: str) -> None:
        self._stream.write(text)

    def write_part(self, part: bytes) -> None:
        write_utf8(self._stream, part)

    def close(self, summary: Summary) -> None:
        if self._summary_stream is not None:
            self._summary_stream.write("".join(f"{line}\n" for line in summary.lines()))


class _Rows:
    """Writes rows to a buffer, quoting every cell of a row that holds a control character."""

    def __init__(self, buffer: io.StringIO) -> None:
        self.plain = csv.writer(buffer, lineterminator="\n")
        self.quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)


def _row(rows: _Rows, **cells: Any) -> None:
    """One row on ``rows``, every cell defused."""
    row = [safe_cell(cells.get(column)) for column in COLUMNS]
    text = "".join(row)  # isprintable first: it is C-fast, and False for every control character
    writer = rows.quoted if not text.isprintable() and _CONTROL.search(text) else rows.plain
    writer.writerow(row)
