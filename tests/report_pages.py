"""The example year's annual report, built the same way by the tests and by
``scripts/regenerate_report.py``, and its golden form with the volatile parts masked."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from complycheck.annual import AnnualReport, build_report, render_html
from complycheck.reporting.period import ReportingPeriod

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_LOG = ROOT / "examples" / "logs" / "year-2024-25.csv"
EXAMPLE_REPORT = ROOT / "examples" / "report-2024-25.html"
GOLDEN_REPORT = ROOT / "tests" / "golden" / "report" / "year-2024-25.html"
#: the options of the README's command
EXAMPLE_OPTIONS: dict[str, object] = {"homes": 4200, "group_by": ("Team",)}

_MASKS = (
    (re.compile(r'(<span class="tool-version">)[^<]*(</span>)'), r"\1<version>\2"),
    (re.compile(r'(<time class="generated" datetime=")[^"]*(">)[^<]*(</time>)'), r"\1\2<day>\3"),
    (re.compile(r'(<span class="holidays-version">)[^<]*(</span>)'), r"\1<version>\2"),
    (re.compile(r'(<span class="hash ruleset-hash">SHA-256 )[0-9a-f]{64}'), r"\1<sha256>"),
    (re.compile(r'(<span class="hash guidance-hash">SHA-256 )[0-9a-f]{64}'), r"\1<sha256>"),
)


def example_report(today: date = date(2026, 1, 15)) -> AnnualReport:
    return build_report(
        [EXAMPLE_LOG],
        ReportingPeriod.reporting_year("2024-25"),
        today=today,
        **EXAMPLE_OPTIONS,  # type: ignore[arg-type]
    )


def example_html() -> str:
    return render_html(example_report())


def masked(html: str) -> str:
    """``html`` with the tool version, the day it was made, the holidays package's version
    and the ruleset and guidance files' hashes masked: they change without any figure changing."""
    for pattern, replacement in _MASKS:
        html = pattern.sub(replacement, html)
    return html.replace(str(ROOT) + "/", "")
