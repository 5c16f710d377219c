"""Where the time of a ``complycheck check`` run over a wide CSV log goes, stage by stage.

CPU time per case (of this process only, so steadier than the wall clock on a shared
machine) for: reading the log into raw cases; validating and checking them (facts only);
writing every sentence (each check's reasoning and the finding's steps, as ``text`` and
``jsonl`` print them; ``summary`` and ``cases`` never do); rendering ``jsonl`` (the
sentences already written) and ``breaches``; writing the text to a file; and, with
``--jobs 2``, what the parent process itself spends per case (finding row ends, handing
out ranges, admitting ids, adding tallies, writing parts) while the workers do the rest.

The parent's figure is taken in a process of its own, writing to a file as the command
line does (the bytes of each part straight to the file). ``--base DIR`` (a checkout of
another commit) takes it for that code too, in alternating rounds (``--rounds``, default
3), and prints the ratio: on a shared machine only same-run ratios mean much.

Run: ``.venv/bin/python benchmarks/bench_stages.py [--base DIR] [--rounds R] [N]`` (default
20000). Prints figures.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_log import OUT, write_log
from children import printed_by

from complycheck.ids import SeenIds
from complycheck.logs import read_log
from complycheck.logs.ranges import read_log_parts
from complycheck.parts import run_parts
from complycheck.render.breaches import BreachesWriter
from complycheck.render.jsonl import JsonLinesWriter
from complycheck.render.summary import Summary
from complycheck.results import CaseResult
from complycheck.runner import check_raw


def _cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.process_time()
    out = work()
    return time.process_time() - started, out


def _words(result: CaseResult) -> int:
    """Every sentence of a result written (and its length, so none is skipped)."""
    report = result.report
    if report is None:
        return 0
    return sum(len(check.reasoning) for check in report.checks) + len(
        report.determination.reasoning
    )


def _parent(log: Path) -> str:
    """In a process of its own: the parent's CPU seconds (all its threads) for a
    ``--jobs 2`` run of ``jsonl`` into a file, the wall-clock seconds and the cases."""
    from complycheck.cli_output import open_output

    as_of = __import__("datetime").date(2026, 1, 1)
    summary = Summary()
    count = 0
    with tempfile.TemporaryDirectory() as room:
        wall = time.perf_counter()
        started = time.process_time()
        with open_output(os.path.join(room, "out.jsonl")) as stream:
            writer = JsonLinesWriter(stream)
            parts = read_log_parts(log, seen=SeenIds())
            for part in run_parts(parts, writer.render, as_of=as_of, jobs=2):
                for tally in part.tallies:
                    summary.add_tally(tally)
                writer.write_part(part.text)
                count += len(part.ends)
        spent = time.process_time() - started
        wall = time.perf_counter() - wall
    return f"{spent} {wall} {count}"


def parent_alone(log: Path, code: Path | None) -> tuple[float, float, int]:
    """:func:`_parent` run by ``code`` (default this checkout)."""
    line = (
        f"import sys, pathlib; sys.path.insert(0, {str(OUT.parent)!r}); "
        f"from bench_stages import _parent; print(_parent(pathlib.Path({str(log)!r})))"
    )
    spent, wall, count = printed_by(line, code).split()
    return float(spent), float(wall), int(count)


def main() -> None:
    args = sys.argv[1:]
    base: Path | None = None
    rounds = 3
    if "--base" in args:
        at = args.index("--base")
        base = Path(args[at + 1]).resolve()
        del args[at : at + 2]
    if "--rounds" in args:
        at = args.index("--rounds")
        rounds = int(args[at + 1])
        del args[at : at + 2]
    size = int(args[0]) if args else 20_000
    OUT.mkdir(exist_ok=True)
    log = OUT / f"wide-{size}.csv"
    if not log.exists():
        write_log(log, size)
    as_of = __import__("datetime").date(2026, 1, 1)
    per = 1e6 / size

    read, raws = _cpu(lambda: list(read_log(log)))
    checked, results = _cpu(lambda: [check_raw(raw, None, as_of, "builtin") for raw in raws])
    worded, _ = _cpu(lambda: [_words(result) for result in results])
    jsonl, texts = _cpu(lambda: [JsonLinesWriter.render(result) for result in results])
    breaches, _ = _cpu(lambda: [BreachesWriter.render(result) for result in results])
    summary = Summary()
    tallied, _ = _cpu(lambda: list(map(summary.add, results)))
    with tempfile.TemporaryFile("w", encoding="utf-8") as file:
        written, _ = _cpu(lambda: list(map(JsonLinesWriter(file).write_rendered, texts)))
    print(f"{size:,} complaints, CPU µs a case, one process:")
    print(f"  read (CSV → raw cases)      {read * per:7.1f}")
    print(f"  validate and check (facts)  {checked * per:7.1f}")
    print(f"  write every sentence        {worded * per:7.1f}")
    print(
        f"  render jsonl                {jsonl * per:7.1f}  ({len(''.join(texts)) / size:,.0f} B)"
    )
    print(f"  render breaches             {breaches * per:7.1f}")
    print(f"  tally for the summary       {tallied * per:7.1f}")
    print(f"  write jsonl to a file       {written * per:7.1f}")

    codes: dict[str, Path | None] = {"this": None}
    if base is not None:
        codes["base"] = base
    spent: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(rounds):
        for name, code in codes.items():
            cpu, wall, count = parent_alone(log, code)
            spent[name].append(cpu)
            print(
                f"  [{name}] --jobs 2, the parent alone  {cpu * per:7.1f}  ({count:,} cases; "
                f"{size / wall:,.0f} cases/s wall clock, workers included)"
            )
    if base is not None:
        ratios = sorted(b / t for t, b in zip(spent["this"], spent["base"], strict=True))
        print(f"  the parent's CPU, base/this by round: {', '.join(f'{r:.2f}' for r in ratios)}")


if __name__ == "__main__":
    main()
