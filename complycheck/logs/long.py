"""Group the rows of a long log (one row per event) into cases.

A long log has a ``case_id``, ``type`` and ``date`` column and one column per contract
field (``stage``, ``handler``, ``apology``...); a blank cell means the field is absent. The
case-level columns ``landlord``, ``nation``, ``code``, ``closure_days`` (semicolon-separated)
and ``as_of`` may be filled on any row of the case, and must agree where filled twice.

To stream, a long log must keep each case's rows together: consecutive rows with the same
``case_id`` are one case, and the case is complete when a row with another id arrives. A
case id that reappears after other cases is not merged into its earlier rows (they have
already been reported) nor dropped: those rows become an error naming both places.

Cases come out in the order of their first rows. A row that belongs to no case (no
``case_id``, or a JSON line that cannot be read) may come between the rows of a case still
being read; its error is held until that case is complete, so it comes out after the case
it follows, as in the file. Only such rows are held, and only while one case is open.

Such a row found *between* two rows of one case was most likely one of its events: the
case is then not checked as if it were complete (a missing response would be a breach
made out of a row that could not be read) but carries an error naming the row, and its
location lists the rows it was read from without it ("rows 2, 4-6").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputIssue, one_of, quoted, suggest
from ..ids import InputIds
from ..inputs import Place, RawCase, id_text
from ..models import EVENT_TYPES
from .cells import (
    BLANK,
    WITHDRAWN,
    CellError,
    Converter,
    DateReader,
    UncachedFormula,
    ValueMap,
    clean,
    read_id,
    read_text,
    value_mapped,
)
from .fields import CASE_FIELDS, EVENT_FIELDS
from .sources import RowProblem

__all__ = ["LONG_COLUMNS", "LongReader", "column_name", "is_long"]

#: The columns that make a header row a long log.
LONG_COLUMNS = frozenset({"case_id", "type", "date"})
_CASE_COLUMNS = tuple(name for name in CASE_FIELDS if name != "id")
_EVENT_COLUMNS = tuple(dict.fromkeys(name for fields in EVENT_FIELDS.values() for name in fields))
_KNOWN_COLUMNS = ("case_id", "type", *_EVENT_COLUMNS, *_CASE_COLUMNS)


def column_name(header: str) -> str:
    """A long-log header as a field name: "Case ID" → ``case_id``, "Stage" → ``stage``."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def is_long(headers: Sequence[str]) -> bool:
    return {column_name(header) for header in headers} >= LONG_COLUMNS


@dataclass(slots=True)
class _Group:
    """The rows of one case read so far.

    ``places`` has the row of each of ``events`` (a row of no case may come between two)
    and its columns headed other than their field; ``case`` has each case-level value
    with the row and header it was first read from: validation's errors are located by them.
    """

    case_id: str
    first: int
    last: int
    events: list[dict[str, Any]] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    case: dict[str, tuple[object, int, str]] = field(default_factory=dict)
    issues: list[InputIssue] = field(default_factory=list)
    #: rows of no case found between this case's rows
    rejected: list[int] = field(default_factory=list)
    #: (row, header) of each cell that says the complaint was withdrawn ("Withdrawn")
    withdrawn: list[tuple[int, str]] = field(default_factory=list)


def _unplaced(header: str, value: object, other: str | None) -> RowProblem:
    """A filled cell that no field can take: it must not be dropped without a word."""
    if other is not None:
        return RowProblem(
            f"{header!r} and {other!r} both have a value and are the same column "
            f"({column_name(header)})",
            "each field in one column",
        )
    named = f"column {header!r}" if header.strip() else "a column with no header"
    return RowProblem(
        f"{named} has a value ({read_text(value)!r}) but names no field",
        "a header naming a field of the case format (see docs/logs.md), or the column removed",
    )


class LongReader:
    """Feed rows in file order with :meth:`row`; each finished case comes out as a RawCase.

    ``label`` is what a location counts: "row" in a spreadsheet, "line" in JSON lines;
    ``ids`` words the places of this log with it.
    """

    def __init__(self, ids: InputIds, label: str, dates: DateReader) -> None:
        self.ids = ids
        self.source = ids.source
        self.label = label
        self.group: _Group | None = None
        #: rows belonging to no case, read while ``group`` is open: they come out after it
        self.held: list[RawCase] = []
        #: the numbers of the rows held since ``group``'s last row: if another row of the
        #: group follows, they lie among its rows
        self.pending: list[int] = []
        # cells that are no value but say something ("N/A", "TBC", "Withdrawn") are read
        # through the default value map, as in a wide log (docs/logs.md, "Cell values")
        values = ValueMap()
        self.event_readers: dict[tuple[str, str], Converter] = {
            (event_type, name): value_mapped(kind, dates, values)
            for event_type, fields in EVENT_FIELDS.items()
            for name, kind in fields.items()
        }
        self.case_readers = {
            name: value_mapped(CASE_FIELDS[name], dates, values) for name in _CASE_COLUMNS
        }

    def row(
        self,
        number: int,
        cells: Sequence[tuple[str, str, object]],
        problems: tuple[RowProblem, ...] = (),
    ) -> Iterator[RawCase]:
        """One event row as (field name, header as written, raw cell) triples."""
        values: dict[str, tuple[str, object]] = {}
        for name, header, raw in cells:
            value = clean(raw)
            if value is None:
                continue
            if name and name not in values:
                values[name] = (header, value)
            else:  # a header that names nothing ("", "???"), or a JSON key read as another
                problems += (_unplaced(header, value, values.get(name, (None,))[0]),)
        location = self.ids.place(number, 0)
        raw_id = values.pop("case_id", (None, None))[1]
        why = f"the {self.label} has no case_id, so it belongs to no case"
        if raw_id is not None:
            try:
                case_id = read_id(raw_id)
            except CellError as exc:
                why = f"{exc.message}, so the {self.label} belongs to no case"
                raw_id = None
        if raw_id is None:
            issues = [
                InputIssue(
                    why,
                    source=self.source,
                    location=location,
                    field="case_id",
                    expected="the id of the case this event belongs to",
                )
            ]
            issues += [
                InputIssue(
                    problem.message,
                    source=self.source,
                    location=location,
                    expected=problem.expected,
                )
                for problem in problems
            ]
            yield from self.unattributed(
                number, RawCase(self.source, location, None, tuple(issues))
            )
            return
        group = self.group
        if group is None or group.case_id != case_id:
            yield from self.finish()
            group = self.group = _Group(case_id, number, number)
        elif self.pending:
            group.rejected += self.pending
            self.pending = []
        group.last = number
        for problem in problems:
            self.fail(group, location, None, None, problem.message, problem.expected)
        self.event(group, number, values)

    def whole_case(self, number: int, data: dict[str, Any]) -> Iterator[RawCase]:
        """A JSON line holding a whole case (``{id, events: [...]}``), taken as it is."""
        yield from self.finish()
        case = RawCase(self.source, self.ids.place(number, 0), data)
        yield self.ids.admit(case, id_text(clean(data.get("id"))), number)

    def unattributed(self, number: int, case: RawCase) -> Iterator[RawCase]:
        """Row ``number``, which belongs to no case, already an error: it comes out now, or
        after the case being read if that case began before it (results keep file order)."""
        if self.group is None:
            yield case
        else:
            self.held.append(case)
            self.pending.append(number)

    def finish(self) -> Iterator[RawCase]:
        """The case being read, if any, then the rows held behind it (call at the end of
        the file, and before anything that must come after the case)."""
        group, self.group = self.group, None
        self.pending = []
        if group is not None:
            yield self.complete(group)
        if self.held:
            yield from self.held
            self.held = []

    def cut_short(self) -> Iterator[RawCase]:
        """The file cannot be read past the last row fed: the case being read may have more
        rows beyond it, so it carries an error rather than being checked without them."""
        group = self.group
        if group is not None:
            self.fail(
                group,
                self.ids.place(group.last, 0),
                None,
                None,
                f"the file cannot be read past this {self.label} (see the error for the file), "
                f"so the case may have more {self.label}s",
                "a file that can be read to its end",
            )
        yield from self.finish()

    def complete(self, group: _Group) -> RawCase:
        """``group``'s rows as one case: its data, or every issue found in them."""
        more = group.last - group.first
        location = (
            _rows_without(self.label, group.first, group.last, group.rejected)
            if group.rejected
            else self.ids.place(group.first, more)
        )
        if group.rejected:
            group.issues.append(self.incomplete(group, location))
        earlier = self.ids.earlier(group.case_id)
        if earlier is not None and earlier.source is None:
            # read earlier in this log: its rows are not all together
            these = f"these {self.label}s" if more else f"this {self.label}"
            group.issues.append(
                InputIssue(
                    f"case {group.case_id} already appeared at {earlier}, which was read "
                    f"without {these}",
                    source=self.source,
                    case_id=group.case_id,
                    location=location,
                    field="case_id",
                    expected=f"each case's {self.label}s together in one block: move {these} next "
                    f"to its other {self.label}s",
                )
            )
            return RawCase(self.source, location, None, tuple(group.issues))
        if group.issues:
            case = RawCase(self.source, location, None, tuple(group.issues))
        else:
            data: dict[str, Any] = {"id": group.case_id}
            data.update((name, value) for name, (value, _, _) in group.case.items())
            data["events"] = group.events
            withdrawal = self.withdrawal(group)
            if withdrawal is not None:
                data["not_recorded"] = [withdrawal]
            case_places = tuple(
                (row, ((name, header),)) for name, (_, row, header) in group.case.items()
            )
            origin = (self.label, group.first, case_places, tuple(group.places))
            case = RawCase(self.source, location, data, (), origin)
        return self.ids.admit(case, group.case_id, group.first, more)

    def withdrawal(self, group: _Group) -> dict[str, object] | None:
        """When a cell says "Withdrawn" but no row of the case is the withdrawal, that the
        log does not record when the complaint was withdrawn (docs/logs.md, "Withdrawn"),
        which leaves open any step it may have stopped; None otherwise."""
        if not group.withdrawn or any(e["type"] == "complaint_withdrawn" for e in group.events):
            return None
        cells = " and ".join(
            f"{header!r} on {self.ids.place(number, 0)}" for number, header in group.withdrawn
        )
        says = "says" if len(group.withdrawn) == 1 else "say"
        return {
            "event": "complaint_withdrawn",
            "note": f"{cells} {says} the complaint was withdrawn, but not when",
        }

    def incomplete(self, group: _Group, location: str) -> InputIssue:
        """The error of a case with rows of no case among its own: they were probably its
        events, so it is not checked without them."""
        rows = ", ".join(str(number) for number in group.rejected)
        plural = "s" if len(group.rejected) > 1 else ""
        return InputIssue(
            f"{self.label}{plural} {rows}, between this case's {self.label}s, could not be "
            f"read (see the error of that {self.label}), so the case is not checked as if it "
            "were complete",
            source=self.source,
            case_id=group.case_id,
            location=location,
            field="case_id",
            expected=f"every {self.label} of the case readable and carrying its case_id",
        )

    def fail(
        self,
        group: _Group,
        location: str,
        header: str | None,
        value: object,
        message: str,
        expected: str,
    ) -> None:
        group.issues.append(
            InputIssue(
                message,
                source=self.source,
                case_id=group.case_id,
                location=location,
                field=header,
                value=None if value is None else str(value),
                expected=expected,
            )
        )

    def event(self, group: _Group, number: int, values: dict[str, tuple[str, object]]) -> None:
        location = self.ids.place(number, 0)
        header, raw_type = values.pop("type", ("type", None))
        # only text names an event type: ["stage_response"] is no more one than 5 is
        event_type = column_name(raw_type) if isinstance(raw_type, str) else None
        if event_type not in EVENT_FIELDS:
            if isinstance(raw_type, UncachedFormula):
                why = raw_type.problem
            else:
                why = "unknown event type" if raw_type is not None else "the row has no type"
            self.fail(
                group,
                location,
                header,
                raw_type,
                why,
                one_of(event_type or "", EVENT_TYPES),
            )
            event_type = None
        if "date" not in values:
            self.fail(
                group,
                location,
                "date",
                None,
                "the event has no date",
                "the date the event happened",
            )
        event: dict[str, Any] = {}
        renamed: list[tuple[str, str]] = []  # usually none: a long log's headers are its fields
        for name, (header, raw) in values.items():
            if header != name:
                renamed.append((name, header))
            if name in self.case_readers:
                self.case_value(group, number, name, header, raw)
            elif event_type is not None and name in EVENT_FIELDS[event_type]:
                try:
                    value = self.event_readers[(event_type, name)](raw)
                except CellError as exc:
                    self.fail(group, location, header, raw, exc.message, exc.expected)
                    continue
                if value is WITHDRAWN:
                    group.withdrawn.append((number, header))
                elif value is not BLANK:  # a date that says the event has not happened
                    event[name] = value  # leaves the row with no event (see below)
            elif name in _EVENT_COLUMNS:
                if event_type is not None:
                    allowed = [f for f in EVENT_FIELDS[event_type] if f != "date"]
                    self.fail(
                        group,
                        location,
                        header,
                        raw,
                        f"a {event_type} event has no {name} field",
                        f"this cell blank; {event_type} takes {', '.join(allowed)}",
                    )
            else:
                hint = suggest(name, _KNOWN_COLUMNS)
                self.fail(
                    group,
                    location,
                    header,
                    raw,
                    f"unknown column {header!r}",
                    "a field of the case format (see docs/logs.md), or the column removed"
                    + (f"; did you mean {quoted(hint)}?" if hint else ""),
                )
        if event_type is not None and "date" in event:
            group.events.append({"date": event.pop("date"), "type": event_type, **event})
            group.places.append((number, tuple(renamed)))

    def case_value(self, group: _Group, number: int, name: str, header: str, raw: object) -> None:
        location = self.ids.place(number, 0)
        try:
            value = self.case_readers[name](raw)
        except CellError as exc:
            self.fail(group, location, header, raw, exc.message, exc.expected)
            return
        if value is BLANK or value is WITHDRAWN:
            if value is WITHDRAWN:
                group.withdrawn.append((number, header))
            return
        earlier = group.case.setdefault(name, (value, number, header))
        if earlier[0] != value:
            self.fail(
                group,
                location,
                header,
                raw,
                f"disagrees with {name} {earlier[0]!r} on {self.ids.place(earlier[1], 0)}",
                f"the same {name} on every {self.label} of the case, or blank",
            )


def _rows_without(label: str, first: int, last: int, rejected: list[int]) -> str:
    """The rows ``first``..``last`` less the ``rejected`` ones: "rows 2, 4-6"."""
    runs: list[str] = []
    start = first
    for number in [*sorted(rejected), last + 1]:
        if number > start:
            runs.append(str(start) if number - 1 == start else f"{start}-{number - 1}")
        start = number + 1
    return f"{label}s " + ", ".join(runs)
