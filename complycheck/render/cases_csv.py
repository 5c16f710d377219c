"""``--format cases``: CSV, one row per complaint, the export's own columns carried along.

Cells are defused against formula injection as in the per-check CSV (:func:`safe_cell`),
and a row with a control character in any cell is written with every cell quoted, as
there (a lone carriage return would otherwise end the row in a spreadsheet).
The header is written with the first row, because the export's unmapped columns are known
only once the log has been opened; a log with no complaints in the report gets the fixed
columns alone.
"""

from __future__ import annotations

import csv
import re
from typing import Any, TextIO

from ..reporting.rows import CaseRow
from .case_columns import CASE_COLUMNS, passthrough_headers, row_values
from .csv_rows import safe_cell

__all__ = ["CasesCsvWriter"]

OTHER_COLUMNS = "other_columns"
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class CasesCsvWriter:
    def __init__(self, stream: TextIO) -> None:
        self._plain = csv.writer(stream, lineterminator="\n")
        self._quoted = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_ALL)
        self._extra: tuple[str, ...] | None = None

    def _write(self, cells: list[Any]) -> None:
        row = [safe_cell(cell) for cell in cells]
        text = "".join(row)  # isprintable first: C-fast, and False for every control character
        quoted = not text.isprintable() and _CONTROL.search(text)
        (self._quoted if quoted else self._plain).writerow(row)

    def write(self, row: CaseRow) -> None:
        if self._extra is None:
            self._header(passthrough_headers(row))
        assert self._extra is not None
        values, others = row_values(row, self._extra)
        self._write([*values, others])

    def _header(self, extra: tuple[str, ...]) -> None:
        self._extra = extra
        self._write([header for header, _ in CASE_COLUMNS] + list(extra) + [OTHER_COLUMNS])

    def close(self) -> None:
        if self._extra is None:
            self._header(())
