"""The rule loop: one case through one ruleset → a :class:`Report`, facts first.

For each rule, its kind (:mod:`complycheck.checks`) derives the flat facts its status
table reads; the decider picks the row; the kind then gives the outcome's facts, cited
events and weighing facts, with the writer of its sentence (not the sentence). Breaches
are weighed, the finding determined and remedies suggested from those facts. No sentence
is written here: ``Check.reasoning`` and ``Determination.reasoning`` are written when an
output reads them, so ``summary`` and ``cases`` never pay for words they do not print.

Everything but the decisions is shared by the engines: an engine only supplies the
:class:`~complycheck.tables.Decider` that picks a row of each decision table (a check's
status, a weight scale's row, the finding), so two engines that agree on the rows give
byte-identical reports except for the ``engine`` field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from typing import Any, cast

from .._version import __version__
from ..checks import CHECK_KINDS
from ..checks.base import Derived
from ..context import CaseContext
from ..dates import human_date
from ..determination import Breach, determine
from ..errors import InputError, InputIssue
from ..guidance import Guidance, given_why, load_guidance, select_guidance
from ..models import Case
from ..reasoning_notes import (
    apology_notes,
    one_day_late,
    one_day_note,
    with_one_day_late,
)
from ..remedies import suggest
from ..results import (
    CalendarInfo,
    Check,
    GuidanceInfo,
    Report,
    RulesetInfo,
    Status,
)
from ..rulesets import Ruleset, RuleSpec, load_ruleset, select_ruleset
from ..tables import Compiled, Decider, PythonDecider, Table, compile_table
from ..weighing import weigh
from ..workdays import calendar_for, holidays_version
from .deciders import Session


def resolve_ruleset(case: Case, ruleset: str | Ruleset | None) -> tuple[Ruleset, str]:
    """docs/decisions.md §1: an explicit ruleset, else the case's ``code``, else by the date
    the complaint was received."""
    if ruleset is not None:
        chosen = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
        why = (
            f"{chosen.spec.edition} Code: ruleset {chosen.id} given by the caller"
            if chosen.custom is None
            else "a ruleset file given by the caller, not a bundled edition of the Code, so "
            "its findings are not the Code's"
        )
    elif case.code != "auto":
        chosen = load_ruleset(case.code)  # a bundled id: the case model allows nothing else
        why = f"{chosen.spec.edition} Code: ruleset {chosen.id} named by the case (code)"
    else:
        received = next(e for e in case.events if e.type == "complaint_received")
        ruleset_id, why = select_ruleset(received.date.earliest, received.date.human())
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


def evaluate(
    case: Case,
    ruleset: str | Ruleset | None,
    as_of: date | None,
    session: Session,
    engine: str,
    guidance: str | None = None,
) -> Report:
    """Check one case with the session's decider making the decisions; ``engine`` names it.

    ``guidance`` names the remedies guidance edition; by default the one in force on the
    assessment date (docs/decisions.md §7).
    """
    chosen, why = resolve_ruleset(case, ruleset)
    given = load_guidance(guidance) if guidance is not None else None
    with session(chosen, case) as decider:
        return _evaluate(case, chosen, why, as_of, decider, engine, given)


def resolve_guidance(given: Guidance | None, assessed: date) -> tuple[Guidance, str]:
    """The edition the caller gave, else the one in force on the assessment date, and why."""
    if given is not None:
        return given, given_why(given)
    guidance_id, why = select_guidance(assessed)
    return load_guidance(guidance_id), why


@dataclass(frozen=True, slots=True)
class _Step:
    """One rule of a ruleset with everything per-case work would otherwise look up again."""

    rule: RuleSpec
    derive: Callable[[CaseContext, RuleSpec, Any], Derived]  # the kind's
    table: Table  # the kind's status table
    first_row: Compiled  # the table compiled: the built-in decider's choice, without a lookup
    params: Any
    table_id: str
    labels: tuple[Status, ...]  # the status each row of the kind's table decides


#: ruleset (by identity; the entry keeps it alive) → its steps, worked out once per ruleset
_PLANS: dict[int, tuple[Ruleset, tuple[_Step, ...]]] = {}


def _plan(ruleset: Ruleset) -> tuple[_Step, ...]:
    entry = _PLANS.get(id(ruleset))
    if entry is None:
        if len(_PLANS) >= 256:
            _PLANS.clear()
        steps = []
        for rule in ruleset.spec.rules:
            kind = CHECK_KINDS[rule.check]
            labels = tuple(cast(Status, label) for label, _ in kind.table)
            params = ruleset.params[rule.id]
            steps.append(
                _Step(
                    rule,
                    kind.derive,
                    kind.table,
                    compile_table(kind.table),
                    params,
                    f"status:{rule.id}",
                    labels,
                )
            )
        entry = _PLANS[id(ruleset)] = (ruleset, tuple(steps))
    return entry[1]


#: The frozen records a report names its ruleset, guidance and calendar by: the same few for
#: every case of a log (the "why" varies by received date only), so each is built once.
_ruleset_info = lru_cache(maxsize=4096)(RulesetInfo)
_guidance_info = lru_cache(maxsize=256)(GuidanceInfo)
_calendar_info = lru_cache(maxsize=256)(CalendarInfo)


def _unseen_said(unseen: int, today: date) -> list[str]:
    """Say that events dated after the as-of day were left out: a year-end report shows the
    position on its last day, and a reader must not think later steps were missed."""
    if not unseen:
        return []
    return [
        f"{unseen} event{'s' if unseen != 1 else ''} dated after the as-of date "
        f"({human_date(today)}) {'are' if unseen != 1 else 'is'} not seen: this is the "
        "position as it stood on that day."
    ]


def _evaluate(
    case: Case,
    chosen: Ruleset,
    why: str,
    as_of: date | None,
    decider: Decider,
    engine: str,
    given: Guidance | None,
) -> Report:
    spec = chosen.spec
    today = as_of or case.as_of or date.today()
    guidance, guidance_why = resolve_guidance(given, today)
    calendar = calendar_for(case.nation, case.closure_days)
    ctx = CaseContext(case, calendar, today, spec.edition)
    outcomes = ctx.outcomes
    checks: list[Check] = []
    breaches: list[Breach] = []
    undecided: list[tuple[str, str]] = []  # (rule, provision) of each unknown check
    one_day: list[Check] = []  # stage 1 responses one working day late, unchased (§11)
    # The built-in decider's choice is the table compiled once with the plan; any other
    # decider (durable-rules) is asked for every table.
    builtin = isinstance(decider, PythonDecider)
    for step in _plan(chosen):
        rule = step.rule
        derived = step.derive(ctx, rule, step.params)
        row = step.first_row(derived.facts) if builtin else -1
        if row < 0:
            row = decider.choose(step.table_id, step.table, derived.facts)
        outcome = derived.explain(step.labels[row])
        outcomes[rule.id] = outcome
        status = outcome.status
        weight = weight_worst = None
        if status == "breached":
            scales = spec.weight_scales
            weight, why_lo = weigh(rule.weight, scales, outcome.weigh_lo, decider)
            weight_worst, _ = weigh(rule.weight, scales, outcome.weigh_hi, decider)
            breaches.append(
                Breach(
                    rule.id,
                    rule.provision,
                    weight,
                    weight_worst,
                    why_lo,
                    outcome.breach_on,
                    rule.redress_from_stage,
                )
            )
        elif status == "unknown":
            undecided.append((rule.id, rule.provision))
        said = outcome.reasoning
        one_day_late_here = (
            weight is not None
            and weight_worst is not None
            and one_day_late(
                rule, step.params, (weight, weight_worst), outcome.weigh_lo, outcome.weigh_hi
            )
        )
        if one_day_late_here:
            said = partial(with_one_day_late, said)
        check = Check(
            rule.id,
            rule.provision,
            rule.title,
            status,
            said,
            outcome.facts,
            outcome.events,
            weight,
            weight_worst,
            rule.confirmed,
        )
        if one_day_late_here:
            one_day.append(check)
        checks.append(check)
    # The rules' outcomes were for later rules to read; the writers they leave close over
    # ``ctx``, so keeping them there would tie each case into a reference cycle that only
    # the garbage collector frees (a cost that grows with every result a run holds).
    outcomes.clear()
    unseen = len(case.events) - len(ctx.events)

    def notes() -> list[str]:
        said = [one_day_note(one_day)] if one_day else []
        return said + apology_notes(ctx, chosen.rules, checks)

    determination = determine(
        ctx,
        breaches,
        undecided,
        spec.determination,
        decider,
        notes,
        partial(_unseen_said, unseen, today),
    )
    return Report(
        case_id=case.id,
        landlord=case.landlord,
        ruleset=_ruleset_info(chosen.label, spec.title, chosen.sha256, why),
        guidance=_guidance_info(
            guidance.id, guidance.spec.title, guidance.sha256, guidance_why, guidance.spec.confirmed
        ),
        calendar=_calendar_info(case.nation, holidays_version(), tuple(calendar.closure_days)),
        as_of=today,
        tool_version=__version__,
        engine=engine,
        checks=tuple(checks),
        determination=determination,
        remedies=tuple(suggest(ctx, chosen, guidance, checks, determination)),
    )
