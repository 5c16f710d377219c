"""The extension notices at a stage and the deadline they are measured against.

Two kinds read extension notices against the stage's deadline (``extension_cap``: how far
they move it; ``extension_in_time``: whether each came before it), and both answer alike
when there is no notice or no deadline running, so that start is written once here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..context import CaseContext, Ev
from .base import Derived, Outcome


def notices_and_deadline(
    ctx: CaseContext, stage: int, deadline_rule: str, so: str
) -> Derived | tuple[list[Ev], Any, date, date]:
    """The stage's extension notices, its deadline as ``deadline_rule``'s facts give it
    (a day, or a range for a month-only date), and the earliest and latest day it can be.
    Or, where there is nothing to measure, the kind's answer: no notice, or notices with
    no deadline running (``so`` ends that sentence)."""
    notices = ctx.all("extension_notified", stage)
    if not notices:
        return Derived(
            {"extended": False},
            lambda status: Outcome(status, lambda: f"No extension was notified at stage {stage}."),
        )
    deadline = ctx.outcomes.get(deadline_rule)
    due = deadline.facts.get("due_date") if deadline is not None else None
    if due is None:
        return Derived(
            {"extended": True, "deadline_running": False},
            lambda status: Outcome(
                status,
                lambda: (
                    f"An extension was notified at stage {stage}, but no stage {stage} "
                    f"deadline was running, so {so}."
                ),
                events=tuple(ev.index for ev in notices),
            ),
        )
    if isinstance(due, dict):
        return notices, due, due["earliest"], due["latest"]
    return notices, due, due, due
