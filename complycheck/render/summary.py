"""The run's totals, accumulated one result at a time so a log of any size costs flat memory.

Every format ends with this summary: how many cases were checked or rejected, how the
indicative findings fall, which provisions were breached most, and what share of stage 1
and stage 2 responses came within the Code's timescales (the figure a landlord's annual
self-assessment and the Ombudsman's own reports lead with).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..results import CaseResult, Check
from ..rulesets import FINDINGS, Finding

__all__ = ["STAGE_MEASURES", "StageTally", "Summary", "Tally"]

#: ``facts["measures"]`` values the engine puts on checks of a stage response deadline.
STAGE_MEASURES: dict[str, str] = {
    "stage1_response": "Stage 1 responses",
    "stage2_response": "Stage 2 responses",
}


@dataclass(slots=True)  # not frozen: made in every worker and again in the parent, per case
class Tally:
    """What the summary reads of one case, and nothing more.

    A worker process sends this back instead of the whole report when the output text was
    already written out there: pickling a report's object graph costs more than checking it.
    """

    input_error: bool
    finding: Finding | None
    #: (rule, provision) of every breached check
    breaches: tuple[tuple[str, str], ...]
    #: (measure, on time) of every stage response that was made, met or breached: the
    #: Tenant Satisfaction Measure CH02 counts complaints *responded to*, and a response
    #: inside an extension is on time only if the extension kept to the Code
    measured: tuple[tuple[str, bool], ...]

    @classmethod
    def of(cls, result: CaseResult) -> Tally:
        report = result.report
        if report is None:
            return cls(bool(result.errors), None, (), ())
        breaches: list[tuple[str, str]] = []
        responses: list[Check] = []
        # extensions a breached cap rule found over the cap without reasons
        bad_extensions: set[int] = set()
        for check in report.checks:  # one pass: this runs for every case of a log
            status = check.status
            if status == "breached":
                breaches.append((check.rule, check.provision))
                if "cap_working_days" in check.facts:
                    bad_extensions.update(check.events)
            elif status != "met":
                continue
            facts = check.facts
            if facts.get("measures") in STAGE_MEASURES and "end_event" in facts:
                responses.append(check)
        measured = tuple(
            (
                check.facts["measures"],
                check.status == "met"
                and bad_extensions.isdisjoint(check.facts.get("extension_events", ())),
            )
            for check in responses
        )
        return cls(bool(result.errors), report.determination.finding, tuple(breaches), measured)


@dataclass(slots=True)
class StageTally:
    """Responses at one stage measured against the Code's timescale: met is on time."""

    on_time: int = 0
    late: int = 0

    @property
    def measured(self) -> int:
        return self.on_time + self.late

    @property
    def share_on_time(self) -> float | None:
        """Fraction on time, or None when no response at this stage could be measured."""
        return self.on_time / self.measured if self.measured else None

    def describe(self) -> str:
        share = self.share_on_time
        if share is None:
            return "none measured"
        return f"{self.on_time} of {self.measured} on time ({share:.0%})"

    def to_dict(self) -> dict[str, Any]:
        share = self.share_on_time
        return {
            "on_time": self.on_time,
            "late": self.late,
            "share_on_time": None if share is None else round(share, 4),
        }


@dataclass(slots=True)
class Summary:
    """Totals over every :class:`CaseResult` added so far."""

    cases: int = 0
    checked: int = 0
    input_errors: int = 0
    findings: Counter[Finding] = field(default_factory=Counter)
    breaches: Counter[tuple[str, str]] = field(default_factory=Counter)
    stages: dict[str, StageTally] = field(
        default_factory=lambda: {measure: StageTally() for measure in STAGE_MEASURES}
    )
    #: what is wrong with an input as a whole but did not stop it being checked
    warnings: list[str] = field(default_factory=list)
    #: per wide log: the steps it does not record and the columns it did not use
    #: (``complycheck.logs.LogNotes.to_dict``)
    logs: list[dict[str, Any]] = field(default_factory=list)

    def add(self, result: CaseResult) -> None:
        """Count one case; a case is either checked or rejected for its input errors."""
        self.add_tally(Tally.of(result))

    def add_tally(self, tally: Tally) -> None:
        """Count one case from its :class:`Tally` (what :meth:`add` reads of a result)."""
        self.cases += 1
        if tally.input_error:
            self.input_errors += 1
        if tally.finding is None:
            return
        self.checked += 1
        self.findings[tally.finding] += 1
        for breach in tally.breaches:
            self.breaches[breach] += 1
        for measure, on_time in tally.measured:
            stage = self.stages.get(measure)
            if stage is None:
                continue
            if on_time:
                stage.on_time += 1
            else:
                stage.late += 1

    def above(self, level: Finding) -> int:
        """How many checked cases have a finding more serious than ``level``."""
        rank = FINDINGS.index(level)
        return sum(n for finding, n in self.findings.items() if FINDINGS.index(finding) > rank)

    def top_breaches(self) -> list[tuple[str, str, int]]:
        """(rule, provision, count), most breached first, then by rule id for stable output."""
        ordered = sorted(self.breaches.items(), key=lambda item: (-item[1], item[0]))
        return [(rule, provision, count) for (rule, provision), count in ordered]

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "checked": self.checked,
            "input_errors": self.input_errors,
            "findings": {finding: self.findings[finding] for finding in FINDINGS},
            "breaches": [
                {"rule": rule, "provision": provision, "cases": count}
                for rule, provision, count in self.top_breaches()
            ],
            "stage_responses": {
                measure.removesuffix("_response"): tally.to_dict()
                for measure, tally in self.stages.items()
            },
            "warnings": list(self.warnings),
            "logs": list(self.logs),
        }

    def lines(self) -> list[str]:
        """The summary as plain lines, shared by the text writer and the csv side channel."""
        out = [
            f"Cases: {self.cases} ({self.checked} checked, {self.input_errors} with input errors)",
            "Indicative findings: "
            + (
                ", ".join(
                    f"{finding} {self.findings[finding]}"
                    for finding in FINDINGS
                    if self.findings[finding]
                )
                or "none"
            ),
        ]
        out.extend(
            f"{label} within the Code's timescale: {self.stages[measure].describe()}"
            for measure, label in STAGE_MEASURES.items()
        )
        breaches = self.top_breaches()
        if breaches:
            out.append("Breaches by provision (cases):")
            out.extend(
                f"  {count:>5}  {provision:<8} {rule}" for rule, provision, count in breaches
            )
        else:
            out.append("Breaches by provision: none")
        for log in self.logs:
            if log["not_recorded"]:
                out.append(f"Not recorded by {log['source']}: " + ", ".join(log["not_recorded"]))
            if log["unplaced_columns"]:
                columns = ", ".join(repr(item["column"]) for item in log["unplaced_columns"])
                out.append(f"Columns not used in {log['source']}: {columns}")
        out.extend(f"Warning: {warning}" for warning in self.warnings)
        return out
