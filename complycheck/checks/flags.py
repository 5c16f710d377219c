"""``flags_required``: an event must carry content the Code requires, e.g. a response's
written content, a refusal's reasons and Ombudsman rights, an extension's Ombudsman details.

A flag not recorded is *unknown*, never false (case-format.md): the check then says what is
missing from the record rather than guessing. Revisions at a stage add content, so with
``combine: any_event`` a flag counts as present when any response at the stage has it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ..context import CaseContext
from ..results import Status
from ..rule_params import FlagsParams, Params
from ..rulesets import RuleSpec
from ..tables import Table
from .base import Derived, Outcome, cite
from .selectors import capital
from .selectors import unrecorded as unrecorded_step


class FlagsRequired:
    name: ClassVar[str] = "flags_required"
    params_model: ClassVar[type[Params]] = FlagsParams
    table: ClassVar[Table] = (
        ("unknown", {"found": False, "event_not_recorded": True}),
        ("not_applicable", {"found": False}),
        ("breached", {"missing": True}),
        ("unknown", {"not_recorded": True}),
        ("met", {}),
    )

    def derive(self, ctx: CaseContext, rule: RuleSpec, params: Any) -> Derived:
        p: FlagsParams = params
        found = p.event.find(ctx)
        if not found:
            why = unrecorded_step(ctx, [p.event])
            if why is not None:
                return Derived(
                    {"found": False, "event_not_recorded": True},
                    lambda status: Outcome(
                        status,
                        lambda: (
                            f"{capital(why)}, so whether it did "
                            f"{_list(list(p.flags.values()), 'and')} is not known "
                            f"({cite(ctx, rule)})."
                        ),
                        {"not_recorded_step": p.event.noun},
                    ),
                )
            return Derived(
                {"found": False},
                lambda status: Outcome(status, lambda: f"No {p.event.label} in the timeline."),
            )
        groups = [found] if p.combine == "any_event" else [[ev] for ev in found]
        missing: list[str] = []
        unrecorded: list[str] = []
        for group in groups:
            where = "" if len(groups) == 1 else f" (that of {group[0].date.human()})"
            only = group[0].event if len(group) == 1 else None  # (the usual case)
            for flag, label in p.flags.items():
                if only is not None:
                    value = getattr(only, flag)
                else:
                    values = [getattr(ev.event, flag) for ev in group]
                    value = True if True in values else (False if False in values else None)
                if value is False:
                    missing.append(label + where)
                elif value is None:
                    unrecorded.append(label + where)

        def dates() -> str:
            return ", ".join(ev.date.human() for ev in found)

        events = tuple(ev.index for ev in found)
        facts: dict[str, Any] = {"missing": missing, "not_recorded": unrecorded}

        def explain(status: Status) -> Outcome:
            if status == "breached":

                def text() -> str:
                    said = f"The {p.event.label} ({dates()}) did not {_list(missing)} "
                    said += f"({cite(ctx, rule)})."
                    if unrecorded:
                        said += f" Not recorded: whether it did {_list(unrecorded)}."
                    return said

                # how many times the failing event happened: repeated refusals weigh more
                weigh = {"occurrences": len(found)}
                return Outcome(
                    status, text, facts, events, weigh, weigh, breach_on=found[0].date.latest
                )
            if status == "unknown":
                return Outcome(
                    status,
                    lambda: (
                        f"Not recorded whether the {p.event.label} ({dates()}) did "
                        f"{_list(unrecorded)} ({cite(ctx, rule)})."
                    ),
                    facts,
                    events,
                )
            return Outcome(
                status,
                lambda: (
                    f"The {p.event.label} ({dates()}) did {_list(list(p.flags.values()), 'and')} "
                    f"({cite(ctx, rule)})."
                ),
                facts,
                events,
            )

        return Derived(
            {"found": True, "missing": bool(missing), "not_recorded": bool(unrecorded)}, explain
        )


def _list(items: list[str], conjunction: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
