"""Checks on getting into and through the process: escalation without reasons (2024 6.12)
and a complaint treated as a service request (2024 1.5, 2022 1.6)."""

from __future__ import annotations

from typing import Any, ClassVar

from ..context import CaseContext
from ..dates import human_date, human_span
from ..results import Status
from ..rule_params import EscalationParams, Params, ServiceRequestParams
from ..rulesets import RuleSpec
from ..tables import Cmp, Facts, Table
from .base import Derived, Outcome, cite
from .selectors import earliest


class EscalationWithoutReasons:
    """``escalation_without_reasons``: a resident need not give reasons to go to stage 2.

    Only a request made *without* reasons tests the duty: if it was then refused, the
    landlord required reasons; if it went on to stage 2, the duty was met.
    """

    name: ClassVar[str] = "escalation_without_reasons"
    params_model: ClassVar[type[Params]] = EscalationParams
    #: ``reasons`` is "yes", "no" or "unknown" (not recorded on the request).
    table: ClassVar[Table] = (
        ("not_applicable", {"requested": False}),
        ("not_applicable", {"reasons": "yes"}),
        ("met", {"progressed_first": True}),
        ("breached", {"refused": True, "reasons": "no"}),
        ("unknown", {"refused": True}),
        ("pending", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: EscalationParams = params
        request = ctx.first("escalation_requested")
        if request is None:
            return Derived(
                {"requested": False},
                lambda status: Outcome(status, lambda: "The resident did not ask to escalate."),
            )
        given = request.event.reasons_given
        if given is True:
            return Derived(
                {"requested": True, "reasons": "yes"},
                lambda status: Outcome(
                    status,
                    lambda: (
                        f"The escalation request of "
                        f"{request.date.human()} gave reasons, so this duty was not tested."
                    ),
                    events=(request.index,),
                ),
            )
        refused = ctx.first("escalation_refused")
        progressed = earliest(ctx, p.progressed_by)

        def head() -> str:
            without = (
                "without reasons" if given is False else "(whether with reasons is not recorded)"
            )
            return f"The resident asked to escalate on {request.date.human()} {without}"

        def explain(status: Status) -> Outcome:
            if status == "met" and progressed is not None:
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}, and the {progressed[1].label} followed on "
                        f"{progressed[0].date.human()} ({cite(ctx, rule)})."
                    ),
                    events=(request.index, progressed[0].index),
                )
            if status == "breached" and refused is not None:
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}, and the landlord refused to escalate on "
                        f"{refused.date.human()}: residents must not be required to "
                        f"give reasons ({cite(ctx, rule)})."
                    ),
                    events=(request.index, refused.index),
                    breach_on=refused.date.latest,
                )
            if status == "unknown" and refused is not None:
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}; the landlord refused to escalate on "
                        f"{refused.date.human()}, and whether for want of reasons cannot be "
                        "told."
                    ),
                    events=(request.index, refused.index),
                )
            return Outcome(
                status,
                lambda: f"{head()}; stage 2 has not yet been acknowledged or refused.",
                events=(request.index,),
            )

        first = progressed is not None and (
            refused is None or progressed[0].date.earliest <= refused.date.earliest
        )
        return Derived(
            {
                "requested": True,
                "reasons": "no" if given is False else "unknown",
                "progressed_first": first,
                "refused": refused is not None,
            },
            explain,
        )


class ServiceRequestConverted:
    """``service_request_converted``: dissatisfaction treated as a service request must
    still be raised as a complaint; the service request carries on alongside."""

    name: ClassVar[str] = "service_request_converted"
    params_model: ClassVar[type[Params]] = ServiceRequestParams
    #: ``due_lo``/``due_hi``: the day the complaint must be logged by (ordinals) at the
    #: landlord-kindest and harshest ends of a month-only receipt date.
    table: ClassVar[Table] = (
        ("not_applicable", {"requested": False}),
        ("met", {"logged": True}),
        ("not_applicable", {"refused_or_withdrawn": True}),
        ("pending", {"as_of": Cmp("le", 1, "due_hi")}),
        ("unknown", {"as_of": Cmp("le", 1, "due_lo")}),
        ("breached", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: ServiceRequestParams = params
        request = ctx.first("service_request_logged")
        if request is None:
            return Derived(
                {"requested": False},
                lambda status: Outcome(status, lambda: "Nothing was handled as a service request."),
            )
        received = ctx.first("complaint_received")
        logged = earliest(ctx, p.logged_by)
        events = [request.index] + ([received.index] if received else [])

        def head() -> str:
            return (
                f"The resident's dissatisfaction of {received.date.human() if received else '?'} "
                f"was handled as a service request ({request.date.human()})"
            )

        refused = ctx.first("complaint_refused") or ctx.first("complaint_withdrawn")
        decide: Facts = {
            "requested": True,
            "logged": logged is not None,
            "refused_or_withdrawn": refused is not None,
        }
        due_hi = due_lo = ctx.as_of
        if p.within_working_days is not None:
            since = (received or request).date
            cal = ctx.calendar
            due_hi = cal.add_working_days(since.earliest, p.within_working_days)
            due_lo = cal.add_working_days(since.latest, p.within_working_days)
            decide.update(
                as_of=ctx.as_of.toordinal(), due_hi=due_hi.toordinal(), due_lo=due_lo.toordinal()
            )

        def explain(status: Status) -> Outcome:
            if status == "met" and logged is not None:
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}; the {logged[1].label} followed on "
                        f"{logged[0].date.human()} ({cite(ctx, rule)})."
                    ),
                    events=(*events, logged[0].index),
                )
            if status == "not_applicable" and refused is not None:
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}; the complaint was then refused or withdrawn "
                        f"({refused.date.human()})."
                    ),
                    events=(*events, refused.index),
                )
            if status == "pending":
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}; not yet raised as a complaint at {human_date(ctx.as_of)}, but "
                        f"it need not be logged until {human_span(due_hi, due_lo)} "
                        f"({p.within_working_days} working days after receipt, {cite(ctx, rule)})."
                    ),
                    events=tuple(events),
                )
            if status == "unknown":
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}; not yet raised as a complaint at {human_date(ctx.as_of)}, and "
                        f"whether the time to log it ({human_span(due_hi, due_lo)}) has passed "
                        "depends on the day of a month-only date, so this is not decided."
                    ),
                    events=tuple(events),
                )
            return Outcome(
                status,
                lambda: f"{head()} and was never raised as a complaint ({cite(ctx, rule)}).",
                events=tuple(events),
                breach_on=request.date.latest,
            )

        return Derived(decide, explain)
