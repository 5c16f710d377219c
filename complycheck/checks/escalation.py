"""Checks on getting into and through the process: escalation without reasons (2024 6.12)
and a complaint treated as a service request (2024 1.5, 2022 1.6)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from ..context import CaseContext
from ..rulesets import RuleSpec
from .base import Outcome, Params, cite
from .selectors import Selector, earliest


class EscalationParams(Params):
    progressed_by: list[Selector] = Field(min_length=1)


class EscalationWithoutReasons:
    """``escalation_without_reasons``: a resident need not give reasons to go to stage 2.

    Only a request made *without* reasons tests the duty: if it was then refused, the
    landlord required reasons; if it went on to stage 2, the duty was met.
    """

    name: ClassVar[str] = "escalation_without_reasons"
    params_model: ClassVar[type[Params]] = EscalationParams

    def run(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Outcome:
        p: EscalationParams = params
        request = ctx.first("escalation_requested")
        if request is None:
            return Outcome("not_applicable", "The resident did not ask to escalate.")
        if request.event.reasons_given is True:
            return Outcome(
                "not_applicable",
                f"The escalation request of "
                f"{request.date.human()} gave reasons, so this duty was not tested.",
                events=(request.index,),
            )
        refused = ctx.first("escalation_refused")
        progressed = earliest(ctx, p.progressed_by)
        without = (
            "without reasons"
            if request.event.reasons_given is False
            else "(whether with reasons is not recorded)"
        )
        head = f"The resident asked to escalate on {request.date.human()} {without}"
        if progressed is not None and (
            refused is None or progressed[0].date.earliest <= refused.date.earliest
        ):
            return Outcome(
                "met",
                f"{head}, and the {progressed[1].label} followed on "
                f"{progressed[0].date.human()} ({cite(ctx, rule)}).",
                events=(request.index, progressed[0].index),
            )
        if refused is not None:
            if request.event.reasons_given is False:
                return Outcome(
                    "breached",
                    f"{head}, and the landlord refused to escalate on "
                    f"{refused.date.human()}: residents must not be required to "
                    f"give reasons ({cite(ctx, rule)}).",
                    events=(request.index, refused.index),
                    breach_on=refused.date.latest,
                )
            return Outcome(
                "unknown",
                f"{head}; the landlord refused to escalate on "
                f"{refused.date.human()}, and whether for want of reasons cannot be "
                "told.",
                events=(request.index, refused.index),
            )
        return Outcome(
            "pending",
            f"{head}; stage 2 has not yet been acknowledged or refused.",
            events=(request.index,),
        )


class ServiceRequestParams(Params):
    logged_by: list[Selector] = Field(min_length=1)


class ServiceRequestConverted:
    """``service_request_converted``: dissatisfaction treated as a service request must
    still be raised as a complaint; the service request carries on alongside."""

    name: ClassVar[str] = "service_request_converted"
    params_model: ClassVar[type[Params]] = ServiceRequestParams

    def run(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Outcome:
        p: ServiceRequestParams = params
        request = ctx.first("service_request_logged")
        if request is None:
            return Outcome("not_applicable", "Nothing was handled as a service request.")
        received = ctx.first("complaint_received")
        logged = earliest(ctx, p.logged_by)
        events = [request.index] + ([received.index] if received else [])
        head = (
            f"The resident's dissatisfaction of {received.date.human() if received else '?'} "
            f"was handled as a service request ({request.date.human()})"
        )
        if logged is not None:
            return Outcome(
                "met",
                f"{head}; the {logged[1].label} followed on "
                f"{logged[0].date.human()} ({cite(ctx, rule)}).",
                events=(*events, logged[0].index),
            )
        refused = ctx.first("complaint_refused") or ctx.first("complaint_withdrawn")
        if refused is not None:
            return Outcome(
                "not_applicable",
                f"{head}; the complaint was then refused or withdrawn ({refused.date.human()}).",
                events=(*events, refused.index),
            )
        return Outcome(
            "breached",
            f"{head} and was never raised as a complaint ({cite(ctx, rule)}).",
            events=tuple(events),
            breach_on=request.date.latest,
        )
