"""Turn a raw case mapping into a :class:`Case`, or into located, readable input issues.

Both the YAML/JSON loader and the log readers end here, so an error reads the same
whichever way the case came in: ``events[3].date: '2023-02-30' is not a real date``.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from .errors import InputIssue
from .inputs import id_text
from .models import EVENT_CLASSES, EVENT_TYPES, Case

_CASE_FIELDS = tuple(name for name in Case.model_fields)


def validate_case(
    data: Any, *, source: str | None = None, location: str | None = None
) -> Case | list[InputIssue]:
    """Validate one case; never raises for bad input, returns every issue instead."""
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
            _issue(error, data, source=source, location=location, case_id=case_id)
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
) -> InputIssue:
    loc = tuple(error["loc"])
    kind = error["type"]
    field = field_path(loc) or None
    value = _value_at(data, tuple(p for p in loc if p not in EVENT_TYPES))
    shown = None if value is None or isinstance(value, (dict, list)) else str(value)
    common = {"source": source, "location": location, "case_id": case_id, "field": field}
    if kind == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag", value))
        close = difflib.get_close_matches(tag, EVENT_TYPES, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return InputIssue(
            f"unknown event type {tag!r}",
            **common | {"field": f"{field}.type" if field else "type"},
            expected=f"{hint}one of {', '.join(EVENT_TYPES)}",
        )
    if kind == "union_tag_not_found":
        return InputIssue(
            "event has no type",
            **common,
            expected=f"a 'type' field, one of {', '.join(EVENT_TYPES)}",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_fields(data, loc)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return InputIssue(
            f"unknown field {name!r}",
            **common,
            value=shown,
            expected=f"{hint}one of {', '.join(allowed)}" if allowed else None,
        )
    if kind == "missing":
        return InputIssue("required field is missing", **common)
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        return InputIssue("value not allowed", **common, value=shown, expected=expected)
    return InputIssue(message, **common, value=shown)


def _allowed_fields(data: dict[str, Any], loc: tuple[Any, ...]) -> list[str]:
    if len(loc) == 1:
        return list(_CASE_FIELDS)
    if len(loc) >= 3 and loc[0] == "events" and loc[2] in EVENT_TYPES:
        return list(EVENT_CLASSES[str(loc[2])].model_fields)
    return []
