"""What a rule of each check kind may say in a ruleset file: the kinds' parameters.

A ruleset describes; the kinds (:mod:`complycheck.checks`) compute. The parameters are part
of the description, so they live here, beside :mod:`.rulesets`, which validates every
rule's parameters against :data:`PARAMS` when the file is loaded: a bad ruleset fails
before any case is checked. Nothing here evaluates a case, and nothing from a file is ever
evaluated as code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .models import EVENT_CLASSES, EVENT_TYPES
from .vocabulary import RefusalGround

if TYPE_CHECKING:
    from .context import CaseContext, Ev


class Params(BaseModel):
    """Base of every kind's parameters: unknown keys in a ruleset are load-time errors."""

    # built when a ruleset first uses the kind: a run uses only its rulesets' kinds
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def known_event_type(value: str) -> str:
    if value not in EVENT_TYPES:
        raise ValueError(f"unknown event type {value!r}; expected one of {', '.join(EVENT_TYPES)}")
    return value


#: How a sentence names an event of each type ("No escalation request in the timeline").
_NOUNS = {
    "complaint_received": "complaint",
    "complaint_acknowledged": "acknowledgement",
    "complaint_refused": "refusal to accept the complaint",
    "extension_notified": "extension notice",
    "escalation_requested": "escalation request",
    "escalation_refused": "refusal to escalate",
    "stage_response": "response",
    "resident_chased": "chaser",
    "ombudsman_contacted": "contact from the Ombudsman",
    "complaint_withdrawn": "withdrawal",
    "referred_to_ombudsman": "referral to the Ombudsman",
}


class Selector(Params):
    """Events of one type, optionally at one stage, e.g. the stage 1 acknowledgement."""

    event: str
    stage: int | None = None
    label: str

    _check_event = field_validator("event")(known_event_type)

    def find(self, ctx: CaseContext) -> list[Ev]:
        return ctx.all(self.event, self.stage)

    @property
    def noun(self) -> str:
        """The event as a plain noun phrase, e.g. 'escalation request', 'stage 2 response'."""
        words = _NOUNS.get(self.event, self.event.replace("_", " "))
        return f"stage {self.stage} {words}" if self.stage is not None else words


class Anchor(Selector):
    """A clock start: an event, optionally moved on by some working days."""

    plus_working_days: int = Field(default=0, ge=0)


class DeadlineParams(Params):
    what: str
    days: int = Field(ge=1)
    start: list[Anchor] = Field(min_length=1)
    end: list[Selector] = Field(min_length=1)
    stage: int | None = None
    extensions: bool = False
    #: The Code's cap on extensions at this stage, in working days past the original
    #: deadline (docs/decisions.md §4). An extension beyond it moves the deadline only as far as
    #: the cap when no reasons were given; with reasons (or none recorded) the deadline past
    #: the cap is a range, since whether the reason was good is a judgement for a person.
    extension_cap: int | None = Field(default=None, ge=1)
    #: When the source does not record the first ``start`` event (no acknowledgement
    #: column) and a fallback starts the clock: the first came within this many working
    #: days of the fallback's event (its own ``plus_working_days`` when larger), so the
    #: clock starts somewhere in that range.
    first_start_within: int = Field(default=0, ge=0)
    stopped_by: list[str] = Field(default_factory=list)
    #: Events after which the awaited one can no longer come in its own right (a stage
    #: response sent with no acknowledgement): the duty is then broken even if in time.
    overtaken_by: list[Selector] = Field(default_factory=list)
    measures: str | None = None

    _check_stops = field_validator("stopped_by")(
        lambda values: [known_event_type(value) for value in values]
    )


class NoEventParams(Params):
    event: Selector
    logged_by: list[Selector] = Field(default_factory=list)
    #: working days after receipt by which the complaint must be logged: until then an
    #: informal reply not yet followed by logging cannot be weighed, so it is pending
    log_within: int | None = Field(default=None, ge=1)


class MaxStagesParams(Params):
    max_stage: int = 2
    beyond: Literal["forbidden", "needs_agreement", "allowed"]


class DifferentHandlerParams(Params):
    first_stage: int = 1
    second_stage: int = 2


class EscalationParams(Params):
    progressed_by: list[Selector] = Field(min_length=1)


class ServiceRequestParams(Params):
    logged_by: list[Selector] = Field(min_length=1)
    #: Working days after receipt within which the complaint must be logged (the stage 1
    #: acknowledgement limit): before then, a service request not yet converted is pending.
    within_working_days: int | None = Field(default=None, ge=1)


class ExtensionCapParams(Params):
    stage: int
    cap: int = Field(ge=1)
    deadline_rule: str
    reasons_required: bool = True
    mention_agreement: bool = False


class FlagsParams(Params):
    event: Selector
    flags: dict[str, str] = Field(min_length=1)
    combine: Literal["any_event", "each_event"] = "any_event"

    @model_validator(mode="after")
    def _flags_exist(self) -> FlagsParams:
        fields = EVENT_CLASSES[self.event.event].model_fields
        for flag in self.flags:
            if flag not in fields:
                raise ValueError(f"{self.event.event} has no field {flag!r}")
        return self


class StageNotSkippedParams(Params):
    later: Selector
    required: Selector
    requested: Selector | None = None


class ActionsParams(Params):
    """No parameters: every promised action in the timeline is checked."""


class ActionUpdatesParams(Params):
    interval_working_days: int = Field(ge=1)


#: the events that carry a ``ground``
REFUSALS = ("complaint_refused", "escalation_refused")


class GroundParams(Params):
    event: Selector
    #: grounds that meet the duty
    allowed: list[RefusalGround] = Field(min_length=1)
    #: grounds the Code neither allows nor forbids outright: whether they were fair is a
    #: judgement for a person, so a refusal on one is ``unknown``
    judged: list[RefusalGround] = Field(default_factory=list)
    #: the ``out_of_time`` ground is checked against ``complaint_received.issue_date`` and
    #: ``aware_date``: a complaint within this many months of either must be accepted
    time_limit_months: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _refusal_event(self) -> GroundParams:
        if self.event.event not in REFUSALS:
            raise ValueError(f"event must be one of {', '.join(REFUSALS)}")
        return self


class KeptInformedParams(Params):
    stage: int
    deadline_rule: str
    what: str


class ExtensionInTimeParams(Params):
    stage: int
    deadline_rule: str


#: Each check kind's parameters, by the kind's name (what a rule's ``check:`` says).
PARAMS: dict[str, type[Params]] = {
    "deadline": DeadlineParams,
    "extension_cap": ExtensionCapParams,
    "flags_required": FlagsParams,
    "no_event": NoEventParams,
    "max_stages": MaxStagesParams,
    "different_handler": DifferentHandlerParams,
    "escalation_without_reasons": EscalationParams,
    "service_request_converted": ServiceRequestParams,
    "actions_completed": ActionsParams,
    "stage_not_skipped": StageNotSkippedParams,
    "refusal_ground": GroundParams,
    "kept_informed": KeptInformedParams,
    "action_updates": ActionUpdatesParams,
    "extension_in_time": ExtensionInTimeParams,
}
