"""Start-up time of the command line: ``complycheck --help`` and checking one case.

Every run is a new interpreter, as a user or a CI step starts one, timed from outside:
wall clock, and the CPU time (user + system) the process used, which a busy machine
inflates far less than the wall clock; each the median of ``--runs``. The bare interpreter
is timed too, as the floor no change to complycheck can go below. With ``--against DIR``
(another checkout of complycheck, e.g. the previous release unpacked with ``git
archive``), the same commands are run from both source trees in alternation in the same
run, and the ratios are printed: on a shared, noisy machine a same-run ratio means more
than any absolute figure.

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --against ../complycheck-previous --runs 15

Targets (issue 10): ``--help`` <= 0.3 s, one case <= 0.5 s. Run ``python -X importtime
-m complycheck --help`` to see where the time of an import goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "nhg-202225311.yaml"

COMMANDS: dict[str, list[str]] = {
    "python (floor)": ["-c", "pass"],
    "complycheck --help": ["-m", "complycheck", "--help"],
    "check one case": ["-m", "complycheck", "check", str(CASE), "--as-of", "2024-07-11"],
}


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(tree: Path, arguments: list[str]) -> tuple[float, float]:
    """Seconds of wall clock and of CPU for one run of ``python ARGUMENTS`` importing
    complycheck from ``tree``."""
    environment = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": ""}
    cpu = _cpu()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *arguments],
        cwd=tree,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (median)")
    parser.add_argument(
        "--against", type=Path, help="another complycheck source tree to compare with"
    )
    options = parser.parse_args()
    trees = {"this tree": ROOT}
    if options.against is not None:
        trees["against"] = options.against.resolve()
    for tree in trees.values():  # compile each tree's bytecode before timing anything
        for arguments in COMMANDS.values():
            _time(tree, arguments)
    print(f"median of {options.runs} runs, a new interpreter each; wall clock / CPU seconds")
    for label, arguments in COMMANDS.items():
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(options.runs):
            for name, tree in trees.items():  # alternate, so load spikes hit both trees
                samples[name].append(_time(tree, arguments))
        wall = {name: statistics.median(w for w, _ in runs) for name, runs in samples.items()}
        cpu = {name: statistics.median(c for _, c in runs) for name, runs in samples.items()}
        line = f"{label:<20} " + "  ".join(
            f"{name}: {wall[name]:6.3f} / {cpu[name]:6.3f}" for name in trees
        )
        if "against" in trees:
            line += (
                f"  ratio {wall['this tree'] / wall['against']:.2f}"
                f" / {cpu['this tree'] / cpu['against']:.2f}"
            )
        print(line)


if __name__ == "__main__":
    main()
