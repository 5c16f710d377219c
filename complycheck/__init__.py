"""complycheck: check a social landlord's complaint handling against the Housing
Ombudsman's Complaint Handling Code, and say what the Ombudsman would most likely find.

Where things happen: a case is evaluated in :mod:`complycheck.engine` (``check()`` runs each
rule through its check kind in :mod:`complycheck.checks`, which works out the facts, and a
decider picks status, weight and finding from the ruleset's decision tables); a sentence is
written only when an output reads ``Check.reasoning`` or ``Determination.reasoning``, by
the writer the rule's kind left with those facts (docs/architecture.md).

The public API is what ``__all__`` lists; everything else may change between minor versions.
Each name is imported on first use (PEP 562), not with the package: the ``complycheck``
command lives in this package, and ``complycheck --help`` must not wait for the checker's
models, rulesets and bank-holiday tables to load.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import check as check
    from .errors import ComplycheckError as ComplycheckError
    from .errors import EngineUnavailableError as EngineUnavailableError
    from .errors import InputError as InputError
    from .errors import InputIssue as InputIssue
    from .errors import RulesetError as RulesetError
    from .errors import UnknownRulesetError as UnknownRulesetError
    from .loading import load_cases as load_cases
    from .models import Case as Case
    from .results import Check as Check
    from .results import Determination as Determination
    from .results import Remedy as Remedy
    from .results import Report as Report
    from .rulesets import list_rulesets as list_rulesets
    from .rulesets import load_ruleset as load_ruleset
    from .workdays import WorkingDayCalendar as WorkingDayCalendar
    from .workdays import calendar_for as calendar_for

    __version__: str

#: Where each public name is defined.
_HOMES = {
    "check": "engine",
    "ComplycheckError": "errors",
    "EngineUnavailableError": "errors",
    "InputError": "errors",
    "InputIssue": "errors",
    "RulesetError": "errors",
    "UnknownRulesetError": "errors",
    "load_cases": "loading",
    "Case": "models",
    "Check": "results",
    "Determination": "results",
    "Remedy": "results",
    "Report": "results",
    "list_rulesets": "rulesets",
    "load_ruleset": "rulesets",
    "WorkingDayCalendar": "workdays",
    "calendar_for": "workdays",
}

__all__ = [
    "Case",
    "Check",
    "ComplycheckError",
    "Determination",
    "EngineUnavailableError",
    "InputError",
    "InputIssue",
    "Remedy",
    "Report",
    "RulesetError",
    "UnknownRulesetError",
    "WorkingDayCalendar",
    "__version__",
    "calendar_for",
    "check",
    "list_rulesets",
    "load_cases",
    "load_ruleset",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use, and keep it so the next use is a plain lookup."""
    value: Any
    if name == "__version__":
        from ._version import __version__ as value
    elif name in _HOMES:
        value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
