"""A case made ready for checking: events sorted and indexed, calendar and as-of fixed.

Every check kind reads the case through this one object, so "the first stage 1
acknowledgement" or "chasers between two dates" mean the same thing in every rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from .dates import PartialDate
from .models import Case, NotRecorded
from .workdays import WorkingDayCalendar


@dataclass(slots=True)
class Ev:
    """An event with its position in the input (what reasoning and ``events`` cite).

    ``type``, ``date`` and ``stage`` are the event's own, copied once here because every
    rule reads them many times over; build one with :meth:`of`. Not frozen (one is built
    per event of every case, and a frozen constructor costs several times as much): read-only.
    """

    index: int
    event: Any
    type: str = field(compare=False)
    date: PartialDate = field(compare=False)
    stage: int | None = field(compare=False)

    @classmethod
    def of(cls, index: int, event: Any) -> Ev:
        # Asked once per event class, not per event: getattr with a default on a pydantic
        # model raises and catches an AttributeError, and ``model_fields`` is a computed
        # class property, both costly when every event of every case asks.
        staged = _STAGED.get(type(event))
        if staged is None:
            staged = _STAGED[type(event)] = "stage" in type(event).model_fields
        return cls(index, event, str(event.type), event.date, event.stage if staged else None)


#: event class → whether it has a ``stage`` field
_STAGED: dict[type, bool] = {}

_EARLIEST = attrgetter("date.earliest")

#: what :meth:`CaseContext.all` finds of a type the case does not have: one shared empty
#: list (read-only, as every list it returns), not a new one for each of a case's look-ups
_NONE: list[Ev] = []


class CaseContext:
    """The case, its calendar, the as-of date and the ruleset edition being applied."""

    def __init__(self, case: Case, calendar: WorkingDayCalendar, as_of: date, edition: str) -> None:
        self.case = case
        self.calendar = calendar
        self.as_of = as_of
        self.edition = edition
        #: steps the case's source does not record (``Case.not_recorded``)
        self.unrecorded = case.unrecorded if case.not_recorded else ()
        #: outcomes of the rules already run, by rule id (a rule may read an earlier one)
        self.outcomes: dict[str, Any] = {}
        indexed = [Ev.of(index, event) for index, event in enumerate(case.events)]
        # Events dated after the as-of date had not happened "now"; sort is stable so
        # same-day events keep their input order (the contract's tie rule).
        known = [ev for ev in indexed if ev.date.earliest <= as_of]
        self.events: list[Ev] = sorted(known, key=_EARLIEST)
        # (type, None) → every event of the type, (type, stage) → those at the stage: built
        # up front in one pass, as the rules ask for them dozens of times per case.
        self._found: dict[tuple[str, int | None], list[Ev]] = {}
        for ev in self.events:
            self._found.setdefault((ev.type, None), []).append(ev)
            if ev.stage is not None:
                self._found.setdefault((ev.type, ev.stage), []).append(ev)

    def all(self, type_: str, stage: int | None = None) -> list[Ev]:
        """Events of a type (optionally at a stage), in date order. Do not modify the list."""
        return self._found.get((type_, stage), _NONE)

    def first(self, type_: str, stage: int | None = None) -> Ev | None:
        found = self._found.get((type_, stage))
        return found[0] if found else None

    def not_recorded(self, type_: str, stage: int | None = None) -> NotRecorded | None:
        """What the case says of an event its source does not record, if it says so."""
        for item in self.unrecorded:
            if item.covers(type_, stage):
                return item
        return None

    def cite(self, type_: str | None = None) -> str:
        """How reasoning names the Code: 'Code 2022'."""
        return f"Code {self.edition}"
