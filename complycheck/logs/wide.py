"""Turn one row of a wide export (one row per complaint) into a case.

The mapping is compiled against the header row once per file into a :class:`WidePlan`:
column positions, one converter per column, constants already converted. Reading a row is
then a walk over that plan with no header look-ups, a few microseconds a row.

Per row: an event whose date cell is blank is absent. The other cells of an absent event
(the officer of a response not yet sent, the outcome of an open complaint) wait for it:
they are read, so an unreadable one is still reported, but an open complaint is a
complaint, not an input error. A cell that is no value of its kind but says something
("N/A", "TBC", "Withdrawn") is read through the value map (:mod:`.cells`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ..dates import parse_partial_date
from ..errors import InputIssue, quoted, suggest
from ..ids import InputIds
from ..inputs import Place, RawCase
from .cells import (
    BLANK,
    WITHDRAWN,
    CellError,
    Converter,
    DateReader,
    ValueMap,
    clean,
    converter_for,
    read_id,
    value_key,
)
from .coverage import Unrecorded, not_recorded
from .fields import CASE_FIELDS, EVENT_FIELDS, FieldKind
from .mapping import Column, Constant, Source, WideMapping, header_key
from .sources import RowProblem

__all__ = ["WidePlan", "compile_plan", "plan_headers"]


@dataclass(frozen=True, slots=True)
class _Cell:
    """One field read from one column."""

    field: str
    index: int
    header: str
    read: Converter
    #: what a cell its reader refuses may mean instead ("N/A": blank), by value_key
    values: dict[str, object]
    #: a text column: its cells are looked up in ``values`` even when readable as text
    is_text: bool


#: Each field's source in a row, for locating validation's errors: a column's header, or
#: for a constant, that the mapping gave it. Built once per plan and shared by its rows.
_Columns = tuple[tuple[str, str], ...]
#: Rows whose events come from the same columns share one tuple of their places, so
#: that what goes to a ``--jobs`` worker with each case is little more than a row number.
#: A log has few such shapes; past this many, a rare one is built for its row alone.
_SHAPES_LIMIT = 256


def _columns(cells: Sequence[_Cell], constants: dict[str, object]) -> _Columns:
    """Where each field of these cells and constants is read from, once per plan."""
    return (
        *((cell.field, cell.header) for cell in cells),
        *((name, _constant(name)) for name in constants),
    )


def _constant(field: str) -> str:
    """Where a value the mapping gives every row came from, in place of a column."""
    return f"{field} (a constant of the mapping)"


@dataclass(frozen=True, slots=True)
class _Event:
    type: str
    date: _Cell | None  # None: an extension with no date column (see _RowReader.undated)
    constants: dict[str, object]
    cells: tuple[_Cell, ...]
    is_response: bool  # a stage_response, which final_response columns may go on
    columns: _Columns  # of its date and fields
    happened: _Cell | None = None  # "Extension agreed (Y/N)"


@dataclass(frozen=True, slots=True)
class WidePlan:
    """A mapping bound to one header row: read rows with :meth:`read`."""

    source: str
    label: str  # what the log counts: "row" in a spreadsheet, "line" in JSON lines
    id: _Cell
    case_cells: tuple[_Cell, ...]
    case_constants: dict[str, object]
    events: tuple[_Event, ...]
    final_cells: tuple[_Cell, ...]
    final_constants: dict[str, object]
    width: int
    dates: DateReader
    #: the date cells of the complaint itself: a row with all of them blank is no complaint
    received: tuple[_Cell, ...]
    #: steps the log has no column for, each with the events that make it due in a row
    not_recorded: tuple[Unrecorded, ...]
    #: headers of the columns the mapping does not use
    unplaced: tuple[str, ...]
    case_places: tuple[Place, ...]  # of the id and the case's own fields, on the row read
    #: the places of a row's events, by which of ``events`` the row has (see _SHAPES_LIMIT)
    shapes: dict[tuple[int, ...], tuple[Place, ...]]
    #: (position, header) of those columns: their cells are passed through with each case
    unused: tuple[tuple[int, str], ...] = ()

    def read(
        self,
        cells: Sequence[object],
        number: int,
        ids: InputIds,
        problems: tuple[RowProblem, ...] = (),
    ) -> RawCase:
        """The case in row ``number``, or ``data=None`` with every problem found in the row.

        ``ids`` holds the ids read so far: a second row with the same id is an error, since
        a wide log has one row per complaint.
        """
        reader = _RowReader(self, cells, number, ids.place(number, 0), problems)
        return ids.admit(reader.case(), reader.case_id, number)


class _Binder:
    """Binds a mapping's columns to positions in one header row, collecting problems."""

    def __init__(
        self,
        mapping: WideMapping,
        headers: Sequence[str],
        source: str,
        location: str,
        dates: DateReader,
        *,
        strict: bool,
    ) -> None:
        self.mapping = mapping
        self.values = ValueMap(mapping.values)
        self.used: set[int] = set()
        self.headers = list(headers)
        self.source = source
        self.location = location
        self.dates = dates
        self.strict = strict
        self.issues: list[InputIssue] = []
        self.exact: dict[str, list[int]] = {}
        self.loose: dict[str, list[int]] = {}
        for index, header in enumerate(self.headers):
            if header:
                self.exact.setdefault(header, []).append(index)
                self.loose.setdefault(header_key(header), []).append(index)

    def position(self, column: Column) -> int | None:
        found = self.exact.get(column.header) or self.loose.get(header_key(column.header), [])
        if len(found) == 1:
            return found[0]
        if found:
            self.issues.append(
                InputIssue(
                    f"{len(found)} columns are headed {column.header!r} "
                    f"(columns {', '.join(str(i + 1) for i in found)})",
                    source=self.source,
                    location=self.location,
                    field=column.header,
                    expected="each column the mapping uses to appear once; rename one of them",
                )
            )
        elif self.strict:
            hint = suggest(column.header, [h for h in self.headers if h])
            self.issues.append(
                InputIssue(
                    f"{self.mapping.origin} names a column {column.header!r} "
                    "that is not in the file",
                    source=self.source,
                    location=self.location,
                    field=column.header,
                    expected="one of the headers: "
                    + ", ".join(repr(h) for h in self.headers if h)
                    + (f"; did you mean {quoted(hint)}?" if hint else ""),
                )
            )
        return None

    def cell(self, field: str, column: Column, kind: FieldKind) -> _Cell | None:
        index = self.position(column)
        if index is None:
            return None
        self.used.add(index)
        values = self.values.group(kind)
        is_text = kind.name in ("text", "texts") and bool(values)
        read = converter_for(kind, self.dates)
        return _Cell(field, index, self.headers[index], read, values, is_text)

    def constant(self, field: str, value: object, kind: FieldKind, where: str | None) -> object:
        try:
            value = converter_for(kind, self.dates)(clean(value))
        except CellError as exc:
            self.issues.append(
                InputIssue(
                    f"the constant for {field} cannot be used: {exc.message}",
                    source=self.mapping.origin,
                    location=where,
                    field=field,
                    value=str(value),
                    expected=exc.expected,
                )
            )
            return None
        # every case gets this value: a tuple, so no case can change another's list
        return tuple(value) if isinstance(value, list) else value

    def split(
        self, sources: Sequence[tuple[str, Source]], kinds: dict[str, FieldKind], where: str | None
    ) -> tuple[tuple[_Cell, ...], dict[str, object]]:
        cells: list[_Cell] = []
        constants: dict[str, object] = {}
        for field, source in sources:
            if isinstance(source, Constant):
                constants[field] = self.constant(field, source.value, kinds[field], where)
            elif (cell := self.cell(field, source, kinds[field])) is not None:
                cells.append(cell)
        return tuple(cells), constants


#: The fields that give an extension its length: one filled in means there was one.
_LENGTHS = frozenset({"new_due_date", "extra_working_days"})
#: The date of an undated extension until the row's other events are read.
_WITHIN_STAGE = object()
#: How long an open stage may run, for the span of an undated extension in it.
_OPEN_STAGE = timedelta(days=365)


def _last_day(records: Iterable[dict[str, Any]]) -> date | None:
    """The latest day any of these events could be (their dates as read: ISO text)."""
    days = []
    for record in records:
        text = record.get("date")
        if isinstance(text, str):
            try:
                days.append(parse_partial_date(text).latest)
            except ValueError:
                continue
    return max(days) if days else None


def plan_headers(plan: WidePlan) -> list[str]:
    """Every header of the row the plan was bound to that the plan reads."""
    cells = [plan.id, *plan.case_cells, *plan.final_cells]
    for event in plan.events:
        cells.extend(cell for cell in (event.date, event.happened) if cell is not None)
        cells.extend(event.cells)
    return [cell.header for cell in cells]


def compile_plan(
    mapping: WideMapping,
    headers: Sequence[str],
    *,
    source: str,
    label: str,
    location: str,
    dates: DateReader,
    strict: bool = True,
    unrecorded: Sequence[Unrecorded] | None = None,
) -> WidePlan | list[InputIssue]:
    """Bind ``mapping`` to ``headers``, or say why it cannot be.

    ``strict``: a column the mapping names must be in the header row (a spreadsheet has
    every column on every row, so a missing one is a typo). JSON lines leave out null keys,
    so there a missing key is a blank cell instead, and only the id is required. ``label``:
    what the log counts its rows as ("row", "line"), to locate the cases' errors.
    ``unrecorded``: the steps the log does not record (:mod:`.coverage`); by default those
    the mapping has no column for, its columns being all the log has. JSON lines read with
    the default mapping bind a plan per set of keys, and give those of the whole log.
    """
    binder = _Binder(mapping, headers, source, location, dates, strict=strict)
    id_cell = binder.cell("id", mapping.id, CASE_FIELDS["id"])
    if id_cell is None and not binder.issues:
        binder.issues.append(
            InputIssue(
                f"there is no {mapping.id.header!r} holding the complaint reference",
                source=source,
                location=location,
                field=mapping.id.header,
                expected=f"every complaint to have a {mapping.id.header!r}",
            )
        )
    case_cells, case_constants = binder.split(mapping.case, CASE_FIELDS, None)
    events: list[_Event] = []
    for event in mapping.events:
        kinds = EVENT_FIELDS[event.type]
        cells, constants = binder.split(event.fields, kinds, event.where)
        if event.date is not None:
            date = binder.cell("date", event.date, kinds["date"])
            if date is not None:
                is_response = event.type == "stage_response"
                columns = _columns((date, *cells), constants)
                events.append(_Event(event.type, date, constants, cells, is_response, columns))
            continue
        happened = (
            binder.cell("happened", event.happened, FieldKind("bool"))
            if event.happened is not None
            else None
        )
        if happened is not None or any(cell.field in _LENGTHS for cell in cells):
            # a date error of such an event is located at the column that made it
            said = (("date", happened.header),) if happened is not None else ()
            columns = (*said, *_columns(cells, constants))
            events.append(_Event(event.type, None, constants, cells, False, columns, happened))
    final_cells, final_constants = binder.split(
        mapping.final_response, EVENT_FIELDS["stage_response"], "final_response"
    )
    if binder.issues or id_cell is None:
        return binder.issues
    return WidePlan(
        source,
        label,
        id_cell,
        case_cells,
        case_constants,
        tuple(events),
        final_cells,
        final_constants,
        len(headers),
        dates,
        tuple(e.date for e in events if e.type == "complaint_received" and e.date is not None),
        tuple(not_recorded(mapping) if unrecorded is None else unrecorded),
        tuple(h for i, h in enumerate(headers) if h and i not in binder.used),
        ((0, _columns((id_cell, *case_cells), case_constants)),),
        {},
        tuple((i, h) for i, h in enumerate(headers) if h and i not in binder.used),
    )


class _RowReader:
    """Reads one row against a plan.

    The loops in :meth:`case` run for every cell of every row, so they strip and test cells
    inline and only call out to build an issue; that keeps a row at a few microseconds.
    """

    __slots__ = ("case_id", "cells", "issues", "location", "number", "plan", "withdrawn")

    def __init__(
        self,
        plan: WidePlan,
        cells: Sequence[object],
        number: int,
        location: str,
        problems: tuple[RowProblem, ...],
    ) -> None:
        self.plan = plan
        self.number = number
        self.location = location
        self.issues: list[InputIssue] = []
        self.withdrawn: list[str] = []  # headers of cells that say the complaint was withdrawn
        if len(cells) < plan.width:
            cells = [*cells, *([None] * (plan.width - len(cells)))]
        self.cells = cells
        raw_id = cells[plan.id.index]
        if raw_id.__class__ is str:
            self.case_id: str | None = raw_id.strip() or None
        else:
            try:
                self.case_id = read_id(raw_id) if raw_id is not None else None
            except CellError as exc:
                self.case_id = None
                self.fail(plan.id.header, raw_id, exc.message, "the complaint's reference")
        for problem in problems:
            self.fail(None, None, problem.message, problem.expected)

    def fail(self, header: str | None, value: object, message: str, expected: str) -> None:
        self.issues.append(
            InputIssue(
                message,
                source=self.plan.source,
                case_id=self.case_id,
                location=self.location,
                field=header,
                value=None if value is None else str(value),
                expected=expected,
            )
        )

    def fill(self, record: dict[str, Any], cells: tuple[_Cell, ...]) -> None:
        """Read ``cells`` into ``record``, skipping blanks and reporting bad values."""
        row = self.cells
        for cell in cells:
            raw = row[cell.index]
            if raw.__class__ is str:
                raw = raw.strip()
                if not raw:
                    continue
            elif raw is None:
                continue
            if cell.is_text and raw.__class__ is str:
                meant = cell.values.get(value_key(raw), raw)
                if meant is not BLANK:
                    record[cell.field] = meant
                continue
            try:
                record[cell.field] = cell.read(raw)
            except CellError as exc:
                meant = self.mapped(cell, raw)
                if meant is BLANK:
                    continue
                if meant is WITHDRAWN:
                    self.withdrawn.append(cell.header)
                    continue
                if meant is None:
                    self.fail(cell.header, raw, exc.message, exc.expected)
                    continue
                try:
                    record[cell.field] = cell.read(meant)
                except CellError as again:
                    self.fail(cell.header, raw, again.message, again.expected)

    def mapped(self, cell: _Cell, raw: object) -> object:
        """What the value map says a cell its reader refused means (``None``: nothing)."""
        if raw.__class__ is not str or not cell.values:
            return None
        return cell.values.get(value_key(raw))

    def waiting(self, cells: tuple[_Cell, ...]) -> None:
        """Cells of an event the row does not have yet (the officer of a response not yet
        sent, the outcome of an open complaint): they wait for it. They are read all the
        same, so that an unreadable one is still reported."""
        row = self.cells
        for cell in cells:
            raw = row[cell.index]
            if raw and (raw.__class__ is not str or not raw.isspace()):
                break
        else:
            return  # the common case: every cell blank
        self.fill({}, cells)

    def case(self) -> RawCase:
        plan = self.plan
        row = self.cells
        if self.case_id is None and clean(row[plan.id.index]) is None:
            self.fail(
                plan.id.header,
                None,
                "the row has no complaint reference",
                f"the complaint's reference in {plan.id.header!r}",
            )
        data: dict[str, Any] = {"id": self.case_id, **plan.case_constants}
        if plan.case_cells:
            self.fill(data, plan.case_cells)
        events: list[dict[str, Any]] = []
        used: list[int] = []  # which of the plan's events each of ``events`` was read by
        final: dict[str, Any] | None = None  # the last stage response of the highest stage
        final_at = 0
        read_text_date = plan.dates.text
        for index, event in enumerate(plan.events):
            date_cell = event.date
            if date_cell is None:
                undated = self.undated(event)
                if undated is not None:
                    events.append(undated)
                    used.append(index)
                continue
            raw = row[date_cell.index]
            if raw.__class__ is str:
                raw = raw.strip()
            if raw is None or raw == "":
                if event.cells:
                    undated = self.undated(event) if event.type == "extension_notified" else None
                    if undated is not None:  # its length is known, its date is not
                        events.append(undated)
                        used.append(index)
                    else:
                        self.waiting(event.cells)
                continue
            record: dict[str, Any] = {"date": None, "type": event.type, **event.constants}
            try:
                record["date"] = (
                    read_text_date(raw) if raw.__class__ is str else date_cell.read(raw)
                )
            except CellError as exc:
                meant = self.mapped(date_cell, raw)
                if meant is BLANK or meant is WITHDRAWN:
                    if meant is WITHDRAWN:
                        self.withdrawn.append(date_cell.header)
                    if event.cells:
                        self.waiting(event.cells)
                    continue
                self.fail(date_cell.header, raw, exc.message, exc.expected)
            if event.cells:
                self.fill(record, event.cells)
            events.append(record)
            used.append(index)
            if event.is_response and (
                final is None or int(record.get("stage") or 0) >= int(final.get("stage") or 0)
            ):
                final = record
                final_at = len(events) - 1
        for record in events:
            if record["date"] is _WITHIN_STAGE:
                record["date"] = self.within_stage(record, events)
        taken: _Columns = ()
        if plan.final_cells or plan.final_constants:
            taken = self.final_response(final)
        if plan.received and all(clean(row[cell.index]) is None for cell in plan.received):
            self.fail(
                plan.received[0].header,
                None,
                "is blank, but every complaint has the date it was received",
                "the date the complaint was received (a row per complaint)",
            )
        data["events"] = events
        if plan.not_recorded or self.withdrawn:
            unrecorded = self.not_recorded(events)
            if unrecorded:
                data["not_recorded"] = unrecorded
        passthrough = tuple((header, row[index]) for index, header in plan.unused)
        if self.issues:
            return RawCase(plan.source, self.location, None, tuple(self.issues), None, passthrough)
        origin = (plan.label, self.number, plan.case_places, self.places(used, final_at, taken))
        return RawCase(plan.source, self.location, data, (), origin, passthrough)

    def undated(self, event: _Event) -> dict[str, Any] | None:
        """An extension with no date (no date column, or a blank date cell): there is one
        when its ``happened`` column says yes, or (with no such column, or a blank one)
        when its length is filled in (not 0). Its date is then some day within its stage
        (:meth:`within_stage`)."""
        said: bool | None = None
        if event.happened is not None:
            found: dict[str, Any] = {}
            self.fill(found, (event.happened,))
            said = found.get("happened")
        fields: dict[str, Any] = {}
        self.fill(fields, event.cells)
        length = next((c for c in event.cells if c.field in _LENGTHS and fields.get(c.field)), None)
        if said is False:
            if length is not None and event.happened is not None:
                self.fail(
                    length.header,
                    self.cells[length.index],
                    f"has a value but {event.happened.header!r} says there was no extension",
                    "the two columns to agree",
                )
            return None
        if said is None and length is None:
            return None
        if length is None and event.happened is not None:
            columns = [repr(c.header) for c in event.cells if c.field in _LENGTHS]
            self.fail(
                event.happened.header,
                self.cells[event.happened.index],
                "says there was an extension, but "
                + (
                    f"{' and '.join(columns)} {'is' if len(columns) == 1 else 'are'} blank"
                    if columns
                    else "the log has no column for how long it was"
                ),
                "the revised target date or the number of extra working days",
            )
            return None
        return {"date": _WITHIN_STAGE, "type": event.type, **event.constants, **fields}

    def within_stage(self, record: dict[str, Any], events: list[dict[str, Any]]) -> str | None:
        """The span of days an undated extension fell in: from the start of its stage (the
        complaint, or the escalation request) to the stage's response, else to its new due
        date, else to a year after the stage began (an open complaint)."""
        stage = record.get("stage")
        starts = ("complaint_received",) if stage == 1 else ("escalation_requested",)
        start = _last_day(e for e in events if e["type"] in starts)
        if start is None and stage != 1:
            start = _last_day(
                e for e in events if e["type"] == "stage_response" and e.get("stage") == 1
            )
        if start is None:
            return None  # the row's own error (no date received, no escalation) says why
        end = _last_day(
            e for e in events if e["type"] == "stage_response" and e.get("stage") == stage
        )
        if end is None and isinstance(record.get("new_due_date"), str):
            end = date.fromisoformat(record["new_due_date"])
        if end is None or end < start:
            end = max(start + _OPEN_STAGE, end or start)
        return f"{start.isoformat()}/{end.isoformat()}"

    def not_recorded(self, events: list[dict[str, Any]]) -> list[dict[str, object]]:
        """The steps this row's log does not record; and when a cell says "Withdrawn" but
        the row has no date of withdrawal, that the withdrawal's date is not recorded
        (docs/logs.md, "Withdrawn"), which leaves open any step it may have stopped."""
        steps = {(event["type"], str(event.get("stage"))) for event in events}
        found = [dict(item) for item, due in self.plan.not_recorded if due & steps]
        if self.withdrawn and not any(e["type"] == "complaint_withdrawn" for e in events):
            headers = list(dict.fromkeys(self.withdrawn))
            cells = " and ".join(repr(header) for header in headers)
            says = "says" if len(headers) == 1 else "say"
            found.append(
                {
                    "event": "complaint_withdrawn",
                    "note": f"{cells} {says} the complaint was withdrawn, but not when",
                }
            )
        return found

    def places(self, used: list[int], final_at: int, taken: _Columns) -> tuple[Place, ...]:
        """Where each event of the row was read (all on the row: row 0 in a place)."""
        plan = self.plan
        shape = tuple(used)
        places = plan.shapes.get(shape)
        if places is None:
            places = tuple((0, plan.events[index].columns) for index in used)
            if len(plan.shapes) < _SHAPES_LIMIT:
                plan.shapes[shape] = places
        if taken:  # the final response holds values from the outcome columns too
            final: Place = (0, plan.events[used[final_at]].columns + taken)
            places = (*places[:final_at], final, *places[final_at + 1 :])
        return places

    def final_response(self, target: dict[str, Any] | None) -> _Columns:
        """Outcome columns go on the row's last stage response (highest stage).

        Returns where each value put on it came from: whether the response's own column or
        an outcome column gave a field depends on which was filled in this row.
        """
        plan = self.plan
        if target is None:
            self.waiting(plan.final_cells)
            return ()
        taken: list[tuple[str, str]] = []
        for field, constant in plan.final_constants.items():
            if field not in target:
                target[field] = constant
                taken.append((field, _constant(field)))
        found: dict[str, Any] = {}
        self.fill(found, plan.final_cells)
        for cell in plan.final_cells:
            if cell.field not in found:
                continue
            value = found[cell.field]
            if cell.field not in target:
                target[cell.field] = value
                taken.append((cell.field, cell.header))
            elif target[cell.field] != value:
                self.fail(
                    cell.header,
                    self.cells[cell.index],
                    f"disagrees with the stage {target.get('stage')} response's "
                    f"{cell.field} ({target[cell.field]!r}) read from another column",
                    "the two columns to agree, or one of them blank",
                )
        return tuple(taken)
