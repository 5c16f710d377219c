"""One case per id in a run: where each id was first read, across every input.

A second case with an id already read (in the same log, or in any earlier file of the run)
becomes an error naming where the id was first read, and is not checked; every case still
yields one result. This map is the only state a streaming run keeps per case, so it is
kept small: an id and one int, with each input's name and the wording of its places held
once. Its cost is the bulk of the memory a run over a million complaints needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .errors import InputIssue
from .inputs import RawCase

__all__ = ["FirstRead", "InputIds", "SeenIds", "Span", "Wording"]

#: Words a place in one input from its two numbers, as readers write it on their cases:
#: a row and how many more rows the case took ("rows 4-6"), or a document and an item of its
#: list ("document 2, case 3 of the list").
Wording = Callable[[int, int], str]

# A place is packed into one int, ``(input * _ROOM + more) * _ROOM + first``: an int costs
# less than half a location string, and a log's cases (input 0, one row each) keep ints
# under 2**30, the smallest. Rows numbered beyond a trillion would not unpack.
_ROOM = 1 << 40


@dataclass(frozen=True, slots=True)
class Span:
    """The places of a log: a row, or the rows a case took ("row 4", "rows 4-6")."""

    label: str  # what the log counts: "row" in a spreadsheet, "line" in JSON lines

    def __call__(self, first: int, more: int) -> str:
        return f"{self.label} {first}" if not more else f"{self.label}s {first}-{first + more}"


@dataclass(frozen=True, slots=True)
class FirstRead:
    """Where an id was first read: ``source`` is ``None`` when that was the input being read."""

    source: str | None
    location: str

    def __str__(self) -> str:
        return self.location if self.source is None else f"{self.source}: {self.location}"


class SeenIds:
    """The case ids read so far in a run, each with where it was first read."""

    def __init__(self) -> None:
        self._where: dict[str, int] = {}
        self._inputs: list[tuple[str, Wording]] = []

    def reading(self, source: str, wording: Wording) -> InputIds:
        """Start reading ``source``, whose places are worded by ``wording``."""
        self._inputs.append((source, wording))
        return InputIds(self, len(self._inputs) - 1, source, wording)

    def first_read(self, case_id: str, reader: int) -> FirstRead | None:
        """Where ``case_id`` was first read, if it was, as the ``reader``-th input sees it."""
        packed = self._where.get(case_id)
        if packed is None:
            return None
        rest, first = divmod(packed, _ROOM)
        index, more = divmod(rest, _ROOM)
        source, wording = self._inputs[index]
        return FirstRead(None if index == reader else source, wording(first, more))

    def remember(self, case_id: str, reader: int, first: int, more: int) -> None:
        self._where[case_id] = (reader * _ROOM + more) * _ROOM + first


@dataclass(frozen=True, slots=True)
class InputIds:
    """The run's ids as one input sees them: admit each of its cases as it is read."""

    seen: SeenIds
    index: int
    source: str
    place: Wording

    def earlier(self, case_id: str) -> FirstRead | None:
        """Where ``case_id`` was read before, or ``None`` the first time."""
        return self.seen.first_read(case_id, self.index)

    def admit(self, case: RawCase, case_id: str | None, first: int, more: int = 0) -> RawCase:
        """``case`` (read at ``place(first, more)``) as it is for a new id; for an id read
        before, an error naming where it was first read.

        A case with input errors still claims its id: a second row with the same reference
        is a second complaint under one id whether or not the first could be read.
        """
        if case_id is None:
            return case
        earlier = self.earlier(case_id)
        if earlier is None:
            self.seen.remember(case_id, self.index, first, more)
            return case
        issue = InputIssue(
            f"case {case_id} appears twice: it was first read at {earlier}",
            source=case.source,
            case_id=case_id,
            location=case.location,
            field="id",
            expected="each complaint once in the input, under its own reference",
        )
        return replace(case, data=None, issues=(*case.issues, issue))
