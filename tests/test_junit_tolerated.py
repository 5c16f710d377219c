"""JUnit's cases that could not be checked: built as elements in both forms, the one the
run's tolerance chose copied out whole, however the spooled text is laid out."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from complycheck.errors import InputIssue
from complycheck.exit_policy import ExitPolicy
from complycheck.render import junit
from complycheck.render.junit import JUnitWriter
from complycheck.render.summary import Summary
from complycheck.results import CaseResult

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = xmlschema.XMLSchema(ROOT / "tests" / "data" / "junit-10.xsd")


def _rejected(case_id: str, value: str) -> CaseResult:
    issue = InputIssue(
        f"'Sent' is not a date; the cell's note says {value}",
        source="log.csv",
        case_id=case_id,
        location="row 3",
        field="Stage 1 response",
        value=value,
        expected="a date",
    )
    return CaseResult("log.csv", "row 3", case_id, None, (issue,))


def _document(policy: ExitPolicy, results: list[CaseResult]) -> str:
    stream = io.StringIO()
    writer = JUnitWriter(stream, policy)
    summary = Summary()
    for result in results:
        writer.write(result)
        summary.add(result)
    writer.close(summary)
    return stream.getvalue()


# A carriage return and a line break in the text, and something that looks like the
# markup a text replacement would have searched for: each must come out as it went in.
AWKWARD = 'Sent\r\n<error type="InputError" message="'


@pytest.mark.parametrize("spool_bytes", [1, 4 * 1024 * 1024])  # on disk, in memory
def test_a_tolerated_case_is_skipped_and_an_untolerated_one_an_error(
    monkeypatch: pytest.MonkeyPatch, spool_bytes: int
) -> None:
    monkeypatch.setattr(junit, "_SPOOL_BYTES", spool_bytes)
    results = [_rejected("A", AWKWARD), _rejected("B", "x" * 60), _rejected("C", "Sent")]

    strict = _document(ExitPolicy(max_input_errors=0), results)
    SCHEMA.validate(strict)
    root = ET.fromstring(strict)
    assert (root.get("tests"), root.get("errors")) == ("3", "3")
    suites = root.findall("testsuite")[:3]
    assert [(s.get("errors"), s.get("skipped")) for s in suites] == [("1", "0")] * 3
    errors = [s.find("testcase/error") for s in suites]
    assert all(error is not None for error in errors)
    first = errors[0]
    assert first is not None and first.get("message", "").startswith(
        "log.csv: row 3: case A: Stage 1 response: 'Sent' is not a date"
    )
    # XML reads a line end as "\n"; the document itself carries the text as written
    assert AWKWARD.replace("\r\n", "\n") in (first.text or "")
    assert "says Sent\r\n&lt;error type=" in strict

    tolerant = _document(ExitPolicy(max_input_errors=3), results)
    SCHEMA.validate(tolerant)
    root = ET.fromstring(tolerant)
    assert (root.get("tests"), root.get("errors")) == ("3", "0")
    suites = root.findall("testsuite")[:3]
    assert [(s.get("errors"), s.get("skipped")) for s in suites] == [("0", "1")] * 3
    assert all(s.find("testcase/error") is None for s in suites)
    skipped = [s.find("testcase/skipped") for s in suites]
    assert [s.get("type") if s is not None else None for s in skipped] == ["InputError"] * 3
    message = skipped[1].get("message", "") if skipped[1] is not None else ""
    assert message.startswith(
        "input error tolerated by --max-input-errors 3: log.csv: row 3: case B:"
    )
    assert skipped[1] is not None and "x" * 60 in (skipped[1].text or "")
    assert skipped[0] is not None and AWKWARD.replace("\r\n", "\n") in (skipped[0].text or "")
    assert "says Sent\r\n&lt;error type=" in tolerant
    # the two documents differ only in those suites: the root's totals and the summary
    assert strict.count("<testsuite ") == tolerant.count("<testsuite ") == 4


def test_fail_on_never_tolerates_and_says_so() -> None:
    document = _document(ExitPolicy(None, None), [_rejected("A", "Sent")])
    skipped = ET.fromstring(document).find("testsuite/testcase/skipped")
    assert skipped is not None
    assert skipped.get("message", "").startswith("input error tolerated by --fail-on never: ")
