"""Plain-text answers for the small commands: ``explain``, ``workdays``, ``due`` and ``rules``.

Each function returns lines and prints nothing, so the wording is tested here and the CLI
only echoes it. ``explain`` is what a complaints officer uses to check a finding by hand:
the check's reasoning, then every calendar day of the count marked counted or skipped, and
why, ending with the totals the reasoning quoted.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from ..dates import human_date
from ..guidance import Guidance
from ..results import Check, Report
from ..rulesets import Ruleset
from ..workdays import NATIONS, Nation, WorkingDayCalendar, calendar_for
from .common import fact_text

__all__ = [
    "count_lines",
    "due_lines",
    "explain_lines",
    "guidance_lines",
    "nation_of",
    "rules_lines",
    "rulesets_lines",
    "workdays_lines",
]


def _day(day: date) -> str:
    return f"{day.strftime('%a')} {human_date(day)}"


def nation_of(name: str) -> Nation:
    """The calendar nation named in a report (reports carry it as plain text)."""
    for nation in NATIONS:
        if nation == name:
            return nation
    raise ValueError(f"unknown nation {name!r}; expected one of {', '.join(NATIONS)}")


def explain_lines(report: Report, check: Check, *, width: int = 88) -> list[str]:
    """A check's reasoning and facts, then its day-by-day count when it counted days."""
    provision = check.provision + ("" if check.confirmed else " (provision number unconfirmed)")
    lines = [
        f"Case {report.case_id}, {report.ruleset.id}: {check.rule}, provision {provision}",
        f"{check.title}: {check.status.replace('_', ' ')}",
        "",
        *textwrap.wrap(check.reasoning, width=width),
    ]
    if check.facts:
        lines += ["", "Facts:"]
        for key, value in check.facts.items():
            lines += textwrap.wrap(
                f"{key}: {fact_text(value)}",
                width=width,
                initial_indent="  ",
                subsequent_indent="      ",
            )
    start, end = check.facts.get("count_from"), check.facts.get("count_to")
    if not (isinstance(start, str) and isinstance(end, str)):
        return [*lines, "", "This check does not count working days, so there is no day count."]
    calendar = calendar_for(nation_of(report.calendar.nation), report.calendar.closure_days)
    due = check.facts.get("extended_due_date", check.facts.get("due_date"))
    span = (date.fromisoformat(start), date.fromisoformat(end))
    return [*lines, "", *count_lines(calendar, *span, due=due if isinstance(due, date) else None)]


def count_lines(
    calendar: WorkingDayCalendar, start: date, end: date, *, due: date | None = None
) -> list[str]:
    """Every day in (start, end], counted or skipped and why, then the totals.

    ``due`` marks the deadline's day, so a reader sees where on time ended.
    """
    lines = [
        f"Day count from {_day(start)} (not counted) to {_day(end)}, {calendar.nation} calendar:"
    ]
    for entry in calendar.trace(start, end):
        if entry.counted:
            mark = "  ← due date" if entry.day == due else ""
            lines.append(f"  {_day(entry.day):<17} counted  day {entry.number}{mark}")
        else:
            reason = entry.reason
            if reason in ("Saturday", "Sunday"):
                reason = "weekend"
            lines.append(f"  {_day(entry.day):<17} skipped  {reason}")
    working = calendar.working_days_between(start, end)
    weekdays = calendar.weekdays_between(start, end)
    lines.append(
        f"Total: {working} working days; {weekdays} weekdays, of which "
        f"{weekdays - working} skipped as bank holidays or closure days."
    )
    return lines


def due_lines(calendar: WorkingDayCalendar, start: date, days: int) -> list[str]:
    """The deadline "within N working days of start", and the weekdays it stepped over."""
    due = calendar.add_working_days(start, days)
    lines = [
        f"Due: {_day(due)}",
        f"  {days} working days after {_day(start)} "
        f"({calendar.nation}; the start day is not counted, the due day is)",
    ]
    skipped = calendar.skipped_days(start, due)
    lines += [f"  skipped {_day(s.day)}: {s.reason}" for s in skipped]
    return lines


def workdays_lines(calendar: WorkingDayCalendar, start: date, end: date) -> list[str]:
    """Working days and weekdays in (start, end], and the weekdays that did not count."""
    lines = [
        f"From {_day(start)} to {_day(end)} ({calendar.nation}; the start day is not counted):",
        f"  {calendar.working_days_between(start, end)} working days",
        f"  {calendar.weekdays_between(start, end)} weekdays",
    ]
    skipped = calendar.skipped_days(start, end)
    if skipped:
        lines.append("  skipped:")
        lines += [f"    {_day(s.day)}: {s.reason}" for s in skipped]
    else:
        lines.append("  no bank holidays or closure days in between")
    return lines


def rules_lines(ruleset: Ruleset) -> list[str]:
    """The rules of a ruleset as a table, with unconfirmed provision numbers footnoted."""
    spec = ruleset.spec
    in_force = f"from {human_date(spec.effective_from)}"
    if spec.effective_to:
        in_force += f" to {human_date(spec.effective_to)}"
    lines = [f"{ruleset.label}: {spec.title} ({in_force})", f"source: {spec.source}"]
    if spec.effective_from_note:
        lines.append(f"in force from: {spec.effective_from_note}")
    lines += [
        "remedies: by the Ombudsman's guidance in force on the assessment date, not by this "
        "ruleset (complycheck rules lists the editions)",
        "",
    ]
    rows = [
        (rule.id, rule.provision + ("" if rule.confirmed else "*"), rule.title, rule.check)
        for rule in spec.rules
    ]
    header = ("RULE", "PROVISION", "TITLE", "CHECK")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(3)]
    for row in (header, *rows):
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        lines.append("  ".join([*cells, row[3]]))
    unconfirmed = [rule for rule in spec.rules if not rule.confirmed]
    if unconfirmed:
        lines += ["", "* provision number not confirmed against the Code:"]
        for rule in unconfirmed:
            note = f": {rule.note}" if rule.note else ""
            lines.append(f"  {rule.provision} ({rule.id}){note}")
    return lines


def rulesets_lines(rulesets: list[Ruleset], guidance: list[Guidance]) -> list[str]:
    """The bundled rulesets with the dates each applies to (by date the complaint was made),
    then the remedies guidance editions with theirs (by the assessment date)."""
    rows = []
    for ruleset in rulesets:
        spec = ruleset.spec
        to = human_date(spec.effective_to) if spec.effective_to else "onwards"
        rows.append((spec.id, f"{human_date(spec.effective_from)} – {to}", spec.title))
    lines = _table(("RULESET", "COMPLAINTS RECEIVED", "TITLE"), rows)
    rows = []
    for edition in guidance:
        g = edition.spec
        if g.effective_from is None:
            end = g.effective_to + timedelta(days=1) if g.effective_to else None
            days = f"before {human_date(end)}" if end else "any date"
        else:
            to = human_date(g.effective_to) if g.effective_to else "onwards"
            days = f"{human_date(g.effective_from)} – {to}"
        rows.append((g.id, days, g.title + ("" if g.confirmed else " (bands not confirmed)")))
    lines += ["", *_table(("GUIDANCE", "ASSESSED", "TITLE"), rows)]
    lines += [
        "",
        "The Code applies by the date the complaint was received; the remedies guidance by "
        "the assessment date (--as-of), or --guidance ID (docs/decisions.md §7).",
    ]
    return lines


def _table(header: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> list[str]:
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(2)]
    return [
        "  ".join([row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2]])
        for row in (header, *rows)
    ]


def guidance_lines(guidance: Guidance) -> list[str]:
    """A guidance edition: its bands and the impact rows that pick one."""
    g = guidance.spec
    if g.effective_from is None:
        end = g.effective_to + timedelta(days=1) if g.effective_to else None
        when = f"before {human_date(end)}" if end else "at any date"
    else:
        to = f"to {human_date(g.effective_to)}" if g.effective_to else "onwards"
        when = f"from {human_date(g.effective_from)} {to}"
    lines = [f"{g.id}: {g.title} (assessments {when})", f"source: {g.source}"]
    if not g.confirmed and g.note:
        lines.append(f"not confirmed: {g.note}")
    lines += ["", "BANDS"]
    for band in g.bands:
        top = f"£{band.max_gbp:,.0f}" if band.max_gbp is not None else "no ceiling"
        lines.append(f"  {band.id}: £{band.min_gbp:,.0f} – {top}, {band.impact} ({band.source})")
    lines += ["", "IMPACT (first matching row picks the band)"]
    for row in g.impact:
        longer = (
            f", longest delay at least {row.when.late_at_least} working days"
            if row.when.late_at_least
            else ""
        )
        lines.append(f"  heaviest weight {row.when.weight}{longer} → {row.band}")
    findings = ", ".join(f.replace("_", " ") for f in g.compensation_for)
    lines += ["", f"compensation is suggested for: {findings}"]
    return lines
