"""``check()``: one case through one ruleset → a :class:`Report`. Pure and deterministic:
the same case, ruleset file and as-of date give the same report, byte for byte.

The built-in evaluator here is the reference engine. Each rule's named kind produces an
outcome, the rule's weight scale weighs a breach, the ruleset's decision table gives the
determination, and the report records what an auditor needs to reproduce it.
"""

from __future__ import annotations

from datetime import date

from . import __version__
from .checks import CHECK_KINDS
from .context import CaseContext
from .determination import Breach, determine
from .errors import EngineUnavailableError, InputError, InputIssue
from .models import Case
from .remedies import suggest
from .results import CalendarInfo, Check, Report, RulesetInfo
from .rulesets import Ruleset, load_ruleset, select_ruleset
from .weighing import weigh
from .workdays import calendar_for, holidays_version


def resolve_ruleset(case: Case, ruleset: str | Ruleset | None) -> tuple[Ruleset, str]:
    """decisions.md §1: an explicit ruleset, else the case's ``code``, else by date received."""
    if isinstance(ruleset, Ruleset):
        chosen, why = ruleset, f"ruleset {ruleset.id} given by the caller"
    elif ruleset is not None:
        chosen, why = load_ruleset(ruleset), f"ruleset {ruleset} given by the caller"
    elif case.code != "auto":
        chosen, why = load_ruleset(case.code), f"ruleset {case.code} named by the case"
    else:
        received = next(e for e in case.events if e.type == "complaint_received")
        ruleset_id, why = select_ruleset(received.date.earliest)
        chosen = load_ruleset(ruleset_id)
    if case.nation != chosen.spec.nation:
        raise InputError(
            [
                InputIssue(
                    f"the Housing Ombudsman's Complaint Handling Code covers landlords in England; "
                    f"there is no ruleset for {case.nation} yet",
                    case_id=case.id,
                    field="nation",
                    value=case.nation,
                    expected=f"{chosen.spec.nation} (rulesets: {chosen.id} and the other bundled "
                    "editions; see `complycheck rules`)",
                )
            ]
        )
    return chosen, why


def check(
    case: Case,
    ruleset: str | Ruleset | None = None,
    as_of: date | None = None,
    *,
    engine: str = "builtin",
) -> Report:
    """Check one case. ``as_of`` is "now" (default: the case's ``as_of``, else today).

    ``engine`` names the evaluator: "builtin" (this module, the reference) is the only
    one bundled so far; any other name is an :class:`EngineUnavailableError`.
    """
    if engine != "builtin":
        raise EngineUnavailableError(
            f"unknown engine {engine!r}; the available engine is 'builtin'"
        )
    chosen, why = resolve_ruleset(case, ruleset)
    spec = chosen.spec
    today = as_of or case.as_of or date.today()
    calendar = calendar_for(case.nation, case.closure_days)
    ctx = CaseContext(case, calendar, today, spec.edition)
    checks: list[Check] = []
    breaches: list[Breach] = []
    undecided: list[str] = []
    for rule in spec.rules:
        registered = CHECK_KINDS[rule.check]
        outcome = registered.kind.run(ctx, rule, _params(chosen, rule.id))
        ctx.outcomes[rule.id] = outcome
        weight = weight_worst = None
        if outcome.status == "breached":
            weight, why_lo = weigh(rule.weight, spec.weight_scales, outcome.weigh_lo)
            weight_worst, _ = weigh(rule.weight, spec.weight_scales, outcome.weigh_hi)
            breaches.append(
                Breach(rule.id, rule.provision, weight, weight_worst, why_lo, outcome.breach_on)
            )
        elif outcome.status == "unknown":
            undecided.append(f"{rule.id} ({rule.provision})")
        checks.append(
            Check(
                rule=rule.id,
                provision=rule.provision,
                title=rule.title,
                status=outcome.status,
                reasoning=outcome.reasoning,
                facts=outcome.facts,
                events=outcome.events,
                weight=weight,
                weight_worst=weight_worst,
                confirmed=rule.confirmed,
            )
        )
    determination = determine(ctx, breaches, undecided, spec.determination)
    return Report(
        case_id=case.id,
        landlord=case.landlord,
        ruleset=RulesetInfo(chosen.id, spec.title, chosen.sha256, why),
        calendar=CalendarInfo(case.nation, holidays_version(), tuple(calendar.closure_days)),
        as_of=today,
        tool_version=__version__,
        engine="builtin",
        checks=tuple(checks),
        determination=determination,
        remedies=tuple(suggest(ctx, spec, checks, determination)),
    )


def _params(ruleset: Ruleset, rule_id: str) -> object:
    return ruleset.params[rule_id]
