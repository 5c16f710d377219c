"""Working-day arithmetic for Complaint Handling Code deadlines.

The Housing Ombudsman's Complaint Handling Code sets every deadline in *working
days*, and a compliance finding is only as good as the day count behind it. This
module is the single place where working days are defined and counted, so that
every check (and every ``complycheck explain`` trace) agrees to the day.

What a working day is
---------------------
A day is a working day when it is Monday to Friday, is not a bank holiday in the
landlord's nation, and is not one of the case's landlord *closure days* (for
example an office shutdown on 28-30 December 2022).

Bank holidays come from the ``holidays`` package, using the United Kingdom
subdivision for the nation (``GB`` with ``ENG``, ``WLS``, ``SCT`` or ``NIR``).
Plain ``GB`` is never used: it omits regional days such as England's Easter
Monday. Substitute ("observed") days and one-off bank holidays (the 2022 Platinum
Jubilee, the 2022 State Funeral, the 2023 Coronation) are taken from the package
as-is; :func:`holidays_version` records which version produced a result.

THE counting rule
-----------------
"Within N working days of X" is counted like this:

* the day of X itself is **not** counted;
* the first working day *after* X is day 1;
* the day of the response **is** counted.

So the deadline is the N-th working day after X, and a response on that day is on
time. Equivalently, the number of working days taken by a response is the number
of working days in the half-open span ``(X, response]``. An event on a weekend
or bank holiday therefore effectively starts the clock on the next working day.

Worked examples (England): a complaint received on Monday 28 November 2022 and
answered on Tuesday 13 December 2022 took 11 working days. An escalation on
14 December 2022 answered on 15 February 2023 took 42 working days: 45 weekdays
less the bank holidays of 26 and 27 December 2022 and 2 January 2023.

Every method of :class:`WorkingDayCalendar` uses this rule; nothing else in the
package should count days by hand.

Supported span and performance
------------------------------
Checks run over many cases, several deadline calls per case, so answers must not
involve rebuilding holiday tables or walking day by day. For each nation a
sorted list of working-day ordinals covering :data:`FIRST_SUPPORTED_DAY` to
:data:`LAST_SUPPORTED_DAY` (1990-01-01 to 2060-12-31) is built once, lazily, and
shared; counts and deadlines are then ``bisect`` look-ups. Closure days are kept
as a small sorted list on each calendar and corrected for on top of the shared
tables, so a per-case calendar costs little more than sorting its closure days.

Dates outside the supported span raise :class:`OutsideSpanError` (a ``ValueError``)
naming the span, rather than silently counting with missing bank holidays.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version

import holidays

from .vocabulary import NATIONS as NATIONS
from .vocabulary import Nation as Nation

__all__ = [
    "FIRST_SUPPORTED_DAY",
    "LAST_SUPPORTED_DAY",
    "NATIONS",
    "DayCount",
    "Nation",
    "OutsideSpanError",
    "SkippedDay",
    "WorkingDayCalendar",
    "calendar_for",
    "holidays_version",
]


#: ``holidays`` subdivision codes; plain "GB" would miss e.g. England's Easter Monday.
_SUBDIVISIONS: dict[str, str] = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}

FIRST_SUPPORTED_DAY = date(1990, 1, 1)
"""First day for which bank holidays are precomputed (inclusive)."""

LAST_SUPPORTED_DAY = date(2060, 12, 31)
"""Last day for which bank holidays are precomputed (inclusive)."""

_FIRST_ORD = FIRST_SUPPORTED_DAY.toordinal()
_LAST_ORD = LAST_SUPPORTED_DAY.toordinal()

_WEEKEND_NAMES = ("Saturday", "Sunday")
_CLOSURE_REASON = "landlord closure day"
_WORKING_REASON = "working day"


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A weekday inside a counted span that was *not* a working day.

    Reported so that a finding can say why a deadline fell later than a plain
    weekday count suggests (e.g. "Boxing Day (bank holiday)").
    """

    day: date
    reason: str


@dataclass(frozen=True, slots=True)
class DayCount:
    """One calendar day of a day-by-day trace, as shown by ``complycheck explain``.

    ``number`` is the running working-day number (1 for the first working day
    after the start) when ``counted`` is true, so a reader can check the count
    by eye against the counting rule in the module docstring.
    """

    day: date
    counted: bool
    number: int | None
    reason: str


def _weekdays_up_to(ordinal: int) -> int:
    """Count Mon–Fri days with ordinal in ``[1, ordinal]`` in O(1).

    Ordinal 1 (0001-01-01) is a Monday, so every block of seven ordinals
    starting at 1 holds exactly five weekdays followed by a weekend.
    """
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


@dataclass(frozen=True, slots=True)
class _NationTables:
    """Precomputed, shared, read-only tables for one nation over the supported span."""

    #: Sorted ordinals of every weekday that is not a bank holiday.
    working: list[int]
    #: Same days as ``working``, for O(1) membership tests.
    working_set: frozenset[int]
    #: Bank holiday name by ordinal (including holidays falling at weekends).
    holiday_names: dict[int, str]
    #: Sorted ordinals of bank holidays falling on weekdays (the days they remove).
    weekday_holidays: list[int]


@functools.cache
def _tables(nation: str) -> _NationTables:
    """Build the working-day tables for ``nation`` once per process.

    This is the only place the ``holidays`` package is consulted, so the hot
    path never rebuilds holiday objects.
    """
    calendar = holidays.country_holidays(
        "GB",
        subdiv=_SUBDIVISIONS[nation],
        years=range(FIRST_SUPPORTED_DAY.year, LAST_SUPPORTED_DAY.year + 1),
    )
    names: dict[int, str] = {}
    for day, name in calendar.items():
        ordinal = day.toordinal()
        if _FIRST_ORD <= ordinal <= _LAST_ORD:
            names[ordinal] = str(name)
    working = [
        ordinal
        for ordinal in range(_FIRST_ORD, _LAST_ORD + 1)
        if (ordinal - 1) % 7 < 5 and ordinal not in names
    ]
    weekday_holidays = sorted(ordinal for ordinal in names if (ordinal - 1) % 7 < 5)
    return _NationTables(
        working=working,
        working_set=frozenset(working),
        holiday_names=names,
        weekday_holidays=weekday_holidays,
    )


def _check_nation(nation: str) -> None:
    if nation not in _SUBDIVISIONS:
        raise ValueError(f"unknown nation {nation!r}; expected one of {', '.join(NATIONS)}")


class OutsideSpanError(ValueError):
    """A date, or a count of working days from one, outside the supported span."""


def _ordinal(day: date, what: str) -> int:
    """Return ``day``'s ordinal, refusing dates whose bank holidays are not precomputed.

    Counting outside the span would silently ignore bank holidays and give a
    plausible-looking but wrong answer, so it is an error instead.
    """
    ordinal = day.toordinal()
    if ordinal < _FIRST_ORD or ordinal > _LAST_ORD:
        raise OutsideSpanError(
            f"{what} {day.isoformat()} is outside the supported span "
            f"{FIRST_SUPPORTED_DAY.isoformat()}..{LAST_SUPPORTED_DAY.isoformat()}"
        )
    return ordinal


class WorkingDayCalendar:
    """Working days for one nation, less one case's landlord closure days.

    Instances are immutable and cheap to build: the nation's tables are shared
    across all calendars, and closure days are held as a short sorted list used
    to correct the shared counts. All counting follows the rule in the module
    docstring: spans are ``(start, end]``.
    """

    __slots__ = ("_closure_ords", "_closure_set", "_closures", "_nation", "_tables")

    def __init__(self, nation: Nation = "england", closure_days: Iterable[date] = ()) -> None:
        _check_nation(nation)
        tables = _tables(nation)
        unique: set[date] = set()
        for day in closure_days:
            if not isinstance(day, date):
                raise TypeError(f"closure day {day!r} is not a date")
            _ordinal(day, "closure day")
            # Normalise datetimes to plain dates so equality and output are predictable.
            unique.add(date(day.year, day.month, day.day))
        self._nation: Nation = nation
        self._tables = tables
        self._closures: tuple[date, ...] = tuple(sorted(unique))
        # Only closures on otherwise-working days change any count; a closure on a
        # weekend or bank holiday is already a non-working day.
        self._closure_ords: list[int] = [
            d.toordinal() for d in self._closures if d.toordinal() in tables.working_set
        ]
        self._closure_set: frozenset[int] = frozenset(self._closure_ords)

    @property
    def nation(self) -> Nation:
        """The nation whose bank holidays apply."""
        return self._nation

    @property
    def closure_days(self) -> tuple[date, ...]:
        """Landlord closure days as given (sorted, unique), including any on weekends."""
        return self._closures

    def __repr__(self) -> str:
        closures = ", ".join(d.isoformat() for d in self._closures)
        return f"WorkingDayCalendar(nation={self._nation!r}, closure_days=[{closures}])"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingDayCalendar):
            return NotImplemented
        return self._nation == other._nation and self._closures == other._closures

    def __hash__(self) -> int:
        return hash((self._nation, self._closures))

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is Mon–Fri, not a bank holiday and not a closure day."""
        ordinal = _ordinal(day, "day")
        return ordinal in self._tables.working_set and ordinal not in self._closure_set

    def add_working_days(self, start: date, n: int) -> date:
        """Return the deadline "within ``n`` working days of ``start``".

        That is the ``n``-th working day after ``start``; ``start`` itself is
        never counted, so an event on a non-working day starts the clock at the
        next working day. ``n == 0`` returns ``start`` unchanged.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        start_ord = _ordinal(start, "start")
        if n == 0:
            return start
        working = self._tables.working
        base = bisect_right(working, start_ord) + n - 1
        closures = self._closure_ords
        index = base
        if closures:
            # Least fixed point of index = base + closures in (start, working[index]].
            # Each round moves past at least one more closure, so it ends after at
            # most len(closures) + 1 rounds; being the least fixed point, the day it
            # lands on cannot itself be a closure.
            skipped_before = bisect_right(closures, start_ord)
            while index < len(working):
                wanted = base + bisect_right(closures, working[index]) - skipped_before
                if wanted == index:
                    break
                index = wanted
        if index >= len(working):
            raise OutsideSpanError(
                f"{n} working days after {start.isoformat()} falls beyond the supported "
                f"span {FIRST_SUPPORTED_DAY.isoformat()}..{LAST_SUPPORTED_DAY.isoformat()}"
            )
        return date.fromordinal(working[index])

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in ``(start, end]``: how many working days a response took.

        Returns 0 when ``end <= start``, so a same-day response took 0 days.
        """
        start_ord = _ordinal(start, "start")
        end_ord = _ordinal(end, "end")
        if end_ord <= start_ord:
            return 0
        working = self._tables.working
        count = bisect_right(working, end_ord) - bisect_right(working, start_ord)
        closures = self._closure_ords
        if closures:
            count -= bisect_right(closures, end_ord) - bisect_right(closures, start_ord)
        return count

    def weekdays_between(self, start: date, end: date) -> int:
        """Count Mon–Fri days in ``(start, end]``, ignoring holidays and closures.

        Used alongside :meth:`working_days_between` to show how many weekdays
        were lost to bank holidays and closures.
        """
        start_ord = _ordinal(start, "start")
        end_ord = _ordinal(end, "end")
        if end_ord <= start_ord:
            return 0
        return _weekdays_up_to(end_ord) - _weekdays_up_to(start_ord)

    def skipped_days(self, start: date, end: date) -> list[SkippedDay]:
        """List the weekdays in ``(start, end]`` that were not working days, in date order.

        A day that is both a bank holiday and a closure day is reported as the
        bank holiday, since it would have been skipped regardless of the landlord.
        """
        start_ord = _ordinal(start, "start")
        end_ord = _ordinal(end, "end")
        if end_ord <= start_ord:
            return []
        tables = self._tables
        found: list[tuple[int, str]] = []
        holidays_ = tables.weekday_holidays
        lo = bisect_right(holidays_, start_ord)
        hi = bisect_right(holidays_, end_ord)
        for ordinal in holidays_[lo:hi]:
            found.append((ordinal, f"{tables.holiday_names[ordinal]} (bank holiday)"))
        closures = self._closure_ords
        if closures:
            lo = bisect_right(closures, start_ord)
            hi = bisect_right(closures, end_ord)
            found.extend((ordinal, _CLOSURE_REASON) for ordinal in closures[lo:hi])
            found.sort()
        return [SkippedDay(date.fromordinal(ordinal), reason) for ordinal, reason in found]

    def trace(self, start: date, end: date) -> list[DayCount]:
        """Explain a count day by day: every calendar day in ``(start, end]``.

        This walks the span one day at a time; it is for human-facing
        explanations, not the hot path. The last ``number`` equals
        :meth:`working_days_between` for the same span.
        """
        start_ord = _ordinal(start, "start")
        end_ord = _ordinal(end, "end")
        tables = self._tables
        lines: list[DayCount] = []
        number = 0
        for ordinal in range(start_ord + 1, end_ord + 1):
            day = date.fromordinal(ordinal)
            weekday = (ordinal - 1) % 7
            if weekday >= 5:
                lines.append(DayCount(day, False, None, _WEEKEND_NAMES[weekday - 5]))
            elif ordinal in tables.holiday_names:
                reason = f"{tables.holiday_names[ordinal]} (bank holiday)"
                lines.append(DayCount(day, False, None, reason))
            elif ordinal in self._closure_set:
                lines.append(DayCount(day, False, None, _CLOSURE_REASON))
            else:
                number += 1
                lines.append(DayCount(day, True, number, _WORKING_REASON))
        return lines

    def holiday_name(self, day: date) -> str | None:
        """The nation's bank holiday name for ``day`` (weekend ones included), else None.

        Closure days are not bank holidays and return None.
        """
        return self._tables.holiday_names.get(_ordinal(day, "day"))


@functools.cache
def _plain_calendar(nation: Nation) -> WorkingDayCalendar:
    return WorkingDayCalendar(nation)


def calendar_for(
    nation: Nation = "england", closure_days: Iterable[date] = ()
) -> WorkingDayCalendar:
    """Return a calendar for ``nation``; shared per nation when there are no closures.

    Most cases have no closure days, so reusing one instance per nation avoids
    even the small cost of constructing a calendar per case.
    """
    closures = tuple(closure_days)
    if not closures:
        return _plain_calendar(nation)
    return WorkingDayCalendar(nation, closures)


@functools.lru_cache(maxsize=1)
def holidays_version() -> str:
    """The installed ``holidays`` version, recorded so a result can be reproduced.

    Bank-holiday data changes between releases (new one-off holidays are added),
    so a compliance finding is only reproducible alongside this version. Cached: reading
    package metadata costs milliseconds, and every report asks.
    """
    return version("holidays")
