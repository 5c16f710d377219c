"""The figures of a reporting year, counted one complaint row at a time.

Nothing here keeps a row: every figure is a counter, and the median working days come
from a count of responses per whole number of working days, which is exact and as small
as the longest response. So a summary, broken down by team and by month, costs flat
memory however many complaints pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..rulesets import FINDINGS, Finding
from .duties import duty_name
from .figures import DutyBreaches, Figures, LogSummary, StageFigures, WorkingDays
from .period import MONTH, ReportingPeriod
from .rows import CaseRow, StageRow
from .timeline import Scope
from .tsm import (
    CH02_BASES,
    DEFAULT_BASIS,
    TENURES,
    Ch02Basis,
    Ratio,
    Tenure,
    TsmFigures,
    tenure_class,
)

__all__ = ["SummaryBuilder", "find_column", "has_column"]

_BLANK = "(blank)"


@dataclass(slots=True)
class _StageCounts:
    received: int = 0
    acknowledged: list[int] = field(default_factory=lambda: [0, 0])  # in time, measured
    not_acknowledged_in_record: int = 0  # received, with no acknowledgement column
    days: Counter[int] = field(default_factory=Counter)
    not_exact: int = 0
    from_start: Counter[int] = field(default_factory=Counter)
    from_start_not_exact: int = 0
    extended: int = 0
    past_cap: int = 0
    #: per basis: [in time, counted]
    ch02: dict[Ch02Basis, list[int]] = field(
        default_factory=lambda: {basis: [0, 0] for basis in CH02_BASES}
    )

    def freeze(self, stage: int) -> StageFigures:
        on_time, counted = self.ch02[DEFAULT_BASIS]
        return StageFigures(
            stage,
            self.received,
            Ratio(*self.acknowledged),
            Ratio(on_time, counted),
            _working_days(self.days, self.not_exact),
            self.extended,
            self.past_cap,
            self.not_acknowledged_in_record,
            _working_days(self.from_start, self.from_start_not_exact),
        )


def _working_days(days: Counter[int], not_exact: int) -> WorkingDays:
    total = sum(days.values())
    if not total:
        return WorkingDays(0, None, None, not_exact)
    mean = sum(value * count for value, count in days.items()) / total
    return WorkingDays(total, mean, _median(days, total), not_exact)


def _median(days: Counter[int], total: int) -> float:
    """The exact median of the values counted in ``days`` (value → how many)."""
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value in sorted(days):
        seen += days[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


class _Counts:
    """The counters behind one :class:`Figures`."""

    def __init__(self) -> None:
        self.complaints = self.checked = self.input_errors = 0
        self.stages = (_StageCounts(), _StageCounts())
        self.findings: Counter[Finding] = Counter()
        self.breaches: Counter[str] = Counter()
        self.provisions: dict[str, set[tuple[str, str]]] = {}
        self.refusals = self.escalation_refusals = 0
        self.grounds: Counter[str] = Counter()
        self.offered = self.paid = 0.0
        self.offered_cases = self.open = self.overdue = self.breached = 0

    def add(self, row: CaseRow, period: ReportingPeriod | None) -> None:
        self.complaints += 1
        if row.position == "input_error":
            self.input_errors += 1
            return
        self.checked += 1
        if row.finding is not None:
            self.findings[row.finding] += 1
        self.breached += bool(row.breaches)
        duties = {duty_name(rule) for rule, _ in row.breaches}
        self.breaches.update(duties)
        for rule, provision in row.breaches:
            self.provisions.setdefault(duty_name(rule), set()).add((provision, row.ruleset or ""))
        if row.refusal_grounds:
            self.refusals += 1
            self.grounds.update(row.refusal_grounds)
        self.escalation_refusals += row.escalation_refused
        if row.compensation_offered:
            self.offered_cases += 1
            self.offered += row.compensation_offered
        self.paid += row.compensation_paid
        self.open += row.position == "open"
        self.overdue += row.overdue
        starts = (row.received, row.escalated)
        for number, counts in enumerate(self.stages, start=1):
            stage = row.stage(number)
            started = _within(period, starts[number - 1])
            if started:
                counts.received += 1
                if not stage.acknowledgement_recorded:
                    counts.not_acknowledged_in_record += 1
                elif stage.acknowledgement in ("met", "breached"):
                    counts.acknowledged[0] += stage.acknowledgement == "met"
                    counts.acknowledged[1] += 1
            if stage.responded is not None and _within(period, stage.responded):
                if stage.working_days_from_start is None:
                    counts.from_start_not_exact += 1
                else:
                    counts.from_start[stage.working_days_from_start] += 1
            responded = stage.on_time is not None and _within(period, stage.responded)
            if responded:
                if stage.working_days is None:
                    counts.not_exact += 1
                else:
                    counts.days[stage.working_days] += 1
                counts.extended += stage.extensions > 0
                counts.past_cap += stage.extension_past_cap
            for basis, tally in counts.ch02.items():
                in_time = _ch02(stage, basis, responded, started)
                if in_time is not None:
                    tally[0] += in_time
                    tally[1] += 1

    def freeze(self) -> Figures:
        stage1, stage2 = (counts.freeze(n) for n, counts in enumerate(self.stages, start=1))
        breaches = tuple(
            DutyBreaches(duty, cases, tuple(sorted(self.provisions[duty])))
            for duty, cases in sorted(self.breaches.items(), key=lambda item: (-item[1], item[0]))
        )
        return Figures(
            self.complaints,
            self.checked,
            self.input_errors,
            (stage1, stage2),
            Ratio(stage2.received, stage1.received),
            {finding: self.findings[finding] for finding in FINDINGS},
            self.breached,
            breaches,
            self.refusals,
            dict(sorted(self.grounds.items())),
            self.escalation_refusals,
            self.offered,
            self.offered_cases,
            self.paid,
            self.open,
            self.overdue,
            tuple(
                (basis, (Ratio(*self.stages[0].ch02[basis]), Ratio(*self.stages[1].ch02[basis])))
                for basis in CH02_BASES
            ),
        )


def _within(period: ReportingPeriod | None, day: date | None) -> bool:
    return day is not None and (period is None or period.contains(day))


def _ch02(stage: StageRow, basis: Ch02Basis, responded: bool, started: bool) -> bool | None:
    """Whether this stage's response counts as in time under ``basis``; None: not counted."""
    if basis.count == "responded":
        if not responded:
            return None
    elif not started:
        return None
    if stage.on_time is None:
        # received basis: a response overdue and still not made is not in time
        if basis.count == "received" and stage.status == "breached" and stage.responded is None:
            return False
        return None
    in_time = stage.on_time if basis.extensions == "allowed" else stage.on_time_without_extension
    if in_time is None:
        return None
    if basis.chain == "whole_chain":
        if stage.acknowledgement == "breached":
            return False
        if stage.acknowledgement in ("unknown", "pending"):
            return None
    return in_time


class SummaryBuilder:
    """Counts rows (and skipped complaints) into a :class:`LogSummary`.

    ``group_by``: passed-through column headers (or :data:`MONTH`) to break every figure
    down by. ``tenure_column``, with ``homes_by_tenure``, splits CH01/CH02 into LCRA and
    LCHO; ``homes`` is the count of all homes for CH01.
    """

    def __init__(
        self,
        period: ReportingPeriod | None,
        as_of: date | None,
        *,
        group_by: Sequence[str] = (),
        homes: int | None = None,
        homes_by_tenure: dict[Tenure, int] | None = None,
        tenure_column: str | None = None,
        basis: Ch02Basis = DEFAULT_BASIS,
    ) -> None:
        self.period = period
        self.as_of = as_of
        self.group_by = tuple(group_by)
        self.homes = homes
        self.homes_by_tenure = homes_by_tenure
        self.tenure_column = tenure_column
        self.basis = basis
        self.skipped: Counter[Scope] = Counter()
        self.cases_read = 0
        self.total = _Counts()
        self.groups: dict[str, dict[str, _Counts]] = {name: {} for name in self.group_by}
        self.tenures: dict[Tenure, _Counts] = {}
        self.warnings: list[str] = []

    def skip(self, scope: Scope) -> None:
        """Count a complaint left out of the report (``scope`` says why)."""
        self.cases_read += 1
        self.skipped[scope] += 1

    def add(self, row: CaseRow) -> None:
        self.cases_read += 1
        self.total.add(row, self.period)
        for name in self.group_by:
            value = _group_value(row, name)
            counts = self.groups[name].get(value)
            if counts is None:
                counts = self.groups[name][value] = _Counts()
            counts.add(row, self.period)
        if self.tenure_column is not None:
            tenure = _tenure(row, self.tenure_column)
            counts = self.tenures.get(tenure)
            if counts is None:
                counts = self.tenures[tenure] = _Counts()
            counts.add(row, self.period)

    def build(self) -> LogSummary:
        figures = self.total.freeze()
        tsm = [_tsm(None, self.homes, figures)]
        if self.tenure_column is not None:
            homes = self.homes_by_tenure or {}
            for tenure in TENURES:
                counts = self.tenures.get(tenure)
                if counts is None and tenure == "unclassified":
                    continue
                tenure_figures = (counts or _Counts()).freeze()
                tsm.append(_tsm(tenure, homes.get(tenure), tenure_figures))
        return LogSummary(
            self.period,
            self.as_of,
            self.cases_read,
            self.skipped["before_period"],
            self.skipped["after_period"],
            self.skipped["not_yet_received"],
            figures,
            {
                name: {value: groups[value].freeze() for value in sorted(groups)}
                for name, groups in self.groups.items()
            },
            tuple(tsm),
            self.basis,
            tuple(self.warnings),
        )


def _tsm(tenure: Tenure | None, homes: int | None, figures: Figures) -> TsmFigures:
    ch01 = None
    if homes:
        ch01 = (
            Ratio(figures.stage(1).received, homes),
            Ratio(figures.stage(2).received, homes),
        )
    return TsmFigures(tenure, homes, ch01, figures.ch02)


def _group_value(row: CaseRow, name: str) -> str:
    if name == MONTH:
        return row.received.strftime("%Y-%m") if row.received else "(unknown)"
    return _cell_text(find_column(row.passthrough, name))


def _tenure(row: CaseRow, column: str) -> Tenure:
    return tenure_class(find_column(row.passthrough, column))


def has_column(passthrough: tuple[tuple[str, object], ...], name: str) -> bool:
    """Whether a column is passed through, matched as :func:`find_column` matches it."""
    from ..logs.mapping import header_key  # only when grouping: it loads the log readers

    key = header_key(name)
    return any(header == name or header_key(header) == key for header, _ in passthrough)


def find_column(passthrough: tuple[tuple[str, object], ...], name: str) -> object:
    """A passed-through cell by header, matched as the mapping matches headers."""
    for header, value in passthrough:
        if header == name:
            return value
    from ..logs.mapping import header_key

    key = header_key(name)
    for header, value in passthrough:
        if header_key(header) == key:
            return value
    return None


def _cell_text(value: object) -> str:
    if value is None:
        return _BLANK
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or _BLANK
