"""Exit status and JUnit agree, as docs/ci.md promises: ``--fail-on``, ``--fail-on never``,
``--max-input-errors`` and logs with no complaints."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.exit_policy import ExitPolicy
from complycheck.render.summary import Summary
from complycheck.vocabulary import FINDINGS

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = xmlschema.XMLSchema(ROOT / "tests" / "data" / "junit-10.xsd")
AS_OF = ["--as-of", "2024-09-01"]

# Stage 2 answered 42 working days after the escalation against 20: service failure.
LATE = """\
id: LATE
events:
  - {date: 2022-11-28, type: complaint_received, channel: email}
  - {date: 2022-11-28, type: complaint_acknowledged, stage: 1}
  - {date: 2022-12-13, type: stage_response, stage: 1, handler: officer-17}
  - {date: 2022-12-14, type: escalation_requested}
  - {date: 2023-01-24, type: resident_chased, stage: 2}
  - {date: 2023-02-15, type: stage_response, stage: 2, handler: manager-3,
     apology: false, complaint_handling_compensation_gbp: 100, acknowledged_delay: true}
"""
BAD = "id: BAD\nevents:\n  - {date: 2023-02-30, type: complaint_received}\n"
BAD_TOO = "id: BAD2\nevents:\n  - {date: 2023-13-01, type: complaint_received}\n"
HEADER_ONLY_WIDE = "Complaint Reference,Date Logged,Stage 1 Response Sent\n"
HEADER_ONLY_LONG = "case_id,type,date\n\n"


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def junit(result: Result) -> ET.Element:
    return ET.fromstring(result.stdout)


def properties(suite: ET.Element) -> dict[str | None, str | None]:
    return {p.get("name"): p.get("value") for p in suite.iter("property")}


def outcomes(root: ET.Element) -> dict[str, str]:
    """testcase name -> failure | error | skipped | passed, over every suite."""
    found: dict[str, str] = {}
    for suite in root.findall("testsuite"):
        for case in suite.findall("testcase"):
            tags = [child.tag for child in case if child.tag != "system-out"]
            found[f"{suite.get('name')}/{case.get('name')}"] = tags[0] if tags else "passed"
    return found


# -- --fail-on never and --max-input-errors --------------------------------------------------


def test_fail_on_never_reports_only_even_with_input_errors(tmp_path: Path) -> None:
    late, bad = _file(tmp_path, "late.yaml", LATE), _file(tmp_path, "bad.yaml", BAD)
    result = run("check", late, bad, *AS_OF, "--fail-on", "never", "--format", "json")
    assert result.exit_code == 0
    assert "bad.yaml: document 1: case BAD: events[0].date" in result.stderr
    assert "1 of 2 cases had input errors (listed above) and were not checked; " in result.stderr
    assert result.stderr.endswith("--fail-on never tolerates them.\n")
    document = json.loads(result.stdout)
    assert [r["case_id"] for r in document["results"]] == ["LATE", "BAD"]
    assert document["results"][0]["determination"]["finding"] == "service_failure"


def test_fail_on_never_with_a_limit_still_fails_on_bad_input(tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.yaml", BAD)
    result = run("check", bad, *AS_OF, "--fail-on", "never", "--max-input-errors", "0")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: 1 of 1 cases had input errors (listed above) and were not checked; "
        "the other cases were.\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--fail-on", "never", "--format", "yaml"],
        ["--fail-on", "never", "--ruleset", "hos-chc-1999"],
        ["--fail-on", "never", "--max-input-errors", "-1"],
    ],
)
def test_fail_on_never_still_exits_2_for_wrong_usage(tmp_path: Path, args: list[str]) -> None:
    late = _file(tmp_path, "late.yaml", LATE)
    assert run("check", late, *AS_OF, *args).exit_code == 2


@pytest.mark.parametrize(
    ("limit", "files", "status", "tail"),
    [
        (None, ["bad"], 2, "the other cases were.\n"),
        ("1", ["bad"], 0, "--max-input-errors 1 tolerates them.\n"),
        ("1", ["bad", "late"], 1, "above no_maladministration (--fail-on).\n"),
        ("1", ["bad", "bad2"], 2, "(--max-input-errors allows 1); the other cases were.\n"),
        ("2", ["bad", "bad2"], 0, "--max-input-errors 2 tolerates them.\n"),
    ],
)
def test_max_input_errors_is_how_many_bad_inputs_a_run_tolerates(
    tmp_path: Path, limit: str | None, files: list[str], status: int, tail: str
) -> None:
    texts = {"bad": BAD, "bad2": BAD_TOO, "late": LATE}
    paths = [_file(tmp_path, f"{name}.yaml", texts[name]) for name in files]
    extra = [] if limit is None else ["--max-input-errors", limit]
    result = run("check", *paths, *AS_OF, *extra, "--format", "json")
    assert result.exit_code == status
    assert result.stderr.endswith(tail)
    # every bad input is reported, whatever the limit
    assert result.stderr.count("events[0].date") == sum(name != "late" for name in files)
    assert json.loads(result.stdout)["summary"]["input_errors"] == len(paths) - ("late" in files)


def test_quiet_keeps_the_error_line_of_a_failing_run_only(tmp_path: Path) -> None:
    bad = _file(tmp_path, "bad.yaml", BAD)
    tolerated = run("check", bad, *AS_OF, "--max-input-errors", "1", "--quiet")
    assert (tolerated.exit_code, tolerated.stderr.count("\n")) == (0, 1)  # the located error
    failing = run("check", bad, *AS_OF, "--quiet")
    assert failing.exit_code == 2 and failing.stderr.splitlines()[-1].startswith("Error: 1 of 1")


# -- logs with no complaints -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "what"),
    [
        ("wide.csv", HEADER_ONLY_WIDE, "it has a header row and no rows below it"),
        ("long.csv", HEADER_ONLY_LONG, "it has a header row and no rows below it"),
        ("log.jsonl", "", "it has no lines"),
    ],
)
def test_a_log_with_no_complaints_is_an_input_error(
    tmp_path: Path, name: str, text: str, what: str
) -> None:
    log = _file(tmp_path, name, text)
    result = run("check", log, *AS_OF, "--format", "json")
    assert result.exit_code == 2
    assert f"{log}: file: no complaints in {log}: {what};" in result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["input_errors"] == 1
    assert document["results"][0]["errors"][0]["message"] == f"no complaints in {log}: {what}"
    assert run("check", log, *AS_OF, "--max-input-errors", "1").exit_code == 0
    assert run("check", log, *AS_OF, "--fail-on", "never").exit_code == 0


def test_a_header_only_workbook_is_an_input_error(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["case_id", "type", "date"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    result = run("check", str(path), *AS_OF, "--format", "json")
    assert result.exit_code == 2
    assert f"no complaints in {path}: it has a header row and no rows below it" in result.stderr


def test_a_log_with_complaints_beside_an_empty_one_is_still_checked(tmp_path: Path) -> None:
    empty = _file(tmp_path, "empty.csv", HEADER_ONLY_LONG)
    late = _file(tmp_path, "late.yaml", LATE)
    result = run("check", empty, late, *AS_OF, "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert [r["case_id"] for r in document["results"]] == [None, "LATE"]


# -- JUnit agrees with the exit status -------------------------------------------------------


def test_a_breach_within_fail_on_is_a_passing_testcase_with_the_breach_in_system_out(
    tmp_path: Path,
) -> None:
    late = _file(tmp_path, "late.yaml", LATE)
    result = run("check", late, *AS_OF, "--fail-on", "service_failure", "--format", "junit")
    assert result.exit_code == 0
    root = junit(result)
    assert (root.get("failures"), root.get("errors")) == ("0", "0")
    suite = root.findall("testsuite")[0]
    assert suite.get("failures") == "0"
    case = next(c for c in suite.findall("testcase") if c.get("name", "").startswith("stage2.resp"))
    assert [child.tag for child in case] == ["system-out"]
    out = case.findtext("system-out") or ""
    assert out.startswith(
        "breached (significant); does not fail the run: the case's indicative finding, "
        "service_failure, is within --fail-on service_failure\n"
    )
    assert "42 working days" in out
    assert "working_days_taken: 42" in out
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["fails_run"] == "false"


def test_a_breach_above_fail_on_is_a_failure(tmp_path: Path) -> None:
    late = _file(tmp_path, "late.yaml", LATE)
    result = run("check", late, *AS_OF, "--fail-on", "reasonable_redress", "--format", "junit")
    assert result.exit_code == 1
    root = junit(result)
    suite = root.findall("testsuite")[0]
    failure = next(c for c in suite.iter("testcase") if c.get("name", "").startswith("stage2.r"))
    found = failure.find("failure")
    assert found is not None and found.get("type") == "significant"
    assert "42 working days" in found.get("message", "")
    assert root.get("failures") == suite.get("failures") != "0"


def test_fail_on_never_junit_has_no_failures(tmp_path: Path) -> None:
    late = _file(tmp_path, "late.yaml", LATE)
    result = run("check", late, *AS_OF, "--fail-on", "never", "--format", "junit")
    assert result.exit_code == 0
    root = junit(result)
    assert root.get("failures") == "0"
    out = next(c for c in root.iter("testcase") if c.get("name", "").startswith("stage2.respond"))
    assert (out.findtext("system-out") or "").startswith(
        "breached (significant); does not fail the run (--fail-on never)\n"
    )


def test_tolerated_input_errors_are_skipped_testcases(tmp_path: Path) -> None:
    bad, late = _file(tmp_path, "bad.yaml", BAD), _file(tmp_path, "late.yaml", LATE)
    out = tmp_path / "results.xml"
    args = ["check", late, bad, *AS_OF, "--fail-on", "service_failure", "-o", str(out)]
    result = run(*args, "--max-input-errors", "1")
    assert result.exit_code == 0
    SCHEMA.validate(out)
    root = ET.parse(out).getroot()
    assert (root.get("failures"), root.get("errors")) == ("0", "0")
    suite = root.findall("testsuite")[1]
    assert (suite.get("errors"), suite.get("skipped")) == ("0", "1")
    skipped = suite.find("testcase/skipped")
    assert skipped is not None
    assert skipped.get("message", "").startswith(
        "input error tolerated by --max-input-errors 1: " + bad + ": document 1: case BAD"
    )
    assert "2023-02-30" in (skipped.text or "")
    summary = properties(root.findall("testsuite")[-1])
    assert (summary["input_errors"], summary["exit_status"]) == ("1", "0")

    result = run(*args)  # the default tolerates none: the same case is an error
    assert result.exit_code == 2
    root = ET.parse(out).getroot()
    assert root.get("errors") == "1"
    assert root.find("testsuite/testcase/error") is not None
    assert root.find("testsuite/testcase/skipped[@type='InputError']") is None


@pytest.mark.parametrize("fail_on", [*FINDINGS, "never"])
@pytest.mark.parametrize("limit", [None, "1"])
def test_junit_fails_exactly_when_the_exit_status_does(
    tmp_path: Path, fail_on: str, limit: str | None
) -> None:
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
    bad = _file(tmp_path, "bad.yaml", BAD)
    extra = [] if limit is None else ["--max-input-errors", limit]
    out = tmp_path / "results.xml"
    args = ["check", *examples, bad, *AS_OF, "--fail-on", fail_on, *extra, "-o", str(out)]
    result = run(*args)
    SCHEMA.validate(out)
    root = ET.parse(out).getroot()
    failed = int(root.get("failures", "0")) + int(root.get("errors", "0"))
    assert (failed > 0) == (result.exit_code != 0)
    summary = properties(root.findall("testsuite")[-1])
    assert summary["exit_status"] == str(result.exit_code)
    kinds = set(outcomes(root).values())
    assert ("error" in kinds) == (result.exit_code == 2)


# -- the policy itself -----------------------------------------------------------------------


def _summary(input_errors: int, findings: dict[str, int]) -> Summary:
    summary = Summary(input_errors=input_errors)
    summary.findings.update(findings)  # type: ignore[arg-type]
    return summary


@pytest.mark.parametrize(
    ("fail_on", "limit", "expected"),
    [
        ("no_maladministration", None, ExitPolicy("no_maladministration", 0)),
        ("service_failure", 3, ExitPolicy("service_failure", 3)),
        ("never", None, ExitPolicy(None, None)),
        ("never", 0, ExitPolicy(None, 0)),
    ],
)
def test_policy_from_options(fail_on: str, limit: int | None, expected: ExitPolicy) -> None:
    assert ExitPolicy.from_options(fail_on, limit) == expected


def test_policy_exit_status() -> None:
    policy: Any = ExitPolicy("reasonable_redress", 1)
    assert policy.exit_status(_summary(0, {"reasonable_redress": 4})) == 0
    assert policy.exit_status(_summary(1, {"service_failure": 1})) == 1
    assert policy.exit_status(_summary(2, {})) == 2
    assert ExitPolicy(None, None).exit_status(_summary(9, {"severe_maladministration": 9})) == 0
    assert policy.fails("service_failure") and not policy.fails("reasonable_redress")
    assert not policy.fails(None)
