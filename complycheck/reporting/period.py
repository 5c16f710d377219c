"""Reporting periods: a landlord's year runs 1 April to 31 March ("2024-25").

The period decides which complaints a report covers; the as-of day decides what the report
can see. For a period already over, the report is the position at its end, so the as-of
day defaults to the period's last day; for one still running, to today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["MONTH", "PeriodError", "ReportingPeriod"]

#: ``--group-by`` name for the month a complaint was received.
MONTH = "month"

_YEAR = re.compile(r"(\d{4})[-/](\d{2}|\d{4})")


class PeriodError(ValueError):
    """A period that cannot be one; the message says what is valid."""


@dataclass(frozen=True, slots=True)
class ReportingPeriod:
    """The days ``start`` to ``end``, both included, named ``label``."""

    start: date
    end: date
    label: str

    @classmethod
    def reporting_year(cls, text: str) -> ReportingPeriod:
        """``2024-25`` (or ``2024/25``, ``2024-2025``): 1 April 2024 to 31 March 2025."""
        found = _YEAR.fullmatch(text.strip())
        if found is None:
            raise PeriodError(
                f"{text!r} is not a reporting year; expected the form 2024-25 "
                "(1 April 2024 to 31 March 2025)"
            )
        first = int(found.group(1))
        second = found.group(2)
        following = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if len(second) == 2 and following < first:  # 2099-00
            following += 100
        if following != first + 1:
            raise PeriodError(
                f"{text!r} is not a reporting year: a year runs from April to the next "
                f"March, so {first} is followed by {str(first + 1)[-2:]} "
                f"(expected {first}-{str(first + 1)[-2:]})"
            )
        return cls(date(first, 4, 1), date(first + 1, 3, 31), f"{first}-{str(first + 1)[-2:]}")

    @classmethod
    def between(cls, start: date, end: date) -> ReportingPeriod:
        """Any span of days; ``start`` after ``end`` is refused."""
        if start > end:
            raise PeriodError(
                f"the period starts on {start.isoformat()}, after it ends on "
                f"{end.isoformat()}; expected a start on or before the end"
            )
        return cls(start, end, f"{start.isoformat()} to {end.isoformat()}")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def default_as_of(self, today: date) -> date:
        """The period's end once it is over; today while it runs (or before it starts)."""
        return self.end if self.end < today else today
