"""``extension_cap``: an extension must stay within the Code's cap and carry its reasons.

docs/decisions.md §4: over the cap with no reasons → breached; over the cap with reasons →
``unknown`` (whether the reason was good is a judgement for a person, never silently met).
The cap is measured from the deadline the extension moved, which the referenced
``deadline`` rule has already worked out, so the two can never disagree.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from ..context import CaseContext, Ev
from ..dates import human_date
from ..results import Span, Status
from ..rule_params import ExtensionCapParams, Params
from ..rulesets import RuleSpec
from ..tables import Cmp, Facts, Table
from .base import Derived, Outcome, cite
from .notices import notices_and_deadline


class ExtensionCap:
    name: ClassVar[str] = "extension_cap"
    params_model: ClassVar[type[Params]] = ExtensionCapParams
    #: ``reasons`` is "yes", "no" or "unknown" (not recorded, or recorded for only some).
    table: ClassVar[Table] = (
        ("not_applicable", {"extended": False}),
        ("not_applicable", {"deadline_running": False}),
        ("breached", {"total_lo": Cmp("gt", 1, "cap"), "reasons": "no"}),
        ("unknown", {"total_lo": Cmp("gt", 1, "cap")}),
        ("unknown", {"total_hi": Cmp("gt", 1, "cap")}),
        ("breached", {"reasons_required": True, "reasons": "no"}),
        ("unknown", {"reasons_required": True, "reasons": "unknown"}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: ExtensionCapParams = params
        found = notices_and_deadline(ctx, p.stage, p.deadline_rule, "there was nothing to extend")
        if isinstance(found, Derived):
            return found
        extensions, due, first_due, last_due = found
        cal = ctx.calendar
        lo = hi = 0
        # Each extension is measured from the deadline it moved (the previous due date), so
        # successive new due dates add up to the distance from the original to the last.
        for ev in extensions:
            ext = ev.event
            if ext.new_due_date is not None:
                lo += cal.working_days_between(last_due, ext.new_due_date)
                hi += cal.working_days_between(first_due, ext.new_due_date)
                first_due = max(first_due, ext.new_due_date)
                last_due = max(last_due, ext.new_due_date)
            else:
                lo += ext.extra_working_days
                hi += ext.extra_working_days
                first_due = cal.add_working_days(first_due, ext.extra_working_days)
                last_due = cal.add_working_days(last_due, ext.extra_working_days)
        total = Span(lo, hi)
        reasons = [ev.event.reasons_given for ev in extensions]
        given = False if False in reasons else (None if None in reasons else True)
        facts = {
            "extension_working_days": total,
            "cap_working_days": p.cap,
            "reasons_given": given,
            "original_due_date": due,
        }
        events = tuple(ev.index for ev in extensions)
        decide: Facts = {
            "extended": True,
            "deadline_running": True,
            "total_lo": total.lo,
            "total_hi": total.hi,
            "cap": p.cap,
            "reasons": {True: "yes", False: "no", None: "unknown"}[given],
            "reasons_required": p.reasons_required,
        }

        def explain(status: Status) -> Outcome:
            breach_on = extensions[0].date.latest if status == "breached" else None
            return Outcome(
                status,
                partial(_write, ctx, rule, p, status, extensions, total, given),
                facts,
                events,
                breach_on=breach_on,
            )

        return Derived(decide, explain)


def _write(
    ctx: CaseContext,
    rule: RuleSpec,
    p: ExtensionCapParams,
    status: Status,
    extensions: list[Ev],
    total: Span,
    given: bool | None,
) -> str:
    """The sentence of an extension-cap check, from its facts."""
    when = ", ".join(ev.date.human() for ev in extensions)
    head = (
        f"Stage {p.stage} extended by {total} working days in all (notified {when}); "
        f"cap {p.cap} working days without good reason ({cite(ctx, rule)})"
    )
    tail = (
        _agreement_words([ev.event.agreed_with_resident for ev in extensions])
        if p.mention_agreement
        else ""
    )
    if total.lo > p.cap:
        if status == "breached":
            text = f"{head}; over the cap and no reasons were given.{tail}"
        else:
            why = (
                "reasons were given; whether they were good is a judgement for a person"
                if given
                else "whether reasons were given is not recorded"
            )
            text = f"{head}; over the cap, and {why}.{tail}"
    elif total.hi > p.cap:
        text = f"{head}; over the cap or not depending on a month-only date, so not decided.{tail}"
    elif status == "breached":
        text = f"{head}; within the cap, but the reasons were not explained to the resident.{tail}"
    elif status == "unknown":
        text = f"{head}; within the cap, but whether reasons were given is not recorded.{tail}"
    else:
        text = (
            f"{head}; within the cap"
            + (" and reasons were given." if p.reasons_required else ".")
            + tail
        )
    return text


def _agreement_words(agreed: list[bool | None]) -> str:
    """2022/2020: determinations looked for an *agreed* extension; say so, never breach on it."""
    if all(value is True for value in agreed):
        return " The extension was agreed with the resident."
    if False in agreed:
        return (
            " The extension was not agreed with the resident (the Ombudsman has looked "
            "for agreement under this Code; not a breach by itself)."
        )
    return " Whether the resident agreed the extension is not recorded."


__all__ = ["ExtensionCap", "ExtensionCapParams", "human_date"]
