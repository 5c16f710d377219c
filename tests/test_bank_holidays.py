"""The bank-holiday tables complycheck ships are the ``holidays`` package's own answer.

A table is read instead of asking the package only when the installed version is one that
wrote it, so these tests hold each table to the installed version's answer, and check that
any doubt (another version, another span, a broken or missing file) asks the package.
"""

from __future__ import annotations

import json
from datetime import date
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import holidays
import pytest

from complycheck import bank_holidays, workdays
from complycheck.workdays import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, calendar_for

SUBDIVISIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
YEARS = (FIRST_SUPPORTED_DAY.year, LAST_SUPPORTED_DAY.year)


def test_the_installed_version_is_the_packages_own() -> None:
    installed = holidays.__version__  # type: ignore[attr-defined]
    assert bank_holidays.holidays_version() == installed


def test_the_versions_ci_installs_have_their_tables() -> None:
    """Else every run would ask the package: run scripts/refresh_bank_holidays.py."""
    pinned = [
        line.split("==")[1].split(";")[0].strip()
        for line in (Path(__file__).parent.parent / ".ci" / "constraints.txt")
        .read_text("utf-8")
        .splitlines()
        if line.startswith("holidays==")
    ]
    assert pinned
    for subdivision in SUBDIVISIONS.values():
        table = json.loads((bank_holidays.TABLES / f"{subdivision}.json").read_text("utf-8"))
        assert set(pinned) <= set(table["holidays"]), subdivision


@pytest.mark.parametrize("subdivision", SUBDIVISIONS.values())
def test_each_table_is_what_the_installed_holidays_computes(subdivision: str) -> None:
    shipped = bank_holidays.shipped(subdivision, *YEARS)
    assert shipped is not None
    whole = holidays.country_holidays("GB", subdiv=subdivision, years=range(YEARS[0], YEARS[1] + 1))
    assert shipped == {day.toordinal(): str(name) for day, name in whole.items()}


@pytest.mark.parametrize("nation", SUBDIVISIONS)
def test_counting_uses_the_whole_table(nation: workdays.Nation) -> None:
    shared = workdays._holidays(nation)
    assert (shared.first, shared.last) == (
        FIRST_SUPPORTED_DAY.toordinal(),
        LAST_SUPPORTED_DAY.toordinal(),
    )
    assert shared.names == bank_holidays.shipped(SUBDIVISIONS[nation], *YEARS)


def test_the_days_findings_rely_on() -> None:
    england = calendar_for("england")
    assert england.holiday_name(date(2022, 6, 3)) == "Platinum Jubilee of Elizabeth II"
    assert england.holiday_name(date(2022, 9, 19)) == "State Funeral of Queen Elizabeth II"
    assert england.holiday_name(date(2023, 5, 8)) == "Coronation of Charles III"
    assert england.holiday_name(date(2022, 12, 27)) == "Christmas Day (observed)"
    assert england.holiday_name(date(2023, 1, 3)) is None
    assert calendar_for("scotland").holiday_name(date(2023, 1, 3)) is not None  # 2 January
    assert calendar_for("northern-ireland").holiday_name(date(2023, 7, 12)) is not None


def test_another_version_asks_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bank_holidays, "holidays_version", lambda: "0.1")
    assert bank_holidays.shipped("ENG", *YEARS) is None
    shared = workdays._holidays.__wrapped__("england")
    assert shared.names == {}  # nothing read until a day is counted, then from the package
    shared.cover(date(2022, 12, 1).toordinal(), date(2022, 12, 31).toordinal())
    assert shared._calendar is not None
    assert shared.names[date(2022, 12, 27).toordinal()] == "Christmas Day (observed)"


def test_a_holidays_without_metadata_is_asked_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """A vendored holidays has no install metadata: the package's own version is read."""
    installed = holidays.__version__  # type: ignore[attr-defined]

    def missing(name: str) -> str:
        raise PackageNotFoundError(name)

    bank_holidays.holidays_version.cache_clear()
    try:
        assert bank_holidays.holidays_version() == installed  # from importlib.metadata
        bank_holidays.holidays_version.cache_clear()
        monkeypatch.setattr("importlib.metadata.version", missing)
        assert bank_holidays.holidays_version() == installed  # from holidays.version
    finally:
        bank_holidays.holidays_version.cache_clear()


def test_a_table_of_other_years_or_a_broken_file_is_not_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert bank_holidays.shipped("ENG", YEARS[0], YEARS[1] - 1) is None
    welsh = (bank_holidays.TABLES / "WLS.json").read_text("utf-8")
    monkeypatch.setattr(bank_holidays, "TABLES", tmp_path)
    assert bank_holidays.shipped("ENG", *YEARS) is None  # no file
    (tmp_path / "ENG.json").write_text("{not json", "utf-8")
    assert bank_holidays.shipped("ENG", *YEARS) is None
    (tmp_path / "ENG.json").write_text("[]", "utf-8")
    assert bank_holidays.shipped("ENG", *YEARS) is None
    (tmp_path / "ENG.json").write_text(welsh, "utf-8")
    assert bank_holidays.shipped("ENG", *YEARS) is None  # another nation's table
