"""What a wide mapping leaves out that will show in every case's result.

A blank or absent date means "this step did not happen" (docs/logs.md). That is right for
a cell, but an export with no acknowledgement *column* at all makes every complaint look
never acknowledged, and every one of them breaches the acknowledgement duty. The cause is
the export, not the landlord, so the run says so once, up front, instead of leaving a
reader to find it in the breach counts.
"""

from __future__ import annotations

from .mapping import Constant, Source, WideMapping

__all__ = ["missing_steps"]

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


def missing_steps(mapping: WideMapping, source: str) -> list[str]:
    """A warning for each acknowledgement the mapping cannot read although it can read
    what makes one due (a stage taken from a column could be any stage: never flagged)."""
    mapped = {(event.type, str(_stage(event.fields))) for event in mapping.events}
    return [
        f"{source}: no column gives the date of {what} ({mapping.origin}), so no complaint "
        "will have one and every rule that looks for it will find a breach; if the system "
        "records it, map its column (`complycheck mapping init` lists the columns it could "
        "not place)"
        for step, due_after, what in _DUTIES
        if step not in mapped
        and (step[0], "column") not in mapped
        and any(event in mapped for event in due_after)
    ]


def _stage(fields: tuple[tuple[str, Source], ...]) -> object:
    """The event's stage: the constant, ``"column"`` when a column gives it, else None."""
    for name, source in fields:
        if name == "stage":
            return source.value if isinstance(source, Constant) else "column"
    return None
