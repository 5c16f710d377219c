"""Dates the calendar cannot count, and an as-of day before the complaint, are input errors:
located, reported, and the other cases still checked — never a crash."""

from __future__ import annotations

from datetime import date

import pytest

from complycheck import InputError, check
from complycheck.inputs import RawCase
from complycheck.models import Case
from complycheck.runner import run_cases

OLD = {"id": "old", "events": [{"date": "1989-12-20", "type": "complaint_received"}]}
GOOD = {"id": "good", "events": [{"date": "2024-05-01", "type": "complaint_received"}]}


def test_an_event_before_1990_is_a_located_error_and_the_next_case_is_checked() -> None:
    results = list(
        run_cases(
            [RawCase("log", "row 2", OLD), RawCase("log", "row 3", GOOD)], as_of=date(2024, 6, 3)
        )
    )
    assert [r.ok for r in results] == [False, True]
    [issue] = results[0].errors
    assert issue.field == "events[0].date"
    assert issue.message == (
        "1989-12-20 is outside the dates complycheck can count (1990-01-01 to 2059-12-31)"
    )
    assert results[1].report is not None
    assert results[1].report.determination.finding == "service_failure"


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        (date(2061, 6, 1), "2061-06-01 is outside the dates complycheck can count"),
        (date(2024, 4, 30), "the as-of date 2024-04-30 is before the complaint was received"),
    ],
)
def test_an_as_of_day_that_cannot_be_used_is_an_input_error(as_of: date, message: str) -> None:
    with pytest.raises(InputError) as caught:
        check(Case.model_validate(GOOD), as_of=as_of)
    [issue] = caught.value.issues
    assert issue.field == "as_of"
    assert issue.message.startswith(message)
