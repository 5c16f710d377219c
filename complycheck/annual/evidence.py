"""The self-assessment evidence: the Code's provisions in the self-assessment form's layout.

Each provision of the 2024 Code (``provisions-2024.yaml``, paraphrased) gets what the
complaint log shows about it, written from the counts of the rules the 2024 ruleset checks
it with; a provision no rule checks is "not evidenced by the complaint log", since a
policy, a web page or a board paper shows it instead. The commentary column is left for
the landlord.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import yaml

from ..rulesets import RuleSpec, load_ruleset
from .collect import RuleCounts

__all__ = ["NOT_EVIDENCED", "SelfAssessmentRow", "self_assessment"]

NOT_EVIDENCED = "Not evidenced by the complaint log."


@dataclass(frozen=True, slots=True)
class SelfAssessmentRow:
    provision: str
    requirement: str
    confirmed: bool
    #: one sentence per rule that checks the provision; empty: not evidenced by the log
    evidence: tuple[str, ...]


@lru_cache(maxsize=1)
def _provisions() -> tuple[str, tuple[tuple[str, str, bool], ...]]:
    text = files(__package__).joinpath("provisions-2024.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return data["edition"], tuple(
        (str(item["provision"]), str(item["requirement"]), bool(item.get("confirmed", True)))
        for item in data["provisions"]
    )


def self_assessment(
    rules: dict[tuple[str, str], RuleCounts],
) -> tuple[str, list[SelfAssessmentRow]]:
    """The edition assessed and its rows, evidenced from ``rules`` (ruleset, rule) counts."""
    edition, provisions = _provisions()
    ruleset = load_ruleset(edition)
    by_provision: dict[str, list[RuleSpec]] = {}
    for spec in ruleset.spec.rules:
        by_provision.setdefault(spec.provision, []).append(spec)
    rows = []
    for provision, requirement, confirmed in provisions:
        evidence = tuple(
            _evidence(spec, rules.get((edition, spec.id), RuleCounts()))
            for spec in by_provision.get(provision, ())
        )
        rows.append(SelfAssessmentRow(provision, requirement, confirmed, evidence))
    return edition, rows


def _evidence(spec: RuleSpec, counts: RuleCounts) -> str:
    statuses = counts.statuses
    met, breached = statuses["met"], statuses["breached"]
    unknown, pending = statuses["unknown"], statuses["pending"]
    decided = met + breached
    title = _capital(spec.title)
    if not decided + unknown + pending:
        return f"{title}: no complaint in the period where this applied."
    params = spec.params
    parts = []
    if decided and spec.check == "deadline":
        text = (
            f"{met:,} of {decided:,} {params.get('what', 'steps')}s within "
            f"{params.get('days')} working days{_share(met, decided)}"
        )
        if breached:
            text += f"; {breached:,} late"
            median = _median(counts.late)
            if median is not None:
                text += f", median {_days(median)} late"
        parts.append(text)
    elif decided:
        text = f"{title}: met in {met:,} of {decided:,} complaints{_share(met, decided)}"
        parts.append(text + (f"; breached in {breached:,}" if breached else ""))
    else:
        parts.append(title)
    if pending:
        parts.append(f"{pending:,} not yet due")
    if unknown:
        text = f"{unknown:,} not decided from the log"
        labels = counts.not_recorded
        if labels:
            named = ", ".join(
                label if count == unknown else f"{label} ({count:,})"
                for label, count in sorted(labels.items(), key=lambda item: -item[1])
            )
            text += f", which does not record: {named}"
        parts.append(text)
    return (
        parts[0]
        + ("" if len(parts) == 1 else ("; " if decided else ": ") + "; ".join(parts[1:]))
        + "."
    )


def _share(part: int, whole: int) -> str:
    return f" ({part / whole:.1%})" if whole else ""


def _days(value: float) -> str:
    number = f"{value:g}"
    return f"{number} working day" + ("" if value == 1 else "s")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _median(values: Counter[int]) -> float | None:
    """The exact median of counted values (value → how many), without listing them."""
    total = sum(values.values())
    if not total:
        return None
    ranks = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(values):
        seen += values[value]
        while len(found) < 2 and seen > ranks[len(found)]:
            found.append(value)
    return (found[0] + found[1]) / 2
