"""Load on the HTTP service over loopback: one-case latency, and batch throughput against
checking the same cases in-process.

Starts ``complycheck serve`` on a free loopback port, then:

1. one case (a seed example, as JSON) posted to ``/v1/check`` by ``--clients`` concurrent clients
   (default 8), each with its own keep-alive connection, ``--requests`` requests in all
   (default 800): requests/s, p50 and p99 latency;
2. ``--batch`` synthetic cases (default 2000) posted as JSON lines to ``/v1/check/batch``
   and read back as they stream: cases/s, against the CLI's own path in this process
   (``read_case_text`` → ``run_cases`` → the jsonl line of each case) on the same cases, as
   a ratio.

Targets on a 2-core machine: one-case p99 under 20 ms at 8 clients; batch throughput at
least 80% of in-process. The clients share the machine with the service, so the figures
include their own cost. Stops by itself; prints figures; asserts nothing.

Run: ``.venv/bin/python benchmarks/bench_server.py [--clients 8] [--requests 800]
[--batch 2000] [--workers 1]``.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
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


def one_case_load(url: str, clients: int, requests: int) -> None:
    [raw] = load_case_file(str(CASE))  # sent as JSON, as a housing system would send it
    body = json.dumps(raw.data).encode()
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client() -> None:
        mine: list[float] = []
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
                assert response.status_code == 200, response.text
        with lock:
            latencies.extend(mine)

    with httpx.Client(base_url=url) as warm:  # rulesets and calendars loaded, connections made
        for _ in range(20):
            warm.post("/v1/check", content=body, headers={"content-type": "application/json"})
    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    alone = []
    for _ in range(100):  # the service's own work per request, in this process, same run
        begun = time.perf_counter()
        check_one(body, "application/json", CaseOptions())
        alone.append(time.perf_counter() - begun)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print(f"one case, {clients} concurrent clients, {len(latencies)} requests:")
    print(f"  {len(latencies) / elapsed:8.0f} requests/s")
    print(f"  p50 {p50:6.1f} ms   p99 {p99:6.1f} ms   (target: p99 < 20 ms)")
    print(f"  in-process, one case alone: {statistics.median(alone) * 1000:.1f} ms per case")


def batch_load(url: str, count: int, rounds: int = 3) -> None:
    cases = synthetic_cases(count)
    as_lines = "".join(json.dumps(case) + "\n" for case in cases).encode()
    as_list = json.dumps(cases)

    def in_process() -> float:
        started = time.perf_counter()
        raws = read_case_text(as_list, "batch", as_json=True, seen=SeenIds())
        for result in run_cases(raws):
            JsonLinesWriter.render(result)
        return time.perf_counter() - started

    def served(body: bytes, content_type: str) -> float:
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
        return time.perf_counter() - started

    in_process()  # warm: rulesets, calendars
    local, listed, lined = [], [], []
    for _ in range(rounds):  # interleaved, so a noisy spell hurts all three alike
        local.append(in_process())
        listed.append(served(as_list.encode(), "application/json"))
        lined.append(served(as_lines, "application/x-ndjson"))
    local_rate = count / min(local)
    print(f"batch of {count} cases (best of {rounds} each, interleaved, same run):")
    print(f"  in-process (the CLI's path):        {local_rate:8.0f} cases/s")
    for label, times in (("a JSON list", listed), ("JSON lines", lined)):
        rate = count / min(times)
        print(
            f"  /v1/check/batch, {label + ':':13} {rate:8.0f} cases/s = "
            f"{rate / local_rate:.0%} of in-process (target: at least 80%)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="the service's --workers")
    options = parser.parse_args()
    process, url = start_service(options.workers)
    print(f"complycheck serve --workers {options.workers}")
    try:
        one_case_load(url, options.clients, options.requests)
        batch_load(url, options.batch, options.rounds)
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
