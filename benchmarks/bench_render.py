"""What rendering one case costs in each JSON format, its sentences already written.

Run: ``.venv/bin/python benchmarks/bench_render.py [N] [--base DIR] [--rounds R]``
(default 5000 cases, 3 rounds). Seeded synthetic cases are checked and every sentence read
outside the timing, so the figure is the output's own work: for ``jsonl``, ``breaches`` and
``json``, the CPU µs a case of the writer's ``render`` (the best of the rounds) and the
bytes a case it writes (UTF-8).

``--base DIR`` (a checkout of another commit) measures that code too, in the same run,
rounds interleaved, and prints the ratios. Each measurement runs in a child process
importing complycheck from its checkout. Asserts nothing.
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
from complycheck.results import CaseResult
from complycheck.render.breaches import BreachesWriter
from complycheck.render.json_doc import JsonWriter
from complycheck.render.jsonl import JsonLinesWriter

count = int(sys.argv[1])
as_of = date(2026, 1, 1)
results = []
for row, item in enumerate(synthetic_cases(count), start=2):
    report = check(Case.model_validate(item), as_of=as_of)
    for each in report.checks:
        each.reasoning
    report.determination.reasoning
    results.append(CaseResult("log.csv", f"row {row}", report.case_id, report))

figures = {}
for name, render in (("jsonl", JsonLinesWriter.render), ("breaches", BreachesWriter.render),
                     ("json", JsonWriter.render)):
    render(results[0])
    started = time.process_time()
    texts = [render(result) for result in results]
    spent = time.process_time() - started
    size = sum(len(text.encode()) for text in texts)
    figures[name] = [spent * 1e6 / count, size / count]
print(json.dumps(figures))
"""


def _measure(checkout: Path, count: int) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = measure_in(checkout, _MEASURE, count)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=5_000)
    parser.add_argument("--base", type=Path, help="another checkout, measured in the same run")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    checkouts = {"this": HERE} | ({"base": args.base.resolve()} if args.base else {})
    best: dict[str, dict[str, float]] = {name: {} for name in checkouts}
    size: dict[str, dict[str, float]] = {name: {} for name in checkouts}
    ratios: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        this_round: dict[str, dict[str, float]] = {}
        for name, checkout in checkouts.items():
            this_round[name] = {}
            for output, (spent, per_case) in _measure(checkout, args.count).items():
                this_round[name][output] = spent
                best[name][output] = min(spent, best[name].get(output, spent))
                size[name][output] = per_case
        if "base" in this_round:
            for output, spent in this_round["this"].items():
                ratios.setdefault(output, []).append(spent / this_round["base"][output])
    print(f"{args.count:,} cases, render only: CPU µs a case (best of {args.rounds}), bytes a case")
    for output in best["this"]:
        line = f"  {output:<9} {best['this'][output]:7.1f} µs {size['this'][output]:8.0f} B"
        if "base" in best:
            line += (
                f"   base {best['base'][output]:7.1f} µs {size['base'][output]:8.0f} B"
                f"   ratio per round {' '.join(f'{r:.2f}' for r in ratios[output])}"
            )
        print(line)


if __name__ == "__main__":
    main()
