"""Load on the HTTP service over loopback: one-case latency, and batch throughput against
checking the same cases in-process.

Starts ``complycheck serve`` on a free loopback port, then:

1. one case (a seed example, as JSON) posted to ``/v1/check`` over ``--clients`` keep-alive
   connections (default 8): requests/s, p50, p99 and the longest latency, the service's CPU
   time per request, and (one worker) the garbage collections in the worker during the run.
   The load comes from ``wrk`` (a native load generator; Debian's package ``wrk``) for
   ``--seconds`` (default 10), in three set-ups, each run in every round:

   - **closed loop**: each connection sends its next request as soon as the last is
     answered, service and wrk wherever the kernel puts them. With 8 clients and one
     worker every request queues behind the other seven, so p50 is about 8 times the time
     one request takes, and wrk takes CPU from the cores the service runs on;
   - **pinned** (one worker only): the same, with the service held to CPU 0 and wrk to
     CPU 1, the nearest a 2-core machine gets to a client on another machine;
   - **paced**: each connection waits a random (exponential) pause between requests, for
     ``--rate`` requests/s in all (default 100), below what one worker can take: the
     latency a caller sees when requests do not queue behind each other. This is wrk's
     closed loop with think time, not a true open loop (wrk2 is not packaged here): a
     stalled service is sent fewer requests meanwhile, so its stalls weigh less than they
     would with callers that keep sending.

   Without wrk, Python clients (``--requests`` in all, default 800) load it closed-loop
   instead; they share the cores with the service and inflate its latency (the output
   says which ran);
2. ``--batch`` synthetic cases (default 2000) posted as JSON lines to ``/v1/check/batch``
   and read back as they stream: cases/s, against the CLI's own path in this process
   (``read_case_text`` → ``run_cases`` → the jsonl line of each case) on the same cases, as
   a ratio. The batches run on the same service between the one-case runs, as mixed
   traffic would.

``--base DIR`` (a checkout of another commit) starts that checkout's service too and
measures both in the same rounds, alternately, printing same-run ratios: on a machine
shared with other work, a figure is only comparable with one taken beside it.

Targets on a 2-core machine: one-case p99 under 20 ms at 8 clients; batch throughput at
least 80% of in-process. ``--repeat N`` runs each measure N times and prints each run, the
load average during it (other work on the machine), and the medians (on a shared, noisy
machine, quote medians of p99 across runs). Stops by itself; prints figures; asserts
nothing.

Run: ``.venv/bin/python benchmarks/bench_server.py [--clients 8] [--seconds 10]
[--rate 100] [--requests 800] [--batch 2000] [--workers 1] [--repeat 3] [--base DIR]
[--no-batch] [--python-clients]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import synthetic_cases

from complycheck.ids import SeenIds
from complycheck.loading import load_case_file, read_case_text
from complycheck.render.jsonl import JsonLinesWriter
from complycheck.runner import run_cases
from complycheck.server.runs import CaseOptions, check_one

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "nhg-202225311.yaml"
AS_OF = "2025-12-31"
SETUPS = ("closed loop", "pinned", "paced")

#: Runs ``complycheck serve`` with every garbage collection in this process written to the
#: file named by BENCH_GC_LOG ("generation milliseconds" a line). With one worker, uvicorn
#: serves in this very process, so these are the worker's collections.
_TRACED_SERVE = """
import gc, os, sys, time

log = open(os.environ["BENCH_GC_LOG"], "a", buffering=1)
began = [0.0]

def traced(phase, info):
    if phase == "start":
        began[0] = time.perf_counter()
    else:
        log.write(f"{info['generation']} {(time.perf_counter() - began[0]) * 1000:.3f}\\n")

gc.callbacks.append(traced)
from complycheck.cli import main

main(["serve", *sys.argv[1:]], prog_name="complycheck")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Service:
    """A running ``complycheck serve`` from ``checkout``."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    gc_log: Path | None

    def collections(self) -> list[tuple[int, float]]:
        """The worker's collections so far: (generation, milliseconds) each."""
        if self.gc_log is None:
            return []
        return [
            (int(gen), float(ms))
            for gen, ms in (line.split() for line in self.gc_log.read_text().splitlines())
        ]


@contextmanager
def serving(name: str, checkout: Path, workers: int, directory: Path) -> Iterator[Service]:
    """``complycheck serve`` from ``checkout``, until the block ends."""
    port = _free_port()
    arguments = ["--port", str(port), "--workers", str(workers)]
    gc_log = directory / f"{name}-gc.txt" if workers == 1 else None
    if gc_log is not None:
        gc_log.write_text("")
        command = [sys.executable, "-c", _TRACED_SERVE, *arguments]
    else:
        command = [sys.executable, "-m", "complycheck", "serve", *arguments]
    environment = {**os.environ} | ({"BENCH_GC_LOG": str(gc_log)} if gc_log else {})
    process = subprocess.Popen(
        command,
        cwd=checkout,  # its complycheck comes first on the path
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"the service from {checkout} did not start")
        yield Service(name, process, url, gc_log)
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass(frozen=True)
class Latency:
    """One run of the one-case load; ``cpu_ms``: the service's CPU time per request (all
    its processes), which a busy machine disturbs far less than the latencies."""

    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    failed: int
    cpu_ms: float = float("nan")
    load: float = float("nan")
    collections: tuple[tuple[int, float], ...] = ()


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux)."""
    found = []
    pending = [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").iterdir():
            pending += [int(child) for child in (task / "children").read_text().split()]
    return found


def service_cpu(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` and its children (Linux; else NaN)."""
    total = 0.0
    try:
        for current in _processes(pid):
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    except (OSError, IndexError, ValueError):
        return float("nan")
    return total


@contextmanager
def held_to(pid: int, cpus: set[int] | None) -> Iterator[None]:
    """The service's threads held to ``cpus`` for the block (``None``: left alone)."""
    if cpus is None:
        yield
        return
    threads = [
        int(task.name)
        for process in _processes(pid)
        for task in Path(f"/proc/{process}/task").iterdir()
    ]
    everywhere = os.sched_getaffinity(pid)
    for thread in threads:
        os.sched_setaffinity(thread, cpus)
    try:
        yield
    finally:
        for thread in threads:
            os.sched_setaffinity(thread, everywhere)


def case_body() -> bytes:
    [raw] = load_case_file(str(CASE))  # sent as JSON, as a housing system would send it
    return json.dumps(raw.data).encode()


def warm_up(url: str, body: bytes) -> None:
    """Rulesets and calendars loaded in every worker, before anything is timed."""
    with httpx.Client(base_url=url) as warm:
        for _ in range(40):
            warm.post("/v1/check", content=body, headers={"content-type": "application/json"})


_WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.body = file:read("*a")
file:close()
local pause = tonumber(os.getenv("BENCH_PAUSE_MS"))
if pause > 0 then
  math.randomseed(os.time())
  function delay()
    return -pause * math.log(1 - math.random())
  end
end
"""
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(
    url: str, body: bytes, clients: int, seconds: int, rate: float, cpu: int | None
) -> Latency:
    """The one-case load from wrk: one wrk thread keeps ``clients`` connections busy, each
    pausing for ``clients / rate`` seconds on average between requests when ``rate`` is
    given; wrk held to CPU ``cpu`` when one is given."""
    pause_ms = clients / rate * 1000 if rate else 0.0
    with tempfile.TemporaryDirectory() as directory:
        script = Path(directory) / "post.lua"
        script.write_text(_WRK_SCRIPT)
        (Path(directory) / "body.json").write_bytes(body)
        finished = subprocess.run(
            [
                "wrk",
                "--threads",
                "1",
                "--connections",
                str(clients),
                "--duration",
                f"{seconds}s",
                "--latency",
                "--script",
                str(script),
                f"{url}/v1/check?as_of={AS_OF}",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={
                **os.environ,
                "BENCH_BODY": str(Path(directory) / "body.json"),
                "BENCH_PAUSE_MS": str(pause_ms),
            },
            preexec_fn=None if cpu is None else lambda: os.sched_setaffinity(0, {cpu}),
        )
    out = finished.stdout
    quantiles = {
        share: float(number) * _WRK_UNITS[unit]
        for share, number, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    longest = re.search(r"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)", out, re.M)
    total = re.search(r"(\d+) requests in", out)
    per_second = re.search(r"Requests/sec:\s+([\d.]+)", out)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if total is None or per_second is None or longest is None or set(quantiles) != {"50", "99"}:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    if errors:
        print(f"  wrk: socket errors: {errors.group(1)}")
    return Latency(
        int(total.group(1)),
        float(per_second.group(1)),
        quantiles["50"],
        quantiles["99"],
        float(longest.group(1)) * _WRK_UNITS[longest.group(2)],
        int(failed.group(1)) if failed else 0,
    )


def python_load(url: str, body: bytes, clients: int, requests: int) -> Latency:
    """The one-case load from ``clients`` Python threads, each with its own connection."""
    latencies: list[float] = []
    failed = 0
    lock = threading.Lock()
    per_client = requests // clients

    def client() -> None:
        nonlocal failed
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=url, timeout=30) as session:
            for _ in range(per_client):
                started = time.perf_counter()
                response = session.post(
                    "/v1/check",
                    params={"as_of": AS_OF},
                    content=body,
                    headers={"content-type": "application/json"},
                )
                mine.append(time.perf_counter() - started)
                bad += response.status_code != 200
        with lock:
            latencies.extend(mine)
            failed += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return Latency(
        len(latencies),
        len(latencies) / elapsed,
        statistics.median(latencies) * 1000,
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        latencies[-1] * 1000,
        failed,
    )


def measured(service: Service, load: Callable[[], Latency]) -> Latency:
    """``load`` on ``service``, with the service's CPU, its worker's collections and the
    machine's load average over the run."""
    before = service_cpu(service.process.pid)
    seen = len(service.collections())
    run = load()
    used = service_cpu(service.process.pid) - before
    return replace(
        run,
        cpu_ms=used / max(run.requests, 1) * 1000,
        load=os.getloadavg()[0],
        collections=tuple(service.collections()[seen:]),
    )


def in_process_ms(body: bytes) -> float:
    """The service's own work for one case (reading, checking, writing), in this process."""
    alone = []
    for _ in range(200):
        begun = time.process_time()
        check_one(body, "application/json", CaseOptions())
        alone.append(time.process_time() - begun)
    return statistics.mean(alone) * 1000


def _collections_text(collections: Sequence[tuple[int, float]]) -> str:
    if not collections:
        return "no collection"
    full = [ms for generation, ms in collections if generation == 2]
    text = f"{len(collections)} collections, longest {max(ms for _, ms in collections):.1f} ms"
    return text + (f", {len(full)} full ({sum(full):.0f} ms)" if full else "")


def print_latency(run: Latency, label: str, traced: bool) -> None:
    failed = f", {run.failed} not 200" if run.failed else ""
    gc = f"  GC: {_collections_text(run.collections)}" if traced else ""
    print(
        f"  {label}: {run.per_second:6.0f} requests/s  p50 {run.p50_ms:6.1f} ms  "
        f"p99 {run.p99_ms:6.1f} ms  max {run.max_ms:6.1f} ms  CPU {run.cpu_ms:5.2f} ms a "
        f"request  load {run.load:4.1f}  ({run.requests} requests{failed}){gc}"
    )


def batch_load(url: str, count: int, rounds: int, pid: int) -> list[tuple[float, float]]:
    """Each round's (JSON list, JSON lines) throughput as a share of in-process, measured
    back to back so that a noisy spell hurts all three alike."""
    cases = synthetic_cases(count)
    as_lines = "".join(json.dumps(case) + "\n" for case in cases).encode()
    as_list = json.dumps(cases)

    cpu: dict[str, float] = {}

    def in_process() -> float:
        started = time.perf_counter()
        begun = time.process_time()
        raws = read_case_text(as_list, "batch", as_json=True, seen=SeenIds())
        for result in run_cases(raws):
            JsonLinesWriter.render(result)
        cpu["in-process"] = time.process_time() - begun
        return time.perf_counter() - started

    def served(body: bytes, content_type: str) -> float:
        before = service_cpu(pid)
        started = time.perf_counter()
        lines = 0
        with (
            httpx.Client(base_url=url, timeout=600) as session,
            session.stream(
                "POST", "/v1/check/batch", content=body, headers={"content-type": content_type}
            ) as response,
        ):
            for _ in response.iter_lines():
                lines += 1
        assert lines == count, lines
        cpu[content_type] = service_cpu(pid) - before
        return time.perf_counter() - started

    in_process()  # warm: rulesets, calendars
    ratios = []
    for number in range(1, rounds + 1):
        local = in_process()
        listed = served(as_list.encode(), "application/json")
        lined = served(as_lines, "application/x-ndjson")
        print(
            f"  batch of {count}, round {number}: in-process {count / local:6.0f} cases/s;  "
            f"JSON list {count / listed:6.0f} = {local / listed:4.0%};  "
            f"JSON lines {count / lined:6.0f} = {local / lined:4.0%};  CPU a case: in-process "
            f"{cpu['in-process'] / count * 1000:.2f} ms, service (list) "
            f"{cpu['application/json'] / count * 1000:.2f} ms, (lines) "
            f"{cpu['application/x-ndjson'] / count * 1000:.2f} ms"
        )
        ratios.append((local / listed, local / lined))
    return ratios


def print_medians(label: str, runs: list[Latency], base: list[Latency] | None) -> None:
    def median(figure: str, of: list[Latency]) -> float:
        return statistics.median(getattr(run, figure) for run in of)

    line = (
        f"  {label}: {median('per_second', runs):6.0f} requests/s  p50 "
        f"{median('p50_ms', runs):6.1f} ms  p99 {median('p99_ms', runs):6.1f} ms  max "
        f"{median('max_ms', runs):6.1f} ms  CPU {median('cpu_ms', runs):5.2f} ms a request"
    )
    if base:
        ratios = {
            figure: statistics.median(
                getattr(this, figure) / getattr(that, figure)
                for this, that in zip(runs, base, strict=True)
            )
            for figure in ("p99_ms", "max_ms", "cpu_ms")
        }
        line += (
            f"\n    against base, same-run ratios (medians): p99 {ratios['p99_ms']:.2f}  "
            f"max {ratios['max_ms']:.2f}  CPU a request {ratios['cpu_ms']:.2f}"
        )
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run's length")
    parser.add_argument("--rate", type=float, default=100, help="the paced set-up's requests/s")
    parser.add_argument("--requests", type=int, default=800, help="Python clients' requests")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="the service's --workers")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure")
    parser.add_argument("--base", type=Path, help="another checkout, measured in the same runs")
    parser.add_argument(
        "--python-clients", action="store_true", help="load from Python even if wrk is here"
    )
    parser.add_argument("--no-batch", action="store_true", help="the one-case load only")
    options = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not options.python_clients
    pinnable = options.workers == 1 and hasattr(os, "sched_setaffinity") and os.cpu_count() != 1
    setups = [s for s in SETUPS if pinnable or s != "pinned"] if use_wrk else ["closed loop"]
    print(f"complycheck serve --workers {options.workers}; {os.cpu_count()} CPUs")
    if use_wrk:
        print(
            f"one case, load from wrk: {options.clients} connections, {options.seconds} s a "
            f"run; paced at {options.rate:.0f} requests/s"
            + ("" if pinnable else "; no pinned set-up (it needs one worker)")
        )
    else:
        why = "asked for" if options.python_clients else "wrk is not installed"
        print(
            f"one case, load from {options.clients} Python clients ({why}): they share the "
            "cores with the service, so the latencies include their cost"
        )
    checkouts = {"this": ROOT} | ({"base": options.base.resolve()} if options.base else {})
    body = case_body()
    runs: dict[tuple[str, str], list[Latency]] = {}
    ratios = []
    with ExitStack() as stack:
        directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        started = [
            stack.enter_context(serving(name, checkout, options.workers, directory))
            for name, checkout in checkouts.items()
        ]
        for service in started:
            warm_up(service.url, body)
        for number in range(1, options.repeat + 1):
            for setup in setups:
                for service in started:
                    pinned = setup == "pinned"

                    def load(service: Service = service, setup: str = setup) -> Latency:
                        if not use_wrk:
                            return python_load(service.url, body, options.clients, options.requests)
                        rate = options.rate if setup == "paced" else 0.0
                        cpu = 1 if setup == "pinned" else None
                        return wrk_load(
                            service.url, body, options.clients, options.seconds, rate, cpu
                        )

                    with held_to(service.process.pid, {0} if pinned else None):
                        run = measured(service, load)
                    label = f"run {number}, {setup}" + (f", {service.name}" if options.base else "")
                    print_latency(run, label, service.gc_log is not None)
                    runs.setdefault((setup, service.name), []).append(run)
            for service in [] if options.no_batch else started:  # each gets the same traffic
                if options.base:
                    print(f"  {service.name}:")
                seen = len(service.collections())
                shares = batch_load(service.url, options.batch, 1, service.process.pid)
                if service.gc_log is not None:
                    during = _collections_text(service.collections()[seen:])
                    print(f"    GC during the batches: {during}")
                ratios += shares if service.name == "this" else []
    print(f"medians of {options.repeat} runs (target: p99 < 20 ms at 8 clients):")
    for setup in setups:
        print_medians(setup, runs[setup, "this"], runs.get((setup, "base")))
    print(f"  in-process, one case alone: {in_process_ms(body):.2f} ms (CPU)")
    if ratios:
        print(
            f"  batch, JSON list:  {statistics.median(r[0] for r in ratios):4.0%} of "
            "in-process (target: at least 80%)"
        )
        print(
            f"  batch, JSON lines: {statistics.median(r[1] for r in ratios):4.0%} of "
            "in-process (target: at least 80%)"
        )


if __name__ == "__main__":
    main()
