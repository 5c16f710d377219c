"""The engines a check can run on, by name.

"builtin" evaluates the decision tables in Python and is the default and the reference;
"durable" compiles the same tables to durable-rules (an optional extra, CPython < 3.13).
Both share all derivation and wording (:mod:`complycheck.evaluate`), so their reports
differ only in the ``engine`` field; ``tests/test_engines_differential.py`` checks that.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from ..errors import EngineUnavailableError
from ..models import Case
from ..results import Report
from ..rulesets import Ruleset
from .builtin import BuiltinEngine

ENGINES: tuple[str, ...] = ("builtin", "durable")


class Engine(Protocol):
    """Checks one case; the same contract as :func:`complycheck.engine.check`."""

    name: str

    def check(
        self,
        case: Case,
        ruleset: str | Ruleset | None,
        as_of: date | None,
        guidance: str | None = None,
    ) -> Report: ...


_BUILTIN = BuiltinEngine()


def get_engine(name: str) -> Engine:
    """The engine called ``name``; durable-rules is imported only when asked for."""
    if name == "builtin":
        return _BUILTIN
    if name == "durable":
        from .durable import durable_engine

        return durable_engine()
    raise EngineUnavailableError(
        f"unknown engine {name!r}; the engines are {', '.join(map(repr, ENGINES))}"
    )
