"""Markdown: the text report as headings and tables, for a ticket, a wiki or a PR comment.

Everything taken from the input (case ids, landlord names, reasoning that quotes them) is
escaped, so a case cannot break the table it sits in or inject markup into the page.
"""

from __future__ import annotations

import re
from typing import TextIO

from ..dates import human_date
from ..results import CaseResult, Report
from ..rulesets import FINDINGS
from .common import MARKS, case_name, located_issues, visible
from .summary import STAGE_MEASURES, Summary
from .text import remedy_amount

__all__ = ["MarkdownWriter", "md"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md(text: str) -> str:
    """Escape Markdown and table syntax, and show control characters (a line break, ESC)
    as escapes, so the text stays on its line and shows as what it is."""
    return _SPECIAL.sub(r"\\\1", " ".join(visible(text).split()))


class MarkdownWriter:
    """Writes a section per case and a closing summary section."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._started = False

    def write(self, result: CaseResult) -> None:
        self._start()
        if result.report is None:
            known = case_name(result)
            name = md(known) if known else f"at {md(result.location)}"
            self._out(f"## Case {name}: not checked (input errors)", "")
            self._out(*(f"- {md(str(issue))}" for issue in located_issues(result)), "")
        else:
            self._report(result.report, result)

    def close(self, summary: Summary) -> None:
        self._start()
        self._out("## Summary", "", "| | |", "|---|---|")
        self._out(
            f"| Cases | {summary.cases} |",
            f"| Checked | {summary.checked} |",
            f"| With input errors | {summary.input_errors} |",
        )
        for measure, label in STAGE_MEASURES.items():
            self._out(
                f"| {label} within the Code's timescale | {summary.stages[measure].describe()} |"
            )
        self._out("", "| Indicative finding | Cases |", "|---|---:|")
        self._out(*(f"| {finding} | {summary.findings[finding]} |" for finding in FINDINGS), "")
        breaches = summary.top_breaches()
        if breaches:
            self._out("| Provision | Rule | Cases breached |", "|---|---|---:|")
            self._out(
                *(
                    f"| {md(provision)} | `{rule}` | {count} |"
                    for rule, provision, count in breaches
                ),
                "",
            )
        if summary.warnings:
            self._out(*(f"- **Warning:** {md(warning)}" for warning in summary.warnings), "")

    def _start(self) -> None:
        if not self._started:
            self._out("# complycheck report", "")
            self._started = True

    def _report(self, report: Report, result: CaseResult) -> None:
        title = f"## Case {md(report.case_id)}"
        if report.landlord:
            title += f" — {md(report.landlord)}"
        calendar = f"{report.calendar.nation} (holidays {report.calendar.holidays_version})"
        if report.calendar.closure_days:
            days = ", ".join(human_date(day) for day in report.calendar.closure_days)
            calendar += f"; landlord closure days {days}"
        self._out(title, "", "| | |", "|---|---|")
        self._out(
            f"| Ruleset | `{report.ruleset.id}` ({md(report.ruleset.title)}): "
            f"{md(report.ruleset.why)} |",
            *(
                [
                    f"| Guidance | `{report.guidance.id}` ({md(report.guidance.title)}): "
                    f"{md(report.guidance.why)} |"
                ]
                if report.guidance is not None
                else []
            ),
            f"| Calendar | {md(calendar)} |",
            f"| As of | {human_date(report.as_of)} |",
            f"| Source | {md(result.source)}, {md(result.location)} |",
            f"| Tool | complycheck {md(report.tool_version)}, {md(report.engine)} engine |",
            "",
        )
        for issue in located_issues(result):
            self._out(f"> warning: {md(str(issue))}", "")
        self._out("### Checks", "", "| | Provision | Rule | Title | Status | Reasoning |")
        self._out("|---|---|---|---|---|---|")
        for check in report.checks:
            provision = md(check.provision) + ("\\*" if not check.confirmed else "")
            self._out(
                f"| {MARKS[check.status]} | {provision} | `{check.rule}` | {md(check.title)} "
                f"| {check.status} | {md(check.reasoning)} |"
            )
        self._out("")
        if any(not check.confirmed for check in report.checks):
            self._out("\\* provision number not confirmed against the Code.", "")
        determination = report.determination
        heading = f"### Indicative finding: {determination.finding}"
        if determination.worst_case != determination.finding:
            heading += f" (at worst {determination.worst_case})"
        self._out(heading, "")
        self._out(
            *(f"{n}. {md(step)}" for n, step in enumerate(determination.reasoning, start=1)), ""
        )
        if report.remedies:
            self._out("### Suggested remedies", "")
            for remedy in report.remedies:
                amount = remedy_amount(remedy)
                shown = amount if amount and amount not in remedy.text else ""
                line = f"- **{remedy.kind.capitalize()}**{' ' + shown if shown else ''}: "
                line += md(remedy.text)
                if remedy.rules:
                    line += " (for " + ", ".join(f"`{rule}`" for rule in remedy.rules) + ")"
                self._out(line)
            self._out("")

    def _out(self, *lines: str) -> None:
        for line in lines:
            self._stream.write(line + "\n")
