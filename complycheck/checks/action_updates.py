"""``action_updates``: a resident waiting on a promised action is updated on it.

The Code asks that outstanding actions be tracked and the resident updated on them, not
only told when they are done (2022 5.5 "with regular updates"; 2024 6.6 and 6.17). It
gives no interval, so the ruleset does (``interval_working_days``, docs/decisions.md §14):
from the promise to completion, or to the as-of date while the action is outstanding, no
stretch longer than that passes without an ``action_update`` for the action. Whether
the action was done on time is ``actions_completed``'s question, not this one. A source
that does not record updates leaves the check ``unknown``, never breached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any, ClassVar

from ..context import CaseContext, Ev
from ..dates import PartialDate, human_date
from ..results import Status
from ..rule_params import ActionUpdatesParams, Params
from ..rulesets import RuleSpec
from ..tables import Cmp, Table
from .base import Derived, Outcome, cite


@dataclass(frozen=True, slots=True)
class _Silence:
    """The longest stretch without word on one action, in working days at each end of any
    month-only date (``least``: the landlord-kindest reading)."""

    promised: Ev
    least: int
    most: int
    since: str
    until: str
    #: how long the action was outstanding in all, at the longest reading
    outstanding: int


class ActionUpdates:
    name: ClassVar[str] = "action_updates"
    params_model: ClassVar[type[Params]] = ActionUpdatesParams
    table: ClassVar[Table] = (
        ("not_applicable", {"promised": 0}),
        ("not_applicable", {"long": 0}),
        ("unknown", {"not_recorded": True}),
        ("breached", {"silent": Cmp("gt", 0)}),
        ("unknown", {"undecided": Cmp("gt", 0)}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: ActionUpdatesParams = params
        limit = p.interval_working_days
        promised = ctx.all("action_promised")
        silences = [_longest(ctx, ev) for ev in promised]
        long = [s for s in silences if s.outstanding > limit]
        silent = [s for s in long if s.least > limit]
        undecided = [s for s in long if s.least <= limit < s.most]
        gap = ctx.not_recorded("action_update")
        updates = ctx.all("action_update")
        # A case that records no update on any action is silent about them rather than
        # proof that none was given (docs/decisions.md §14): unknown, never breached.
        silent_case = gap is None and not updates
        events = tuple(ev.index for ev in (*promised, *updates))

        def explain(status: Status) -> Outcome:
            if status == "not_applicable":
                if not promised:
                    return Outcome(status, lambda: "No action was promised in a response.")
                return Outcome(
                    status,
                    lambda: (
                        f"No promised action was outstanding for more than {limit} working "
                        "days, so no update on one was due."
                    ),
                    events=events,
                )
            facts: dict[str, Any] = {
                "interval_working_days": limit,
                "longest_without_update": max(s.least for s in long),
            }
            if status == "unknown" and (gap is not None or silent_case):
                note = f" ({gap.note})" if gap is not None and gap.note else ""
                why = (
                    f"this log does not record updates on actions{note}"
                    if gap is not None
                    else "the case records no update on any action (action_update), and "
                    "docs/decisions.md §14 reads that as silence, not as no update"
                )
                return Outcome(
                    status,
                    lambda: (
                        f"{_listed(long)}; {why}, so whether the resident was updated is not "
                        f"known ({cite(ctx, rule)})."
                    ),
                    facts,
                    events,
                )
            if status == "unknown":
                return Outcome(
                    status,
                    lambda: (
                        f"{_listed(undecided)}; more than {limit} working days or not depending "
                        f"on the day of a month-only date, so not decided ({cite(ctx, rule)})."
                    ),
                    facts,
                    events,
                )
            if status == "met":
                return Outcome(
                    status,
                    lambda: (
                        f"Every action outstanding for more than {limit} working days had an "
                        f"update at least every {limit} working days ({cite(ctx, rule)})."
                    ),
                    facts,
                    events,
                )
            return Outcome(
                status,
                lambda: (
                    f"{_listed(silent)}: longer than {limit} working days without an update "
                    f"(the interval docs/decisions.md §14 takes for the Code's regular updates, "
                    f"{cite(ctx, rule)}). Whether the action itself was done on time is checked "
                    "on its own."
                ),
                facts,
                events,
                breach_on=silent[0].promised.date.latest,
            )

        return Derived(
            {
                "promised": len(promised),
                "long": len(long),
                "silent": len(silent),
                "undecided": len(undecided),
                "not_recorded": gap is not None or silent_case,
            },
            explain,
        )


def _longest(ctx: CaseContext, promise: Ev) -> _Silence:
    """The longest stretch from the promise, through each update, to completion (or the
    as-of date while outstanding)."""
    action = promise.event.id
    updates = [ev.date for ev in ctx.all("action_update") if ev.event.id == action]
    done = next((ev for ev in ctx.all("action_completed") if ev.event.id == action), None)
    end = done.date if done is not None else PartialDate.of_day(ctx.as_of)
    points = [promise.date, *sorted(updates, key=lambda d: d.earliest), end]
    count = ctx.calendar.working_days_between
    outstanding = _most(count, promise.date, end)
    best = _Silence(promise, 0, 0, "", "", outstanding)
    for before, after in pairwise(points):
        least = count(before.latest, after.earliest) if after.earliest > before.latest else 0
        most = _most(count, before, after)
        if most > best.most:
            until = _end_words(after, done, ctx.as_of)
            best = _Silence(promise, least, most, before.human(), until, outstanding)
    return best


def _most(count: Callable[[date, date], int], before: PartialDate, after: PartialDate) -> int:
    return count(before.earliest, after.latest) if after.latest > before.earliest else 0


def _end_words(day: PartialDate, done: Ev | None, as_of: date) -> str:
    if done is not None and day == done.date:
        return f"its completion on {day.human()}"
    if day.exact and day.earliest == as_of and done is None:
        return f"{human_date(as_of)}, still outstanding"
    return day.human()


def _listed(silences: list[_Silence]) -> str:
    parts = []
    for s in silences:
        event = s.promised.event
        what = f"action {event.id!r}" + (f" ({event.description})" if event.description else "")
        span = str(s.least) if s.least == s.most else f"{s.least} to {s.most}"
        parts.append(f"{what}: {span} working days without an update, from {s.since} to {s.until}")
    return "Promised " + "; ".join(parts)
