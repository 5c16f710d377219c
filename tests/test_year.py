"""A reporting year: periods and as-of, per-complaint rows, filters, figures and TSMs.

``tests/data/year/complaints-2024-25.csv`` is a year worked out by hand (2024 Code; bank
holidays 6 and 27 May, 26 Aug, 25-26 Dec 2024, 1 Jan 2025; Easter 2024 is 29 Mar-1 Apr):

===  ===========  ======  ==========================================================
Y-A  North  LCRA  3 Jun   ack 4 Jun, stage 1 response 11 Jun: 5 working days
Y-B  North  LCRA  1 Jul   ack 3 Jul, response 26 Jul: 17 days, due 17 Jul, 7 late;
                          escalated 29 Jul, ack 30 Jul, stage 2 response 13 Aug: 10 days
Y-C  South  LCHO  2 Sep   ack 12 Sep (due 9 Sep: late), response 23 Sep: 7 days
Y-D  South  LCRA  7 Oct   ack 8 Oct, due 22 Oct, extended 10 days to 5 Nov, response
                          1 Nov: 18 days (on time with the extension, late without)
Y-E  North  LCRA  3 Mar   ack 4 Mar, due 18 Mar, no response: overdue at 31 Mar
Y-F  South  LCRA  26 Mar  ack 27 Mar, due 10 Apr, response 8 Apr (after the as-of day)
Y-G  North  LCRA  17 Mar  ack 18 Mar, due 1 Apr: 1 working day left at 31 Mar
Y-H  North        4 Mar 2024, closed 12 Mar 2024: before the period
Y-I  South  LCRA  18 Mar 2024 (2022 Code), ack 19 Mar, response 3 Apr 2024: 9 days
Y-J, Y-K          received 1 and 15 Apr 2025: not yet received at 31 Mar 2025
===  ===========  ======  ==========================================================
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import statistics
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from complycheck.cli import main
from complycheck.render import xlsx
from complycheck.reporting import Ch02Basis, ReportingPeriod, check_log
from complycheck.reporting.counting import _median
from complycheck.reporting.period import PeriodError
from complycheck.reporting.rows import pack, unpack
from complycheck.reporting.tsm import CH02_BASES, DEFAULT_BASIS, Ratio

YEAR = Path(__file__).parent / "data" / "year" / "complaints-2024-25.csv"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def year() -> object:
    result = check_log(
        str(YEAR),
        period="2024-25",
        today=date(2026, 1, 1),
        homes_lcra=1800,
        homes_lcho=200,
        group_by=["Team", "month"],
    )
    rows = {row.case_id: row for row in result.cases}
    return rows, result.summary


def test_the_period_and_as_of_default_to_the_end_of_a_closed_year(year: object) -> None:
    rows, summary = year  # type: ignore[misc]
    assert summary.period == ReportingPeriod(date(2024, 4, 1), date(2025, 3, 31), "2024-25")
    assert summary.as_of == date(2025, 3, 31)
    assert sorted(rows) == ["Y-A", "Y-B", "Y-C", "Y-D", "Y-E", "Y-F", "Y-G", "Y-I"]
    assert (summary.cases_read, summary.figures.complaints) == (11, 8)
    assert (summary.skipped_before_period, summary.skipped_after_period) == (1, 0)
    assert summary.not_yet_received == 2
    assert summary.cases_read == summary.figures.complaints + summary.skipped


def test_hand_computed_figures(year: object) -> None:
    _, summary = year  # type: ignore[misc]
    figures = summary.figures
    stage1, stage2 = figures.stages
    assert (stage1.received, stage2.received) == (7, 1)
    assert figures.escalation_rate == Ratio(1, 7)
    assert stage1.acknowledged_in_time == Ratio(6, 7)
    assert stage2.acknowledged_in_time == Ratio(1, 1)
    assert stage1.responded_in_time == Ratio(4, 5)  # A, C, D, I on time; B late
    assert (stage1.working_days.mean, stage1.working_days.median) == (11.2, 9)  # 5 7 9 17 18
    assert (stage2.working_days.mean, stage2.working_days.median) == (10, 10)
    assert (stage1.extended, stage1.extensions_past_cap) == (1, 0)
    assert (figures.open, figures.overdue) == (3, 1)
    assert figures.compensation_offered_gbp == 125.5
    assert figures.compensation_offered_cases == 2
    assert [(b.duty, b.cases, b.provisions) for b in figures.breaches] == [
        ("Stage 1 response", 2, (("6.3", "hos-chc-2024"),)),
        ("Stage 1 acknowledgement", 1, (("6.2", "hos-chc-2024"),)),
    ]
    assert figures.findings["service_failure"] == 3


def test_ch01_per_thousand_homes_by_tenure(year: object) -> None:
    _, summary = year  # type: ignore[misc]
    everyone, lcra, lcho = summary.tsm
    assert (everyone.tenure, everyone.homes, everyone.ch01) == (
        None,
        2000,
        (Ratio(7, 2000), Ratio(1, 2000)),
    )
    assert everyone.ch01 is not None and everyone.ch01[0].per(1000) == 3.5
    assert (lcra.tenure, lcra.ch01) == ("LCRA", (Ratio(6, 1800), Ratio(1, 1800)))
    assert (lcho.tenure, lcho.ch01) == ("LCHO", (Ratio(1, 200), Ratio(0, 200)))
    assert lcho.ch01 is not None and lcho.ch01[0].per(1000) == 5.0


def test_ch02_under_every_basis(year: object) -> None:
    _, summary = year  # type: ignore[misc]
    stage1 = {basis.name: ratios[0] for basis, ratios in summary.figures.ch02}
    assert stage1 == {
        # responses made in the period: A, B (late), C (acknowledged late), D (extended), I
        "responded/allowed/response": Ratio(4, 5),
        "responded/allowed/whole-chain": Ratio(3, 5),
        "responded/strict/response": Ratio(3, 5),
        "responded/strict/whole-chain": Ratio(2, 5),
        # received in the period: A, B, C, D, and E overdue; F and G not yet due
        "received/allowed/response": Ratio(3, 5),
        "received/allowed/whole-chain": Ratio(2, 5),
        "received/strict/response": Ratio(2, 5),
        "received/strict/whole-chain": Ratio(1, 5),
    }
    assert {ratios[1] for _, ratios in summary.figures.ch02} == {Ratio(1, 1)}
    assert DEFAULT_BASIS.name == "responded/allowed/response"
    lcra = summary.tsm[1]
    assert lcra.ch02_for(DEFAULT_BASIS)[0] == Ratio(3, 4)  # C is LCHO


def test_by_team_and_by_month(year: object) -> None:
    _, summary = year  # type: ignore[misc]
    north, south = summary.groups["Team"]["North"], summary.groups["Team"]["South"]
    assert (north.complaints, north.stage(1).received, north.stage(2).received) == (4, 4, 1)
    assert north.escalation_rate == Ratio(1, 4)
    assert north.stage(1).responded_in_time == Ratio(1, 2)
    assert north.stage(1).working_days.median == 11  # 5 and 17
    assert (north.open, north.overdue) == (2, 1)
    assert (south.complaints, south.stage(1).received) == (4, 3)
    assert south.stage(1).responded_in_time == Ratio(3, 3)
    assert south.stage(1).working_days.median == 9  # 7, 9, 18
    months = summary.groups["month"]
    assert {month: f.complaints for month, f in months.items()} == {
        "2024-03": 1,
        "2024-06": 1,
        "2024-07": 1,
        "2024-09": 1,
        "2024-10": 1,
        "2025-03": 3,
    }
    assert months["2025-03"].stage(1).received == 3
    assert months["2024-03"].stage(1).received == 0  # Y-I: carried over, responded in April


def test_rows_carry_stage_dates_and_the_exports_own_columns(year: object) -> None:
    rows, _ = year  # type: ignore[misc]
    b = rows["Y-B"]
    assert (b.received, b.escalated, b.ruleset, b.position) == (
        date(2024, 7, 1),
        date(2024, 7, 29),
        "hos-chc-2024",
        "closed",
    )
    assert (b.stage(1).due, b.stage(1).responded, b.stage(1).working_days) == (
        date(2024, 7, 17),
        date(2024, 7, 26),
        17,
    )
    assert b.stage(1).working_days_late == 7
    assert b.breaches == (("stage1.respond", "6.3"),)
    assert (b.stage(2).responded, b.stage(2).working_days) == (date(2024, 8, 13), 10)
    assert b.column("Team") == "North" and b.column("Category") == "repairs"
    d = rows["Y-D"]
    assert (d.stage(1).original_due, d.stage(1).due, d.stage(1).extensions) == (
        date(2024, 10, 22),
        date(2024, 11, 5),
        1,
    )
    g = rows["Y-G"]
    assert (g.position, g.next_deadline, g.working_days_left, g.overdue) == (
        "open",
        date(2025, 4, 1),
        1,
        False,
    )
    assert rows["Y-E"].overdue


def test_events_after_the_as_of_day_are_not_seen_and_the_reasoning_says_so(
    year: object,
) -> None:
    rows, _ = year  # type: ignore[misc]
    f = rows["Y-F"]
    assert (f.position, f.stage(1).status, f.unseen_events) == ("open", "pending", 1)
    assert f.result is not None and f.result.report is not None
    assert f.result.report.determination.reasoning[-1] == (
        "1 event dated after the as-of date (31 Mar 2025) is not seen: this is the position "
        "as it stood on that day."
    )
    assert "not seen" not in " ".join(rows["Y-A"].result.report.determination.reasoning)


def test_year_end_run_exits_0_with_later_complaints_not_yet_received(tmp_path: Path) -> None:
    lines = YEAR.read_text().splitlines()
    keep = [lines[0], *(line for line in lines[1:] if line[:3] in ("Y-A", "Y-H", "Y-J", "Y-K"))]
    log = tmp_path / "log.csv"
    log.write_text("\n".join(keep) + "\n")
    for args in (["--as-of", "2025-03-31"], ["--period", "2024-25"]):
        result = run("check", str(log), *args, "--format", "summary-json")
        assert result.exit_code == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["not_yet_received"] == 2
        assert summary["figures"]["input_errors"] == 0
    assert "2 not yet received at 2025-03-31" in result.stderr
    plain = run("check", str(log), "--as-of", "2025-03-31", "--format", "json")
    assert plain.exit_code == 0, plain.stderr
    assert [r["case_id"] for r in json.loads(plain.stdout)["results"]] == ["Y-A", "Y-H"]


def test_cases_csv_is_one_row_per_complaint_and_defuses_formulas() -> None:
    result = run(
        "check", str(YEAR), "--period", "2024-25", "--format", "cases", "--fail-on", "never"
    )
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["case_id"] for row in rows] == [
        "Y-A",
        "Y-B",
        "Y-C",
        "Y-D",
        "Y-E",
        "Y-F",
        "Y-G",
        "Y-I",
    ]
    header = list(rows[0])
    assert header[-4:] == ["Team", "Tenure", "Category", "other_columns"]
    a = rows[0]
    assert a["Category"] == '\'=HYPERLINK("http://evil.example")'
    assert (a["received"], a["stage1_due"], a["stage1_responded"]) == (
        "2024-06-03",
        "2024-06-18",
        "2024-06-11",
    )
    assert (a["stage1_working_days_taken"], a["open_closed"], a["finding"]) == (
        "5",
        "closed",
        "no_maladministration",
    )
    assert rows[1]["breached_provisions"] == "6.3"
    assert result.stderr.splitlines()[-1] == (
        "Complaints read: 11; in the report: 8; skipped: 1 received before the period, "
        "0 after it, 2 not yet received at 2025-03-31."
    )


@pytest.mark.parametrize(
    ("only", "expected"),
    [
        (["--only", "due-soon"], ["Y-G"]),
        (["--due-within", "8"], ["Y-F", "Y-G"]),
        (["--only", "overdue"], ["Y-E"]),
        (["--only", "open"], ["Y-E", "Y-F", "Y-G"]),
        (["--only", "breached"], ["Y-B", "Y-C", "Y-E"]),
        (["--only", "breached", "--only", "due-soon"], ["Y-B", "Y-C", "Y-E", "Y-G"]),
    ],
)
def test_filters(only: list[str], expected: list[str]) -> None:
    result = run(
        "check", str(YEAR), "--period", "2024-25", "--format", "cases", "--fail-on", "never", *only
    )
    assert result.exit_code == 0, result.stderr
    assert [row["case_id"] for row in csv.DictReader(io.StringIO(result.stdout))] == expected
    assert f"listed: {len(expected)} ({8 - len(expected)} left out by --only)" in result.stderr


def test_input_errors_are_rows_and_counted(tmp_path: Path) -> None:
    lines = YEAR.read_text().splitlines()
    log = tmp_path / "log.csv"
    log.write_text(
        "\n".join([*lines, "Y-Z,Vale Homes,05/06/2024,31/02/2024,,,,,,,,North,assured,x"])
    )
    result = run("check", str(log), "--period", "2024-25", "--format", "cases", "--only", "errors")
    assert result.exit_code == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["case_id"], row["open_closed"], row["Team"]) for row in rows] == [
        ("Y-Z", "input_error", "North")
    ]
    assert "31/02/2024" in rows[0]["input_errors"]
    assert "row 13: case Y-Z" in result.stderr
    assert "in the report: 9" in result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--period", "2024-26"], "--period"),
        (["--period", "24-25"], "--period"),
        (["--from", "2025-01-01", "--to", "2024-01-01"], "--from"),
        (["--from", "2025-01-01"], "--to"),
        (["--group-by", "Region"], "--group-by"),
        (["--homes", "0"], "--homes"),
        (["--homes-lcra", "100", "--tenure-column", "Kind"], "--tenure-column"),
        (["--period", "2024-25", "--from", "2024-01-01"], "--period"),
    ],
)
def test_bad_report_options_are_usage_errors_naming_the_option(
    args: list[str], option: str
) -> None:
    result = run("check", str(YEAR), "--format", "summary", *args)
    assert result.exit_code == 2
    assert option in result.stderr
    assert result.stdout == ""


def test_a_missing_group_by_column_names_the_columns_there_are() -> None:
    result = run("check", str(YEAR), "--format", "summary", "--group-by", "Region")
    assert "'Team', 'Tenure', 'Category'" in result.stderr


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-25", date(2024, 4, 1), date(2025, 3, 31)),
        ("2024/25", date(2024, 4, 1), date(2025, 3, 31)),
        ("2024-2025", date(2024, 4, 1), date(2025, 3, 31)),
        ("1999-00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_reporting_years(text: str, start: date, end: date) -> None:
    period = ReportingPeriod.reporting_year(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2024-26", "2024", "2024-24", "24-25", "2024-25x"])
def test_not_reporting_years(text: str) -> None:
    with pytest.raises(PeriodError, match="not a reporting year"):
        ReportingPeriod.reporting_year(text)


def test_a_running_year_is_seen_as_of_today() -> None:
    period = ReportingPeriod.reporting_year("2025-26")
    assert period.default_as_of(date(2025, 9, 1)) == date(2025, 9, 1)
    assert period.default_as_of(date(2026, 4, 2)) == date(2026, 3, 31)


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=60))
def test_the_median_from_counts_is_exact(values: list[int]) -> None:
    assert _median(Counter(values), len(values)) == statistics.median(values)


def test_summary_text_markdown_and_json_forms(tmp_path: Path) -> None:
    base = ["check", str(YEAR), "--period", "2024-25", "--homes", "2000", "--fail-on", "never"]
    text = run(*base, "--format", "summary", "--group-by", "Team")
    assert "  Escalation rate (stage 2 received / stage 1 received): 14.3% (1 of 7)" in (
        text.stdout.splitlines()
    )
    assert "  CH01 (1) stage 1 complaints per 1,000 homes: 3.50 (7 received, 2000 homes)" in (
        text.stdout.splitlines()
    )
    assert "By Team" in text.stdout
    markdown = tmp_path / "year.md"
    assert run(*base, "--format", "summary", "-o", str(markdown)).exit_code == 0
    assert "| Escalation rate (stage 2 received / stage 1 received) | 14.3% (1 of 7) |" in (
        markdown.read_text()
    )
    as_json = tmp_path / "year.json"
    assert run(*base, "--format", "summary", "-o", str(as_json)).exit_code == 0
    document = json.loads(as_json.read_text())
    assert document["tsm"][0]["ch01_per_1000_homes"]["stage1"] == {
        "numerator": 7,
        "denominator": 2000,
        "value": 3.5,
    }
    assert document["ch02_basis"] == "responded/allowed/response"


def test_another_ch02_basis_is_one_flag_away() -> None:
    result = run(
        "check",
        str(YEAR),
        "--period",
        "2024-25",
        "--format",
        "summary",
        "--fail-on",
        "never",
        "--ch02-basis",
        "received/strict/whole-chain",
    )
    assert (
        "CH02 (1) stage 1 in time, basis received/strict/whole-chain [default]: 20.0% (1 of 5)"
        in (result.stdout)
    )
    assert Ch02Basis.parse("received/strict/whole-chain") in CH02_BASES


def _workbook(tmp_path: Path) -> Path:
    target = tmp_path / "year.xlsx"
    result = run("check", str(YEAR), "--period", "2024-25", "--fail-on", "never", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def test_xlsx_opens_in_openpyxl_with_the_expected_cells(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_workbook(tmp_path))
    assert book.sheetnames == ["Cases", "Checks", "Summary"]
    cases = book["Cases"]
    assert cases.freeze_panes == "A2"
    assert cases.auto_filter.ref == "A1:AG9"
    header = [cell.value for cell in cases[1]]
    row = dict(zip(header, [cell.value for cell in cases[2]], strict=True))
    assert row["case_id"] == "Y-A"
    assert row["received"] == datetime(2024, 6, 3)
    assert cases.cell(2, header.index("received") + 1).number_format == "yyyy-mm-dd"
    assert row["stage1_working_days_taken"] == 5
    assert row["Category"] == '\'=HYPERLINK("http://evil.example")'
    assert cases.column_dimensions["A"].width >= 10
    checks = book["Checks"]
    assert checks.freeze_panes == "A2" and checks.auto_filter.ref is not None
    summary = {row[1]: row for row in book["Summary"].iter_rows(values_only=True)}
    escalation = summary["Escalation rate (stage 2 received / stage 1 received)"]
    assert escalation[2:] == ("14.3% (1 of 7)", 1, 7)


def test_xlsx_opens_in_libreoffice(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it on Debian")
    workbook = _workbook(tmp_path)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (tmp_path / "year.csv").open(encoding="utf-8") as converted:
        rows = list(csv.reader(converted))
    assert rows[0][:3] == ["source", "location", "case_id"]
    assert [row[2] for row in rows[1:]] == ["Y-A", "Y-B", "Y-C", "Y-D", "Y-E", "Y-F", "Y-G", "Y-I"]
    assert rows[1][4] == "2024-06-03"


def test_check_log_takes_rows_as_mappings_and_iterates_lazily() -> None:
    cases = [
        {
            "id": f"R-{n}",
            "events": [
                {"type": "complaint_received", "date": f"2024-06-{n:02d}"},
                {"type": "complaint_acknowledged", "stage": 1, "date": f"2024-06-{n + 1:02d}"},
            ],
        }
        for n in range(3, 6)
    ] + [{"id": "R-late", "events": [{"type": "complaint_received", "date": "2024-07-01"}]}]
    result = check_log(cases, as_of=date(2024, 6, 10))
    first = next(result.cases)
    assert (first.case_id, first.position) == ("R-3", "open")
    summary = result.summary
    assert (summary.cases_read, summary.figures.complaints, summary.not_yet_received) == (4, 3, 1)
    assert summary.figures.stage(1).acknowledged_in_time == Ratio(3, 3)


def test_jobs_write_the_same_rows_as_one_process() -> None:
    base = ["check", str(YEAR), "--period", "2024-25", "--format", "cases", "--fail-on", "never"]
    one, two = run(*base), run(*base, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout


def test_a_period_on_the_per_check_formats_skips_and_counts() -> None:
    result = run(
        "check", str(YEAR), "--period", "2024-25", "--format", "json", "--fail-on", "never"
    )
    assert result.exit_code == 0, result.stderr
    ids = [case["case_id"] for case in json.loads(result.stdout)["results"]]
    assert ids == ["Y-A", "Y-B", "Y-C", "Y-D", "Y-E", "Y-F", "Y-G", "Y-I"]
    assert "in the report: 8; skipped: 1 received before the period" in result.stderr


@settings(max_examples=40, deadline=None)
@given(
    received=st.lists(st.dates(date(2023, 1, 1), date(2026, 6, 30)), min_size=1, max_size=12),
    start=st.dates(date(2023, 6, 1), date(2025, 6, 1)),
    length=st.integers(min_value=0, max_value=500),
    as_of=st.dates(date(2023, 6, 1), date(2026, 6, 30)),
)
def test_every_complaint_read_is_in_the_report_or_skipped(
    received: list[date], start: date, length: int, as_of: date
) -> None:
    cases = [
        {"id": f"P-{n}", "events": [{"type": "complaint_received", "date": day.isoformat()}]}
        for n, day in enumerate(received)
    ]
    period = ReportingPeriod.between(start, start + timedelta(days=length))
    result = check_log(cases, period=period, as_of=as_of)
    rows = list(result.cases)
    summary = result.summary
    assert summary.cases_read == len(cases)
    assert len(rows) == summary.figures.complaints
    assert summary.cases_read == summary.figures.complaints + summary.skipped
    assert summary.not_yet_received == sum(day > as_of for day in received)
    for row in rows:
        assert row.received is not None and row.received <= as_of
        assert period.contains(row.received) or row.position == "open"


def test_a_row_crosses_from_a_worker_unchanged(year: object) -> None:
    rows, _ = year  # type: ignore[misc]
    for row in rows.values():
        back = unpack(pack(row))
        assert (back, back.tally, back.result) == (row, row.tally, row.result)


def test_a_sheet_past_its_row_limit_says_how_many_rows_it_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "SHEET_ROWS", 5)  # a header, three rows, and the note
    result = check_log(str(YEAR), period="2024-25", today=date(2026, 1, 1))
    target = tmp_path / "small.xlsx"
    with target.open("wb") as stream:
        writer = xlsx.XlsxWriter(stream)
        for row in result.cases:
            writer.write(row)
        writer.close(result.summary)
    assert writer.not_written["Cases"] == 5
    cases = openpyxl.load_workbook(target)["Cases"]
    assert [row[2] for row in cases.iter_rows(min_row=2, max_row=4, values_only=True)] == [
        "Y-A",
        "Y-B",
        "Y-C",
    ]
    assert cases.cell(5, 1).value == (
        "5 more rows not written: a sheet holds 5 rows (--format cases or jsonl has them all)"
    )


def test_the_checks_sheet_lists_the_checks_to_act_on(tmp_path: Path) -> None:
    checks = openpyxl.load_workbook(_workbook(tmp_path))["Checks"]
    listed = [row for row in checks.iter_rows(min_row=2, values_only=True)]
    assert {row[4] for row in listed} <= {"breached", "pending", "unknown"}
    assert ("Y-B", "stage1.respond", "6.3") in {row[:3] for row in listed}
    late = next(row for row in listed if row[:2] == ("Y-B", "stage1.respond"))
    assert (late[6], late[7], late[8]) == (datetime(2024, 7, 17), 17, 7)


def test_control_characters_from_the_export_cannot_forge_rows_or_lines(tmp_path: Path) -> None:
    lines = YEAR.read_text().splitlines()
    log = tmp_path / "log.csv"
    forged = lines[1].replace(",North,", ',"North\rFinding: none",')
    log.write_text("\n".join([lines[0], forged]) + "\n", newline="")
    cases = run("check", str(log), "--period", "2024-25", "--format", "cases")
    row = cases.stdout.splitlines()[1]
    assert row.startswith('"') and '"North\rFinding: none"' in cases.stdout
    assert [r["Team"] for r in csv.DictReader(io.StringIO(cases.stdout, newline=""))] == [
        "North\rFinding: none"
    ]
    summary = run(
        "check", str(log), "--period", "2024-25", "--format", "summary", "--group-by", "Team"
    )
    assert "North\\rFinding: none" in summary.stdout
    assert "\r" not in summary.stdout
