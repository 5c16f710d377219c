"""What a check returns: checks, the determination, suggested remedies and the report.

Plain frozen dataclasses rather than pydantic models: a log of a million complaints builds
tens of millions of these, and they only ever come out of the engine, never in from a user.
``to_dict`` gives the JSON shape of the output contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .errors import InputIssue
from .fastinit import fast_init
from .rulesets import Finding, Redress, Weight

Status = Literal["met", "breached", "pending", "not_applicable", "unknown"]
STATUSES: tuple[Status, ...] = ("met", "breached", "pending", "not_applicable", "unknown")


@fast_init
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

    def to_json(self) -> int | dict[str, int]:
        return self.lo if self.exact else {"min": self.lo, "max": self.hi}


#: Types a fact value already has in JSON form: most values are these, so they skip the checks.
_PLAIN = frozenset({str, int, bool, float, type(None)})


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Span):
        return value.to_json()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return _jsonable_dict(value)
    return value


def _jsonable_dict(value: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``value`` in JSON form; a plain copy when every value already is."""
    for item in value.values():
        if type(item) not in _PLAIN:
            return {key: _jsonable(item) for key, item in value.items()}
    return dict(value)


@fast_init
@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one rule on one case."""

    rule: str
    provision: str
    title: str
    status: Status
    reasoning: str
    facts: dict[str, Any] = field(default_factory=dict)
    events: tuple[int, ...] = ()
    weight: Weight | None = None
    weight_worst: Weight | None = None
    confirmed: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "provision": self.provision,
            "title": self.title,
            "status": self.status,
            "reasoning": self.reasoning,
            "facts": _jsonable_dict(self.facts),
            "events": list(self.events),
            "provision_confirmed": self.confirmed,
        }
        if self.weight is not None:
            out["weight"] = self.weight
            if self.weight_worst != self.weight:
                out["weight_worst_case"] = self.weight_worst
        return out


@fast_init
@dataclass(frozen=True, slots=True)
class Determination:
    """The indicative finding on complaint handling, with its step-by-step reasoning.

    ``finding`` rests on what the record establishes; where a month-only date leaves a
    breach's size open, ``worst_case`` is the finding at the other end of the range.
    """

    finding: Finding
    worst_case: Finding
    worst_weight: Weight | None
    redress: Redress | None
    weighed: tuple[str, ...]
    reasoning: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "finding": self.finding,
            "worst_case": self.worst_case,
            "certain": self.finding == self.worst_case,
            "worst_weight": self.worst_weight,
            "redress": self.redress,
            "weighed": list(self.weighed),
            "reasoning": list(self.reasoning),
            "indicative": True,
        }


@fast_init
@dataclass(frozen=True, slots=True)
class Remedy:
    """A suggested remedy, tied to the breach(es) it answers."""

    kind: Literal["apology", "compensation", "action"]
    text: str
    rules: tuple[str, ...] = ()
    min_gbp: float | None = None
    max_gbp: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "rules": list(self.rules)}
        if self.min_gbp is not None or self.max_gbp is not None:
            out["min_gbp"] = self.min_gbp
            out["max_gbp"] = self.max_gbp
        return out


@fast_init
@dataclass(frozen=True, slots=True)
class RulesetInfo:
    id: str
    title: str
    sha256: str
    why: str


@fast_init
@dataclass(frozen=True, slots=True)
class CalendarInfo:
    nation: str
    holidays_version: str
    closure_days: tuple[date, ...]


@fast_init
@dataclass(frozen=True, slots=True)
class Report:
    """Everything about one case, and what an auditor needs to reproduce it."""

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

    def count(self, status: Status) -> int:
        return sum(1 for check in self.checks if check.status == status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "landlord": self.landlord,
            "ruleset": {
                "id": self.ruleset.id,
                "title": self.ruleset.title,
                "sha256": self.ruleset.sha256,
                "why": self.ruleset.why,
            },
            "calendar": {
                "nation": self.calendar.nation,
                "holidays_version": self.calendar.holidays_version,
                "closure_days": [day.isoformat() for day in self.calendar.closure_days],
            },
            "as_of": self.as_of.isoformat(),
            "tool_version": self.tool_version,
            "engine": self.engine,
            "checks": [check.to_dict() for check in self.checks],
            "determination": self.determination.to_dict(),
            "remedies": [remedy.to_dict() for remedy in self.remedies],
        }


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
        out: dict[str, Any] = {
            "source": self.source,
            "location": self.location,
            "case_id": self.case_id,
        }
        if self.report is not None:
            out.update(self.report.to_dict())
            out["case_id"] = self.report.case_id
        out["errors"] = [issue.to_dict() for issue in self.errors]
        return out
