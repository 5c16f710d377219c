"""``stage_not_skipped``: a later stage needs the earlier one to have been completed.

Escalating to stage 2 only once stage 1 is complete is a duty of the Code (2022 5.11), and
decisions.md §6 weighs "a stage skipped" as significant: a stage 2 response with no stage 1
response before it means the resident never had the landlord's first answer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..context import CaseContext
from ..results import Status
from ..rulesets import RuleSpec
from ..tables import Table
from .base import Derived, Outcome, Params, cite
from .selectors import Selector, capital, dated, earliest


class StageNotSkippedParams(Params):
    later: Selector
    required: Selector


class StageNotSkipped:
    name: ClassVar[str] = "stage_not_skipped"
    params_model: ClassVar[type[Params]] = StageNotSkippedParams
    table: ClassVar[Table] = (
        ("not_applicable", {"later_found": False}),
        ("met", {"required_before": True}),
        ("breached", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: StageNotSkippedParams = params
        later = earliest(ctx, [p.later])
        if later is None:
            return Derived(
                {"later_found": False},
                lambda status: Outcome(status, f"No {p.later.noun} in the timeline."),
            )
        later_ev = later[0]
        required = [ev for ev in p.required.find(ctx) if ev.date.earliest <= later_ev.date.latest]

        def explain(status: Status) -> Outcome:
            if status == "met":
                return Outcome(
                    status,
                    f"{capital(dated(p.required.label, required[0]))} came before "
                    f"{dated(p.later.label, later_ev)} ({cite(ctx, rule)}).",
                    events=(required[0].index, later_ev.index),
                )
            return Outcome(
                status,
                f"{capital(dated(p.later.label, later_ev))} came with no "
                f"{p.required.noun} before it: a stage was skipped ({cite(ctx, rule)}).",
                events=(later_ev.index,),
                breach_on=later_ev.date.latest,
            )

        return Derived({"later_found": True, "required_before": bool(required)}, explain)
