"""The columns of a per-complaint table, shared by the CSV and the workbook's Cases sheet.

Each column is a header and how to read it off a :class:`~complycheck.reporting.CaseRow`;
values stay typed (dates, numbers) so the workbook can write real date cells, and the
CSV writes them as text. The export's own unmapped columns follow, unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..reporting.rows import CaseRow

__all__ = ["CASE_COLUMNS", "passthrough_headers", "row_values"]


def _stage(number: int, name: str) -> Callable[[CaseRow], Any]:
    return lambda row: getattr(row.stage(number), name)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


#: (header, value of a row); dates as dates, counts as ints, None for blank.
CASE_COLUMNS: tuple[tuple[str, Callable[[CaseRow], Any]], ...] = (
    ("source", lambda row: row.source),
    ("location", lambda row: row.location),
    ("case_id", lambda row: row.case_id),
    ("landlord", lambda row: row.landlord),
    ("received", lambda row: row.received),
    ("escalation_requested", lambda row: row.escalated),
    ("ruleset", lambda row: row.ruleset),
    ("finding", lambda row: row.finding),
    ("worst_weight", lambda row: row.worst_weight),
    ("breached_rules", lambda row: ", ".join(rule for rule, _ in row.breaches)),
    ("breached_provisions", lambda row: ", ".join(provision for _, provision in row.breaches)),
    ("open_closed", lambda row: row.position),
    *(
        (f"stage{n}_{column}", _stage(n, field))
        for n in (1, 2)
        for column, field in (
            ("status", "status"),
            ("due", "due"),
            ("responded", "responded"),
            ("working_days_taken", "working_days"),
            ("working_days_late", "working_days_late"),
            ("extensions", "extensions"),
        )
    ),
    ("next_deadline", lambda row: row.next_deadline),
    ("working_days_left", lambda row: row.working_days_left),
    ("overdue", lambda row: _yes_no(row.overdue) if row.position != "input_error" else None),
    ("events_after_as_of", lambda row: row.unseen_events or None),
    ("input_errors", lambda row: " | ".join(row.errors) or None),
)


def passthrough_headers(row: CaseRow) -> tuple[str, ...]:
    """The export's unmapped columns, as the first row of a table has them."""
    return tuple(header for header, _ in row.passthrough)


def row_values(row: CaseRow, extra: tuple[str, ...]) -> tuple[list[Any], str | None]:
    """A row's values under :data:`CASE_COLUMNS` then the ``extra`` headers, and any
    unmapped cells whose header is not among ``extra`` (a later file with other columns),
    as "header: value" text, so that nothing is dropped."""
    values = [read(row) for _, read in CASE_COLUMNS]
    cells = dict(row.passthrough)
    values.extend(cells.get(header) for header in extra)
    others = [f"{header}: {value}" for header, value in row.passthrough if header not in extra]
    return values, ("; ".join(others) if others else None)
