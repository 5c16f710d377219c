"""The annual report page (``complycheck report``), read as HTML: no browser needed.

The figures are checked against ``--format summary-json`` for the same log (they must be
the same computation), the charts against their own numbers, the page against what an
offline, accessible page must be, and the example year against its golden file.
"""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_pages import (
    EXAMPLE_LOG,
    EXAMPLE_REPORT,
    GOLDEN_REPORT,
    example_html,
    example_report,
    masked,
)
from synthetic import synthetic_case

from complycheck.annual import build_report, render_html
from complycheck.annual import collect as collect_module
from complycheck.annual.charts import hbar_chart, month_chart, nice_ticks
from complycheck.annual.collect import month_periods
from complycheck.annual.page import GROUPS_SHOWN
from complycheck.cli import main
from complycheck.reporting.period import ReportingPeriod

SVG = "{http://www.w3.org/2000/svg}"
YEAR = ReportingPeriod.reporting_year("2024-25")
HEADERS = "Complaint ref,Date received,Date acknowledged,Stage 1 response date,Escalated,"
HEADERS += "Stage 2 acknowledged,Stage 2 response,Team\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def example() -> Any:
    return example_report()


@pytest.fixture(scope="module")
def html() -> str:
    return example_html()


class _Figures(HTMLParser):
    """The text of every element with a ``data-figure`` (or ``data-duty-breached``)."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.duties: dict[str, str] = {}
        self._open: list[tuple[dict[str, str], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs if k in ("data-figure", "data-duty-breached")}
        if found:
            self._open.append((found, ""))

    def handle_data(self, data: str) -> None:
        if self._open:
            found, text = self._open[-1]
            self._open[-1] = (found, text + data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag in ("span", "td", "strong", "p"):
            found, text = self._open.pop()
            if "data-figure" in found:
                self.figures[found["data-figure"]] = text.strip()
            else:
                self.duties[found["data-duty-breached"]] = text.strip()


def figures_of(page: str) -> _Figures:
    parser = _Figures()
    parser.feed(page)
    return parser


def percent(ratio: dict[str, Any]) -> str:
    value = ratio["numerator"] / ratio["denominator"] * 100
    return f"{value:.1f}% ({ratio['numerator']:,} of {ratio['denominator']:,})"


# -- the same figures as --format summary ------------------------------------------------


def test_the_report_shows_the_figures_of_format_summary(html: str, tmp_path: Path) -> None:
    result = run(
        "check", str(EXAMPLE_LOG), "--period", "2024-25", "--homes", "4200",
        "--group-by", "Team", "--format", "summary-json", "--fail-on", "never", "-q",
    )  # fmt: skip
    summary = json.loads(result.stdout)
    figures, shown = summary["figures"], figures_of(html).figures
    stage1, stage2 = figures["stages"]
    assert shown["stage1.received"] == f"{stage1['received']:,}"
    assert shown["stage2.received"] == f"{stage2['received']:,}"
    assert shown["ch02.stage1"] == percent(stage1["responded_in_time"])
    assert shown["ch02.stage2"] == percent(stage2["responded_in_time"])
    assert shown["ack.stage1"] == percent(stage1["acknowledged_in_time"])
    assert shown["mean.stage1"] == f"{stage1['working_days_to_respond']['mean']:.1f}"
    assert shown["median.stage2"] == f"{stage2['working_days_to_respond']['median']:.1f}"
    assert shown["open"] == str(figures["open"])
    assert shown["overdue"] == str(figures["overdue"])
    assert shown["escalation"] == percent(figures["escalation_rate"]).split(" ")[0]
    ch01 = summary["tsm"][0]["ch01_per_1000_homes"]
    assert shown["ch01.stage1"] == f"{ch01['stage1']['value']:.1f}"
    for finding, count in figures["findings"].items():
        assert shown[f"findings.{finding}"] == str(count)
    assert shown["accounting"].startswith(f"{summary['cases_read']} read; ")
    # and the report's summary object is the one --format summary-json prints
    built = example_report().summary.to_dict()
    assert built == summary


def test_the_months_add_up_to_the_year(example: Any) -> None:
    figures = example.summary.figures
    for stage in (1, 2):
        months = [b.build().figures.stage(stage) for _, b in example.collector.months]
        year = figures.stage(stage)
        assert sum(m.received for m in months) == year.received
        assert sum(m.responded_in_time.numerator for m in months) == (
            year.responded_in_time.numerator
        )
        assert sum(m.responded_in_time.denominator for m in months) == (
            year.responded_in_time.denominator
        )
        assert sum(m.working_days.responses for m in months) == year.working_days.responses


def test_breaches_by_duty_match_the_summary(example: Any, html: str) -> None:
    expected = {b.duty: b.cases for b in example.summary.figures.breaches}
    counted = {d: c.statuses["breached"] for d, c in example.collector.duties.items()}
    assert {d: n for d, n in counted.items() if n} == expected
    shown = figures_of(html).duties
    assert {d: int(n) for d, n in shown.items() if n != "0"} == expected


def test_month_periods_cover_the_period_without_gaps() -> None:
    months = month_periods(ReportingPeriod.between(date(2024, 4, 15), date(2024, 6, 10)))
    assert [(m.start, m.end) for m in months] == [
        (date(2024, 4, 15), date(2024, 4, 30)),
        (date(2024, 5, 1), date(2024, 5, 31)),
        (date(2024, 6, 1), date(2024, 6, 10)),
    ]
    assert len(month_periods(YEAR)) == 12


# -- the page -------------------------------------------------------------------------------


def test_the_page_is_self_contained(html: str) -> None:
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "url(http" not in html and "@import" not in html
    assert "<link" not in html


def test_every_chart_is_titled_described_and_followed_by_its_table(html: str) -> None:
    charts = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(charts) == 5  # stage 1, stage 2, duties, findings, by Team
    for chart in charts:
        root = ET.fromstring(chart)
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text and desc is not None and desc.text
        after = html[html.index(chart) + len(chart) :]
        assert after.lstrip().startswith("<figcaption>")
        assert after.index("<table>") < after.index("</figure>") + 200


def test_sections_are_in_the_order_of_the_issue(html: str) -> None:
    ids = re.findall(r'<section id="([a-z-]+)"', html)
    assert ids == [
        "headline", "trends", "compliance", "findings", "breakdowns",
        "self-assessment", "method", "appendix",
    ]  # fmt: skip


def test_the_self_assessment_evidences_what_the_log_can_show(html: str) -> None:
    row = re.search(r"<th scope=\"row\">6\.3</th><td>[^<]*</td><td>([^<]*)</td>", html)
    assert row is not None
    assert re.fullmatch(
        r"\d+ of \d+ stage 1 responses within 10 working days \(\d+\.\d%\); \d+ late, "
        r"median [\d.]+ working days? late; \d+ not yet due\.",
        row.group(1),
    )
    assert re.search(
        r"<th scope=\"row\">4\.1</th><td>[^<]*</td><td><span class=\"muted\">"
        r"Not evidenced by the complaint log\.</span></td><td class=\"commentary\"></td>",
        html,
    )


def test_the_method_names_what_reproduces_the_report(html: str) -> None:
    method = html[html.index('id="method"') : html.index('id="appendix"')]
    assert "year-2024-25.csv" in method
    assert re.search(r"SHA-256 [0-9a-f]{64}", method)
    assert "hos-chc-2024" in method and "hos-chc-2022" in method
    assert "31 March 2025: the checks see only events" in method
    assert "year-2024-25.csv: Team, Category, Tenure. Read through unchanged" in method
    assert "Stage 1 response within 10 working days" in method  # the target timescales
    assert "responded/allowed/response (headline)" in method


def test_findings_link_to_the_appendix(example: Any, html: str) -> None:
    anchors = set(re.findall(r'<article class="complaint" id="([^"]+)"', html))
    links = set(re.findall(r'<a href="#(complaint-\d+)">', html))
    assert links and links <= anchors
    above = sum(
        n for f, n in example.summary.figures.findings.items() if f != "no_maladministration"
    )
    assert len(anchors) == above


def test_the_example_report_is_the_golden_file(html: str) -> None:
    assert masked(html) == GOLDEN_REPORT.read_text(encoding="utf-8"), (
        "the example report changed: review it, then run scripts/regenerate_report.py"
    )


def test_the_committed_example_report_is_current() -> None:
    committed = EXAMPLE_REPORT.read_text(encoding="utf-8")
    assert masked(committed) == GOLDEN_REPORT.read_text(encoding="utf-8"), (
        "examples/report-2024-25.html is out of date: run scripts/regenerate_report.py"
    )


# -- charts, by their numbers ---------------------------------------------------------------


def test_nice_ticks() -> None:
    assert nice_ticks(19) == [0, 5, 10, 15, 20]
    assert nice_ticks(4) == [0, 1, 2, 3, 4]
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(146) == [0, 50, 100, 150]
    assert nice_ticks(0.4) == [0, 0.1, 0.2, 0.3, 0.4]


def _rects(svg: str, kind: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [r for r in root.iter(f"{SVG}rect") if kind in (r.get("class") or "").split()]


def test_month_bars_are_proportional_and_stacked() -> None:
    svg = month_chart(
        "c", "T", "D", ["Apr", "May", "Jun"], [10, 4, 0], [6, 3, 0], [2, 0, 0], [8.0, None, 5.5]
    )
    received = _rects(svg, "received")
    heights = [float(r.get("height", 0)) for r in received]
    assert heights[0] == pytest.approx(heights[1] * 10 / 4, abs=0.1) and heights[2] == 0
    on_time, late = _rects(svg, "on_time"), _rects(svg, "late")
    assert float(on_time[0].get("height", 0)) == pytest.approx(heights[0] * 6 / 10, abs=0.1)
    # the late bar sits on top of the on-time bar
    assert float(late[0].get("y", 0)) + float(late[0].get("height", 0)) == pytest.approx(
        float(on_time[0].get("y", 0)), abs=0.1
    )
    root = ET.fromstring(svg)
    left = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-left"]
    bottom = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-bottom"]
    assert left == ["0", "2", "4", "6", "8", "10"] and bottom == ["Apr", "May", "Jun"]
    # a month with no average breaks the line: two points, no polyline through May
    assert len(list(root.iter(f"{SVG}circle"))) == 2 + 1  # two points and the legend's
    assert not list(root.iter(f"{SVG}polyline"))


def test_horizontal_bars_are_proportional_with_their_values() -> None:
    svg = hbar_chart("h", "T", "D", ["a", "b & c", "d"], [146, 47, 0])
    bars = _rects(svg, "bar")
    widths = [float(b.get("width", 0)) for b in bars]
    assert widths[0] / widths[1] == pytest.approx(146 / 47, rel=0.01) and widths[2] == 0
    assert [b.get("data-value") for b in bars] == ["146", "47", "0"]
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-left"]
    assert labels == ["a", "b & c", "d"]
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "axis-bottom"]
    assert ticks == ["0", "50", "100", "150"]


# -- bad input ------------------------------------------------------------------------------


def _log(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(HEADERS + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_period_with_no_complaints_says_so(tmp_path: Path) -> None:
    log = _log(tmp_path, ["A1,03/06/2023,05/06/2023,12/06/2023,,,,North"])
    page = render_html(build_report([log], YEAR, today=date(2026, 1, 1)))
    assert "No complaints in this period. The log held 1 complaint: 1 received before" in page
    assert "<svg" not in page
    assert 'id="trends"' not in page and 'href="#trends"' not in page
    assert 'id="self-assessment"' in page and 'id="method"' in page


def test_only_stage_1_complaints_leave_the_stage_2_chart_out(tmp_path: Path) -> None:
    log = _log(
        tmp_path,
        ["A1,03/06/2024,04/06/2024,11/06/2024,,,,North", "A2,01/07/2024,02/07/2024,,,,,South"],
    )
    page = render_html(build_report([log], YEAR, today=date(2026, 1, 1)))
    assert 'id="chart-stage1-months"' in page and "chart-stage2" not in page
    assert "The stage 2 chart is left out: no complaint was escalated to stage 2" in page


def test_a_column_of_500_values_shows_the_worst_20_and_others(tmp_path: Path) -> None:
    rows = [
        f"T{n},03/06/2024,04/06/2024,{'11/06/2024' if n % 3 else '28/06/2024'},,,,team-{n:03d}"
        for n in range(500)
    ]
    report = build_report([_log(tmp_path, rows)], YEAR, group_by=["Team"], today=date(2026, 1, 1))
    page = render_html(report)
    section = page[page.index('id="breakdowns"') : page.index('id="self-assessment"')]
    names = re.findall(r'<tr><th scope="row">([^<]+)</th>', section)
    assert len(names) == GROUPS_SHOWN + 1
    assert names[-1] == "Others (480 Team values)"
    assert all(name.startswith("team-") for name in names[:GROUPS_SHOWN])
    # worst first: the named teams each had their one complaint breached
    assert re.search(
        r"<th scope=\"row\">team-000</th>(<td[^>]*>[^<]*</td>){5}<td class=\"n\">1", section
    )
    svg = re.search(r"<svg .*?</svg>", section, flags=re.S)
    assert svg is not None and len(_rects(svg.group(0), "bar")) == GROUPS_SHOWN + 1


def test_the_appendix_is_capped_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(collect_module, "APPENDIX_CAP", 3)
    rows = [f"L{n},03/06/2024,04/06/2024,28/06/2024,,,,North" for n in range(8)]
    page = render_html(build_report([_log(tmp_path, rows)], YEAR, today=date(2026, 1, 1)))
    assert len(re.findall(r'<article class="complaint"', page)) == 3
    assert "<strong>5 more</strong> are left out" in page


# -- the command ----------------------------------------------------------------------------


def test_the_command_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = run(
        "report", str(EXAMPLE_LOG), "--period", "2024-25", "--homes", "4200",
        "--group-by", "Team", "--landlord", "Vale & Co", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert "<h1>Vale &amp; Co: complaints 2024-25</h1>" in page
    assert "Report of 197 complaints in 2024-25 (read 205; skipped 8)" in result.stderr


def test_a_report_needs_a_period(tmp_path: Path) -> None:
    result = run("report", str(EXAMPLE_LOG), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert "a report covers a period: give --period 2024-25" in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_an_unknown_group_by_column_is_a_usage_error(tmp_path: Path) -> None:
    result = run("report", str(EXAMPLE_LOG), "--period", "2024-25", "--group-by", "Officer")
    assert result.exit_code == 2
    assert "has no column 'Officer'" in result.stderr and "'Team'" in result.stderr


def test_pdf_without_a_browser_says_how_to_install_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("COMPLYCHECK_CHROMIUM", raising=False)
    result = run("report", str(EXAMPLE_LOG), "--period", "2024-25", "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "apt-get install chromium" in result.stderr and "COMPLYCHECK_CHROMIUM" in result.stderr
    assert not (tmp_path / "r.pdf").exists()


def test_input_errors_are_listed_and_the_report_still_written(tmp_path: Path) -> None:
    log = _log(
        tmp_path,
        ["A1,03/06/2024,04/06/2024,11/06/2024,,,,North", "A2,01/07/2024,31/02/2024,,,,,South"],
    )
    target = tmp_path / "r.html"
    result = run("report", str(log), "--period", "2024-25", "-o", str(target))
    assert result.exit_code == 2
    assert "row 3: case A2: Date acknowledged: '31/02/2024' is not a real date" in result.stderr
    assert "Error: 1 complaint had input errors" in result.stderr
    page = target.read_text(encoding="utf-8")
    assert "1 with input errors" in page and "row 3: case A2: Date acknowledged" in page


# -- invariants over generated logs ---------------------------------------------------------


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(min_value=0, max_value=10**6), size=st.integers(min_value=0, max_value=40))
def test_months_duties_and_findings_add_up_on_generated_logs(
    tmp_path: Path, seed: int, size: int
) -> None:
    rng = random.Random(seed)
    log = tmp_path / f"log-{seed}-{size}.jsonl"
    lines = [json.dumps(synthetic_case(rng, f"G{n}")) for n in range(size)]
    log.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    period = ReportingPeriod.between(date(2022, 1, 1), date(2024, 12, 31))
    report = build_report([log], period, today=date(2026, 1, 1))
    figures = report.summary.figures
    for stage in (1, 2):
        months = [b.build().figures.stage(stage) for _, b in report.collector.months]
        assert sum(m.received for m in months) == figures.stage(stage).received
        assert sum(m.responded_in_time.denominator for m in months) == (
            figures.stage(stage).responded_in_time.denominator
        )
    counted = {d: c.statuses["breached"] for d, c in report.collector.duties.items()}
    assert {d: n for d, n in counted.items() if n} == {b.duty: b.cases for b in figures.breaches}
    above = sum(n for f, n in figures.findings.items() if f != "no_maladministration")
    assert len(report.collector.appendix) == min(above, collect_module.APPENDIX_CAP)
    page = render_html(report)
    assert page.count('<article class="complaint"') == len(report.collector.appendix)


def test_two_workers_give_the_same_page(tmp_path: Path) -> None:
    pages = []
    for jobs in ("1", "2"):
        target = tmp_path / f"r{jobs}.html"
        result = run(
            "report", str(EXAMPLE_LOG), "--period", "2024-25", "--group-by", "Team",
            "-j", jobs, "-q", "-o", str(target),
        )  # fmt: skip
        assert result.exit_code == 0
        pages.append(target.read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
