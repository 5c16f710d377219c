"""Turn a raw case mapping into a :class:`Case`, or into located, readable input issues.

Both the YAML/JSON loader and the log readers end here. A case file's errors are located
by the contract's path (``events[3].date: '2023-02-30' is not a real date``), which is
where its author finds them. A log's user finds a value by row and column instead, so for a
case read from a log (one with an :data:`~complycheck.inputs.Origin`) the path is turned
into the row and the column header as written, the form the log readers' own errors take:
``row 14: case CMP-1: Stage 2 compensation: ...``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from .errors import ExpectedValueError, InputIssue, one_of, quoted, shown
from .ids import Span
from .inputs import Origin, Place, id_text
from .models import EVENT_CLASSES, EVENT_TYPES, Case

_CASE_FIELDS = tuple(name for name in Case.model_fields)
#: how the case's own validator names the event at fault at the start of its message
_EVENT_NAMED = re.compile(r"events\[(\d+)\](?:\.(\w+))?: ")
#: and the events at fault within it ("found 2 (events [0, 3])")
_EVENTS_LISTED = re.compile(r"events \[(\d+(?:, \d+)*)\]")


def validate_case(
    data: Any,
    *,
    source: str | None = None,
    location: str | None = None,
    origin: Origin | None = None,
) -> Case | list[InputIssue]:
    """Validate one case; never raises for bad input, returns every issue instead.

    ``origin``: where a case read from a log was read, to locate its issues by row and
    column rather than by the contract's path.
    """
    if not isinstance(data, dict):
        return [
            InputIssue(
                "a case must be a mapping with id and events",
                source=source,
                location=location,
                value=type(data).__name__,
                expected="a mapping such as {id: ..., events: [...]}",
            )
        ]
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        case_id = id_text(data.get("id"))
        return [
            _issue(error, data, source=source, location=location, case_id=case_id, origin=origin)
            for error in exc.errors(include_url=False)
        ]


def field_path(loc: tuple[Any, ...]) -> str:
    """pydantic's ``('events', 3, 'stage_response', 'stage')`` → ``events[3].stage``."""
    parts: list[str] = []
    skip_tag = False
    for index, part in enumerate(loc):
        if skip_tag:
            skip_tag = False
            continue
        if isinstance(part, int):
            parts.append(f"[{part}]")
            # after an event index pydantic names the union member; it is not a field
            if index + 1 < len(loc) and loc[index + 1] in EVENT_TYPES:
                skip_tag = True
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts)


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and part < len(current)
        ):
            current = current[part]
        else:
            return None
    return current


def _issue(
    error: Any,
    data: dict[str, Any],
    *,
    source: str | None,
    location: str | None,
    case_id: str | None,
    origin: Origin | None,
) -> InputIssue:
    loc = tuple(error["loc"])
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if origin is not None and not loc and (named := _EVENT_NAMED.match(message)):
        # the case's validator names the event in its message; a log names it by row
        loc = ("events", int(named[1])) + ((named[2],) if named[2] else ())
        message = message[named.end() :]
    if origin is not None and not loc:
        message = _EVENTS_LISTED.sub(lambda listed: _rows_of(origin, listed[1]), message)
    field = field_path(loc) or None
    path = tuple(p for p in loc if p not in EVENT_TYPES)
    value = _value_at(data, path)
    shown_value = None if value is None or isinstance(value, (dict, list)) else shown(value)
    common = {"source": source, "location": location, "case_id": case_id, "field": field}
    if origin is not None and (found := _read_at(origin, path)) is not None:
        common["location"], common["field"] = found
    if kind == "union_tag_invalid":
        tag = error.get("ctx", {}).get("tag", value)
        return InputIssue(
            f"unknown event type {quoted(tag)}",
            **common | {"field": f"{field}.type" if field else "type"},
            expected=one_of(shown(tag), EVENT_TYPES),
        )
    if kind == "union_tag_not_found":
        return InputIssue(
            "event has no type",
            **common,
            expected=f"a 'type' field, one of {', '.join(EVENT_TYPES)}",
        )
    if kind == "extra_forbidden":
        name = loc[-1]
        allowed = _allowed_fields(data, loc)
        return InputIssue(
            f"unknown field {quoted(name)}",
            **common,
            value=shown_value,
            expected=one_of(shown(name), allowed) if allowed else None,
        )
    if kind == "missing":
        return InputIssue("required field is missing", **common)
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        return InputIssue("value not allowed", **common, value=shown_value, expected=expected)
    reason = error.get("ctx", {}).get("error")
    if isinstance(reason, ExpectedValueError):
        return InputIssue(message, **common, value=shown_value, expected=reason.expected)
    return InputIssue(message, **common, value=shown_value)


def _allowed_fields(data: dict[str, Any], loc: tuple[Any, ...]) -> list[str]:
    if len(loc) == 1:
        return list(_CASE_FIELDS)
    if len(loc) >= 3 and loc[0] == "events" and loc[2] in EVENT_TYPES:
        return list(EVENT_CLASSES[str(loc[2])].model_fields)
    return []


def _read_at(origin: Origin, path: tuple[Any, ...]) -> tuple[str, str | None] | None:
    """Where in a log the value at ``path`` (``("events", 2, "stage")``) was read: the row,
    and the column's header as written (none for an event as a whole), if it is known."""
    label, case_row, case_places, event_places = origin
    if path[:1] == ("events",) and len(path) > 1 and isinstance(path[1], int):
        if path[1] >= len(event_places):
            return None
        row, columns = event_places[path[1]]
        name = path[2] if len(path) > 2 else None
    elif path and (place := _place_of(case_places, path[0])) is not None:
        row, columns = place
        name = path[0]
    else:
        return None
    header = dict(columns).get(name, name) if isinstance(name, str) else None
    return Span(label)(row or case_row, 0), header


def _rows_of(origin: Origin, indexes: str) -> str:
    """The events listed as ``"0, 3"`` as a log's user finds them: by row ("rows 2, 5")
    in a long log, by the column of their dates ("columns 'Received', 'Reopened'") in a
    wide log, where they share one row."""
    label, _, _, event_places = origin
    places = [
        event_places[int(index)] for index in indexes.split(", ") if int(index) < len(event_places)
    ]
    if len(places) != indexes.count(",") + 1:
        return f"events [{indexes}]"
    if all(row for row, _ in places):
        return f"{label}s " + ", ".join(str(row) for row, _ in places)
    return "columns " + ", ".join(repr(dict(columns).get("date", "date")) for _, columns in places)


def _place_of(places: tuple[Place, ...], name: object) -> Place | None:
    """The place of the case's own field ``name``, among places that list their fields."""
    return next((place for place in places if any(f == name for f, _ in place[1])), None)
