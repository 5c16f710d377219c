"""Properties every report must have, whatever the timeline (hypothesis).

Timelines are generated as a landlord's record could hold them: events in date order, each
a whole number of working days after the one before (so no two share a date), across the
2020, 2022 and 2024 editions, with optional acknowledgements, extensions, chasers, revised
responses, a third stage, refusals, promised actions, a withdrawal, a referral to the
Ombudsman, content flags left unrecorded, and as-of dates before or after the deadlines.
"""

from __future__ import annotations

import calendar as month_calendar
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from synthetic import CONTENT_FLAGS

from complycheck.cli import main
from complycheck.engine import check
from complycheck.models import Case
from complycheck.rulesets import FINDINGS, load_ruleset
from complycheck.validation import validate_case
from complycheck.workdays import calendar_for

CAL = calendar_for("england")
SETTINGS = settings(
    max_examples=int(os.environ.get("PROP_N", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
#: the finding properties are cheap per example and guard the most: three times as many
MONOTONE = settings(SETTINGS, max_examples=3 * SETTINGS.max_examples)
FLAG = st.sampled_from([True, False, None])


def _flags(draw: st.DrawFn, *names: str) -> dict[str, Any]:
    out = {}
    for name in names:
        value = draw(FLAG)
        if value is not None:
            out[name] = value
    return out


@st.composite
def timelines(draw: st.DrawFn) -> dict[str, Any]:
    """A case (as a raw mapping with ``date`` objects) plus an ``as_of`` key."""
    received = draw(st.dates(date(2020, 7, 1), date(2025, 9, 30)))
    events: list[dict[str, Any]] = [{"date": received, "type": "complaint_received"}]
    day = received

    def later(low: int, high: int) -> date:
        nonlocal day
        day = CAL.add_working_days(day, draw(st.integers(low, high)))
        return day

    def response(stage: int) -> dict[str, Any]:
        event: dict[str, Any] = {"date": later(1, 25 * stage), "type": "stage_response"}
        event["stage"] = stage
        handler = draw(st.sampled_from(["h1", "h2", None]))
        if handler:
            event["handler"] = handler
        event |= _flags(draw, "apology", "acknowledged_delay", *CONTENT_FLAGS)
        money = draw(st.sampled_from([None, 0, 50, 100, 250]))
        if money is not None:
            event["complaint_handling_compensation_gbp"] = money
        return event

    def extension(stage: int) -> dict[str, Any]:
        event = {"date": later(1, 12), "type": "extension_notified", "stage": stage}
        event["extra_working_days"] = draw(st.integers(1, 25))
        return event | _flags(draw, "reasons_given", "ombudsman_details_given")

    def promise() -> list[dict[str, Any]]:
        """An action promised after the response just made, and maybe done, late or not."""
        promised = {"date": later(1, 3), "type": "action_promised", "id": f"a{len(events)}"}
        promised["due_date"] = CAL.add_working_days(day, draw(st.integers(1, 15)))
        if draw(st.booleans()):
            return [
                promised,
                {"date": later(1, 25), "type": "action_completed", "id": promised["id"]},
            ]
        return [promised]

    def refusal(kind: str) -> dict[str, Any]:
        event = {"date": later(1, 10), "type": kind}
        return event | _flags(draw, "reasons_given", "ombudsman_rights_given")

    if draw(st.integers(0, 4)) == 0:
        events.append({"date": later(1, 3), "type": "informal_response"})
    if draw(st.integers(0, 9)) == 0:
        events.append(refusal("complaint_refused"))  # and perhaps handled all the same
    if draw(st.booleans()):
        events.append(
            {"date": later(1, 8), "type": "complaint_acknowledged", "stage": 1}
            | _flags(draw, "defined")
        )
    if draw(st.integers(0, 2)) == 0:
        events.append(extension(1))
    if draw(st.integers(0, 3)) == 0:
        events.append({"date": later(1, 12), "type": "resident_chased", "stage": 1})
    if draw(st.integers(0, 4)) > 0:
        events.append(response(1))
        if draw(st.integers(0, 3)) == 0:
            events.append(response(1))  # a revised stage 1 response
        if draw(st.integers(0, 3)) == 0:
            events.extend(promise())
        if draw(st.integers(0, 3)) > 0:
            events.append(
                {"date": later(1, 15), "type": "escalation_requested"}
                | _flags(draw, "reasons_given")
            )
            if draw(st.integers(0, 7)) == 0:
                events.append(refusal("escalation_refused"))  # and perhaps handled all the same
            if draw(st.booleans()):
                events.append(
                    {"date": later(1, 8), "type": "complaint_acknowledged", "stage": 2}
                    | _flags(draw, "defined")
                )
            if draw(st.integers(0, 2)) == 0:
                events.append(extension(2))
            if draw(st.integers(0, 2)) == 0:
                events.append({"date": later(1, 25), "type": "resident_chased", "stage": 2})
            if draw(st.integers(0, 5)) == 0:
                events.append({"date": later(1, 25), "type": "ombudsman_contacted", "stage": 2})
            if draw(st.integers(0, 3)) > 0:
                events.append(response(2))
                if draw(st.integers(0, 3)) == 0:
                    events.append(response(2))  # a revised (clarified) final response
                if draw(st.integers(0, 7)) == 0:
                    events.append(response(3))  # allowed by some editions, never by 2024
    if draw(st.integers(0, 9)) == 0:
        events.append({"date": later(1, 20), "type": "complaint_withdrawn"})
    if draw(st.integers(0, 3)) == 0:
        events.append({"date": later(1, 40), "type": "referred_to_ombudsman"})
    as_of = CAL.add_working_days(day, draw(st.integers(0, 60)))
    return {"id": "prop", "events": events, "as_of": as_of}


def _case(raw: dict[str, Any]) -> Case:
    data = {**raw, "events": [dict(event) for event in raw["events"]]}
    for event in data["events"]:
        for key in ("date", "due_date"):
            if isinstance(event.get(key), date):
                event[key] = event[key].isoformat()
    if isinstance(data.get("as_of"), date):
        data["as_of"] = data["as_of"].isoformat()
    case = validate_case(data)
    assert isinstance(case, Case), [str(issue) for issue in case]
    return case


def _report(raw: dict[str, Any]) -> dict[str, Any]:
    return check(_case(raw)).to_dict()


def _statuses(report: dict[str, Any]) -> dict[str, str]:
    return {c["rule"]: c["status"] for c in report["checks"]}


def _deadline_rules(report: dict[str, Any]) -> set[str]:
    spec = load_ruleset(report["ruleset"]["id"]).spec
    return {rule.id for rule in spec.rules if rule.check == "deadline"}


def _rank(finding: str) -> int:
    return FINDINGS.index(finding)  # type: ignore[arg-type]


# --- 1. the order of the input does not matter ---------------------------------------

_INDEX_FACTS = ("start_event", "end_event", "stopped_by_event")


def _renumber(report: dict[str, Any], original: list[int]) -> dict[str, Any]:
    """Map a shuffled case's event indices back to the unshuffled positions."""
    for c in report["checks"]:
        c["events"] = [original[i] for i in c["events"]]
        for key in _INDEX_FACTS:
            if key in c["facts"]:
                c["facts"][key] = original[c["facts"][key]]
        if "extension_events" in c["facts"]:
            c["facts"]["extension_events"] = [original[i] for i in c["facts"]["extension_events"]]
    return report


@SETTINGS
@given(raw=timelines(), data=st.data())
def test_shuffling_events_with_distinct_dates_leaves_the_report_unchanged(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    order = data.draw(st.permutations(range(len(raw["events"]))))
    shuffled = {**raw, "events": [raw["events"][i] for i in order]}
    assert _renumber(_report(shuffled), list(order)) == _report(raw)


# --- 2. met exactly when the response came by the due date it reports ---------------


@SETTINGS
@given(raw=timelines())
def test_a_deadline_is_met_iff_the_response_came_by_its_reported_due_date(
    raw: dict[str, Any],
) -> None:
    report = _report(raw)
    deadlines = _deadline_rules(report)
    for c in report["checks"]:
        facts = c["facts"]
        if c["rule"] not in deadlines or "end_date" not in facts:
            continue
        due = facts.get("extended_due_date", facts["due_date"])
        if facts.get("extension_past_cap"):
            # docs/decisions.md §4: the cap is the harshest due date, the extension the kindest;
            # between the two only a person can say whether the reason was good
            earliest, latest = due["earliest"], due["latest"]
            want = (
                "met"
                if facts["end_date"] <= earliest
                else "breached"
                if facts["end_date"] > latest
                else "unknown"
            )
            assert c["status"] == want, (c["rule"], facts, c["status"])
            continue
        on_time = facts["end_date"] <= due  # ISO dates compare as text
        assert (c["status"] == "met") == on_time, (c["rule"], facts, c["status"])
        assert c["status"] in ("met", "breached")
        assert (facts["working_days_late"] == 0) == on_time


# --- 3. a later response is never better ---------------------------------------------


@SETTINGS
@given(raw=timelines(), data=st.data())
def test_a_response_one_working_day_later_never_turns_breached_into_met(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    responses = [i for i, e in enumerate(raw["events"]) if e["type"] == "stage_response"]
    assume(responses)
    index = data.draw(st.sampled_from(responses))
    moved = [dict(e) for e in raw["events"]]
    moved[index]["date"] = CAL.add_working_days(moved[index]["date"], 1)
    later = {**raw, "events": moved, "as_of": max(raw["as_of"], moved[index]["date"])}
    before = _statuses(_report({**raw, "as_of": later["as_of"]}))
    after = _statuses(_report(later))
    for rule, status in before.items():
        assert not (status == "breached" and after[rule] == "met"), rule


# --- 4. month-only dates: a decided range agrees with every day in it ----------------

_MONTHABLE = ("complaint_received", "escalation_requested", "stage_response")


@settings(SETTINGS, max_examples=40)
@given(raw=timelines(), data=st.data())
def test_every_exact_day_in_a_month_only_range_agrees_with_a_decided_verdict(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    events = raw["events"]
    candidates = [i for i, e in enumerate(events) if e["type"] in _MONTHABLE]
    index = data.draw(st.sampled_from(candidates))
    when: date = events[index]["date"]
    first = when.replace(day=1)
    last = when.replace(day=month_calendar.monthrange(when.year, when.month)[1])
    # Keep the record's order: nothing before the month-only event falls in its month
    # (so its earliest day sorts it in place), and no exact day passes the next event.
    assume(all(e["date"] < first for e in events[:index]))
    following = [e["date"] for e in events[index + 1 :]]
    upper = min([last, *following])
    as_of = max(raw["as_of"], last)
    ranged = [dict(e) for e in events]
    ranged[index]["date"] = f"{when.year:04d}-{when.month:02d}"
    verdict = _statuses(_report({**raw, "events": ranged, "as_of": as_of}))
    decided = {rule: s for rule, s in verdict.items() if s in ("met", "breached")}
    day = first
    while day <= upper:
        exact = [dict(e) for e in events]
        exact[index]["date"] = day
        got = _statuses(_report({**raw, "events": exact, "as_of": as_of}))
        for rule, status in decided.items():
            assert got[rule] == status, (rule, status, day.isoformat(), got[rule])
        day += timedelta(days=1)


def test_a_notice_before_the_deadline_is_met_at_every_day_of_a_month_only_receipt() -> None:
    """Found by the test above: told in time is met whether the response then came late
    or not, so a month-only receipt that leaves the lateness open still decides it."""
    events: list[dict[str, Any]] = [
        {"date": "2020-07", "type": "complaint_received"},
        {
            "date": "2020-07-02",
            "type": "extension_notified",
            "stage": 1,
            "extra_working_days": 1,
            "reasons_given": True,
            "ombudsman_details_given": True,
        },
        {"date": "2020-07-16", "type": "stage_response", "stage": 1},
    ]
    raw = {"id": "told-in-time", "events": events, "as_of": "2020-07-31"}
    assert _statuses(_report(raw))["stage1.kept_informed"] == "met"
    for day in (1, 2):
        exact = [{**events[0], "date": f"2020-07-0{day}"}, *events[1:]]
        assert _statuses(_report({**raw, "events": exact}))["stage1.kept_informed"] == "met"


# --- 5. a later response, or less redress, never gives a better finding --------------
#
# For any event order, not only the record's: the base timeline may have its dates dealt
# out again among its events (a stage 1 response after the escalation, a revision before
# the response it revises...), and the response moved later may pass any other event.


def _validates(raw: dict[str, Any]) -> bool:
    data = {**raw, "events": [dict(event) for event in raw["events"]]}
    for event in data["events"]:
        for key in ("date", "due_date"):
            if isinstance(event.get(key), date):
                event[key] = event[key].isoformat()
    data["as_of"] = raw["as_of"].isoformat()
    return isinstance(validate_case(data), Case)


@st.composite
def any_order(draw: st.DrawFn) -> dict[str, Any]:
    """A timeline as generated, or with its dates dealt out again to its events at random."""
    raw = draw(timelines())
    if draw(st.booleans()):
        events = raw["events"]
        days = [event["date"] for event in events[1:]]  # the complaint stays the first event
        dealt = draw(st.permutations(days))
        redated = [{**event, "date": day} for event, day in zip(events[1:], dealt, strict=True)]
        raw = {**raw, "events": [events[0], *redated]}
    assume(_validates(raw))
    return raw


def _findings(raw: dict[str, Any]) -> tuple[int, int]:
    determination = _report(raw)["determination"]
    return _rank(determination["finding"]), _rank(determination["worst_case"])


@MONOTONE
@given(raw=any_order(), data=st.data())
def test_the_finding_never_improves_when_any_response_is_made_later(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    responses = [i for i, e in enumerate(raw["events"]) if e["type"] == "stage_response"]
    assume(responses)
    index = data.draw(st.sampled_from(responses))
    moved = [dict(e) for e in raw["events"]]
    moved[index]["date"] = CAL.add_working_days(moved[index]["date"], data.draw(st.integers(1, 90)))
    as_of = max(raw["as_of"], moved[index]["date"])
    later = {**raw, "events": moved, "as_of": as_of}
    assume(_validates(later))
    before, after = _findings({**raw, "as_of": as_of}), _findings(later)
    assert after[0] >= before[0], (before, after)
    assert after[1] >= before[1], (before, after)


_REDRESS_FLAGS = ("apology", "acknowledged_delay")


@MONOTONE
@given(raw=any_order(), data=st.data())
def test_the_finding_never_improves_when_redress_is_reduced(
    raw: dict[str, Any], data: st.DataObject
) -> None:
    offered = [
        (i, key)
        for i, e in enumerate(raw["events"])
        if e["type"] == "stage_response"
        for key in ("complaint_handling_compensation_gbp", *_REDRESS_FLAGS)
        if e.get(key)
    ]
    assume(offered)
    index, key = data.draw(st.sampled_from(offered))
    reduced = [dict(e) for e in raw["events"]]
    if key in _REDRESS_FLAGS:
        less = data.draw(st.sampled_from([False, None]))  # withdrawn, or not recorded
    else:
        less = data.draw(st.sampled_from([None, 0, reduced[index][key] // 2]))
    if less is None:
        del reduced[index][key]
    else:
        reduced[index][key] = less
    before, after = _findings(raw), _findings({**raw, "events": reduced})
    assert after[0] >= before[0], (key, before, after)
    assert after[1] >= before[1], (key, before, after)


# --- 6. the same input gives the same bytes ------------------------------------------

_FORMATS = ("json", "jsonl", "text", "markdown", "csv", "junit")


@settings(SETTINGS, max_examples=30)
@given(raw=any_order(), fmt=st.sampled_from(_FORMATS))
def test_the_same_case_gives_the_same_bytes_in_every_format(raw: dict[str, Any], fmt: str) -> None:
    case = _case(raw).model_dump(mode="json", exclude_none=True)
    args = ["check", "-", "--format", fmt, "--as-of", raw["as_of"].isoformat(), "-q"]
    runs = [CliRunner().invoke(main, args, input=json.dumps(case)) for _ in range(2)]
    assert runs[0].exit_code in (0, 1), runs[0].output
    assert runs[0].stdout_bytes == runs[1].stdout_bytes


_EVERY_FORMAT = f"""
import hashlib, sys
from click.testing import CliRunner
from complycheck.cli import main
for fmt in {_FORMATS!r}:
    run = CliRunner().invoke(main, ["check", *sys.argv[1:], "--format", fmt, "-q"])
    print(fmt, run.exit_code, hashlib.sha256(run.stdout_bytes).hexdigest())
"""


def test_the_same_log_gives_the_same_bytes_in_another_process() -> None:
    """Another process hashes strings differently: no output may follow a set's order."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    inputs = [
        *sorted(map(str, examples.glob("*.yaml"))),
        str(examples / "logs" / "events-long.jsonl"),
    ]
    inputs.append(str(examples / "logs" / "complaints-wide.csv"))
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", _EVERY_FORMAT, *inputs, "--as-of", "2025-06-01"],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.append(done.stdout)
    assert len(outputs[0].splitlines()) == len(_FORMATS)
    assert outputs[0] == outputs[1]
