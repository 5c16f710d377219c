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

#: A time of day after a date, as records write it ("T09:30", " 9:30:15.5 pm", "+01:00"):
#: one group, the time's text, which :func:`time_problem` then checks is a real time.
#: Digits are ASCII throughout (``re.ASCII``): ``\d`` would also match "²" or "٣".
TIME_OF_DAY = (
    r"(?:[T ]\s*(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?(?:Z|[+-]\d{2}:?\d{2})?))?"
)
_TIME_PARTS = re.compile(
    r"(\d+):(\d+)(?::(\d+)(?:\.\d+)?)?\s*([AaPp][Mm])?(?:Z|[+-](\d{2}):?(\d{2}))?", re.ASCII
)
TIME_FORMS = "a date, with a real time of day if any (such as 09:30, 2:05 pm or 14:05:00+01:00)"
#: UTC offsets in use run from -12:00 to +14:00.
_LARGEST_OFFSET = 14

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$", re.ASCII)
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})" + TIME_OF_DAY + "$", re.ASCII)

DATE_FORMS = (
    "a date as YYYY-MM-DD (or a datetime), a month as YYYY-MM, or a span of days as "
    "YYYY-MM-DD/YYYY-MM-DD"
)


def time_problem(text: str | None) -> str | None:
    """What makes the time of day ``text`` (as :data:`TIME_OF_DAY` captures it) impossible,
    if anything: "25:00", "99:99", "13:00 pm" or an offset of "+25:00" are no times, and a
    record holding one is corrupt, so its date is not taken on trust either."""
    if text is None:
        return None
    parts = _TIME_PARTS.fullmatch(text)
    if parts is None:
        return f"{text!r} is not a time of day"
    hour, minute, second, half, zone_hours, zone_minutes = parts.groups()
    lowest, highest = (1, 12) if half else (0, 23)
    if not lowest <= int(hour) <= highest or int(minute) > 59 or int(second or 0) > 59:
        return f"{text!r} is not a real time of day"
    if zone_hours is not None and (int(zone_hours) > _LARGEST_OFFSET or int(zone_minutes) > 59):
        return f"{text!r} has no real offset from UTC"
    return None


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
    if match and match.group(2) is not None:
        problem = time_problem(match.group(2))
        if problem is not None:
            raise ValueError(f"{text!r}: {problem}; expected {DATE_FORMS}")
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
