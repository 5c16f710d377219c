"""Dates as records really hold them: a day, only a month, or only a span of days.

Real complaint files often know only "the resident escalated in August 2023". Such a date
is carried as the range of days it could be (1–31 Aug 2023) so that every figure derived
from it becomes a range too, and a check is decided only when the answer is the same at
both ends. A log may know only that something happened within a stage ("Extension agreed:
Y" with no date): that is a span of days, written ``2024-01-03/2024-01-24``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)

DATE_FORMS = (
    "a date as YYYY-MM-DD (or a datetime), a month as YYYY-MM, or a span of days as "
    "YYYY-MM-DD/YYYY-MM-DD"
)


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A day, a month carried as the range of its days (``earliest``..``latest``), or
    another span of days."""

    earliest: date
    latest: date

    @classmethod
    def of_day(cls, day: date) -> PartialDate:
        return cls(day, day)

    @classmethod
    def of_month(cls, year: int, month: int) -> PartialDate:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last))

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    @property
    def is_month(self) -> bool:
        first, last = self.earliest, self.latest
        return (
            first.day == 1
            and (first.year, first.month) == (last.year, last.month)
            and last.day == calendar.monthrange(last.year, last.month)[1]
        )

    def __str__(self) -> str:
        if self.exact:
            return self.earliest.isoformat()
        if self.is_month:
            return self.earliest.strftime("%Y-%m")
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def human(self) -> str:
        """'14 Dec 2022', 'some day in Aug 2023' for a month, else 'some day between ...'."""
        if self.exact:
            return human_date(self.earliest)
        if self.is_month:
            return f"some day in {self.earliest.strftime('%b %Y')}"
        return f"some day between {human_date(self.earliest)} and {human_date(self.latest)}"


@lru_cache(maxsize=8192)
def human_date(day: date) -> str:
    """'14 Dec 2022': the form reasoning uses (cached: a log formats the same days often)."""
    return f"{day.day} {day.strftime('%b %Y')}"


def human_span(earliest: date, latest: date) -> str:
    """'16 Jan 2023', or 'between 30 Aug 2023 and 28 Sep 2023' when a range leaves it open."""
    if earliest == latest:
        return human_date(earliest)
    return f"between {human_date(earliest)} and {human_date(latest)}"


def parse_partial_date(value: object) -> PartialDate:
    """Read a day or a month; raises ValueError with the valid forms."""
    if type(value) is str:
        return _parse_text(value)
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        return PartialDate.of_day(value.date())
    if isinstance(value, date):
        return PartialDate.of_day(value)
    if not isinstance(value, str):
        raise ValueError(f"expected {DATE_FORMS}")
    return _parse_text(value)


@lru_cache(maxsize=65536)
def _parse_text(value: str) -> PartialDate:
    """A date's text read once: a log repeats the same few thousand dates (errors not cached)."""
    text = value.strip()
    match = _DAY.match(text)
    if match:
        return PartialDate.of_day(_make_date(*match.groups(), text=text))
    match = _MONTH.match(text)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a valid month; expected {DATE_FORMS}")
        return PartialDate.of_month(year, month)
    match = _DATETIME.match(text)
    if match:
        return PartialDate.of_day(_make_date(*match.group(1).split("-"), text=text))
    match = _SPAN.match(text)
    if match:
        first, last = (_make_date(*part.split("-"), text=text) for part in match.groups())
        if first > last:
            raise ValueError(f"{text!r} ends before it starts; expected {DATE_FORMS}")
        return PartialDate(first, last)
    raise ValueError(f"{text!r} is not a date; expected {DATE_FORMS}")


def parse_exact_date(value: object) -> date:
    """Read a single day (no month-only form): for due dates and closure days."""
    parsed = parse_partial_date(value)
    if not parsed.exact:
        raise ValueError(f"{value!r} is a month; this field needs a day (YYYY-MM-DD)")
    return parsed.earliest


def _make_date(year: str, month: str, day: str, *, text: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date; expected {DATE_FORMS}") from None
