#!/usr/bin/env python3
"""Write the bank-holiday tables complycheck ships (``complycheck/bank-holidays/``).

Each table is one UK nation's bank holidays for the whole supported span, as the
installed ``holidays`` package computes them, with the versions of ``holidays`` known to
compute exactly these days: complycheck reads a table instead of asking the package only
when the installed version is one of them (``complycheck/bank_holidays.py``).

Run it with each supported Python's test venv after ``scripts/refresh-constraints`` moves
the ``holidays`` pin (``PYTHON=... ./scripts/test`` makes the venv), then commit the
tables:

    .venv/bin/python scripts/refresh_bank_holidays.py

A version whose days equal a table's is added to its list; one whose days differ starts
the table afresh (the diff shows which days changed, and the old versions then ask the
package).
"""

from __future__ import annotations

import json

import holidays

from complycheck import bank_holidays
from complycheck.workdays import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY

SUBDIVISIONS = ("ENG", "WLS", "SCT", "NIR")


def main() -> None:
    version = bank_holidays.holidays_version()
    first, last = FIRST_SUPPORTED_DAY.year, LAST_SUPPORTED_DAY.year
    bank_holidays.TABLES.mkdir(exist_ok=True)
    for subdivision in SUBDIVISIONS:
        computed = holidays.country_holidays("GB", subdiv=subdivision, years=range(first, last + 1))
        days = {day.isoformat(): str(name) for day, name in sorted(computed.items())}
        path = bank_holidays.TABLES / f"{subdivision}.json"
        versions = [version]
        if path.exists():
            old = json.loads(path.read_text("utf-8"))
            if old["days"] == days and old["years"] == [first, last]:
                versions = sorted({*old["holidays"], version}, key=_release)
        table = {"subdivision": subdivision, "years": [first, last], "holidays": versions}
        text = json.dumps({**table, "days": days}, indent=0, ensure_ascii=False)
        path.write_text(text + "\n", "utf-8")
        print(f"{path.name}: {len(days)} days, holidays {', '.join(versions)}")


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


if __name__ == "__main__":
    main()
