"""The durable engine against the built-in one: identical checks and determinations.

The durable side runs in a subprocess (``complycheck.engine.durable_worker``) so a
segfault in durable-rules fails a test rather than killing the run.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from typing import Any

import pytest
from cases import EXAMPLES_AS_OF, example_cases, synthetic_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import synthetic_case

from complycheck.engine import check
from complycheck.models import Case
from complycheck.validation import validate_case

pytest.importorskip(
    "durable.engine",
    reason="durable-rules is not installed or does not import here (it needs CPython < 3.13)",
    exc_type=ImportError,
)


def durable_reports(cases: list[Case]) -> list[dict[str, Any]]:
    request = {
        "as_of": EXAMPLES_AS_OF.isoformat(),
        "cases": [case.model_dump(mode="json", exclude_none=True) for case in cases],
    }
    done = subprocess.run(
        [sys.executable, "-m", "complycheck.engine.durable_worker"],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"durable worker died ({done.returncode}): {done.stderr[-2000:]}"
    reports: list[dict[str, Any]] = json.loads(done.stdout)
    return reports


def builtin_report(case: Case) -> dict[str, Any]:
    report = check(case, as_of=None if case.as_of else EXAMPLES_AS_OF, engine="builtin")
    loaded: dict[str, Any] = json.loads(json.dumps(report.to_dict(), default=str))
    return loaded


def assert_same(cases: list[Case]) -> None:
    for case, durable in zip(cases, durable_reports(cases), strict=True):
        builtin = builtin_report(case)
        assert durable.get("engine") == "durable", durable
        assert {**durable, "engine": "builtin"} == builtin, case.id


def test_examples_agree() -> None:
    assert_same([case for _, case in example_cases()])


def test_seeded_synthetic_cases_agree() -> None:
    assert_same([case for _, case in synthetic_cases(400, seed=11)])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.randoms(use_true_random=False), min_size=8, max_size=8))
def test_generated_timelines_agree(rngs: list[random.Random]) -> None:
    cases = []
    for index, rng in enumerate(rngs):
        case = validate_case(synthetic_case(rng, f"gen-{index}"))
        if isinstance(case, Case):
            cases.append(case)
    assert_same(cases)
