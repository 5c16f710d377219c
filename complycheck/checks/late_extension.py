"""``extension_in_time``: an extension is notified before the deadline it extends.

The 2024 Code's extension (6.4 at stage 1, 6.15 at stage 2) is a notice in writing, with
reasons and a new date, sent within the original timescale (the Ombudsman's residents'
page). A notice after the deadline has passed does not cure the lateness (the response's
``deadline`` rule says so, docs/decisions.md §4); here it is also a breach of its own. The
deadlines are those the ``deadline_rule`` worked out: each notice is measured against the
deadline in force when it came, the one earlier notices in time had moved it to.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal

from ..context import CaseContext, Ev
from ..dates import human_span
from ..results import Status
from ..rule_params import ExtensionInTimeParams, Params
from ..rulesets import RuleSpec
from ..tables import Cmp, Table
from ..workdays import WorkingDayCalendar
from .base import Derived, Outcome, cite
from .notices import notices_and_deadline


class ExtensionInTime:
    name: ClassVar[str] = "extension_in_time"
    params_model: ClassVar[type[Params]] = ExtensionInTimeParams
    table: ClassVar[Table] = (
        ("not_applicable", {"extended": False}),
        ("not_applicable", {"deadline_running": False}),
        ("breached", {"late": Cmp("gt", 0)}),
        ("unknown", {"undecided": Cmp("gt", 0)}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: ExtensionInTimeParams = params
        found = notices_and_deadline(ctx, p.stage, p.deadline_rule, "none could be missed")
        if isinstance(found, Derived):
            return found
        notices, _, first_due, last_due = found
        judged = _in_force(ctx.calendar, notices, first_due, last_due)
        late = [(ev, lo, hi) for ev, lo, hi, verdict in judged if verdict == "late"]
        undecided = [(ev, lo, hi) for ev, lo, hi, verdict in judged if verdict == "maybe"]
        events = tuple(ev.index for ev in notices)

        def explain(status: Status) -> Outcome:
            def text() -> str:
                words = "; ".join(
                    f"the notice of {ev.date.human()} against the deadline of "
                    f"{human_span(hi, lo)}: "
                    + {
                        "late": "after it had passed",
                        "maybe": "before or after it depending on the day of a month-only date",
                        "in_time": "in time",
                    }[verdict]
                    for ev, lo, hi, verdict in judged
                )
                said = f"Stage {p.stage} extensions ({cite(ctx, rule)}): {words}."
                if status == "breached":
                    said += (
                        " An extension is notified within the original timescale; one sent "
                        "after the deadline does not move it (docs/decisions.md §4) and is a "
                        "breach of its own."
                    )
                return said

            facts: dict[str, Any] = {"late_notices": [str(ev.date) for ev, _, _ in late]}
            if status == "breached":
                return Outcome(status, text, facts, events, breach_on=late[0][0].date.latest)
            return Outcome(status, text, facts, events)

        return Derived(
            {
                "extended": True,
                "deadline_running": True,
                "late": len(late),
                "undecided": len(undecided),
            },
            explain,
        )


Verdict = Literal["late", "maybe", "in_time"]


def _in_force(
    cal: WorkingDayCalendar, notices: list[Ev], first_due: date, last_due: date
) -> list[tuple[Ev, date, date, Verdict]]:
    """Each notice with the deadline in force when it came (latest, earliest) and whether it
    came after it; a notice moves the deadline only when it came in time, as the response's
    deadline rule counts it (docs/decisions.md §4)."""
    lo, hi = last_due, first_due  # the landlord-kindest and the harshest deadline
    judged: list[tuple[Ev, date, date, Verdict]] = []
    for ev in notices:
        verdict: Verdict = (
            "late" if ev.date.earliest > lo else "maybe" if ev.date.latest > hi else "in_time"
        )
        judged.append((ev, lo, hi, verdict))
        if verdict == "late":
            continue
        extension = ev.event
        if extension.new_due_date is not None:
            new_lo, new_hi = max(lo, extension.new_due_date), max(hi, extension.new_due_date)
        else:
            new_lo = cal.add_working_days(lo, extension.extra_working_days)
            new_hi = cal.add_working_days(hi, extension.extra_working_days)
        lo, hi = new_lo, (new_hi if verdict == "in_time" else hi)
    return judged
