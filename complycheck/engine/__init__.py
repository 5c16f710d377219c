"""One case through one ruleset: ``check()`` → a :class:`Report`, the one place it happens.

A case is evaluated here, in :mod:`.evaluate` (each rule's kind in :mod:`complycheck.checks`
works out its facts, a decider picks the status, weight and finding from the ruleset's
decision tables); a sentence is written only when an output reads ``Check.reasoning`` or
``Determination.reasoning``, by the writer the rule's kind left with its facts.

Pure and deterministic: the same case, ruleset file, as-of date and engine give the same
report, byte for byte. The engines (:mod:`.deciders`) are only deciders: "builtin" (the
default and the reference) evaluates the tables in Python, "durable" (:mod:`.durable`) on
durable-rules.
"""

from __future__ import annotations

from datetime import date

from ..errors import InputError, InputIssue
from ..models import LATEST_DATE, Case, within_span
from ..results import Report
from ..rulesets import Ruleset
from ..workdays import LAST_SUPPORTED_DAY, OutsideSpanError
from .deciders import ENGINES, get_engine
from .evaluate import evaluate, resolve_ruleset


def check(
    case: Case,
    ruleset: str | Ruleset | None = None,
    as_of: date | None = None,
    *,
    engine: str = "builtin",
    guidance: str | None = None,
) -> Report:
    """Check one case. ``as_of`` is "now" (default: the case's ``as_of``, else today).

    ``guidance`` names the remedies guidance edition (``complycheck rules`` lists them);
    by default the one in force on the as-of date (docs/decisions.md §7).

    ``engine`` names the evaluator (see :mod:`.deciders`); an engine that cannot
    run here is an :class:`~complycheck.errors.EngineUnavailableError` saying why.
    """
    _check_as_of(case, as_of)
    try:
        return evaluate(case, ruleset, as_of, get_engine(engine), engine, guidance)
    except OutsideSpanError as exc:
        # Every date is within the span, but deadlines counted on from late ones (an
        # extension of 250 working days on top of another) can run past its end.
        raise InputError(
            [
                InputIssue(
                    "a deadline of this case falls beyond "
                    f"{LAST_SUPPORTED_DAY.isoformat()}, the last day complycheck can count "
                    f"({exc})",
                    case_id=case.id,
                    field="events",
                    expected="events and extensions whose deadlines fall by "
                    f"{LAST_SUPPORTED_DAY.isoformat()}",
                )
            ]
        ) from None


def _check_as_of(case: Case, as_of: date | None) -> None:
    """An as-of day the calendar cannot count, or before the complaint existed, is bad input."""
    today = as_of or case.as_of
    if today is None:
        return
    received = next(e for e in case.events if e.type == "complaint_received").date
    problem = None
    try:
        within_span(today)
    except ValueError as exc:
        problem = str(exc)
    if problem is None and today < received.earliest:
        problem = (
            f"the as-of date {today.isoformat()} is before the complaint was received "
            f"({received.human()}), so there was nothing to check yet"
        )
    if problem is not None:
        raise InputError(
            [
                InputIssue(
                    problem,
                    case_id=case.id,
                    field="as_of",
                    value=today.isoformat(),
                    expected=f"a day on or after the complaint was received, up to "
                    f"{LATEST_DATE.isoformat()}",
                )
            ]
        )


__all__ = ["ENGINES", "check", "get_engine", "resolve_ruleset"]
