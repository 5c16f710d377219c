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
involve rebuilding holiday tables or walking day by day. Weekdays are counted by
arithmetic; for each nation a sorted list of the bank holidays that fall on weekdays
is kept and shared, and counts and deadlines are that arithmetic less ``bisect``
look-ups in it. When the installed ``holidays`` is a version whose answer complycheck
ships (:mod:`.bank_holidays`), the list is read whole from that table, for
:data:`FIRST_SUPPORTED_DAY` to :data:`LAST_SUPPORTED_DAY` (1990-01-01 to 2060-12-31).
Otherwise it covers only the years asked about so far (a year's bank holidays are read
from the ``holidays`` package the first time a day of it is counted, with the years
either side, whose substitute days could fall in it): one case needs two or three
years, and building the whole span from the package up front cost a command's start-up
a quarter of a second. Closure days are kept as a small sorted list on each
calendar and corrected for on top of the shared list, so a per-case calendar costs
little more than sorting its closure days.

Dates outside the supported span raise :class:`OutsideSpanError` (a ``ValueError``)
naming the span, rather than silently counting with missing bank holidays.
"""

from __future__ import annotations

import functools
import importlib.util
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import bank_holidays
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
_FIRST_YEAR = FIRST_SUPPORTED_DAY.year
_LAST_YEAR = LAST_SUPPORTED_DAY.year

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


def _nth_weekday_after(ordinal: int, n: int) -> int:
    """The ordinal of the ``n``-th Mon–Fri day after ``ordinal`` (``n`` >= 1), in O(1)."""
    weeks, rest = divmod(_weekdays_up_to(ordinal) + n, 5)
    return 7 * weeks - 2 if rest == 0 else 7 * weeks + rest


class _NationHolidays:
    """One nation's bank holidays, shared by all its calendars, read a year at a time.

    ``first``..``last`` (ordinals) is the span of whole years read so far: inside it,
    ``names`` holds every bank holiday (weekend ones too) and ``weekday_holidays`` the
    sorted ordinals of those on weekdays, the days they take out of a count. Callers check
    that a span lies inside before looking, and call :meth:`cover` when it does not.
    """

    __slots__ = ("_calendar", "_subdivision", "first", "last", "names", "weekday_holidays")

    def __init__(self, subdivision: str) -> None:
        self._subdivision = subdivision
        self._calendar: Any = None  # the ``holidays`` object, made on first use
        self.first = _LAST_ORD + 1  # nothing read yet: an empty span
        self.last = _FIRST_ORD - 1
        self.names: dict[int, str] = {}
        self.weekday_holidays: list[int] = []

    def cover(self, first: int, last: int) -> None:
        """Read the years of ``first``..``last`` (ordinals inside the supported span), and
        any between them and the years already read, so the span read stays one piece.

        This is the only place the ``holidays`` package is consulted.
        """
        if self._calendar is None:
            self._calendar = _uk_holidays(self._subdivision)
            from_year = date.fromordinal(first).year
            to_year = date.fromordinal(last).year
        else:
            from_year = date.fromordinal(min(first, self.first)).year
            to_year = date.fromordinal(max(last, self.last)).year
        calendar = self._calendar
        # A year's substitute days could fall in the next or the last year: read both, as
        # far as the supported span goes.
        for year in range(max(from_year - 1, _FIRST_YEAR), min(to_year + 1, _LAST_YEAR) + 1):
            if year not in calendar.years:
                calendar.get(date(year, 1, 1))  # generates the whole year (``expand``)
        low, high = date(from_year, 1, 1).toordinal(), date(to_year, 12, 31).toordinal()
        names: dict[int, str] = {}
        for day, name in calendar.items():
            ordinal = day.toordinal()
            if low <= ordinal <= high:
                names[ordinal] = str(name)
        self.hold(names, low, high)

    def hold(self, names: dict[int, str], low: int, high: int) -> None:
        """Hold ``names``, every bank holiday of the whole years ``low``..``high``."""
        self.names = names
        self.weekday_holidays = sorted(ordinal for ordinal in names if (ordinal - 1) % 7 < 5)
        self.first, self.last = low, high


def _uk_holidays(subdivision: str) -> Any:
    """The ``holidays`` package's United Kingdom calendar for ``subdivision``, years to come.

    ``holidays.country_holidays("GB")`` imports the package's every country first (its
    ``holidays.countries`` imports all 250 of them), which cost more than the rest of
    checking a case. So the United Kingdom's module is loaded on its own, from where the
    package keeps it: the same class, so the same holidays. Should a release of ``holidays``
    keep it elsewhere, the public call is used instead.
    """
    import holidays  # here, not at import: `complycheck --help` never needs it

    try:
        countries = importlib.util.find_spec("holidays.countries")  # found, not imported
        if countries is None or not countries.submodule_search_locations:
            raise ImportError("holidays.countries not found")
        path = Path(countries.submodule_search_locations[0]) / "united_kingdom.py"
        spec = importlib.util.spec_from_file_location("holidays.countries.united_kingdom", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"{path} cannot be loaded")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.UnitedKingdom(subdiv=subdivision)
    except (ImportError, OSError, AttributeError):
        return holidays.country_holidays("GB", subdiv=subdivision)


@functools.cache
def _holidays(nation: str) -> _NationHolidays:
    """The nation's shared bank holidays: the whole span from the table shipped for the
    installed ``holidays`` version when there is one, else read from the package as
    counting needs them."""
    shared = _NationHolidays(_SUBDIVISIONS[nation])
    table = bank_holidays.shipped(_SUBDIVISIONS[nation], _FIRST_YEAR, _LAST_YEAR)
    if table is not None:
        shared.hold(table, _FIRST_ORD, _LAST_ORD)
    return shared


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

    __slots__ = ("_closure_ords", "_closure_set", "_closures", "_holidays", "_nation")

    def __init__(self, nation: Nation = "england", closure_days: Iterable[date] = ()) -> None:
        _check_nation(nation)
        shared = _holidays(nation)
        unique: set[date] = set()
        for day in closure_days:
            if not isinstance(day, date):
                raise TypeError(f"closure day {day!r} is not a date")
            _ordinal(day, "closure day")
            # Normalise datetimes to plain dates so equality and output are predictable.
            unique.add(date(day.year, day.month, day.day))
        self._nation: Nation = nation
        self._holidays = shared
        self._closures: tuple[date, ...] = tuple(sorted(unique))
        if self._closures:
            self._cover(self._closures[0].toordinal(), self._closures[-1].toordinal())
        # Only closures on otherwise-working days change any count; a closure on a
        # weekend or bank holiday is already a non-working day.
        self._closure_ords: list[int] = [
            ordinal
            for ordinal in (d.toordinal() for d in self._closures)
            if (ordinal - 1) % 7 < 5 and ordinal not in shared.names
        ]
        self._closure_set: frozenset[int] = frozenset(self._closure_ords)

    def _cover(self, first: int, last: int) -> _NationHolidays:
        """The nation's bank holidays, read for every day in ``first``..``last`` at least."""
        shared = self._holidays
        if first < shared.first or last > shared.last:
            shared.cover(first, last)
        return shared

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
        return (
            (ordinal - 1) % 7 < 5
            and ordinal not in self._cover(ordinal, ordinal).names
            and ordinal not in self._closure_set
        )

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
        closures = self._closure_ords
        skipped_before = bisect_right(closures, start_ord)
        # The least fixed point of k = n + the non-working weekdays among the first k
        # weekdays after start: each round moves past at least one more of them, and the
        # day it lands on, being the least such, cannot itself be one.
        weekdays = n
        while True:
            candidate = _nth_weekday_after(start_ord, weekdays)
            if candidate > _LAST_ORD:
                raise OutsideSpanError(
                    f"{n} working days after {start.isoformat()} falls beyond the supported "
                    f"span {FIRST_SUPPORTED_DAY.isoformat()}..{LAST_SUPPORTED_DAY.isoformat()}"
                )
            taken = self._cover(start_ord, candidate).weekday_holidays
            wanted = (
                n
                + bisect_right(taken, candidate)
                - bisect_right(taken, start_ord)
                + bisect_right(closures, candidate)
                - skipped_before
            )
            if wanted == weekdays:
                return date.fromordinal(candidate)
            weekdays = wanted

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in ``(start, end]``: how many working days a response took.

        Returns 0 when ``end <= start``, so a same-day response took 0 days.
        """
        start_ord = _ordinal(start, "start")
        end_ord = _ordinal(end, "end")
        if end_ord <= start_ord:
            return 0
        taken = self._cover(start_ord, end_ord).weekday_holidays
        count = (
            _weekdays_up_to(end_ord)
            - _weekdays_up_to(start_ord)
            - bisect_right(taken, end_ord)
            + bisect_right(taken, start_ord)
        )
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
        shared = self._cover(start_ord, end_ord)
        found: list[tuple[int, str]] = []
        holidays_ = shared.weekday_holidays
        lo = bisect_right(holidays_, start_ord)
        hi = bisect_right(holidays_, end_ord)
        for ordinal in holidays_[lo:hi]:
            found.append((ordinal, f"{shared.names[ordinal]} (bank holiday)"))
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
        names = self._cover(start_ord, max(start_ord, end_ord)).names
        lines: list[DayCount] = []
        number = 0
        for ordinal in range(start_ord + 1, end_ord + 1):
            day = date.fromordinal(ordinal)
            weekday = (ordinal - 1) % 7
            if weekday >= 5:
                lines.append(DayCount(day, False, None, _WEEKEND_NAMES[weekday - 5]))
            elif ordinal in names:
                reason = f"{names[ordinal]} (bank holiday)"
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
        ordinal = _ordinal(day, "day")
        return self._cover(ordinal, ordinal).names.get(ordinal)


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


def holidays_version() -> str:
    """The installed ``holidays`` version, recorded so a result can be reproduced.

    Bank-holiday data changes between releases (new one-off holidays are added),
    so a compliance finding is only reproducible alongside this version (and the shipped
    tables are used only for the versions that wrote them).
    """
    return bank_holidays.holidays_version()
