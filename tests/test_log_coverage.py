"""A step the log has no column for is not recorded, never "did not happen"; a blank cell
in a column that exists still means the step did not happen (docs/logs.md, "A column the
export lacks is a step not recorded"). Long logs read cells through the value map."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from complycheck.cli import main
from complycheck.logs import read_log
from complycheck.reporting import check_log

AS_OF = "2024-09-30"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Each case's result by id, and the run's summary."""
    result = CliRunner().invoke(
        main,
        ["check", str(path), "--as-of", AS_OF, "--format", "jsonl", "--fail-on", "never"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    return {line["case_id"]: line for line in lines[:-1]}, lines[-1]["summary"]


def status(case: dict[str, Any], rule: str) -> tuple[str, str]:
    [found] = [c for c in case["checks"] if c["rule"] == rule]
    return found["status"], found["reasoning"]


def not_recorded(path: Path) -> dict[str, list[dict[str, object]]]:
    return {
        str(case.data["id"]): case.data.get("not_recorded", [])
        for case in read_log(path)
        if case.data is not None
    }


# Received 3 Jun 2024, acknowledged 4 Jun; no stage 1 response by 30 Sep 2024.
ALL_COLUMNS = (
    "Complaint ref,Date received,Date acknowledged,Stage 1 response date,Escalated,"
    "Stage 2 acknowledged,Stage 2 response date,Extension date,Extension days,Apology given\n"
    "C1,03/06/2024,04/06/2024,,,,,,,\n"
)


def test_no_stage_1_response_column_is_unknown_where_a_blank_cell_is_a_breach(
    tmp_path: Path,
) -> None:
    blank_cell, _ = check(write(tmp_path, "all.csv", ALL_COLUMNS))
    assert status(blank_cell["C1"], "stage1.respond")[0] == "breached"
    no_column = ALL_COLUMNS.replace("Stage 1 response date,", "").replace(
        "04/06/2024,,", "04/06/2024,"
    )
    cases, summary = check(write(tmp_path, "no-response.csv", no_column))
    state, reasoning = status(cases["C1"], "stage1.respond")
    assert state == "unknown"
    assert reasoning.startswith("This log does not record the stage 1 response, so whether")
    assert [log["not_recorded"] for log in summary["logs"]] == [["the stage 1 response"]]
    assert status(cases["C1"], "stage1.kept_informed") == (
        "unknown",
        "The stage 1 response was due by 18 Jun 2024; this log does not record the stage 1 "
        "response, so whether it came in time is not known (Code 2024, 5.9).",
    )
    assert cases["C1"]["determination"]["finding"] == "no_maladministration"
    assert blank_cell["C1"]["determination"]["finding"] != "no_maladministration"


# E1 escalated on 1 Jul 2024 with no stage 2 response column; N1 was never escalated.
NO_STAGE_2_RESPONSE = (
    "Complaint ref,Date received,Date acknowledged,Stage 1 response date,Escalated,"
    "Stage 2 acknowledged,Extension date,Apology given\n"
    "E1,03/06/2024,04/06/2024,14/06/2024,01/07/2024,03/07/2024,,Yes\n"
    "N1,03/06/2024,04/06/2024,14/06/2024,,,,No\n"
)


def test_no_stage_2_response_column_leaves_only_escalated_complaints_unknown(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "log.csv", NO_STAGE_2_RESPONSE)
    assert not_recorded(path) == {"E1": [{"event": "stage_response", "stage": 2}], "N1": []}
    cases, summary = check(path)
    state, reasoning = status(cases["E1"], "stage2.respond")
    assert state == "unknown"
    assert reasoning.startswith("This log does not record the stage 2 response")
    assert status(cases["N1"], "stage2.respond")[0] == "not_applicable"
    assert summary["logs"][0]["not_recorded"] == ["the stage 2 response"]


# S1 has a stage 2 response (so it was escalated) but no stage 1 response; B1 has neither.
NO_ESCALATION = (
    "Complaint ref,Date received,Date acknowledged,Stage 1 response date,"
    "Stage 2 acknowledged,Stage 2 response date,Extension date,Apology given\n"
    "S1,03/06/2024,04/06/2024,,10/07/2024,01/08/2024,,Yes\n"
    "B1,03/06/2024,04/06/2024,,,,,\n"
)


def test_no_escalation_column_is_not_recorded_only_where_stage_2_shows_one(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "log.csv", NO_ESCALATION)
    assert not_recorded(path) == {"S1": [{"event": "escalation_requested"}], "B1": []}
    cases, summary = check(path)
    state, reasoning = status(cases["S1"], "stage1.respond")
    assert state == "unknown"
    assert "this log does not record when the resident asked to escalate" in reasoning
    # a blank stage 1 response cell, with no sign of stage 2: overdue, as before
    assert status(cases["B1"], "stage1.respond")[0] == "breached"
    assert summary["logs"][0]["not_recorded"] == ["the escalation request"]


def test_stage_2_extensions_and_apologies_not_recorded_are_said_not_guessed(
    tmp_path: Path,
) -> None:
    # answered on 5 Jul 2024, 22 working days after the acknowledgement: late, and the log
    # cannot show an extension; it has no stage 2 or apology column either
    path = write(
        tmp_path,
        "log.csv",
        "Complaint ref,Date received,Date acknowledged,Stage 1 response date\n"
        "L1,03/06/2024,04/06/2024,04/07/2024\n",
    )
    assert not_recorded(path) == {"L1": []}  # the cases read as they always did
    cases, summary = check(path)
    assert status(cases["L1"], "stage1.respond")[0] == "breached"
    assert summary["logs"][0]["not_recorded"] == ["stage 2", "extensions", "apologies"]
    said = [w.split(": ", 1)[1] for w in summary["warnings"]]
    assert said[0].startswith(
        "no column gives escalations or stage 2 responses (the default mapping), so this log "
        "does not record stage 2: its complaints are checked as if none went to stage 2"
    )
    assert said[1].startswith("no column records extensions (the default mapping), so each")
    assert said[2].startswith("no column says whether a response apologised")
    reasoning = cases["L1"]["determination"]["reasoning"]
    assert any("apologised: not recorded" in step for step in reasoning)


def test_json_lines_with_no_acknowledgement_key_are_unknown_as_a_csv_is(tmp_path: Path) -> None:
    lines = [
        {"Complaint ref": "J1", "Date received": "2024-06-03", "Stage 1 response date": None},
        {"Complaint ref": "J2", "Date received": "2024-06-03", "Escalated": "2024-06-20"},
    ]
    path = write(tmp_path, "log.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    cases, summary = check(path)
    state, reasoning = status(cases["J1"], "stage1.acknowledge")
    assert state == "unknown"
    assert "this log does not record the stage 1 acknowledgement" in reasoning.lower()
    assert summary["logs"][0]["not_recorded"] == [
        "the stage 1 acknowledgement",
        "the stage 2 acknowledgement",
        "the stage 2 response",
        "extensions",
        "apologies",
    ]
    # the response key is there (null on one line, left out on the other): a blank cell
    assert status(cases["J1"], "stage1.respond")[0] == "breached"


LONG = (
    "case_id,date,type,stage,handler,apology,compensation_gbp\n"
    "L1,2024-06-03,complaint_received,,,,\n"
    "L1,2024-06-04,complaint_acknowledged,1,,,\n"
    "L1,TBC,stage_response,1,N/A,n/a,-\n"
    "L2,2024-06-03,complaint_received,,,,\n"
    "L2,Withdrawn,stage_response,1,,,\n"
    "L3,2024-06-03,complaint_received,,,,\n"
    "L3,2024-06-04,complaint_acknowledged,1,,,\n"
    "L3,2024-06-10,stage_response,1,-,Y,Nil\n"
    "L4,2024-06-03,complaint_received,,,,\n"
    "L4,Sent,stage_response,1,,,\n"
)


def test_a_long_log_reads_cells_through_the_default_value_map(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", LONG)
    cases = {case.case_id: case for case in read_log(path, name="events.csv")}
    # TBC: the response has not happened; its N/A and "-" cells are no values
    l1 = cases["L1"].data
    assert l1 is not None and [e["type"] for e in l1["events"]] == [
        "complaint_received",
        "complaint_acknowledged",
    ]
    assert "not_recorded" not in l1
    # Withdrawn where the response's date belongs: withdrawn, but not when
    l2 = cases["L2"].data
    assert l2 is not None and [e["type"] for e in l2["events"]] == ["complaint_received"]
    assert l2["not_recorded"] == [
        {
            "event": "complaint_withdrawn",
            "note": "'date' on row 6 says the complaint was withdrawn, but not when",
        }
    ]
    # "-" is no handler, Y is yes, Nil is 0
    l3 = cases["L3"].data
    assert l3 is not None and l3["events"][2] == {
        "date": "2024-06-10",
        "type": "stage_response",
        "stage": 1,
        "apology": True,
        "compensation_gbp": 0.0,
    }
    # a word no map knows is still a located error
    assert [str(issue) for issue in cases["L4"].issues] == [
        "events.csv: row 11: case L4: date: 'Sent' is not a date; expected a date such as "
        "2023-02-15, 15/02/2023, 15-Feb-23 or 15 Feb 2023, an Excel date, or a month such as "
        "2023-08 or Aug 2023"
    ]


def test_a_long_logs_withdrawal_leaves_the_overdue_response_unknown(tmp_path: Path) -> None:
    cases, _ = check(write(tmp_path, "events.csv", LONG))
    assert status(cases["L1"], "stage1.respond")[0] == "breached"
    state, reasoning = status(cases["L2"], "stage1.respond")
    assert state == "unknown"
    assert "when the complaint was withdrawn ('date' on row 6 says" in reasoning


def test_rows_given_as_a_list_are_looked_at_as_a_whole() -> None:
    told: list[str] = []
    rows = [
        {"Complaint ref": "P1", "Date received": "2024-06-03", "Stage 1 response date": None},
        {"Complaint ref": "P2", "Date received": "2024-06-03", "Team": "North"},
    ]
    result = check_log(rows, as_of=date(2024, 9, 30), warn=told.append)
    found = {row.case_id: row.stage(1) for row in result.cases}
    assert set(found) == {"P1", "P2"}
    assert [said.split(": ", 1)[1].split(" (")[0] for said in told] == [
        "no column gives the date of the stage 1 acknowledgement",
        "no column gives escalations or stage 2 responses",
        "no column records extensions",
        "no column says whether a response apologised",
        "column 'Team' was not used",
    ]
    assert [said.split(": ", 1)[0] for said in told] == ["<rows>"] * 5
    # the response key is there: a blank is an overdue response; the acknowledgement,
    # which no row has, is not recorded
    assert found["P1"].status == "breached" and found["P1"].acknowledgement == "unknown"
    assert not found["P1"].acknowledgement_recorded


# K1 went to stage 2 (escalated 1 Jul, answered 1 Aug) in a log with no stage 1 response
# column; K2's log has the column, and its blank cell shows stage 1 was skipped.
STAGE_2_ONLY = (
    "Complaint ref,Date received,Date acknowledged,Escalated,Stage 2 acknowledged,"
    "Stage 2 response date\n"
    "K1,03/06/2024,04/06/2024,01/07/2024,03/07/2024,01/08/2024\n"
)


def test_no_stage_1_response_column_does_not_make_a_stage_look_skipped(tmp_path: Path) -> None:
    cases, _ = check(write(tmp_path, "stage-2-only.csv", STAGE_2_ONLY))
    state, reasoning = status(cases["K1"], "stages.no_skipped_stage")
    assert state == "unknown"
    assert reasoning == (
        "The stage 2 response on 1 Aug 2024 is recorded, but this log does not record the stage 1 "
        "response, so whether a stage was skipped is not known (Code 2024, 6.10)."
    )
    with_column = (
        STAGE_2_ONLY.replace("Escalated,", "Stage 1 response date,Escalated,")
        .replace("04/06/2024,01/07", "04/06/2024,,01/07")
        .replace("K1", "K2")
    )
    skipped, _ = check(write(tmp_path, "blank-cell.csv", with_column))
    assert status(skipped["K2"], "stages.no_skipped_stage")[0] == "breached"
