"""A wide export that lacks an acknowledgement column is warned about once, up front.

The checks that need the step are ``unknown`` ("this log does not record ..."), not
breached; the warning says why before any result is read (docs/logs.md).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.logs import read_log
from complycheck.logs.coverage import missing_steps
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


def warnings_for(headers: list[str]) -> list[str]:
    resolution = resolve_default(headers)
    assert resolution.mapping is not None
    return missing_steps(resolution.mapping, "log.csv")


def test_a_missing_stage_1_acknowledgement_column_is_named() -> None:
    assert warnings_for(["Complaint ref", "Date received", "Stage 1 response date"]) == [
        f"log.csv: {STAGE_1_ACKNOWLEDGEMENT_WARNING}"
    ]


def test_stage_2_acknowledgement_is_only_missed_where_stage_2_is_read() -> None:
    stage_1_only = ["Complaint ref", "Date received", "Date acknowledged"]
    assert warnings_for(stage_1_only) == []
    escalated = [*stage_1_only, "Escalated", "Stage 2 response date"]
    (warning,) = warnings_for(escalated)
    assert warning.startswith("log.csv: no column gives the date of the stage 2 acknowledgement")
    assert warnings_for([*escalated, "Stage 2 acknowledged"]) == []


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
    # the columns the mapping file does not use are named too
    assert heard[1:] == [
        f"{log}: column 'Acked' was not used; is it the date of the stage 1 acknowledgement?",
        f"{log}: column 'Stage' was not used (complycheck works out where each complaint "
        "stands from its dates)",
    ]
    heard.clear()
    assert len(list(read_log(log, mapping=staged, warn=heard.append))) == 1
    assert heard == []


def test_json_lines_with_the_default_mapping_are_not_warned_about(tmp_path: Path) -> None:
    # a line may leave out a key whose value is empty, so its keys are not the log's columns
    log = tmp_path / "log.jsonl"
    log.write_text(
        '{"Complaint ref": "J1", "Date received": "2023-02-01"}\n'
        '{"Complaint ref": "J2", "Date received": "2023-02-02",'
        ' "Date acknowledged": "2023-02-03"}\n',
        encoding="utf-8",
    )
    heard: list[str] = []
    assert len(list(read_log(log, warn=heard.append))) == 2
    assert heard == []


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
    ]
    assert result.stderr.splitlines()[:2] == [f"Warning: {text}" for text in expected]
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
    assert f"Warning: {tmp_path / 'export.csv'}: no column gives" in text.splitlines()[-2]
    markdown = run(tmp_path, "--format", "markdown").stdout
    assert "- **Warning:** " in markdown
    assert markdown.count("**Warning:**") == 2
