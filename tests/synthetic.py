"""Seeded synthetic complaint timelines for the golden, differential and benchmark runs.

Every event type appears, with month-only dates, extensions (by date and by days), tri-state
content flags and missing events, so the check kinds' branches are all reached. Cases that
the case model rejects are dropped by the callers, as a user's invalid input would be.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

_FLAGS = (True, False, None)
#: a stage response's written-content flags (the Code's content lists)
CONTENT_FLAGS = (
    "states_stage",
    "states_definition",
    "states_decision",
    "gives_reasons",
    "details_remedy",
    "lists_outstanding_actions",
    "explains_escalation",
)
_RESPONSE_FLAGS = ("apology", "acknowledged_delay", *CONTENT_FLAGS)


def _when(rng: random.Random, day: date) -> str:
    """Mostly exact dates, sometimes month-only (decided at both ends of the month)."""
    return day.strftime("%Y-%m") if rng.random() < 0.12 else day.isoformat()


def _flag(rng: random.Random, event: dict[str, Any], name: str) -> None:
    value = rng.choice(_FLAGS)
    if value is not None:
        event[name] = value


def synthetic_case(rng: random.Random, case_id: str) -> dict[str, Any]:
    """One raw case mapping (as a YAML file would give it)."""
    day = date(2020, 6, 1) + timedelta(days=rng.randrange(0, 5 * 365))
    events: list[dict[str, Any]] = []

    def add(type_: str, gap: int, **fields: Any) -> dict[str, Any]:
        nonlocal day
        day += timedelta(days=gap)
        event = {"date": _when(rng, day), "type": type_, **fields}
        events.append(event)
        return event

    if rng.random() < 0.15:
        add("service_request_logged", 0)
    add("complaint_received", rng.randrange(0, 3))
    if rng.random() < 0.2:
        add("informal_response", rng.randrange(0, 3))
    if rng.random() < 0.1:
        refused = add("complaint_refused", rng.randrange(1, 12))
        _flag(rng, refused, "reasons_given")
        _flag(rng, refused, "ombudsman_rights_given")
    if rng.random() < 0.05:
        add("complaint_withdrawn", rng.randrange(1, 20))
    for stage in (1, 2, 3):
        if stage > 1:
            if rng.random() < 0.45:
                break
            if stage == 2:
                request = add("escalation_requested", rng.randrange(1, 30))
                _flag(rng, request, "reasons_given")
                if rng.random() < 0.15:
                    add("escalation_refused", rng.randrange(1, 15))
                    if rng.random() < 0.7:
                        break
        if stage < 3 and rng.random() < 0.8:
            ack = add("complaint_acknowledged", rng.randrange(0, 12), stage=stage)
            _flag(rng, ack, "defined")
        for _ in range(rng.choice((0, 0, 1, 2))):
            extension: dict[str, Any] = {"stage": stage}
            if rng.random() < 0.5:
                extension["extra_working_days"] = rng.randrange(1, 20)
            else:
                extension["new_due_date"] = (day + timedelta(days=rng.randrange(5, 40))).isoformat()
            for name in ("reasons_given", "ombudsman_details_given", "agreed_with_resident"):
                _flag(rng, extension, name)
            add("extension_notified", rng.randrange(1, 25), **extension)
        for _ in range(rng.choice((0, 0, 1, 3))):
            add("resident_chased", rng.randrange(1, 15), stage=rng.choice((stage, None)))
        if rng.random() < 0.1:
            add("ombudsman_contacted", rng.randrange(1, 20), stage=stage)
        if rng.random() < 0.1:
            add("holding_response", rng.randrange(1, 10), stage=stage)
        if rng.random() < 0.85:
            response = add(
                "stage_response",
                rng.randrange(1, 60),
                stage=stage,
                handler=rng.choice(("officer-1", "officer-2", None)),
            )
            if response["handler"] is None:
                del response["handler"]
            for name in _RESPONSE_FLAGS:
                _flag(rng, response, name)
            if rng.random() < 0.5:
                response["complaint_handling_compensation_gbp"] = rng.choice((0, 25, 50, 100, 250))
            if rng.random() < 0.3:
                response["compensation_gbp"] = rng.choice((50, 150, 400))
    if rng.random() < 0.2:
        add("action_promised", rng.randrange(1, 10), id="a1")
        if rng.random() < 0.5:
            add("action_completed", rng.randrange(1, 30), id="a1")
    if rng.random() < 0.2:
        add("remedy_paid", rng.randrange(1, 30), amount_gbp=100)
    if rng.random() < 0.3:
        add("referred_to_ombudsman", rng.randrange(1, 60))
    as_of = day + timedelta(days=rng.randrange(0, 90)) if rng.random() < 0.7 else None
    if as_of is None:  # stop the clock part-way through: pending and open deadlines
        as_of = date.fromisoformat(str(events[len(events) // 2]["date"])[:7] + "-28")
    # never before the complaint existed (that is an input error, not a check)
    received = next(str(e["date"]) for e in events if e["type"] == "complaint_received")
    as_of = max(as_of, date.fromisoformat(received if len(received) == 10 else received + "-01"))
    return {
        "id": case_id,
        "landlord": "Synthetic Homes",
        "nation": "england",
        "code": "auto",
        "as_of": as_of.isoformat(),
        "events": events,
    }
