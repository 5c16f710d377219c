"""What a check returns: checks, the determination, suggested remedies and the report.

Plain classes rather than pydantic models: a log of a million complaints builds tens of
millions of these, and they only ever come out of the engine, never in from a user. The
small records are frozen dataclasses; :class:`Check` and :class:`Determination` (plain
slotted classes) and :class:`Report` (a slotted dataclass) are not frozen, only read-only by
convention, since they are built for every rule of every case and a frozen constructor
costs several times as much.
``contract_form`` gives a result as the output contract's object, built straight from its
fields (dates, tuples and spans left for the encoder); ``to_json`` is that object written by
:mod:`complycheck.contract_json`, and ``to_dict`` is that text read back, so the contract's
shape is written down once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from .contract_json import compact
from .errors import InputIssue
from .vocabulary import Finding, Redress, Weight

Status = Literal["met", "breached", "pending", "not_applicable", "unknown"]
STATUSES: tuple[Status, ...] = ("met", "breached", "pending", "not_applicable", "unknown")


class _ContractRecord:
    """A result the output contract describes: each says its own shape in ``contract_form``,
    and its JSON text and dict are that shape written and read back, here once for all."""

    __slots__ = ()

    def contract_form(self) -> dict[str, Any]:
        raise NotImplementedError  # every subclass gives its own

    def to_json(self) -> str:
        """Compact JSON text, as a ``jsonl`` line holds it (without the newline)."""
        return compact(self.contract_form())

    def to_dict(self) -> dict[str, Any]:
        """The contract's dict: the JSON text read back, so dates and spans are as written."""
        out: dict[str, Any] = json.loads(self.to_json())
        return out


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

    def json_form(self) -> int | dict[str, int]:
        """As the contract writes a count: a number, or ``{"min": ..., "max": ...}``."""
        return self.lo if self.exact else {"min": self.lo, "max": self.hi}


def exact_number(value: object) -> int | None:
    """A fact's whole number where it is known exactly: a plain int, or a :class:`Span`
    whose ends meet; None for a range, a missing fact or anything else."""
    if isinstance(value, Span):
        return value.lo if value.exact else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


#: A sentence not written yet: called when (and only when) an output asks for it.
Said = Callable[[], str]


class Check(_ContractRecord):
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

    def contract_form(self) -> dict[str, Any]:
        """This check as the contract's object (docs/output.md), its facts as they are."""
        form = {
            "rule": self.rule,
            "provision": self.provision,
            "title": self.title,
            "status": self.status,
            "reasoning": self.reasoning,
            "facts": self.facts,
            "events": self.events,
            "provision_confirmed": self.confirmed,
        }
        if self.weight is not None:
            form["weight"] = self.weight
            if self.weight_worst != self.weight:
                form["weight_worst_case"] = self.weight_worst
        return form


class Determination(_ContractRecord):
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

    def contract_form(self) -> dict[str, Any]:
        """This determination as the contract's object (docs/output.md)."""
        return {
            "finding": self.finding,
            "worst_case": self.worst_case,
            "certain": self.finding == self.worst_case,
            "worst_weight": self.worst_weight,
            "redress": self.redress,
            "weighed": self.weighed,
            "reasoning": self.reasoning,
            "indicative": True,
        }


@dataclass(frozen=True, slots=True)
class Remedy(_ContractRecord):
    """A suggested remedy, tied to the breach(es) it answers."""

    kind: Literal["apology", "compensation", "action"]
    text: str
    rules: tuple[str, ...] = ()
    min_gbp: float | None = None
    max_gbp: float | None = None
    #: the guidance band a compensation range is (docs/decisions.md §7); None for any other sum
    band: str | None = None

    def contract_form(self) -> dict[str, Any]:
        """This remedy as the contract's object: amounts only for a sum, a band only for a
        guidance band."""
        form: dict[str, Any] = {"kind": self.kind, "text": self.text, "rules": self.rules}
        if self.min_gbp is not None or self.max_gbp is not None:
            form["min_gbp"] = self.min_gbp
            form["max_gbp"] = self.max_gbp
        if self.band is not None:
            form["band"] = self.band
        return form


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
class Report(_ContractRecord):
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

    def contract_form(self) -> dict[str, Any]:
        """This report as the contract's object (docs/output.md); a :class:`CaseResult`
        puts where the case came from before these members and its errors after them."""
        ruleset, calendar, guidance = self.ruleset, self.calendar, self.guidance
        return {
            "case_id": self.case_id,
            "landlord": self.landlord,
            "ruleset": {
                "id": ruleset.id,
                "title": ruleset.title,
                "sha256": ruleset.sha256,
                "why": ruleset.why,
            },
            "guidance": None
            if guidance is None
            else {
                "id": guidance.id,
                "title": guidance.title,
                "sha256": guidance.sha256,
                "why": guidance.why,
                "confirmed": guidance.confirmed,
            },
            "calendar": {
                "nation": calendar.nation,
                "holidays_version": calendar.holidays_version,
                "closure_days": calendar.closure_days,
            },
            "as_of": self.as_of,
            "tool_version": self.tool_version,
            "engine": self.engine,
            "checks": [check.contract_form() for check in self.checks],
            "determination": self.determination.contract_form(),
            "remedies": [remedy.contract_form() for remedy in self.remedies],
        }


@dataclass(frozen=True, slots=True)
class CaseResult(_ContractRecord):
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

    def contract_form(self) -> dict[str, Any]:
        """A :class:`Report`'s object with where the case came from before it and its input
        errors after it (the report's ``case_id`` stands; there is none without a report)."""
        form: dict[str, Any] = {"source": self.source, "location": self.location}
        if self.report is None:
            form["case_id"] = self.case_id
        else:
            form.update(self.report.contract_form())
        form["errors"] = [issue.to_dict() for issue in self.errors]
        return form
