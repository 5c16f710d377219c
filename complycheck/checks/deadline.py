"""``deadline``: an event must follow another within N working days.

Covers acknowledgements and stage responses in every edition; the ruleset says which event
starts the clock (with fallbacks, e.g. 2024's "no acknowledgement → the latest day it was
due", docs/decisions.md §3), which event stops it, and which extensions move it (§4). Month-only
dates are carried through as ranges: the verdict is decided only when it is the same at
both ends of every range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, ClassVar

from ..context import CaseContext, Ev
from ..dates import human_date, human_span
from ..results import Said, Span, Status
from ..rule_params import Anchor, DeadlineParams, Params
from ..rulesets import RuleSpec
from ..tables import Cmp, Facts, Table
from .base import Derived, Outcome, cite, join_sentences
from .selectors import Selector, capital, dated, earliest, unrecorded


@dataclass(frozen=True, slots=True)
class _Clock:
    """The clock at one end of the date ranges (lo: kindest to the landlord, hi: harshest)."""

    start: date
    due: date
    original_due: date


class Deadline:
    name: ClassVar[str] = "deadline"
    params_model: ClassVar[type[Params]] = DeadlineParams
    #: Dates are ordinals; ``due_lo``/``due_hi`` are the deadline at the landlord-kindest
    #: and harshest ends of any month-only range, ``end_*`` the answering event's range.
    table: ClassVar[Table] = (
        ("unknown", {"anchor_found": False, "began": True}),
        ("not_applicable", {"anchor_found": False}),
        ("met", {"responded": True, "end_latest": Cmp("le", 1, "due_hi")}),
        ("breached", {"responded": True, "end_earliest": Cmp("gt", 1, "due_lo")}),
        ("unknown", {"responded": True}),
        ("unknown", {"end_not_recorded": True}),
        ("breached", {"overtaken": True}),
        ("not_applicable", {"stopped": True, "stop_latest": Cmp("le", 1, "due_hi")}),
        ("breached", {"stopped": True, "stop_earliest": Cmp("gt", 1, "due_lo")}),
        ("unknown", {"stopped": True}),
        ("pending", {"as_of": Cmp("le", 1, "due_hi")}),
        ("unknown", {"stop_not_recorded": True}),
        ("breached", {"as_of": Cmp("gt", 1, "due_lo")}),
        ("unknown", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: DeadlineParams = params
        found = _anchor(ctx, p.start)
        if found is None:
            return _no_anchor(ctx, p)
        anchor_ev, anchor = found
        cal = ctx.calendar
        # The landlord-kindest end starts the clock as late as the record allows.
        ended = earliest(ctx, p.end)
        # A month-only start cannot fall after the event that answered it.
        anchor_latest = anchor_ev.date.latest
        if ended is not None and ended[0].date.latest < anchor_latest:
            anchor_latest = max(anchor_ev.date.earliest, ended[0].date.latest)
        # With exact dates both ends coincide: each day is then worked out once.
        lo_start = cal.add_working_days(anchor_latest, anchor.plus_working_days)
        hi_start = (
            lo_start
            if anchor_latest == anchor_ev.date.earliest
            else cal.add_working_days(anchor_ev.date.earliest, anchor.plus_working_days)
        )
        # A fallback start because the source does not record the usual one (no
        # acknowledgement column): that event came some day from the fallback's own event
        # to the latest day it was due, so the clock starts in that range.
        gaps = bool(ctx.unrecorded)  # (almost every case records every step)
        start_gap = unrecorded(ctx, p.start) if gaps and anchor is not p.start[0] else None
        if start_gap is not None:
            hi_start = anchor_ev.date.earliest
            within = max(anchor.plus_working_days, p.first_start_within)
            lo_start = cal.add_working_days(anchor_latest, within)
        lo_due = cal.add_working_days(lo_start, p.days)
        hi_due = lo_due if hi_start == lo_start else cal.add_working_days(hi_start, p.days)
        lo, hi = _Clock(lo_start, lo_due, lo_due), _Clock(hi_start, hi_due, hi_due)
        extension_notes: list[Said] = []
        used: list[int] = []
        past_cap = False
        if p.extensions:
            lo, hi = _extend(ctx, p, lo, hi, extension_notes, used)
            if used and p.extension_cap is not None:
                lo, hi, past_cap = _cap(ctx, p, p.extension_cap, lo, hi, used, extension_notes)

        facts: dict[str, Any] = {
            "start_event": anchor_ev.index,
            "start_date": str(anchor_ev.date),
            "limit_working_days": p.days,
            "due_date": _date_or_range(hi.original_due, lo.original_due),
        }
        if p.measures:
            facts["measures"] = p.measures
        if anchor.plus_working_days:
            facts["clock_starts"] = _date_or_range(hi.start, lo.start)
        if used:
            facts["extended_due_date"] = _date_or_range(hi.due, lo.due)
            facts["extension_events"] = used
        if past_cap:
            facts["extension_past_cap"] = True
        events = [anchor_ev.index, *used]
        stop = _stopped(ctx, p)
        overtaken = earliest(ctx, p.overtaken_by) if ended is None and p.overtaken_by else None
        end_gap = unrecorded(ctx, p.end) if gaps and ended is None else None
        stop_gap = _unrecorded_stop(ctx, p) if gaps and stop is None else None
        decide: Facts = {
            "anchor_found": True,
            "responded": ended is not None,
            "due_lo": lo.due.toordinal(),
            "due_hi": hi.due.toordinal(),
            "stopped": stop is not None,
            "overtaken": overtaken is not None,
            "as_of": ctx.as_of.toordinal(),
            "end_not_recorded": end_gap is not None,
            "stop_not_recorded": stop_gap is not None,
        }
        if ended is not None:
            decide["end_earliest"] = ended[0].date.earliest.toordinal()
            decide["end_latest"] = ended[0].date.latest.toordinal()
        if stop is not None:
            decide["stop_earliest"] = stop.date.earliest.toordinal()
            decide["stop_latest"] = stop.date.latest.toordinal()
        if start_gap is not None:
            facts["not_recorded_step"] = p.start[0].noun

        def words() -> _Words:
            """The phrases the sentences share, written when one is."""
            start_words = (
                _start_words(anchor, anchor_ev, hi.start, lo.start)
                if start_gap is None
                else f"the {p.start[0].noun} ({start_gap}: counted from some day "
                f"{human_span(hi.start, lo.start)}, the latest day it was due)"
            )
            ext_words = (
                "; ".join([note() for note in extension_notes])
                if extension_notes
                else ("no extension notified" if p.extensions else None)
            )
            limit_words = f"limit {p.days} working days ({cite(ctx, rule)})"
            due_words = _due_words(hi, lo)
            return (start_words, limit_words, due_words, ext_words, past_cap, start_gap, stop_gap)

        def explain(status: Status) -> Outcome:
            if end_gap is not None and ended is None and status == "unknown":
                facts["not_recorded_step"] = p.end[0].noun

                def not_recorded() -> str:
                    start_words, _, due_words, *_ = words()
                    return (
                        f"{capital(end_gap)}, so whether the {p.what} came in time is not "
                        f"known: due {due_words} ({p.days} working days after {start_words}, "
                        f"{cite(ctx, rule)})."
                    )

                return Outcome(status, not_recorded, facts, tuple(events))
            if ended is not None:
                end_ev, end_sel = ended
                events.append(end_ev.index)
                return _responded(ctx, p, status, lo, hi, end_ev, end_sel, facts, events, words)
            if overtaken is not None and status == "breached":
                return _open(
                    ctx, rule, p, status, lo, hi, facts, events, words, overtaken=overtaken
                )
            if stop is not None and status == "not_applicable":
                facts["stopped_by_event"] = stop.index
                return Outcome(
                    status,
                    lambda: (
                        f"{_stop_words(stop)} on {stop.date.human()}, before the {p.what} "
                        f"fell due ({_due_words(hi, lo)})."
                    ),
                    facts,
                    (*events, stop.index),
                )
            return _open(ctx, rule, p, status, lo, hi, facts, events, words, stop)

        return Derived(decide, explain)


def _no_anchor(ctx: CaseContext, p: DeadlineParams) -> Derived:
    """No event starts the clock: nothing was due, unless a later event shows the step began.

    A stage 2 response with no escalation request in the timeline shows stage 2 happened
    (the landlord escalated on its own, or the request is not recorded): when its clock
    started, and so whether it was kept, is then not known rather than not applicable.
    """
    # The last anchor is the event every other start follows from.
    missing = p.start[-1].noun
    began = earliest(ctx, [*p.end, *p.overtaken_by])
    if began is None:
        return Derived(
            {"anchor_found": False, "began": False},
            lambda status: Outcome(
                status, lambda: f"No {missing} in the timeline, so no {p.what} was due."
            ),
        )
    ev, selector = began
    return Derived(
        {"anchor_found": False, "began": True},
        lambda status: Outcome(
            status,
            lambda: (
                f"{capital(dated(selector.label, ev))} came with no {missing} in the timeline, so "
                f"when the clock for the {p.what} started, and whether it was kept, is not known."
            ),
            events=(ev.index,),
        ),
    )


#: The phrases a deadline's reasoning is built from: start, limit, due date, extensions;
#: whether an extension past the cap (not a month-only date) leaves a verdict open; and
#: why, when the source does not record the event that starts the clock or one that could
#: have stopped it, a verdict is open.
_Words = tuple[str, str, str, str | None, bool, str | None, str | None]

#: Why a verdict is open when an extension went past the Code's cap with reasons.
_GOOD_REASON = "the extension past the cap had good reason (a judgement for a person)"


def _anchor(ctx: CaseContext, anchors: list[Anchor]) -> tuple[Ev, Anchor] | None:
    for anchor in anchors:
        ev = ctx.first(anchor.event, anchor.stage)
        if ev is not None:
            return ev, anchor
    return None


def _extend(
    ctx: CaseContext,
    p: DeadlineParams,
    lo: _Clock,
    hi: _Clock,
    notes: list[Said],
    used: list[int],
) -> tuple[_Clock, _Clock]:
    """docs/decisions.md §4: an extension notified in time moves the deadline; a late one
    does not."""
    cal = ctx.calendar
    for ev in ctx.all("extension_notified", p.stage):
        # In time at the landlord-kindest end (earliest notice, latest deadline) and at the
        # harshest end (latest notice, earliest deadline); a month-only notice may be in
        # time at one end only, and then the deadline it moved is a range.
        in_time_lo = ev.date.earliest <= lo.due
        in_time_hi = ev.date.latest <= hi.due
        if not in_time_lo:
            notes.append(partial(_late_notice_words, ev))
            continue
        extension = ev.event
        if extension.new_due_date is not None:
            new_lo = max(lo.due, extension.new_due_date)
            new_hi = max(hi.due, extension.new_due_date)
        else:
            new_lo = cal.add_working_days(lo.due, extension.extra_working_days)
            new_hi = cal.add_working_days(hi.due, extension.extra_working_days)
        if in_time_hi:
            notes.append(partial(_extended_words, ev, None))
        else:
            notes.append(partial(_extended_words, ev, hi.due))
            new_hi = hi.due
        used.append(ev.index)
        lo = _Clock(lo.start, new_lo, lo.original_due)
        hi = _Clock(hi.start, new_hi, hi.original_due)
    return lo, hi


def _late_notice_words(ev: Ev) -> str:
    return (
        f"the extension notified on {ev.date.human()} came after the deadline had "
        "passed, so it does not cure the lateness (docs/decisions.md §4)"
    )


_AGREED = {True: ", agreed with the resident", False: ", not agreed with the resident"}


def _extended_words(ev: Ev, unless_after: date | None) -> str:
    """An extension that moved the deadline; ``unless_after``: the deadline a month-only
    notice may have come after (then it moved it only if it came before)."""
    extension = ev.event
    if extension.new_due_date is not None:
        words = f"to {human_date(extension.new_due_date)}"
    else:
        words = f"by {extension.extra_working_days} working days"
    said = f"extended on {ev.date.human()} {words}{_AGREED.get(extension.agreed_with_resident, '')}"
    if unless_after is None:
        return said
    return (
        f"{said}, if that was before the deadline of {human_date(unless_after)} (a notice "
        "after it does not cure the lateness, docs/decisions.md §4)"
    )


def _cap(
    ctx: CaseContext,
    p: DeadlineParams,
    cap: int,
    lo: _Clock,
    hi: _Clock,
    used: list[int],
    notes: list[Said],
) -> tuple[_Clock, _Clock, bool]:
    """docs/decisions.md §4: an extension past the Code's cap is never silently allowed.

    With no reasons given for any extension the deadline stops at the cap (the cap rule
    flags the extension too). With reasons, or none recorded, only the harshest end stops
    there: a response between the cap and the extended date is then ``unknown``, not met.
    Returns the clocks and whether such an undecided stretch is left.
    """
    cal = ctx.calendar
    cap_lo = cal.add_working_days(lo.original_due, cap)
    cap_hi = (
        cap_lo if hi.original_due == lo.original_due else cal.add_working_days(hi.original_due, cap)
    )
    if lo.due <= cap_lo and hi.due <= cap_hi:
        return lo, hi, False
    reasons = [
        ev.event.reasons_given for ev in ctx.all("extension_notified", p.stage) if ev.index in used
    ]
    capped = (min(hi.due, cap_hi), min(lo.due, cap_lo))
    hi = _Clock(hi.start, min(hi.due, cap_hi), hi.original_due)
    if False in reasons:
        notes.append(partial(_past_cap_words, len(used), cap, capped, False))
        return _Clock(lo.start, min(lo.due, cap_lo), lo.original_due), hi, False
    given = True if None not in reasons else None
    notes.append(partial(_past_cap_words, len(used), cap, capped, given))
    return lo, hi, True


def _past_cap_words(used: int, cap: int, capped: tuple[date, date], reasons: bool | None) -> str:
    """Extensions past the cap in words; ``reasons``: False none given, True all given,
    None some not recorded."""
    which = "the extension goes" if used == 1 else "together the extensions go"
    if reasons is False:
        return (
            f"{which} past the Code's cap of {cap} working days with no reasons given, "
            f"so the deadline moves only as far as the cap, {human_span(*capped)}"
        )
    why = "reasons were given" if reasons else "whether reasons were given is not recorded"
    return (
        f"{which} past the Code's cap of {cap} working days ({why}), which counts "
        f"only with good reason: without one it was due {human_span(*capped)}"
    )


def _unrecorded_stop(ctx: CaseContext, p: DeadlineParams) -> str | None:
    """Why an overdue step may not be late after all: the source does not record whether
    (or when) an event that stops the clock happened, e.g. a log that says "Withdrawn"
    where a date belongs but not when the complaint was withdrawn."""
    for name in p.stopped_by:
        item = ctx.not_recorded(name)
        if item is not None:
            noun = _NOUNS_OF_STOPS.get(name, name.replace("_", " "))
            note = f" ({item.note})" if item.note else ""
            return f"this log does not record when {noun}{note}"
    return None


_NOUNS_OF_STOPS = {
    "complaint_withdrawn": "the complaint was withdrawn",
    "complaint_refused": "the landlord refused the complaint",
    "escalation_refused": "the landlord refused to escalate",
    "escalation_requested": "the resident asked to escalate",
}


def _stopped(ctx: CaseContext, p: DeadlineParams) -> Ev | None:
    """The earliest event that stopped the clock (withdrawal, refusal, escalation...)."""
    found = [ev for name in p.stopped_by if (ev := ctx.first(name)) is not None]
    return min(found, key=lambda ev: (ev.date.earliest, ev.index)) if found else None


def _responded(
    ctx: CaseContext,
    p: DeadlineParams,
    status: Status,
    lo: _Clock,
    hi: _Clock,
    end_ev: Ev,
    end_sel: Selector,
    facts: dict[str, Any],
    events: list[int],
    words: Callable[[], _Words],
) -> Outcome:
    cal = ctx.calendar
    end = end_ev.date
    taken = _counted(cal.working_days_between, lo.start, end.earliest, hi.start, end.latest)
    weekdays = _counted(cal.weekdays_between, lo.start, end.earliest, hi.start, end.latest)
    late = _counted(cal.working_days_between, lo.due, end.earliest, hi.due, end.latest)
    skipped = cal.skipped_days(hi.start, end.latest)
    facts.update(
        end_event=end_ev.index,
        end_date=str(end),
        working_days_taken=taken,
        weekdays_taken=weekdays,
        working_days_late=late,
        non_working_weekdays=[f"{s.day.isoformat()} {s.reason}" for s in skipped],
        count_from=hi.start.isoformat(),
        count_to=max(end.latest, hi.start).isoformat(),
    )
    chasers = _prompts(ctx, "resident_chased", p.stage, hi.due, end.latest)
    stepped_in = _prompts(ctx, "ombudsman_contacted", p.stage, hi.due, end.latest)
    if chasers:
        facts["chased_on"] = [str(ev.date) for ev in chasers]
        events.extend(ev.index for ev in chasers)

    def reasoning() -> str:
        start_words, limit_words, due_words, ext_words, past_cap, start_gap, _ = words()
        served_by = "" if end_sel is p.end[0] else f" (serving as the {p.what})"
        counted = (
            f"before {start_words}"  # a response before a fallback clock had even started
            if end.latest < hi.start
            else f"{taken} working day{_s(taken)} after {start_words}"
        )
        head = (
            f"{capital(dated(end_sel.label, end_ev))}{served_by}, {counted}"
            f"{_weekday_words(taken, weekdays, skipped)}"
        )
        if status == "met":
            verdict = "on time"
        elif status == "breached":
            verdict = f"{late} working day{_s(late)} late"
        elif past_cap:
            verdict = f"on time only if {_GOOD_REASON}, so this is not decided"
        elif start_gap is not None:
            verdict = (
                f"on time or late depending on when the {p.start[0].noun} was sent, "
                "so this is not decided"
            )
        else:
            verdict = (
                "on time or late depending on the day of a month-only date, so this is not decided"
            )
        return join_sentences(
            f"{head}; {limit_words}, due {due_words}"
            + (f"; {ext_words}" if ext_words else "")
            + f" → {verdict}.",
            _prompt_words(chasers, stepped_in) if status == "breached" else None,
            _revision_words(ctx, end_ev),
        )

    limit_lo, limit_hi = _at_ends(cal.working_days_between, lo.start, lo.due, hi.start, hi.due)
    weigh_lo = _weigh(
        True, late.lo, taken.lo, limit_lo, _after(chasers, lo.due), _after(stepped_in, lo.due)
    )
    weigh_hi = _weigh(True, late.hi, taken.hi, limit_hi, chasers, stepped_in)
    return Outcome(
        status,
        reasoning,
        facts,
        tuple(events),
        weigh_lo,
        weigh_hi,
        breach_on=lo.due if status == "breached" else None,
    )


def _open(
    ctx: CaseContext,
    rule: RuleSpec,
    p: DeadlineParams,
    status: Status,
    lo: _Clock,
    hi: _Clock,
    facts: dict[str, Any],
    events: list[int],
    words: Callable[[], _Words],
    stop: Ev | None = None,
    overtaken: tuple[Ev, Selector] | None = None,
) -> Outcome:
    """No response yet: pending until the as-of date passes the deadline (docs/decisions.md §3).

    A withdrawal or refusal (``stopped_by``) after the deadline ends the count: the landlord
    was late up to that event, not up to the as-of date. So does an event that overtook the
    awaited one (``overtaken_by``), and that is a breach even before the deadline.
    """
    if overtaken is not None:
        stop = overtaken[0]
    cal = ctx.calendar
    as_of = ctx.as_of
    # The count runs to the as-of date, or to the event that stopped the clock.
    end_lo = end_hi = as_of
    if stop is not None:
        end_lo, end_hi = min(stop.date.earliest, as_of), min(stop.date.latest, as_of)
        facts["stopped_by_event"] = stop.index
        events.append(stop.index)
    elapsed = _counted(cal.working_days_between, lo.start, end_lo, hi.start, end_hi)
    # Before a fallback clock has started (e.g. 2024's "latest day the acknowledgement was
    # due"), nothing has been counted yet: the day-by-day range is empty, never backwards.
    facts.update(
        working_days_elapsed=elapsed,
        count_from=hi.start.isoformat(),
        count_to=max(end_hi, hi.start).isoformat(),
    )
    chasers = _prompts(ctx, "resident_chased", p.stage, hi.due, end_hi)
    stepped_in = _prompts(ctx, "ombudsman_contacted", p.stage, hi.due, end_hi)
    events.extend(ev.index for ev in (*chasers, *stepped_in))
    if status == "pending":
        left = _counted(cal.working_days_between, as_of, hi.due, as_of, lo.due)
        facts["working_days_left"] = left

        def pending() -> str:
            start_words, _, due_words, ext_words, *_ = words()
            # docs/decisions.md §2: bank holidays inside the days left are named too
            weekdays_left = _counted(cal.weekdays_between, as_of, hi.due, as_of, lo.due)
            holidays_left = _weekday_words(left, weekdays_left, cal.skipped_days(as_of, lo.due))
            return (
                f"No {p.what} yet at {human_date(as_of)}; due {due_words} ({p.days} working days "
                f"after {start_words}, {cite(ctx, rule)}"
                + (f"; {ext_words}" if ext_words and ext_words != "no extension notified" else "")
                + f"); {left} working day{_s(left)} left{holidays_left}."
            )

        return Outcome(status, pending, facts, tuple(events))
    late = _counted(cal.working_days_between, lo.due, end_lo, hi.due, end_hi)
    facts["working_days_late"] = late
    skipped = cal.skipped_days(hi.start, end_hi)
    if skipped:
        facts["non_working_weekdays"] = [f"{s.day.isoformat()} {s.reason}" for s in skipped]

    def reasoning() -> str:
        start_words, limit_words, due_words, ext_words, past_cap, start_gap, stop_gap = words()
        if overtaken is not None:
            by = f"before {dated(overtaken[1].label, overtaken[0])}"
            late_words = "late, counted to that day, and it never came"
        elif stop is not None:
            by = f"before {_lower(_stop_words(stop))} on {stop.date.human()}"
            late_words = "late, counted to that day"
            undecided = "late or not depending on the day of a month-only date, so not decided"
        else:
            by = f"by {human_date(as_of)}"
            late_words = "overdue"
            undecided = "overdue or not depending on the day of a month-only date, so not decided"
        if past_cap:
            undecided = f"{late_words} unless {_GOOD_REASON}, so not decided"
        elif stop_gap is not None:
            undecided = f"{late_words} unless the complaint was withdrawn in time: {stop_gap}"
        elif start_gap is not None and overtaken is None and stop is None:
            undecided = (
                f"{late_words} or not depending on when the {p.start[0].noun} was sent, "
                "so not decided"
            )
        verdict = (
            f"{late} working day{_s(late)} {late_words}" if status == "breached" else undecided
        )
        if overtaken is not None and late.hi == 0:
            verdict = "in time for it, but it never came, which is itself a breach"
        weekdays = _counted(cal.weekdays_between, lo.start, end_lo, hi.start, end_hi)
        return join_sentences(
            f"No {p.what} {by}: {elapsed} working day{_s(elapsed)} after {start_words}"
            f"{_weekday_words(elapsed, weekdays, skipped)}; "
            f"{limit_words}, due {due_words}"
            + (f"; {ext_words}" if ext_words else "")
            + f" → {verdict}.",
            _prompt_words(chasers, stepped_in) if status == "breached" else None,
        )

    limit_lo, limit_hi = _at_ends(cal.working_days_between, lo.start, lo.due, hi.start, hi.due)
    return Outcome(
        status,
        reasoning,
        facts,
        tuple(events),
        _weigh(
            False,
            late.lo,
            elapsed.lo,
            limit_lo,
            _after(chasers, lo.due),
            _after(stepped_in, lo.due),
        ),
        _weigh(False, late.hi, elapsed.hi, limit_hi, chasers, stepped_in),
        breach_on=(
            None
            if status != "breached"
            else min(lo.due, stop.date.latest)
            if overtaken is not None and stop
            else lo.due
        ),
    )


def _weigh(
    responded: bool, late: int, taken: int, limit: int, chasers: list[Ev], stepped_in: list[Ev]
) -> dict[str, Any]:
    return {
        "responded": responded,
        "late": late,
        "taken": taken,
        "limit": limit,
        "chased": bool(chasers),
        "ombudsman_stepped_in": bool(stepped_in),
    }


def _prompts(ctx: CaseContext, type_: str, stage: int | None, after: date, until: date) -> list[Ev]:
    """Chasers / Ombudsman contacts about this stage after the deadline, up to the end.

    Asking after a response that is not yet due is not "having to chase" (the case format's
    ``resident_chased`` is a chaser of a *late* response), so only contacts after the
    deadline weigh; ``after`` is the earliest the deadline can be (the harshest end).
    """
    found = ctx.all(type_)
    if not found:  # (most cases: nobody chased)
        return found
    return [
        ev
        for ev in found
        if (ev.stage is None or ev.stage == stage) and after < ev.date.earliest <= until
    ]


def _after(events: list[Ev], day: date) -> list[Ev]:
    """The contacts after ``day``: at the landlord-kindest end, the later deadline."""
    return [ev for ev in events if ev.date.earliest > day] if events else events


def _prompt_words(chasers: list[Ev], stepped_in: list[Ev]) -> str | None:
    parts = []
    if chasers:
        dates = ", ".join(ev.date.human() for ev in chasers)
        times = "once" if len(chasers) == 1 else f"{len(chasers)} times"
        parts.append(f"The resident chased {times} ({dates}).")
    if stepped_in:
        dates = ", ".join(ev.date.human() for ev in stepped_in)
        parts.append(f"The Ombudsman had to step in ({dates}).")
    return " ".join(parts) or None


def _at_ends(
    count: Callable[[date, date], int], lo_from: date, lo_to: date, hi_from: date, hi_to: date
) -> tuple[int, int]:
    """A count over ``(from, to]`` at each end of the date ranges; counted once when the ends
    coincide, as they do whenever every date is exact (the usual case)."""
    lo = count(lo_from, lo_to)
    return lo, lo if lo_from == hi_from and lo_to == hi_to else count(hi_from, hi_to)


def _s(count: Span) -> str:
    return "" if count.exact and count.lo == 1 else "s"


def _counted(
    count: Callable[[date, date], int], lo_from: date, lo_to: date, hi_from: date, hi_to: date
) -> Span:
    """:func:`_at_ends` as a :class:`Span`: one count, and no ordering, when the ends
    coincide."""
    lo = count(lo_from, lo_to)
    if lo_from == hi_from and lo_to == hi_to:
        return Span(lo, lo)
    hi = count(hi_from, hi_to)
    return Span(min(lo, hi), max(lo, hi))


def _date_or_range(earliest: date, latest: date) -> Any:
    if earliest == latest:
        return earliest
    return {"earliest": min(earliest, latest), "latest": max(earliest, latest)}


def _due_words(hi: _Clock, lo: _Clock) -> str:
    return human_span(hi.due, lo.due)


def _start_words(anchor: Anchor, ev: Ev, hi_start: date, lo_start: date) -> str:
    if anchor.plus_working_days:
        when = human_span(hi_start, lo_start)
        return (
            f"{anchor.label.replace('{date}', when)} ({anchor.plus_working_days} working "
            f"days after the {anchor.noun} of {ev.date.human()})"
        )
    return dated(anchor.label, ev)


def _revision_words(ctx: CaseContext, answer: Ev) -> str | None:
    """Name later responses at the same stage: revisions, which do not stop the clock again."""
    if answer.type != "stage_response":
        return None
    later = [ev for ev in ctx.all("stage_response", answer.stage) if ev.index != answer.index]
    if not later:
        return None
    dates = ", ".join(ev.date.human() for ev in later)
    return (
        f"The stage {answer.stage} response was revised ({dates}); the first response "
        "stopped the clock, and the revision's redress and content count with it."
    )


def _weekday_words(taken: Span, weekdays: Span, skipped: list[Any]) -> str:
    """docs/decisions.md §2: name the bank holidays in a span and give the weekday count too."""
    if not skipped:
        return ""
    names = [f"{human_date(s.day)} {s.reason.removesuffix(' (bank holiday)')}" for s in skipped]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "is not a working day" if len(names) == 1 else "are not working days"
    return f" ({weekdays} weekdays; {listed} {verb})"


def _stop_words(ev: Ev) -> str:
    return {
        "complaint_withdrawn": "The resident withdrew the complaint",
        "complaint_refused": "The landlord refused to accept the complaint",
        "escalation_refused": "The landlord refused to escalate the complaint",
        "escalation_requested": "The resident asked to escalate the complaint",
    }.get(ev.type, f"A {ev.type.replace('_', ' ')} event")


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]
