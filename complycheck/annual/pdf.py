"""Printing the report page to PDF through headless Chromium (or Google Chrome).

The page is already laid out for A4 print (its CSS has the page size and the breaks), so
the browser's own print is used rather than a second layout engine. A browser is found on
``PATH`` or through ``COMPLYCHECK_CHROMIUM``; where there is none the error says how to
install one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ComplycheckError

__all__ = ["BROWSER_ENV", "BrowserMissingError", "find_browser", "headless_flags", "print_pdf"]

BROWSER_ENV = "COMPLYCHECK_CHROMIUM"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_TIMEOUT_SECONDS = 180


class BrowserMissingError(ComplycheckError):
    """No Chromium or Chrome to print with; the message says how to get one."""

    def __init__(self) -> None:
        super().__init__(
            "--format pdf prints the report through headless Chromium or Google Chrome, and "
            f"neither was found on PATH. Install one (Debian/Ubuntu: apt-get install chromium; "
            f"Fedora: dnf install chromium; macOS: brew install --cask chromium), or set "
            f"{BROWSER_ENV} to the browser's path. Or write the HTML report (-o report.html) "
            "and print it to PDF from any browser: it is laid out for A4."
        )


def find_browser() -> str | None:
    """The browser to print with: ``COMPLYCHECK_CHROMIUM``, else the first found on PATH."""
    chosen = os.environ.get(BROWSER_ENV)
    if chosen:
        return chosen if Path(chosen).is_file() else shutil.which(chosen)
    return next((found for name in _NAMES if (found := shutil.which(name))), None)


def headless_flags(profile: str) -> list[str]:
    """Flags for a quiet, offline, throwaway headless browser using ``profile``."""
    flags = [
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium will not start as root with its sandbox
    return flags


def print_pdf(html: str, target: Path, browser: str | None = None) -> None:
    """Print the page ``html`` to the PDF file ``target`` (replaced only on success)."""
    browser = browser or find_browser()
    if browser is None:
        raise BrowserMissingError()
    with tempfile.TemporaryDirectory(prefix="complycheck-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        pdf = Path(work) / "report.pdf"
        command = [
            browser,
            *headless_flags(str(Path(work) / "profile")),
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ComplycheckError(f"could not print the PDF with {browser}: {exc}") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            said = (done.stderr or "").strip().splitlines()[-3:]
            raise ComplycheckError(
                f"{browser} did not print the PDF (exit status {done.returncode})"
                + (": " + " / ".join(said) if said else "")
            )
        shutil.move(str(pdf), target)
