"""Run every rule case in ``tests/cases/<ruleset-id>/<rule-id>.yaml`` (format: rule_case_files).

Each case is one test, named by its file and its sentence, e.g.
``hos-chc-2024/stage2.respond.yaml::A stage 2 response 21 working days after ...``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from rule_case_files import CHECK_KEYS, NON_RULE_KEYS, RuleCase, load_all, plain

from complycheck.engine import check
from complycheck.models import Case
from complycheck.validation import validate_case

CASES = load_all()


def _validated(item: RuleCase) -> Case:
    case = validate_case(item.case)
    assert isinstance(case, Case), "the case does not validate:\n" + "\n".join(
        str(issue) for issue in case
    )
    return case


def _show(value: Any) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False, default=str)


def _check_rule(rule: str, got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    problems = []
    for key, expected in want.items():
        expected = plain(expected)
        if key == "reasoning_contains":
            for fragment in expected:
                if fragment not in got["reasoning"]:
                    problems.append(f"{rule}: reasoning lacks {fragment!r}")
        elif key == "reasoning_lacks":
            for fragment in expected:
                if fragment in got["reasoning"]:
                    problems.append(f"{rule}: reasoning should not contain {fragment!r}")
        elif key in CHECK_KEYS:
            if got.get(key) != expected:
                problems.append(f"{rule}.{key}: expected {expected!r}, got {got.get(key)!r}")
        elif key not in got["facts"]:
            problems.append(f"{rule}: no fact {key!r} (facts: {sorted(got['facts'])})")
        elif got["facts"][key] != expected:
            problems.append(f"{rule}.{key}: expected {expected!r}, got {got['facts'][key]!r}")
    return problems


def _check_determination(got: dict[str, Any], want: Any) -> list[str]:
    if isinstance(want, str):
        want = {"finding": want}
    problems = []
    for key, expected in want.items():
        if key == "reasoning_contains":
            text = " ".join(got["reasoning"])
            problems += [f"determination: reasoning lacks {f!r}" for f in expected if f not in text]
        elif got.get(key) != expected:
            problems.append(f"determination.{key}: expected {expected!r}, got {got.get(key)!r}")
    return problems


PARAMS = [
    pytest.param(
        item,
        id=item.id,
        marks=[pytest.mark.xfail(strict=True, reason=item.known_bug)] if item.known_bug else [],
    )
    for item in CASES
]


@pytest.mark.parametrize("item", PARAMS)
def test_rule_case(item: RuleCase) -> None:
    case = _validated(item)
    assert item.as_of is not None or case.as_of is not None, "give the case an as_of date"
    report = check(case, as_of=item.as_of)
    if case.code == "auto":
        # The case's dates put it under the edition whose directory it sits in.
        assert report.ruleset.id == item.ruleset, report.ruleset.why
    out = report.to_dict()
    checks = {c["rule"]: c for c in out["checks"]}
    problems: list[str] = []
    for key, want in item.expect.items():
        if key == "determination":
            problems += _check_determination(out["determination"], want)
        elif key == "remedies_contains":
            texts = [remedy["text"] for remedy in out["remedies"]]
            problems += [
                f"no remedy mentions {f!r}" for f in want if not any(f in t for t in texts)
            ]
        else:
            assert key not in NON_RULE_KEYS
            assert key in checks, f"{key} is not a rule of {report.ruleset.id}"
            assert "status" in want, f"{key}: every rule expectation names a status"
            problems += _check_rule(key, checks[key], want)
    shown = {key: checks[key] for key in item.expect if key in checks}
    if "determination" in item.expect:
        shown["determination"] = out["determination"]
    assert not problems, "\n".join(problems) + "\n\n" + _show(shown)
