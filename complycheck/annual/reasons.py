"""Why a check was breached, as a short phrase read from its structured facts.

The annual report lists the commonest reasons for breach. They are read from each check's
facts (did the response come late or never; which required item was missing) and from the
ruleset's own labels, never from the reasoning sentence, so the wording of reasoning can
change without changing a count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..results import Check, Span

__all__ = ["breach_reasons", "matching_labels"]


def breach_reasons(check: Check, params: Mapping[str, Any]) -> tuple[str, ...]:
    """The reasons a breached ``check`` was breached; ``params`` are its rule's parameters.

    A check kind with no finer reason gives none: the caller names the duty alone.
    """
    facts = check.facts
    if "due_date" in facts:
        return _deadline(facts, str(params.get("what", "step")))
    if "missing" in facts:
        return tuple(
            f"did not {label}" for label in matching_labels(facts["missing"], _flags(params))
        )
    if "extension_working_days" in facts:
        total = facts["extension_working_days"]
        low = total.lo if isinstance(total, Span) else total
        if isinstance(low, int) and low > facts.get("cap_working_days", low):
            return ("extended past the Code's cap without reasons",)
        return ("the reasons for the extension were not explained",)
    if "not_done_on_time" in facts:
        return ("promised actions not done by the date given",)
    return ()


def _deadline(facts: Mapping[str, Any], what: str) -> tuple[str, ...]:
    if "end_event" in facts:
        reasons = [f"{what} made late"]
    elif "stopped_by_event" in facts:
        reasons = [f"{what} never made before the complaint moved on or ended"]
    else:
        reasons = [f"{what} still not made at the as-of day"]
    if facts.get("extension_past_cap"):
        reasons.append(f"{what} extended past the Code's cap")
    return tuple(reasons)


def _flags(params: Mapping[str, Any]) -> tuple[str, ...]:
    flags = params.get("flags")
    return tuple(str(label) for label in flags.values()) if isinstance(flags, Mapping) else ()


def matching_labels(items: object, labels: tuple[str, ...]) -> tuple[str, ...]:
    """The ruleset ``labels`` named in a flags check's ``missing``/``not_recorded`` list.

    An item is a label, or a label followed by which event it was (``label (that of ...)``)
    when a rule looks at each event apart: either way it is counted under the label.
    """
    if not isinstance(items, (list, tuple)):
        return ()
    named = [str(item) for item in items]
    return tuple(
        label
        for label in labels
        if any(item == label or item.startswith(label + " (") for item in named)
    )
