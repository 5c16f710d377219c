"""Human-readable text, the default on a terminal.

Laid out for an 80–100 column terminal: a header per case saying which Code edition was
applied and why, one line per check led by a status mark, the reasoning wrapped beneath it,
then the indicative finding step by step and the suggested remedies. Colour is only a
second channel (every status also has its mark and word), so output piped to a file or
read with NO_COLOR set loses nothing.
"""

from __future__ import annotations

import textwrap
from typing import TextIO

import click

from ..dates import human_date
from ..results import CaseResult, Check, Remedy, Report, Status
from ..rulesets import Finding
from .common import ASCII_MARKS, MARKS, case_name, located_issues, visible
from .summary import Summary

__all__ = ["TextWriter", "money"]

_PROVISION_COLUMN = 6
_STATUS_COLOURS: dict[Status, str] = {
    "met": "green",
    "breached": "red",
    "pending": "yellow",
    "unknown": "magenta",
    "not_applicable": "bright_black",
}
_FINDING_COLOURS: dict[Finding, str] = {
    "no_maladministration": "green",
    "reasonable_redress": "cyan",
    "service_failure": "yellow",
    "maladministration": "red",
    "severe_maladministration": "red",
}


def money(amount: float) -> str:
    """£200, or £12.50 when there are pence."""
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def remedy_amount(remedy: Remedy) -> str:
    """'£100–£600', 'from £100' or 'up to £600'; '' when the remedy carries no sum."""
    low, high = remedy.min_gbp, remedy.max_gbp
    if low is not None and high is not None:
        return money(low) if low == high else f"{money(low)}–{money(high)}"
    if low is not None:
        return f"from {money(low)}"
    if high is not None:
        return f"up to {money(high)}"
    return ""


class TextWriter:
    """Writes each case as a block of wrapped text, then the run's summary."""

    def __init__(self, stream: TextIO, *, color: bool = False, width: int = 88) -> None:
        self._stream = stream
        self._color = color
        self._width = max(60, min(width, 100))
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        self._narrow = not _can_encode(self._encoding, "".join(MARKS.values()) + "—£")
        self._marks = ASCII_MARKS if self._narrow else MARKS
        self._first = True

    def write(self, result: CaseResult) -> None:
        if not self._first:
            self._line("")
        self._first = False
        if result.report is None:
            self._write_rejected(result)
        else:
            self._write_report(result.report, result)

    def close(self, summary: Summary) -> None:
        if not self._first:
            self._line("")
        self._line(self._style("Summary", bold=True))
        for line in summary.lines():
            self._line(f"  {visible(line)}")

    # -- one case -----------------------------------------------------------------------

    def _write_rejected(self, result: CaseResult) -> None:
        name = case_name(result) or f"at {result.location}"
        self._line(self._style(f"Case {name}: not checked (input errors)", bold=True, fg="red"))
        for issue in located_issues(result):
            self._wrapped(str(issue), indent="  ", hanging="    ")

    def _write_report(self, report: Report, result: CaseResult) -> None:
        title = f"Case {report.case_id}"
        if report.landlord:
            title += f" — {report.landlord}"
        self._line(self._style(title, bold=True))
        self._wrapped(f"{report.ruleset.id} — {report.ruleset.title}", "  Ruleset   ", " " * 12)
        self._wrapped(report.ruleset.why, " " * 12, " " * 12)
        if report.guidance is not None:
            guidance = report.guidance
            self._wrapped(f"{guidance.id} — {guidance.title}", "  Guidance  ", " " * 12)
            self._wrapped(guidance.why, " " * 12, " " * 12)
        calendar = report.calendar
        where = f"{calendar.nation} bank holidays (holidays {calendar.holidays_version})"
        if calendar.closure_days:
            days = ", ".join(human_date(day) for day in calendar.closure_days)
            where += f"; landlord closure days {days}"
        self._wrapped(where, "  Calendar  ", " " * 12)
        self._wrapped(
            f"{human_date(report.as_of)} (complycheck {report.tool_version}, "
            f"{report.engine} engine)",
            "  As of     ",
            " " * 12,
        )
        self._wrapped(f"{result.source}, {result.location}", "  Source    ", " " * 12)
        for issue in located_issues(result):
            self._wrapped(f"warning: {issue}", "  ", "    ")
        self._line("")
        # long provisions ("5 (stage 3)") overhang rather than push every title right
        provision_width = min(
            _PROVISION_COLUMN,
            max((len(c.provision) + (not c.confirmed) for c in report.checks), default=0),
        )
        for check in report.checks:
            self._write_check(check, provision_width)
        self._line("")
        self._write_determination(report)
        if any(not check.confirmed for check in report.checks):
            self._line("")
            self._line(
                "  * provision number not confirmed against the Code (see complycheck rules)"
            )

    def _write_check(self, check: Check, provision_width: int) -> None:
        provision = check.provision + ("*" if not check.confirmed else "")
        colour = _STATUS_COLOURS[check.status]
        mark = self._marks[check.status]
        # wrapped plain, styled after: a no-break space keeps "not applicable" on one line
        status = check.status.replace("_", "\u00a0")
        head = f"{provision:<{provision_width}}  {check.title} [{check.rule}] {status}"
        lines = self._wrap(head, f"  {mark} ", " " * (provision_width + 6))
        lines[0] = "  " + self._style(mark, fg=colour, bold=True) + lines[0][3:]
        lines[-1] = lines[-1].removesuffix(status) + self._style(
            check.status.replace("_", " "), fg=colour
        )
        for line in lines:
            self._line(line)
        self._wrapped(check.reasoning, " " * 4, " " * 4)

    def _write_determination(self, report: Report) -> None:
        determination = report.determination
        finding = self._style(
            determination.finding.replace("_", " "),
            fg=_FINDING_COLOURS[determination.finding],
            bold=True,
        )
        line = f"Indicative finding: {finding}"
        if determination.worst_case != determination.finding:
            line += f" (at worst {determination.worst_case.replace('_', ' ')})"
        self._line(line)
        for number, step in enumerate(determination.reasoning, start=1):
            self._wrapped(step, f"  {number}. ", "     ")
        if not report.remedies:
            return
        self._line("Suggested remedies")
        for remedy in report.remedies:
            amount = remedy_amount(remedy)
            if amount and amount not in remedy.text:
                text = f"{remedy.kind.capitalize()} {amount}: {remedy.text}"
            else:
                text = f"{remedy.kind.capitalize()}: {remedy.text}"
            if remedy.rules:
                text += f" (for {', '.join(remedy.rules)})"
            self._wrapped(text, "  - ", "    ")

    # -- output helpers -------------------------------------------------------------------

    # Text reaches _line through _style or _wrap (or is the writer's own), and both make
    # any control character in it visible: only the styles added here reach the terminal.

    def _style(self, text: str, *, fg: str | None = None, bold: bool = False) -> str:
        text = visible(text)
        return click.style(text, fg=fg, bold=bold) if self._color else text

    def _line(self, text: str) -> None:
        if self._narrow:  # a legacy console: show '?' for what it cannot print, never crash
            text = text.encode(self._encoding, "replace").decode(self._encoding)
        self._stream.write(text + "\n")

    def _wrap(self, text: str, indent: str, hanging: str) -> list[str]:
        lines = textwrap.wrap(
            visible(text),
            width=self._width,
            initial_indent=indent,
            subsequent_indent=hanging,
            break_on_hyphens=False,
        )
        return lines or [indent.rstrip()]

    def _wrapped(self, text: str, indent: str, hanging: str) -> None:
        for line in self._wrap(text, indent, hanging):
            self._line(line)


def _can_encode(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True
