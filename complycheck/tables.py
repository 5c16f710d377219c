"""Ordered decision tables over flat facts: the one form every decision in a report takes.

A check kind's status, a breach's weight (a weight scale) and the finding (the
determination table) are each chosen by the first row of a table whose conditions all hold
on a flat dict of primitive facts. The built-in engine evaluates the rows here in Python;
the durable engine compiles the same rows to durable-rules rules (``engine/durable``), so
the two engines can only differ in who evaluates a row, never in what a row says.

:func:`holds` is the reference semantics. A table that lives as long as its ruleset (a
tuple: a check kind's table, a weight scale) is also compiled once, by
:func:`compile_table`, into one Python function that reads each fact once and tests the
rows in order; every case then skips re-interpreting the conditions row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


#: A compiled table: the index of the first row that holds on the facts, or -1.
Compiled = Callable[[Facts], int]

_MISSING = object()


def compile_table(rows: Table) -> Compiled:
    """``rows`` as one function with :func:`holds`'s semantics, row for row.

    The generated source holds only names made up here (``v0``, ``E3`` ...) and the
    operators; every fact key, value and bound from the table reaches the function as a
    bound constant, so nothing in a ruleset file is ever evaluated as code.
    """
    constants: dict[str, object] = {"_MISSING": _MISSING, "isinstance": isinstance}
    body: list[str] = []
    slots: dict[str, int] = {}  # fact key -> number of its local

    def slot(key: str) -> int:
        if key not in slots:
            slots[key] = len(slots)
            constants[f"K{slots[key]}"] = key
        return slots[key]

    def number(local: int) -> str:
        # :func:`_number` written out, tested only when a row reaches it: most facts are
        # plain ints or bools, which the first test settles without a call.
        v = f"v{local}"
        return f"(type({v}) is int or (isinstance({v}, int) and type({v}) is not bool))"

    tests_by_row: list[list[str]] = []
    for _, condition in rows:
        tests: list[str] = []
        for key, expected in condition.items():
            local = slot(key)
            name = f"C{len(constants)}"
            if isinstance(expected, Cmp):
                constants[name] = expected.bound
                operator = "<=" if expected.op == "le" else ">"
                if expected.of is None:
                    tests.append(f"{number(local)} and v{local} {operator} {name}")
                else:
                    other = slot(expected.of)
                    tests.append(
                        f"{number(local)} and {number(other)}"
                        f" and v{local} {operator} {name} * v{other}"
                    )
            else:
                constants[name] = expected
                constants[f"T{name}"] = type(expected)
                tests.append(f"type(v{local}) is T{name} and v{local} == {name}")
        tests_by_row.append(tests)
    body.append("    get = facts.get")
    for local in slots.values():
        body.append(f"    v{local} = get(K{local}, _MISSING)")
    for index, tests in enumerate(tests_by_row):
        body.append(f"    if {' and '.join(f'({test})' for test in tests) or 'True'}:")
        body.append(f"        return {index}")
    body.append("    return -1")
    namespace: dict[str, object] = {}
    exec("def first_row(facts):\n" + "\n".join(body), constants, namespace)
    compiled: Compiled = namespace["first_row"]  # type: ignore[assignment]
    return compiled


class PythonDecider:
    """The built-in engine's decider: the first row that holds, evaluated in Python.

    Tables that are tuples are compiled on first use and kept by identity (the cache holds
    the table too, so its id cannot be reused); other tables, such as the finding table a
    ruleset's determination builds afresh per case, are interpreted with :func:`holds`.
    """

    _LIMIT = 1024  # tables compiled before the cache starts over; rulesets bring a dozen

    def __init__(self) -> None:
        self._compiled: dict[int, tuple[Table, Compiled]] = {}

    def choose(self, table_id: str, rows: Table, facts: Facts) -> int:
        if isinstance(rows, tuple):
            entry = self._compiled.get(id(rows))
            if entry is None:
                if len(self._compiled) >= self._LIMIT:
                    self._compiled.clear()
                entry = self._compiled[id(rows)] = (rows, compile_table(rows))
            index = entry[1](facts)
            if index >= 0:
                return index
        else:
            for index, (_, condition) in enumerate(rows):
                if holds(condition, facts):
                    return index
        raise LookupError(f"no row of {table_id} holds for {facts}")
