"""Steps 2 and 3 of the indicative finding (docs/decisions.md §6), driven by the ruleset's table.

Step 1 (the weight of each breach) is done per check by :mod:`weighing`. Here the worst
weight is found (raised one level when enough minor breaches stand together), the
landlord's redress in the responses that answer each breach (those of its stage and later
stages, made before any referral: docs/output.md) is graded full / partial / none, and the
ruleset's table gives the finding. It runs once at each end of any month-only date range: the
finding rests on what the record establishes, the worst case is reported beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .context import CaseContext, Ev
from .dates import human_date
from .results import Determination, Said
from .rulesets import FINDINGS, WEIGHTS, DeterminationSpec, Finding, Redress, Weight
from .tables import Condition, Decider

REDRESS_ORDER: tuple[Redress, ...] = ("none", "partial", "full")

#: each weight, finding and redress by its place in its scale, lightest first
_WEIGHT_RANK: dict[Weight, int] = {weight: rank for rank, weight in enumerate(WEIGHTS)}
_FINDING_RANK: dict[Finding, int] = {finding: rank for rank, finding in enumerate(FINDINGS)}
_REDRESS_RANK: dict[Redress, int] = {redress: rank for rank, redress in enumerate(REDRESS_ORDER)}
_MINOR_RANK = _WEIGHT_RANK["minor"]
#: the weight that enough breaches of at least minor weight have together
_RAISED: Weight = WEIGHTS[min(_MINOR_RANK + 1, len(WEIGHTS) - 1)]


@dataclass(slots=True)
class Breach:
    """A breached check as the finding weighs it; ``why_lo`` words its weight when asked."""

    rule: str
    provision: str
    weight_lo: Weight
    weight_hi: Weight
    why_lo: Said
    breach_on: date | None
    #: the lowest stage whose responses answer this breach (None: no response does)
    redress_from_stage: int | None


@dataclass(slots=True)
class RedressSeen:
    """What the responses answering one breach did (see :func:`answering_responses`).

    ``acknowledged`` and ``apologised`` are None when no response says either way: the
    finding rests on what the record establishes, so that counts as not done, but the
    reasoning says "not recorded" rather than "no" (case-format.md: a missing flag is
    unknown, never false).
    """

    acknowledged: bool | None
    apologised: bool | None
    complaint_handling_gbp: float
    #: which responses were counted (and which left out), in words, written when asked
    evidence: Said

    def _enough(self, floor: float | None) -> bool:
        return (
            floor is not None
            and self.complaint_handling_gbp >= floor
            and (self.complaint_handling_gbp > 0 or floor == 0)
        )

    def grade(self, weight: Weight, spec: DeterminationSpec) -> Redress:
        """Full, partial or no redress for a breach of ``weight``."""
        floor = spec.redress_floor_gbp.get(weight)
        parts = [self.acknowledged is True, self.apologised is True, self._enough(floor)]
        if all(parts) and floor is not None:
            return "full"
        return "partial" if any(parts) else "none"

    def words(self, weight: Weight, spec: DeterminationSpec) -> str:
        """:meth:`grade` in words, with what it rests on."""
        floor = spec.redress_floor_gbp.get(weight)
        enough = self._enough(floor)
        level = self.grade(weight, spec)
        floor_words = (
            f"at least £{floor:g} for a {weight} breach"
            if floor is not None
            else f"an {weight} breach is never fully put right"
        )
        words = (
            f"acknowledged the failure: {_yes(self.acknowledged)}; apologised: "
            f"{_yes(self.apologised)}; complaint-handling compensation "
            f"£{self.complaint_handling_gbp:g} against {floor_words}: "
            f"{'enough' if enough else 'not enough'}{self.evidence()} → {level} redress"
        )
        return words


def answering_responses(ctx: CaseContext, from_stage: int | None) -> tuple[list[Ev], list[Ev]]:
    """The responses whose redress answers a breach, and those left out as after the referral.

    A response answers the breaches of its own stage and of the stages before it, never a
    later stage's: a stage 1 response cannot put right how stage 2 was handled, whatever
    the dates say (docs/output.md). ``from_stage`` is the breach's stage (the rule's
    ``redress_from_stage``); None means no complaint response answers it. The test is by
    stage, not by date, so making a response later can never make it answer more breaches:
    a later, worse response never earns a better finding.

    Only responses up to the resident's referral to the Ombudsman count: reasonable redress
    is the landlord putting things right on its own initiative, before the Ombudsman's
    investigation (the Ombudsman's outcome definitions). A month-only referral counts to the
    end of its month, the landlord-kindest reading.
    """
    if from_stage is None:
        return [], []
    referral = ctx.first("referred_to_ombudsman")
    cutoff = referral.date.latest if referral is not None else date.max
    before: list[Ev] = []
    after: list[Ev] = []
    for ev in ctx.all("stage_response"):
        if ev.stage >= from_stage:  # type: ignore[operator]  # a stage response has one
            (before if ev.date.earliest <= cutoff else after).append(ev)
    return before, after


def redress_for(ctx: CaseContext, from_stage: int | None) -> RedressSeen:
    """What the answering responses did: booleans OR'ed, each stage's highest offer added up.

    An offer, once made at a stage, stands: a revision stating a lower figure does not take
    it back, and which revision is dated last never decides the redress (so moving a
    response later, or lowering one offer, can never raise it).
    """
    responses, after = answering_responses(ctx, from_stage)
    offers: dict[int, float] = {}
    for ev in responses:
        amount = ev.event.complaint_handling_compensation_gbp
        if amount is not None:
            offers[ev.event.stage] = max(amount, offers.get(ev.event.stage, amount))

    def evidence() -> str:
        if from_stage is None:
            parts = ["no complaint response answers it"]
        else:
            parts = [_responses_words(responses)] if responses else []
        referral = ctx.first("referred_to_ombudsman")
        if after and referral is not None:
            parts.append(
                f"not counted, as made after the referral to the Ombudsman of "
                f"{referral.date.human()}: {_responses_words(after)}"
            )
        return f" ({'; '.join(parts)})" if parts else ""

    return RedressSeen(
        acknowledged=_any_recorded([ev.event.acknowledged_delay for ev in responses]),
        apologised=_any_recorded([ev.event.apology for ev in responses]),
        complaint_handling_gbp=float(sum(offers.values())),
        evidence=evidence,
    )


#: determination spec (by identity; the entry keeps it alive) → its finding table
_FINDING_TABLES: dict[int, tuple[DeterminationSpec, tuple[tuple[str, Condition], ...]]] = {}


def finding_table(spec: DeterminationSpec) -> tuple[tuple[str, Condition], ...]:
    """The ruleset's decision table as rows: worst weight ("none": no breach) × redress.

    Built once per spec, and a tuple, so the built-in decider compiles it once too instead
    of interpreting freshly built rows for every lookup of every case.
    """
    entry = _FINDING_TABLES.get(id(spec))
    if entry is None:
        if len(_FINDING_TABLES) >= 256:
            _FINDING_TABLES.clear()
        rows: tuple[tuple[str, Condition], ...] = tuple(
            (getattr(spec.table[worst], redress), {"worst": worst, "redress": redress})
            for worst in spec.table
            for redress in REDRESS_ORDER
        )
        entry = _FINDING_TABLES[id(spec)] = (spec, rows)
    return entry[1]


def _lookup(spec: DeterminationSpec, worst: str, redress: Redress, decider: Decider) -> Finding:
    rows = finding_table(spec)
    finding: Finding = rows[  # type: ignore[assignment]
        decider.choose("finding", rows, {"worst": worst, "redress": redress})
    ][0]
    return finding


#: The steps of a finding's reasoning, written when an output asks for them.
Steps = Callable[[], list[str]]


def determine(
    ctx: CaseContext,
    breaches: list[Breach],
    undecided: list[tuple[str, str]],
    spec: DeterminationSpec,
    decider: Decider,
    notes: Callable[[], list[str]] = list,
    after: Callable[[], list[str]] = list,
) -> Determination:
    """The finding, decided now; its step-by-step reasoning, written when read, with
    ``notes`` before its closing line (the indicative caveat) and ``after`` it."""
    # Both ends, and the breaches weighed together, ask for the redress from the same stages.
    seen: dict[int | None, RedressSeen] = {}
    established, steps_lo = _finding_at(ctx, breaches, spec, "lo", decider, seen)
    steps_hi = steps_lo
    if all(b.weight_lo == b.weight_hi for b in breaches):
        # Every input to the table is the same at the other end (the usual case, exact
        # dates), so is the finding: its steps are only shown when the findings differ.
        worst_case = established
    else:
        worst_case, steps_hi = _finding_at(ctx, breaches, spec, "hi", decider, seen)
    finding, worst_weight, redress = established

    def reasoning() -> tuple[str, ...]:
        steps = steps_lo()
        if worst_case[0] != finding:
            steps.append(
                "Where month-only dates leave the size of a breach open, the finding above "
                "rests on what the record establishes; at the other end of the range: "
                + " ".join(steps_hi()[-3:])
            )
        if undecided:
            steps.append(
                "Not weighed, because the record does not decide them: "
                + ", ".join(f"{rule} ({provision})" for rule, provision in undecided)
                + "."
            )
        steps += notes()
        steps.append("This is an indicative finding on complaint handling, not the Ombudsman's.")
        return (*steps, *after())

    return Determination(
        finding=finding,
        worst_case=worst_case[0],
        worst_weight=worst_weight,
        redress=redress,
        weighed=tuple(b.rule for b in breaches),
        reasoning=reasoning,
    )


def _finding_at(
    ctx: CaseContext,
    breaches: list[Breach],
    spec: DeterminationSpec,
    end: str,
    decider: Decider,
    seen: dict[int | None, RedressSeen],
) -> tuple[tuple[Finding, Weight | None, Redress | None], Steps]:
    """The finding at one end of the date ranges (``seen``: redress by stage, filled here),
    and the writer of its steps.

    Every breach goes through the table with its own weight and the redress of the
    responses that answer it, and the most serious finding stands; enough breaches of at
    least minor weight also go through together, raised to the next weight, with the least
    redress among them. So a lighter breach left unredressed is never hidden behind a
    heavier one put right, and a finding can only get worse when a breach gets worse.
    """
    if not breaches:
        none = _lookup(spec, "none", "none", decider)
        return (none, None, None), lambda: [
            "Step 1 — no breach of the Code stands.",
            f"Step 3 — no breach → {none.replace('_', ' ')}.",
        ]
    at_lo = end == "lo"
    graded: list[tuple[Breach, Weight, RedressSeen]] = []
    #: (finding, weight, redress, who: a breached rule, or None for those weighed together)
    outcomes: list[tuple[Finding, Weight, Redress, str | None]] = []
    counted: list[RedressSeen] = []  # the redress of each breach of at least minor weight
    for breach in breaches:
        weight = breach.weight_lo if at_lo else breach.weight_hi
        answered = _redress(ctx, breach.redress_from_stage, seen)
        level = answered.grade(weight, spec)
        graded.append((breach, weight, answered))
        outcomes.append((_lookup(spec, weight, level, decider), weight, level, breach.rule))
        if _WEIGHT_RANK[weight] >= _MINOR_RANK:
            counted.append(answered)
    worst = max((weight for _, weight, _ in graded), key=_WEIGHT_RANK.__getitem__)
    raised: Weight | None = None
    if len(counted) >= spec.raise_when_minor_at_least:
        raised = _RAISED
        least = min(
            (answered.grade(raised, spec) for answered in counted), key=_REDRESS_RANK.__getitem__
        )
        outcomes.append((_lookup(spec, raised, least, decider), raised, least, None))
    finding, weight, redress, _ = max(outcomes, key=_finding_rank)

    def steps() -> list[str]:
        listed = "; ".join(
            f"{b.rule} ({b.provision}) {w}" + (f": {why}" if at_lo and (why := b.why_lo()) else "")
            for b, w, _ in graded
        )
        step1 = f"Step 1 — weight of each breach: {listed}. Worst: {worst}."
        if raised is not None:
            step1 += (
                f" {len(counted)} breaches of at least minor weight stand together (at least "
                f"{spec.raise_when_minor_at_least}), so together they weigh {raised}."
            )
        # What was done about technical breaches is said only when nothing heavier stands.
        shown = [
            f"after {breach.rule}{_since(breach)}: {answered.words(weight, spec)}"
            for breach, weight, answered in (
                [weighed for weighed in graded if weighed[1] != "technical"] or graded
            )
        ]
        parts = "; ".join(
            f"{who or f'the {len(counted)} together'}: {w} with {level} redress → "
            f"{f.replace('_', ' ')}"
            for f, w, level, who in outcomes
        )
        return [
            step1,
            "Step 2 — what the landlord did about it: " + "; ".join(shown) + ".",
            f"Step 3 — through the ruleset's decision table: {parts}. The most serious stands: "
            f"{finding.replace('_', ' ')}.",
        ]

    return (finding, max(worst, weight, key=_WEIGHT_RANK.__getitem__), redress), steps


def _finding_rank(outcome: tuple[Finding, Weight, Redress, str | None]) -> int:
    return _FINDING_RANK[outcome[0]]


def _redress(
    ctx: CaseContext, from_stage: int | None, seen: dict[int | None, RedressSeen]
) -> RedressSeen:
    """:func:`redress_for`, worked out once per stage."""
    found = seen.get(from_stage)
    if found is None:
        found = seen[from_stage] = redress_for(ctx, from_stage)
    return found


def _since(breach: Breach) -> str:
    """' (from 8 Jul 2022; stage 2 responses on count)': when, and whose redress answers it."""
    parts = [f"from {human_date(breach.breach_on)}"] if breach.breach_on else []
    stage = breach.redress_from_stage
    if stage is not None:
        parts.append(f"responses at stage {stage} or later count")
    return f" ({'; '.join(parts)})"


def _responses_words(responses: list[Ev]) -> str:
    return ", ".join(f"stage {ev.event.stage} response of {ev.date.human()}" for ev in responses)


def _any_recorded(flags: list[bool | None]) -> bool | None:
    """True if any response says so; None if none does and some are silent; else False."""
    if True in flags:
        return True
    return None if None in flags or not flags else False


def _yes(flag: bool | None) -> str:
    return "not recorded" if flag is None else "yes" if flag else "no"
