"""Seeded synthetic complaints, shaped like a real year's log, for the benchmarks.

About a fifth escalate, some get extensions, some are late, a few dates are month-only;
the same seed always gives the same cases so figures can be compared run to run.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from complycheck.workdays import calendar_for

_CAL = calendar_for("england")


def synthetic_case(index: int, rng: random.Random) -> dict[str, Any]:
    """One complaint in the case contract's shape (dates as ISO strings)."""
    received = date(2022, 4, 1) + timedelta(days=rng.randrange(0, 1000))
    events: list[dict[str, Any]] = [
        {"date": received.isoformat(), "type": "complaint_received", "channel": "email"}
    ]
    ack = _CAL.add_working_days(received, rng.choice((1, 2, 3, 5, 7)))
    events.append(
        {
            "date": ack.isoformat(),
            "type": "complaint_acknowledged",
            "stage": 1,
            "defined": rng.random() < 0.9,
        }
    )
    due = 10
    if rng.random() < 0.1:
        extra = rng.choice((5, 10, 15))
        events.append(
            {
                "date": _CAL.add_working_days(ack, 8).isoformat(),
                "type": "extension_notified",
                "stage": 1,
                "extra_working_days": extra,
                "reasons_given": True,
                "ombudsman_details_given": rng.random() < 0.8,
            }
        )
        due += extra
    s1 = _CAL.add_working_days(ack, max(1, due + rng.choice((-6, -3, -1, 0, 0, 1, 4, 12))))
    events.append(
        {
            "date": s1.isoformat(),
            "type": "stage_response",
            "stage": 1,
            "handler": f"officer-{rng.randrange(40)}",
            "apology": rng.random() < 0.5,
            "states_decision": True,
            "gives_reasons": rng.random() < 0.9,
            "explains_escalation": rng.random() < 0.9,
        }
    )
    if rng.random() < 0.2:
        escalated = _CAL.add_working_days(s1, rng.randrange(1, 30))
        month_only = rng.random() < 0.05
        events.append(
            {
                "date": escalated.strftime("%Y-%m") if month_only else escalated.isoformat(),
                "type": "escalation_requested",
            }
        )
        ack2 = _CAL.add_working_days(escalated, rng.choice((2, 5, 8)))
        events.append({"date": ack2.isoformat(), "type": "complaint_acknowledged", "stage": 2})
        late = rng.choice((-10, -2, 0, 3, 15, 30))
        s2 = _CAL.add_working_days(ack2, max(1, 20 + late))
        if late > 10:
            events.append(
                {
                    "date": _CAL.add_working_days(ack2, 22).isoformat(),
                    "type": "resident_chased",
                    "stage": 2,
                }
            )
        events.append(
            {
                "date": s2.isoformat(),
                "type": "stage_response",
                "stage": 2,
                "handler": f"manager-{rng.randrange(10)}",
                "apology": late > 0,
                "acknowledged_delay": late > 0,
                "complaint_handling_compensation_gbp": 50 if late > 0 else 0,
            }
        )
    return {"id": f"C{index:07d}", "landlord": "Synthetic Homes", "events": events}


def synthetic_cases(count: int, seed: int = 20261123) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [synthetic_case(index, rng) for index in range(count)]
