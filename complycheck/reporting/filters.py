"""``--only``: which complaints a listing shows. Several kinds show any row that is of one.

The figures of a summary always cover every complaint in the period; a filter chooses
only which rows are listed, so a daily "what falls due" list and the year's figures come
from the same run of the same log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .rows import CaseRow

__all__ = ["DEFAULT_DUE_WITHIN", "ONLY", "Only", "row_filter"]

Only = Literal["breached", "open", "overdue", "due-soon", "errors"]
ONLY: tuple[Only, ...] = ("breached", "open", "overdue", "due-soon", "errors")
#: working days ahead that ``due-soon`` looks, unless ``--due-within`` says otherwise
DEFAULT_DUE_WITHIN = 5


def row_filter(
    only: Iterable[Only], due_within: int = DEFAULT_DUE_WITHIN
) -> Callable[[CaseRow], bool]:
    """A test a row passes when it is of any kind in ``only`` (every row when none)."""
    kinds = frozenset(only)
    if not kinds:
        return lambda row: True

    def due_soon(row: CaseRow) -> bool:
        left = row.working_days_left
        return row.next_deadline is not None and left is not None and left <= due_within

    tests: dict[Only, Callable[[CaseRow], bool]] = {
        "breached": lambda row: bool(row.breaches),
        "open": lambda row: row.position == "open",
        "overdue": lambda row: row.overdue,
        "due-soon": due_soon,
        "errors": lambda row: row.position == "input_error",
    }
    chosen = [tests[kind] for kind in ONLY if kind in kinds]
    return lambda row: any(test(row) for test in chosen)
