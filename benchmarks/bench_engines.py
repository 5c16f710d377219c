"""Both engines on the same seeded synthetic cases: cases per second, side by side.

Run: ``python benchmarks/bench_engines.py [count]``. Prints figures only; nothing here is
asserted, because timings depend on the machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cases import synthetic_cases

from complycheck.engine import check
from complycheck.errors import EngineUnavailableError


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    cases = [case for _, case in synthetic_cases(count, seed=2024)]
    for engine in ("builtin", "durable"):
        try:
            check(cases[0], engine=engine)  # warm up: load rulesets, compile durable rules
        except EngineUnavailableError as exc:
            print(f"{engine:8} unavailable: {exc}")
            continue
        started = time.perf_counter()
        for case in cases:
            check(case, engine=engine)
        elapsed = time.perf_counter() - started
        print(f"{engine:8} {count / elapsed:8.0f} cases/s  ({count} cases in {elapsed:.2f} s)")


if __name__ == "__main__":
    main()
