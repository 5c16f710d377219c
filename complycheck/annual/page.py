"""The annual report page: the year's summary and the collector's counts, as one HTML file.

Figures are taken from the :class:`~complycheck.reporting.figures.LogSummary` that
``--format summary`` prints (the same object, not a second count); the collector adds the
months, duties, reasons, the complaints behind each finding and the provenance. The page
is rendered by Jinja2 from templates shipped in the package, with autoescaping on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..reporting.figures import Figures, LogSummary
from ..reporting.tsm import CH02_BASES, Ratio
from ..rulesets import FINDINGS, Finding, load_ruleset
from .charts import hbar_chart, month_chart
from .collect import APPENDIX_CAP, IDS_PER_FINDING, ReportCollector
from .evidence import self_assessment

__all__ = ["GROUPS_SHOWN", "AnnualReport", "InputFile", "render_html"]

#: groups shown by name in a breakdown, worst first; the rest are added up as "others"
GROUPS_SHOWN = 20

FINDING_NAMES: dict[Finding, str] = {
    "no_maladministration": "No maladministration",
    "reasonable_redress": "Reasonable redress",
    "service_failure": "Service failure",
    "maladministration": "Maladministration",
    "severe_maladministration": "Severe maladministration",
}
_STATUS_NAMES = {
    "breached": "Breached",
    "unknown": "Not decided",
    "pending": "Not yet due",
    "met": "Met",
}
_BASIS_WORDS = {
    "responded": "the responses made in the period",
    "received": "the complaints received in the period whose response was made or is overdue",
    "allowed": "a response inside an extension the Code allows counts as on time",
    "strict": "every response is held to the original deadline",
    "response": "the response alone is timed",
    "whole_chain": "the acknowledgement must also have been in time",
}


@dataclass(frozen=True, slots=True)
class InputFile:
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """Everything the page is drawn from."""

    summary: LogSummary
    collector: ReportCollector
    inputs: tuple[InputFile, ...]
    tool_version: str
    generated: date
    landlord: str | None = None
    group_by: tuple[str, ...] = ()
    ruleset_forced: str | None = None
    notes: tuple[str, ...] = field(default=())
    #: the remedies guidance edition ``--guidance`` chose for every complaint, if it did
    guidance_forced: str | None = None

    @property
    def landlord_name(self) -> str | None:
        return self.landlord or self.collector.landlord()


def render_html(report: AnnualReport) -> str:
    """The whole page, one self-contained HTML document."""
    environment = Environment(
        loader=PackageLoader("complycheck.annual", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(num=_num, pct=_pct, ratio=_ratio, money=_money, days=_days, day=_day)
    return environment.get_template("report.html.j2").render(**_context(report))


def _context(report: AnnualReport) -> dict[str, Any]:
    summary, collector = report.summary, report.collector
    figures = summary.figures
    period = summary.period
    assert period is not None, "an annual report needs a period"
    stage2_seen = bool(figures.stage(2).received or figures.stage(2).responded_in_time.denominator)
    edition, assessment = self_assessment(collector.rules)
    return {
        "r": report,
        "s": summary,
        "f": figures,
        "period": period,
        "empty": figures.complaints == 0,
        "stage2_seen": stage2_seen,
        "ch02": figures.ch02_for(summary.basis),
        "basis_words": _basis_words(summary.basis),
        "all_bases": [(basis, figures.ch02_for(basis)) for basis in CH02_BASES],
        "trends": [_trend(collector, stage) for stage in ((1, 2) if stage2_seen else (1,))],
        "duties": _duties(collector),
        "duty_chart": _duty_chart(collector),
        "reasons": sorted(collector.reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:10],
        "findings": _findings(report),
        "findings_chart": hbar_chart(
            "chart-findings",
            "Complaints by indicative finding",
            "One bar per indicative finding; the length is the number of complaints.",
            [FINDING_NAMES[f] for f in FINDINGS],
            [figures.findings[f] for f in FINDINGS],
        ),
        "ids_per_finding": IDS_PER_FINDING,
        "breakdowns": [
            _breakdown(number, name, summary.groups[name])
            for number, name in enumerate(report.group_by, start=1)
        ],
        "groups_shown": GROUPS_SHOWN,
        "edition": edition,
        "edition_title": load_ruleset(edition).spec.title,
        "assessment": assessment,
        "rulesets": _rulesets(collector),
        "not_recorded": _not_recorded(collector),
        "appendix_cap": APPENDIX_CAP,
        "finding_names": FINDING_NAMES,
        "status_names": _STATUS_NAMES,
    }


def _basis_words(basis: Any) -> str:
    return (
        f"of {_BASIS_WORDS[basis.count]}, the share made within the Code's timescale; "
        f"{_BASIS_WORDS[basis.extensions]}; {_BASIS_WORDS[basis.chain]}"
    )


@dataclass(frozen=True, slots=True)
class Trend:
    stage: int
    months: list[tuple[str, int, int, int, float | None]]  # label, received, on time, late, mean
    chart: Markup
    summary: str


def _trend(collector: ReportCollector, stage: int) -> Trend:
    rows = []
    for month, builder in collector.months:
        figures = builder.build().figures.stage(stage)
        ratio = figures.responded_in_time
        rows.append(
            (
                month.start.strftime("%b %Y"),
                figures.received,
                int(ratio.numerator),
                int(ratio.denominator - ratio.numerator),
                figures.working_days.mean,
            )
        )
    busiest = max(rows, key=lambda row: row[1])
    late = sum(row[3] for row in rows)
    responded = sum(row[2] + row[3] for row in rows)
    summary = (
        f"Stage {stage}: {sum(row[1] for row in rows):,} received over {len(rows)} months, "
        f"most in {busiest[0]} ({busiest[1]:,}); {responded:,} responses made, "
        f"{late:,} of them late."
    )
    chart = month_chart(
        f"chart-stage{stage}-months",
        f"Stage {stage} complaints by month",
        summary,
        [row[0][:3] for row in rows],
        [row[1] for row in rows],
        [row[2] for row in rows],
        [row[3] for row in rows],
        [row[4] for row in rows],
    )
    return Trend(stage, rows, chart, summary)


@dataclass(frozen=True, slots=True)
class DutyRow:
    duty: str
    provisions: str
    checked: int
    met: int
    breached: int
    unknown: int
    pending: int


def _duties(collector: ReportCollector) -> list[DutyRow]:
    rows = [
        DutyRow(
            duty,
            _provisions(counts.provisions),
            counts.checked,
            counts.statuses["met"],
            counts.statuses["breached"],
            counts.statuses["unknown"],
            counts.statuses["pending"],
        )
        for duty, counts in collector.duties.items()
        if counts.checked
    ]
    return sorted(rows, key=lambda row: (-row.breached, -row.unknown, row.duty))


def _provisions(pairs: set[tuple[str, str]]) -> str:
    editions: dict[str, list[str]] = {}
    for provision, ruleset in sorted(pairs, key=lambda pair: (pair[1], _number_key(pair[0]))):
        editions.setdefault(ruleset, []).append(provision)
    return "; ".join(
        f"{', '.join(numbers)} ({_edition(ruleset)})" for ruleset, numbers in editions.items()
    )


def _number_key(provision: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in provision.split("."))


def _edition(ruleset: str) -> str:
    year = ruleset.rsplit("-", 1)[-1]
    return f"{year} Code" if year.isdigit() else ruleset


def _duty_chart(collector: ReportCollector) -> Markup | None:
    rows = [row for row in _duties(collector) if row.breached]
    if not rows:
        return None
    return hbar_chart(
        "chart-duties",
        "Complaints with a breach, by duty",
        "One bar per duty of the Code that was breached; the length is the number of "
        "complaints with that breach.",
        [row.duty for row in rows],
        [row.breached for row in rows],
    )


@dataclass(frozen=True, slots=True)
class FindingRow:
    finding: Finding
    name: str
    complaints: int
    ids: list[tuple[str, str | None]]
    more: int
    apologies: int
    compensation_cases: int
    compensation: tuple[float, float]
    actions: int


def _findings(report: AnnualReport) -> list[FindingRow]:
    figures, collector = report.summary.figures, report.collector
    rows = []
    for finding in FINDINGS:
        count = figures.findings[finding]
        ids = collector.finding_ids[finding]
        remedies = collector.remedies[finding]
        rows.append(
            FindingRow(
                finding,
                FINDING_NAMES[finding],
                count,
                ids,
                count - len(ids),
                remedies.apologies,
                remedies.compensation_cases,
                (remedies.compensation_min, remedies.compensation_max),
                remedies.actions,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class GroupRow:
    name: str
    complaints: int
    stage1: int
    stage2: int
    ch02_1: Ratio
    ch02_2: Ratio
    breached: int
    above: int  # findings above no maladministration
    open: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    column: str
    rows: list[GroupRow]
    others: GroupRow | None
    others_count: int
    total_groups: int
    chart: Markup


def _group_row(name: str, figures: Figures) -> GroupRow:
    return GroupRow(
        name,
        figures.complaints,
        figures.stage(1).received,
        figures.stage(2).received,
        figures.stage(1).responded_in_time,
        figures.stage(2).responded_in_time,
        figures.breached,
        sum(n for finding, n in figures.findings.items() if finding != "no_maladministration"),
        figures.open,
        figures.overdue,
    )


def _added(name: str, rows: Sequence[GroupRow]) -> GroupRow:
    def total(ratios: Sequence[Ratio]) -> Ratio:
        return Ratio(sum(r.numerator for r in ratios), sum(r.denominator for r in ratios))

    return GroupRow(
        name,
        sum(row.complaints for row in rows),
        sum(row.stage1 for row in rows),
        sum(row.stage2 for row in rows),
        total([row.ch02_1 for row in rows]),
        total([row.ch02_2 for row in rows]),
        sum(row.breached for row in rows),
        sum(row.above for row in rows),
        sum(row.open for row in rows),
        sum(row.overdue for row in rows),
    )


def _breakdown(number: int, column: str, groups: dict[str, Figures]) -> Breakdown:
    """Groups worst first: most complaints with a breach, then the highest share of them."""
    rows = [_group_row(name, figures) for name, figures in groups.items()]
    rows.sort(key=lambda row: (-row.breached, -(row.breached / (row.complaints or 1)), row.name))
    shown, rest = rows[:GROUPS_SHOWN], rows[GROUPS_SHOWN:]
    others = _added(f"Others ({len(rest):,} {column} values)", rest) if rest else None
    bars = [*shown, *([others] if others else [])]
    chart = hbar_chart(
        f"chart-group-{number}",
        f"Complaints with a breach, by {column}",
        f"One bar per {column}, worst first; the length is the number of complaints with a "
        "breach of the Code.",
        [row.name for row in bars],
        [row.breached for row in bars],
    )
    return Breakdown(column, shown, others, len(rest), len(rows), chart)


def _rulesets(collector: ReportCollector) -> list[dict[str, Any]]:
    out = []
    for ruleset_id, (title, sha256) in sorted(collector.rulesets.items()):
        ruleset = load_ruleset(ruleset_id)
        timescales = [
            rule.title
            for rule in ruleset.spec.rules
            if rule.check == "deadline" and rule.params.get("measures")
        ]
        out.append(
            {
                "id": ruleset_id,
                "title": title,
                "sha256": sha256,
                "complaints": collector.by_ruleset[ruleset_id],
                "timescales": timescales,
            }
        )
    return out


def _not_recorded(collector: ReportCollector) -> list[tuple[str, str, int]]:
    """(duty, step not recorded, complaints), most first."""
    from ..reporting.duties import duty_name

    totals: dict[tuple[str, str], int] = {}
    for (_, rule), counts in collector.rules.items():
        for label, count in counts.not_recorded.items():
            key = (duty_name(rule), label)
            totals[key] = totals.get(key, 0) + count
    return sorted(((d, label, n) for (d, label), n in totals.items()), key=lambda t: (-t[2], t))


# -- filters ----------------------------------------------------------------------------


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _pct(ratio: Ratio, scale: int = 100) -> str:
    value = ratio.per(scale)
    if value is None:
        return "–"
    return f"{value:.1f}%" if scale == 100 else f"{value:,.1f}"


def _ratio(ratio: Ratio) -> str:
    return f"{_num(ratio.numerator)} of {_num(ratio.denominator)}"


def _money(value: float) -> str:
    return f"£{value:,.0f}" if float(value).is_integer() else f"£{value:,.2f}"


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _day(value: date | None) -> str:
    return "–" if value is None else f"{value.day} {value:%B %Y}"
