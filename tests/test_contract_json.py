"""Every JSON output carries the golden reports' data, in the contract's order and layout.

``tests/golden/engine/`` holds each case's ``Report.to_dict()``; these tests hold the text
that ``jsonl``, ``json`` and ``breaches`` actually write to that same data, so a change of
writer (or of its whitespace) cannot change a value, a type or the order of the keys.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cases import EXAMPLES_AS_OF, example_cases, synthetic_cases

from complycheck.engine import check
from complycheck.models import Case
from complycheck.render.breaches import BreachesWriter
from complycheck.render.json_doc import JsonWriter
from complycheck.render.jsonl import JsonLinesWriter
from complycheck.results import CaseResult, Check, Span

GOLDEN = Path(__file__).resolve().parent / "golden" / "engine"
CASES = example_cases() + synthetic_cases(60, seed=7)

RESULT_KEYS = [
    "source", "location", "case_id", "landlord", "ruleset", "guidance", "calendar", "as_of",
    "tool_version", "engine", "checks", "determination", "remedies", "errors",
]  # fmt: skip
CHECK_KEYS = [
    "rule", "provision", "title", "status", "reasoning", "facts", "events",
    "provision_confirmed", "weight", "weight_worst_case",
]  # fmt: skip
DETERMINATION_KEYS = [
    "finding", "worst_case", "certain", "worst_weight", "redress", "weighed", "reasoning",
    "indicative",
]  # fmt: skip
BREACHES_KEYS = [
    "source", "location", "case_id", "landlord", "ruleset", "as_of", "checks", "breaches",
    "determination", "remedies", "errors",
]  # fmt: skip


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text())
    return data


def result_of(case: Case) -> CaseResult:
    report = check(case, as_of=None if case.as_of else EXAMPLES_AS_OF, engine="builtin")
    return CaseResult("log.csv", "row 2", report.case_id, report)


def masked(report: dict[str, Any]) -> dict[str, Any]:
    """As the golden files hold a report (see tests/test_golden.py)."""
    report = {key: report[key] for key in report if key not in ("source", "location", "errors")}
    report["tool_version"] = "<masked>"
    report["calendar"]["holidays_version"] = "<masked>"
    return report


def assert_contract_order(result: dict[str, Any], keys: list[str]) -> None:
    assert list(result) == keys
    for item in result.get("checks", []) if keys is RESULT_KEYS else result["breaches"]:
        assert list(item) == CHECK_KEYS[: len(item)]
    assert list(result["determination"]) == DETERMINATION_KEYS


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_jsonl_and_json_hold_the_golden_report(name: str, case: Case) -> None:
    result = result_of(case)
    line = JsonLinesWriter.render(result)
    assert line.endswith("}\n") and line.count("\n") == 1
    for text in (line, JsonWriter.render(result)):
        data = json.loads(text)
        assert_contract_order(data, RESULT_KEYS)
        assert (data["source"], data["location"], data["errors"]) == ("log.csv", "row 2", [])
        assert masked(data) == golden(name)


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_breaches_hold_the_golden_reports_breached_checks(name: str, case: Case) -> None:
    line = json.loads(BreachesWriter.render(result_of(case)))
    report = golden(name)
    assert_contract_order(line, BREACHES_KEYS)
    assert line["breaches"] == [item for item in report["checks"] if item["status"] == "breached"]
    assert line["checks"] == len(report["checks"])
    assert line["ruleset"] == {"id": report["ruleset"]["id"], "sha256": report["ruleset"]["sha256"]}
    for key in ("case_id", "landlord", "as_of", "determination", "remedies"):
        assert line[key] == report[key]


def test_facts_as_the_contract_writes_them() -> None:
    facts = {
        "working_days_taken": Span(12, 12),
        "working_days_late": Span(2, 4),
        "due_date": date(2024, 6, 17),
        "note": "Åsa’s £50 — “late”",
    }
    item = Check("r", "1.2", "Title", "breached", "Late by £0\x07.", facts, (0, 2))
    assert item.to_json() == (
        '{"rule":"r","provision":"1.2","title":"Title","status":"breached",'
        '"reasoning":"Late by £0\\u0007.","facts":{"working_days_taken":12,'
        '"working_days_late":{"min":2,"max":4},"due_date":"2024-06-17",'
        '"note":"Åsa’s £50 — “late”"},"events":[0,2],"provision_confirmed":true}'
    )


def test_what_orjson_refuses_is_written_in_the_same_layout() -> None:
    """A file name in another encoding (its bytes as surrogate escapes) and a number beyond
    64 bits are written by the standard library, as compact or as indented."""
    _, case = CASES[0]
    result = result_of(case)
    odd = CaseResult("c\udcff.yaml", "row 2", result.case_id, result.report)
    data = json.loads(JsonLinesWriter.render(result))
    data["source"] = "c\udcff.yaml"
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert JsonLinesWriter.render(odd) == compact + "\n"
    assert json.loads(JsonWriter.render(odd)) == data
    big = Check("r", "1", "T", "met", "Fine.", {"n": 2**70})
    assert json.loads(big.to_json())["facts"] == {"n": 2**70}
