"""Throughput of ``check()`` alone on seeded synthetic cases: with and without its text.

Run: ``.venv/bin/python benchmarks/bench_check.py [N] [--base DIR] [--rounds R]``
(default 20000 cases, 3 rounds). Prints CPU µs a case (process time, steadier than the
wall clock on a shared machine; the best of the rounds) for:

- ``check() without text``: the case evaluated (statuses, facts, weights, finding,
  remedies) and no sentence read, as ``summary`` and ``cases`` use it;
- ``check() with text``: the same, then every check's reasoning and the finding's steps
  read, as ``text`` and ``json`` print them;
- ``check() + to_json``: the same, then the report's JSON text, as ``jsonl`` writes it.

``--base DIR`` (a checkout of another commit, e.g. ``git worktree add --detach /tmp/base
main``) measures that code too, in the same run, rounds interleaved, and prints the ratios.
Each measurement runs in a child process importing complycheck from its checkout. Asserts
nothing: speed targets live here, not in timed tests (target: check() with text ≤ 100 µs).

On a busy machine even CPU time swings by 2x between rounds; instruction counts do not.
Running the same cases under ``valgrind --tool=callgrind`` for N and for 0 cases, in each
checkout, and dividing the difference by N gives a per-case count to compare instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from children import measure_in

HERE = Path(__file__).resolve().parent.parent

#: Runs in a child whose working directory is the checkout measured (first on sys.path).
_MEASURE = r"""
import json, sys, time
from datetime import date
sys.path.append(sys.argv[2])
from synthetic import synthetic_cases
from complycheck.engine import check
from complycheck.models import Case

count = int(sys.argv[1])
cases = [Case.model_validate(item) for item in synthetic_cases(count)]
as_of = date(2026, 1, 1)
check(cases[0], as_of=as_of)  # rulesets and calendars loaded outside the timing

def timed(read):
    started = time.process_time()
    for case in cases:
        read(check(case, as_of=as_of))
    return (time.process_time() - started) * 1e6 / count

def nothing(report):
    report.determination.finding

def text(report):
    for item in report.checks:
        item.reasoning
    report.determination.reasoning

def to_json(report):
    report.to_json()

print(json.dumps({"without text": timed(nothing), "with text": timed(text),
                  "+ to_json": timed(to_json)}))
"""


def _measure(checkout: Path, count: int) -> dict[str, float]:
    figures: dict[str, float] = measure_in(checkout, _MEASURE, count)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=20_000)
    parser.add_argument("--base", type=Path, help="another checkout, measured in the same run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    checkouts = {"this": HERE} | ({"base": args.base.resolve()} if args.base else {})
    best: dict[str, dict[str, float]] = {name: {} for name in checkouts}
    for _ in range(args.rounds):
        for name, checkout in checkouts.items():
            for figure, value in _measure(checkout, args.count).items():
                best[name][figure] = min(value, best[name].get(figure, value))
    print(f"{args.count:,} cases, CPU µs a case, best of {args.rounds} rounds:")
    for figure in best["this"]:
        line = f"  check() {figure:<14} {best['this'][figure]:7.1f}"
        if "base" in best:
            base = best["base"][figure]
            line += f"   base {base:7.1f}   ratio {best['this'][figure] / base:.2f}"
        print(line)


if __name__ == "__main__":
    main()
