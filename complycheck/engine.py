"""``check()``: one case through one ruleset → a :class:`Report`. Pure and deterministic:
the same case, ruleset file, as-of date and engine give the same report, byte for byte.

The engine is chosen by name from :mod:`complycheck.engines`; "builtin" is the default
and the reference, "durable" runs the same decision tables on durable-rules.
"""

from __future__ import annotations

from datetime import date

from .engines import get_engine
from .evaluate import resolve_ruleset
from .models import Case
from .results import Report
from .rulesets import Ruleset


def check(
    case: Case,
    ruleset: str | Ruleset | None = None,
    as_of: date | None = None,
    *,
    engine: str = "builtin",
) -> Report:
    """Check one case. ``as_of`` is "now" (default: the case's ``as_of``, else today).

    ``engine`` names the evaluator (see :mod:`complycheck.engines`); an engine that cannot
    run here is an :class:`~complycheck.errors.EngineUnavailableError` saying why.
    """
    return get_engine(engine).check(case, ruleset, as_of)


__all__ = ["check", "resolve_ruleset"]
