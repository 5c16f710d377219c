"""The figures of a reporting year, as typed values a report renders.

Frozen dataclasses, each with ``to_dict`` for JSON: what :mod:`.counting` makes of the rows
of a log, and what the summary formats, the workbook's Summary sheet and the annual report
are written from. Every share is a :class:`~.tsm.Ratio` carrying its numerator and
denominator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..rulesets import Finding
from .period import ReportingPeriod
from .tsm import DEFAULT_BASIS, Ch02Basis, Ratio, TsmFigures

__all__ = [
    "DutyBreaches",
    "Figures",
    "LogSummary",
    "Ratio",
    "StageFigures",
    "WorkingDays",
]


@dataclass(frozen=True, slots=True)
class WorkingDays:
    """Working days taken to respond: over ``responses`` known to the day."""

    responses: int
    mean: float | None
    median: float | None
    #: responses whose count is only known as a range (a month-only date): left out
    not_exact: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "mean": None if self.mean is None else round(self.mean, 2),
            "median": self.median,
            "not_exact": self.not_exact,
        }


@dataclass(frozen=True, slots=True)
class StageFigures:
    """One stage's figures. ``received``: stage 1 by the date the complaint was received,
    stage 2 by the date escalation was asked for, in the period."""

    stage: int
    received: int
    acknowledged_in_time: Ratio
    #: under the default CH02 basis (responses made in the period)
    responded_in_time: Ratio
    working_days: WorkingDays
    extended: int  # responses made in the period after an extension was notified
    extensions_past_cap: int
    #: received in the period, whose acknowledgement the log does not record (left out of
    #: ``acknowledged_in_time``)
    acknowledgements_not_recorded: int = 0
    #: working days from the stage's start (receipt; the escalation request) to each
    #: response made in the period: exact whenever the dates are, however the Code counts
    working_days_from_start: WorkingDays = WorkingDays(0, None, None, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "received": self.received,
            "acknowledged_in_time": self.acknowledged_in_time.to_dict(),
            "acknowledgements_not_recorded": self.acknowledgements_not_recorded,
            "responded_in_time": self.responded_in_time.to_dict(),
            "working_days_to_respond": self.working_days.to_dict(),
            "working_days_from_start": self.working_days_from_start.to_dict(),
            "extended": self.extended,
            "extensions_past_cap": self.extensions_past_cap,
        }


@dataclass(frozen=True, slots=True)
class DutyBreaches:
    """Complaints with a breach of one duty, whatever the Code edition."""

    duty: str
    cases: int
    #: (provision, ruleset) the breaches were found under, e.g. ("6.3", "hos-chc-2024")
    provisions: tuple[tuple[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "duty": self.duty,
            "cases": self.cases,
            "provisions": [{"provision": p, "ruleset": r} for p, r in self.provisions],
        }


@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure over one set of complaints (the whole report, or one group)."""

    complaints: int  # rows in the report
    checked: int
    input_errors: int
    stages: tuple[StageFigures, StageFigures]
    escalation_rate: Ratio  # stage 2 received over stage 1 received, in the period
    findings: dict[Finding, int]
    breached: int  # complaints with at least one breach
    breaches: tuple[DutyBreaches, ...]
    refusals: int
    refusal_grounds: dict[str, int]
    escalation_refusals: int
    compensation_offered_gbp: float
    compensation_offered_cases: int
    compensation_paid_gbp: float
    open: int
    overdue: int
    #: CH02 under every basis: stage 1 and stage 2 responded to in time
    ch02: tuple[tuple[Ch02Basis, tuple[Ratio, Ratio]], ...]

    def stage(self, number: int) -> StageFigures:
        return self.stages[number - 1]

    def ch02_for(self, basis: Ch02Basis) -> tuple[Ratio, Ratio]:
        return next(ratios for each, ratios in self.ch02 if each == basis)

    def to_dict(self) -> dict[str, Any]:
        return {
            "complaints": self.complaints,
            "checked": self.checked,
            "input_errors": self.input_errors,
            "stages": [stage.to_dict() for stage in self.stages],
            "escalation_rate": self.escalation_rate.to_dict(),
            "findings": dict(self.findings),
            "breached": self.breached,
            "breaches_by_duty": [breach.to_dict() for breach in self.breaches],
            "refusals": self.refusals,
            "refusal_grounds": dict(self.refusal_grounds),
            "escalation_refusals": self.escalation_refusals,
            "compensation_offered_gbp": round(self.compensation_offered_gbp, 2),
            "compensation_offered_cases": self.compensation_offered_cases,
            "compensation_paid_gbp": round(self.compensation_paid_gbp, 2),
            "open": self.open,
            "overdue": self.overdue,
            "ch02": [
                {
                    "basis": basis.name,
                    "default": basis == DEFAULT_BASIS,
                    "stage1": ratios[0].to_dict(),
                    "stage2": ratios[1].to_dict(),
                }
                for basis, ratios in self.ch02
            ],
        }


@dataclass(frozen=True, slots=True)
class LogSummary:
    """A log's figures for a period at an as-of day: what a report is drawn from.

    ``cases_read`` = ``complaints`` in the report + every skipped count: nothing is lost.
    """

    period: ReportingPeriod | None
    as_of: date | None
    cases_read: int
    skipped_before_period: int
    skipped_after_period: int
    not_yet_received: int
    figures: Figures
    #: group-by name → group value → that group's figures, values in sorted order
    groups: dict[str, dict[str, Figures]]
    #: CH01/CH02 for all homes, then per tenure class when homes were given by tenure
    tsm: tuple[TsmFigures, ...]
    basis: Ch02Basis
    warnings: tuple[str, ...] = ()

    @property
    def skipped(self) -> int:
        return self.skipped_before_period + self.skipped_after_period + self.not_yet_received

    def to_dict(self) -> dict[str, Any]:
        period = self.period
        return {
            "period": None
            if period is None
            else {
                "label": period.label,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "cases_read": self.cases_read,
            "in_report": self.figures.complaints,
            "skipped_before_period": self.skipped_before_period,
            "skipped_after_period": self.skipped_after_period,
            "not_yet_received": self.not_yet_received,
            "ch02_basis": self.basis.name,
            "figures": self.figures.to_dict(),
            "groups": {
                name: {value: figures.to_dict() for value, figures in groups.items()}
                for name, groups in self.groups.items()
            },
            "tsm": [tsm.to_dict() for tsm in self.tsm],
            "warnings": list(self.warnings),
        }
