"""``--format xlsx``: a workbook with a Cases, a Checks and a Summary sheet (openpyxl).

Written in openpyxl's write-only mode, which streams each sheet's rows to a temporary file,
so a log of any size costs flat memory. Every sheet has a frozen header row, an autofilter
and column widths set; dates are real date cells. Text cells are defused against formula
injection as in the CSV outputs: openpyxl would store a cell starting with ``=`` as a
formula.
"""

from __future__ import annotations

from datetime import date
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..reporting.figures import LogSummary
from ..reporting.rows import CaseRow
from .case_columns import CASE_COLUMNS, passthrough_headers, row_values
from .csv_rows import safe_cell
from .year_summary import group_rows, summary_lines

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = ["XlsxWriter"]

_DATE_FORMAT = "yyyy-mm-dd"
_CHECK_COLUMNS = (
    ("case_id", 16),
    ("rule", 28),
    ("provision", 10),
    ("title", 50),
    ("status", 14),
    ("weight", 14),
    ("due", 12),
    ("working_days_taken", 10),
    ("working_days_late", 10),
    ("reasoning", 80),
)
_SUMMARY_COLUMNS = (
    ("section", 22),
    ("figure", 60),
    ("value", 40),
    ("numerator", 12),
    ("denominator", 12),
)
_WIDTH_BY_KIND = {"date": 12, "count": 10}


#: The checks the Checks sheet lists: those a reader acts on. Met and not-applicable checks
#: are most of a log's checks (and of the workbook's time); the JSON formats have them all.
_LISTED = frozenset({"breached", "pending", "unknown"})
#: The most rows a worksheet holds (Excel's limit), header included.
SHEET_ROWS = 1_048_576


class XlsxWriter:
    """Rows are added as they come; :meth:`close` adds the summary and saves to ``stream``.

    A sheet that would pass :data:`SHEET_ROWS` ends with a row saying how many more there
    were; :attr:`not_written` counts them by sheet, for the caller to say so too.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._book = Workbook(write_only=True)
        self._cases: WriteOnlyWorksheet | None = None
        self._extra: tuple[str, ...] = ()
        self._case_rows = 0
        self._checks = self._sheet("Checks", _CHECK_COLUMNS)
        self._check_rows = 0
        self.not_written: dict[str, int] = {"Cases": 0, "Checks": 0}

    def _sheet(
        self, title: str, columns: tuple[tuple[str, int], ...], index: int | None = None
    ) -> WriteOnlyWorksheet:
        sheet: WriteOnlyWorksheet = self._book.create_sheet(title, index)
        for number, (_, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for name, _ in columns:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        return sheet

    def write(self, row: CaseRow) -> None:
        if self._cases is None:
            self._start_cases(passthrough_headers(row))
        assert self._cases is not None
        if self._case_rows + 2 >= SHEET_ROWS:  # the header, and room for the closing note
            self.not_written["Cases"] += 1
        else:
            values, others = row_values(row, self._extra)
            self._cases.append([self._cell(self._cases, value) for value in (*values, others)])
            self._case_rows += 1
        report = row.result.report if row.result is not None else None
        if report is None:
            return
        for check in report.checks:
            if check.status not in _LISTED:
                continue
            if self._check_rows + 2 >= SHEET_ROWS:
                self.not_written["Checks"] += 1
                continue
            facts = check.facts
            due = facts.get("extended_due_date", facts.get("due_date"))
            taken = facts.get("working_days_taken")
            late = facts.get("working_days_late")
            cells = (
                report.case_id,
                check.rule,
                check.provision,
                check.title,
                check.status,
                check.weight,
                due if isinstance(due, date) else None,
                taken.lo if taken is not None and getattr(taken, "exact", False) else None,
                late.lo if late is not None and getattr(late, "exact", False) else None,
                check.reasoning,
            )
            self._checks.append([self._cell(self._checks, value) for value in cells])
            self._check_rows += 1

    def _start_cases(self, extra: tuple[str, ...]) -> None:
        self._extra = extra
        columns = tuple((header, _width(header)) for header, _ in CASE_COLUMNS)
        columns += tuple((header, max(12, min(len(header) + 2, 40))) for header in extra)
        columns += (("other_columns", 30),)
        self._cases = self._sheet("Cases", columns, 0)
        self._case_columns = len(columns)

    @staticmethod
    def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
        if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return value
        if isinstance(value, date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = _DATE_FORMAT
            return cell
        return safe_cell(value)

    def close(self, summary: LogSummary) -> None:
        if self._cases is None:
            self._start_cases(())
        assert self._cases is not None
        for title, sheet in (("Cases", self._cases), ("Checks", self._checks)):
            if self.not_written[title]:
                sheet.append(
                    [
                        f"{self.not_written[title]} more rows not written: a sheet holds "
                        f"{SHEET_ROWS:,} rows (--format cases or jsonl has them all)"
                    ]
                )
        self._cases.auto_filter.ref = (
            f"A1:{get_column_letter(self._case_columns)}{self._case_rows + 1}"
        )
        self._checks.auto_filter.ref = (
            f"A1:{get_column_letter(len(_CHECK_COLUMNS))}{self._check_rows + 1}"
        )
        sheet = self._sheet("Summary", _SUMMARY_COLUMNS)
        count = 0
        for line in summary_lines(summary):
            sheet.append(
                [
                    safe_cell(line.section),
                    safe_cell(line.label),
                    safe_cell(line.value),
                    line.numerator,
                    line.denominator,
                ]
            )
            count += 1
        # the filter covers the figures; the group-by tables below have columns of their own
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(_SUMMARY_COLUMNS))}{count + 1}"
        for name, table in group_rows(summary):
            sheet.append([])
            sheet.append([safe_cell(f"By {name}")])
            for cells in table:
                sheet.append([safe_cell(cell) for cell in cells])
        self._book.save(self._stream)


def _width(header: str) -> int:
    if header in ("received", "escalation_requested", "next_deadline") or header.endswith(
        ("_due", "_responded")
    ):
        return _WIDTH_BY_KIND["date"]
    if header in ("source", "input_errors"):
        return 40 if header == "source" else 60
    return max(_WIDTH_BY_KIND["count"], min(len(header) + 2, 30))
