"""The bank holidays of each UK nation as the installed ``holidays`` package gives them,
read from the tables complycheck ships when that package is a version that wrote them.

Counting working days needs a nation's bank holidays, and the ``holidays`` package is
where they come from. Asking it costs the start-up of a one-case check more than the
check itself: importing the package loads every calendar it knows (Chinese, Hebrew,
Islamic...) and building a year's days runs its rules. Yet for a given version of
``holidays`` the answer never changes.

So ``bank-holidays/<SUBDIVISION>.json`` holds every bank holiday of the supported span
(1990-2060) as the versions of ``holidays`` named in the file compute them, written by
``scripts/refresh_bank_holidays.py`` from the package itself. A table is used only when
the installed ``holidays`` is one of those versions, so it is that version's own answer,
read rather than recomputed (``tests/test_bank_holidays.py`` holds it to the package);
with any other version, :mod:`.workdays` asks the package, as it always has.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from datetime import date
from pathlib import Path

__all__ = ["TABLES", "holidays_version", "shipped"]

#: Where the shipped tables are: one file per ``holidays`` subdivision (``ENG.json``).
TABLES = Path(__file__).parent / "bank-holidays"


@functools.cache
def holidays_version() -> str:
    """The installed ``holidays`` version.

    Read from the name of its install record beside the package (``holidays-0.109.dist-
    info``: the packaging spec names the record so), found without importing the package.
    ``importlib.metadata.version`` would parse the record's whole metadata file, the
    package's README included, which costs a one-case check about a hundredth of its
    time; it is asked only when there is no single such record to read (an unusual
    install), and ``holidays`` itself when there is no metadata at all (vendored, say).
    """
    recorded = _recorded_version()
    if recorded is not None:
        return recorded
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        from holidays.version import __version__

        return str(__version__)


def _recorded_version() -> str | None:
    """The version in the name of the one ``holidays-*.dist-info`` beside the package."""
    spec = importlib.util.find_spec("holidays")  # found, not imported
    if spec is None or spec.origin is None:
        return None
    records = list(Path(spec.origin).parent.parent.glob("holidays-*.dist-info"))
    if len(records) != 1:
        return None
    return records[0].name.removeprefix("holidays-").removesuffix(".dist-info")


def shipped(subdivision: str, first_year: int, last_year: int) -> dict[int, str] | None:
    """Every bank holiday of ``first_year``..``last_year`` in ``subdivision`` (``ENG``,
    weekend ones too), by ordinal, as the installed ``holidays`` gives them; ``None`` when
    no shipped table was written by that version for those years (then ask the package)."""
    try:
        table = json.loads((TABLES / f"{subdivision}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(table, dict)
        or table.get("subdivision") != subdivision
        or table.get("years") != [first_year, last_year]
        or holidays_version() not in table.get("holidays", ())
    ):
        return None
    return {date.fromisoformat(day).toordinal(): name for day, name in table["days"].items()}
