"""Ordered decision tables over flat facts: the one form every decision in a report takes.

A check kind's status, a breach's weight (a weight scale) and the finding (the
determination table) are each chosen by the first row of a table whose conditions all hold
on a flat dict of primitive facts. The built-in engine evaluates the rows here in Python;
the durable engine compiles the same rows to durable-rules rules (``engines/durable``), so
the two engines can only differ in who evaluates a row, never in what a row says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

#: A fact the tables read: a bool, an int (dates as ordinals) or a string.
Primitive = bool | int | str
Facts = dict[str, Primitive]


@dataclass(frozen=True, slots=True)
class Cmp:
    """A comparison: ``fact <op> bound``, or with ``of``, ``fact <op> bound × facts[of]``."""

    op: Literal["le", "gt"]
    bound: int = 1
    of: str | None = None


#: All must hold: ``key: value`` is equality (bools and strings), ``key: Cmp`` a comparison.
#: A condition on a fact that is absent (or not a number, for ``Cmp``) does not hold.
Condition = dict[str, Primitive | Cmp]
#: Rows in order; the first whose condition holds decides. The label is what it decides.
Table = Sequence[tuple[str, Condition]]


class Decider(Protocol):
    """Chooses a table row for some facts: the only thing the engines do differently."""

    def choose(self, table_id: str, rows: Table, facts: Facts) -> int: ...


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def holds(condition: Condition, facts: Facts) -> bool:
    """Whether every part of ``condition`` holds on ``facts`` (the reference semantics)."""
    for key, expected in condition.items():
        if key not in facts:
            return False
        value = facts[key]
        if isinstance(expected, Cmp):
            number = _number(value)
            bound = expected.bound
            if expected.of is not None:
                other = _number(facts.get(expected.of))
                if other is None:
                    return False
                bound *= other
            if number is None or not (number <= bound if expected.op == "le" else number > bound):
                return False
        elif type(value) is not type(expected) or value != expected:
            return False
    return True


class PythonDecider:
    """The built-in engine's decider: the first row that holds, evaluated in Python."""

    def choose(self, table_id: str, rows: Table, facts: Facts) -> int:
        for index, (_, condition) in enumerate(rows):
            if holds(condition, facts):
                return index
        raise LookupError(f"no row of {table_id} holds for {facts}")
