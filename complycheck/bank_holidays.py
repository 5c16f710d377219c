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
import json
from datetime import date
from pathlib import Path

__all__ = ["TABLES", "holidays_version", "shipped"]

#: Where the shipped tables are: one file per ``holidays`` subdivision (``ENG.json``).
TABLES = Path(__file__).parent / "bank-holidays"


@functools.cache
def holidays_version() -> str:
    """The installed ``holidays`` version, from its install metadata (found without
    importing the package), or from the package itself when it has none (vendored, say)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        from holidays.version import __version__

        return str(__version__)


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
