"""What a check returns: checks, the determination, suggested remedies and the report.

Plain classes rather than pydantic models: a log of a million complaints builds tens of
millions of these, and they only ever come out of the engine, never in from a user. The
small records are frozen dataclasses; :class:`Check` and :class:`Determination` (plain
slotted classes) and :class:`Report` (a slotted dataclass) are not frozen, only read-only by
convention, since they are built for every rule of every case and a frozen constructor
costs several times as much.
``to_json`` writes the JSON text of the output contract directly (see
:mod:`complycheck.json_text` for why); ``to_dict`` is that text read back, so the contract's
shape is written down once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from .errors import InputIssue
from .json_text import WORDS, array, string, value
from .vocabulary import Finding, Redress, Weight

Status = Literal["met", "breached", "pending", "not_applicable", "unknown"]
STATUSES: tuple[Status, ...] = ("met", "breached", "pending", "not_applicable", "unknown")


@dataclass(frozen=True, slots=True)
class Span:
    """A whole number known exactly (lo == hi) or only as a range, from month-only dates."""

    lo: int
    hi: int

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __str__(self) -> str:
        return str(self.lo) if self.exact else f"between {self.lo} and {self.hi}"


def exact_number(value: object) -> int | None:
    """A fact's whole number where it is known exactly: a plain int, or a :class:`Span`
    whose ends meet; None for a range, a missing fact or anything else."""
    if isinstance(value, Span):
        return value.lo if value.exact else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _contract_form(item: Any) -> Any:
    """A fact JSON has no type for, as the contract writes it (the encoder's ``default``)."""
    if isinstance(item, Span):
        return item.lo if item.exact else {"min": item.lo, "max": item.hi}
    if isinstance(item, date):
        return item.isoformat()
    raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")


#: Facts are dicts of mostly strings and numbers: the standard library's encoder walks them
#: faster than Python code can, calling back only for spans and days.
_FACTS = json.JSONEncoder(ensure_ascii=False, default=_contract_form)


#: A sentence not written yet: called when (and only when) an output asks for it.
Said = Callable[[], str]


class Check:
    """The outcome of one rule on one case: its status, facts and cited events, evaluated
    at once, and its reasoning sentence, written by the rule's kind on first read.

    ``reasoning`` may be given as the sentence or as the function that writes it (what
    :mod:`complycheck.engine` gives): an output that prints no sentence (``summary``,
    ``cases``, a met check in ``breaches``) then never has one written. A plain slotted
    class rather than a frozen dataclass: one is built for every rule of every case, and a
    frozen dataclass's constructor costs several times as much. Treat it as read-only.
    """

    __slots__ = (
        "_said",
        "confirmed",
        "events",
        "facts",
        "provision",
        "rule",
        "status",
        "title",
        "weight",
        "weight_worst",
    )

    def __init__(
        self,
        rule: str,
        provision: str,
        title: str,
        status: Status,
        reasoning: str | Said,
        facts: dict[str, Any] | None = None,
        events: tuple[int, ...] = (),
        weight: Weight | None = None,
        weight_worst: Weight | None = None,
        confirmed: bool = True,
    ) -> None:
        self.rule = rule
        self.provision = provision
        self.title = title
        self.status = status
        self._said = reasoning
        self.facts: dict[str, Any] = {} if facts is None else facts
        self.events = events
        self.weight = weight
        self.weight_worst = weight_worst
        self.confirmed = confirmed

    @property
    def reasoning(self) -> str:
        """The sentence, written the first time it is read and kept."""
        said = self._said
        if not isinstance(said, str):
            said = self._said = said()
        return said

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.rule,
            self.provision,
            self.title,
            self.status,
            self.reasoning,
            self.facts,
            self.events,
            self.weight,
            self.weight_worst,
            self.confirmed,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Check):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # equal by value, and facts are a dict

    def __repr__(self) -> str:
        return (
            f"Check(rule={self.rule!r}, status={self.status!r}, reasoning={self.reasoning!r}, "
            f"facts={self.facts!r}, events={self.events!r}, weight={self.weight!r})"
        )

    def __reduce__(self) -> tuple[type[Check], tuple[Any, ...]]:
        """Pickled with its sentence written: a writer is a closure, which cannot travel."""
        return Check, self._fields()

    def to_dict(self) -> dict[str, Any]:
        return _read(self.to_json())

    def to_json(self) -> str:
        if self.facts:
            write, facts = _check_json, _FACTS.encode(self.facts)
        else:
            write, facts = _fact_less_check_json, "{}"
        return write(
            self.rule,
            self.provision,
            self.title,
            self.status,
            self.reasoning,
            facts,
            self.events,
            self.weight,
            self.weight_worst,
            self.confirmed,
        )


def _check_json(
    rule: str,
    provision: str,
    title: str,
    status: Status,
    reasoning: str,
    facts: str,
    events: tuple[int, ...],
    weight: Weight | None,
    weight_worst: Weight | None,
    confirmed: bool,
) -> str:
    """A :class:`Check`'s JSON text from its fields, ``facts`` already written."""
    more = ""
    if weight is not None:
        more = f', "weight": {WORDS[weight]}'
        if weight_worst != weight:
            more += f', "weight_worst_case": {value(weight_worst)}'
    return (
        f"{_check_head(rule, provision, title, status)}"
        f'"reasoning": {string(reasoning)}, "facts": {facts}, "events": {array(events)}, '
        f'"provision_confirmed": {value(confirmed)}{more}}}'
    )


#: A check with no facts is mostly the same text case after case ("Nothing was handled as a
#: service request."): 98% of them in a synthetic log of 20,000, so they are remembered
#: (typed, so that no two fields that are equal but of different types share a text).
_fact_less_check_json = lru_cache(maxsize=8192, typed=True)(_check_json)


@lru_cache(maxsize=1024)
def _check_head(rule: str, provision: str, title: str, status: Status) -> str:
    """A check's first members, the same for every case a rule gives that status."""
    return (
        f'{{"rule": {WORDS[rule]}, "provision": {WORDS[provision]}, '
        f'"title": {WORDS[title]}, "status": {WORDS[status]}, '
    )


class Determination:
    """The indicative finding on complaint handling, with its step-by-step reasoning.

    ``finding`` rests on what the record establishes; where a month-only date leaves a
    breach's size open, ``worst_case`` is the finding at the other end of the range.
    ``reasoning`` is given as the steps or as the function that writes them, and is then
    written the first time it is read (as :class:`Check`'s sentence is). Read-only.
    """

    __slots__ = ("_said", "finding", "redress", "weighed", "worst_case", "worst_weight")

    def __init__(
        self,
        finding: Finding,
        worst_case: Finding,
        worst_weight: Weight | None,
        redress: Redress | None,
        weighed: tuple[str, ...],
        reasoning: tuple[str, ...] | Callable[[], tuple[str, ...]],
    ) -> None:
        self.finding = finding
        self.worst_case = worst_case
        self.worst_weight = worst_weight
        self.redress = redress
        self.weighed = weighed
        self._said = reasoning

    @property
    def reasoning(self) -> tuple[str, ...]:
        said = self._said
        if not isinstance(said, tuple):
            said = self._said = said()
        return said

    def _fields(self) -> tuple[Any, ...]:
        return (
            self.finding,
            self.worst_case,
            self.worst_weight,
            self.redress,
            self.weighed,
            self.reasoning,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Determination):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Determination(finding={self.finding!r}, worst_case={self.worst_case!r}, "
            f"worst_weight={self.worst_weight!r}, redress={self.redress!r}, "
            f"weighed={self.weighed!r}, reasoning={self.reasoning!r})"
        )

    def __reduce__(self) -> tuple[type[Determination], tuple[Any, ...]]:
        return Determination, self._fields()

    def to_dict(self) -> dict[str, Any]:
        return _read(self.to_json())

    def to_json(self) -> str:
        return _determination_json(*self._fields())


#: Determinations repeat too (three in five, in a synthetic log): remembered by their fields.
@lru_cache(maxsize=4096)
def _determination_json(
    finding: Finding,
    worst_case: Finding,
    worst_weight: Weight | None,
    redress: Redress | None,
    weighed: tuple[str, ...],
    reasoning: tuple[str, ...],
) -> str:
    return (
        f'{{"finding": {WORDS[finding]}, "worst_case": {WORDS[worst_case]}, '
        f'"certain": {value(finding == worst_case)}, '
        f'"worst_weight": {value(worst_weight)}, "redress": {value(redress)}, '
        f'"weighed": {array(weighed)}, '
        f'"reasoning": [{", ".join(map(string, reasoning))}], "indicative": true}}'
    )


@dataclass(frozen=True, slots=True)
class Remedy:
    """A suggested remedy, tied to the breach(es) it answers."""

    kind: Literal["apology", "compensation", "action"]
    text: str
    rules: tuple[str, ...] = ()
    min_gbp: float | None = None
    max_gbp: float | None = None
    #: the guidance band a compensation range is (docs/decisions.md §7); None for any other sum
    band: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return _read(self.to_json())

    def to_json(self) -> str:
        return _remedy_json(self.kind, self.text, self.rules, self.min_gbp, self.max_gbp, self.band)


#: A ruleset has a few dozen remedies between them: remembered by their fields (typed, so
#: an amount of 100 and one of 100.0 are written apart).
@lru_cache(maxsize=1024, typed=True)
def _remedy_json(
    kind: str,
    text: str,
    rules: tuple[str, ...],
    min_gbp: float | None,
    max_gbp: float | None,
    band: str | None,
) -> str:
    amounts = ""
    if min_gbp is not None or max_gbp is not None:
        amounts = f', "min_gbp": {value(min_gbp)}, "max_gbp": {value(max_gbp)}'
    if band is not None:
        amounts += f', "band": {string(band)}'
    return f'{{"kind": {WORDS[kind]}, "text": {string(text)}, "rules": {array(rules)}{amounts}}}'


@dataclass(frozen=True, slots=True)
class RulesetInfo:
    id: str
    title: str
    sha256: str
    why: str


@dataclass(frozen=True, slots=True)
class GuidanceInfo:
    """The remedies guidance edition applied, beside the Code's (docs/decisions.md §7)."""

    id: str
    title: str
    sha256: str
    why: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class CalendarInfo:
    nation: str
    holidays_version: str
    closure_days: tuple[date, ...]


@dataclass(slots=True)
class Report:
    """Everything about one case, and what an auditor needs to reproduce it.

    Not frozen (one is built per case, and a frozen constructor costs several times as
    much); treat it as read-only.
    """

    case_id: str
    landlord: str | None
    ruleset: RulesetInfo
    calendar: CalendarInfo
    as_of: date
    tool_version: str
    engine: str
    checks: tuple[Check, ...]
    determination: Determination
    remedies: tuple[Remedy, ...]
    #: the remedies guidance applied; None only for a report built by hand without one
    guidance: GuidanceInfo | None = None

    def count(self, status: Status) -> int:
        return sum(1 for check in self.checks if check.status == status)

    def to_dict(self) -> dict[str, Any]:
        return _read(self.to_json())

    def to_json(self) -> str:
        """This report as JSON text, as ``json.dumps(..., ensure_ascii=False)`` writes it."""
        return "{" + self._json_members() + "}"

    def _json_members(self) -> str:
        """The members of :meth:`to_json`'s object, which a :class:`CaseResult` extends."""
        ruleset, calendar = self.ruleset, self.calendar
        return (
            f'"case_id": {string(self.case_id)}, "landlord": {value(self.landlord)}, '
            f'"ruleset": {{"id": {WORDS[ruleset.id]}, "title": {WORDS[ruleset.title]}, '
            f'"sha256": {WORDS[ruleset.sha256]}, "why": {WORDS[ruleset.why]}}}, '
            f'"guidance": {_guidance_json(self.guidance)}, '
            f'"calendar": {{"nation": {WORDS[calendar.nation]}, '
            f'"holidays_version": {WORDS[calendar.holidays_version]}, '
            f'"closure_days": {array([day.isoformat() for day in calendar.closure_days])}}}, '
            f'"as_of": {WORDS[self.as_of.isoformat()]}, '
            f'"tool_version": {WORDS[self.tool_version]}, "engine": {WORDS[self.engine]}, '
            f'"checks": [{", ".join([check.to_json() for check in self.checks])}], '
            f'"determination": {self.determination.to_json()}, '
            f'"remedies": [{", ".join([remedy.to_json() for remedy in self.remedies])}]'
        )


def _guidance_json(guidance: GuidanceInfo | None) -> str:
    if guidance is None:
        return "null"
    return (
        f'{{"id": {WORDS[guidance.id]}, "title": {WORDS[guidance.title]}, '
        f'"sha256": {WORDS[guidance.sha256]}, "why": {WORDS[guidance.why]}, '
        f'"confirmed": {value(guidance.confirmed)}}}'
    )


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One input case's result: a report, or the input errors that kept it from being checked.

    Every input case yields exactly one of these, so a log's count in equals its count out.
    """

    source: str
    location: str
    case_id: str | None
    report: Report | None = None
    errors: tuple[InputIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report is not None

    def to_dict(self) -> dict[str, Any]:
        return _read(self.to_json())

    def to_json(self) -> str:
        """A :class:`Report`'s object with where the case came from before it and its input
        errors after it (the report's ``case_id`` stands; there is none without a report)."""
        head = f'{{"source": {WORDS[self.source]}, "location": {string(self.location)}, '
        errors = array([issue.to_dict() for issue in self.errors])
        if self.report is None:
            return f'{head}"case_id": {value(self.case_id)}, "errors": {errors}}}'
        return f'{head}{self.report._json_members()}, "errors": {errors}}}'


def _read(json_text: str) -> dict[str, Any]:
    """A ``to_json`` text as the dict the contract describes."""
    out: dict[str, Any] = json.loads(json_text)
    return out
