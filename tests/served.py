"""A real ``complycheck serve`` for the service tests: uvicorn in a subprocess on a free
loopback port, called over HTTP, stopped at the end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

_START_SECONDS = 60.0


@dataclass(frozen=True)
class Served:
    """A running service: its base URL, a client bound to it, and where its log goes."""

    url: str
    client: httpx.Client
    log: Path

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(*options: str, environment: dict[str, str] | None = None) -> Iterator[Served]:
    """Start ``complycheck serve OPTIONS`` and wait until /healthz answers; stop it after."""
    port = _free_port()
    env = {**os.environ, **(environment or {})}
    log = Path(tempfile.mkstemp(prefix="complycheck-serve-", suffix=".log")[1])
    output = log.open("wb")  # a file, not a pipe: nobody drains a pipe, and a full one blocks
    process = subprocess.Popen(
        [sys.executable, "-m", "complycheck", "serve", "--port", str(port), *options],
        stdout=output,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _START_SECONDS
        while True:
            if process.poll() is not None:
                said = log.read_text(errors="replace")
                raise RuntimeError(f"complycheck serve exited {process.returncode}:\n{said}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("complycheck serve did not start in time")
            time.sleep(0.1)
        with httpx.Client(base_url=url, timeout=120) as client:
            yield Served(url, client, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        output.close()
        print(log.read_text(errors="replace"))  # shown by pytest when a test failed
        log.unlink()
