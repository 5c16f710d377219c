"""Sentences are written only for what an output prints (issue 16, "facts first").

Evaluation decides every status, weight and finding from facts; a check's reasoning and a
finding's steps are written when an output reads them. These tests count the sentences
actually written while the CLI runs, so an output that prints none cannot pay for them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from complycheck.cli import main
from complycheck.engine import check
from complycheck.models import Case
from complycheck.results import Check, Determination

LOG = Path(__file__).resolve().parent.parent / "examples" / "logs" / "complaints-wide.csv"


class Written:
    """Counts the sentences written, by the status of the check they belong to."""

    def __init__(self) -> None:
        self.checks: Counter[str] = Counter()
        self.findings = 0


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> Iterator[Written]:
    seen = Written()
    check_reasoning = Check.reasoning.fget
    finding_reasoning = Determination.reasoning.fget
    assert check_reasoning is not None and finding_reasoning is not None

    def check_read(self: Check) -> str:
        if not isinstance(self._said, str):
            seen.checks[self.status] += 1
        return check_reasoning(self)

    def finding_read(self: Determination) -> tuple[str, ...]:
        if not isinstance(self._said, tuple):
            seen.findings += 1
        return finding_reasoning(self)

    monkeypatch.setattr(Check, "reasoning", property(check_read))
    monkeypatch.setattr(Determination, "reasoning", property(finding_read))
    yield seen


def _run(*args: str) -> str:
    result = CliRunner().invoke(
        main, ["check", str(LOG), "--as-of", "2025-06-30", *args], catch_exceptions=False
    )
    assert result.exit_code in (0, 1, 2)  # 2: the log has a row with an input error
    return result.stdout


@pytest.mark.parametrize("fmt", ["summary", "cases"])
def test_summary_and_cases_write_no_sentence(written: Written, fmt: str) -> None:
    out = _run("--format", fmt, "--fail-on", "never")
    assert out  # something was printed, from facts alone
    assert written.checks == Counter()
    assert written.findings == 0


def test_breaches_write_the_breached_checks_sentences_only(written: Written) -> None:
    lines = [json.loads(line) for line in _run("--format", "breaches").splitlines()]
    cases = [line for line in lines if "case_id" in line and "breaches" in line]
    printed = sum(len(line["breaches"]) for line in cases)
    assert printed > 0
    assert written.checks == Counter({"breached": printed})
    assert written.findings == len(cases)


def test_junit_writes_no_sentence_for_a_met_check(written: Written) -> None:
    out = _run("--format", "junit", "--fail-on", "never")
    assert "<testsuite" in out
    assert written.checks["met"] == 0
    assert written.checks["breached"] > 0


def test_only_breached_writes_sentences_of_the_cases_it_prints_only(written: Written) -> None:
    lines = [
        json.loads(line) for line in _run("--format", "jsonl", "--only", "breached").splitlines()
    ]
    cases = [line for line in lines if "checks" in line]
    assert cases and all(any(c["status"] == "breached" for c in line["checks"]) for line in cases)
    assert sum(written.checks.values()) == sum(len(line["checks"]) for line in cases)
    assert written.findings == len(cases)


def test_a_sentence_read_is_the_same_as_the_one_a_report_prints() -> None:
    """Written late, a sentence is still the one the JSON contract carries, and once."""
    case = Case.model_validate(
        {
            "id": "late",
            "landlord": "L",
            "events": [
                {"type": "complaint_received", "date": "2024-05-01"},
                {"type": "complaint_acknowledged", "date": "2024-05-03", "stage": 1},
                {"type": "stage_response", "date": "2024-06-20", "stage": 1},
            ],
        }
    )
    report = check(case, as_of=None)
    late = next(c for c in report.checks if c.status == "breached")
    first = late.reasoning
    assert first is late.reasoning  # written once, then kept
    assert "working days late" in first
    assert json.loads(report.to_json())["checks"][report.checks.index(late)]["reasoning"] == first


def test_a_report_and_its_waiting_sentences_are_freed_without_the_cycle_collector() -> None:
    """The writers a report keeps close over the case's context; a context that kept the
    outcomes too would tie every report into a cycle, which only the collector frees and
    which a run holding results pays for again and again."""
    import gc

    from complycheck.loading import load_case_file
    from complycheck.validation import validate_case

    examples = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
    raws = [raw for path in examples for raw in load_case_file(str(path))]
    cases = [validate_case(raw.data) for raw in raws]
    assert len(cases) == len(examples) and all(isinstance(case, Case) for case in cases)
    for case in cases:  # rulesets, guidance and calendars are loaded once, before
        assert isinstance(case, Case)
        check(case).to_json()
    gc.collect()
    gc.disable()
    try:
        for case in cases:
            assert isinstance(case, Case)
            report = check(case)
            assert report.to_json()  # every sentence written, then let go
            del report
        assert gc.collect() == 0
    finally:
        gc.enable()
