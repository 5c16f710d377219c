"""The command line end to end: exit codes, parsed output, and located errors on stderr."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from complycheck.cli import _default_format, _Progress, _use_colour, main
from complycheck.models import EVENT_TYPES
from complycheck.rulesets import FINDINGS

GOOD = """\
id: G1
landlord: Example Homes
events:
  - {date: 2024-05-01, type: complaint_received}
  - {date: 2024-05-02, type: complaint_acknowledged, stage: 1, defined: true}
  - {date: 2024-05-10, type: stage_response, stage: 1, handler: a, apology: true,
     states_stage: true, states_definition: true, states_decision: true, gives_reasons: true,
     details_remedy: true, lists_outstanding_actions: true, explains_escalation: true}
"""

# The worked example of the case format: a stage 2 response 42 working days after escalation.
LATE = """\
id: "202225311"
landlord: Notting Hill Genesis
events:
  - {date: 2022-11-28, type: complaint_received, channel: email}
  - {date: 2022-11-28, type: complaint_acknowledged, stage: 1}
  - {date: 2022-12-13, type: stage_response, stage: 1, handler: officer-17}
  - {date: 2022-12-14, type: escalation_requested}
  - {date: 2023-01-24, type: resident_chased, stage: 2}
  - {date: 2023-02-15, type: stage_response, stage: 2, handler: manager-3,
     apology: false, compensation_gbp: 200, complaint_handling_compensation_gbp: 100,
     acknowledged_delay: true}
"""

AS_OF = ["--as-of", "2024-09-01"]


def _file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def results(result: Result) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(result.stdout)["results"]
    return data


def check_of(case: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(c for c in case["checks"] if c["rule"] == rule)


# -- check: good input ------------------------------------------------------------------------


def test_a_compliant_case_exits_0_with_json_when_piped(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.yaml", GOOD), *AS_OF)
    assert result.exit_code == 0, result.stderr
    [case] = results(result)
    assert case["case_id"] == "G1"
    assert case["ruleset"]["id"] == "hos-chc-2024"
    assert case["as_of"] == "2024-09-01"
    assert case["determination"]["finding"] == "no_maladministration"
    assert check_of(case, "stage1.respond")["status"] == "met"
    assert json.loads(result.stdout)["summary"]["stage_responses"]["stage1"]["on_time"] == 1
    assert result.stderr == ""


def test_a_late_stage_2_response_exits_1_and_says_why(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "late.yaml", LATE), *AS_OF)
    assert result.exit_code == 1
    [case] = results(result)
    late = check_of(case, "stage2.respond")
    assert late["status"] == "breached"
    assert late["facts"]["working_days_taken"] == 42
    assert late["facts"]["count_from"] == "2022-12-14"
    finding = case["determination"]["finding"]
    assert finding != "no_maladministration"
    assert result.stderr == (
        "1 of 1 cases have an indicative finding above no_maladministration (--fail-on).\n"
    )


def test_fail_on_sets_the_threshold(tmp_path: Path) -> None:
    path = _file(tmp_path, "late.yaml", LATE)
    finding = results(run("check", path, *AS_OF))[0]["determination"]["finding"]
    below = FINDINGS[FINDINGS.index(finding) - 1]
    assert run("check", path, *AS_OF, "--fail-on", finding).exit_code == 0
    assert run("check", path, *AS_OF, "--fail-on", below).exit_code == 1
    assert run("check", path, *AS_OF, "--fail-on", "never").exit_code == 0
    quiet = run("check", path, *AS_OF, "--quiet")
    assert (quiet.exit_code, quiet.stderr) == (1, "")


def test_stdin_dash(tmp_path: Path) -> None:
    result = run("check", "-", *AS_OF, input=GOOD)
    assert result.exit_code == 0
    assert results(result)[0]["source"] == "<stdin>"


def test_several_files_in_order(tmp_path: Path) -> None:
    late = _file(tmp_path, "late.yaml", LATE)
    good = _file(tmp_path, "good.yaml", GOOD)
    result = run("check", late, good, *AS_OF, "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("case_id") for line in lines[:2]] == ["202225311", "G1"]
    assert lines[2]["summary"]["checked"] == 2


def test_jobs_keep_input_order_and_results(tmp_path: Path) -> None:
    paths = [
        _file(tmp_path, "late.yaml", LATE),
        _file(tmp_path, "good.yaml", GOOD),
        _file(tmp_path, "bad.yaml", "id: B1\nevents: []\n"),
    ]
    serial = run("check", *paths, *AS_OF)
    parallel = run("check", *paths, *AS_OF, "--jobs", "2")
    assert parallel.exit_code == serial.exit_code == 2
    assert parallel.stdout == serial.stdout
    assert [r["case_id"] for r in results(parallel)] == ["202225311", "G1", "B1"]


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "text"])
def test_jobs_write_every_format_byte_for_byte_as_one_process(tmp_path: Path, fmt: str) -> None:
    """Workers that write a case's text themselves (jsonl, json) must match one process."""
    paths = [
        _file(tmp_path, "late.yaml", LATE),
        _file(tmp_path, "good.yaml", GOOD),
        _file(tmp_path, "bad.yaml", "id: B1\nevents: []\n"),
        _file(tmp_path, "again.yaml", GOOD),  # a duplicate id
    ]
    serial = run("check", *paths, *AS_OF, "--format", fmt)
    parallel = run("check", *paths, *AS_OF, "--format", fmt, "--jobs", "2")
    assert parallel.exit_code == serial.exit_code == 2
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr


def test_progress_counts_on_stderr_once_a_run_is_slow(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = iter([0.0, 0.5, 1.5, 1.6, 2.0, 9.0])
    monkeypatch.setattr("complycheck.cli.time.monotonic", lambda: next(clock))
    progress = _Progress(enabled=True)
    progress.tick(1)  # 0.5 s: too soon to show anything
    progress.tick(2)  # 1.5 s: shown
    progress.tick(3)  # 1.6 s: too soon to redraw
    progress.tick(4)  # 2.0 s: redrawn
    progress.done()
    assert capsys.readouterr().err == "\rchecked 2 cases\rchecked 4 cases\r" + " " * 15 + "\r"
    silent = _Progress(enabled=False)
    silent.tick(1)
    silent.done()
    assert capsys.readouterr().err == ""


def test_text_format(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "late.yaml", LATE), *AS_OF, "--format", "text")
    assert result.stdout.startswith("Case 202225311 — Notting Hill Genesis\n")
    assert "  ✗ 5.13*   Stage 2 response within 20 working days" in result.stdout
    assert "Indicative finding:" in result.stdout
    assert "\x1b[" not in result.stdout


def test_markdown_and_junit_formats(tmp_path: Path) -> None:
    path = _file(tmp_path, "late.yaml", LATE)
    markdown = run("check", path, *AS_OF, "--format", "markdown").stdout
    assert "## Case 202225311 — Notting Hill Genesis" in markdown
    root = ET.fromstring(run("check", path, *AS_OF, "--format", "junit").stdout)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name", "").endswith(".202225311")
    assert int(root.get("failures", "0")) >= 1


def test_output_file_picks_the_format_by_suffix_and_frees_stdout(tmp_path: Path) -> None:
    target = tmp_path / "findings.csv"
    result = run("check", _file(tmp_path, "late.yaml", LATE), *AS_OF, "--output", str(target))
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    late = next(row for row in rows if row["rule"] == "stage2.respond")
    assert (late["status"], late["working_days_taken"]) == ("breached", "42")
    assert result.stdout.startswith("Cases: 1 (1 checked, 0 with input errors)\n")


def test_csv_on_stdout_puts_the_summary_on_stderr(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.yaml", GOOD), *AS_OF, "--format", "csv")
    assert result.stdout.startswith("source,location,case_id,")
    assert result.stderr.startswith("Cases: 1 (1 checked, 0 with input errors)\n")


# -- check: bad input -------------------------------------------------------------------------

BAD_CASES = {
    "unknown event type": (
        "id: B1\nevents:\n  - {date: 2024-05-01, type: complaint_recieved}\n",
        "B1",
        "{path}: document 1: case B1: events[0].type: unknown event type "
        f"'complaint_recieved'; expected one of {', '.join(EVENT_TYPES)}; "
        "did you mean 'complaint_received'?\n",
    ),
    "unknown field": (
        "id: B2\nevents:\n  - {date: 2024-05-01, type: complaint_received, chanel: email}\n",
        "B2",
        "{path}: document 1: case B2: events[0].chanel: unknown field 'chanel' (got 'email'); "
        "expected one of date, note, type, channel, issues, issue_date, aware_date; "
        "did you mean 'channel'?\n",
    ),
    "impossible date": (
        "id: B3\nevents:\n  - {date: 2024-05-01, type: complaint_received}\n"
        "  - {date: 2023-02-30, type: stage_response, stage: 1}\n",
        "B3",
        "{path}: document 1: case B3: events[1].date: '2023-02-30' is not a real date; "
        "expected a date as YYYY-MM-DD (or a datetime), a month as YYYY-MM, or a span of "
        "days as YYYY-MM-DD/YYYY-MM-DD\n",
    ),
    "stage 3 response with no stage 2 response": (
        "id: B4\nevents:\n  - {date: 2022-05-03, type: complaint_received}\n"
        "  - {date: 2022-06-03, type: stage_response, stage: 3}\n",
        "B4",
        "{path}: document 1: case B4: events[1]: a stage 3 response needs a stage 2 "
        "response before it\n",
    ),
    "infinite compensation": (
        "id: B5\nevents:\n  - {date: 2024-05-01, type: complaint_received}\n"
        "  - {date: 2024-05-02, type: stage_response, stage: 1, compensation_gbp: .inf}\n",
        "B5",
        "{path}: document 1: case B5: events[1].compensation_gbp: Input should be a finite "
        "number (got 'inf')\n",
    ),
    "non-mapping document": (
        "just some words\n",
        None,
        "{path}: document 1: the document is a text, not a case; "
        "expected a case (a mapping with id and events) or a list of cases\n",
    ),
    "empty file": (
        "",
        None,
        "{path}: file: the file is empty; "
        "expected a case (a mapping with id and events) or a list of cases\n",
    ),
    "malformed YAML": (
        "id: B7\nevents: [\n",
        None,
        "{path}: line 3, column 1: not valid YAML: did not find expected node content "
        "(while parsing a flow node that started at line 3, column 1); "
        "expected a case (a mapping with id and events) or a list of cases\n",
    ),
}


@pytest.mark.parametrize("name", list(BAD_CASES))
def test_bad_input_exits_2_located_and_the_good_case_is_still_checked(
    tmp_path: Path, name: str
) -> None:
    text, case_id, message = BAD_CASES[name]
    bad = _file(tmp_path, "bad.yaml", text)
    good = _file(tmp_path, "good.yaml", GOOD)
    result = run("check", bad, good, *AS_OF)
    assert result.exit_code == 2
    expected = message.format(path=bad)
    first_line = result.stderr.splitlines(keepends=True)[0]
    assert first_line == expected if expected.endswith("\n") else first_line.startswith(expected)
    assert result.stderr.endswith(
        "Error: 1 of 2 cases had input errors (listed above) and were not checked; "
        "the other cases were.\n"
    )
    rejected, checked = results(result)
    assert (rejected["case_id"], rejected["source"]) == (case_id, bad)
    assert rejected["errors"] and "determination" not in rejected
    assert checked["case_id"] == "G1"
    assert checked["determination"]["finding"] == "no_maladministration"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deadlines_counted_past_the_calendar_are_an_input_error(tmp_path: Path, jobs: str) -> None:
    # Every date is inside the span, but two 250-day extensions run the deadline past it.
    late = _file(
        tmp_path,
        "late.yaml",
        "id: E1\nevents:\n  - {date: 2059-12-31, type: complaint_received}\n"
        + "  - {date: 2059-12-31, type: extension_notified, stage: 1, extra_working_days: 250}\n"
        * 2,
    )
    good = _file(tmp_path, "good.yaml", GOOD)
    result = run("check", late, good, "--as-of", "2059-12-31", "--jobs", jobs)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{late}: document 1: case E1: events: a deadline of this case falls beyond "
        "2060-12-31, the last day complycheck can count (250 working days after 2060-01-22 "
        "falls beyond the supported span 1990-01-01..2060-12-31); expected events and "
        "extensions whose deadlines fall by 2060-12-31"
    )
    rejected, checked = results(result)
    assert rejected["case_id"] == "E1" and rejected["errors"]
    assert checked["case_id"] == "G1" and checked["checks"]


def test_duplicate_case_ids_in_one_file(tmp_path: Path) -> None:
    path = _file(tmp_path, "dup.yaml", f"{GOOD}---\n{GOOD}---\n{LATE}")
    result = run("check", path, *AS_OF)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}: document 2: case G1: id: case G1 appears twice: it was first read at "
        "document 1; expected each complaint once in the input, under its own reference"
    )
    first, duplicate, other = results(result)
    assert first["determination"]["finding"] == "no_maladministration"
    assert duplicate["errors"][0]["field"] == "id"
    assert other["case_id"] == "202225311" and other["checks"]


def _errors(case: dict[str, Any]) -> list[str]:
    return [error["message"] for error in case["errors"]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_duplicate_id_in_a_wide_csv_is_one_error_result(tmp_path: Path, jobs: str) -> None:
    path = _file(
        tmp_path, "log.csv", "Ref,Date received\nR1,01/03/2023\nR2,01/03/2023\nR1,02/03/2023\n"
    )
    result = run("check", path, *AS_OF, "--jobs", jobs)
    assert result.exit_code == 2
    first, second, again = results(result)
    assert [first["case_id"], second["case_id"], again["case_id"]] == ["R1", "R2", "R1"]
    assert first["checks"] and not first["errors"]
    assert _errors(again) == ["case R1 appears twice: it was first read at row 2"]
    assert "checks" not in again


def test_duplicate_ids_in_a_long_jsonl(tmp_path: Path) -> None:
    """A long case whose lines come back later, and a whole-case line repeated."""
    received = '"date": "2024-05-01", "type": "complaint_received"'
    lines = [
        f'{{"case_id": "A", {received}}}',
        '{"case_id": "A", "date": "2024-05-02", "type": "complaint_acknowledged", "stage": 1}',
        f'{{"case_id": "B", {received}}}',
        '{"case_id": "A", "date": "2024-05-20", "type": "complaint_withdrawn"}',
        f'{{"id": "W", "events": [{{{received}}}]}}',
        f'{{"id": "W", "events": [{{{received}}}]}}',
        f'{{"case_id": "B", {received}}}',
    ]
    path = _file(tmp_path, "events.jsonl", "\n".join(lines) + "\n")
    result = run("check", path, *AS_OF)
    assert result.exit_code == 2
    cases = results(result)
    assert [(case["case_id"], case["location"]) for case in cases] == [
        ("A", "lines 1-2"),
        ("B", "line 3"),
        ("A", "line 4"),
        ("W", "line 5"),
        ("W", "line 6"),
        ("B", "line 7"),
    ]
    assert [bool(case["errors"]) for case in cases] == [False, False, True, False, True, True]
    assert _errors(cases[2]) == [
        "case A already appeared at lines 1-2, which was read without this line"
    ]
    assert _errors(cases[4]) == ["case W appears twice: it was first read at line 5"]
    assert _errors(cases[5]) == [
        "case B already appeared at line 3, which was read without this line"
    ]


def test_duplicate_ids_across_files_name_the_first_file(tmp_path: Path) -> None:
    good = _file(tmp_path, "good.yaml", GOOD)
    wide = _file(tmp_path, "wide.csv", "Ref,Date received\nW1,01/03/2023\nG1,01/03/2023\n")
    long = _file(
        tmp_path,
        "long.csv",
        "case_id,date,type\n"
        "W1,2023-03-01,complaint_received\n"
        "W1,2023-03-02,complaint_acknowledged\n"
        "L1,2023-03-01,complaint_received\n",
    )
    again = _file(
        tmp_path, "again.json", '[{"id": "L1", "events": []}, {"id": "N1", "events": []}]'
    )
    result = run("check", good, wide, long, again, *AS_OF)
    assert result.exit_code == 2
    cases = results(result)
    assert len(cases) == 7
    assert [(case["case_id"], bool(case["errors"])) for case in cases] == [
        ("G1", False),
        ("W1", False),
        ("G1", True),
        ("W1", True),
        ("L1", False),
        ("L1", True),
        ("N1", True),  # no events: an input error of its own
    ]
    assert _errors(cases[2]) == [f"case G1 appears twice: it was first read at {good}: document 1"]
    # in another file, so not a long case whose rows are apart: the rows are not the problem
    assert _errors(cases[3]) == [f"case W1 appears twice: it was first read at {wide}: row 2"]
    assert cases[3]["location"] == "rows 2-3"
    assert _errors(cases[5]) == [f"case L1 appears twice: it was first read at {long}: row 4"]
    assert cases[5]["location"] == "case 1 of the list"


def test_missing_file_is_an_input_error_not_a_crash(tmp_path: Path) -> None:
    good = _file(tmp_path, "good.yaml", GOOD)
    result = run("check", str(tmp_path / "nope.yaml"), good, *AS_OF)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{tmp_path / 'nope.yaml'}: file: file not found; expected an existing YAML or JSON file"
    )
    assert results(result)[1]["case_id"] == "G1"


def test_unknown_ruleset_is_an_error_before_any_output(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.yaml", GOOD), "--ruleset", "hos-chc-2204")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: unknown ruleset 'hos-chc-2204'; expected one of hos-chc-2024, hos-chc-2022, "
        "hos-chc-2020; did you mean 'hos-chc-2024'?\n"
    )


def test_forced_ruleset_is_applied(tmp_path: Path) -> None:
    result = run("check", _file(tmp_path, "good.yaml", GOOD), *AS_OF, "--ruleset", "hos-chc-2022")
    assert results(result)[0]["ruleset"]["id"] == "hos-chc-2022"


def test_unavailable_engine_is_an_error_and_leaves_no_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where durable-rules cannot be imported (e.g. Python 3.13) --engine durable says why."""
    from complycheck.engine import durable

    monkeypatch.setattr(durable, "_ENGINE", [])
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    target = tmp_path / "out.json"
    result = run(
        "check", _file(tmp_path, "good.yaml", GOOD), "--engine", "durable", "-o", str(target)
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "durable" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_unwritable_output_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.json"
    result = run("check", _file(tmp_path, "good.yaml", GOOD), "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot write {target}: No such file or directory\n"
    into_directory = run("check", _file(tmp_path, "good.yaml", GOOD), "-o", str(tmp_path))
    assert into_directory.exit_code == 2
    assert into_directory.stderr == f"Error: cannot write {tmp_path}: it is a directory\n"


def test_usage_errors_exit_2() -> None:
    assert run("check").exit_code == 2
    assert run("check", "x.yaml", "--format", "pdf").exit_code == 2
    assert run("check", "x.yaml", "--as-of", "2024-02-30").exit_code == 2
    assert run("check", "x.yaml", "--fail-on", "awful").exit_code == 2


def test_an_as_of_the_calendar_cannot_count_is_one_usage_error(tmp_path: Path) -> None:
    """Not the same input error on every case of a log, with nothing checked."""
    cases = _file(tmp_path, "two.yaml", GOOD + "---\n" + GOOD.replace("G1", "G2"))
    for command in ("check", "explain"):
        result = run(command, cases, "--as-of", "2070-01-01")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr.endswith(
            "Error: Invalid value for '--as-of': 2070-01-01 is outside the dates complycheck "
            "can count (1990-01-01 to 2059-12-31)\n"
        )


LOG = """\
case_id,date,type,stage
L1,01/05/2024,complaint_received,
L1,02/05/2024,complaint_acknowledged,1
L2,01/05/2024,complaint_recieved,
"""


def test_a_log_is_read_by_suffix_and_a_bad_row_is_located(tmp_path: Path) -> None:
    path = _file(tmp_path, "log.csv", LOG)
    result = run("check", path, *AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}: row 4: case L2: ")
    good, bad = results(result)
    assert good["case_id"] == "L1"
    assert check_of(good, "stage1.acknowledge")["facts"]["start_date"] == "2024-05-01"
    assert bad["location"] == "row 4"


def test_log_options_are_passed_through(tmp_path: Path) -> None:
    path = _file(tmp_path, "log.csv", LOG)
    result = run("check", path, *AS_OF, "--monthfirst", "--layout", "long")
    good = results(result)[0]
    assert check_of(good, "stage1.acknowledge")["facts"]["start_date"] == "2024-01-05"


def test_mapping_group_is_registered_and_its_mapping_reads_a_wide_log(tmp_path: Path) -> None:
    log = _file(
        tmp_path,
        "wide.csv",
        "Complaint ref,Date received,Stage 1 response\nW1,01/05/2024,10/05/2024\n",
    )
    started = run("mapping", "init", log)
    assert started.exit_code == 0
    assert 'id: "Complaint ref"' in started.stdout
    mapping = _file(tmp_path, "mapping.yaml", started.stdout)
    result = run(
        "check", log, "--mapping", mapping, "--layout", "wide", "--fail-on", "never", *AS_OF
    )
    assert result.exit_code == 0, result.stderr
    [case] = results(result)
    assert (case["case_id"], case["location"]) == ("W1", "row 2")
    assert check_of(case, "stage1.respond")["status"] == "met"


def test_sheet_option_reads_the_named_workbook_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    sheet = workbook.create_sheet("Complaints")
    for row in LOG.splitlines()[:3]:
        sheet.append(row.split(","))
    path = tmp_path / "log.xlsx"
    workbook.save(path)
    result = run("check", str(path), "--sheet", "Complaints", "--fail-on", "never", *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert [case["case_id"] for case in results(result)] == ["L1"]


# -- format and colour choice -------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_default_format_text_on_a_terminal_json_otherwise() -> None:
    assert _default_format(None, _Tty()) == "text"
    assert _default_format(None, io.StringIO()) == "json"
    assert _default_format("out.xml", io.StringIO()) == "junit"
    assert _default_format("out.md", io.StringIO()) == "markdown"
    assert _default_format("out.data", io.StringIO()) == "json"


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert _use_colour(_Tty()) is True
    assert _use_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_colour(_Tty()) is False


# -- explain, workdays, due --------------------------------------------------------------------


def test_explain_counts_day_by_day(tmp_path: Path) -> None:
    result = run("explain", _file(tmp_path, "late.yaml", LATE), "--rule", "stage2.respond")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1].endswith(": breached")
    assert (
        "Day count from Wed 14 Dec 2022 (not counted) to Wed 15 Feb 2023, england calendar:"
        in lines
    )
    assert "  Thu 15 Dec 2022   counted  day 1" in lines
    assert "  Sat 17 Dec 2022   skipped  weekend" in lines
    assert "  Mon 26 Dec 2022   skipped  Boxing Day (bank holiday)" in lines
    assert "  Mon 16 Jan 2023   counted  day 20  ← due date" in lines
    assert "  Wed 15 Feb 2023   counted  day 42" in lines
    assert lines[-1] == (
        "Total: 42 working days; 45 weekdays, of which 3 skipped as bank holidays or closure days."
    )


def test_explain_a_check_without_a_count(tmp_path: Path) -> None:
    result = run(
        "explain", _file(tmp_path, "late.yaml", LATE), "--rule", "stage2.different_handler"
    )
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "This check does not count working days, so there is no day count.\n"
    )


def test_explain_needs_a_known_rule_and_one_case(tmp_path: Path) -> None:
    path = _file(tmp_path, "late.yaml", LATE)
    unknown = run("explain", path, "--rule", "stage2.respnd")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith(
        "Error: no rule 'stage2.respnd' in ruleset hos-chc-2022; expected one of "
    )
    assert unknown.stderr.endswith("; did you mean 'stage2.respond'?\n")
    both = _file(tmp_path, "both.yaml", f"{LATE}---\n{GOOD}")
    several = run("explain", both, "--rule", "stage1.respond")
    assert several.exit_code == 2
    assert several.stderr == (
        f"Error: {both} holds 2 cases; choose one with --case ID (ids: 202225311, G1)\n"
    )
    chosen = run("explain", both, "--rule", "stage1.respond", "--case", "G1", *AS_OF)
    assert chosen.exit_code == 0
    assert chosen.stdout.startswith("Case G1, hos-chc-2024: stage1.respond")
    missing = run("explain", both, "--rule", "stage1.respond", "--case", "X9")
    assert missing.stderr == (
        f"Error: {both}: no case with id 'X9'; expected one of 202225311, G1\n"
    )


def test_explain_a_case_with_input_errors(tmp_path: Path) -> None:
    path = _file(tmp_path, "bad.yaml", "id: B1\nevents: []\n")
    result = run("explain", path, "--rule", "stage1.respond")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: case B1 has input errors; fix them first\n")
    assert result.stderr.startswith(f"{path}: document 1: case B1: events:")


def test_workdays_over_christmas() -> None:
    result = run("workdays", "2022-12-14", "2023-02-15")
    assert result.exit_code == 0
    assert result.stdout == (
        "From Wed 14 Dec 2022 to Wed 15 Feb 2023 (england; the start day is not counted):\n"
        "  42 working days\n"
        "  45 weekdays\n"
        "  skipped:\n"
        "    Mon 26 Dec 2022: Boxing Day (bank holiday)\n"
        "    Tue 27 Dec 2022: Christmas Day (observed) (bank holiday)\n"
        "    Mon 2 Jan 2023: New Year's Day (observed) (bank holiday)\n"
    )


def test_workdays_by_nation_and_closures() -> None:
    scotland = run("workdays", "2023-01-01", "2023-01-03", "--nation", "scotland")
    assert "  0 working days\n" in scotland.stdout
    assert "    Tue 3 Jan 2023: New Year Holiday (observed) (bank holiday)\n" in scotland.stdout
    closed = run("workdays", "2023-03-06", "2023-03-10", "--closure-day", "2023-03-08")
    assert "  3 working days\n" in closed.stdout
    assert "    Wed 8 Mar 2023: landlord closure day\n" in closed.stdout


def test_due() -> None:
    result = run("due", "2022-11-28", "10", "--closure-day", "2022-12-01")
    assert result.stdout == (
        "Due: Tue 13 Dec 2022\n"
        "  10 working days after Mon 28 Nov 2022 (england; the start day is not counted, "
        "the due day is)\n"
        "  skipped Thu 1 Dec 2022: landlord closure day\n"
    )


def test_dates_outside_the_calendar_are_errors() -> None:
    result = run("workdays", "1980-01-01", "1980-02-01")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: start 1980-01-01 is outside the supported span 1990-01-01..2060-12-31\n"
    )


# -- rules, schema, version ---------------------------------------------------------------------


def test_rules_lists_rulesets_then_rules() -> None:
    listing = run("rules")
    assert listing.exit_code == 0
    assert listing.stdout.splitlines()[0].split() == ["RULESET", "COMPLAINTS", "RECEIVED", "TITLE"]
    assert any(
        line.startswith("hos-chc-2022  1 Apr 2022 – 31 Mar 2024")
        for line in listing.stdout.splitlines()
    )
    rules = run("rules", "hos-chc-2022")
    assert rules.exit_code == 0
    lines = rules.stdout.splitlines()
    assert lines[0] == (
        "hos-chc-2022: Housing Ombudsman Complaint Handling Code (2022) "
        "(from 1 Apr 2022 to 31 Mar 2024)"
    )
    row = next(line for line in lines if line.startswith("stage2.respond "))
    assert row.split()[1] == "5.13*"
    assert row.endswith("deadline")
    assert "* provision number not confirmed against the Code:" in lines


def test_rules_unknown_ruleset() -> None:
    result = run("rules", "hos-chc-1999")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown ruleset 'hos-chc-1999'")


def test_schema_is_the_case_json_schema() -> None:
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Case"
    assert schema["additionalProperties"] is False
    assert "events" in schema["required"]


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("complycheck ")
    assert "(holidays " in result.stdout


# -- as a process -----------------------------------------------------------------------------


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "complycheck", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("complycheck ")


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    path = _file(
        tmp_path, "many.yaml", "".join(f"---\n{GOOD.replace('G1', f'G{i}')}" for i in range(400))
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "complycheck", "check", path, "--format", "jsonl", *AS_OF],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    assert json.loads(process.stdout.readline())["case_id"] == "G0"
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 141
    assert stderr == ""


def test_reports_record_the_packaged_version() -> None:
    from importlib.metadata import version

    import complycheck

    assert complycheck.__version__ == version("complycheck")
    assert run("--version").stdout.startswith(f"complycheck {version('complycheck')} (holidays ")
