"""The durable engine: every decision table of a ruleset compiled to durable-rules rules.

Facts are derived in Python exactly as for the built-in engine; each decision (a check's
status, a weight-scale row, the finding) is then posted as ONE flat fact carrying its
table id, and the durable rule that fires names the row. One fact per decision, not one
per case, because durable-rules 2.0.28 runs a single action per posted fact when several
rules match: that is exactly first-match-wins when row *i* gets salience ``pri = i``
(lower runs first). Conditions are single-fact (``$and`` of attribute tests), never joins
or timers, which have crashed this version.

Each engine instance has a private ``Host`` (durable rulesets register globally by name and
cannot be redefined); a ruleset is compiled once per (id, sha256); each case is one
session (``sid`` = case id) deleted in a ``finally``, so live sessions never approach
durable's limit of 1,024 per ruleset.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..checks import CHECK_KINDS
from ..determination import finding_table
from ..errors import DurableRuleError, EngineUnavailableError
from ..models import Case
from ..rulesets import Ruleset
from ..tables import Cmp, Condition, Facts, Primitive, Table
from ..weighing import scale_table

_TABLE = "table_id"


def decision_tables(ruleset: Ruleset) -> list[tuple[str, Table]]:
    """Every table a case under ``ruleset`` is decided by, with the ids the engines use."""
    spec = ruleset.spec
    tables: list[tuple[str, Table]] = [
        (f"status:{rule.id}", CHECK_KINDS[rule.check].table) for rule in spec.rules
    ]
    tables += [(f"weight:{name}", scale_table(rows)) for name, rows in spec.weight_scales.items()]
    tables.append(("finding", finding_table(spec.determination)))
    return tables


def _test(key: str, expected: Primitive | Cmp) -> dict[str, Any]:
    if not isinstance(expected, Cmp):
        return {key: expected}
    operator = "$lte" if expected.op == "le" else "$gt"
    if expected.of is None:
        return {operator: {key: expected.bound}}
    bound = {"$mul": {"$l": {"$m": expected.of}, "$r": expected.bound}}
    return {operator: {key: bound}}


def _expression(table_id: str, condition: Condition) -> dict[str, Any]:
    tests = [{_TABLE: table_id}] + [_test(key, value) for key, value in condition.items()]
    return {"$and": tests}


def compile_tables(tables: list[tuple[str, Table]]) -> tuple[dict[str, Any], dict[str, int]]:
    """durable-rules JSON for the tables, and each durable rule's row index in its table."""
    rules: dict[str, Any] = {}
    rows: dict[str, int] = {}
    for table_id, table in tables:
        for index, (_, condition) in enumerate(table):
            name = f"{table_id}#{index}"
            rules[name] = {
                "pri": index,
                "all": [{"m": _expression(table_id, condition)}],
                "run": name,
            }
            rows[name] = index
    return rules, rows


class _Decider:
    """Posts one decision fact into the case's session and reads the row that fired."""

    def __init__(self, engine: DurableEngine, ruleset_name: str, sid: str) -> None:
        self._engine = engine
        self._ruleset = ruleset_name
        self._sid = sid

    def choose(self, table_id: str, rows: Table, facts: Facts) -> int:
        return self._engine.post(self._ruleset, self._sid, table_id, facts)


class DurableEngine:
    name = "durable"

    def __init__(self, durable_engine_module: Any) -> None:
        module = durable_engine_module
        self._not_handled: type[Exception] = module.MessageNotHandledException
        self._rows: dict[str, int] = {}
        self._fired: list[str] = []
        self._compiled: dict[tuple[str, str], str] = {}
        fired = self._fired

        class _Host(module.Host):  # type: ignore[misc,name-defined]
            """Actions only record which rule fired; the Python side reads it back."""

            def get_action(self, action_name: str) -> Any:
                return lambda _context: fired.append(action_name)

        self._host = _Host()

    @contextmanager
    def session(self, ruleset: Ruleset, case: Case) -> Iterator[_Decider]:
        """The case's own durable session, deleted when its report is done."""
        name = self._compile(ruleset)
        try:
            yield _Decider(self, name, case.id)
        finally:
            self._host.delete_state(name, case.id)

    def _compile(self, ruleset: Ruleset) -> str:
        key = (ruleset.id, ruleset.sha256)
        if key not in self._compiled:
            name = f"{ruleset.id}-{ruleset.sha256[:16]}"
            rules, rows = compile_tables(decision_tables(ruleset))
            self._host.set_rulesets({name: rules})
            self._rows.update({f"{name}/{rule}": index for rule, index in rows.items()})
            self._compiled[key] = name
        return self._compiled[key]

    def post(self, ruleset_name: str, sid: str, table_id: str, facts: Facts) -> int:
        """One decision: post the flat fact, return the index of the row whose rule fired."""
        self._fired.clear()
        try:
            state = self._host.post(ruleset_name, {"sid": sid, _TABLE: table_id, **facts})
        except self._not_handled as exc:
            raise DurableRuleError(f"no rule matched the facts {facts}", rule_id=table_id) from exc
        if isinstance(state, dict) and "exception" in state:
            raise DurableRuleError(str(state["exception"]), rule_id=table_id)
        if len(self._fired) != 1:
            raise DurableRuleError(
                f"expected one rule to fire for {facts}, got {self._fired}", rule_id=table_id
            )
        return self._rows[f"{ruleset_name}/{self._fired[0]}"]


_ENGINE: list[DurableEngine] = []


def durable_engine() -> DurableEngine:
    """The process's durable engine, created on first use (durable-rules imported then)."""
    if not _ENGINE:
        try:
            import durable.engine as module
        except ImportError as exc:
            raise EngineUnavailableError(
                f"the durable engine needs durable-rules 2.0.28 (pip install "
                f"'complycheck[durable]', CPython < 3.13), which cannot be imported on Python "
                f"{sys.version.split()[0]}: {exc}. Use the built-in engine instead "
                "(--engine builtin, the default)."
            ) from exc
        _ENGINE.append(DurableEngine(module))
    return _ENGINE[0]
