"""Which responses' redress answers which breach (docs/output.md, "Which redress answers a
breach"): a response answers the breaches of its own stage and the stages before it, never
a later stage's, whatever the dates; so a later, worse response can never earn a better
finding. Each case here failed before the rule was by stage."""

from __future__ import annotations

from datetime import date
from typing import Any

from complycheck.engine import check
from complycheck.models import Case
from complycheck.results import Report
from complycheck.validation import validate_case

AS_OF = date(2024, 12, 2)


def _report(events: list[dict[str, Any]], as_of: date = AS_OF) -> Report:
    case = validate_case({"id": "redress", "events": events})
    assert isinstance(case, Case), [str(issue) for issue in case]
    return check(case, as_of=as_of)


def _stage1_then_slow_stage2(stage1_response_on: str) -> list[dict[str, Any]]:
    """Issue 11 item 8: stage 2 took 57 working days with a chaser and no redress; the stage
    1 response, on time or 3½ months late, acknowledged its delay and apologised."""
    return [
        {"date": "2024-06-03", "type": "complaint_received"},
        {"date": "2024-06-04", "type": "complaint_acknowledged", "stage": 1, "defined": True},
        {
            "date": stage1_response_on,
            "type": "stage_response",
            "stage": 1,
            "handler": "a",
            "acknowledged_delay": True,
            "apology": True,
        },
        {"date": "2024-06-24", "type": "escalation_requested"},
        {"date": "2024-06-26", "type": "complaint_acknowledged", "stage": 2, "defined": True},
        {"date": "2024-08-01", "type": "resident_chased", "stage": 2},
        {"date": "2024-09-16", "type": "stage_response", "stage": 2, "handler": "b"},
    ]


def test_stage1_response_on_time_leaves_the_slow_stage2_unredressed() -> None:
    report = _report(_stage1_then_slow_stage2("2024-06-14"))
    statuses = {c.rule: c.status for c in report.checks}
    assert statuses["stage1.respond"] == "met"
    assert statuses["stage2.respond"] == "breached"
    assert report.determination.finding == "maladministration"
    assert report.determination.redress == "none"


def test_stage1_response_three_and_a_half_months_late_never_improves_the_finding() -> None:
    report = _report(_stage1_then_slow_stage2("2024-09-30"))
    checks = {c["rule"]: c for c in report.to_dict()["checks"]}
    assert checks["stage1.respond"]["status"] == "breached"
    assert checks["stage1.respond"]["facts"]["working_days_late"] == 73
    # was service failure: the stage 1 response's acknowledgement and apology counted as
    # redress for the stage 2 delay, which the stage 1 response cannot answer for
    assert report.determination.finding == "maladministration"
    assert report.determination.worst_case == "maladministration"
    step2 = next(s for s in report.determination.reasoning if s.startswith("Step 2"))
    assert (
        "after stage1.respond (from 18 Jun 2024; responses at stage 1 or later count): "
        "acknowledged the failure: yes; apologised: yes;"
    ) in step2
    assert (
        "after stage2.respond (from 24 Jul 2024; responses at stage 2 or later count): "
        "acknowledged the failure: not recorded; apologised: not recorded; "
        "complaint-handling compensation £0 against at least £100 for a significant breach: "
        "not enough (stage 2 response of 16 Sep 2024) → none redress"
    ) in step2


def test_a_stage2_response_answers_stage1_breaches() -> None:
    events = _stage1_then_slow_stage2("2024-07-15")  # 19 working days late
    events[2] = {k: v for k, v in events[2].items() if k not in ("acknowledged_delay", "apology")}
    events[-1] |= {
        "acknowledged_delay": True,
        "apology": True,
        "complaint_handling_compensation_gbp": 100,
    }
    report = _report(events)
    step2 = next(s for s in report.determination.reasoning if s.startswith("Step 2"))
    assert (
        "after stage1.respond (from 18 Jun 2024; responses at stage 1 or later count): "
        "acknowledged the failure: yes; apologised: yes; complaint-handling compensation £100 "
        "against at least £100 for a significant breach: enough (stage 1 response of "
        "15 Jul 2024, stage 2 response of 16 Sep 2024) → full redress"
    ) in step2
    assert report.determination.finding == "reasonable_redress"


def test_the_highest_offer_at_a_stage_stands_whichever_revision_is_dated_last() -> None:
    def events(first_offer: int, revised_offer: int) -> list[dict[str, Any]]:
        out = _stage1_then_slow_stage2("2024-06-14")
        stage2 = {"type": "stage_response", "stage": 2, "handler": "b"}
        stage2 |= {"acknowledged_delay": True, "apology": True}
        out[-1] = stage2 | {
            "date": "2024-09-16",
            "complaint_handling_compensation_gbp": first_offer,
        }
        out.append(
            stage2 | {"date": "2024-09-20", "complaint_handling_compensation_gbp": revised_offer}
        )
        return out

    # was partial redress (service failure) for the second: the revision's £0 replaced the £150
    for first, revised in ((0, 150), (150, 0)):
        report = _report(events(first, revised))
        assert report.determination.finding == "reasonable_redress", (first, revised)
        assert report.determination.redress == "full"


def test_a_month_only_response_answers_its_own_omissions_as_any_day_in_its_month_would() -> None:
    def events(response_date: str) -> list[dict[str, Any]]:
        return [
            {"date": "2024-10-01", "type": "complaint_received"},
            {"date": "2024-10-08", "type": "complaint_acknowledged", "stage": 1},
            {
                "date": response_date,
                "type": "stage_response",
                "stage": 1,
                "apology": True,
                "acknowledged_delay": True,
                "complaint_handling_compensation_gbp": 100,
                "states_stage": False,
            },
        ]

    # was: the month-only response did not count for its own content breach (dated the last
    # day of the month), so the finding was worse than on any exact day of that month
    month = _report(events("2024-11"), as_of=date(2025, 1, 6))
    assert month.determination.finding == "reasonable_redress"
    for day in ("2024-11-01", "2024-11-15", "2024-11-29"):
        exact = _report(events(day), as_of=date(2025, 1, 6))
        assert exact.determination.finding == "reasonable_redress", day
    assert [r.kind for r in month.remedies if r.kind == "apology"] == []


def test_a_promise_broken_after_the_responses_is_answered_by_none_of_them() -> None:
    events: list[dict[str, Any]] = [
        {"date": "2024-06-03", "type": "complaint_received"},
        {"date": "2024-06-04", "type": "complaint_acknowledged", "stage": 1, "defined": True},
        {"date": "2024-06-10", "type": "stage_response", "stage": 1},
        {"date": "2024-06-10", "type": "action_promised", "id": "fan", "due_date": "2024-07-01"},
        {"date": "2024-07-05", "type": "action_completed", "id": "fan"},
        {"date": "2024-07-08", "type": "escalation_requested"},
        {"date": "2024-07-09", "type": "complaint_acknowledged", "stage": 2, "defined": True},
        {
            "date": "2024-07-20",
            "type": "stage_response",
            "stage": 2,
            "apology": True,
            "acknowledged_delay": True,
            "complaint_handling_compensation_gbp": 100,
        },
    ]
    report = _report(events)
    weights = {c.rule: c.weight for c in report.checks if c.status == "breached"}
    assert weights == {"remedy.actions_completed": "minor"}
    # was reasonable redress: the stage 2 response, dated after the promise was broken,
    # counted, and moving it before the due date made the finding worse; no response's
    # date decides what it answers now
    assert report.determination.finding == "service_failure"
    step2 = next(s for s in report.determination.reasoning if s.startswith("Step 2"))
    assert "after remedy.actions_completed (from 1 Jul 2024): " in step2
    assert "(no complaint response answers it) → none redress" in step2
