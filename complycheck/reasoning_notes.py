"""Notes the determination's reasoning adds about how the Ombudsman counts (docs/decisions.md
§7 and §11): a one-day delay it usually finds reasonable, and apologies whose quality the
record does not say. They explain the finding; they never change it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .apologies import QUALITIES, apologies_in
from .context import CaseContext
from .determination import answering_responses
from .results import Check
from .rulesets import RuleSpec, Weight

#: what a check's reasoning adds to a stage 1 response one working day late, not chased
ONE_DAY_LATE = (
    "Late by 1 working day (technical): the resident did not chase it, and the Ombudsman "
    "usually finds a one-day delay reasonable (docs/decisions.md §13)."
)


def one_day_late(
    rule: RuleSpec,
    params: Any,
    weights: tuple[Weight, Weight],
    weigh_lo: dict[str, Any],
    weigh_hi: dict[str, Any],
) -> bool:
    """A breach of a stage 1 response deadline by one working day, unchased, and weighed
    technical at both ends (``weights``).

    Read from the weighing facts at both ends of any date range, so it holds only where the
    record establishes it.
    """
    if rule.check != "deadline" or getattr(params, "stage", None) != 1:
        return False
    if weights != ("technical", "technical"):
        return False
    return all(
        facts.get("responded") is True
        and facts.get("late") == 1
        and facts.get("chased") is False
        and facts.get("ombudsman_stepped_in") is False
        for facts in (weigh_lo, weigh_hi)
    )


def with_one_day_late(said: Callable[[], str]) -> str:
    """A check's sentence with :data:`ONE_DAY_LATE` after it."""
    return f"{said()} {ONE_DAY_LATE}"


def one_day_note(checks: list[Check]) -> str:
    named = ", ".join(f"{c.rule} ({c.provision})" for c in checks)
    return (
        f"A one-day delay: {named} came 1 working day late and the resident did not chase. "
        "The Ombudsman usually finds such a delay reasonable (in its Notting Hill Genesis "
        'report, 202225311, it called a stage 1 response in 11 working days "a reasonable '
        'timescale"), so it weighs technical and on its own does not move the finding '
        "(docs/decisions.md §13)."
    )


def apology_notes(ctx: CaseContext, rules: dict[str, RuleSpec], checks: list[Check]) -> list[str]:
    """What the reasoning says of the apologies counted for standing breaches (those of the
    responses that answer each, as step 2 counts them) whose quality is not known."""
    # Breaches of a stage are answered by the same responses: each stage is looked at once,
    # in the order of the checks (the order the responses are named in).
    stages = dict.fromkeys(
        rules[c.rule].redress_from_stage
        for c in checks
        if c.status == "breached" and c.weight != "technical"
    )
    unassessed: dict[int, Any] = {}
    for stage in stages:
        counted, _ = answering_responses(ctx, stage)
        for ev in apologies_in(counted).unassessed:
            unassessed[ev.index] = ev
    if not unassessed:
        return []
    responses = [
        f"the stage {ev.event.stage} response of {ev.date.human()}" for ev in unassessed.values()
    ]
    named = " and ".join(
        [", ".join(responses[:-1]), responses[-1]] if responses[:-1] else responses
    )
    flags = ", ".join(name for name, _ in QUALITIES)
    which = "apology in" if len(responses) == 1 else "apologies in"
    its = "its" if len(responses) == 1 else "their"
    return [
        f"Apology: the {which} {named} counted as apologising; {its} quality was not assessed, "
        f"as the record does not say whether it was specific, from a senior member of staff "
        f"and timely ({flags}; docs/decisions.md §7)."
    ]
