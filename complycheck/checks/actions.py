"""``actions_completed``: what a response promised is done by the date it gave.

The Code asks that a remedy offer say what will happen and by when, and that the landlord
follow it through (2024 7.3, 2022 6.5). The timeline records promises as
``action_promised`` (with ``due_date``) and their completion as ``action_completed``.
A promise with no recorded due date cannot be judged late: it makes the check ``unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from ..context import CaseContext, Ev
from ..dates import human_date
from ..results import Status
from ..rule_params import ActionsParams, Params
from ..rulesets import RuleSpec
from ..tables import Cmp, Table
from .base import Derived, Outcome, cite


@dataclass(frozen=True, slots=True)
class _Promise:
    """One promised action and what became of it by the as-of date."""

    promised: Ev
    done: Ev | None
    due: date | None
    #: working days past the due date at completion (or at the as-of date if not done),
    #: at the latest possible completion day; ``late_at_least`` at the earliest (they
    #: differ only for a completion known by month)
    late: int | None
    late_at_least: int | None

    @classmethod
    def of(cls, promised: Ev, done: Ev | None, ctx: CaseContext) -> _Promise:
        due = promised.event.due_date
        if due is None:
            return cls(promised, done, None, None, None)
        count = ctx.calendar.working_days_between
        if done is None:
            late = count(due, ctx.as_of)
            return cls(promised, done, due, late, late)
        return cls(
            promised, done, due, count(due, done.date.latest), count(due, done.date.earliest)
        )

    @property
    def failed(self) -> bool:
        return bool(self.late_at_least)

    @property
    def undecided(self) -> bool:
        """Done some day in a month that straddles the due date: late or not is open."""
        return not self.late_at_least and bool(self.late)

    @property
    def open(self) -> bool:
        return self.done is None and self.due is not None and not self.late

    def words(self, as_of: date) -> str:
        event = self.promised.event
        what = f"action {event.id!r}" + (f" ({event.description})" if event.description else "")
        done = f"completed on {self.done.date.human()}" if self.done else "not completed"
        if self.due is None:
            return f"{what}, promised on {self.promised.date.human()}, {done}; no due date recorded"
        due = f"{what}, due {human_date(self.due)}"
        if self.done is None and not self.late:
            return f"{due}, not yet completed at {human_date(as_of)} and not yet overdue"
        if self.done is None:
            return f"{due}, not completed at {human_date(as_of)}: {self.late} working days overdue"
        if self.undecided:
            return f"{due}, {done}: on time or up to {self.late} working days late"
        if not self.late:
            verdict = "on time"
        elif self.late_at_least != self.late:
            verdict = f"between {self.late_at_least} and {self.late} working days late"
        else:
            verdict = f"{self.late} working day{'s' if self.late != 1 else ''} late"
        return f"{due}, {done} ({verdict})"


class ActionsCompleted:
    name: ClassVar[str] = "actions_completed"
    params_model: ClassVar[type[Params]] = ActionsParams
    table: ClassVar[Table] = (
        ("not_applicable", {"promised": 0}),
        ("breached", {"failed": Cmp("gt", 0)}),
        ("unknown", {"undated": Cmp("gt", 0)}),
        ("unknown", {"undecided": Cmp("gt", 0)}),
        ("pending", {"open": Cmp("gt", 0)}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        done = {ev.event.id: ev for ev in ctx.all("action_completed")}
        promises = [
            _Promise.of(ev, done.get(ev.event.id), ctx) for ev in ctx.all("action_promised")
        ]
        as_of = ctx.as_of
        failed = [p for p in promises if p.failed]
        events = tuple(
            index
            for p in promises
            for index in (p.promised.index, *((p.done.index,) if p.done else ()))
        )

        def explain(status: Status) -> Outcome:
            if status == "not_applicable":
                return Outcome(status, lambda: "No action was promised in a response.")

            def text() -> str:
                listed = "; ".join(p.words(as_of) for p in promises)
                return f"Promised actions ({cite(ctx, rule)}): {listed}."

            facts = {"actions": len(promises), "not_done_on_time": len(failed)}
            if status != "breached":
                return Outcome(status, text, facts, events)
            all_done = all(p.done is not None for p in failed)
            weigh = {"responded": all_done}
            first_due = min(p.due for p in failed if p.due is not None)
            return Outcome(status, text, facts, events, weigh, weigh, breach_on=first_due)

        return Derived(
            {
                "promised": len(promises),
                "failed": len(failed),
                "undated": sum(1 for p in promises if p.due is None),
                "undecided": sum(1 for p in promises if p.undecided),
                "open": sum(1 for p in promises if p.open),
            },
            explain,
        )
