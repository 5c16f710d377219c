"""Checking one case from the command line reads only what that case needs.

Start-up is most of the time a one-case check takes (benchmarks/bench_startup.py prints
it), and what it spends it on is mostly importing and reading: these tests keep the parts
a one-case check was freed of (the ``holidays`` package, the editions of the Code not in
force, the scope of a reporting period) from coming back unnoticed, in a process of its
own as a user's run is. Times are the benchmark's business, never a test's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ONE_CASE = """
import json, sys
sys.argv = ["complycheck", "check", sys.argv[1], "--format", sys.argv[2], "-o", sys.argv[3]]
from complycheck.cli import main
try:
    main(prog_name="complycheck")
except SystemExit as stop:
    code = stop.code
from complycheck.rulesets import load_ruleset
print(json.dumps({
    "exit": code,
    "rulesets": load_ruleset.cache_info().currsize,
    "loaded": sorted(
        m for m in sys.modules
        if m.split(".")[0] == "holidays" or m.startswith("complycheck.reporting.scope")
    ),
}))
"""


def _one_case(case: Path, format_: str, out: Path) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", _ONE_CASE, str(case), format_, str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seen: dict[str, object] = json.loads(run.stdout)
    return seen


def test_a_2024_complaint_reads_one_edition_and_no_holidays_package(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    seen = _one_case(ROOT / "examples" / "all-on-time-2024.yaml", "json", out)
    assert seen["exit"] == 0
    assert seen["rulesets"] == 1  # the 2024 edition, the newest: no other was read
    assert seen["loaded"] == []
    report = json.loads(out.read_text("utf-8"))["results"][0]
    assert report["ruleset"]["id"] == "hos-chc-2024"
    assert report["calendar"]["holidays_version"]


def test_a_2022_complaint_reads_the_editions_down_to_its_own(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    seen = _one_case(ROOT / "examples" / "nhg-202225311.yaml", "text", out)
    assert seen["exit"] == 1  # the case's finding is above --fail-on's default
    assert seen["rulesets"] == 2  # 2024, then 2022, in force on 28 Nov 2022; never 2020
    assert seen["loaded"] == []
    assert "hos-chc-2022" in out.read_text("utf-8")
