"""The case-format fields of the 12-month limit, refusal grounds and updates to the resident
(issue 14 item 4): bad values are located errors that list what is valid, and a log that
keeps no column for the updates never makes their checks breached."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from complycheck.engine import check
from complycheck.errors import InputIssue
from complycheck.logs import read_log
from complycheck.models import Case
from complycheck.validation import validate_case
from complycheck.vocabulary import REFUSAL_GROUNDS


def _issues(events: list[dict[str, Any]]) -> list[InputIssue]:
    result = validate_case({"id": "bad-1", "events": events}, source="case.yaml")
    assert isinstance(result, list), "the case should not validate"
    return result


@pytest.mark.parametrize("refusal", ["complaint_refused", "escalation_refused"])
def test_an_unknown_refusal_ground_is_located_and_lists_the_valid_ones(refusal: str) -> None:
    (issue,) = _issues(
        [
            {"date": "2024-06-03", "type": "complaint_received"},
            {"date": "2024-06-05", "type": refusal, "ground": "too old"},
        ]
    )
    assert issue.source == "case.yaml"
    assert issue.field == "events[1].ground"
    assert issue.value == "too old"
    for ground in REFUSAL_GROUNDS:
        assert f"'{ground}'" in (issue.expected or "")


@pytest.mark.parametrize("field", ["issue_date", "aware_date"])
def test_an_issue_or_awareness_after_the_complaint_is_a_located_error(field: str) -> None:
    (issue,) = _issues([{"date": "2024-06-03", "type": "complaint_received", field: "2024-06-04"}])
    assert str(issue).startswith(f"case.yaml: case bad-1: events[0].{field}: 2024-06-04 is ")
    assert "after the complaint was received (2024-06-03)" in str(issue)
    assert "expected a date on or before 2024-06-03" in str(issue)


def test_awareness_before_the_issue_is_a_located_error() -> None:
    (issue,) = _issues(
        [
            {
                "date": "2024-06-03",
                "type": "complaint_received",
                "issue_date": "2024-03-01",
                "aware_date": "2024-02-01",
            }
        ]
    )
    assert str(issue).startswith("case.yaml: case bad-1: events[0].aware_date: 2024-02-01 is ")
    assert "before the issue occurred (2024-03-01)" in str(issue)


def test_an_issue_in_the_month_of_the_complaint_is_accepted() -> None:
    case = validate_case(
        {
            "id": "ok-1",
            "events": [
                {"date": "2024-06-03", "type": "complaint_received", "issue_date": "2024-06"}
            ],
        }
    )
    assert isinstance(case, Case)


def test_an_update_on_an_action_never_promised_is_a_located_error() -> None:
    (issue,) = _issues(
        [
            {"date": "2024-06-03", "type": "complaint_received"},
            {"date": "2024-06-05", "type": "action_update", "id": "fence"},
        ]
    )
    assert str(issue).startswith("case.yaml: case bad-1: events[1].id: action 'fence' was never")


def test_a_log_that_keeps_no_holding_responses_never_breaches_keeping_informed(
    tmp_path: Path,
) -> None:
    """A stage 1 response 8 working days late in a log: the lateness is breached, keeping
    the resident informed is unknown because the log cannot show holding responses."""
    path = tmp_path / "log.csv"
    path.write_text(
        "Complaint ref,Date received,Date acknowledged,Stage 1 response date\n"
        "C-1,2024-06-03,2024-06-04,2024-06-28\n"
    )
    (raw,) = list(read_log(path))
    case = validate_case(raw.data)
    assert isinstance(case, Case)
    report = check(case, as_of=date(2024, 12, 1))
    checks = {c.rule: c for c in report.checks}
    assert checks["stage1.respond"].status == "breached"
    assert checks["stage1.kept_informed"].status == "unknown"
    assert "records no holding response at all" in checks["stage1.kept_informed"].reasoning
    assert "stage1.kept_informed" not in report.determination.weighed


def test_the_schema_offers_the_new_fields() -> None:
    schema = Case.model_json_schema()
    defs = schema["$defs"]
    assert {"issue_date", "aware_date"} <= set(defs["ComplaintReceived"]["properties"])
    for refusal in ("ComplaintRefused", "EscalationRefused"):
        ground = defs[refusal]["properties"]["ground"]
        options = ground["anyOf"][0]["enum"]
        assert options == list(REFUSAL_GROUNDS)
    assert defs["ActionUpdate"]["properties"]["type"]["const"] == "action_update"
