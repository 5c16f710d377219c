"""What the annual report needs beyond the year's summary, counted one row at a time.

The headline, CH01/CH02, findings and breakdowns come from the summary itself
(:class:`~complycheck.reporting.figures.LogSummary`); this collector sees the same rows as
they pass (``check_log(observe=...)``) and counts what only the report shows: the months
(each month is counted by the summary's own code, with the month as its period, so the
months add up to the year), each duty's checks by status, the reasons for breach, the
complaints behind each finding and the suggested remedies, and the run's provenance.

Memory is bounded by months, duties, groups and the caps below, never by complaints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ..logs.reader import LogNotes
from ..reporting.counting import SummaryBuilder
from ..reporting.duties import duty_name
from ..reporting.period import ReportingPeriod
from ..reporting.rows import CaseRow
from ..results import Check, GuidanceInfo, Remedy, Report, exact_number
from ..rulesets import FINDINGS, Finding, Ruleset, load_ruleset
from .reasons import breach_reasons, matching_labels

__all__ = [
    "APPENDIX_CAP",
    "IDS_PER_FINDING",
    "AppendixEntry",
    "DutyCounts",
    "ReportCollector",
    "RuleCounts",
    "month_periods",
]

#: complaints listed in the appendix (those above no maladministration), in input order
APPENDIX_CAP = 200
#: complaint ids named beside each finding
IDS_PER_FINDING = 60
#: located input errors quoted in the method section
ERRORS_QUOTED = 20
#: export columns named as not placed by the mapping
COLUMNS_NAMED = 100

#: a case's status for a duty checked by several rules: the most telling one
_PRECEDENCE = ("breached", "unknown", "pending", "met")


def month_periods(period: ReportingPeriod) -> list[ReportingPeriod]:
    """The calendar months of ``period``, the first and last cut to its days."""
    months = []
    start = period.start
    while start <= period.end:
        following = (start.replace(day=1) + timedelta(days=32)).replace(day=1)
        end = min(following - timedelta(days=1), period.end)
        months.append(ReportingPeriod(start, end, start.strftime("%Y-%m")))
        start = following
    return months


@dataclass(slots=True)
class DutyCounts:
    """Complaints by their status for one duty (merged across Code editions)."""

    statuses: Counter[str] = field(default_factory=Counter)
    provisions: set[tuple[str, str]] = field(default_factory=set)

    @property
    def checked(self) -> int:
        return sum(self.statuses[status] for status in _PRECEDENCE)


@dataclass(slots=True)
class RuleCounts:
    """One rule of one ruleset: complaints by status, and working days late when breached."""

    statuses: Counter[str] = field(default_factory=Counter)
    late: Counter[int] = field(default_factory=Counter)
    not_recorded: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class AppendixCheck:
    rule: str
    provision: str
    title: str
    status: str
    reasoning: str


@dataclass(frozen=True, slots=True)
class AppendixEntry:
    """One complaint above no maladministration, as the appendix shows it."""

    anchor: str
    case_id: str
    location: str
    received: date | None
    ruleset: str
    finding: Finding
    worst_case: Finding
    checks: tuple[AppendixCheck, ...]  # the breached and overdue-or-pending checks
    met: int
    #: provisions of the checks the log could not decide (a step it does not record)
    undecided: tuple[str, ...]
    reasoning: tuple[str, ...]
    remedies: tuple[str, ...]


@dataclass(slots=True)
class FindingRemedies:
    """The suggested remedies of the complaints with one finding, added up."""

    apologies: int = 0
    compensation_cases: int = 0
    compensation_min: float = 0.0
    compensation_max: float = 0.0
    actions: int = 0


class ReportCollector:
    """Counts each row of the report into the figures only the annual report shows."""

    def __init__(self, period: ReportingPeriod, as_of: date | None) -> None:
        self.period = period
        self.months = [(month, SummaryBuilder(month, as_of)) for month in month_periods(period)]
        self._month_of = {(m.start.year, m.start.month): b for m, b in self.months}
        #: (ruleset, rule) → (duty, parameters, content labels): looked up once per rule
        self._rule_info: dict[tuple[str, str], tuple[str, dict[str, Any], tuple[str, ...]]] = {}
        self.duties: dict[str, DutyCounts] = {}
        self.rules: dict[tuple[str, str], RuleCounts] = {}
        self.reasons: Counter[tuple[str, str]] = Counter()
        self.finding_ids: dict[Finding, list[tuple[str, str | None]]] = {f: [] for f in FINDINGS}
        self.remedies: dict[Finding, FindingRemedies] = {f: FindingRemedies() for f in FINDINGS}
        self.appendix: list[AppendixEntry] = []
        self.appendix_left_out = 0
        self.rulesets: dict[str, tuple[str, str]] = {}  # id → (title, sha256)
        #: remedies guidance editions applied: id → the first report's account of it
        self.guidance: dict[str, GuidanceInfo] = {}
        self.by_guidance: Counter[str] = Counter()
        self.calendars: set[tuple[str, str]] = set()  # (nation, holidays version)
        self.closure_cases = 0
        self.tool_versions: set[str] = set()
        self.engines: set[str] = set()
        self.landlords: Counter[str] = Counter()
        self.columns: dict[str, None] = {}
        self.errors: list[str] = []
        #: what reading each wide log left out: steps with no column, columns not placed
        self.notes: list[LogNotes] = []
        self.by_ruleset: Counter[str] = Counter()
        self._anchors: dict[str, str] = {}

    def add(self, row: CaseRow) -> None:
        """Count one row of the report (``check_log``'s ``observe``)."""
        for header, _ in row.passthrough:
            if header not in self.columns and len(self.columns) < COLUMNS_NAMED:
                self.columns[header] = None
        if row.position == "input_error":
            if len(self.errors) < ERRORS_QUOTED:
                self.errors.extend(row.errors[: ERRORS_QUOTED - len(self.errors)])
            return
        self._add_months(row)
        report = row.result.report if row.result is not None else None
        if report is None:
            return
        self._add_provenance(report)
        ruleset = load_ruleset(report.ruleset.id)
        self._add_checks(report, ruleset)
        finding = report.determination.finding
        self._add_remedies(report, finding)
        ids = self.finding_ids[finding]
        if len(ids) < IDS_PER_FINDING:
            ids.append((report.case_id, self._appendix_entry(row, report)))
        elif finding != "no_maladministration":
            self._appendix_entry(row, report)

    def _add_months(self, row: CaseRow) -> None:
        days = {row.received, row.escalated, row.stage(1).responded, row.stage(2).responded}
        months = {(day.year, day.month) for day in days if day is not None}
        for key in months:
            builder = self._month_of.get(key)
            if builder is not None:
                builder.add(row)

    def _add_provenance(self, report: Report) -> None:
        info = report.ruleset
        self.rulesets.setdefault(info.id, (info.title, info.sha256))
        self.by_ruleset[info.id] += 1
        guidance = report.guidance
        if guidance is not None:
            self.guidance.setdefault(guidance.id, guidance)
            self.by_guidance[guidance.id] += 1
        self.calendars.add((report.calendar.nation, report.calendar.holidays_version))
        self.closure_cases += bool(report.calendar.closure_days)
        self.tool_versions.add(report.tool_version)
        self.engines.add(report.engine)
        if report.landlord and (report.landlord in self.landlords or len(self.landlords) < 5):
            self.landlords[report.landlord] += 1

    def _info(self, ruleset: Ruleset, rule: str) -> tuple[str, dict[str, Any], tuple[str, ...]]:
        key = (ruleset.id, rule)
        info = self._rule_info.get(key)
        if info is None:
            spec = ruleset.rules.get(rule)
            params = spec.params if spec is not None else {}
            flags = params.get("flags")
            labels = tuple(str(v) for v in flags.values()) if isinstance(flags, dict) else ()
            info = self._rule_info[key] = (duty_name(rule), params, labels)
        return info

    def _add_checks(self, report: Report, ruleset: Ruleset) -> None:
        by_duty: dict[str, str] = {}
        reasons: set[tuple[str, str]] = set()
        for check in report.checks:
            counts = self.rules.get((ruleset.id, check.rule))
            if counts is None:
                counts = self.rules[(ruleset.id, check.rule)] = RuleCounts()
            status = check.status
            counts.statuses[status] += 1
            if status == "not_applicable":
                continue
            duty, params, labels = self._info(ruleset, check.rule)
            if status == "breached":
                late = exact_number(check.facts.get("working_days_late"))
                if late is not None:
                    counts.late[late] += 1
                found = breach_reasons(check, params) or (f"not met: {_lower(check.title)}",)
                reasons.update((duty, reason) for reason in found)
            elif status == "unknown":
                step = check.facts.get("not_recorded_step")
                if isinstance(step, str):  # a step the log has no column for
                    counts.not_recorded[step] += 1
                elif labels:  # a content item the log does not record
                    found = matching_labels(check.facts.get("not_recorded"), labels)
                    counts.not_recorded.update(found)
            self.duties.setdefault(duty, DutyCounts()).provisions.add((check.provision, ruleset.id))
            before = by_duty.get(duty)
            if before is None or _PRECEDENCE.index(status) < _PRECEDENCE.index(before):
                by_duty[duty] = status
        for duty, worst in by_duty.items():
            self.duties[duty].statuses[worst] += 1
        self.reasons.update(reasons)

    def _add_remedies(self, report: Report, finding: Finding) -> None:
        totals = self.remedies[finding]
        kinds = {remedy.kind for remedy in report.remedies}
        totals.apologies += "apology" in kinds
        totals.actions += sum(remedy.kind == "action" for remedy in report.remedies)
        bands = [
            remedy
            for remedy in report.remedies
            if remedy.kind == "compensation" and (remedy.min_gbp or remedy.max_gbp)
        ]
        totals.compensation_cases += bool(bands)
        for remedy in bands:
            totals.compensation_min += remedy.min_gbp or 0.0
            totals.compensation_max += remedy.max_gbp or remedy.min_gbp or 0.0

    def _appendix_entry(self, row: CaseRow, report: Report) -> str | None:
        """The appendix anchor of this complaint, adding it while there is room."""
        if report.determination.finding == "no_maladministration":
            return None
        if len(self.appendix) >= APPENDIX_CAP:
            self.appendix_left_out += 1
            return None
        anchor = f"complaint-{len(self.appendix) + 1}"
        listed = tuple(_appendix_check(check) for check in report.checks if _listed(check))
        self.appendix.append(
            AppendixEntry(
                anchor,
                report.case_id,
                f"{row.source}: {row.location}",
                row.received,
                report.ruleset.id,
                report.determination.finding,
                report.determination.worst_case,
                listed,
                report.count("met"),
                tuple(dict.fromkeys(c.provision for c in report.checks if c.status == "unknown")),
                report.determination.reasoning,
                tuple(_remedy_text(remedy) for remedy in report.remedies),
            )
        )
        return anchor

    def landlord(self) -> str | None:
        """The landlord every checked complaint names, if they all name one."""
        return next(iter(self.landlords)) if len(self.landlords) == 1 else None


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _listed(check: Check) -> bool:
    return check.status in ("breached", "pending")


def _appendix_check(check: Check) -> AppendixCheck:
    return AppendixCheck(check.rule, check.provision, check.title, check.status, check.reasoning)


def _remedy_text(remedy: Remedy) -> str:
    """A remedy as the appendix lists it: its text names any compensation band already."""
    return remedy.text
