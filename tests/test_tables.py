"""Compiled decision tables choose exactly the row the reference ``holds`` chooses."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from complycheck.checks import CHECK_KINDS
from complycheck.rule_params import PARAMS
from complycheck.tables import Cmp, Condition, Facts, Primitive, PythonDecider, compile_table, holds

KEYS = ("late", "taken", "limit", "chased", "kind")
primitives = st.one_of(st.booleans(), st.integers(-3, 60), st.sampled_from(["a", "b", ""]))
comparisons = st.builds(
    Cmp, st.sampled_from(["le", "gt"]), st.integers(-2, 40), st.sampled_from([None, *KEYS])
)
conditions = st.dictionaries(st.sampled_from(KEYS), st.one_of(primitives, comparisons), max_size=3)
tables = st.lists(st.tuples(st.sampled_from(["x", "y"]), conditions), min_size=1, max_size=6)
facts_ = st.dictionaries(st.sampled_from(KEYS), primitives)


def reference(rows: list[tuple[str, Condition]], facts: Facts) -> int:
    return next((i for i, (_, condition) in enumerate(rows) if holds(condition, facts)), -1)


@given(tables, facts_)
def test_compiled_table_agrees_with_holds(rows: list[tuple[str, Condition]], facts: Facts) -> None:
    assert compile_table(tuple(rows))(facts) == reference(rows, facts)


def test_compiled_kind_tables_agree_on_their_own_facts() -> None:
    """Every bundled kind table, on facts that make each of its rows the first to hold."""
    decider = PythonDecider()
    for kind in CHECK_KINDS.values():
        table = kind.table
        for _, condition in table:
            facts: dict[str, Primitive] = {
                key: (value.bound if isinstance(value, Cmp) else value)
                for key, value in condition.items()
            }
            facts.update({c.of: 1 for c in condition.values() if isinstance(c, Cmp) and c.of})
            expected = reference(list(table), facts)
            if expected >= 0:
                assert decider.choose("t", table, facts) == expected


def test_every_kind_reads_the_parameters_its_rulesets_are_validated_against() -> None:
    """A ruleset's parameters are validated (rule_params) apart from the kinds that read
    them (checks): the two registries name the same kinds with the same models."""
    assert set(CHECK_KINDS) == set(PARAMS)
    for name, kind in CHECK_KINDS.items():
        assert kind.params_model is PARAMS[name], name
