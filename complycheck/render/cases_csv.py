"""``--format cases``: CSV, one row per complaint, the export's own columns carried along.

Cells are defused against formula injection as in the per-check CSV (:func:`safe_cell`).
The header is written with the first row, because the export's unmapped columns are known
only once the log has been opened; a log with no complaints in the report gets the fixed
columns alone.
"""

from __future__ import annotations

import csv
from typing import TextIO

from ..reporting.rows import CaseRow
from .case_columns import CASE_COLUMNS, passthrough_headers, row_values
from .csv_rows import safe_cell

__all__ = ["CasesCsvWriter"]

OTHER_COLUMNS = "other_columns"


class CasesCsvWriter:
    def __init__(self, stream: TextIO) -> None:
        self._rows = csv.writer(stream, lineterminator="\n")
        self._extra: tuple[str, ...] | None = None

    def write(self, row: CaseRow) -> None:
        if self._extra is None:
            self._header(passthrough_headers(row))
        assert self._extra is not None
        values, others = row_values(row, self._extra)
        self._rows.writerow([safe_cell(value) for value in (*values, others)])

    def _header(self, extra: tuple[str, ...]) -> None:
        self._extra = extra
        headers = [header for header, _ in CASE_COLUMNS] + list(extra) + [OTHER_COLUMNS]
        self._rows.writerow([safe_cell(header) for header in headers])

    def close(self) -> None:
        if self._extra is None:
            self._header(())
