"""``complycheck report`` on logs of growing size: time, peak memory and page size.

The report must cost memory bounded by months, duties and groups, not complaints: its
per-complaint appendix is capped (200) and the rest are counters. This writes the same
seeded synthetic wide logs as ``bench_log.py`` (with a Team column of 40 values), runs the
CLI's HTML report on each, and prints time, peak RSS and the HTML's size, with each as a
ratio to the smallest log in the same run (the machine is shared and noisy: compare
ratios, not seconds). Peak RSS should stay nearly flat while complaints grow tenfold.

Run: ``.venv/bin/python benchmarks/bench_report.py [N ...]`` (default 10000 100000).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_log import OUT, write_log


def with_teams(source: Path, target: Path, teams: int = 40) -> None:
    """``source`` with a Team column added (row ``i`` in team ``i % teams``)."""
    with (
        source.open(newline="", encoding="utf-8") as rows,
        target.open("w", newline="", encoding="utf-8") as out,
    ):
        writer = csv.writer(out)
        for number, row in enumerate(csv.reader(rows)):
            writer.writerow([*row, "Team" if number == 0 else f"team-{number % teams:02d}"])


def run_report(log: Path) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and HTML bytes of one report run."""
    out = log.with_suffix(".html")
    command = [
        sys.executable, "-m", "complycheck", "report", str(log), "--from", "2022-04-01",
        "--to", "2026-03-31", "--as-of", "2026-01-01", "--group-by", "Team",
        "--group-by", "month", "-q", "-o", str(out), "--jobs", "2",
    ]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 2):  # 2: the few bad rows
        raise SystemExit(f"report failed on {log}")
    size = out.stat().st_size
    out.unlink()
    return elapsed, usage.ru_maxrss / 1024, size


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000, 100_000]
    OUT.mkdir(exist_ok=True)
    base: tuple[float, float, int] | None = None
    print(f"{'complaints':>10} {'seconds':>8} {'peak MB':>8} {'HTML KB':>8}   ratios to the first")
    for count in sizes:
        plain, log = OUT / f"wide-{count}.csv", OUT / f"report-{count}.csv"
        if not plain.exists():
            write_log(plain, count)
        with_teams(plain, log)
        seconds, peak, size = run_report(log)
        base = base or (seconds, peak, size)
        print(
            f"{count:>10,} {seconds:>8.1f} {peak:>8.0f} {size / 1024:>8.0f}   "
            f"time {seconds / base[0]:.1f}x, memory {peak / base[1]:.2f}x, "
            f"size {size / base[2]:.2f}x"
        )
        log.unlink()


if __name__ == "__main__":
    main()
