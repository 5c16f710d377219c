"""Let tests import their shared helpers (``synthetic``, ``cases``) by module name, and make
hypothesis deterministic under CI so a submission's checks do not depend on the draw."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).resolve().parent))

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="module")
def served() -> Iterator[Any]:
    """A real complycheck server (uvicorn in a subprocess on a free loopback port), shared
    by one test module's tests: a ``served.Served``. Imported here only when a test asks,
    so the suite collects without the server extra."""
    from served import serving

    with serving() as running:
        yield running
