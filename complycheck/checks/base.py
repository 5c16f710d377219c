"""What every check kind shares: the outcome it returns and the registry it joins.

A ruleset file can only *name* a kind and give it parameters; the kinds are the small,
tested vocabulary written in Python. Nothing from a file is ever evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Protocol

from ..context import CaseContext
from ..results import Said, Status
from ..rule_params import Params
from ..rulesets import RuleSpec
from ..tables import Facts, Table


@dataclass(slots=True)
class Outcome:
    """A kind's verdict before the engine attaches the rule's identity and weight: facts,
    worked out now, and the sentence, written only when an output reads it.

    ``reasoning`` is the kind's writer for this outcome (a function of no arguments that
    returns the sentence, closing over the facts it words): evaluation never writes text.

    ``weigh_facts`` are the facts the weight scales read, at the end of a date range most
    favourable to the landlord (``lo``) and least favourable (``hi``); they are equal when
    every date is exact. ``breach_on`` is when the duty was broken, as the reasoning of
    step 2 gives it; which responses' redress answers the breach goes by stage, not by this
    date (docs/output.md).
    """

    status: Status
    reasoning: Said
    facts: dict[str, Any] = field(default_factory=dict)
    events: tuple[int, ...] = ()
    weigh_lo: dict[str, Any] = field(default_factory=dict)
    weigh_hi: dict[str, Any] = field(default_factory=dict)
    breach_on: date | None = None


@dataclass(slots=True)
class Derived:
    """What a kind works out before any decision: the flat facts its status table reads,
    and how to write up the outcome once an engine has chosen the status from them."""

    facts: Facts
    explain: Callable[[Status], Outcome]


class CheckKind(Protocol):
    """A named kind of check: its parameters, its status table and its pure derivation.

    The status is never chosen in the kind's Python code but by ``table`` (first matching
    row), so the built-in and durable engines decide from the same data.
    """

    name: ClassVar[str]
    params_model: ClassVar[type[Params]]
    table: ClassVar[Table]

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived: ...


def cite(ctx: CaseContext, rule: RuleSpec) -> str:
    """'Code 2022, 5.13' — the provision as reasoning quotes it."""
    return f"Code {ctx.edition}, {rule.provision}"


def join_sentences(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)
