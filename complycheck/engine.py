"""``check()``: one case through one ruleset → a :class:`Report`. Pure and deterministic:
the same case, ruleset file, as-of date and engine give the same report, byte for byte.

The engine is chosen by name from :mod:`complycheck.engines`; "builtin" is the default
and the reference, "durable" runs the same decision tables on durable-rules.
"""

from __future__ import annotations

from datetime import date

from .engines import get_engine
from .errors import InputError, InputIssue
from .evaluate import resolve_ruleset
from .models import LATEST_DATE, Case, within_span
from .results import Report
from .rulesets import Ruleset
from .workdays import LAST_SUPPORTED_DAY, OutsideSpanError


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

    ``engine`` names the evaluator (see :mod:`complycheck.engines`); an engine that cannot
    run here is an :class:`~complycheck.errors.EngineUnavailableError` saying why.
    """
    _check_as_of(case, as_of)
    try:
        return get_engine(engine).check(case, ruleset, as_of, guidance)
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


__all__ = ["check", "resolve_ruleset"]
