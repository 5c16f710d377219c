"""Report runs and the year's summary: a passed-through column the report reads is used,
and a log on standard input is scoped by --as-of as a file is."""

from __future__ import annotations

import csv
import json
import re
import statistics
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from complycheck.annual import build_report, render_html
from complycheck.cli import main
from complycheck.render.year_summary import summary_lines
from complycheck.reporting import ReportingPeriod, check_log
from complycheck.workdays import calendar_for

ROOT = Path(__file__).resolve().parent.parent
YEAR = ROOT / "examples" / "logs" / "year-2024-25.csv"

# B is received after the as-of day: not yet received, in a file and on stdin alike.
TWO = (
    "Complaint ref,Date received,Date acknowledged,Stage 1 response date\n"
    "A,01/02/2024,02/02/2024,05/02/2024\n"
    "B,01/06/2024,,\n"
)


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, catch_exceptions=False)


def _not_used(stderr: str) -> list[str]:
    return sorted(
        line.split("column ", 1)[1].split(" ", 1)[0]
        for line in stderr.splitlines()
        if "was not used" in line
    )


def test_a_column_the_report_reads_is_not_called_unused() -> None:
    base = ["check", str(YEAR), "--period", "2024-25", "--format", "summary"]
    plain = run(*base, "--fail-on", "never")
    assert _not_used(plain.stderr) == ["'Category'", "'Team'", "'Tenure'"]
    grouped = run(*base, "--fail-on", "never", "--group-by", "team", "--homes-lcra", "100")
    assert _not_used(grouped.stderr) == ["'Category'"]  # Team grouped by, Tenure read
    document = json.loads(
        run(*base, "--fail-on", "never", "--group-by", "Team", "--format", "summary-json").stdout
    )
    said = [w for w in document["warnings"] if "was not used" in w]
    assert [w.split(": ", 1)[1] for w in said] == [
        "column 'Category' was not used (it is like nothing complycheck reads)",
        "column 'Tenure' was not used (it is like nothing complycheck reads)",
    ]


def test_check_log_keeps_only_the_warnings_about_columns_it_does_not_read() -> None:
    told: list[str] = []
    result = check_log(str(YEAR), period="2024-25", group_by=["Category"], warn=told.append)
    summary = result.summary
    unused = [w for w in summary.warnings if "was not used" in w]
    assert unused == [w for w in told if "was not used" in w]
    assert [w.split("column ", 1)[1].split(" ", 1)[0] for w in unused] == ["'Team'", "'Tenure'"]


@pytest.mark.parametrize("fmt", ["jsonl", "summary-json"])
def test_a_log_on_stdin_with_as_of_alone_is_scoped_as_a_file_is(tmp_path: Path, fmt: str) -> None:
    log = tmp_path / "two.csv"
    log.write_text(TWO, encoding="utf-8")
    args = ["--as-of", "2024-03-01", "--format", fmt, "--fail-on", "never"]
    from_file = run("check", str(log), *args)
    from_stdin = run("check", "-", "--input-format", "csv", *args, stdin=TWO)
    assert from_file.exit_code == from_stdin.exit_code == 0
    accounting = "Complaints read: 2; in the report: 1; skipped: 1 not yet received at 2024-03-01."
    assert accounting in from_file.stderr.splitlines()
    assert accounting in from_stdin.stderr.splitlines()
    assert from_stdin.stdout.replace("<stdin>", str(log)) == from_file.stdout
    if fmt == "jsonl":
        ids = [json.loads(line).get("case_id") for line in from_stdin.stdout.splitlines()]
        assert ids[:-1] == ["A"]  # then the summary line


CRM = ROOT / "examples" / "logs" / "crm-export.csv"


def _crm_rows() -> list[dict[str, str]]:
    lines = CRM.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Complaint Reference"))
    return list(csv.DictReader(lines[header:]))


def test_a_log_with_no_acknowledgement_column_says_so_and_gives_days_from_receipt() -> None:
    result = check_log(str(CRM), period="2024-25", as_of=date(2025, 3, 31))
    summary = result.summary
    stage1 = summary.figures.stage(1)
    rows = _crm_rows()
    assert stage1.acknowledgements_not_recorded == len(rows) == 28
    assert (stage1.acknowledged_in_time.numerator, stage1.acknowledged_in_time.denominator) == (
        0,
        0,
    )
    # the Code's count runs from an acknowledgement the log does not record: only a range
    assert stage1.working_days.responses == 0
    # from receipt it is exact: every response made in the period, on England's calendar
    calendar = calendar_for("england")
    expected = sorted(
        calendar.working_days_between(_day(row["Date Logged"]), _day(sent))
        for row in rows
        if (sent := row["Stage 1 Response Sent"]) and _day(sent) is not None
    )
    from_receipt = stage1.working_days_from_start
    assert from_receipt.responses == len(expected) > 0
    assert from_receipt.median == statistics.median(expected)
    assert from_receipt.mean == pytest.approx(statistics.mean(expected))
    lines = {line.label: line.value for line in summary_lines(summary) if line.section == "Stage 1"}
    assert lines["Acknowledged within the Code's time"] == (
        "the log does not record acknowledgements (28 complaints received)"
    )
    assert lines["Working days from receipt to response: median"] == f"{from_receipt.median:g}"
    assert lines["Working days from receipt to response: mean"] == (
        f"{round(statistics.mean(expected), 2):g}"
    )
    # stage 2 acknowledgements are in the log: measured as before
    stage2 = summary.figures.stage(2)
    assert stage2.acknowledgements_not_recorded == 0
    assert stage2.acknowledged_in_time.denominator == stage2.received == 4
    as_json = summary.to_dict()["figures"]["stages"][0]
    assert as_json["acknowledgements_not_recorded"] == 28
    assert as_json["working_days_from_start"]["responses"] == len(expected)


def _day(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None  # "TBC", "Withdrawn": no response date


def test_a_log_that_records_acknowledgements_prints_no_extra_lines() -> None:
    summary = check_log(str(YEAR), period="2024-25", today=date(2026, 1, 1)).summary
    labels = [line.label for line in summary_lines(summary)]
    assert not any(label.startswith("Working days from") for label in labels)
    assert "Acknowledgements the log does not record (left out)" not in labels
    assert summary.figures.stage(1).acknowledgements_not_recorded == 0


def test_the_annual_report_says_so_too() -> None:
    report = build_report([CRM], ReportingPeriod.reporting_year("2024-25"), today=date(2026, 1, 15))
    html = render_html(report)
    cells = dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', html))
    stage1 = report.summary.figures.stage(1)
    assert cells["ack.stage1"] == "not recorded by the log"
    assert cells["ack.stage2"] == "50.0% (2 of 4)"
    assert cells["median-from-start.stage1"] == f"{stage1.working_days_from_start.median:.1f}"


def test_compensation_offered_in_one_complaint_is_singular(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "Complaint Reference,Date Logged,Stage 1 Ack Date,Stage 1 Response Sent,Compensation (£)\n"
        'C1,03/06/2024,04/06/2024,14/06/2024,"£1,250.00"\n'
        "C2,10/06/2024,11/06/2024,20/06/2024,\n",
        encoding="utf-8",
    )
    result = run("check", str(log), "--format", "summary", "--as-of", "2024-12-31")
    assert "Compensation offered (GBP): 1250.00 in 1 complaint\n" in result.stdout
