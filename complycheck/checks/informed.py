"""``kept_informed``: when a response will be late, the resident is told before the deadline.

2024 Code 5.9: where a response will fall outside the Code's timescales, the landlord
agrees with the resident how it will keep them informed. The record of that is a
``holding_response`` (at the stage, or with no stage) or an ``extension_notified`` at the
stage, dated on or before the deadline in force: the original deadline, or the extended
one when an extension came in time and that too was missed. The delay itself is weighed
by the ``deadline`` rule named in ``deadline_rule`` (read here, so the two never disagree);
this check names the silence (docs/decisions.md §14). A source that does not record
holding responses leaves it ``unknown``, never breached.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal

from ..context import CaseContext, Ev
from ..dates import human_date, human_span
from ..results import Status
from ..rule_params import KeptInformedParams, Params
from ..rulesets import RuleSpec
from ..tables import Table
from ..workdays import WorkingDayCalendar
from .base import Derived, Outcome, cite

Tri = Literal["yes", "no", "maybe"]


class KeptInformed:
    name: ClassVar[str] = "kept_informed"
    params_model: ClassVar[type[Params]] = KeptInformedParams
    #: ``late``: whether the response (or its absence) went past the deadline in force;
    #: ``informed``: whether an update came before it ("maybe": a month-only date).
    table: ClassVar[Table] = (
        ("not_applicable", {"running": False}),
        # Told before the deadline is met whether or not the response then came late, so
        # a month-only date that leaves the lateness open cannot turn it undecided.
        ("met", {"informed": "yes"}),
        ("not_applicable", {"late": "no"}),
        ("unknown", {"late": "maybe"}),
        ("unknown", {"informed": "maybe"}),
        ("unknown", {"not_recorded": True}),
        ("breached", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: KeptInformedParams = params
        deadline = ctx.outcomes.get(p.deadline_rule)
        facts = deadline.facts if deadline is not None else {}
        if deadline is None or "due_date" not in facts or deadline.status in _NOT_DUE:
            return Derived(
                {"running": False},
                lambda status: Outcome(
                    status, lambda: f"No {p.what} was overdue, so no update about a delay was due."
                ),
            )
        by_index = {ev.index: ev for ev in ctx.events}
        used = [by_index[i] for i in facts.get("extension_events", []) if i in by_index]
        end = by_index.get(facts.get("end_event", -1))
        original = _ends(facts["due_date"])
        # The date the resident was last told: an extension in time moved it (uncapped:
        # what the notice said, not what the Code allows, which the cap rule weighs).
        told = _told(ctx.calendar, used, original) if used else original
        late = _late(end, original, deadline.status)
        told_late = _late(end, told, deadline.status) if used else late
        extended = bool(used) and told_late != "no"
        if extended:
            late = told_late
        due_e, due_l = told if extended else original
        since = used[-1] if extended else by_index.get(facts.get("start_event", -1))
        updates = [
            ev
            for ev in sorted(
                (
                    *ctx.all("extension_notified", p.stage),
                    *(ev for ev in ctx.all("holding_response") if ev.stage in (None, p.stage)),
                ),
                key=lambda ev: (ev.date.earliest, ev.index),
            )
            if (since is None or (ev.date.earliest >= since.date.earliest and ev != since))
            and (end is None or ev.date.earliest <= end.date.latest)
        ]
        before = [ev for ev in updates if ev.date.latest <= due_e]
        perhaps = [ev for ev in updates if ev.date.earliest <= due_l]
        informed: Tri = "yes" if before else "maybe" if perhaps else "no"
        gap = ctx.not_recorded("holding_response", p.stage)
        # A case that records no holding response at all is silent about updates rather
        # than proof that none was sent (docs/decisions.md §14): unknown, never breached.
        # Logs keep no column for them, so a log's cases are never breached here.
        silent = gap is None and not ctx.all("holding_response")
        deadline_words = "extended deadline" if extended else "deadline"
        stop = by_index.get(facts.get("stopped_by_event", -1))

        # no response in a source that does not record responses (a log with no column)
        undecided = (
            end is None and stop is None and ctx.not_recorded("stage_response", p.stage) is not None
        )

        def head() -> str:
            if end is not None:
                came = f"came on {end.date.human()}"
            elif stop is not None:
                came = f"had not come by {stop.date.human()}, when the clock stopped"
            elif undecided:
                return f"The {p.what} was due by {human_span(due_e, due_l)}"
            else:
                came = f"had not come by {human_date(ctx.as_of)}"
            return f"The {p.what} was due by {human_span(due_e, due_l)} and {came}"

        events = tuple(ev.index for ev in (*([end] if end else []), *updates))

        def explain(status: Status) -> Outcome:
            if status == "not_applicable":
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}, within the {deadline_words}: no update about a delay was due."
                    ),
                )
            shown: dict[str, Any] = {
                "due_date": facts["extended_due_date" if extended else "due_date"]
            }
            if status == "met":
                first = before[0]
                return Outcome(
                    status,
                    lambda: (
                        f"{head()}; the resident was told before the {deadline_words}: "
                        f"{_named(first)} ({cite(ctx, rule)})."
                    ),
                    {**shown, "informed_on": str(first.date)},
                    events,
                )
            if status == "unknown":
                if late == "maybe" and informed != "maybe" and undecided:
                    why = (
                        f"this log does not record the {p.what}, so whether it came in time "
                        "is not known"
                    )
                elif late == "maybe" and informed != "maybe":
                    why = "whether it was late depends on the day of a month-only date"
                elif informed == "maybe":
                    why = (
                        f"whether {_named(perhaps[0])} came before the {deadline_words} "
                        "depends on the day of a month-only date"
                    )
                elif gap is not None:
                    note = f" ({gap.note})" if gap.note else ""
                    why = (
                        f"this log does not record holding responses{note}, so whether the "
                        "resident was told of the delay is not known"
                    )
                else:
                    why = (
                        f"nothing before the {deadline_words} is recorded, but the case records "
                        "no holding response at all, so whether the resident was told of the "
                        "delay is not known, docs/decisions.md §14"
                    )
                return Outcome(
                    status, lambda: f"{head()}; {why} ({cite(ctx, rule)}).", shown, events
                )
            after = [ev for ev in updates if ev.date.earliest > due_l]
            later = f" The first word came only after it: {_named(after[0])}." if after else ""
            return Outcome(
                status,
                lambda: (
                    f"{head()}, and nothing before the {deadline_words} told the resident it "
                    "would be late: no holding response or extension notice by "
                    f"{human_span(due_e, due_l)} ({cite(ctx, rule)}).{later} The delay itself is "
                    f"weighed by {p.deadline_rule}; this names the silence (docs/decisions.md §14)."
                ),
                shown,
                events,
                breach_on=due_l,
            )

        return Derived(
            {
                "running": True,
                "late": late,
                "informed": informed,
                "not_recorded": gap is not None or silent,
            },
            explain,
        )


#: deadline statuses under which no response was ever overdue
_NOT_DUE = frozenset({"pending", "not_applicable"})


def _late(end: Ev | None, due: tuple[date, date], status: str) -> Tri:
    """Whether the response came (or, with none, is) after a deadline (earliest, latest)."""
    if end is None:
        return "yes" if status == "breached" else "maybe"
    if end.date.earliest > due[1]:
        return "yes"
    return "no" if end.date.latest <= due[0] else "maybe"


def _told(cal: WorkingDayCalendar, used: list[Ev], due: tuple[date, date]) -> tuple[date, date]:
    """The date the extensions in time told the resident, at each end of the original."""
    first, last = due
    for ev in used:
        extension = ev.event
        if extension.new_due_date is not None:
            first, last = max(first, extension.new_due_date), max(last, extension.new_due_date)
        else:
            first = cal.add_working_days(first, extension.extra_working_days)
            last = cal.add_working_days(last, extension.extra_working_days)
    return first, last


def _ends(value: Any) -> tuple[date, date]:
    if isinstance(value, dict):
        return value["earliest"], value["latest"]
    day: date = value
    return day, day


def _named(ev: Ev) -> str:
    what = "the extension notice" if ev.type == "extension_notified" else "the holding response"
    return f"{what} of {ev.date.human()}"
