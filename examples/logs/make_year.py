"""Write year-2024-25.csv: a made-up landlord's complaint log for the 2024-25 year.

Run from anywhere: ``python examples/logs/make_year.py``. The log is drawn from a seeded
random generator, so it is the same every time: about 190 complaints received from March
2024 to April 2025, as a housing system exports them (dd/mm/yyyy dates, a Team, Category
and Tenure column the checks do not use). Teams differ in how often they answer late, a
few complaints reach stage 2 late or are handled by the same officer twice, and some are
still open at the year's end, so every section of the annual report has something to show:

    complycheck report examples/logs/year-2024-25.csv --period 2024-25 --homes 4200 \\
        --group-by Team -o examples/report-2024-25.html
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

from complycheck.workdays import WorkingDayCalendar

HERE = Path(__file__).resolve().parent
CALENDAR = WorkingDayCalendar("england")
HEADERS = [
    "Complaint ref",
    "Landlord",
    "Date received",
    "Channel",
    "Date acknowledged",
    "Stage 1 response date",
    "Stage 1 officer",
    "Extension date",
    "Extension days",
    "Escalated",
    "Stage 2 acknowledged",
    "Stage 2 response",
    "Stage 2 officer",
    "Apology given",
    "Compensation",
    "Team",
    "Category",
    "Tenure",
]
#: team → (chance a stage 1 response is late, officers)
TEAMS = {
    "Repairs North": (0.34, ["officer-01", "officer-02", "officer-03"]),
    "Repairs South": (0.18, ["officer-04", "officer-05"]),
    "Lettings": (0.08, ["officer-06"]),
    "Tenancy Services": (0.12, ["officer-07", "officer-08"]),
    "Anti-social Behaviour": (0.22, ["officer-09"]),
    "Customer Contact": (0.05, ["officer-10", "officer-11"]),
}
WEIGHTS = [30, 22, 10, 14, 9, 15]
CATEGORIES = ["Damp and mould", "Repairs", "Communication", "Staff conduct", "ASB", "Rent"]
CHANNELS = ["phone", "email", "web form", "letter", "in person"]
TENURES = ["general needs"] * 8 + ["shared ownership", "supported"]
MANAGERS = ["manager-1", "manager-2", "manager-3"]


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _working(start: date, days: int) -> date:
    return CALENDAR.add_working_days(start, days)


def complaint(number: int, received: date, rng: random.Random) -> dict[str, str]:
    team = rng.choices(list(TEAMS), WEIGHTS)[0]
    late_chance, officers = TEAMS[team]
    officer = rng.choice(officers)
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Complaint ref": f"RVH-{number:04d}",
            "Landlord": "Riverside Vale Homes",
            "Date received": _day(received),
            "Channel": rng.choice(CHANNELS),
            "Stage 1 officer": officer,
            "Team": team,
            "Category": rng.choice(CATEGORIES),
            "Tenure": rng.choice(TENURES),
        }
    )
    acknowledged = _working(received, rng.choice([1, 1, 2, 2, 3, 4, 5, 7]))
    row["Date acknowledged"] = _day(acknowledged)
    # the export was taken in mid-May 2025: later steps are not there yet
    export = date(2025, 5, 16)
    if rng.random() < 0.1:
        extension = _working(acknowledged, rng.randint(4, 8))
        row["Extension date"], row["Extension days"] = _day(extension), "10"
        answered = _working(acknowledged, rng.randint(12, 19))
    elif rng.random() < late_chance:
        answered = _working(acknowledged, rng.randint(11, 24))
    else:
        answered = _working(acknowledged, rng.randint(4, 10))
    if rng.random() < 0.04 and received > date(2025, 1, 1):
        answered = export + timedelta(days=1)  # never answered by the export
    if answered > export:
        row["Stage 1 officer"] = ""
        return row
    row["Stage 1 response date"] = _day(answered)
    if rng.random() < 0.2:
        escalated = _working(answered, rng.randint(2, 15))
        s2_ack = _working(escalated, rng.choice([1, 2, 3, 4, 6]))
        late = rng.random() < 0.3
        s2_answer = _working(s2_ack, rng.randint(21, 32) if late else rng.randint(12, 20))
        if escalated <= export:
            row["Escalated"] = _day(escalated)
        if s2_ack <= export and escalated <= export:
            row["Stage 2 acknowledged"] = _day(s2_ack)
        if s2_answer <= export and s2_ack <= export:
            row["Stage 2 response"] = _day(s2_answer)
            row["Stage 2 officer"] = officer if rng.random() < 0.15 else rng.choice(MANAGERS)
    if row["Stage 1 response date"]:
        row["Apology given"] = rng.choice(["Yes", "Yes", "No", ""])
        if rng.random() < 0.3:
            row["Compensation"] = f"£{rng.choice([25, 50, 75, 100, 150, 250])}"
    return row


def main() -> None:
    rng = random.Random(202425)
    rows = []
    day = date(2024, 3, 4)
    number = 1
    while day <= date(2025, 4, 11):
        if CALENDAR.is_working_day(day):
            for _ in range(rng.choices([0, 1, 2], [0.45, 0.45, 0.1])[0]):
                rows.append(complaint(number, day, rng))
                number += 1
        day += timedelta(days=1)
    with (HERE / "year-2024-25.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, HEADERS)
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main()
