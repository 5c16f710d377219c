"""``refusal_ground``: a refusal to accept or to escalate a complaint rests on a ground the
Code allows.

2024 Code 2.1-2.3: a complaint is accepted unless there is a valid reason, the acceptable
exclusions being an issue more than 12 months old, legal proceedings started and a matter
already considered; a complaint made within 12 months of the issue, or of the resident
becoming aware of it, must be accepted. 2022 Code 5.9: escalation may be refused only on
an exclusion ground. The ground is a fixed word (``complycheck.vocabulary.REFUSAL_GROUNDS``);
one not recorded leaves the check ``unknown``, never breached. A ground whose fairness is a
judgement (an exclusion of the landlord's own policy that the Code does not list) is
``unknown`` too, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from dateutil.relativedelta import relativedelta

from ..context import CaseContext, Ev
from ..dates import PartialDate, human_date
from ..results import Status
from ..rule_params import GroundParams, Params
from ..rulesets import RuleSpec
from ..tables import Cmp, Table
from ..vocabulary import RefusalGround
from .base import Derived, Outcome, cite
from .selectors import capital

Verdict = Literal["allowed", "breached", "undecided"]


@dataclass(frozen=True, slots=True)
class _Judged:
    """One refusal, its verdict and the words that explain it."""

    refusal: Ev
    verdict: Verdict
    words: str


class GroundAllowed:
    name: ClassVar[str] = "refusal_ground"
    params_model: ClassVar[type[Params]] = GroundParams
    table: ClassVar[Table] = (
        ("not_applicable", {"refused": 0}),
        ("breached", {"breached": Cmp("gt", 0)}),
        ("unknown", {"undecided": Cmp("gt", 0)}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: GroundParams = params
        refusals = p.event.find(ctx)
        judged = [_judge(ctx, p, refusal) for refusal in refusals]
        breached = [j for j in judged if j.verdict == "breached"]
        undecided = [j for j in judged if j.verdict == "undecided"]
        events = tuple(j.refusal.index for j in judged)

        def explain(status: Status) -> Outcome:
            if status == "not_applicable":
                return Outcome(status, lambda: f"No {p.event.label} in the timeline.")

            def text() -> str:
                listed = "; ".join(
                    f"the {p.event.label} of {j.refusal.date.human()} {j.words}" for j in judged
                )
                return f"{capital(listed)} ({cite(ctx, rule)})."

            facts: dict[str, Any] = {
                "grounds": [j.refusal.event.ground for j in judged],
                "not_allowed": len(breached),
            }
            if status != "breached":
                return Outcome(status, text, facts, events)
            weigh = {"occurrences": len(breached)}
            return Outcome(
                status,
                text,
                facts,
                events,
                weigh,
                weigh,
                breach_on=breached[0].refusal.date.latest,
            )

        return Derived(
            {"refused": len(judged), "breached": len(breached), "undecided": len(undecided)},
            explain,
        )


def _judge(ctx: CaseContext, p: GroundParams, refusal: Ev) -> _Judged:
    ground: RefusalGround | None = refusal.event.ground
    if ground is None:
        return _Judged(
            refusal,
            "undecided",
            "does not record its ground, so whether it rested on one the Code allows is not known",
        )
    said = f"rested on the ground '{ground}'"
    if ground == "out_of_time" and p.time_limit_months is not None:
        return _time_limit(ctx, p.time_limit_months, refusal, said)
    if ground in p.allowed:
        return _Judged(refusal, "allowed", f"{said}, a ground the Code allows")
    if ground in p.judged:
        return _Judged(
            refusal,
            "undecided",
            f"{said}; whether that exclusion is fair and reasonable is a judgement for a person",
        )
    return _Judged(refusal, "breached", f"{said}, which is not a ground the Code allows")


def _time_limit(ctx: CaseContext, months: int, refusal: Ev, said: str) -> _Judged:
    """A complaint within ``months`` of the issue, or of the resident becoming aware of it,
    must be accepted: out of time only when both had passed (docs/decisions.md §14)."""
    received = ctx.first("complaint_received")
    event = received.event if received is not None else None
    issue: PartialDate | None = getattr(event, "issue_date", None)
    aware: PartialDate | None = getattr(event, "aware_date", None)
    if received is None or (issue is None and aware is None):
        return _Judged(
            refusal,
            "undecided",
            f"{said}, but neither when the issue occurred nor when the resident became aware "
            "of it is recorded (issue_date, aware_date), so whether the complaint was out of "
            "time is not known",
        )
    on = received.date
    marks = [
        (name, day, _within(day, on, months))
        for name, day in (("issue", issue), ("aware", aware))
        if day is not None
    ]
    inside = next(((name, day) for name, day, within in marks if within == "yes"), None)
    if inside is not None:
        name, day = inside
        what = "the issue occurred" if name == "issue" else "the resident became aware of it"
        return _Judged(
            refusal,
            "breached",
            f"{said}, but the complaint of {on.human()} came within {months} months of when "
            f"{what} ({day.human()}, so in time until {_limit_words(day, months)}), and such "
            "a complaint must be accepted",
        )
    if any(within == "maybe" for _, _, within in marks):
        return _Judged(
            refusal,
            "undecided",
            f"{said}; whether the complaint of {on.human()} came within {months} months "
            "depends on the day of a month-only date, so this is not decided",
        )
    if aware is None:
        return _Judged(
            refusal,
            "undecided",
            f"{said}: the complaint of {on.human()} came more than {months} months after the "
            f"issue ({issue.human() if issue else '?'}), but when the resident became aware of "
            "it is not recorded (aware_date), so whether it was out of time is not known",
        )
    return _Judged(
        refusal,
        "allowed",
        f"{said}: the complaint of {on.human()} came more than {months} months after the "
        + (f"issue ({issue.human()}) and after " if issue is not None else "")
        + f"the resident became aware of it ({aware.human()}), a ground the Code allows",
    )


def _within(day: PartialDate, received: PartialDate, months: int) -> Literal["yes", "no", "maybe"]:
    """Whether a complaint received on ``received`` came within ``months`` of ``day``: the
    day the months run out is still in time (docs/decisions.md §14)."""
    if received.latest <= _plus(day.earliest, months):
        return "yes"
    if received.earliest > _plus(day.latest, months):
        return "no"
    return "maybe"


def _plus(day: date, months: int) -> date:
    moved: date = day + relativedelta(months=months)
    return moved


def _limit_words(day: PartialDate, months: int) -> str:
    first, last = _plus(day.earliest, months), _plus(day.latest, months)
    return (
        human_date(first) if first == last else f"some day {human_date(first)}–{human_date(last)}"
    )
