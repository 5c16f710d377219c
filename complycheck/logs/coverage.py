"""Which steps a wide mapping leaves out, so that no case is read as missing them.

A blank date cell means "this step did not happen" (docs/logs.md). But an export with no
acknowledgement *column* at all says nothing about acknowledgements: read as "never
acknowledged", every complaint would breach the acknowledgement duty, and the cause would
be the export, not the landlord. So every case read with such a mapping carries the step
in its ``not_recorded`` list, and the checks that need it are ``unknown`` ("this log does
not record the stage 1 acknowledgement"); the run also says so once, up front.

:data:`_STEPS` is the table of what a log may leave out, one row a step. A step is *due*
in a row when the row holds one of its ``due_after`` events, and it is looked for only
when the mapping reads one of them (a log with no stage 2 columns has no stage 2
acknowledgement to miss). Two kinds:

- a step the checks look for (acknowledgements, responses, the escalation request): each
  case whose row makes it due records it as not recorded, so its checks are ``unknown``;
- a step no check can be told is missing (stage 2 as a whole, extensions, apologies): the
  case reads as it always did (no stage 2, no extension, an apology "not recorded"), and
  the run and its summary say which step the log does not record and what follows.

The escalation request is recorded as missing only in a row with a stage 2 response or
acknowledgement, where it must have happened: with none it would leave every overdue
stage 1 response ``unknown`` on the rare chance that the resident escalated before it was
due. Withdrawals and refusals are likewise not looked for by column; a cell that says
"Withdrawn" without a date says so itself (:mod:`.wide`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .mapping import Constant, Source, WideMapping

__all__ = ["Unrecorded", "missing_steps", "not_recorded", "step_names"]

#: An event as the table names it: its type and stage as text ("None": no stage), since a
#: mapping file may write ``stage: 1`` or ``stage: "1"``.
_Event = tuple[str, str]

_MAP_IT = (
    "if the system records it, map its column (`complycheck mapping init` lists the "
    "columns it could not place)"
)
_MAP_THEM = (
    "if the system records them, map their columns (`complycheck mapping init` lists the "
    "columns it could not place)"
)


@dataclass(frozen=True, slots=True)
class _Step:
    """A step a log may have no column for (see the module's docstring)."""

    #: how the summary and the warnings name it: "the stage 1 acknowledgement"
    name: str
    #: the mapped events, or stage-response fields, any of which records the step
    recorded_by: tuple[_Event, ...]
    #: the events that make the step due in a row; the mapping must read one of them
    due_after: tuple[_Event, ...]
    #: the ``not_recorded`` entry of each case it is due in; None: the case reads as it is
    entry: dict[str, object] | None
    #: the warning, from "no column" on: ``{name}`` and ``{origin}`` filled in
    warning: str
    #: a field of a stage response (``apology``) that records the step, wherever mapped
    field: str | None = None


_RECEIVED: _Event = ("complaint_received", "None")
_ESCALATED: _Event = ("escalation_requested", "None")
_STAGE_2: tuple[_Event, ...] = (
    _ESCALATED,
    ("stage_response", "2"),
    ("complaint_acknowledged", "2"),
)
_UNKNOWN = (
    "no column gives the date of {name} ({origin}), so the checks that need it are unknown "
    '("this log does not record {name}"), not breached; ' + _MAP_IT
)

_STEPS: tuple[_Step, ...] = (
    _Step(
        "the stage 1 acknowledgement",
        (("complaint_acknowledged", "1"),),
        (_RECEIVED,),
        {"event": "complaint_acknowledged", "stage": 1},
        _UNKNOWN,
    ),
    _Step(
        "the stage 1 response",
        (("stage_response", "1"),),
        (_RECEIVED,),
        {"event": "stage_response", "stage": 1},
        _UNKNOWN,
    ),
    _Step(
        "the escalation request",
        (_ESCALATED,),
        (("stage_response", "2"), ("complaint_acknowledged", "2")),
        {"event": "escalation_requested"},
        _UNKNOWN,
    ),
    _Step(
        "the stage 2 acknowledgement",
        (("complaint_acknowledged", "2"),),
        (_ESCALATED, ("stage_response", "2")),
        {"event": "complaint_acknowledged", "stage": 2},
        _UNKNOWN,
    ),
    _Step(
        "the stage 2 response",
        (("stage_response", "2"),),
        (_ESCALATED,),
        {"event": "stage_response", "stage": 2},
        _UNKNOWN,
    ),
    _Step(
        "stage 2",
        _STAGE_2,
        (_RECEIVED,),
        None,
        "no column gives escalations or stage 2 responses ({origin}), so this log does not "
        "record stage 2: its complaints are checked as if none went to stage 2; " + _MAP_THEM,
    ),
    _Step(
        "extensions",
        (("extension_notified", "1"), ("extension_notified", "2"), ("extension_notified", "None")),
        (_RECEIVED,),
        None,
        "no column records extensions ({origin}), so each response is checked against the "
        "Code's time limit as if no extension was agreed; " + _MAP_THEM,
    ),
    _Step(
        "apologies",
        (),
        (_RECEIVED,),
        None,
        "no column says whether a response apologised ({origin}), so no finding counts an "
        'apology as redress (its reasoning says "apologised: not recorded"); ' + _MAP_IT,
        field="apology",
    ),
)


def _missing(mapping: WideMapping) -> list[_Step]:
    """The steps the mapping has no column (or constant) for although it reads what makes
    them due. An event whose stage comes from a column could be at any stage, so it records
    its type at every stage."""
    mapped = {(event.type, str(_stage(event.fields))) for event in mapping.events}
    any_stage = {event_type for event_type, stage in mapped if stage == "column"}
    fields = {name for event in mapping.events for name, _ in event.fields}
    fields.update(name for name, _ in mapping.final_response)
    return [
        step
        for step in _STEPS
        if not any(event in mapped or event[0] in any_stage for event in step.recorded_by)
        and (step.field is None or step.field not in fields)
        and any(event in mapped for event in step.due_after)
    ]


#: A ``not_recorded`` entry, and the (event type, stage as text) of which a row needs one
#: for the entry to apply to it (a complaint never escalated had no stage 2
#: acknowledgement to record).
Unrecorded = tuple[dict[str, object], frozenset[_Event]]


def not_recorded(mapping: WideMapping) -> list[Unrecorded]:
    """The ``not_recorded`` entries of the cases the mapping reads, with when each applies."""
    return [
        (step.entry, frozenset(step.due_after))
        for step in _missing(mapping)
        if step.entry is not None
    ]


def step_names(mapping: WideMapping) -> list[str]:
    """How the run's summary names the steps the mapping has no column for."""
    return [step.name for step in _missing(mapping)]


def missing_steps(mapping: WideMapping, source: str) -> list[str]:
    """A warning for each step the mapping has no column for (see :func:`_missing`)."""
    return [
        f"{source}: " + step.warning.format(name=step.name, origin=mapping.origin)
        for step in _missing(mapping)
    ]


def _stage(fields: tuple[tuple[str, Source], ...]) -> object:
    """The event's stage: the constant, ``"column"`` when a column gives it, else None."""
    for name, source in fields:
        if name == "stage":
            return source.value if isinstance(source, Constant) else "column"
    return None
