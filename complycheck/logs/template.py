"""Start a mapping file for a wide export, so a landlord edits one rather than writes one.

The template is the default mapping applied to the export's own header row, written out
as YAML: what it recognised filled in, what it could not place listed as comments (headers
no spelling matched, headers matched twice, columns of an event with no date column).
Loading the template unchanged reads the log exactly as the default mapping does.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..errors import InputError, InputIssue
from .long import is_long
from .mapping import (
    Column,
    Constant,
    EventMap,
    Resolution,
    Source,
    describe_slot,
    resolve_default,
)
from .reader import header_test
from .sources import SourceError, log_format, open_jsonl, open_table

__all__ = ["write_mapping_template"]

#: JSON lines have no header row: the keys of this many lines stand for one.
JSON_LINES_SAMPLED = 100

_PREAMBLE = """\
# complycheck mapping for {name}, written by `complycheck mapping init`.
#
# It says which column of the export holds what. The rule for values:
#   - text in quotes names a column, by its header ("Date received");
#   - a number or true/false is a constant: stage: 1 means "this event is at stage 1";
#   - {{value: "..."}} is a text constant, {{column: "..."}} names a column explicitly.
# An event is left out of a case when its date cell is blank.
# final_response columns describe the outcome: they go on the case's last stage response.
# Check every line against the export, then read the log with --mapping and this file.
"""


def write_mapping_template(
    log_path: Path, out: TextIO, *, sheet: str | None = None, header_row: int | None = None
) -> list[str]:
    """Write a starting mapping for the wide log at ``log_path`` to ``out``.

    Returns what the user must fix before the mapping can be used (no column recognised as
    the complaint reference), so that it is said, not only written as a comment. Raises
    :class:`InputError` when the log cannot be read, or is a long log (which needs no
    mapping).
    """
    headers = _headers(log_path, sheet, header_row)
    if is_long(headers):
        raise InputError(
            [
                InputIssue(
                    "this is a long log (it has case_id, type and date columns): "
                    "it needs no mapping",
                    source=str(log_path),
                    location="file",
                    expected="a wide export, one row per complaint",
                )
            ]
        )
    resolution = resolve_default(headers, origin=str(log_path))
    out.write(_PREAMBLE.format(name=log_path.name))
    out.write("\n")
    out.write(_render(resolution))
    if resolution.mapping is not None:
        return []
    return [
        f"{log_path}: no column was recognised as the complaint reference, so the mapping's "
        "id is empty: put the header of that column there before using it (headers: "
        + ", ".join(repr(header) for header in headers if header)
        + ")"
    ]


def _headers(log_path: Path, sheet: str | None, header_row: int | None) -> list[str]:
    try:
        if log_format(log_path) != "jsonl":
            is_header = header_test(None)
            with open_table(log_path, sheet, header_row=header_row, is_header=is_header) as table:
                return table.headers
        keys: dict[str, None] = {}
        with open_jsonl(log_path) as lines:
            sampled = 0
            for _, value, _ in lines:
                if value is not None and "events" not in value:
                    keys.update(dict.fromkeys(value))
                    sampled += 1
                    if sampled == JSON_LINES_SAMPLED:
                        break
        return list(keys)
    except SourceError as exc:
        raise InputError([exc.issue]) from None


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _value(source: Source) -> str:
    if isinstance(source, Column):
        return _quote(source.header)
    value = source.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _render(resolution: Resolution) -> str:
    alternatives = {headers[0]: headers[1:] for _, headers in resolution.ambiguous}

    def note(sources: Sequence[Source]) -> str:
        others = [
            other
            for source in sources
            if isinstance(source, Column)
            for other in alternatives.get(source.header, ())
        ]
        if not others:
            return ""
        return "  # or " + ", ".join(_quote(other) for other in others) + ": keep one"

    lines: list[str] = []
    mapping = resolution.mapping
    if mapping is None:
        lines.append('id: ""  # no header matched: put the complaint reference column here')
        events: tuple[EventMap, ...] = ()
    else:
        lines.append(f"id: {_quote(mapping.id.header)}{note([mapping.id])}")
        lines.extend(f"{name}: {_value(source)}{note([source])}" for name, source in mapping.case)
        events = mapping.events
    lines.append("")
    if events:
        lines.append("events:")
        for event in events:
            parts = [f"type: {event.type}"]
            parts += [f"{name}: {_value(s)}" for name, s in event.fields if isinstance(s, Constant)]
            if event.date is not None:
                parts.append(f"date: {_quote(event.date.header)}")
            if event.happened is not None:
                parts.append(f"happened: {_quote(event.happened.header)}")
            parts += [f"{name}: {_value(s)}" for name, s in event.fields if isinstance(s, Column)]
            stage = dict(event.fields).get("stage")
            if event.type == "extension_notified" and stage == Constant(1):
                lines.append("  # stage 1: change it if these columns record stage 2 extensions")
            if event.date is None:
                lines.append("  # no date column: its date is some day within the stage")
            dated = [column for column in (event.date, event.happened) if column is not None]
            comment = note([*dated, *(source for _, source in event.fields)])
            lines.append("  - {" + ", ".join(parts) + "}" + comment)
    else:
        lines.append("events: []  # no date column matched: add one entry per event column")
    if mapping is not None and mapping.final_response:
        fields = ", ".join(f"{name}: {_value(s)}" for name, s in mapping.final_response)
        lines.append("")
        lines.append(
            "final_response: {"
            + fields
            + "}"
            + note([source for _, source in mapping.final_response])
        )
    if resolution.dateless:
        lines.append("")
        lines.append("# Columns of an event whose date column was not found (add its date above):")
        lines.extend(
            f"#   {_quote(header)}: {describe_slot(slot)}" for header, slot in resolution.dateless
        )
    if resolution.unmatched:
        lines.append("")
        lines.append("# Columns not used (map any that record a step of the complaint):")
        lines.extend(f"#   {_quote(header)}" for header in resolution.unmatched)
    return "\n".join(lines) + "\n"
