"""Tests for complycheck.workdays.

Fixed cases pin the bank-holiday facts and the counting rule that findings rely
on; property tests compare the bisect-based calendar against a deliberately
naive day-by-day oracle built straight from the ``holidays`` package.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complycheck.workdays import (
    FIRST_SUPPORTED_DAY,
    LAST_SUPPORTED_DAY,
    NATIONS,
    DayCount,
    Nation,
    SkippedDay,
    WorkingDayCalendar,
    _NationHolidays,
    calendar_for,
    holidays_version,
)

SUBDIV = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
XMAS_CLOSURES = [date(2022, 12, 28), date(2022, 12, 29), date(2022, 12, 30)]


# --- naive oracle -------------------------------------------------------------------


@functools.cache
def _oracle_holidays(nation: Nation) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=SUBDIV[nation], years=range(1990, 2061))


def oracle_is_working(nation: Nation, closures: frozenset[date], day: date) -> bool:
    return day.weekday() < 5 and day not in _oracle_holidays(nation) and day not in closures


def oracle_days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]


def oracle_count(nation: Nation, closures: frozenset[date], start: date, end: date) -> int:
    return sum(oracle_is_working(nation, closures, d) for d in oracle_days(start, end))


def oracle_weekdays(start: date, end: date) -> int:
    return sum(d.weekday() < 5 for d in oracle_days(start, end))


def oracle_add(nation: Nation, closures: frozenset[date], start: date, n: int) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        counted += oracle_is_working(nation, closures, day)
    return day


# --- the counting rule ----------------------------------------------------------------


def test_stage_one_example_is_eleven_working_days() -> None:
    cal = calendar_for("england")
    received, response = date(2022, 11, 28), date(2022, 12, 13)
    assert cal.working_days_between(received, response) == 11
    assert cal.add_working_days(received, 11) == response
    # A response on the deadline day is on time; the next working day is late.
    assert cal.add_working_days(received, 10) == date(2022, 12, 12)


def test_stage_two_example_is_forty_two_working_days_over_christmas() -> None:
    cal = calendar_for("england")
    escalated, response = date(2022, 12, 14), date(2023, 2, 15)
    assert cal.weekdays_between(escalated, response) == 45
    assert cal.working_days_between(escalated, response) == 42
    assert cal.add_working_days(escalated, 42) == response
    assert cal.skipped_days(escalated, response) == [
        SkippedDay(date(2022, 12, 26), "Boxing Day (bank holiday)"),
        SkippedDay(date(2022, 12, 27), "Christmas Day (observed) (bank holiday)"),
        SkippedDay(date(2023, 1, 2), "New Year's Day (observed) (bank holiday)"),
    ]


def test_start_day_is_not_counted_and_weekend_start_waits_for_next_working_day() -> None:
    cal = calendar_for("england")
    friday, saturday, sunday, monday = (date(2023, 3, d) for d in (10, 11, 12, 13))
    assert cal.add_working_days(friday, 1) == monday
    assert cal.add_working_days(saturday, 1) == monday
    assert cal.add_working_days(sunday, 5) == cal.add_working_days(friday, 5)
    assert cal.working_days_between(friday, monday) == 1
    assert cal.working_days_between(monday, monday) == 0


def test_zero_and_negative_n() -> None:
    cal = calendar_for("england")
    sunday = date(2022, 12, 25)
    assert cal.add_working_days(sunday, 0) == sunday
    with pytest.raises(ValueError, match="n must be >= 0"):
        cal.add_working_days(sunday, -1)


def test_reversed_or_empty_spans() -> None:
    cal = calendar_for("england")
    a, b = date(2023, 1, 10), date(2023, 1, 3)
    assert cal.working_days_between(a, b) == 0
    assert cal.weekdays_between(a, b) == 0
    assert cal.skipped_days(a, b) == []
    assert cal.trace(a, b) == []
    assert cal.trace(a, a) == []


def test_trace_explains_each_day() -> None:
    cal = WorkingDayCalendar("england", XMAS_CLOSURES)
    lines = cal.trace(date(2022, 12, 22), date(2023, 1, 4))
    assert lines[0] == DayCount(date(2022, 12, 23), True, 1, "working day")
    by_day = {line.day: line for line in lines}
    assert by_day[date(2022, 12, 24)].reason == "Saturday"
    assert by_day[date(2022, 12, 25)].reason == "Sunday"
    assert by_day[date(2022, 12, 26)].reason == "Boxing Day (bank holiday)"
    assert by_day[date(2022, 12, 27)] == DayCount(
        date(2022, 12, 27), False, None, "Christmas Day (observed) (bank holiday)"
    )
    assert by_day[date(2022, 12, 28)].reason == "landlord closure day"
    assert by_day[date(2023, 1, 2)].reason == "New Year's Day (observed) (bank holiday)"
    assert by_day[date(2023, 1, 3)] == DayCount(date(2023, 1, 3), True, 2, "working day")
    assert lines[-1] == DayCount(date(2023, 1, 4), True, 3, "working day")
    assert len(lines) == 13


# --- bank holidays by nation -------------------------------------------------------


@pytest.mark.parametrize("nation", NATIONS)
def test_christmas_2022_and_new_year_2023_substitutes(nation: Nation) -> None:
    cal = calendar_for(nation)
    assert cal.holiday_name(date(2022, 12, 25)) == "Christmas Day"  # a Sunday
    assert cal.holiday_name(date(2022, 12, 26)) == "Boxing Day"
    assert cal.holiday_name(date(2022, 12, 27)) == "Christmas Day (observed)"
    name = cal.holiday_name(date(2023, 1, 2))
    assert name is not None and "New Year's Day (observed)" in name
    for d in (25, 26, 27):
        assert not cal.is_working_day(date(2022, 12, d))
    assert not cal.is_working_day(date(2023, 1, 2))
    assert cal.is_working_day(date(2022, 12, 28))


@pytest.mark.parametrize("nation", NATIONS)
def test_one_off_bank_holidays(nation: Nation) -> None:
    cal = calendar_for(nation)
    assert cal.holiday_name(date(2022, 6, 2)) == "Spring Bank Holiday"
    assert cal.holiday_name(date(2022, 6, 3)) == "Platinum Jubilee of Elizabeth II"
    assert cal.holiday_name(date(2022, 9, 19)) == "State Funeral of Queen Elizabeth II"
    assert cal.holiday_name(date(2023, 5, 8)) == "Coronation of Charles III"
    for day in (date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8)):
        assert not cal.is_working_day(day)
    # Thu 1 June to Mon 6 June 2022: only the Monday is a working day.
    assert cal.working_days_between(date(2022, 6, 1), date(2022, 6, 6)) == 1


def test_scotland_second_of_january_and_st_andrews_substitute() -> None:
    sct, eng = calendar_for("scotland"), calendar_for("england")
    assert sct.holiday_name(date(2025, 1, 2)) == "New Year Holiday"
    assert not sct.is_working_day(date(2025, 1, 2))
    assert eng.is_working_day(date(2025, 1, 2))
    # 2 Jan 2023 was a Monday: 3 Jan is a substitute day in Scotland only.
    assert not sct.is_working_day(date(2023, 1, 3))
    assert eng.is_working_day(date(2023, 1, 3))
    assert sct.holiday_name(date(2022, 11, 30)) == "Saint Andrew's Day"
    # 30 Nov 2025 is a Sunday, so Monday 1 Dec is the substitute day.
    assert sct.holiday_name(date(2025, 12, 1)) == "Saint Andrew's Day (observed)"
    assert not sct.is_working_day(date(2025, 12, 1))
    assert eng.is_working_day(date(2025, 12, 1))
    # Scotland has no Easter Monday bank holiday.
    assert sct.is_working_day(date(2023, 4, 10))


def test_northern_ireland_st_patricks_and_boyne() -> None:
    nir, eng = calendar_for("northern-ireland"), calendar_for("england")
    assert nir.holiday_name(date(2023, 3, 17)) == "Saint Patrick's Day"
    assert nir.holiday_name(date(2023, 7, 12)) == "Battle of the Boyne"
    for day in (date(2023, 3, 17), date(2023, 7, 12)):
        assert not nir.is_working_day(day)
        assert eng.is_working_day(day)
        assert eng.holiday_name(day) is None


@pytest.mark.parametrize("nation", ["england", "wales", "northern-ireland"])
def test_easter_monday(nation: Nation) -> None:
    cal = calendar_for(nation)
    assert cal.holiday_name(date(2023, 4, 10)) == "Easter Monday"
    assert not cal.is_working_day(date(2023, 4, 10))
    assert cal.holiday_name(date(2023, 4, 7)) == "Good Friday"


# --- closure days -------------------------------------------------------------------


def test_closure_days_push_the_deadline() -> None:
    cal = WorkingDayCalendar("england", XMAS_CLOSURES)
    escalated = date(2022, 12, 14)
    assert cal.add_working_days(escalated, 42) == date(2023, 2, 20)
    assert cal.working_days_between(escalated, date(2023, 2, 15)) == 39
    assert cal.weekdays_between(escalated, date(2023, 2, 15)) == 45
    skipped = cal.skipped_days(escalated, date(2023, 2, 15))
    assert [s.reason for s in skipped].count("landlord closure day") == 3
    assert [s.day for s in skipped] == sorted(s.day for s in skipped)
    assert not cal.is_working_day(date(2022, 12, 28))
    assert cal.holiday_name(date(2022, 12, 28)) is None


def test_closure_days_are_sorted_unique_and_harmless_on_non_working_days() -> None:
    weekend_and_holiday = [date(2022, 12, 26), date(2022, 12, 24), date(2022, 12, 24)]
    cal = WorkingDayCalendar("england", weekend_and_holiday)
    assert cal.closure_days == (date(2022, 12, 24), date(2022, 12, 26))
    plain = calendar_for("england")
    a, b = date(2022, 12, 1), date(2023, 1, 31)
    assert cal.working_days_between(a, b) == plain.working_days_between(a, b)
    assert cal.skipped_days(a, b) == plain.skipped_days(a, b)
    # A bank holiday that is also a closure day is reported as the bank holiday.
    assert SkippedDay(date(2022, 12, 26), "Boxing Day (bank holiday)") in cal.skipped_days(a, b)


def test_closure_datetimes_are_normalised_and_bad_values_rejected() -> None:
    cal = WorkingDayCalendar("england", [datetime(2022, 12, 28, 9, 30)])
    assert cal.closure_days == (date(2022, 12, 28),)
    assert type(cal.closure_days[0]) is date
    with pytest.raises(TypeError):
        WorkingDayCalendar("england", ["2022-12-28"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="outside the supported span"):
        WorkingDayCalendar("england", [date(1980, 1, 2)])


def test_closures_after_start_and_consecutive_closures_at_the_deadline() -> None:
    # Closures on the would-be deadline and the days after it.
    closures = [date(2023, 3, 13), date(2023, 3, 14), date(2023, 3, 15)]
    cal = WorkingDayCalendar("england", closures)
    assert cal.add_working_days(date(2023, 3, 10), 1) == date(2023, 3, 16)
    # Closures on or before the start day do not matter.
    assert cal.add_working_days(date(2023, 3, 14), 1) == date(2023, 3, 16)
    assert cal.working_days_between(date(2023, 3, 14), date(2023, 3, 16)) == 1


# --- construction, caching, errors ---------------------------------------------------


def test_calendar_for_caches_plain_calendars_only() -> None:
    assert calendar_for("wales") is calendar_for("wales")
    assert calendar_for("wales") is not calendar_for("scotland")
    with_closures = calendar_for("wales", XMAS_CLOSURES)
    assert with_closures is not calendar_for("wales", XMAS_CLOSURES)
    assert with_closures == calendar_for("wales", XMAS_CLOSURES)
    assert with_closures != calendar_for("wales")
    assert hash(with_closures) == hash(WorkingDayCalendar("wales", XMAS_CLOSURES))
    assert with_closures.nation == "wales"
    assert "2022-12-28" in repr(with_closures)


def test_calendars_do_not_rebuild_holiday_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    for nation in NATIONS:  # read the bank holidays of the years counted below
        calendar_for(nation).working_days_between(date(2000, 1, 1), date(2050, 1, 1))

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("holiday tables rebuilt")

    monkeypatch.setattr(holidays, "country_holidays", forbidden)
    for nation in NATIONS:
        cal = WorkingDayCalendar(nation, XMAS_CLOSURES)
        assert cal.add_working_days(date(2022, 12, 14), 42) > date(2023, 2, 1)
        assert cal.working_days_between(date(2000, 1, 1), date(2050, 1, 1)) > 12000


def test_only_the_years_counted_are_read_from_the_holidays_package() -> None:
    shared = _NationHolidays("ENG")
    shared.cover(date(2022, 11, 28).toordinal(), date(2023, 2, 15).toordinal())
    assert sorted(shared._calendar.years) == [2021, 2022, 2023, 2024]
    assert (date.fromordinal(shared.first), date.fromordinal(shared.last)) == (
        date(2022, 1, 1),
        date(2023, 12, 31),
    )
    shared.cover(date(2025, 3, 1).toordinal(), date(2025, 3, 1).toordinal())
    assert sorted(shared._calendar.years) == list(range(2021, 2027))  # the span stays whole
    first = _NationHolidays("ENG")
    first.cover(FIRST_SUPPORTED_DAY.toordinal(), FIRST_SUPPORTED_DAY.toordinal())
    last = _NationHolidays("ENG")
    last.cover(LAST_SUPPORTED_DAY.toordinal(), LAST_SUPPORTED_DAY.toordinal())
    assert min(first._calendar.years) == 1990 and max(last._calendar.years) == 2060


@pytest.mark.parametrize("nation", NATIONS)
def test_bank_holidays_read_by_year_are_those_of_the_whole_span_at_once(nation: Nation) -> None:
    """The tables built a few years at a time, in any order, are exactly the ones built for
    1990-2060 in one go (as complycheck did before it read years on demand)."""
    whole = holidays.country_holidays("GB", subdiv=SUBDIV[nation], years=range(1990, 2061))
    expected = {day.toordinal(): str(name) for day, name in whole.items()}
    expected = {o: n for o, n in expected.items() if FIRST_SUPPORTED_DAY.toordinal() <= o}
    expected = {o: n for o, n in expected.items() if o <= LAST_SUPPORTED_DAY.toordinal()}
    for years in ([(2023, 2023), (2019, 2020), (2040, 2060), (1990, 1990)], [(1990, 2060)]):
        shared = _NationHolidays(SUBDIV[nation])
        for first, last in years:
            shared.cover(date(first, 6, 1).toordinal(), date(last, 6, 1).toordinal())
        assert shared.names == expected
        assert shared.weekday_holidays == sorted(o for o in expected if (o - 1) % 7 < 5)


def test_unknown_nation() -> None:
    with pytest.raises(ValueError, match="unknown nation"):
        WorkingDayCalendar("gb")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown nation"):
        calendar_for("GB")  # type: ignore[arg-type]


def test_dates_outside_span_raise_naming_the_span() -> None:
    cal = calendar_for("england")
    span = "1990-01-01..2060-12-31"
    before, after = FIRST_SUPPORTED_DAY - timedelta(days=1), LAST_SUPPORTED_DAY + timedelta(days=1)
    for call in (
        lambda: cal.is_working_day(before),
        lambda: cal.holiday_name(after),
        lambda: cal.add_working_days(after, 1),
        lambda: cal.working_days_between(before, date(2000, 1, 1)),
        lambda: cal.weekdays_between(date(2000, 1, 1), after),
        lambda: cal.skipped_days(before, date(2000, 1, 1)),
        lambda: cal.trace(date(2060, 12, 1), after),
        lambda: cal.add_working_days(date(2060, 12, 20), 30),
    ):
        with pytest.raises(ValueError, match=span):
            call()
    # The edges themselves are supported.
    assert cal.working_days_between(FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY) > 17000
    assert cal.add_working_days(date(2060, 12, 20), 5) <= LAST_SUPPORTED_DAY


def test_holidays_version() -> None:
    assert holidays_version() == holidays.__version__  # type: ignore[attr-defined]


# --- properties against the oracle ---------------------------------------------------

nations = st.sampled_from(NATIONS)
window_dates = st.dates(date(2019, 1, 1), date(2026, 12, 31))
closure_lists = st.lists(window_dates, max_size=20)
wide_dates = st.dates(date(1990, 1, 1), date(2058, 12, 31))


@settings(max_examples=200, deadline=None)
@given(nation=nations, closures=closure_lists, start=window_dates, n=st.integers(0, 300))
def test_add_working_days_matches_oracle(
    nation: Nation, closures: list[date], start: date, n: int
) -> None:
    cal = WorkingDayCalendar(nation, closures)
    deadline = cal.add_working_days(start, n)
    assert deadline == oracle_add(nation, frozenset(closures), start, n)
    assert cal.working_days_between(start, deadline) == n
    if n >= 1:
        assert cal.is_working_day(deadline)


@settings(max_examples=200, deadline=None)
@given(nation=nations, closures=closure_lists, a=window_dates, b=window_dates)
def test_counts_match_oracle(nation: Nation, closures: list[date], a: date, b: date) -> None:
    cal = WorkingDayCalendar(nation, closures)
    closure_set = frozenset(closures)
    working = cal.working_days_between(a, b)
    weekdays = cal.weekdays_between(a, b)
    assert working == oracle_count(nation, closure_set, a, b)
    assert weekdays == oracle_weekdays(a, b)
    assert weekdays >= working
    skipped = cal.skipped_days(a, b)
    assert len(skipped) == weekdays - working
    assert [s.day for s in skipped] == sorted({s.day for s in skipped})
    assert all(s.day.weekday() < 5 and not cal.is_working_day(s.day) for s in skipped)
    lines = cal.trace(a, b)
    assert len(lines) == max(0, (b - a).days)
    counted = [line.number for line in lines if line.counted]
    assert counted == list(range(1, working + 1))
    for line in lines:
        assert line.counted == oracle_is_working(nation, closure_set, line.day)


@settings(max_examples=150, deadline=None)
@given(nation=nations, closures=closure_lists, days=st.lists(window_dates, min_size=3, max_size=3))
def test_counts_are_additive(nation: Nation, closures: list[date], days: list[date]) -> None:
    a, b, c = sorted(days)
    cal = WorkingDayCalendar(nation, closures)
    wd = cal.working_days_between
    assert wd(a, c) == wd(a, b) + wd(b, c)
    assert cal.weekdays_between(a, c) == cal.weekdays_between(a, b) + cal.weekdays_between(b, c)


@settings(max_examples=150, deadline=None)
@given(
    nation=nations,
    start=wide_dates,
    length=st.integers(0, 400),
    n=st.integers(0, 250),
)
def test_whole_span_matches_oracle(nation: Nation, start: date, length: int, n: int) -> None:
    cal = calendar_for(nation)
    end = start + timedelta(days=length)
    no_closures: frozenset[date] = frozenset()
    assert cal.working_days_between(start, end) == oracle_count(nation, no_closures, start, end)
    assert cal.is_working_day(end) == oracle_is_working(nation, no_closures, end)
    assert cal.add_working_days(start, n) == oracle_add(nation, no_closures, start, n)


def test_the_united_kingdom_alone_is_read_from_the_holidays_package() -> None:
    """Not its 250 countries (an import that cost more than checking a case)."""
    import subprocess
    import sys

    script = (
        "import sys; from datetime import date; from complycheck.workdays import calendar_for;"
        "print(calendar_for('scotland').working_days_between(date(2022,12,1), date(2023,1,31)),"
        "sorted(m for m in sys.modules if m.startswith('holidays.countries')))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout == "39 []\n"  # 1 Dec 2022 to 31 Jan 2023 in Scotland, 2 January a holiday


def test_without_the_united_kingdom_module_the_public_call_gives_the_same_holidays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    shared = _NationHolidays("SCT")
    shared.cover(date(2022, 1, 1).toordinal(), date(2023, 12, 31).toordinal())
    expected = holidays.country_holidays("GB", subdiv="SCT", years=range(2021, 2025))
    assert shared.names == {
        day.toordinal(): str(name) for day, name in expected.items() if day.year in (2022, 2023)
    }
