"""complycheck: check a social landlord's complaint handling against the Housing
Ombudsman's Complaint Handling Code, and say what the Ombudsman would most likely find.

The public API is what ``__all__`` lists; everything else may change between minor versions.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("complycheck")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

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
