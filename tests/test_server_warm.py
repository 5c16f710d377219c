"""A served worker is made ready at start-up: every bundled ruleset checked once, and the
start-up's objects frozen out of garbage collection (complycheck/server/warm.py says why)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="needs the server extra: pip install 'complycheck[server]'")

from complycheck.rulesets import list_rulesets, load_ruleset
from complycheck.server.warm import ready_worker


@pytest.fixture
def thawed() -> Iterator[None]:
    """The test process is not left frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_ready_worker_checks_every_ruleset_then_freezes(thawed: None) -> None:
    asked = load_ruleset.cache_info()
    ready_worker()
    calls = load_ruleset.cache_info()
    assert calls.hits + calls.misses - asked.hits - asked.misses >= len(list_rulesets()) == 3
    assert gc.get_freeze_count() > 10_000  # the modules, rulesets and calendars loaded
