"""``stage_not_skipped``: a later stage needs the earlier one to have been completed.

Escalating to stage 2 only once stage 1 is complete is a duty of the Code (2022 5.11), and
docs/decisions.md §6 weighs "a stage skipped" as significant: a stage 2 response with no
stage 1 response at all means the resident never had the landlord's first answer.

A stage 1 response dated only after the stage 2 response is ``unknown``, not breached: the
record contradicts itself (a stage skipped, or a date wrong), and only a person can say
which. Weighing it would also let a later stage 2 response (one moved past the stage 1
response) improve the finding; as it is, making any response later never does.

The 2022 Code also escalates only at the resident's request (5.11). With ``requested`` set,
a later stage with no such request before it is ``unknown``, not breached: a landlord
escalating on its own and a request missing from the record look the same in a timeline.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..context import CaseContext, Ev
from ..results import Status
from ..rule_params import Params, StageNotSkippedParams
from ..rulesets import RuleSpec
from ..tables import Facts, Table
from .base import Derived, Outcome, cite
from .selectors import Selector, capital, dated, earliest, unrecorded


class StageNotSkipped:
    name: ClassVar[str] = "stage_not_skipped"
    params_model: ClassVar[type[Params]] = StageNotSkippedParams
    table: ClassVar[Table] = (
        ("not_applicable", {"later_found": False}),
        ("unknown", {"required_found": False, "required_not_recorded": True}),
        ("breached", {"required_found": False}),
        ("unknown", {"required_before": False}),
        ("unknown", {"requested_before": False}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: StageNotSkippedParams = params
        later = earliest(ctx, [p.later])
        if later is None:
            return Derived(
                {"later_found": False},
                lambda status: Outcome(status, lambda: f"No {p.later.noun} in the timeline."),
            )
        later_ev = later[0]
        required_any = p.required.find(ctx)
        required = _before(ctx, p.required, later_ev)
        requested = _before(ctx, p.requested, later_ev) if p.requested else None
        # A source with no column for the earlier stage's step cannot show it was skipped.
        gap = unrecorded(ctx, [p.required]) if not required_any else None

        def explain(status: Status) -> Outcome:
            if status == "met":
                came = [required[0].index]
                if p.requested and requested:
                    came.append(requested[0].index)

                def came_before() -> str:
                    words = dated(p.required.label, required[0])
                    if p.requested and requested:
                        words += f" and {dated(p.requested.label, requested[0])}"
                    return (
                        f"{capital(words)} came before {dated(p.later.label, later_ev)} "
                        f"({cite(ctx, rule)})."
                    )

                return Outcome(
                    status,
                    came_before,
                    events=(*came, later_ev.index),
                )
            if status == "unknown" and gap is not None:
                return Outcome(
                    status,
                    lambda: (
                        f"{capital(dated(p.later.label, later_ev))} is recorded, but {gap}, "
                        f"so whether a stage was skipped is not known ({cite(ctx, rule)})."
                    ),
                    {"not_recorded_step": p.required.noun},
                    (later_ev.index,),
                )
            if status == "unknown" and not required:
                return Outcome(
                    status,
                    lambda: (
                        f"{capital(dated(p.later.label, later_ev))} came before "
                        f"{dated(p.required.label, required_any[0])}: either a stage was skipped "
                        f"or a date is wrong, which the record does not decide ({cite(ctx, rule)})."
                    ),
                    events=(later_ev.index, required_any[0].index),
                )
            if status == "unknown" and p.requested:
                asked = p.requested
                return Outcome(
                    status,
                    lambda: (
                        f"{capital(dated(p.later.label, later_ev))} came with no "
                        f"{asked.noun} before it: either the landlord escalated without "
                        "the resident asking, which the Code does not allow, or the request is "
                        f"not recorded ({cite(ctx, rule)})."
                    ),
                    events=(later_ev.index,),
                )
            return Outcome(
                status,
                lambda: (
                    f"{capital(dated(p.later.label, later_ev))} came with no "
                    f"{p.required.noun} before it: a stage was skipped ({cite(ctx, rule)})."
                ),
                events=(later_ev.index,),
                breach_on=later_ev.date.latest,
            )

        decide: Facts = {
            "later_found": True,
            "required_found": bool(required_any),
            "required_not_recorded": gap is not None,
            "required_before": bool(required),
            "requested_before": requested is None or bool(requested),
        }
        return Derived(decide, explain)


def _before(ctx: CaseContext, selector: Selector, later: Ev) -> list[Ev]:
    """The selector's events that can have come before ``later`` (month-only: either end)."""
    return [ev for ev in selector.find(ctx) if ev.date.earliest <= later.date.latest]
