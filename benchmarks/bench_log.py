"""End-to-end throughput of ``complycheck check`` on wide CSV logs, and peak memory.

Writes seeded synthetic wide CSV exports (about a fifth escalated, some extensions, some
late, some month-only escalation dates, a few bad rows), then times the CLI from CSV in to
JSONL out with ``--jobs 1`` and ``--jobs 2``, and ``check()`` alone on the same cases so
the cost of reading and writing shows as a ratio.

Each CLI run also pays a fixed start-up (Python, imports, rulesets, workers), timed on a
one-row log and taken off to give the steady per-case rate beside the end-to-end one.

Run: ``.venv/bin/python benchmarks/bench_log.py [N ...]`` (default 100000 1000000).
``--formats N ...`` instead times the reporting formats (``cases``, ``summary``,
``xlsx``, and ``summary`` grouped by month) beside JSONL on the same log in the same run,
with their peak memory, which must stay flat as N grows.
Targets on a 2-core machine: ≥ 20,000 cases/s end to end with --jobs 2, and peak memory
under 300 MB at 1,000,000 complaints. Prints figures; asserts nothing.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_case

OUT = Path(__file__).parent / "out"
HEADERS = [
    "Complaint ref",
    "Date received",
    "Date acknowledged",
    "Extension date",
    "Extension days",
    "Stage 1 response date",
    "Escalated",
    "Stage 2 acknowledged",
    "Stage 2 response date",
]


def _row(case: dict[str, Any]) -> list[str]:
    """The wide export row of a synthetic case, dates in the UK dd/mm/yyyy form."""
    cells = dict.fromkeys(HEADERS, "")
    cells["Complaint ref"] = case["id"]
    columns = {
        ("complaint_received", None): "Date received",
        ("complaint_acknowledged", 1): "Date acknowledged",
        ("extension_notified", 1): "Extension date",
        ("stage_response", 1): "Stage 1 response date",
        ("escalation_requested", None): "Escalated",
        ("complaint_acknowledged", 2): "Stage 2 acknowledged",
        ("stage_response", 2): "Stage 2 response date",
    }
    for event in case["events"]:
        column = columns.get((event["type"], event.get("stage")))
        if column is None:
            continue
        text = event["date"]
        cells[column] = text if len(text) == 7 else f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
        if event["type"] == "extension_notified":
            cells["Extension days"] = str(event["extra_working_days"])
    return [cells[h] for h in HEADERS]


def write_log(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for index in range(count):
            row = _row(synthetic_case(index, rng))
            if rng.random() < 0.001:  # a few bad rows, as real exports have
                row[1] = "TBC"
            writer.writerow(row)


#: output suffix of each format timed
_SUFFIX = {"jsonl": ".jsonl", "cases": ".csv", "summary": ".txt", "xlsx": ".xlsx"}


def run_cli(
    log: Path, jobs: int, fmt: str = "jsonl", extra: tuple[str, ...] = ()
) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one CLI run (its workers included), CSV in, ``fmt`` out.

    The output (about 8 KB of JSON per case) is deleted afterwards: 1,000,000 cases of it
    would fill gigabytes of disk for nothing.
    """
    out = log.with_suffix(f".jobs{jobs}{_SUFFIX[fmt]}")
    command = [
        sys.executable,
        "-m",
        "complycheck",
        "check",
        str(log),
        "--format",
        fmt,
        *extra,
        "--output",
        str(out),
        "--as-of",
        "2026-01-01",
        "--jobs",
        str(jobs),
        "--fail-on",
        "never",
    ]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert child.stderr is not None
    stderr = child.stderr.read()
    # wait4 gives this run's own peak (the max over it and its workers), not the max of every
    # child so far; ru_maxrss is in KiB on Linux
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    out.unlink(missing_ok=True)
    if child.returncode not in (0, 1, 2):
        raise SystemExit(f"CLI failed ({child.returncode}): {stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def start_up(jobs: int) -> float:
    """Seconds of a run on a one-row log, best of three: the fixed cost of every run."""
    log = OUT / "wide-1.csv"
    write_log(log, 1)
    return min(run_cli(log, jobs)[0] for _ in range(3))


def check_alone(count: int) -> float:
    """``check()`` alone, in a process of its own so the cases it holds never count towards
    the CLI runs' peak memory (a forked child starts out charged with its parent's pages)."""
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); " + (
        f"from bench_log import _check_alone; print(_check_alone({count}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout)


def _check_alone(count: int) -> float:
    from complycheck.engine import check
    from complycheck.models import Case

    rng = random.Random(7)
    cases = [Case.model_validate(synthetic_case(i, rng)) for i in range(min(count, 50_000))]
    as_of = date(2026, 1, 1)
    check(cases[0], as_of=as_of)
    started = time.perf_counter()
    for case in cases:
        check(case, as_of=as_of)
    return len(cases) / (time.perf_counter() - started)


def formats(sizes: list[int], jobs: int = 2) -> None:
    """The reporting formats' throughput beside JSONL's, on the same log in the same run."""
    runs: tuple[tuple[str, str, tuple[str, ...]], ...] = (
        ("jsonl", "jsonl", ()),
        ("cases", "cases", ()),
        ("summary", "summary", ()),
        ("summary --group-by month", "summary", ("--group-by", "month")),
        ("xlsx", "xlsx", ()),
    )
    for size in sizes:
        log = OUT / f"wide-{size}.csv"
        if not log.exists():
            write_log(log, size)
        baseline = 0.0
        for name, fmt, extra in runs:
            seconds, peak_mb = run_cli(log, jobs, fmt, extra)
            rate = size / seconds
            baseline = baseline or rate
            print(
                f"{size:>9,} complaints, --jobs {jobs}, {name:<25} {rate:>8,.0f} cases/s "
                f"({seconds:.1f} s), peak RSS {peak_mb:.0f} MB, {rate / baseline:.2f} x JSONL"
            )


def main() -> None:
    if sys.argv[1:2] == ["--formats"]:
        OUT.mkdir(exist_ok=True)
        formats([int(arg) for arg in sys.argv[2:]] or [20_000, 100_000])
        return
    sizes = [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]
    OUT.mkdir(exist_ok=True)
    alone = check_alone(max(sizes))
    print(f"check() alone: {alone:,.0f} cases/s on one core")
    fixed = {jobs: start_up(jobs) for jobs in (1, 2)}
    print(f"start-up (a one-row log): --jobs 1 {fixed[1]:.2f} s, --jobs 2 {fixed[2]:.2f} s")
    for size in sizes:
        log = OUT / f"wide-{size}.csv"
        if not log.exists():
            write_log(log, size)
        for jobs in (1, 2):
            seconds, peak_mb = run_cli(log, jobs)
            rate = size / seconds
            steady = size / max(seconds - fixed[jobs], 1e-9)
            print(
                f"{size:>9,} complaints, --jobs {jobs}: {rate:,.0f} cases/s end to end "
                f"({seconds:.1f} s; {steady:,.0f} cases/s after start-up), "
                f"peak RSS {peak_mb:.0f} MB, check()/end-to-end ratio {alone / rate:.2f}"
            )


if __name__ == "__main__":
    main()
