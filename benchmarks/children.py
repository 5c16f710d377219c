"""Run a measuring script in a child process importing complycheck from a given checkout.

Benchmarks that compare two commits in the same run measure each in its own interpreter,
whose working directory (first on ``sys.path``) is the checkout measured; the child prints
its figures as one JSON document.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

#: The benchmarks folder, which the child appends to its path for ``synthetic``.
BENCHMARKS = Path(__file__).resolve().parent


def measure_in(checkout: Path, script: str, count: int) -> Any:
    """The JSON the child running ``script`` with ``count`` prints, from ``checkout``."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(count), str(BENCHMARKS)],
        cwd=checkout,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


def printed_by(line: str, code: Path | None = None) -> str:
    """What a Python ``line`` prints, run with ``code``'s complycheck first on the path
    (default this checkout), from that checkout."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    done = subprocess.run(
        [sys.executable, "-c", line],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=code or BENCHMARKS.parent,
    )
    return done.stdout
