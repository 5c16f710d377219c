"""Step 1 of the determination (docs/decisions.md §6): how heavy is each breach?

A weight scale in a ruleset is a list of rows; the first row whose conditions all hold
gives the weight. Conditions are a fixed vocabulary of named predicates over the facts a
check kind reports (``late``, ``taken``, ``limit``, ``chased`` ...), so thresholds are data
and nothing in a file is evaluated as code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, Protocol

from .tables import Cmp, Condition, Decider, Facts, Primitive
from .vocabulary import WEIGHTS, Weight


def _is(key: str) -> Callable[[Any], tuple[str, Primitive | Cmp]]:
    return lambda expected: (key, bool(expected))


def _at_most(key: str) -> Callable[[Any], tuple[str, Primitive | Cmp]]:
    return lambda bound: (key, Cmp("le", bound))


def _at_least(key: str) -> Callable[[Any], tuple[str, Primitive | Cmp]]:
    return lambda bound: (key, Cmp("gt", bound - 1))


def _more_than_limit_times(key: str) -> Callable[[Any], tuple[str, Primitive | Cmp]]:
    return lambda times: (key, Cmp("gt", times, "limit"))


#: condition name → (its part of a table condition, the type its parameter must have,
#: what it means). The named vocabulary compiles to :mod:`tables` conditions, which both
#: engines evaluate.
CONDITIONS: dict[str, tuple[Callable[[Any], tuple[str, Primitive | Cmp]], type, str]] = {
    "responded": (_is("responded"), bool, "the awaited event happened at all"),
    "chased": (_is("chased"), bool, "the resident chased before it came"),
    "ombudsman_stepped_in": (_is("ombudsman_stepped_in"), bool, "the Ombudsman had to step in"),
    "logged": (_is("logged"), bool, "the complaint was logged after the informal reply"),
    "late_at_most": (_at_most("late"), int, "working days late ≤ N"),
    "occurrences_at_least": (
        _at_least("occurrences"),
        int,
        "the failing event happened at least N times (e.g. repeated refusals)",
    ),
    "logged_within_at_most": (_at_most("logged_within"), int, "logged within ≤ N working days"),
    "late_more_than_limit_times": (
        _more_than_limit_times("late"),
        int,
        "working days late > N × the limit",
    ),
    "taken_more_than_limit_times": (
        _more_than_limit_times("taken"),
        int,
        "working days taken > N × the limit",
    ),
}


class WeightRow(Protocol):
    """A row of a weight scale as a ruleset gives it (:class:`~complycheck.rulesets.WeightRow`):
    the first row whose named conditions all hold gives the weight."""

    @property
    def weight(self) -> Weight: ...

    @property
    def when(self) -> dict[str, Any]: ...


def row_condition(when: dict[str, Any]) -> Condition:
    """A weight row's named conditions as one table condition (one test per fact)."""
    condition: Condition = {}
    for name, value in when.items():
        key, test = CONDITIONS[name][0](value)
        if key in condition:
            raise ValueError(f"condition {name!r} tests {key!r} a second time in the same row")
        condition[key] = test
    return condition


def validate_conditions(when: dict[str, Any]) -> None:
    """Load-time check of a weight row's conditions: known names, right parameter types."""
    for name, value in when.items():
        if name not in CONDITIONS:
            raise ValueError(f"unknown condition {name!r}; known: {', '.join(CONDITIONS)}")
        expected = CONDITIONS[name][1]
        if type(value) is not expected:
            raise ValueError(f"condition {name!r} takes a {expected.__name__}, got {value!r}")
    row_condition(when)


def scale_table(rows: Sequence[WeightRow]) -> tuple[tuple[str, Condition], ...]:
    """A weight scale as a decision table: first matching row gives the weight."""
    return tuple((row.weight, row_condition(row.when)) for row in rows)


#: scale rows (by identity; the entry keeps them alive) → their table, built once per scale
_SCALE_TABLES: dict[int, tuple[Sequence[WeightRow], tuple[tuple[str, Condition], ...]]] = {}


def _scale_table_of(rows: Sequence[WeightRow]) -> tuple[tuple[str, Condition], ...]:
    """:func:`scale_table`, once per ruleset's scale: the same tuple lets a decider compile it."""
    entry = _SCALE_TABLES.get(id(rows))
    if entry is None:
        if len(_SCALE_TABLES) >= 1024:
            _SCALE_TABLES.clear()
        entry = _SCALE_TABLES[id(rows)] = (rows, scale_table(rows))
    return entry[1]


def weigh(
    fixed_or_scale: str,
    scales: Mapping[str, Sequence[WeightRow]],
    facts: dict[str, Any],
    decider: Decider,
) -> tuple[Weight, Callable[[], str]]:
    """The weight of one breach, and the writer of why: a fixed weight (nothing to say), or
    the first matching scale row (its conditions, with the figures)."""
    if fixed_or_scale in WEIGHTS:
        return fixed_or_scale, str
    rows = scales[fixed_or_scale]
    flat: Facts = {key: value for key, value in facts.items() if isinstance(value, (bool, int))}
    row = rows[decider.choose(f"weight:{fixed_or_scale}", _scale_table_of(rows), flat)]
    return row.weight, partial(describe, row.when, facts)


_PHRASES = {
    "chased": ("the resident had to chase", "the resident did not chase"),
    "ombudsman_stepped_in": ("the Ombudsman had to step in", "the Ombudsman did not step in"),
    "logged": ("the complaint was then logged", "the complaint was never logged"),
}


def describe(when: dict[str, Any], facts: dict[str, Any]) -> str:
    """The matched row in words, with figures: 'more than 2× the limit taken (42 against 20)'."""
    words = []
    for name, value in when.items():
        if name == "responded":
            words.append("a response came" if value else "no response at all")
        elif name in _PHRASES:
            words.append(_PHRASES[name][0 if value else 1])
        elif name == "late_at_most":
            words.append(f"no more than {value} working days late ({facts.get('late')})")
        elif name == "occurrences_at_least":
            words.append(f"it happened {facts.get('occurrences')} times (at least {value})")
        elif name == "logged_within_at_most":
            words.append(f"logged within {value} working day{'s' if value != 1 else ''}")
        else:
            key = "late" if name.startswith("late") else "taken"
            words.append(
                f"more than {value}× the limit {key} "
                f"({facts.get(key)} working days against {facts.get('limit')})"
            )
    return "; ".join(words)


def heavier(a: Weight | None, b: Weight | None) -> Weight | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if WEIGHTS.index(a) >= WEIGHTS.index(b) else b
