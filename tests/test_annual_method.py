"""The annual report's method names the remedies guidance edition applied, beside the Code
editions, as each complaint's report carries it (``guidance.id``/``title``)."""

from __future__ import annotations

import re
from datetime import date

from report_pages import EXAMPLE_LOG, example_html

from complycheck.annual import build_report, render_html
from complycheck.reporting import ReportingPeriod


def _guidance_rows(html: str) -> list[str]:
    rows = re.findall(r'<tr><th scope="row">Remedies guidance</th><td>(.*?)</td></tr>', html)
    return [re.sub(r"SHA-256 [0-9a-f]{64}", "SHA-256 <sha256>", row) for row in rows]


def test_the_method_names_the_guidance_chosen_by_the_as_of_day() -> None:
    [row] = _guidance_rows(example_html())
    assert row.startswith(
        "hos-remedies: Housing Ombudsman remedies guidance (197 complaints), which the "
        "suggested remedies and compensation bands follow"
    )
    assert "Remedies guidance: assessed as of 31 Mar 2025, before the next edition took " in row
    assert row.endswith('<span class="hash guidance-hash">SHA-256 <sha256></span>')


def test_the_method_says_when_guidance_was_forced() -> None:
    report = build_report(
        [EXAMPLE_LOG],
        ReportingPeriod.reporting_year("2024-25"),
        today=date(2026, 1, 15),
        guidance="hos-compensation-2026",
    )
    [row] = _guidance_rows(render_html(report))
    assert row.startswith(
        "hos-compensation-2026: Housing Ombudsman compensation guidance (2026) (197 "
        "complaints; forced with --guidance)"
    )
    assert "its bands are not confirmed against the published text" in row


def test_with_no_complaint_checked_no_guidance_was_applied() -> None:
    report = build_report(
        [EXAMPLE_LOG],
        ReportingPeriod.reporting_year("2019-20"),
        today=date(2026, 1, 15),
    )
    [row] = _guidance_rows(render_html(report))
    assert row.startswith("None applied: no complaint was checked.")
