"""What the service knows, as data: the bundled rulesets, working days, the case schema."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..models import Case
from ..rulesets import Ruleset, list_rulesets, load_ruleset
from ..workdays import Nation, calendar_for, holidays_version
from .problems import ApiError, issue
from .schemas import RuleInfo, RulesetDetail, RulesetSummary, SkippedDayInfo, WorkdaysBody

__all__ = ["case_schema", "ruleset_detail", "ruleset_summaries", "workdays"]


def _summary(ruleset: Ruleset) -> dict[str, Any]:
    spec = ruleset.spec
    return {
        "id": spec.id,
        "title": spec.title,
        "edition": spec.edition,
        "effective_from": spec.effective_from,
        "effective_to": spec.effective_to,
        "sha256": ruleset.sha256,
        "source": spec.source,
    }


def ruleset_summaries() -> list[RulesetSummary]:
    """The bundled rulesets, newest edition first."""
    return [RulesetSummary(**_summary(load_ruleset(name))) for name in list_rulesets()]


def ruleset_detail(ruleset_id: str) -> RulesetDetail:
    """One bundled ruleset and its rules; an id that is not one is a 404."""
    known = list_rulesets()
    if ruleset_id not in known:
        raise ApiError(
            404,
            [
                issue(
                    f"unknown ruleset {ruleset_id!r}",
                    field="id",
                    value=ruleset_id,
                    expected=f"one of {', '.join(known)}",
                )
            ],
        )
    ruleset = load_ruleset(ruleset_id)
    rules = [
        RuleInfo(
            id=rule.id,
            provision=rule.provision,
            provision_confirmed=rule.confirmed,
            title=rule.title,
            check=rule.check,
            source=rule.source,
            note=rule.note,
        )
        for rule in ruleset.spec.rules
    ]
    return RulesetDetail(**_summary(ruleset), rules=rules)


def workdays(start: date, end: date, nation: Nation) -> WorkdaysBody:
    """Working days in (start, end], and the weekdays that did not count (as ``workdays``)."""
    calendar = calendar_for(nation)
    try:
        counted = calendar.working_days_between(start, end)
        weekdays = calendar.weekdays_between(start, end)
        skipped = calendar.skipped_days(start, end)
    except ValueError as exc:  # a day outside the calendar's span
        raise ApiError(
            422, [issue(str(exc), field="from/to", expected="days the calendar can count")]
        ) from None
    return WorkdaysBody(
        from_=start,
        to=end,
        nation=nation,
        working_days=counted,
        weekdays=weekdays,
        skipped=[SkippedDayInfo(date=day.day, reason=day.reason) for day in skipped],
        holidays_version=holidays_version(),
    )


def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case, as ``complycheck schema`` prints it."""
    return Case.model_json_schema()
