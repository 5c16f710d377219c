"""Throughput of ``check()`` alone on seeded synthetic cases, and peak memory.

Run: ``.venv/bin/python benchmarks/bench_check.py [N]``. Prints figures; asserts nothing
(speed targets live here, not in timed tests). Target for 0.1: ≥ 5,000 cases/s on one core.
"""

from __future__ import annotations

import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_cases

from complycheck.engine import check
from complycheck.models import Case


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    raw = synthetic_cases(count)
    started = time.perf_counter()
    cases = [Case.model_validate(item) for item in raw]
    validated = time.perf_counter()
    as_of = date(2026, 1, 1)
    check(cases[0], as_of=as_of)  # load rulesets and calendars outside the timing
    begin = time.perf_counter()
    findings: dict[str, int] = {}
    for case in cases:
        report = check(case, as_of=as_of)
        findings[report.determination.finding] = findings.get(report.determination.finding, 0) + 1
    elapsed = time.perf_counter() - begin
    # ru_maxrss is in KiB on Linux; tracemalloc would slow check() several-fold
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"cases: {count}")
    print(f"validate (pydantic): {count / (validated - started):,.0f} cases/s")
    print(
        f"check(): {count / elapsed:,.0f} cases/s on one core ({elapsed * 1e6 / count:.0f} µs/case)"
    )
    print(f"peak resident memory (process, all {count} cases held): {peak / 1e6:.1f} MB")
    print("findings:", ", ".join(f"{k} {v}" for k, v in sorted(findings.items())))


if __name__ == "__main__":
    main()
