"""One case per id in a run: where each id was first read, across every input.

A second case with an id already read (in the same log, or in any earlier file of the run)
becomes an error naming where the id was first read, and is not checked; every case still
yields one result. This map is the only state a streaming run keeps per case, so it is
kept small: an id and where it was read, with each input's name and the wording of its
places held once.

The latest ids are kept in a dict; past :data:`SPILL` of them they move
into an in-memory SQLite table, which holds an id in about a sixth of a dict's room (a
dict of a million ids, their strings included, took about 120 MB; the table takes about
20 MB). A run of a few cases, or a service request, never opens a table. The table is
exact: ids are compared as text, never by a hash alone. Most ids are new, and a look into
the table costs more than the rest of admitting one, so a sieve of the table's ids (two
bits an id, set from its hash) says which ids it surely does not hold: only an id whose
bits are both set, a duplicate or about one new id in a hundred at a million, is looked up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import InputIssue
from .inputs import RawCase

if TYPE_CHECKING:
    import sqlite3

__all__ = ["SPILL", "FirstRead", "InputIds", "SeenIds", "Span", "Wording"]

#: Words a place in one input from its two numbers, as readers write it on their cases:
#: a row and how many more rows the case took ("rows 4-6"), or a document and an item of its
#: list ("document 2, case 3 of the list").
Wording = Callable[[int, int], str]

#: Ids the dict holds before they move into the table.
SPILL = 20_000
#: Ids looked up in one query: well under the fewest parameters SQLite allows (999).
_ASKED_AT_ONCE = 500


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
        self._where: dict[str, tuple[int, int, int]] = {}  # the latest: id, (input, first, more)
        self._table: sqlite3.Connection | None = None
        self._sieve = _Sieve()
        self._inputs: list[tuple[str, Wording]] = []

    def reading(self, source: str, wording: Wording) -> InputIds:
        """Start reading ``source``, whose places are worded by ``wording``."""
        self._inputs.append((source, wording))
        return InputIds(self, len(self._inputs) - 1, source, wording)

    def first_read(self, case_id: str, reader: int) -> FirstRead | None:
        """Where ``case_id`` was first read, if it was, as the ``reader``-th input sees it."""
        place = self._where.get(case_id)
        if place is not None:
            return self._worded(place, reader)
        if self._table is None or not self._sieve.may_hold(case_id):
            return None
        row = self._table.execute(
            "SELECT input, first, more FROM ids WHERE id = ?", (case_id,)
        ).fetchone()
        return None if row is None else self._worded(row, reader)

    def first_reads(self, case_ids: Iterable[str], reader: int) -> dict[str, FirstRead]:
        """:meth:`first_read` of many ids at once (those read before, by id): one look into
        the table for them all, where one each would cost more than the rest of the work."""
        found: dict[str, FirstRead] = {}
        asked: list[str] = []
        for case_id in case_ids:
            place = self._where.get(case_id)
            if place is not None:
                found[case_id] = self._worded(place, reader)
            elif self._table is not None and self._sieve.may_hold(case_id):
                asked.append(case_id)
        table = self._table
        if table is None:
            return found
        for start in range(0, len(asked), _ASKED_AT_ONCE):
            some = asked[start : start + _ASKED_AT_ONCE]
            marks = ",".join("?" * len(some))
            query = f"SELECT id, input, first, more FROM ids WHERE id IN ({marks})"
            for case_id, *place in table.execute(query, some):
                found[case_id] = self._worded(place, reader)
        return found

    def remember(self, case_id: str, reader: int, first: int, more: int) -> None:
        self._where[case_id] = (reader, first, more)
        if len(self._where) >= SPILL:
            self._spill()

    def _spill(self) -> None:
        """Move the dict's ids into the table."""
        if self._table is None:
            import sqlite3  # here: most runs, and every one-case run, never need it

            # one run at a time uses a map, though a service may resume it on another thread
            self._table = sqlite3.connect(":memory:", check_same_thread=False)
            self._table.execute(
                "CREATE TABLE ids (id TEXT PRIMARY KEY, input INT, first INT, more INT) "
                "WITHOUT ROWID"
            )
        with self._table:
            self._table.executemany(
                "INSERT INTO ids VALUES (?, ?, ?, ?)",
                ((case_id, *place) for case_id, place in self._where.items()),
            )
        self._sieve.add_all(self._where)
        self._where.clear()

    def _worded(self, place: Sequence[int], reader: int) -> FirstRead:
        index, first, more = place
        source, wording = self._inputs[index]
        return FirstRead(None if index == reader else source, wording(first, more))


class _Sieve:
    """Which ids a set surely does not hold (a Bloom filter of two bits an id): 2 MB, made
    when first used, keeps about one new id in a hundred looked up at a million ids."""

    _BITS = 1 << 24
    _MASK = _BITS - 1

    def __init__(self) -> None:
        self._bits = bytearray()

    def add_all(self, case_ids: Iterable[str]) -> None:
        if not self._bits:
            self._bits = bytearray(self._BITS // 8)
        bits, mask = self._bits, self._MASK
        for case_id in case_ids:
            # the id's two bits: two parts of its hash (the same all through one process)
            value = hash(case_id)
            one, two = value & mask, (value >> 24) & mask
            bits[one >> 3] |= 1 << (one & 7)
            bits[two >> 3] |= 1 << (two & 7)

    def may_hold(self, case_id: str) -> bool:
        value, bits, mask = hash(case_id), self._bits, self._MASK
        one, two = value & mask, (value >> 24) & mask
        return bool(bits[one >> 3] >> (one & 7) & 1 and bits[two >> 3] >> (two & 7) & 1)


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
