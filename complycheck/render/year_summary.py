"""``--format summary``: a reporting year's figures only, as text, markdown or JSON.

The figures come from one :class:`~complycheck.reporting.LogSummary`; this module only
lays them out. :func:`summary_lines` is the one list of figures every layout (and the
workbook's Summary sheet) is written from, each with its numerator and denominator.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal, TextIO

from ..dates import human_date
from ..escapes import visible
from ..reporting.figures import Figures, LogSummary, StageFigures
from ..reporting.tsm import CH02_BASES, Ratio
from ..rulesets import FINDINGS

__all__ = [
    "GROUP_COLUMNS",
    "SummaryForm",
    "SummaryLine",
    "group_rows",
    "summary_lines",
    "write_summary",
]

#: How a summary is written (the CLI's ``summary``, ``summary-markdown``, ``summary-json``)
SummaryForm = Literal["text", "markdown", "json"]

#: The Code's timescales CH02 is measured against (publishing them is a TSM duty).
TIMESCALES = (
    "Stage 1: response within 10 working days of acknowledgement (2024 Code 6.3; "
    "extension up to 10 more); stage 2: within 20 working days of acknowledgement (2024 "
    "Code 6.14; extension up to 20 more). Earlier editions as their rulesets state."
)


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One figure: its section, its name, its value as text, and what it is made of."""

    section: str
    label: str
    value: str
    numerator: float | None = None
    denominator: float | None = None


def _share(ratio: Ratio) -> str:
    value = ratio.value
    share = "n/a" if value is None else f"{value:.1%}"
    return f"{share} ({_n(ratio.numerator)} of {_n(ratio.denominator)})"


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _line(section: str, label: str, ratio: Ratio) -> SummaryLine:
    return SummaryLine(section, label, _share(ratio), ratio.numerator, ratio.denominator)


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def summary_lines(summary: LogSummary) -> list[SummaryLine]:
    """Every figure of ``summary`` in reading order."""
    out: list[SummaryLine] = []
    period = summary.period
    head = "Report"
    out.append(
        SummaryLine(
            head,
            "Period",
            "none (every complaint)"
            if period is None
            else f"{period.label} ({human_date(period.start)} to {human_date(period.end)})",
        )
    )
    out.append(
        SummaryLine(head, "As of", "today" if summary.as_of is None else human_date(summary.as_of))
    )
    out.append(SummaryLine(head, "Complaints read", str(summary.cases_read)))
    out.append(SummaryLine(head, "In the report", str(summary.figures.complaints)))
    out.append(
        SummaryLine(head, "Skipped: received before the period", str(summary.skipped_before_period))
    )
    out.append(
        SummaryLine(head, "Skipped: received after the period", str(summary.skipped_after_period))
    )
    out.append(
        SummaryLine(head, "Not yet received at the as-of date", str(summary.not_yet_received))
    )
    out.extend(_figure_lines(summary.figures, ""))
    for tsm in summary.tsm:
        section = "TSM" if tsm.tenure is None else f"TSM ({tsm.tenure})"
        if tsm.ch01 is not None:
            for number, ratio in enumerate(tsm.ch01, start=1):
                value = ratio.per(1000)
                out.append(
                    SummaryLine(
                        section,
                        f"CH01 ({number}) stage {number} complaints per 1,000 homes",
                        "n/a"
                        if value is None
                        else f"{value:.2f} ({_n(ratio.numerator)} received, "
                        f"{_n(ratio.denominator)} homes)",
                        ratio.numerator,
                        ratio.denominator,
                    )
                )
        else:
            out.append(SummaryLine(section, "CH01", "needs the number of homes (--homes)"))
        ch02 = dict(tsm.ch02)
        for basis in CH02_BASES:
            mark = " [default]" if basis == summary.basis else ""
            for number, ratio in enumerate(ch02[basis], start=1):
                out.append(
                    _line(
                        section,
                        f"CH02 ({number}) stage {number} in time, basis {basis.name}{mark}",
                        ratio,
                    )
                )
    out.append(SummaryLine("TSM", "Timescales used for CH02", TIMESCALES))
    out.extend(SummaryLine("Warnings", "Warning", warning) for warning in summary.warnings)
    return out


def _figure_lines(figures: Figures, prefix: str) -> Iterator[SummaryLine]:
    section = f"{prefix}Complaints"
    yield SummaryLine(section, "Checked", str(figures.checked))
    yield SummaryLine(section, "With input errors (not checked)", str(figures.input_errors))
    for stage in figures.stages:
        yield SummaryLine(
            section, f"Stage {stage.stage} received in the period", str(stage.received)
        )
    yield _line(
        section, "Escalation rate (stage 2 received / stage 1 received)", figures.escalation_rate
    )
    yield SummaryLine(section, "Open at the as-of date", str(figures.open))
    yield SummaryLine(section, "Overdue at the as-of date", str(figures.overdue))
    for stage in figures.stages:
        section = f"{prefix}Stage {stage.stage}"
        yield from _acknowledged(section, stage)
        yield _line(
            section,
            "Responded within the Code's time (responses in the period)",
            stage.responded_in_time,
        )
        days = stage.working_days
        yield SummaryLine(
            section,
            "Working days to respond: mean",
            _days(None if days.mean is None else round(days.mean, 2)),
            None,
            days.responses,
        )
        yield SummaryLine(
            section, "Working days to respond: median", _days(days.median), None, days.responses
        )
        if days.not_exact:
            yield SummaryLine(
                section,
                "Responses whose working days are known only as a range (left out)",
                str(days.not_exact),
            )
            yield from _from_start(section, stage)
        yield SummaryLine(section, "Responses after an extension", str(stage.extended))
        yield SummaryLine(section, "Extensions past the Code's cap", str(stage.extensions_past_cap))
    section = f"{prefix}Outcomes"
    yield SummaryLine(section, "Complaints with a breach", str(figures.breached))
    for finding in FINDINGS:
        yield SummaryLine(
            section, f"Indicative finding: {finding}", str(figures.findings.get(finding, 0))
        )
    yield SummaryLine(section, "Complaints refused", str(figures.refusals))
    for ground, count in figures.refusal_grounds.items():
        yield SummaryLine(section, f"Refused: {ground}", str(count))
    yield SummaryLine(section, "Escalations refused", str(figures.escalation_refusals))
    yield SummaryLine(
        section,
        "Compensation offered (GBP)",
        f"{figures.compensation_offered_gbp:.2f} "
        f"in {figures.compensation_offered_cases} "
        f"complaint{'s' if figures.compensation_offered_cases != 1 else ''}",
    )
    yield SummaryLine(section, "Compensation paid (GBP)", f"{figures.compensation_paid_gbp:.2f}")
    section = f"{prefix}Breaches by duty"
    if not figures.breaches:
        yield SummaryLine(section, "Breaches", "none")
    for breach in figures.breaches:
        provisions = ", ".join(f"{p} ({r})" for p, r in breach.provisions)
        yield SummaryLine(
            section,
            breach.duty,
            f"{breach.cases} complaint{'s' if breach.cases != 1 else ''}; provisions {provisions}",
            breach.cases,
        )


#: What each stage's working days from its start count from.
_STARTS = {1: "receipt", 2: "the escalation request"}


def _acknowledged(section: str, stage: StageFigures) -> Iterator[SummaryLine]:
    """The share acknowledged in time; where the log does not record acknowledgements, it
    says so rather than "n/a (0 of 0)"."""
    ratio, unrecorded = stage.acknowledged_in_time, stage.acknowledgements_not_recorded
    label = "Acknowledged within the Code's time"
    if unrecorded and not ratio.denominator:
        plural = "s" if unrecorded != 1 else ""
        yield SummaryLine(
            section,
            label,
            f"the log does not record acknowledgements ({unrecorded} complaint{plural} received)",
        )
        return
    yield _line(section, label, ratio)
    if unrecorded:
        yield SummaryLine(
            section,
            "Acknowledgements the log does not record (left out)",
            str(unrecorded),
        )


def _from_start(section: str, stage: StageFigures) -> Iterator[SummaryLine]:
    """Working days from the stage's start to the response, which are exact when the
    Code's own count is known only as a range (it runs from an acknowledgement the log
    does not record, or one dated by its month alone)."""
    days = stage.working_days_from_start
    start = _STARTS[stage.stage]
    yield SummaryLine(
        section,
        f"Working days from {start} to response: mean",
        _days(None if days.mean is None else round(days.mean, 2)),
        None,
        days.responses,
    )
    yield SummaryLine(
        section,
        f"Working days from {start} to response: median",
        _days(days.median),
        None,
        days.responses,
    )


#: The columns of a group-by table: header, and the figure's text for one group.
GROUP_COLUMNS: tuple[tuple[str, Callable[[Figures], str]], ...] = (
    ("Complaints", lambda f: str(f.complaints)),
    ("Stage 1 received", lambda f: str(f.stage(1).received)),
    ("Stage 2 received", lambda f: str(f.stage(2).received)),
    ("Escalation rate", lambda f: _share(f.escalation_rate)),
    ("Stage 1 in time", lambda f: _share(f.stage(1).responded_in_time)),
    ("Stage 2 in time", lambda f: _share(f.stage(2).responded_in_time)),
    ("Stage 1 median days", lambda f: _days(f.stage(1).working_days.median)),
    ("Stage 2 median days", lambda f: _days(f.stage(2).working_days.median)),
    ("With a breach", lambda f: str(f.breached)),
    ("Open", lambda f: str(f.open)),
    ("Overdue", lambda f: str(f.overdue)),
)


def group_rows(summary: LogSummary) -> Iterator[tuple[str, list[list[str]]]]:
    """Per group-by name, a table: a header row, then a row per group value."""
    for name, groups in summary.groups.items():
        table = [[name, *(header for header, _ in GROUP_COLUMNS)]]
        for value, figures in groups.items():
            table.append([value, *(cell(figures) for _, cell in GROUP_COLUMNS)])
        yield name, table


def write_summary(summary: LogSummary, form: SummaryForm, stream: TextIO) -> None:
    if form == "json":
        stream.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    lines = summary_lines(summary)
    if form == "text":
        stream.write(_text(lines, summary))
    else:
        stream.write(_markdown(lines, summary))


def _text(lines: list[SummaryLine], summary: LogSummary) -> str:
    out: list[str] = []
    section = None
    for line in lines:
        if line.section != section:
            section = line.section
            out.extend(["", visible(section)])
        out.append(f"  {visible(line.label)}: {visible(line.value)}")
    for name, rows in group_rows(summary):
        table = [[visible(cell) for cell in row] for row in rows]
        out.extend(["", f"By {visible(name)}"])
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for row in table:
            out.append(
                "  "
                + "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
    return "\n".join(out).lstrip("\n") + "\n"


def _markdown(lines: list[SummaryLine], summary: LogSummary) -> str:
    out = ["# Complaint handling figures"]
    section = None
    for line in lines:
        if line.section != section:
            section = line.section
            out.extend(["", f"## {_md(section)}", "", "| Figure | Value |", "|---|---|"])
        out.append(f"| {_md(line.label)} | {_md(line.value)} |")
    for name, table in group_rows(summary):
        out.extend(["", f"## By {_md(name)}", ""])
        out.append("| " + " | ".join(_md(cell) for cell in table[0]) + " |")
        out.append("|" + "---|" * len(table[0]))
        out.extend("| " + " | ".join(_md(cell) for cell in row) + " |" for row in table[1:])
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """A table cell's text: pipes and line breaks would end the cell or the row, and other
    control characters show as escapes."""
    return visible(text.replace("\\", "\\\\").replace("|", "\\|")).replace("<", "&lt;")
