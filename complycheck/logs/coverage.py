"""Which steps a wide mapping leaves out, so that no case is read as missing them.

A blank date cell means "this step did not happen" (docs/logs.md). But an export with no
acknowledgement *column* at all says nothing about acknowledgements: read as "never
acknowledged", every complaint would breach the acknowledgement duty, and the cause would
be the export, not the landlord. So every case read with such a mapping carries the step
in its ``not_recorded`` list, and the checks that need it are ``unknown`` ("this log does
not record the stage 1 acknowledgement"); the run also says so once, up front.
"""

from __future__ import annotations

from .mapping import Constant, Source, WideMapping

__all__ = ["Unrecorded", "missing_steps", "not_recorded", "step_names"]

#: (event type, stage) of a step whose absence the Code counts as a breach, the events
#: that show the step was due, and how the warning names it; stages as text, since a
#: mapping file may write ``stage: 1`` or ``stage: "1"``
_DUTIES: tuple[tuple[tuple[str, str], tuple[tuple[str, str], ...], str], ...] = (
    (
        ("complaint_acknowledged", "1"),
        (("complaint_received", "None"),),
        "the stage 1 acknowledgement",
    ),
    (
        ("complaint_acknowledged", "2"),
        (("escalation_requested", "None"), ("stage_response", "2")),
        "the stage 2 acknowledgement",
    ),
)


def _missing(mapping: WideMapping) -> list[tuple[tuple[str, str], str]]:
    """The duties the mapping has no column for although it reads what makes them due (a
    stage taken from a column could be any stage: never counted as missing)."""
    mapped = {(event.type, str(_stage(event.fields))) for event in mapping.events}
    return [
        (step, what)
        for step, due_after, what in _DUTIES
        if step not in mapped
        and (step[0], "column") not in mapped
        and any(event in mapped for event in due_after)
    ]


#: A ``not_recorded`` entry, and the (event type, stage as text) of which a row needs one
#: for the entry to apply to it (a complaint never escalated had no stage 2
#: acknowledgement to record).
Unrecorded = tuple[dict[str, object], frozenset[tuple[str, str]]]


def not_recorded(mapping: WideMapping) -> list[Unrecorded]:
    """The ``not_recorded`` entries of the cases the mapping reads, with when each applies."""
    due = {step: frozenset(after) for step, after, _ in _DUTIES}
    return [
        ({"event": event, "stage": int(stage)}, due[(event, stage)])
        for (event, stage), _ in _missing(mapping)
    ]


def step_names(mapping: WideMapping) -> list[str]:
    """How the run's summary names the steps the mapping has no column for."""
    return [what for _, what in _missing(mapping)]


def missing_steps(mapping: WideMapping, source: str) -> list[str]:
    """A warning for each step the mapping has no column for (see :func:`_missing`)."""
    return [
        f"{source}: no column gives the date of {what} ({mapping.origin}), so the checks "
        f'that need it are unknown ("this log does not record {what}"), not breached; if '
        "the system records it, map its column (`complycheck mapping init` lists the "
        "columns it could not place)"
        for _, what in _missing(mapping)
    ]


def _stage(fields: tuple[tuple[str, Source], ...]) -> object:
    """The event's stage: the constant, ``"column"`` when a column gives it, else None."""
    for name, source in fields:
        if name == "stage":
            return source.value if isinstance(source, Constant) else "column"
    return None
