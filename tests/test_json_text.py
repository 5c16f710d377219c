"""The JSON text the results write themselves is byte for byte what ``json.dumps`` writes."""

from __future__ import annotations

import enum
import json
import math
from datetime import date
from typing import Any

import pytest
from cases import EXAMPLES_AS_OF, example_cases, synthetic_cases
from hypothesis import given
from hypothesis import strategies as st

from complycheck.engine import check
from complycheck.json_text import WORDS, array, string, value
from complycheck.results import CaseResult, Check, Remedy, Span


def dumps(item: Any) -> str:
    return json.dumps(item, ensure_ascii=False)


# every character class the encoder treats apart: quotes, backslashes, control characters,
# non-Latin-1 text and characters outside the Basic Multilingual Plane
TEXT = st.text(st.sampled_from('a"\\\n\t\x00\x1f\x7f£→—😀 ') | st.characters())
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(TEXT, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(JSON)
def test_value_is_what_json_dumps_writes(item: Any) -> None:
    assert value(item) == dumps(item)


@given(st.lists(JSON, max_size=5))
def test_array_is_what_json_dumps_writes(items: list[Any]) -> None:
    assert array(items) == dumps(items)


@given(TEXT)
def test_strings_escaped_as_json_dumps_does(text: str) -> None:
    assert string(text) == WORDS[text] == dumps(text)


class Level(enum.IntEnum):
    HIGH = 3


class Name(str):
    pass


def test_subclasses_and_special_floats_as_json_dumps_writes_them() -> None:
    for item in (Level.HIGH, Name("x"), math.nan, -math.inf, -0.0, 1e300, [Level.HIGH]):
        assert value(item) == dumps(item)


def test_other_objects_fail_as_in_json_dumps() -> None:
    with pytest.raises(TypeError):
        value(object())


def test_words_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("complycheck.json_text._WORDS_LIMIT", 3)
    WORDS.clear()
    for text in "abcdefg":
        assert WORDS[text] == f'"{text}"'
    assert len(WORDS) <= 3


def canonical(text: str) -> str:
    """What ``json.dumps`` writes for the value ``text`` holds."""
    return dumps(json.loads(text))


@pytest.mark.parametrize(
    ("name", "case"), example_cases() + synthetic_cases(40, seed=3), ids=lambda v: str(v)
)
def test_reports_write_the_json_of_their_dict(name: str, case: Any) -> None:
    report = check(case, as_of=None if case.as_of else EXAMPLES_AS_OF)
    text = report.to_json()
    assert text == canonical(text)
    assert report.to_dict() == json.loads(text)
    result = CaseResult("log.csv", "row 2", "other id", report=report)
    assert json.loads(result.to_json()) == {
        "source": "log.csv",
        "location": "row 2",
        **report.to_dict(),
        "errors": [],
    }


def test_facts_in_their_contract_form() -> None:
    facts = {
        "due_date": date(2023, 1, 12),
        "taken": Span(3, 3),
        "late": Span(1, 4),
        "days": [date(2023, 1, 2), "2023-01-03"],
        "range": {"earliest": date(2023, 8, 1), "latest": date(2023, 8, 31)},
    }
    written = json.loads(Check("r", "1.1", "T", "met", "why", facts).to_json())["facts"]
    assert written == {
        "due_date": "2023-01-12",
        "taken": 3,
        "late": {"min": 1, "max": 4},
        "days": ["2023-01-02", "2023-01-03"],
        "range": {"earliest": "2023-08-01", "latest": "2023-08-31"},
    }


def test_remembered_texts_keep_equal_values_of_different_types_apart() -> None:
    """100 == 100.0 and 1 == True in Python, but their JSON differs."""
    assert '"min_gbp": 100,' in Remedy("compensation", "t", (), 100, 600).to_json()
    assert '"min_gbp": 100.0,' in Remedy("compensation", "t", (), 100.0, 600.0).to_json()
    assert '"provision_confirmed": 1' in Check("r", "1.1", "T", "met", "x", confirmed=1).to_json()
    assert '"provision_confirmed": true' in Check("r", "1.1", "T", "met", "x").to_json()
