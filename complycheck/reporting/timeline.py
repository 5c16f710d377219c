"""What a report needs of a complaint's own timeline, read from the raw case.

The checks say whether each duty was met; a report also counts things that are not duties:
when the complaint and its escalation were received, refusals and their grounds, what was
offered and paid. These are read from the case's events as given, before checking, so that
a complaint can be placed in a reporting period (or left out of it) without being checked.
A date that cannot be read is left out here: validation reports it as an input error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..dates import PartialDate, parse_partial_date
from .period import ReportingPeriod

__all__ = ["Scope", "Timeline"]

#: Where a complaint stands against the period and the as-of day.
Scope = Literal["in_period", "before_period", "after_period", "not_yet_received"]

_CLOSING = frozenset({"complaint_withdrawn", "complaint_refused", "escalation_refused"})


def _day(value: object) -> PartialDate | None:
    try:
        return parse_partial_date(value)
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True, slots=True)
class Timeline:
    """The dated steps of one complaint a report counts (earliest day of month-only dates)."""

    received: date | None
    escalated: date | None
    #: the first formal response at stage 1 and at stage 2, if any
    responses: tuple[date | None, date | None]
    closed_on: date | None  # withdrawal, refusal, or the last stage's response
    refusal_grounds: tuple[str, ...]
    escalation_refused: bool
    compensation_offered: float
    compensation_paid: float
    #: events dated after the as-of day, which the report does not see
    unseen: int = 0
    #: whether ``received`` and ``escalated`` are exact days (not months)
    received_exact: bool = True
    escalated_exact: bool = True
    #: the stages (1, 2) whose acknowledgement the case's source does not record
    acknowledgement_not_recorded: frozenset[int] = frozenset()

    @classmethod
    def of(cls, data: dict[str, Any] | None, as_of: date | None) -> Timeline:
        """The steps of a raw case known at ``as_of`` (all of them without one)."""
        received = escalated = stage1 = stage2 = stage1_closed = None
        received_exact = escalated_exact = True
        closed: list[date] = []
        grounds: list[str] = []
        escalation_refused = False
        offered = paid = 0.0
        unseen = 0
        events = data.get("events") if isinstance(data, dict) else None
        for event in events if isinstance(events, list) else ():
            if not isinstance(event, dict):
                continue
            kind = event.get("type")
            day = _day(event.get("date"))
            if day is None:
                continue
            when = day.earliest
            if kind == "complaint_received":
                received = when  # compared with as-of by the scope, never hidden
                received_exact = day.earliest == day.latest
                continue
            if as_of is not None and when > as_of:
                unseen += 1
                continue
            if kind == "escalation_requested" and escalated is None:
                escalated = when
                escalated_exact = day.earliest == day.latest
            elif kind == "stage_response":
                stage = event.get("stage")
                if stage == 1 and stage1 is None:
                    stage1 = stage1_closed = when
                elif stage == 2 and stage2 is None:
                    stage2 = when
                    closed.append(when)
                offered = _money(event, "compensation_gbp") + _money(
                    event, "complaint_handling_compensation_gbp"
                )
            elif kind == "remedy_paid":
                paid += _money(event, "amount_gbp")
            if kind in _CLOSING:
                closed.append(when)
                if kind == "complaint_refused":
                    grounds.append(str(event.get("ground") or "not recorded"))
                elif kind == "escalation_refused":
                    escalation_refused = True
        if stage1_closed is not None and escalated is None:
            closed.append(stage1_closed)
        return cls(
            received,
            escalated,
            (stage1, stage2),
            min(closed) if closed else None,
            tuple(grounds),
            escalation_refused,
            offered,
            paid,
            unseen,
            received_exact,
            escalated_exact,
            _unacknowledged(data),
        )

    def scope(self, period: ReportingPeriod | None, as_of: date | None) -> Scope:
        """Whether the complaint belongs to the report.

        It belongs when it was received in the period, or its escalation or a stage
        response falls in it (the stage 2 count and the responded basis of CH02 need
        those), or it was still open when the period began (carried over). A complaint
        received after the as-of day had not happened yet.
        """
        received = self.received
        if received is None:
            return "in_period"  # unreadable: validation reports it, nothing is skipped
        if as_of is not None and received > as_of:
            return "not_yet_received"
        if period is None:
            return "in_period"
        steps = (received, self.escalated, *self.responses)
        if any(day is not None and period.contains(day) for day in steps):
            return "in_period"
        if received > period.end:
            return "after_period"
        if self.closed_on is None or self.closed_on >= period.start:
            return "in_period"  # carried over, open when the period began
        return "before_period"


def _unacknowledged(data: dict[str, Any] | None) -> frozenset[int]:
    """The stages whose acknowledgement the case's source does not record (its
    ``not_recorded``: an export with no acknowledgement column, docs/logs.md)."""
    items = data.get("not_recorded") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return frozenset()
    stages: set[int] = set()
    for item in items:
        event, stage = (item, None) if isinstance(item, str) else (None, None)
        if isinstance(item, dict):
            event, stage = item.get("event"), item.get("stage")
        if event == "complaint_acknowledged":
            stages.update((1, 2) if stage is None else (stage,) if stage in (1, 2) else ())
    return frozenset(stages)


def _money(event: dict[str, Any], key: str) -> float:
    value = event.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    return float(value)
