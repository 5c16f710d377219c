"""The annual report as a person sees it: opened, screenshotted and printed by headless
Chromium, and checked by axe-core. Skipped, saying why, where the browser or axe-core is
not installed (.ci/run installs both)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import Browser, axe_script, browser_or_skip_reason
from click.testing import CliRunner
from PIL import Image
from report_pages import EXAMPLE_LOG, example_html

from complycheck.cli import main

BROWSER, WHY = browser_or_skip_reason()
pytestmark = pytest.mark.skipif(BROWSER is None, reason=WHY)
SECTIONS = [
    "headline", "trends", "compliance", "findings", "breakdowns",
    "self-assessment", "method", "appendix",
]  # fmt: skip
SCALE = 0.5  # screenshot pixels per CSS pixel


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Browser, Path]]:
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(example_html(), encoding="utf-8")
    assert BROWSER is not None
    with Browser(BROWSER) as browser:
        browser.open(path)
        yield browser, path


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_every_section_draws_something_and_nothing_is_fetched(
    page: tuple[Browser, Path],
) -> None:
    browser, _ = page
    boxes: list[dict[str, Any]] = browser.evaluate(
        "[...document.querySelectorAll('section')].map(s => {const r = "
        "s.getBoundingClientRect(); return {id: s.id, top: r.top + scrollY, "
        "left: r.left, width: r.width, height: r.height}})"
    )
    assert [box["id"] for box in boxes] == SECTIONS
    image = Image.open(io.BytesIO(browser.full_page_png(scale=SCALE))).convert("L")
    background = image.getpixel((2, 2))
    for box in boxes:
        area = tuple(
            round(v * SCALE)
            for v in (
                box["left"],
                box["top"],
                box["left"] + box["width"],
                box["top"] + box["height"],
            )
        )
        histogram = image.crop(area).histogram()
        drawn = sum(histogram) - histogram[int(background)]  # type: ignore[arg-type]
        assert drawn > 0.02 * sum(histogram), f"section {box['id']} looks blank"
    assert browser.blocked == []  # no request left the machine


def test_the_charts_are_drawn_at_their_size(page: tuple[Browser, Path]) -> None:
    browser, _ = page
    sizes = browser.evaluate(
        "[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().height)"
    )
    assert len(sizes) == 5 and all(height > 100 for height in sizes)


def test_the_page_prints_on_a4_with_a_page_per_section(page: tuple[Browser, Path]) -> None:
    browser, _ = page
    pdf = browser.pdf()
    assert pdf.startswith(b"%PDF")
    pages = _pdf_pages(pdf)
    assert len(SECTIONS) <= pages <= 60
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45](\.\d+)? 841(\.\d+)?\s*\]", pdf)  # A4 in points


def test_axe_finds_no_serious_or_critical_violation(page: tuple[Browser, Path]) -> None:
    source, why = axe_script()
    if source is None:
        pytest.skip(why)
    browser, _ = page
    violations = browser.axe(source)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_format_pdf_prints_the_report(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    result = CliRunner().invoke(
        main,
        ["report", str(EXAMPLE_LOG), "--period", "2024-25", "--homes", "4200", "-o", str(target)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) >= len(SECTIONS)
