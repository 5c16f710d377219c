"""Engine selection: unknown names and a durable-rules that cannot be imported are clear errors."""

from __future__ import annotations

import sys

import pytest
from cases import example_cases

from complycheck.engine import check, durable
from complycheck.errors import EngineUnavailableError


def test_unknown_engine_names_the_engines() -> None:
    _, case = example_cases()[0]
    with pytest.raises(EngineUnavailableError, match="'builtin', 'durable'"):
        check(case, engine="drools")


def test_durable_unimportable_says_why_and_what_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "durable.engine", None)
    monkeypatch.setattr(durable, "_ENGINE", [])
    _, case = example_cases()[0]
    with pytest.raises(EngineUnavailableError, match=r"durable\.engine.*--engine builtin"):
        check(case, engine="durable")
    assert check(case, engine="builtin").engine == "builtin"
