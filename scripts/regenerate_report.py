#!/usr/bin/env python3
"""Rewrite the example year's annual report: its golden file, the committed example and
the README's screenshot.

    .venv/bin/python scripts/regenerate_report.py
    git diff tests/golden/report/ examples/report-2024-25.html

``tests/golden/report/year-2024-25.html`` is the page with the volatile parts masked (tool
version, the day it was made, the holidays package's version, the ruleset and guidance
files' hashes);
``examples/report-2024-25.html`` is the page as ``complycheck report`` writes it;
``docs/report-screenshot.png`` is the top of the page as headless Chromium shows it (kept
as it was where no browser is installed).
"""

from __future__ import annotations

import io
import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from report_pages import EXAMPLE_REPORT, GOLDEN_REPORT, example_html, example_report, masked  # noqa: E402

from complycheck.annual import render_html  # noqa: E402

SCREENSHOT = ROOT / "docs" / "report-screenshot.png"


def main() -> None:
    GOLDEN_REPORT.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN_REPORT.write_text(masked(example_html()), encoding="utf-8")
    os.chdir(ROOT)  # so the appendix names the log as the README's command does
    page = render_html(example_report(today=date.today())).replace(str(ROOT) + "/", "")
    EXAMPLE_REPORT.write_text(page, encoding="utf-8")
    print(f"wrote {GOLDEN_REPORT.relative_to(ROOT)} and {EXAMPLE_REPORT.relative_to(ROOT)}")
    _screenshot()


def _screenshot() -> None:
    from browser import Browser, browser_or_skip_reason
    from PIL import Image

    executable, why = browser_or_skip_reason()
    if executable is None:
        print(f"screenshot kept as it was: {why}")
        return
    with Browser(executable) as browser:
        browser.open(EXAMPLE_REPORT, width=1000)
        png = browser.full_page_png(width=1000, scale=1.0)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    top = image.crop((0, 0, 1000, 1500)).resize((600, 900), Image.Resampling.LANCZOS)
    top.quantize(colors=64).save(SCREENSHOT, optimize=True)
    print(f"wrote {SCREENSHOT.relative_to(ROOT)} ({SCREENSHOT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
