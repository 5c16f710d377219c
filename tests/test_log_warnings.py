"""A wide export that lacks a column for a step (an acknowledgement, a response, stage 2,
extensions, apologies) is warned about once, up front.

The checks that need an acknowledgement or a response are ``unknown`` ("this log does not
record ..."), not breached; the warning says why before any result is read (docs/logs.md).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.logs import read_log
from complycheck.logs.coverage import missing_steps, step_names
from complycheck.logs.mapping import resolve_default

NO_ACKNOWLEDGEMENTS = (
    "Complaint ref,Date received,Stage 1 response date,Escalated,Stage 2 response date\n"
    "A1,01/02/2023,10/02/2023,01/03/2023,20/03/2023\n"
    "A2,06/02/2023,13/02/2023,,\n"
)
STAGE_1_ACKNOWLEDGEMENT_WARNING = (
    "no column gives the date of the stage 1 acknowledgement (the default mapping), so the "
    'checks that need it are unknown ("this log does not record the stage 1 '
    'acknowledgement"), not breached; if the system records it, map its column '
    "(`complycheck mapping init` lists the columns it could not place)"
)


EXTENSIONS_WARNING = (
    "no column records extensions (the default mapping), so each response is checked against "
    "the Code's time limit as if no extension was agreed; if the system records them, map "
    "their columns (`complycheck mapping init` lists the columns it could not place)"
)
APOLOGIES_WARNING = (
    "no column says whether a response apologised (the default mapping), so no finding "
    'counts an apology as redress (its reasoning says "apologised: not recorded"); if the '
    "system records it, map its column (`complycheck mapping init` lists the columns it "
    "could not place)"
)
#: columns that record extensions and apologies, so that a test is about the other steps
EXTENSION_AND_APOLOGY = ["Extension date", "Extension days", "Apology given"]


def warnings_for(headers: list[str]) -> list[str]:
    resolution = resolve_default(headers)
    assert resolution.mapping is not None
    return missing_steps(resolution.mapping, "log.csv")


def steps_for(headers: list[str]) -> list[str]:
    resolution = resolve_default(headers)
    assert resolution.mapping is not None
    return step_names(resolution.mapping)


def test_a_missing_stage_1_acknowledgement_column_is_named() -> None:
    assert warnings_for(["Complaint ref", "Date received", "Stage 1 response date"]) == [
        f"log.csv: {STAGE_1_ACKNOWLEDGEMENT_WARNING}",
        "log.csv: no column gives escalations or stage 2 responses (the default mapping), so "
        "this log does not record stage 2: its complaints are checked as if none went to "
        "stage 2; if the system records them, map their columns (`complycheck mapping init` "
        "lists the columns it could not place)",
        f"log.csv: {EXTENSIONS_WARNING}",
        f"log.csv: {APOLOGIES_WARNING}",
    ]


def test_each_step_is_missed_only_where_what_makes_it_due_is_read() -> None:
    stage_1_only = ["Complaint ref", "Date received", "Date acknowledged", *EXTENSION_AND_APOLOGY]
    assert steps_for(stage_1_only) == ["the stage 1 response", "stage 2"]
    answered = [*stage_1_only, "Stage 1 response date"]
    assert steps_for(answered) == ["stage 2"]
    escalated = [*answered, "Escalated"]
    assert steps_for(escalated) == ["the stage 2 acknowledgement", "the stage 2 response"]
    assert steps_for([*escalated, "Stage 2 response date"]) == ["the stage 2 acknowledgement"]
    assert steps_for([*escalated, "Stage 2 response date", "Stage 2 acknowledged"]) == []
    # a stage 2 response with no escalation column: the request is missed where stage 2 was
    assert steps_for([*answered, "Stage 2 response date", "Stage 2 acknowledged"]) == [
        "the escalation request"
    ]
    # an apology read from an outcome column, an extension from a Y/N column, records them
    every_column = [
        *["Complaint ref", "Date received", "Date acknowledged", "Stage 1 response date"],
        *["Escalated", "Stage 2 acknowledged", "Stage 2 response date"],
        *["Apology (Y/N)", "Extension Agreed (Y/N)", "Revised target date"],
    ]
    assert steps_for(every_column) == []


def test_a_mapping_file_is_looked_at_and_a_stage_column_is_trusted(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("Ref,Opened,Acked,Stage\nR1,01/03/2023,02/03/2023,1\n", encoding="utf-8")
    no_ack = tmp_path / "no-ack.yaml"
    no_ack.write_text(
        'id: {column: "Ref"}\nevents:\n  - {type: complaint_received, date: "Opened"}\n',
        encoding="utf-8",
    )
    staged = tmp_path / "staged.yaml"
    staged.write_text(
        'id: {column: "Ref"}\nevents:\n  - {type: complaint_received, date: "Opened"}\n'
        '  - {type: complaint_acknowledged, date: "Acked", stage: {column: "Stage"}}\n',
        encoding="utf-8",
    )
    heard: list[str] = []
    assert len(list(read_log(log, mapping=no_ack, warn=heard.append))) == 1
    assert heard[0] == (
        f"{log}: " + STAGE_1_ACKNOWLEDGEMENT_WARNING.replace("(the default mapping)", f"({no_ack})")
    )
    assert [said.split(": ", 1)[1].split(" (")[0] for said in heard[1:4]] == [
        "no column gives the date of the stage 1 response",
        "no column gives escalations or stage 2 responses",
        "no column records extensions",
    ]
    # the columns the mapping file does not use are named too
    assert heard[5:] == [
        f"{log}: column 'Acked' was not used; is it the date of the stage 1 acknowledgement?",
        f"{log}: column 'Stage' was not used (complycheck works out where each complaint "
        "stands from its dates)",
    ]
    heard.clear()
    assert len(list(read_log(log, mapping=staged, warn=heard.append))) == 1
    # the acknowledgement's stage comes from a column: it records the acknowledgement at
    # every stage, and the stage 1 response is missing whatever the stage column says
    assert not any("acknowledgement" in said for said in heard)
    assert "no column gives the date of the stage 1 response" in heard[0]


def test_json_lines_with_the_default_mapping_are_looked_at_as_a_whole(tmp_path: Path) -> None:
    # a line may leave out a key whose value is empty: only a key no line has is missing
    log = tmp_path / "log.jsonl"
    log.write_text(
        '{"Complaint ref": "J1", "Date received": "2023-02-01", "Apology given": null}\n'
        '{"Complaint ref": "J2", "Date received": "2023-02-02",'
        ' "Date acknowledged": "2023-02-03", "Team": "North"}\n',
        encoding="utf-8",
    )
    heard: list[str] = []
    cases = list(read_log(log, warn=heard.append))
    assert [case.data["not_recorded"] for case in cases if case.data] == [
        [{"event": "stage_response", "stage": 1}]
    ] * 2
    assert [said.split(": ", 1)[1].split(" (")[0] for said in heard] == [
        "no column gives the date of the stage 1 response",
        "no column gives escalations or stage 2 responses",
        "no column records extensions",
        "column 'Team' was not used",
    ]


def test_json_lines_with_a_mapping_file_are_warned_about_once(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"Ref": "J1", "Opened": "2023-02-01"}\n', encoding="utf-8")
    mapping = tmp_path / "ours.yaml"
    mapping.write_text(
        'id: "Ref"\nevents:\n  - {type: complaint_received, date: "Opened"}\n'
        '  - {type: complaint_acknowledged, stage: 1, date: "Acked"}\n'
        '  - {type: stage_response, stage: 1, date: "Answered", apology: "Sorry"}\n'
        '  - {type: extension_notified, stage: 1, date: "Extended", extra_working_days: 5}\n'
        '  - {type: escalation_requested, date: "Escalated"}\n'
        '  - {type: complaint_acknowledged, stage: 2, date: "Acked 2"}\n'
        '  - {type: stage_response, stage: 2, date: "Answered 2"}\n',
        encoding="utf-8",
    )
    heard: list[str] = []
    [case] = list(read_log(log, mapping=mapping, warn=heard.append))
    assert heard == []  # a missing key is a blank: the mapping file says what is recorded
    assert case.data is not None and "not_recorded" not in case.data


def run(tmp_path: Path, *args: str) -> Result:
    log = tmp_path / "export.csv"
    log.write_text(NO_ACKNOWLEDGEMENTS, encoding="utf-8")
    return CliRunner().invoke(
        main,
        ["check", str(log), "--as-of", "2024-01-01", "--fail-on", "never", *args],
        catch_exceptions=False,
    )


def test_the_cli_warns_on_stderr_and_in_the_summary(tmp_path: Path) -> None:
    result = run(tmp_path, "--format", "jsonl")
    assert result.exit_code == 0
    log = tmp_path / "export.csv"
    expected = [
        f"{log}: {STAGE_1_ACKNOWLEDGEMENT_WARNING}",
        f"{log}: {STAGE_1_ACKNOWLEDGEMENT_WARNING}".replace("stage 1", "stage 2"),
        f"{log}: {EXTENSIONS_WARNING}",
        f"{log}: {APOLOGIES_WARNING}",
    ]
    assert result.stderr.splitlines()[:4] == [f"Warning: {text}" for text in expected]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3  # both cases are still checked
    assert [line["case_id"] for line in lines[:2]] == ["A1", "A2"]
    assert lines[2]["summary"]["warnings"] == expected
    assert lines[0]["checks"][2]["rule"] == "stage1.acknowledge"
    assert lines[0]["checks"][2]["status"] == "unknown"


def test_quiet_keeps_the_warning_in_the_summary_only(tmp_path: Path) -> None:
    result = run(tmp_path, "--format", "junit", "--quiet")
    assert result.stderr == ""
    suites = ET.fromstring(result.stdout).findall("testsuite")
    summary = suites[-1]
    assert summary.get("name") == "complycheck.summary"
    properties = {p.get("name"): p.get("value") for p in summary.iter("property")}
    assert properties["warning.1"] == (
        f"{tmp_path / 'export.csv'}: {STAGE_1_ACKNOWLEDGEMENT_WARNING}"
    )
    assert properties["warning.2"].startswith(f"{tmp_path / 'export.csv'}: no column gives")


def test_text_and_markdown_summaries_end_with_the_warning(tmp_path: Path) -> None:
    text = run(tmp_path, "--format", "text").stdout
    said = [line.strip() for line in text.splitlines() if "Warning:" in line]
    assert [line.split(": ", 2)[2][:26] for line in said] == [
        "no column gives the date o",
        "no column gives the date o",
        "no column records extensio",
        "no column says whether a r",
    ]
    assert "apologised" in text.splitlines()[-1]  # each warning on one line, at the end
    markdown = run(tmp_path, "--format", "markdown").stdout
    assert "- **Warning:** " in markdown
    assert markdown.count("**Warning:**") == 4
