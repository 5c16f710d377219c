"""End-to-end throughput of ``complycheck check`` on wide CSV logs, and peak memory.

Writes seeded synthetic wide CSV exports (about a fifth escalated, some extensions, some
late, some month-only escalation dates, a few bad rows), then times the CLI from CSV in to
``jsonl``, ``breaches``, ``cases`` and ``summary`` out with ``--jobs 1`` and ``--jobs 2``,
and ``check()`` alone on the same cases, without its text and with every sentence read, so
the cost of reading, wording and writing shows as a ratio.

Each CLI run also pays a fixed start-up (Python, imports, rulesets, workers), timed on a
one-row log and taken off to give the steady per-case rate beside the end-to-end one. Each
run prints its CPU time per case over the whole process tree (steadier than the wall clock
on a shared machine), the peak RSS of its largest process, and the peak of the RSS summed
over the process and its workers (sampled every 50 ms).

``--base DIR`` (a checkout of another commit, e.g. ``git worktree add /tmp/base main``)
runs the same figures for that code in the same run, with this interpreter, and prints the
ratio: on a shared machine only same-run ratios mean much.

Run: ``.venv/bin/python benchmarks/bench_log.py [--base DIR] [N ...]`` (default 100000
1000000). Targets on a 2-core machine: ``jsonl`` ≥ 10,000 cases/s end to end with
``--jobs 2``, and peak memory under 300 MB at 1,000,000 complaints. Prints figures;
asserts nothing.

``--formats N ...`` instead times the reporting formats (``cases``, ``summary``,
``xlsx``, and ``summary`` grouped by month) beside JSONL on the same log in the same run,
with their peak memory, which must stay flat as N grows.
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from children import printed_by
from synthetic import synthetic_case

OUT = Path(__file__).resolve().parent / "out"
#: this checkout: a run of ``python -m`` imports complycheck from its working directory first
HERE = Path(__file__).resolve().parent.parent
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


class Run(NamedTuple):
    seconds: float
    cpu: float  # user + system seconds of the process and its workers
    peak_mb: float  # the largest single process
    tree_mb: float  # the process and its workers together, sampled
    parent_cpu: float  # user + system seconds of the main process alone, sampled


#: output suffix of each format timed
_SUFFIX = {"jsonl": ".jsonl", "breaches": ".jsonl", "cases": ".csv", "summary": ".txt"}


def run_cli(
    log: Path,
    jobs: int,
    fmt: str = "jsonl",
    code: Path | None = None,
    extra: tuple[str, ...] = (),
) -> Run:
    """One CLI run (its workers included), CSV in, ``fmt`` out; ``code``: the checkout whose
    complycheck runs (default this one).

    The output (about 8 KB of JSON per case) is deleted afterwards: 1,000,000 cases of it
    would fill gigabytes of disk for nothing.
    """
    out = log.with_suffix(f".jobs{jobs}.{fmt}{_SUFFIX.get(fmt, '.' + fmt)}")
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
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=code or HERE,
    )
    sampler = _TreeSampler(child.pid)
    sampler.start()
    assert child.stderr is not None
    stderr = child.stderr.read()
    # wait4 gives this run's own peak (the max over it and its workers), not the max of every
    # child so far; ru_maxrss is in KiB on Linux
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    sampler.stop()
    child.returncode = os.waitstatus_to_exitcode(status)
    out.unlink(missing_ok=True)
    if child.returncode not in (0, 1, 2):
        raise SystemExit(f"CLI failed ({child.returncode}): {stderr[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(elapsed, cpu, usage.ru_maxrss / 1024, sampler.peak / 1024, sampler.parent_cpu)


class _TreeSampler(threading.Thread):
    """The peak of the RSS summed over a process and its descendants (KiB), from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.parent_cpu = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        while not self._done.wait(0.05):
            self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(self.pid)))
            try:
                fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            self.parent_cpu = max(self.parent_cpu, (int(fields[11]) + int(fields[12])) / ticks)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    found = [pid]
    for parent in found:
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found.extend(int(child) for child in children)
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def start_up(jobs: int, code: Path | None = None) -> float:
    """Seconds of a run on a one-row log, best of three: the fixed cost of every run."""
    log = OUT / "wide-1.csv"
    write_log(log, 1)
    return min(run_cli(log, jobs, code=code).seconds for _ in range(3))


def check_alone(count: int, code: Path | None = None) -> tuple[float, float]:
    """``check()`` alone, in a process of its own so the cases it holds never count towards
    the CLI runs' peak memory (a forked child starts out charged with its parent's pages)."""
    code_line = f"import sys; sys.path.insert(0, {str(OUT.parent)!r}); " + (
        f"from bench_log import _check_alone; print(_check_alone({count}))"
    )
    without, with_text = printed_by(code_line, code).split()
    return float(without), float(with_text)


def _check_alone(count: int) -> str:
    """``check()``'s cases a second without its text (as ``summary`` and ``cases`` use it)
    and with every sentence read (as ``text`` and ``json`` print them)."""
    from complycheck.engine import check
    from complycheck.models import Case

    rng = random.Random(7)
    cases = [Case.model_validate(synthetic_case(i, rng)) for i in range(min(count, 50_000))]
    as_of = date(2026, 1, 1)
    check(cases[0], as_of=as_of)
    started = time.perf_counter()
    findings = [check(case, as_of=as_of).determination.finding for case in cases]
    without = len(cases) / (time.perf_counter() - started)
    started = time.perf_counter()
    for case in cases:
        report = check(case, as_of=as_of)
        words = [item.reasoning for item in report.checks]
        words += report.determination.reasoning
    assert findings and words
    return f"{without} {len(cases) / (time.perf_counter() - started)}"


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
            seconds, _, peak_mb, _, _ = run_cli(log, jobs, fmt, extra=extra)
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
    args = sys.argv[1:]
    base: Path | None = None
    if "--base" in args:
        at = args.index("--base")
        base = Path(args[at + 1]).resolve()
        del args[at : at + 2]
    sizes = [int(arg) for arg in args] or [100_000, 1_000_000]
    OUT.mkdir(exist_ok=True)
    codes: dict[str, Path | None] = {"this": None}
    if base is not None:
        codes["base"] = base
    alone = {name: check_alone(max(sizes), code) for name, code in codes.items()}
    fixed = {(name, jobs): start_up(jobs, code) for name, code in codes.items() for jobs in (1, 2)}
    for name in codes:
        print(
            f"[{name}] check() alone: {alone[name][0]:,.0f} cases/s without its text, "
            f"{alone[name][1]:,.0f} with it, on one core; start-up (a "
            f"one-row log): --jobs 1 {fixed[name, 1]:.2f} s, --jobs 2 {fixed[name, 2]:.2f} s"
        )
    for size in sizes:
        log = OUT / f"wide-{size}.csv"
        if not log.exists():
            write_log(log, size)
        for fmt in ("jsonl", "breaches", "cases", "summary"):
            for jobs in (1, 2):
                runs: dict[str, Run] = {}
                for name, code in codes.items():
                    run = runs[name] = run_cli(log, jobs, fmt, code)
                    rate = size / run.seconds
                    steady = size / max(run.seconds - fixed[name, jobs], 1e-9)
                    print(
                        f"[{name}] {size:>9,} complaints, {fmt:<8} --jobs {jobs}: "
                        f"{rate:,.0f} cases/s end to end ({run.seconds:.1f} s; {steady:,.0f} "
                        f"after start-up), CPU {run.cpu / size * 1e6:,.0f} µs a case in all "
                        f"({run.parent_cpu / size * 1e6:,.0f} in the main process), "
                        f"peak RSS {run.peak_mb:.0f} MB (largest process), "
                        f"{run.tree_mb:.0f} MB (all processes), "
                        f"check()/end-to-end {alone[name][1] / rate:.2f}"
                    )
                if "base" in runs:
                    this, other = runs["this"], runs["base"]
                    print(
                        f"    this/base: {other.seconds / this.seconds:.2f}x the speed, "
                        f"{other.cpu / this.cpu:.2f}x less CPU, "
                        f"{other.parent_cpu / max(this.parent_cpu, 1e-9):.2f}x less CPU in the "
                        "main process, "
                        f"{this.tree_mb / max(other.tree_mb, 1e-9):.2f}x the memory"
                    )


if __name__ == "__main__":
    main()
