"""Finding a ruleset's selectors' events in a case, and the words reasoning names them by.

:class:`~complycheck.rule_params.Selector` itself is part of the ruleset's description.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..context import CaseContext, Ev
from ..rule_params import Selector


def earliest(ctx: CaseContext, selectors: list[Selector]) -> tuple[Ev, Selector] | None:
    """The event any selector matches that came first: the one certainly done soonest.

    Events are compared by their last possible day, then their first, then input order.
    For exact dates that is plain date order; a month-only event ("some day in Jun 2024")
    does not displace an exact event that is certainly no later than the month's last day,
    so a known on-time acknowledgement still answers its deadline.
    """
    best: tuple[Ev, Selector] | None = None
    for selector in selectors:
        for ev in selector.find(ctx):
            if best is None or _order(ev) < _order(best[0]):
                best = (ev, selector)
            break
    return best


def _order(ev: Ev) -> tuple[date, date, int]:
    return ev.date.latest, ev.date.earliest, ev.index


def dated(label: str, ev: Ev) -> str:
    """A label with the event's date: '{date}' in the label marks where it goes, else 'of'."""
    when = ev.date.human()
    return label.replace("{date}", when) if "{date}" in label else f"{label} of {when}"


def capital(text: str) -> str:
    """The first letter upper-cased, the rest as written (str.capitalize lowers 'May')."""
    return text[:1].upper() + text[1:]


def unrecorded(ctx: CaseContext, selectors: Sequence[Selector]) -> str | None:
    """Why none of ``selectors`` can be looked for: "this log does not record the stage 1
    acknowledgement", when the case's source says it does not record the first of them."""
    for selector in selectors[:1]:
        item = ctx.not_recorded(selector.event, selector.stage)
        if item is not None:
            note = f" ({item.note})" if item.note else ""
            return f"this log does not record the {selector.noun}{note}"
    return None


__all__ = ["Selector", "capital", "dated", "earliest", "unrecorded"]
