"""Start-up time of the command line: ``complycheck --help``, one case, a log of one row.

Every run is a new interpreter, as a user or a CI step starts one, timed from outside:
wall clock, and the CPU time (user + system) the process used, which a busy machine
inflates far less than the wall clock; each the median of ``--runs``. The bare interpreter
is timed too, as the floor no change to complycheck can go below. With ``--base DIR``
(another checkout of complycheck, e.g. ``git worktree add --detach /tmp/base main``), the
same commands are run from both source trees in alternation in the same run, and the
ratios are printed: on a shared, noisy machine a same-run ratio means more than any
absolute figure.

    python benchmarks/bench_startup.py
    python benchmarks/bench_startup.py --base ../complycheck-previous --runs 15

Targets (issue 10): ``--help`` <= 0.3 s, one case (``complycheck check
examples/nhg-202225311.yaml --format json``) <= 0.5 s. Run ``python -X importtime -m
complycheck check ...`` to see where the time of an import goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = str(ROOT / "examples" / "nhg-202225311.yaml")
LOG = ROOT / "examples" / "logs" / "complaints-wide.csv"


def _commands(one_row_log: Path) -> dict[str, list[str]]:
    check = ["-m", "complycheck", "check"]
    return {
        "python (floor)": ["-c", "pass"],
        "complycheck --help": ["-m", "complycheck", "--help"],
        "one case, json": [*check, CASE, "--format", "json"],
        "one case, text": [*check, CASE, "--format", "text"],
        "log of one row": [*check, str(one_row_log), "--format", "json"],
    }


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _time(tree: Path, arguments: list[str]) -> tuple[float, float]:
    """Seconds of wall clock and of CPU for one run of ``python ARGUMENTS`` importing
    complycheck from ``tree``."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's install has its bytecode
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
    parser.add_argument("--runs", type=int, default=15, help="runs per command (median)")
    parser.add_argument(
        "--base", "--against", type=Path, help="another complycheck source tree to compare with"
    )
    options = parser.parse_args()
    trees = {"this tree": ROOT}
    if options.base is not None:
        trees["base"] = options.base.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        one_row_log = Path(scratch) / "one-row.csv"
        header, first_row = LOG.read_text("utf-8").splitlines()[:2]
        one_row_log.write_text(f"{header}\n{first_row}\n", "utf-8")
        commands = _commands(one_row_log)
        for tree in trees.values():  # compile each tree's bytecode before timing anything
            for arguments in commands.values():
                _time(tree, arguments)
        print(f"median of {options.runs} runs, a new interpreter each; wall clock / CPU seconds")
        for label, arguments in commands.items():
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            for _ in range(options.runs):
                for name, tree in trees.items():  # alternate, so load spikes hit both trees
                    samples[name].append(_time(tree, arguments))
            print(_line(label, samples))


def _line(label: str, samples: dict[str, list[tuple[float, float]]]) -> str:
    """The medians of each tree, and with a base the median of the paired ratios."""
    wall = {name: statistics.median(w for w, _ in runs) for name, runs in samples.items()}
    cpu = {name: statistics.median(c for _, c in runs) for name, runs in samples.items()}
    line = f"{label:<20} " + "  ".join(
        f"{name}: {wall[name]:6.3f} / {cpu[name]:6.3f}" for name in samples
    )
    if "base" in samples:
        pairs = list(zip(samples["this tree"], samples["base"], strict=True))
        wall_ratio = statistics.median(this[0] / base[0] for this, base in pairs)
        cpu_ratio = statistics.median(this[1] / max(base[1], 1e-9) for this, base in pairs)
        line += f"  ratio {wall_ratio:.2f} / {cpu_ratio:.2f}"
    return line


if __name__ == "__main__":
    main()
