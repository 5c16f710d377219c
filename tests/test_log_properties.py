"""Cases in = results out, whatever bad rows a log holds (hypothesis).

A long log (CSV or JSON lines) of a few good cases gets random malformed cells in some of
its cases' rows and random rows that belong to no case (no ``case_id``, a line that is not
a JSON object) anywhere. Through the command line, every case must come out exactly once (a
report, or its errors located by row or line), every row that belongs to no case exactly
once as a located error, a case with a bad cell or a row of no case among its rows as an
error (never checked as if complete), and the exit status must say so.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complycheck.cli import main

COLUMNS = ("case_id", "date", "type", "stage", "apology", "complaint_handling_compensation_gbp")

#: field → values that are not valid there, whatever the row
BAD_CELLS = {
    "date": ["Sent", "31/02/2024", "2024-13-01"],  # not "TBC": the value map reads it
    "type": ["stage_responce"],
    "stage": ["two"],
    "apology": ["perhaps"],
    "complaint_handling_compensation_gbp": ["lots"],
}
#: a JSON line that belongs to no case, and a CSV row that does not either
NO_CASE_LINES = ['{"case_id": "X", "date": ', "[1, 2]", '"text"', '{"date": "2024-06-03"}']
NO_CASE_ROW = {"case_id": "", "date": "2024-06-03", "type": "complaint_received"}


def _case_rows(case_id: str, day: int) -> list[dict[str, Any]]:
    return [
        {"case_id": case_id, "date": f"2024-06-{day:02d}", "type": "complaint_received"},
        {"case_id": case_id, "date": f"2024-06-{day + 1:02d}", "type": "complaint_acknowledged",
         "stage": "1"},
        {"case_id": case_id, "date": f"2024-06-{day + 9:02d}", "type": "stage_response",
         "stage": "1", "apology": "yes", "complaint_handling_compensation_gbp": "50"},
    ]  # fmt: skip


@st.composite
def bad_logs(draw: st.DrawFn) -> tuple[str, list[str | dict[str, Any]], set[str], int]:
    """(format, rows in file order, ids of the cases that must be errors, rows of no case).

    A case must be an error when one of its rows has a bad cell, or when a row of no case
    falls between its rows: it cannot be checked as if complete.
    """
    fmt = draw(st.sampled_from(["csv", "jsonl"]))
    count = draw(st.integers(1, 6))
    rows: list[str | dict[str, Any]] = []
    spoiled: set[str] = set()
    for number in range(1, count + 1):
        case_id = f"C{number}"
        case = _case_rows(case_id, draw(st.integers(1, 15)))
        if draw(st.booleans()):
            row = draw(st.sampled_from(case))
            field = draw(st.sampled_from(sorted(BAD_CELLS)))
            row[field] = draw(st.sampled_from(BAD_CELLS[field]))
            spoiled.add(case_id)
        rows.extend(case)
    strays = draw(st.integers(0, 4))
    for _ in range(strays):
        stray = NO_CASE_ROW if fmt == "csv" else draw(st.sampled_from(NO_CASE_LINES))
        rows.insert(draw(st.integers(0, len(rows))), stray)
    cases = [row for row in rows if isinstance(row, dict) and row["case_id"]]
    for index, row in enumerate(rows):
        if row is NO_CASE_ROW or isinstance(row, str):
            before = [r for r in rows[:index] if r in cases]
            after = [r for r in rows[index + 1 :] if r in cases]
            if before and after and before[-1]["case_id"] == after[0]["case_id"]:
                spoiled.add(after[0]["case_id"])
    return fmt, rows, spoiled, strays


def _write(fmt: str, rows: list[str | dict[str, Any]], path: Path) -> None:
    if fmt == "jsonl":
        lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row for row in rows if isinstance(row, dict))
    path.write_text(out.getvalue(), encoding="utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(log=bad_logs())
def test_every_case_of_a_log_with_bad_rows_gets_exactly_one_result(
    log: tuple[str, list[str | dict[str, Any]], set[str], int],
) -> None:
    fmt, rows, spoiled, strays = log
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"log.{fmt}"
        _write(fmt, rows, path)
        result = CliRunner().invoke(
            main,
            ["check", str(path), "--format", "jsonl", "--as-of", "2025-01-06", "-q"],
            catch_exceptions=False,
        )
    *results, summary = [json.loads(line) for line in result.stdout.splitlines()]
    ids = sorted({row["case_id"] for row in rows if isinstance(row, dict) and row["case_id"]})
    assert Counter(r["case_id"] for r in results if r["case_id"] is not None) == dict.fromkeys(
        ids, 1
    )
    orphans = [r for r in results if r["case_id"] is None]
    assert len(orphans) == strays
    failed = {r["case_id"] for r in results if r["errors"]}
    assert failed - {None} == spoiled
    word = "row" if fmt == "csv" else "line"
    for r in results:
        if r["errors"]:
            assert all(issue["location"].startswith(word) for issue in r["errors"]), r
    assert summary["summary"]["cases"] == len(results) == len(ids) + strays
    assert summary["summary"]["input_errors"] == len(spoiled) + strays
    assert result.exit_code == 2 if spoiled or strays else result.exit_code in (0, 1)


def test_a_first_json_line_of_no_case_does_not_make_the_event_rows_after_it_complaint_rows(
    tmp_path: Path,
) -> None:
    """Found by the property above: the first line decided the layout, so a stray first line
    made every event row after it a "complaint row" with no reference, and the case was lost."""
    path = tmp_path / "log.jsonl"
    rows = [NO_CASE_LINES[3], *_case_rows("C1", 3)]
    _write("jsonl", rows, path)
    result = CliRunner().invoke(
        main, ["check", str(path), "--format", "jsonl", "--as-of", "2025-01-06", "-q"]
    )
    *results, _ = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["location"], r["case_id"], bool(r["errors"])) for r in results] == [
        ("line 1", None, True),
        ("lines 2-4", "C1", False),
    ]
    assert result.exit_code == 2
