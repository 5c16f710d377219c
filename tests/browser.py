"""A small client for headless Chromium over the DevTools protocol, for the report tests.

The browser is started with ``--remote-debugging-pipe``: commands go in on its fd 3 and
answers come out on its fd 4, as JSON messages ended by a NUL byte, so no port, no
WebSocket library and no network are needed. Every request the page makes other than for
``file:``/``data:``/``about:`` is refused and recorded (``blocked``), which proves the page
needs no network to be seen.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from complycheck.annual.pdf import find_browser, headless_flags

__all__ = ["Browser", "axe_script", "browser_or_skip_reason"]

#: where .ci/run installs axe-core from the npm registry (outside the package)
AXE_DEFAULT = Path(__file__).resolve().parent.parent / ".ci" / "node" / "node_modules"
AXE_ENV = "COMPLYCHECK_AXE"
_LOCAL = ("file:", "data:", "about:")
# Moves the two pipe ends to fds 3 and 4 and starts the browser: subprocess can keep fds
# open in a child but not renumber them.
_WRAPPER = (
    "import fcntl, os, sys\n"
    "r, w = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])\n"
    "os.dup2(r, 3)\nos.dup2(w, 4)\n"
    "os.execv(sys.argv[3], sys.argv[3:])\n"
)


def browser_or_skip_reason() -> tuple[str | None, str]:
    browser = find_browser()
    if browser is None:
        return None, (
            "no Chromium or Chrome on PATH (.ci/run installs Debian's chromium; "
            "apt-get install chromium to run these tests)"
        )
    return browser, ""


def axe_script() -> tuple[str | None, str]:
    """axe-core's axe.min.js, or why it is missing."""
    chosen = os.environ.get(AXE_ENV)
    path = Path(chosen) if chosen else AXE_DEFAULT / "axe-core" / "axe.min.js"
    if not path.is_file():
        return None, (
            f"axe-core not found at {path} (.ci/run installs it with npm; or set {AXE_ENV} "
            "to an axe.min.js)"
        )
    return path.read_text(encoding="utf-8"), ""


class Browser:
    """One headless browser with one page (a tab), driven over the DevTools pipe."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        self.timeout = timeout
        self.blocked: list[str] = []
        self._profile = tempfile.mkdtemp(prefix="complycheck-browser-")
        to_browser, self._in = os.pipe()
        self._out, from_browser = os.pipe()
        command = [
            sys.executable,
            "-c",
            _WRAPPER,
            str(to_browser),
            str(from_browser),
            executable,
            *headless_flags(self._profile),
            "--no-sandbox",
            "--remote-debugging-pipe",
            "--hide-scrollbars",
            "about:blank",
        ]
        self._process = subprocess.Popen(
            command,
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, page=True)
        self.call("Page.enable", page=True)
        self.call("Runtime.enable", page=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._process.kill()
        self._process.wait(timeout=30)
        os.close(self._in)
        os.close(self._out)
        shutil.rmtree(self._profile, ignore_errors=True)

    # -- protocol ------------------------------------------------------------------------

    def call(self, method: str, params: dict[str, Any] | None = None, *, page: bool = False) -> Any:
        self._next += 1
        number = self._next
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self._session
        os.write(self._in, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def _event(self, message: dict[str, Any]) -> None:
        if message.get("method") == "Fetch.requestPaused":
            params = message["params"]
            url = params["request"]["url"]
            if url.startswith(_LOCAL):
                self._send_page("Fetch.continueRequest", {"requestId": params["requestId"]})
            else:
                self.blocked.append(url)
                self._send_page(
                    "Fetch.failRequest",
                    {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                )
            return
        self._events.append(message)

    def _send_page(self, method: str, params: dict[str, Any]) -> None:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params, "sessionId": self._session}
        os.write(self._in, json.dumps(message).encode() + b"\0")

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._out], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("the browser did not answer in time")
            chunk = os.read(self._out, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed its DevTools pipe (did it start?)")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _wait_event(self, method: str) -> dict[str, Any]:
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method:
                    return self._events.pop(index)
            self._event(self._read())

    # -- what the tests do -----------------------------------------------------------------

    def open(self, path: Path, width: int = 1200) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
            page=True,
        )
        self._events.clear()
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, page=True)
        self._wait_event("Page.loadEventFired")

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": wait},
            page=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def full_page_png(self, width: int = 1200, scale: float = 0.5) -> bytes:
        """The whole page as one PNG, ``scale`` CSS pixels to the pixel (small is fast)."""
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
            page=True,
        )
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": scale}
        shot = self.call(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "clip": clip},
            page=True,
        )
        return base64.b64decode(shot["data"])

    def pdf(self) -> bytes:
        printed = self.call(
            "Page.printToPDF",
            {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False},
            page=True,
        )
        return base64.b64decode(printed["data"])

    def axe(self, source: str) -> list[dict[str, Any]]:
        """axe-core's violations on the open page."""
        self.evaluate(source)
        found = self.evaluate(
            "axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify("
            "r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, "
            "nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))",
            wait=True,
        )
        violations: list[dict[str, Any]] = json.loads(found)
        return violations
