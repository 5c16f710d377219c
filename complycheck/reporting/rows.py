"""One row per complaint: what a complaints manager reads instead of a row per check.

A :class:`CaseRow` is built from a checked case's structured results (statuses, dates and
counts in each check's facts; never its reasoning text) and from its timeline, and carries
the columns of the export the mapping did not read (team, officer, tenure...) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

from ..dates import PartialDate, parse_partial_date
from ..render.common import located_issues
from ..render.summary import Tally
from ..results import CalendarInfo, CaseResult, Check, exact_number
from ..rulesets import Finding, Weight
from ..workdays import Nation, calendar_for
from .timeline import Timeline

__all__ = ["CaseRow", "Position", "RowItem", "StageRow", "case_row", "pack", "unpack"]

#: A complaint's state at the as-of day; ``input_error``: it could not be checked.
Position = Literal["open", "closed", "input_error"]

#: ``facts["measures"]`` of the deadline checks, by stage
_RESPONSE = {"stage1_response": 1, "stage2_response": 2}
_ACKNOWLEDGEMENT = {"stage1_acknowledgement": 1, "stage2_acknowledgement": 2}
_STAGES = (1, 2)


@dataclass(frozen=True, slots=True)
class StageRow:
    """One stage's response deadline as checked: ``status`` is the check's."""

    status: str | None = None  # None: the ruleset has no such check
    due: date | None = None  # the deadline in force (extended, if an extension counts)
    original_due: date | None = None
    responded: date | None = None
    working_days: int | None = None  # taken to respond; None if not known exactly
    working_days_late: int | None = None
    extensions: int = 0
    extension_past_cap: bool = False
    acknowledgement: str | None = None  # the acknowledgement check's status, if any
    #: False when the case's source does not record the acknowledgement (no such column)
    acknowledgement_recorded: bool = True
    #: working days from the stage's start (the complaint's receipt, the escalation
    #: request) to the response: exact whenever both are days, whatever the Code counts from
    working_days_from_start: int | None = None

    @property
    def on_time(self) -> bool | None:
        """Met (True) or breached (False) with a response made; None otherwise."""
        if self.responded is None or self.status not in ("met", "breached"):
            return None
        return self.status == "met"

    @property
    def on_time_without_extension(self) -> bool | None:
        """As :attr:`on_time`, but counted against the original deadline."""
        on_time = self.on_time
        if on_time is None or not self.extensions:
            return on_time
        if self.original_due is None or self.responded is None:
            return None
        return on_time and self.responded <= self.original_due


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One complaint as a report lists it."""

    source: str
    location: str
    case_id: str | None
    landlord: str | None
    received: date | None
    escalated: date | None
    ruleset: str | None
    finding: Finding | None
    worst_weight: Weight | None
    #: (rule, provision) of every breached check, in ruleset order
    breaches: tuple[tuple[str, str], ...]
    position: Position
    stages: tuple[StageRow, StageRow]
    next_deadline: date | None
    working_days_left: int | None
    overdue: bool
    refusal_grounds: tuple[str, ...]
    escalation_refused: bool
    compensation_offered: float
    compensation_paid: float
    #: the export's columns the mapping did not read, as (header, cell)
    passthrough: tuple[tuple[str, object], ...]
    errors: tuple[str, ...] = ()
    #: events dated after the as-of day, not seen by the checks
    unseen_events: int = 0
    #: what the run's exit status is decided from (see :class:`~complycheck.render.Summary`)
    tally: Tally | None = field(default=None, repr=False, compare=False)
    #: the whole result, for outputs that list the checks (None when not asked to keep it)
    result: CaseResult | None = field(default=None, repr=False, compare=False)

    def stage(self, number: int) -> StageRow:
        return self.stages[number - 1]

    def column(self, header: str) -> object:
        """A passed-through cell by its header (None if the row has no such column)."""
        for name, value in self.passthrough:
            if name == header:
                return value
        return None


def case_row(
    result: CaseResult,
    timeline: Timeline,
    passthrough: tuple[tuple[str, object], ...] = (),
    *,
    keep_result: bool = True,
) -> CaseRow:
    """The row of one checked case, or of one with input errors (their located text).

    ``keep_result``: carry the whole result on the row, for outputs that list the checks.
    """
    report = result.report
    kept = result if keep_result else None
    tally = Tally.of(result)
    if report is None:
        return CaseRow(
            result.source,
            result.location,
            result.case_id,
            None,
            timeline.received,
            timeline.escalated,
            None,
            None,
            None,
            (),
            "input_error",
            (StageRow(), StageRow()),
            None,
            None,
            False,
            (),
            False,
            0.0,
            0.0,
            passthrough,
            tuple(str(issue) for issue in located_issues(result)),
            timeline.unseen,
            tally,
            kept,
        )
    stages: dict[int, dict[str, Any]] = {1: {}, 2: {}}
    breaches: list[tuple[str, str]] = []
    deadlines: list[tuple[date, int | None]] = []
    awaiting = overdue = False
    for check in report.checks:
        if check.status == "breached":
            breaches.append((check.rule, check.provision))
        facts = check.facts
        if "due_date" not in facts:
            continue
        awaited = "end_event" not in facts and "stopped_by_event" not in facts
        measure = facts.get("measures")
        if check.status == "pending":
            due = _day(facts.get("extended_due_date", facts["due_date"]))
            if due is not None:
                deadlines.append((due, exact_number(facts.get("working_days_left"))))
        if awaited and check.status in ("pending", "breached", "unknown"):
            if measure in _RESPONSE:
                awaiting = True
            if check.status == "breached" and "working_days_late" in facts:
                overdue = True
        if measure in _RESPONSE:
            stages[_RESPONSE[measure]].update(_stage_fields(check))
        elif measure in _ACKNOWLEDGEMENT:
            stages[_ACKNOWLEDGEMENT[measure]]["acknowledgement"] = check.status
    upcoming = min(deadlines, key=lambda item: item[0]) if deadlines else (None, None)
    _from_start(stages, timeline, report.calendar)
    return CaseRow(
        result.source,
        result.location,
        report.case_id,
        report.landlord,
        timeline.received,
        timeline.escalated,
        report.ruleset.id,
        report.determination.finding,
        report.determination.worst_weight,
        tuple(breaches),
        "open" if awaiting else "closed",
        (StageRow(**stages[1]), StageRow(**stages[2])),
        upcoming[0],
        upcoming[1],
        overdue,
        timeline.refusal_grounds,
        timeline.escalation_refused,
        timeline.compensation_offered,
        timeline.compensation_paid,
        passthrough,
        (),
        timeline.unseen,
        tally,
        kept,
    )


def _from_start(
    stages: dict[int, dict[str, Any]], timeline: Timeline, calendar: CalendarInfo
) -> None:
    """Add to each stage whether its acknowledgement is recorded and the working days from
    its start to its response, counted on the case's own calendar."""
    starts = (
        timeline.received if timeline.received_exact else None,
        timeline.escalated if timeline.escalated_exact else None,
    )
    for number, start in zip(_STAGES, starts, strict=True):
        fields = stages[number]
        if number in timeline.acknowledgement_not_recorded:
            fields["acknowledgement_recorded"] = False
        responded = fields.get("responded")
        if start is not None and responded is not None:
            days = calendar_for(cast(Nation, calendar.nation), calendar.closure_days)
            fields["working_days_from_start"] = days.working_days_between(start, responded)


def _stage_fields(check: Check) -> dict[str, Any]:
    facts = check.facts
    fields: dict[str, Any] = {
        "status": check.status,
        "original_due": _day(facts["due_date"]),
        "due": _day(facts.get("extended_due_date", facts["due_date"])),
        "extensions": len(facts.get("extension_events", ())),
        "extension_past_cap": bool(facts.get("extension_past_cap")),
    }
    if "end_event" in facts:
        fields["responded"] = _day(facts.get("end_date"))
        fields["working_days"] = exact_number(facts.get("working_days_taken"))
    if check.status == "breached":
        fields["working_days_late"] = exact_number(facts.get("working_days_late"))
    return fields


def _day(value: object) -> date | None:
    """A fact's day; a range of days (from a month-only date) is not one day."""
    if isinstance(value, date):
        return value
    if isinstance(value, (str, PartialDate)):
        try:
            day = parse_partial_date(value)
        except ValueError:
            return None
        return day.earliest if day.earliest == day.latest else None
    return None


#: A row as it crosses back from a ``--jobs`` worker: plain tuples, which pickle in about a
#: third of the time the dataclasses take (the runner sends its tallies the same way).
RowItem = tuple[Any, ...]


def pack(row: CaseRow) -> RowItem:
    """``row`` as plain tuples, for :func:`unpack` in another process."""
    tally = row.tally
    return (
        row.source,
        row.location,
        row.case_id,
        row.landlord,
        row.received,
        row.escalated,
        row.ruleset,
        row.finding,
        row.worst_weight,
        row.breaches,
        row.position,
        tuple(_stage_item(stage) for stage in row.stages),
        row.next_deadline,
        row.working_days_left,
        row.overdue,
        row.refusal_grounds,
        row.escalation_refused,
        row.compensation_offered,
        row.compensation_paid,
        row.passthrough,
        row.errors,
        row.unseen_events,
        None
        if tally is None
        else (tally.input_error, tally.finding, tally.breaches, tally.measured),
        row.result,
    )


def unpack(item: RowItem) -> CaseRow:
    """The row :func:`pack` was given."""
    stages, tally = item[11], item[22]
    return CaseRow(
        item[0],
        item[1],
        item[2],
        item[3],
        item[4],
        item[5],
        item[6],
        item[7],
        item[8],
        item[9],
        item[10],
        (StageRow(*stages[0]), StageRow(*stages[1])),
        item[12],
        item[13],
        item[14],
        item[15],
        item[16],
        item[17],
        item[18],
        item[19],
        item[20],
        item[21],
        None if tally is None else Tally(*tally),
        item[23],
    )


def _stage_item(stage: StageRow) -> tuple[Any, ...]:
    return (
        stage.status,
        stage.due,
        stage.original_due,
        stage.responded,
        stage.working_days,
        stage.working_days_late,
        stage.extensions,
        stage.extension_past_cap,
        stage.acknowledgement,
        stage.acknowledgement_recorded,
        stage.working_days_from_start,
    )
