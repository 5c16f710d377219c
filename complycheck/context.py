"""A case made ready for checking: events sorted and indexed, calendar and as-of fixed.

Every check kind reads the case through this one object, so "the first stage 1
acknowledgement" or "chasers between two dates" mean the same thing in every rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import PartialDate
from .models import Case
from .workdays import WorkingDayCalendar


@dataclass(frozen=True, slots=True)
class Ev:
    """An event with its position in the input (what reasoning and ``events`` cite)."""

    index: int
    event: Any

    @property
    def type(self) -> str:
        return str(self.event.type)

    @property
    def date(self) -> PartialDate:
        date_: PartialDate = self.event.date
        return date_

    @property
    def stage(self) -> int | None:
        return getattr(self.event, "stage", None)


class CaseContext:
    """The case, its calendar, the as-of date and the ruleset edition being applied."""

    def __init__(self, case: Case, calendar: WorkingDayCalendar, as_of: date, edition: str) -> None:
        self.case = case
        self.calendar = calendar
        self.as_of = as_of
        self.edition = edition
        #: outcomes of the rules already run, by rule id (a rule may read an earlier one)
        self.outcomes: dict[str, Any] = {}
        indexed = [Ev(index, event) for index, event in enumerate(case.events)]
        # Events dated after the as-of date had not happened "now"; sort is stable so
        # same-day events keep their input order (the contract's tie rule).
        known = [ev for ev in indexed if ev.date.earliest <= as_of]
        self.events: list[Ev] = sorted(known, key=lambda ev: ev.date.earliest)
        self._by_type: dict[str, list[Ev]] = {}
        for ev in self.events:
            self._by_type.setdefault(ev.type, []).append(ev)

    def all(self, type_: str, stage: int | None = None) -> list[Ev]:
        """Events of a type (optionally at a stage), in date order."""
        found = self._by_type.get(type_, [])
        if stage is None:
            return found
        return [ev for ev in found if ev.stage == stage]

    def first(self, type_: str, stage: int | None = None) -> Ev | None:
        found = self.all(type_, stage)
        return found[0] if found else None

    def cite(self, type_: str | None = None) -> str:
        """How reasoning names the Code: 'Code 2022'."""
        return f"Code {self.edition}"
