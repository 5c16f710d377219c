"""What the OpenAPI document says of the service's bodies, as pydantic models.

The catalogue endpoints answer with these models. A report is the CLI's JSON contract
(``docs/output.md``), written by :meth:`~complycheck.results.CaseResult.to_json` and not by
a model; :class:`CaseResultBody` describes its top level so that a client generator has a
type and a contract test can hold the service to it, and leaves the nested details open.
Optional members are left out rather than typed as ``null`` unions, so the document
converts to OpenAPI 3.0 cleanly.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..rulesets import FINDINGS

__all__ = [
    "CaseResultBody",
    "ErrorBody",
    "Health",
    "Issue",
    "RuleInfo",
    "RulesetDetail",
    "RulesetSummary",
    "SkippedDayInfo",
    "WorkdaysBody",
]


class Issue(BaseModel):
    """One located problem, as the CLI reports it."""

    message: str
    source: str | None = Field(default=None, description="The input it is in.")
    case_id: str | None = None
    location: str | None = Field(
        default=None, description='Where in the input: "document 1", "line 4", "row 12".'
    )
    field: str | None = Field(default=None, description="The field, column or parameter.")
    value: str | None = Field(default=None, description="The value given, as text.")
    expected: str | None = Field(default=None, description="What would be valid.")


class ErrorBody(BaseModel):
    """A refused request: a case's place and its errors, or the request's errors alone."""

    model_config = ConfigDict(extra="allow")
    errors: list[Issue]
    source: str | None = None
    location: str | None = None
    case_id: str | None = None


class CaseResultBody(BaseModel):
    """One case's result: the report (``docs/output.md``), or its input errors."""

    model_config = ConfigDict(extra="allow")
    source: str
    location: str
    case_id: str | None
    errors: list[Issue]
    ruleset: dict[str, Any] | None = Field(
        default=None, description="id, title, sha256 of the ruleset file, why it applies."
    )
    determination: dict[str, Any] | None = Field(
        default=None, description=f"finding: one of {', '.join(FINDINGS)}; with its reasoning."
    )
    checks: list[dict[str, Any]] | None = None


class RulesetSummary(BaseModel):
    """A bundled ruleset: which edition of the Code, and the complaints it applies to."""

    id: str
    title: str
    edition: str
    effective_from: date = Field(description="Applies to complaints received on or after.")
    effective_to: date | None = Field(default=None, description="... up to this day.")
    sha256: str = Field(description="SHA-256 of the ruleset file, as reports carry it.")
    source: str


class RuleInfo(BaseModel):
    """One rule: what it checks and the Code provision it cites."""

    id: str
    provision: str
    provision_confirmed: bool
    title: str
    check: str
    source: str
    note: str | None = None


class RulesetDetail(RulesetSummary):
    """A ruleset with its rules."""

    rules: list[RuleInfo]


class SkippedDayInfo(BaseModel):
    """A weekday that was not a working day, and why."""

    date: date
    reason: str


class WorkdaysBody(BaseModel):
    """Working days in (from, to]: the start day is not counted, the end day is."""

    model_config = ConfigDict(populate_by_name=True)
    from_: date = Field(alias="from")
    to: date
    nation: str
    working_days: int
    weekdays: int
    skipped: list[SkippedDayInfo]
    holidays_version: str


class Health(BaseModel):
    """The service is up."""

    status: Literal["ok"]
    version: str
