"""The annual complaints performance report: one self-contained HTML page (or its PDF).

:func:`build_report` checks a log for a reporting period once, keeping the year's summary
(:mod:`complycheck.reporting`) and what only the report shows (:mod:`.collect`);
:func:`render_html` draws the page from Jinja2 templates with inline SVG charts
(:mod:`.charts`); :mod:`.pdf` prints it through headless Chromium.
"""

from __future__ import annotations

from .build import build_report
from .page import AnnualReport, render_html

__all__ = ["AnnualReport", "build_report", "render_html"]
