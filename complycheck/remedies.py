"""Suggested remedies (docs/decisions.md §7): an apology, compensation, actions — each tied to
the breaches it answers.

Compensation comes from the remedies guidance edition applied (:mod:`.guidance`), as a band
that follows the impact on the resident — the heaviest weight that stands and the longest
delay — not the finding's name; the finding is shown beside it. The bands stay marked
unconfirmed until the Ombudsman's table has been read word for word.
"""

from __future__ import annotations

from .apologies import Apologies, apologies_in
from .context import CaseContext
from .determination import answering_responses
from .guidance import Band, Guidance
from .results import Check, Determination, Remedy, Span
from .rulesets import Ruleset, RuleSpec

#: what the Ombudsman asks of an apology, in the words a remedy uses
MEANINGFUL = (
    "make it a meaningful apology: specific to these failings, from a senior member of "
    "staff, and made promptly"
)


def suggest(
    ctx: CaseContext,
    ruleset: Ruleset,
    guidance: Guidance,
    checks: list[Check],
    determination: Determination,
) -> list[Remedy]:
    breached = [c for c in checks if c.status == "breached"]
    if not breached:
        return []
    standing = [c for c in breached if c.weight != "technical"]
    remedies = _apologies(ctx, ruleset.rules, standing) if standing else []
    rules = tuple(c.rule for c in standing)
    offered = _offered(ctx)
    paid = sum(ev.event.amount_gbp for ev in ctx.all("remedy_paid"))
    late = _longest_delay(standing)
    band = _band(guidance, standing, determination, late)
    if band is not None:
        text = _band_words(guidance, band, late, determination)
        if offered:
            text += f" {_money(offered)} has been offered."
        remedies.append(
            Remedy("compensation", text, rules, band.min_gbp, band.max_gbp, band=band.id)
        )
    if offered and paid < offered and standing:
        remedies.append(
            Remedy(
                "compensation",
                f"Pay the £{offered:g} compensation offered, if not already paid"
                + (f" (£{paid:g} recorded as paid)." if paid else " (no payment recorded)."),
                rules,
                offered,
                offered,
            )
        )
    for check in breached:  # a technical breach still earns its lesson (e.g. staff training)
        action = ruleset.rules[check.rule].action
        if action:
            remedies.append(Remedy("action", action, (check.rule,)))
    return remedies


def _apologies(ctx: CaseContext, rules: dict[str, RuleSpec], standing: list[Check]) -> list[Remedy]:
    """A meaningful apology for every standing breach none answered, or answered poorly."""
    unapologised: list[Check] = []
    wanting: dict[str, list[Check]] = {}
    by_stage: dict[int | None, Apologies] = {}  # breaches of a stage share their answers
    for check in standing:
        stage = rules[check.rule].redress_from_stage
        seen = by_stage.get(stage)
        if seen is None:
            # One made after the referral to the Ombudsman is not redress (step 2), but it
            # was made: the resident is not asked for a second one unless it was poor.
            counted, after_referral = answering_responses(ctx, stage)
            seen = by_stage[stage] = apologies_in([*counted, *after_referral])
        if not seen.given:
            unapologised.append(check)
        elif seen.lacking:
            wanting.setdefault(seen.lacking, []).append(check)
    remedies = []
    if unapologised:
        titles = "; ".join(c.title.lower() for c in unapologised)
        remedies.append(
            Remedy(
                "apology",
                f"Apologise in writing for the failings: {titles}; {MEANINGFUL}.",
                tuple(c.rule for c in unapologised),
            )
        )
    for lacking, answered in wanting.items():
        titles = "; ".join(c.title.lower() for c in answered)
        remedies.append(
            Remedy(
                "apology",
                f"Apologise again for the failings: {titles}: the apology given was "
                f"{lacking}; {MEANINGFUL}.",
                tuple(c.rule for c in answered),
            )
        )
    return remedies


def _band(
    guidance: Guidance, standing: list[Check], determination: Determination, late: int
) -> Band | None:
    """The guidance band for the impact (``late``: the longest delay), where the finding is
    one that earns compensation."""
    spec = guidance.spec
    weight = determination.worst_weight
    if not standing or weight is None or determination.finding not in spec.compensation_for:
        return None
    return spec.pick(weight, late)


def _band_words(guidance: Guidance, band: Band, late: int, determination: Determination) -> str:
    spec = guidance.spec
    if band.max_gbp is None:
        top = f"band from {_money(band.min_gbp)} (no ceiling)"
    else:
        top = f"{_money(band.min_gbp)}–{_money(band.max_gbp)} band"
    delay = f", longest delay {late} working day{'s' if late != 1 else ''}" if late else ""
    believed = "" if spec.confirmed else "; band believed, not confirmed: the table was not read"
    return (
        f"Compensation in the {top}, for {band.impact}: picked by the impact (heaviest "
        f"weight {determination.worst_weight}{delay}; indicative finding "
        f"{determination.finding.replace('_', ' ')}), under the {spec.edition}{believed}."
    )


def _longest_delay(standing: list[Check]) -> int:
    """The most working days late among the standing breaches, as the record establishes."""
    longest = 0
    for check in standing:
        late = check.facts.get("working_days_late")
        if isinstance(late, Span):
            late = late.lo
        if isinstance(late, int):
            longest = max(longest, late)
    return longest


def _money(amount: float | None) -> str:
    if amount is None:
        return ""
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def _offered(ctx: CaseContext) -> float:
    """Total compensation offered: each stage's latest stated figure, added across stages."""
    offers: dict[int, float] = {}
    for ev in ctx.all("stage_response"):
        response = ev.event
        amount = response.compensation_gbp
        if amount is None:
            amount = response.complaint_handling_compensation_gbp
        if amount is not None:
            offers[response.stage] = amount
    return float(sum(offers.values()))
