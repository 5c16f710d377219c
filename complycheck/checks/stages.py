"""Checks on the shape of the process: no informal stage, how many stages, who decided."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, ClassVar

from ..context import CaseContext, Ev
from ..dates import human_date
from ..results import Said, Span, Status
from ..rule_params import DifferentHandlerParams, MaxStagesParams, NoEventParams, Params
from ..rulesets import RuleSpec
from ..tables import Table
from .base import Derived, Outcome, cite
from .selectors import Selector, earliest


class NoEvent:
    """``no_event``: an event the Code forbids (an informal / "stage 0" reply) must not occur.

    docs/decisions.md §5: an informal reply followed by logging the complaint within a working
    day is a *technical* breach; the working days until logging are given to the weight
    scale as ``logged_within`` (0 when the complaint had been logged before the reply).
    """

    name: ClassVar[str] = "no_event"
    params_model: ClassVar[type[Params]] = NoEventParams
    table: ClassVar[Table] = (
        ("met", {"found": False}),
        ("pending", {"logging_open": True}),
        ("breached", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: NoEventParams = params
        found = p.event.find(ctx)
        if not found:
            return Derived(
                {"found": False},
                lambda status: Outcome(
                    status, lambda: f"No {p.event.label} in the timeline ({cite(ctx, rule)})."
                ),
            )
        first = found[0]
        #: what the sentence adds after the informal reply, written with it
        more: Said = str
        facts: dict[str, Any] = {"event_date": str(first.date)}
        events = [ev.index for ev in found]
        weigh: dict[str, Any] = {"logged": False}
        weigh_hi: dict[str, Any] | None = None
        logging_open = False
        logged = earliest(ctx, p.logged_by) if p.logged_by else None
        if logged is not None and logged[0].date.earliest >= first.date.earliest:
            ev, selector = logged
            days = ctx.calendar.working_days_between(first.date.latest, ev.date.earliest)
            weigh = {"logged": True, "logged_within": days}
            facts["logged_within_working_days"] = days
            events.append(ev.index)
            more = partial(_logged_after, selector, ev, days)
        elif logged is not None and logged[0].date.latest <= first.date.earliest:
            # Logged before the informal reply: logged, with no delay (docs/decisions.md §5).
            ev, selector = logged
            weigh = {"logged": True, "logged_within": 0}
            facts["logged_within_working_days"] = 0
            events.append(ev.index)
            more = partial(_logged_before, selector, ev)
        elif logged is not None:
            # A month-only logging that may have come before or after the informal reply.
            ev, selector = logged
            days = ctx.calendar.working_days_between(first.date.earliest, ev.date.latest)
            weigh = {"logged": True, "logged_within": 0}
            weigh_hi = {"logged": True, "logged_within": days}
            facts["logged_within_working_days"] = Span(0, days)
            events.append(ev.index)
            more = partial(_logged_around, selector, ev, days)
        elif p.logged_by:
            log_due = _log_due(ctx, p)
            if log_due is not None and ctx.as_of <= log_due:
                logging_open = True
                more = partial(_not_logged_yet, p.logged_by[0], log_due)
            else:
                more = partial(_never_logged, p.logged_by[0])

        def text() -> str:
            return (
                f"{p.event.label.capitalize()} on {first.date.human()}, which the Code does "
                f"not allow ({cite(ctx, rule)}).{more()}"
            )

        return Derived(
            {"found": True, "logging_open": logging_open},
            lambda status: Outcome(
                status,
                text,
                facts,
                tuple(events),
                weigh,
                weigh_hi or weigh,
                breach_on=first.date.latest,
            ),
        )


def _logged_after(selector: Selector, ev: Ev, days: int) -> str:
    when = "the same day" if days == 0 else f"{days} working day{'s' if days > 1 else ''} later"
    return f" The {selector.label} followed {when} ({ev.date.human()})."


def _logged_before(selector: Selector, ev: Ev) -> str:
    return (
        f" The complaint had already been logged: the {selector.label} came first "
        f"({ev.date.human()})."
    )


def _logged_around(selector: Selector, ev: Ev, days: int) -> str:
    return (
        f" The {selector.label} ({ev.date.human()}) came before it or up to "
        f"{days} working day{'s' if days != 1 else ''} after."
    )


def _not_logged_yet(logged_by: Selector, log_due: date) -> str:
    return (
        f" No {logged_by.label} yet; it is due by {human_date(log_due)}, so "
        "whether the informal reply held up the formal process is not known yet."
    )


def _never_logged(logged_by: Selector) -> str:
    return f" No {logged_by.label} followed."


def _log_due(ctx: CaseContext, p: NoEventParams) -> date | None:
    """The last day the complaint could be logged in time (receipt + ``log_within``)."""
    received = ctx.first("complaint_received")
    if p.log_within is None or received is None:
        return None
    return ctx.calendar.add_working_days(received.date.latest, p.log_within)


class MaxStages:
    """``max_stages``: 2024 never more than two stages; 2022 a third only if both agreed;
    2020 an optional third stage (docs/decisions.md §5)."""

    name: ClassVar[str] = "max_stages"
    params_model: ClassVar[type[Params]] = MaxStagesParams
    table: ClassVar[Table] = (
        ("met", {"beyond_found": False}),
        ("breached", {"beyond": "forbidden"}),
        ("unknown", {"beyond": "needs_agreement"}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: MaxStagesParams = params
        beyond = [
            ev
            for ev in ctx.events
            if ev.stage is not None
            and ev.stage > p.max_stage
            and ev.type in ("stage_response", "complaint_acknowledged", "extension_notified")
        ]
        if not beyond:
            return Derived(
                {"beyond_found": False},
                lambda status: Outcome(
                    status,
                    lambda: (
                        f"The complaint went through no more than {p.max_stage} "
                        f"stages ({cite(ctx, rule)})."
                    ),
                ),
            )
        first = beyond[0]

        def head() -> str:
            noun = Selector(event=first.type, stage=first.stage, label="").noun
            return f"A {noun} on {first.date.human()}"

        events = tuple(ev.index for ev in beyond)

        def explain(status: Status) -> Outcome:
            if status == "breached":
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}: more than {p.max_stage} stages is never acceptable "
                        f"({cite(ctx, rule)})."
                    ),
                    events=events,
                    breach_on=first.date.latest,
                )
            if status == "unknown":
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}: a third stage is allowed only where both sides "
                        f"expressly agreed to it ({cite(ctx, rule)}), and the timeline does "
                        "not record that agreement."
                    ),
                    events=events,
                )
            return Outcome(
                status,
                lambda: f"{head()}: an optional third stage is allowed ({cite(ctx, rule)}).",
                events=events,
            )

        return Derived({"beyond_found": True, "beyond": p.beyond}, explain)


class DifferentHandler:
    """``different_handler``: no one who decides at stage 2 considered stage 1, counting
    whoever wrote a revised response at either stage.

    Every response of each stage counts, not only the first stage 2 response: which of a
    stage's responses is dated first must not decide the check, or a stage 2 response made
    later than its revision could hide that the stage 1 handler decided stage 2.
    """

    name: ClassVar[str] = "different_handler"
    params_model: ClassVar[type[Params]] = DifferentHandlerParams
    table: ClassVar[Table] = (
        ("not_applicable", {"second_found": False}),
        ("breached", {"same_handler": True}),
        ("unknown", {"handlers_known": False}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: DifferentHandlerParams = params
        seconds = ctx.all("stage_response", p.second_stage)
        if not seconds:
            return Derived(
                {"second_found": False},
                lambda status: Outcome(status, lambda: f"No stage {p.second_stage} response yet."),
            )
        firsts = ctx.all("stage_response", p.first_stage)
        events = tuple(ev.index for ev in (*firsts, *seconds))
        ones = [ev.event.handler for ev in firsts]
        twos = [ev.event.handler for ev in seconds]
        one = ones[0] if ones else None
        two = twos[0]
        # The first handler of each stage, then any other who revised that stage's response.
        revisers = [h for h in dict.fromkeys(ones[1:]) if h is not None and h != one]
        second_revisers = [h for h in dict.fromkeys(twos[1:]) if h is not None and h != two]
        handlers = [one, *revisers, two, *second_revisers]
        both = [ev for ev in seconds if ev.event.handler is not None and ev.event.handler in ones]

        def explain(status: Status) -> Outcome:
            if status == "unknown":
                return Outcome(
                    status,
                    lambda: (
                        f"The handler of the stage {p.first_stage} or stage "
                        f"{p.second_stage} response is not recorded, so whether they "
                        f"differ cannot be told ({cite(ctx, rule)})."
                    ),
                    events=events,
                )
            if status == "breached":

                def same_person() -> str:
                    same = both[0].event.handler
                    at_one = (
                        f"decided at stage {p.first_stage}"
                        if same == one
                        else f"revised the stage {p.first_stage} response"
                    )
                    at_two = (
                        f"stage {p.second_stage}"
                        if same == one and same == two
                        else f"decided stage {p.second_stage}"
                        if same == two
                        else f"revised the stage {p.second_stage} response"
                    )
                    return f"The same person ({same}) {at_one} and {at_two} ({cite(ctx, rule)})."

                return Outcome(
                    status,
                    same_person,
                    {"handlers": handlers},
                    events,
                    breach_on=both[0].date.latest,
                )
            return Outcome(
                status,
                lambda: (
                    f"Stage {p.first_stage} was decided by {_revised(one, revisers)} and "
                    f"stage {p.second_stage} by {_revised(two, second_revisers)} "
                    f"({cite(ctx, rule)})."
                ),
                {"handlers": handlers},
                events,
            )

        known = bool(ones) and all(h is not None for h in (*ones, *twos))
        return Derived(
            {"second_found": True, "handlers_known": known, "same_handler": bool(both)},
            explain,
        )


def _revised(handler: str | None, revisers: list[str]) -> str | None:
    return handler if not revisers else f"{handler} (revised by {', '.join(revisers)})"
