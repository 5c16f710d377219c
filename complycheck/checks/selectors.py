"""How a ruleset names events: a type, optionally a stage, and the words reasoning uses."""

from __future__ import annotations

from pydantic import field_validator

from ..context import CaseContext, Ev
from ..models import EVENT_TYPES
from .base import Params


def known_event_type(value: str) -> str:
    if value not in EVENT_TYPES:
        raise ValueError(f"unknown event type {value!r}; expected one of {', '.join(EVENT_TYPES)}")
    return value


class Selector(Params):
    """Events of one type, optionally at one stage, e.g. the stage 1 acknowledgement."""

    event: str
    stage: int | None = None
    label: str

    _check_event = field_validator("event")(known_event_type)

    def find(self, ctx: CaseContext) -> list[Ev]:
        return ctx.all(self.event, self.stage)


def earliest(ctx: CaseContext, selectors: list[Selector]) -> tuple[Ev, Selector] | None:
    """The earliest event any selector matches (input order breaks ties)."""
    best: tuple[Ev, Selector] | None = None
    for selector in selectors:
        for ev in selector.find(ctx):
            if best is None or (ev.date.earliest, ev.index) < (
                best[0].date.earliest,
                best[0].index,
            ):
                best = (ev, selector)
            break
    return best


def dated(label: str, ev: Ev) -> str:
    """A label with the event's date: '{date}' in the label marks where it goes, else 'of'."""
    when = ev.date.human()
    return label.replace("{date}", when) if "{date}" in label else f"{label} of {when}"
