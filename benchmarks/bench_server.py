"""Load on the HTTP service over loopback: one-case latency, and batch throughput against
checking the same cases in-process.

Starts ``complycheck serve`` on a free loopback port, then:

1. one case (a seed example, as JSON) posted to ``/v1/check`` by ``--clients`` concurrent clients
   (default 8), each with its own keep-alive connection: requests/s, p50 and p99 latency.
   The load comes from ``wrk`` (a native load generator; Debian's package ``wrk``) for
   ``--seconds`` (default 10) when it is installed, so that the clients cost the machine
   little; otherwise from Python clients (``--requests`` in all, default 800), which share
   the cores with the service and so inflate its latency (the output says which ran);
2. ``--batch`` synthetic cases (default 2000) posted as JSON lines to ``/v1/check/batch``
   and read back as they stream: cases/s, against the CLI's own path in this process
   (``read_case_text`` → ``run_cases`` → the jsonl line of each case) on the same cases, as
   a ratio.

Targets on a 2-core machine: one-case p99 under 20 ms at 8 clients; batch throughput at
least 80% of in-process. The clients share the machine with the service, so the figures
include their own cost. ``--repeat N`` runs each measure N times, interleaved, and prints
each run and the medians (on a shared, noisy machine, quote medians). Stops by itself;
prints figures; asserts nothing.

Run: ``.venv/bin/python benchmarks/bench_server.py [--clients 8] [--seconds 10]
[--requests 800] [--batch 2000] [--workers 1] [--repeat 3] [--python-clients]``.
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_service(workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "complycheck",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the service did not start")


@dataclass(frozen=True)
class Latency:
    """One run of the one-case load; ``cpu_ms``: the service's CPU time per request (all
    its processes), which a busy machine disturbs far less than the latencies."""

    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float
    failed: int
    cpu_ms: float = float("nan")


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def service_cpu(pid: int) -> float:
    """CPU seconds used so far by process ``pid`` and its children (Linux; else NaN)."""
    total = 0.0
    pending = [pid]
    try:
        while pending:
            current = pending.pop()
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
    except (OSError, IndexError, ValueError):
        return float("nan")
    return total


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
"""
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_load(url: str, body: bytes, clients: int, seconds: int) -> Latency:
    """The one-case load from wrk: one wrk thread keeps ``clients`` connections busy."""
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
            env={**os.environ, "BENCH_BODY": str(Path(directory) / "body.json")},
        )
    out = finished.stdout
    quantiles = {
        share: float(number) * _WRK_UNITS[unit]
        for share, number, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    }
    total = re.search(r"(\d+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    if total is None or rate is None or set(quantiles) != {"50", "99"}:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    if errors:
        print(f"  wrk: socket errors: {errors.group(1)}")
    return Latency(
        int(total.group(1)),
        float(rate.group(1)),
        quantiles["50"],
        quantiles["99"],
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
        failed,
    )


def in_process_ms(body: bytes) -> float:
    """The service's own work for one case (reading, checking, writing), in this process."""
    alone = []
    for _ in range(200):
        begun = time.process_time()
        check_one(body, "application/json", CaseOptions())
        alone.append(time.process_time() - begun)
    return statistics.mean(alone) * 1000


def print_latency(run: Latency, label: str) -> None:
    failed = f", {run.failed} not 200" if run.failed else ""
    print(
        f"  {label}: {run.per_second:6.0f} requests/s  p50 {run.p50_ms:6.1f} ms  "
        f"p99 {run.p99_ms:6.1f} ms  service CPU {run.cpu_ms:5.2f} ms a request  "
        f"({run.requests} requests{failed})"
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run's length")
    parser.add_argument("--requests", type=int, default=800, help="Python clients' requests")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1, help="the service's --workers")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure")
    parser.add_argument(
        "--python-clients", action="store_true", help="load from Python even if wrk is here"
    )
    parser.add_argument("--no-batch", action="store_true", help="the one-case load only")
    options = parser.parse_args()
    use_wrk = shutil.which("wrk") is not None and not options.python_clients
    process, url = start_service(options.workers)
    print(f"complycheck serve --workers {options.workers}")
    if use_wrk:
        print(f"one case, load from wrk: {options.clients} connections, {options.seconds} s a run")
    else:
        why = "asked for" if options.python_clients else "wrk is not installed"
        print(
            f"one case, load from {options.clients} Python clients ({why}): they share the "
            "cores with the service, so the latencies include their cost"
        )
    try:
        body = case_body()
        warm_up(url, body)
        runs = []
        ratios = []
        for number in range(1, options.repeat + 1):
            before = service_cpu(process.pid)
            if use_wrk:
                run = wrk_load(url, body, options.clients, options.seconds)
            else:
                run = python_load(url, body, options.clients, options.requests)
            used = service_cpu(process.pid) - before
            run = replace(run, cpu_ms=used / max(run.requests, 1) * 1000)
            print_latency(run, f"run {number}")
            runs.append(run)
            if not options.no_batch:
                ratios += batch_load(url, options.batch, 1, process.pid)
        print(f"medians of {options.repeat} runs:")
        print(
            f"  one case: {statistics.median(r.per_second for r in runs):6.0f} requests/s  "
            f"p50 {statistics.median(r.p50_ms for r in runs):6.1f} ms  "
            f"p99 {statistics.median(r.p99_ms for r in runs):6.1f} ms  (target: p99 < 20 ms)"
        )
        print(
            f"  service CPU a request: {statistics.median(r.cpu_ms for r in runs):.2f} ms; "
            f"in-process, one case alone: {in_process_ms(body):.2f} ms (CPU)"
        )
        if ratios:
            print(
                f"  batch, JSON list:  {statistics.median(r[0] for r in ratios):4.0%} of "
                "in-process (target: at least 80%)"
            )
            print(
                f"  batch, JSON lines: {statistics.median(r[1] for r in ratios):4.0%} of "
                "in-process (target: at least 80%)"
            )
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
