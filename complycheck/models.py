"""The case contract: a complaint's identity, calendar and timeline of events.

These pydantic models are the single definition of what a user may write (YAML, JSON or a
log row turned into a case) and the source of ``complycheck schema``. Unknown fields and
unknown event types are errors because a typo must never silently change a finding; a
missing optional boolean stays ``None`` (unknown), never ``False``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictBool,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from .bundled import bundled_id, list_rulesets
from .dates import PartialDate, parse_exact_date, parse_partial_date
from .errors import ExpectedValueError, one_of
from .vocabulary import REFUSAL_GROUNDS, RefusalGround
from .workdays import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY, NATIONS, Nation

__all__ = [
    "EVENT_CLASSES",
    "EVENT_TYPES",
    "NATIONS",
    "Case",
    "Event",
    "Nation",
    "NotRecorded",
]

#: The days a case may name: the working-day calendar covers 1990–2060, and a deadline
#: counted from the last day allowed must still fall inside it.
EARLIEST_DATE = FIRST_SUPPORTED_DAY
LATEST_DATE = date(LAST_SUPPORTED_DAY.year - 1, 12, 31)


def within_span(day: date) -> date:
    """Reject a day outside what the calendar can count, as an input error, not a crash."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(
            f"{day.isoformat()} is outside the dates complycheck can count "
            f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
        )
    return day


def _event_date(value: object) -> PartialDate:
    """Read an event date and check its span in one call: a log row has several dates."""
    if type(value) is str:
        return _event_date_text(value)
    return _within_span(parse_partial_date(value))


@lru_cache(maxsize=65536)
def _event_date_text(text: str) -> PartialDate:
    """A log repeats the same few thousand date texts; each is read once (errors not cached)."""
    return _within_span(parse_partial_date(text))


def _within_span(value: PartialDate) -> PartialDate:
    within_span(value.earliest)
    within_span(value.latest)
    return value


EventDate = Annotated[
    PartialDate,
    BeforeValidator(_event_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}(-\d{2}([T ].*|/\d{4}-\d{2}-\d{2})?)?$",
            "description": (
                "YYYY-MM-DD, a datetime (its date is used), YYYY-MM (some day in that month) "
                "or YYYY-MM-DD/YYYY-MM-DD (some day in that span)"
            ),
        }
    ),
]
ExactDate = Annotated[
    date,
    BeforeValidator(parse_exact_date),
    AfterValidator(within_span),
    WithJsonSchema({"type": "string", "format": "date"}),
]


def _whole_number(value: object) -> object:
    """A stage is a whole number: ``true`` or ``1.0`` would pass for 1 in a ``Literal``."""
    if type(value) is not int:
        raise ValueError(f"{value!r} is not a whole number")
    return value


Stage = Annotated[Literal[1, 2], BeforeValidator(_whole_number)]
AnyStage = Annotated[Literal[1, 2, 3], BeforeValidator(_whole_number)]
#: The largest sum of money a case may name, in pounds. It is far above any sum the
#: Ombudsman orders for a complaint (hundreds, at most thousands of pounds), so a larger one
#: is a figure read from the wrong column or typed wrong, and it is refused rather than
#: weighed as redress; it also keeps every sum of amounts a finite, exact float.
LARGEST_AMOUNT = 1_000_000
# Amounts are numbers, never text or true/false ("1e5" or true would read as £100,000 or
# £1); "£inf" would count as redress.
Money = Annotated[float, Field(ge=0, le=LARGEST_AMOUNT, allow_inf_nan=False, strict=True)]


class _Strict(BaseModel):
    # defer_build: each event model's validator would be built on its own at import, and
    # again inside Case's; built once, when the first case is read, start-up is faster.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


#: the fixed grounds of a refusal, as the schema describes them (docs/case-format.md)
_GROUNDS_DESCRIPTION = "Why the landlord refused: " + "; ".join(
    f"{name}: {words}" for name, words in REFUSAL_GROUNDS.items()
)


class _Event(_Strict):
    date: EventDate
    note: str | None = None


class ComplaintReceived(_Event):
    """The resident expressed dissatisfaction that is a complaint."""

    type: Literal["complaint_received"]
    channel: str | None = None
    issues: list[str] | None = None
    #: when the issue complained about occurred, and when the resident became aware of it:
    #: a complaint within 12 months of either must be accepted (Code 2024 2.3)
    issue_date: EventDate | None = Field(
        None, description="When the issue complained about occurred (a day, month or span)."
    )
    aware_date: EventDate | None = Field(
        None, description="When the resident became aware of the issue, if later."
    )


class ServiceRequestLogged(_Event):
    """The landlord treated the dissatisfaction as a service request instead."""

    type: Literal["service_request_logged"]


class InformalResponse(_Event):
    """A quick fix or informal reply outside the formal stages."""

    type: Literal["informal_response"]


class ComplaintAcknowledged(_Event):
    """Acknowledged and logged at a stage."""

    type: Literal["complaint_acknowledged"]
    stage: Stage
    defined: StrictBool | None = None


class ComplaintRefused(_Event):
    """The landlord declined to take the complaint on."""

    type: Literal["complaint_refused"]
    ground: RefusalGround | None = Field(None, description=_GROUNDS_DESCRIPTION)
    reasons_given: StrictBool | None = None
    ombudsman_rights_given: StrictBool | None = None


class ExtensionNotified(_Event):
    """The landlord told the resident it needs longer at a stage."""

    type: Literal["extension_notified"]
    stage: AnyStage
    new_due_date: ExactDate | None = None
    extra_working_days: Annotated[int, Field(ge=1, le=250, strict=True)] | None = None
    reasons_given: StrictBool | None = None
    ombudsman_details_given: StrictBool | None = None
    agreed_with_resident: StrictBool | None = None

    @model_validator(mode="after")
    def _one_length(self) -> ExtensionNotified:
        if (self.new_due_date is None) == (self.extra_working_days is None):
            raise ValueError(
                "an extension needs exactly one of new_due_date (YYYY-MM-DD) "
                "or extra_working_days (a whole number of working days)"
            )
        return self


class HoldingResponse(_Event):
    """An update without a decision."""

    type: Literal["holding_response"]
    stage: AnyStage | None = None


class StageResponse(_Event):
    """The landlord's formal response at a stage (a later one at the same stage is a revision)."""

    type: Literal["stage_response"]
    stage: AnyStage
    handler: str | None = None
    decision: Literal["upheld", "partly_upheld", "not_upheld"] | None = None
    apology: StrictBool | None = None
    #: what the Ombudsman asks of an apology (docs/decisions.md §7); unknown unless recorded
    apology_specific: StrictBool | None = Field(
        None, description="The apology was specific to the failings, not a general one."
    )
    apology_senior: StrictBool | None = Field(
        None, description="The apology came from a suitably senior member of staff."
    )
    apology_timely: StrictBool | None = Field(
        None, description="The apology was made promptly, once the failings were understood."
    )
    compensation_gbp: Money | None = None
    complaint_handling_compensation_gbp: Money | None = None
    acknowledged_delay: StrictBool | None = None
    states_stage: StrictBool | None = None
    states_definition: StrictBool | None = None
    states_decision: StrictBool | None = None
    gives_reasons: StrictBool | None = None
    details_remedy: StrictBool | None = None
    lists_outstanding_actions: StrictBool | None = None
    explains_escalation: StrictBool | None = None


class EscalationRequested(_Event):
    """The resident asked for stage 2."""

    type: Literal["escalation_requested"]
    reasons_given: StrictBool | None = None


class EscalationRefused(_Event):
    """The landlord refused to escalate."""

    type: Literal["escalation_refused"]
    ground: RefusalGround | None = Field(None, description=_GROUNDS_DESCRIPTION)
    reasons_given: StrictBool | None = None
    ombudsman_rights_given: StrictBool | None = None


class ResidentChased(_Event):
    """The resident chased a late response."""

    type: Literal["resident_chased"]
    stage: AnyStage | None = None


class OmbudsmanContacted(_Event):
    """The Ombudsman asked the landlord to act or respond."""

    type: Literal["ombudsman_contacted"]
    stage: AnyStage | None = None


class ActionPromised(_Event):
    """An outstanding action promised in a response."""

    type: Literal["action_promised"]
    id: str
    due_date: ExactDate | None = None
    description: str | None = None


class ActionCompleted(_Event):
    """A promised action done."""

    type: Literal["action_completed"]
    id: str


class ActionUpdate(_Event):
    """The resident was updated on a promised action still outstanding (2022 5.5, 2024 6.6)."""

    type: Literal["action_update"]
    id: str


class RemedyPaid(_Event):
    """Compensation paid."""

    type: Literal["remedy_paid"]
    amount_gbp: Money


class ComplaintWithdrawn(_Event):
    """The resident withdrew the complaint."""

    type: Literal["complaint_withdrawn"]


class ReferredToOmbudsman(_Event):
    """The resident brought the complaint to the Ombudsman."""

    type: Literal["referred_to_ombudsman"]


Event = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads best spelled out
        ComplaintReceived,
        ServiceRequestLogged,
        InformalResponse,
        ComplaintAcknowledged,
        ComplaintRefused,
        ExtensionNotified,
        HoldingResponse,
        StageResponse,
        EscalationRequested,
        EscalationRefused,
        ResidentChased,
        OmbudsmanContacted,
        ActionPromised,
        ActionCompleted,
        ActionUpdate,
        RemedyPaid,
        ComplaintWithdrawn,
        ReferredToOmbudsman,
    ],
    Field(discriminator="type"),
]

EVENT_CLASSES: dict[str, type[_Event]] = {
    "complaint_received": ComplaintReceived,
    "service_request_logged": ServiceRequestLogged,
    "informal_response": InformalResponse,
    "complaint_acknowledged": ComplaintAcknowledged,
    "complaint_refused": ComplaintRefused,
    "extension_notified": ExtensionNotified,
    "holding_response": HoldingResponse,
    "stage_response": StageResponse,
    "escalation_requested": EscalationRequested,
    "escalation_refused": EscalationRefused,
    "resident_chased": ResidentChased,
    "ombudsman_contacted": OmbudsmanContacted,
    "action_promised": ActionPromised,
    "action_completed": ActionCompleted,
    "action_update": ActionUpdate,
    "remedy_paid": RemedyPaid,
    "complaint_withdrawn": ComplaintWithdrawn,
    "referred_to_ombudsman": ReferredToOmbudsman,
}
#: The event vocabulary of the case contract, in the contract's order.
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_CLASSES)
#: Events that may come before the complaint was received: a first report handled as a
#: service request, which the resident then complains about (Code 2024 1.5). Anything else
#: dated before receipt (a response a month before the complaint) is a record that cannot
#: be right, and checked it would be "on time".
_MAY_PRECEDE_RECEIPT = frozenset({"service_request_logged"})


EventType = Literal[
    "complaint_received",
    "service_request_logged",
    "informal_response",
    "complaint_acknowledged",
    "complaint_refused",
    "extension_notified",
    "holding_response",
    "stage_response",
    "escalation_requested",
    "escalation_refused",
    "resident_chased",
    "ombudsman_contacted",
    "action_promised",
    "action_completed",
    "action_update",
    "remedy_paid",
    "complaint_withdrawn",
    "referred_to_ombudsman",
]


class NotRecorded(_Strict):
    """A step the source of the case does not record, so its absence proves nothing.

    An export with no acknowledgement column shows no acknowledgements, but that says
    nothing about whether the landlord acknowledged: the checks that need the step are
    ``unknown`` ("this log does not record the stage 1 acknowledgement") rather than
    breached. ``stage`` narrows it to one stage (every stage when left out); ``note`` says
    what the source did record, shown in the reasoning (a log that says "Withdrawn" where
    a date belongs, without the date of the withdrawal).
    """

    event: EventType
    stage: AnyStage | None = None
    note: str | None = None

    def covers(self, event_type: str, stage: int | None) -> bool:
        """Whether an event of this type at this stage is one the source does not record."""
        return self.event == event_type and (self.stage is None or self.stage == stage)


def _issue_before(index: int, received: ComplaintReceived) -> None:
    """An issue (or awareness of it) dated after the complaint is a record that cannot be
    right, and counted it would put any complaint inside the 12-month limit (2024 2.3)."""
    issue, aware, on = received.issue_date, received.aware_date, received.date
    for name, value in (("issue_date", issue), ("aware_date", aware)):
        if value is not None and value.earliest > on.latest:
            raise ValueError(
                f"events[{index}].{name}: {value} is after the complaint was received ({on}); "
                f"expected a date on or before {on}"
            )
    if issue is not None and aware is not None and aware.latest < issue.earliest:
        raise ValueError(
            f"events[{index}].aware_date: {aware} is before the issue occurred ({issue}); "
            f"expected a date on or after {issue}"
        )


#: The longest case id accepted: a complaint reference, not a paragraph.
MAX_ID_LENGTH = 200


class Case(_Strict):
    """One complaint: identity, calendar, Code edition and timeline."""

    id: Annotated[str, Field(min_length=1, max_length=MAX_ID_LENGTH)]
    landlord: str | None = None
    nation: Nation = "england"
    code: str = "auto"
    closure_days: list[ExactDate] = Field(default_factory=list)
    as_of: ExactDate | None = None
    #: steps the source does not record (docs/case-format.md, "Steps not recorded")
    not_recorded: list[EventType | NotRecorded] = Field(
        default_factory=list,
        description="Steps the source does not record: an event type (every stage), or "
        "{event, stage, note}",
    )
    events: Annotated[list[Event], Field(min_length=1)]

    @property
    def unrecorded(self) -> tuple[NotRecorded, ...]:
        """``not_recorded`` with every short form (a bare event type) written out."""
        return tuple(
            NotRecorded(event=item) if isinstance(item, str) else item for item in self.not_recorded
        )

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        """A YAML ``id: 202225311`` is a number; complaint references are text."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("code", mode="before")
    @classmethod
    def _year_as_text(cls, value: Any) -> Any:
        """``code: 2022``, the edition by its year, is a YAML number."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value

    @field_validator("code")
    @classmethod
    def _bundled_code(cls, value: str) -> str:
        """``auto`` or a bundled edition: a case never chooses its own ruleset file, or it
        could grade itself; a ruleset of one's own is given by the caller (``--ruleset``)."""
        if value == "auto":
            return value
        found = bundled_id(value)
        if found is None:
            raise ExpectedValueError(
                "names no bundled edition of the Code; a ruleset file of your own is given "
                "on the command line (--ruleset FILE), not in the case",
                one_of(value, ["auto", *list_rulesets()]),
            )
        return found

    @model_validator(mode="after")
    def _coherent_timeline(self) -> Case:
        """Reject timelines no landlord record can produce, naming the event at fault."""
        events = self.events
        types = [event.type for event in events]  # read once: this runs for every log row
        if types.count("complaint_received") != 1:
            received = [i for i, type_ in enumerate(types) if type_ == "complaint_received"]
            found = "none" if not received else f"{len(received)} (events {received})"
            raise ValueError(
                f"a case needs exactly one complaint_received event, found {found}; "
                "a further complaint is a case of its own"
            )
        received_index = types.index("complaint_received")
        received_on = events[received_index].date
        _issue_before(received_index, events[received_index])  # type: ignore[arg-type]
        for index, event in enumerate(events):
            if event.date.latest < received_on.earliest and event.type not in _MAY_PRECEDE_RECEIPT:
                raise ValueError(
                    f"events[{index}].date: a {event.type} dated {event.date} is before the "
                    f"complaint was received ({received_on}); every event of a complaint comes "
                    "on or after the day it was received"
                )
        if "stage_response" in types:
            # A stage 2 response with no escalation request is checked, not refused: the
            # landlord may have escalated on its own (2022 5.11) or the record lacks the
            # request, and the rules say which checks that leaves undecided.
            responses = [
                (index, event.stage)
                for index, event in enumerate(events)
                if isinstance(event, StageResponse)
            ]
            stage_two_response = 2 in {stage for _, stage in responses}
            for index, stage in responses:
                if stage == 3 and not stage_two_response:
                    raise ValueError(
                        f"events[{index}]: a stage 3 response needs a stage 2 response before it"
                    )
        for item in self.unrecorded:
            for index, event in enumerate(events):
                if item.covers(event.type, getattr(event, "stage", None)):
                    raise ValueError(
                        f"not_recorded says the source does not record {item.event}"
                        + (f" at stage {item.stage}" if item.stage is not None else "")
                        + f", but events[{index}] is one; remove one of them"
                    )
        if "action_completed" in types or "action_update" in types:
            promised = {e.id for e in events if isinstance(e, ActionPromised)}
            for index, event in enumerate(events):
                if isinstance(event, (ActionCompleted, ActionUpdate)) and event.id not in promised:
                    raise ValueError(
                        f"events[{index}].id: action {event.id!r} was never promised; "
                        "expected the id of an action_promised event"
                    )
        return self
