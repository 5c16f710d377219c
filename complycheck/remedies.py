"""Suggested remedies (docs/decisions.md §7): an apology, compensation, actions — each tied to
the breaches it answers. The compensation bands are data in the ruleset, marked
unconfirmed, because the Ombudsman's band table could not be read word for word."""

from __future__ import annotations

from .context import CaseContext
from .results import Check, Determination, Remedy
from .rulesets import Ruleset


def suggest(
    ctx: CaseContext, ruleset: Ruleset, checks: list[Check], determination: Determination
) -> list[Remedy]:
    spec = ruleset.spec
    breached = [c for c in checks if c.status == "breached"]
    standing = [c for c in breached if c.weight != "technical"]
    remedies: list[Remedy] = []
    rules = tuple(c.rule for c in standing)
    unapologised = [c for c in standing if not _apologised_after(ctx, c.rule)]
    if unapologised:
        titles = "; ".join(c.title.lower() for c in unapologised)
        remedies.append(
            Remedy(
                "apology",
                f"Apologise in writing for the failings: {titles}.",
                tuple(c.rule for c in unapologised),
            )
        )
    offered = _offered(ctx)
    paid = sum(ev.event.amount_gbp for ev in ctx.all("remedy_paid"))
    finding = determination.finding
    band = next((b for b in spec.remedies.bands if b.finding == finding), None)
    unconfirmed = "" if spec.remedies.confirmed else " (band believed, not confirmed)"
    if band is not None and standing:
        top = f"£{band.max_gbp:g}" if band.max_gbp is not None else "more"
        text = f"Compensation of £{band.min_gbp:g}–{top}: {band.text}{unconfirmed}."
        if offered:
            text += f" £{offered:g} has been offered."
        remedies.append(Remedy("compensation", text, rules, band.min_gbp, band.max_gbp))
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


def _apologised_after(ctx: CaseContext, rule_id: str) -> bool:
    """An apology in a response on or after the breach (one before it cannot answer it)."""
    since = ctx.outcomes[rule_id].breach_on
    return any(
        ev.event.apology is True and (since is None or ev.date.earliest >= since)
        for ev in ctx.all("stage_response")
    )


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
