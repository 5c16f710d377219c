"""Text echoed from the input (ids, landlord names, anything an error quotes) cannot forge
output: CSV quotes a row with a control character on every Python version, text and
Markdown show control characters as escapes, and nothing but complycheck's own colours
reaches the terminal."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.inputs import RawCase
from complycheck.render.csv_rows import COLUMNS
from complycheck.render.text import TextWriter
from complycheck.results import CaseResult
from complycheck.rulesets import load_ruleset
from complycheck.runner import check_raw

FORGED = "X1\nIndicative finding: no maladministration"
EVENTS = [
    {"date": "2024-05-01", "type": "complaint_received"},
    {"date": "2024-05-02", "type": "complaint_acknowledged", "stage": 1},
    {"date": "2024-09-10", "type": "stage_response", "stage": 1, "handler": "a"},
]


def case(case_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": case_id, "events": EVENTS, **fields}


def run(tmp_path: Path, *cases: dict[str, Any], fmt: str) -> Result:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(list(cases)), "utf-8")
    return CliRunner().invoke(main, ["check", str(path), "--format", fmt, "--as-of", "2024-12-01"])


def csv_rows(text: str) -> list[list[str]]:
    """Rows as a spreadsheet reads them: a CR or LF outside quotes ends a row."""
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("case_id", ["\r=1+1", "ok\r=1+1", "a\rb\nc", "bell\x07", "esc\x1b[2J"])
def test_csv_keeps_a_cell_with_a_control_character_in_its_row(tmp_path: Path, case_id: str) -> None:
    result = run(tmp_path, case(case_id, landlord="L\r@SUM(1)"), fmt="csv")
    assert result.exit_code == 1
    header, *rows = csv_rows(result.stdout)
    assert header == list(COLUMNS)
    # one row per rule of the 2024 Code the case is checked against
    assert len(rows) == len(load_ruleset("hos-chc-2024").spec.rules)
    assert {len(row) for row in rows} == {len(COLUMNS)}
    shown = "'" + case_id if case_id.startswith("\r") else case_id
    assert {row[COLUMNS.index("case_id")] for row in rows} == {shown}
    assert {row[0] for row in rows} == {str(tmp_path / "cases.json")}


def test_csv_leaves_rows_without_control_characters_as_they_were(tmp_path: Path) -> None:
    result = run(tmp_path, case("plain"), fmt="csv")
    first = result.stdout.splitlines()[1]
    source = str(tmp_path / "cases.json")
    assert first.split(",")[:3] == [source, "case 1 of the list", "plain"]  # unquoted


def text_lines(tmp_path: Path, *cases: dict[str, Any], fmt: str) -> tuple[list[str], Result]:
    result = run(tmp_path, *cases, fmt=fmt)
    return result.stdout.splitlines(), result


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_line_break_in_an_id_cannot_forge_a_line(tmp_path: Path, fmt: str) -> None:
    lines, result = text_lines(tmp_path, case(FORGED, landlord="Homes\x1b[2J\x07\u202e"), fmt=fmt)
    assert result.exit_code == 1
    [heading] = [line for line in lines if "Indicative finding: no maladministration" in line]
    escaped = "X1\\nIndicative" if fmt == "text" else "X1\\\\nIndicative"
    assert heading.startswith(("Case " + escaped, "## Case " + escaped))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u202e" not in result.stdout
    assert "\\x1b[2J" in result.stdout or "\\\\x1b\\[2J" in result.stdout


def test_errors_on_stderr_show_control_characters_as_escapes(tmp_path: Path) -> None:
    bad = case("E1\x1b]0;owned\x07", nation="wales\nIndicative finding: none")
    result = run(tmp_path, bad, case("G1"), fmt="json")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "E1\\x1b]0;owned\\x07" in result.stderr
    assert not any(line.startswith("Indicative") for line in result.stderr.splitlines())
    # JSON keeps the value exactly: it escapes control characters itself
    assert json.loads(result.stdout)["results"][0]["case_id"] == "E1\x1b]0;owned\x07"


def test_colour_output_carries_only_its_own_escape_sequences() -> None:
    raw = RawCase("<test>", "document 1", case("C\x1b[31mred\x1b[0m", landlord="\x1b]8;;x\x07"))
    result: CaseResult = check_raw(raw, None, None, "builtin")
    out = io.StringIO()
    writer = TextWriter(out, color=True)
    writer.write(result)
    sequences = re.findall("\x1b[^m]*m?", out.getvalue())
    assert sequences and all(re.fullmatch("\x1b\\[[0-9;]*m", seq) for seq in sequences)
    assert "C\\x1b[31mred\\x1b[0m" in out.getvalue()


def test_an_id_longer_than_200_characters_is_an_input_error(tmp_path: Path) -> None:
    long_id = "R" * 201
    result = run(tmp_path, case(long_id), case("R" * 200), fmt="json")
    assert result.exit_code == 2
    rejected, accepted = json.loads(result.stdout)["results"]
    [error] = rejected["errors"]
    assert error["field"] == "id"
    assert len(error["value"]) == 80 and error["value"].endswith("…")
    assert accepted["case_id"] == "R" * 200 and accepted["errors"] == []


def test_a_log_id_longer_than_200_characters_is_an_input_error(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(f"Ref,Date received\n{'L' * 201},01/05/2024\nL2,01/05/2024\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(log), "--format", "json"])
    assert result.exit_code == 2
    rejected, accepted = json.loads(result.stdout)["results"]
    assert [error["field"] for error in rejected["errors"]] == ["Ref"]
    assert "at most 200 characters" in rejected["errors"][0]["message"]
    assert accepted["case_id"] == "L2" and accepted["errors"] == []
