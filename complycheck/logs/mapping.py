"""Which column of a wide export is which case field or event: mapping files and defaults.

A wide export has one row per complaint and a date column per step. A mapping file (YAML)
says which column is which::

    id: "Complaint ref"
    landlord: "Landlord"
    events:
      - {type: complaint_received, date: "Date received", channel: "Channel"}
      - {type: stage_response, stage: 1, date: "Stage 1 response date", handler: "Stage 1 officer"}
    final_response: {apology: "Apology given"}

The rule for values: **a string names a column** (its header as written; case, spaces and
punctuation are forgiven when no header matches exactly); **a number or true/false is a
constant** (``stage: 1`` means "this event is at stage 1"). ``{column: "..."}`` names a
column explicitly, ``{value: ...}`` gives any constant, including text
(``channel: {value: email}``). ``type`` is always the event type. ``id`` and each event's
``date`` must be columns. ``final_response`` takes stage-response fields from columns that
describe the complaint's outcome rather than one stage ("Apology given"): they go on the
row's last stage response (stage 2 if it has one, else stage 1).

When no mapping file is given, :func:`resolve_default` matches headers against
:data:`DEFAULT_SPELLINGS`, ignoring case, spaces and punctuation ("Stage 1 response",
"stage-1 response" and "STAGE1RESPONSE" are one spelling; "one"/"two" read as 1/2).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node

from ..errors import InputError, InputIssue, one_of, quoted
from ..models import EVENT_CLASSES, EVENT_TYPES
from ..yaml_aliases import AliasExpansionError, BoundedAliases
from .cells import BLANK, WITHDRAWN
from .fields import CASE_FIELDS, EVENT_FIELDS

__all__ = [
    "DEFAULT_EVENTS",
    "DEFAULT_SPELLINGS",
    "FINAL_RESPONSE_FIELDS",
    "NOT_NEEDED",
    "Column",
    "Constant",
    "EventMap",
    "Resolution",
    "Source",
    "WideMapping",
    "default_header_keys",
    "header_key",
    "load_mapping",
    "mapping_headers",
    "nearest_slot",
    "parse_mapping",
    "resolve_default",
]


@dataclass(frozen=True, slots=True)
class Column:
    """A value read from the column with this header."""

    header: str


@dataclass(frozen=True, slots=True)
class Constant:
    """The same value for every row (``stage: 1``)."""

    value: object


Source = Column | Constant


@dataclass(frozen=True, slots=True)
class EventMap:
    """One event a row may hold: present when its date cell is filled.

    ``where`` locates it for messages: "events item 3" in a mapping file, or what the
    default mapping calls it ("the stage 1 response"). An extension may have no date
    column (``date`` None): it is then present when its ``happened`` column says yes
    ("Extension agreed (Y/N)"), or when its length is filled in, and its date is "some
    day within the stage" (docs/logs.md, "Extensions with no date").
    """

    type: str
    date: Column | None
    fields: tuple[tuple[str, Source], ...]
    where: str
    happened: Column | None = None


@dataclass(frozen=True, slots=True)
class WideMapping:
    """A whole mapping; ``origin`` is the mapping file, or "the default mapping"."""

    id: Column
    case: tuple[tuple[str, Source], ...]
    events: tuple[EventMap, ...]
    final_response: tuple[tuple[str, Source], ...]
    origin: str
    #: the mapping file's ``values:``, added to the default value map (group → cell → value)
    values: dict[str, dict[str, object]] = field(default_factory=dict)


#: Stage-response fields a ``final_response`` column may give.
FINAL_RESPONSE_FIELDS = tuple(
    name for name in EVENT_FIELDS["stage_response"] if name not in ("date", "stage")
)
_TOP_KEYS = (*CASE_FIELDS, "events", "final_response", "values")
#: What a ``values:`` entry of each group may map a cell to (besides ``blank``).
_VALUE_TARGETS = {
    "dates": "blank or withdrawn",
    "flags": "yes, no or blank",
    "amounts": "an amount such as 0 or 25.50, or blank",
    "numbers": "a whole number, or blank",
    "choices": "one of the column's values (such as not_upheld), withdrawn or blank",
    "text": "text, or blank",
}
#: For each event type, the fields besides its date that every such event must have.
_REQUIRED = {
    event_type: tuple(
        name
        for name, info in model.model_fields.items()
        if info.is_required() and name not in ("type", "date")
    )
    for event_type, model in EVENT_CLASSES.items()
}
_NUMBER_WORDS = {"one": "1", "two": "2"}


def header_key(header: str) -> str:
    """The comparison key of a header: lower case, letters and digits only."""
    words = re.findall(r"[a-z0-9]+", header.lower())
    return "".join(_NUMBER_WORDS.get(word, word) for word in words)


# --- mapping files --------------------------------------------------------------------


class _RefusedTagError(ConstructorError):
    """A value of a tag a mapping file cannot hold (see :class:`_MappingLoader`)."""


class _MappingLoader(BoundedAliases, yaml.SafeLoader):
    """Safe YAML that refuses a key given twice (YAML would keep the last one silently),
    values of the tags that are no column header, number, yes/no or list (``!!set``,
    ``!!binary``, ``!!omap``, ``!!pairs``), and bounds what aliases may repeat.

    Read as they are, such values slip through as constants (``channel: !!set {email}``
    gave every case the channel "{'email'}"), so each is refused where it is written.
    """

    def construct_refused(self, node: Node) -> Any:
        tag = node.tag.rsplit(":", 1)[-1]
        what = _REFUSED_TAGS[tag]
        raise _RefusedTagError(
            None,
            None,
            f"{what} (!!{tag}) is no column header, constant or list a mapping can use: "
            "write the header in quotes, a number, true/false, or a list",
            node.start_mark,
        )

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice",
                    key_node.start_mark,
                )
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


#: The tags of values a mapping file cannot hold, and what each would be.
_REFUSED_TAGS = {
    "set": "a set",
    "binary": "binary data",
    "omap": "an ordered mapping",
    "pairs": "a list of pairs",
}
for _tag in _REFUSED_TAGS:
    _MappingLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _MappingLoader.construct_refused)


def load_mapping(path: Path) -> WideMapping:
    """Read and check a mapping file; raises :class:`InputError` with every problem found."""
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(
            [InputIssue(f"cannot read the mapping file: {exc.strerror or exc}", source=origin)]
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                InputIssue(
                    f"the mapping file is not UTF-8 text (byte {exc.start})",
                    source=origin,
                    expected="a YAML file saved as UTF-8",
                )
            ]
        ) from None
    return parse_mapping(text, origin)


def parse_mapping(text: str, origin: str) -> WideMapping:
    """Read and check a mapping given as text (YAML, or JSON, which is YAML too) named
    ``origin``: what :func:`load_mapping` does once it has read the file."""
    try:
        document = yaml.load(text, Loader=_MappingLoader)
    except (ValueError, RecursionError) as exc:  # a tagged value (!!int abc), deep nesting
        problem = "it is nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(
            [
                InputIssue(
                    f"a value in the mapping file cannot be read: {problem}",
                    source=origin,
                    expected='a mapping such as  id: "Complaint ref"  with a list of events',
                )
            ]
        ) from None
    except AliasExpansionError as exc:
        raise InputError(
            [InputIssue(f"the mapping file cannot be read: {exc}", source=origin)]
        ) from None
    except _RefusedTagError as exc:
        mark = exc.problem_mark
        raise InputError(
            [
                InputIssue(
                    str(exc.problem),
                    source=origin,
                    location=f"line {mark.line + 1}, column {mark.column + 1}" if mark else None,
                    expected='a mapping such as  id: "Complaint ref"  with a list of events',
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            [
                InputIssue(
                    f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                    source=origin,
                    location=f"line {mark.line + 1}" if mark else None,
                    expected='a mapping such as  id: "Complaint ref"  with a list of events',
                )
            ]
        ) from None
    reader = _MappingReader(origin)
    mapping = reader.document(document)
    if reader.issues or mapping is None:
        raise InputError(reader.issues)
    return mapping


_SOURCE_FORMS = 'a column header in quotes, a number or true/false, {column: "..."} or {value: ...}'


class _MappingReader:
    """Checks a parsed mapping file, collecting every problem rather than stopping at one."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.issues: list[InputIssue] = []

    def problem(
        self,
        message: str,
        *,
        location: str | None = None,
        field: str | None = None,
        value: object = None,
        expected: str | None = None,
    ) -> None:
        shown = None if value is None else str(value)
        self.issues.append(
            InputIssue(
                message,
                source=self.origin,
                location=location,
                field=field,
                value=shown,
                expected=expected,
            )
        )

    def document(self, document: object) -> WideMapping | None:
        if not isinstance(document, dict):
            self.problem(
                "a mapping file must be a YAML mapping with id and events",
                expected='id: "Complaint ref" and events: [...]',
            )
            return None
        for key in document:
            if key not in _TOP_KEYS:
                self.problem(
                    f"unknown key {quoted(key)}",
                    field=str(key),
                    expected=_one_of(str(key), _TOP_KEYS),
                )
        id_column = self.column(document, "id", "the complaint reference", location=None)
        case = self.fields(
            {key: value for key, value in document.items() if key in CASE_FIELDS and key != "id"},
            CASE_FIELDS,
            location=None,
        )
        events = self.events(document.get("events"))
        final = self.fields(
            document.get("final_response", {}), FINAL_RESPONSE_FIELDS, location="final_response"
        )
        values = self.values(document.get("values", {}))
        if id_column is None:
            return None
        return WideMapping(id_column, case, events, final, self.origin, values)

    def values(self, value: object) -> dict[str, dict[str, object]]:
        """``values:``: by group, what a cell that is no value of its kind means."""
        example = 'values: {dates: {"Awaiting": blank}, flags: {"Partly": yes}}'
        if not isinstance(value, dict):
            self.problem("must be a mapping of groups", field="values", expected=example)
            return {}
        groups: dict[str, dict[str, object]] = {}
        for group, entries in value.items():
            if group not in _VALUE_TARGETS:
                self.problem(
                    f"unknown group {group!r}",
                    location="values",
                    field=str(group),
                    expected=_one_of(str(group), list(_VALUE_TARGETS)),
                )
                continue
            if not isinstance(entries, dict):
                self.problem(
                    "must map cell texts to what they mean",
                    location="values",
                    field=str(group),
                    expected=example,
                )
                continue
            read: dict[str, object] = {}
            for cell, meaning in entries.items():
                target = _value_target(str(group), meaning)
                if target is _INVALID or not isinstance(cell, (str, int, float)):
                    self.problem(
                        f"cannot map {cell!r} to {meaning!r}",
                        location=f"values: {group}",
                        field=str(cell),
                        value=meaning,
                        expected=_VALUE_TARGETS[str(group)],
                    )
                    continue
                read[str(cell)] = target
            groups[str(group)] = read
        return groups

    def column(
        self, entry: dict[Any, Any], name: str, holds: str, *, location: str | None
    ) -> Column | None:
        """A field that must come from a column (``id``, an event's ``date``)."""
        if name not in entry:
            self.problem(
                f"{name} is missing: which column holds {holds}?",
                location=location,
                field=name,
                expected=f'{name}: "<column header>"',
            )
            return None
        source = self.source(entry[name], name, location=location)
        if isinstance(source, Constant):
            self.problem(
                f"{name} must name a column, not be a constant",
                location=location,
                field=name,
                value=source.value,
                expected=f'{name}: "<column header>"',
            )
            return None
        return source

    def events(self, value: object) -> tuple[EventMap, ...]:
        if not isinstance(value, list) or not value:
            self.problem(
                "events must be a list of the events a row holds",
                field="events",
                expected='- {type: complaint_received, date: "Date received"}, ...',
            )
            return ()
        events: list[EventMap] = []
        for number, entry in enumerate(value, start=1):
            where = f"events item {number}"
            if not isinstance(entry, dict):
                self.problem(
                    "an event must be a mapping with type and date",
                    location=where,
                    expected='{type: complaint_received, date: "Date received"}',
                )
                continue
            event_type = entry.get("type")
            if event_type not in EVENT_TYPES:
                self.problem(
                    "unknown event type" if event_type else "the event has no type",
                    location=where,
                    field="type",
                    value=event_type,
                    expected=_one_of(str(event_type or ""), EVENT_TYPES),
                )
                continue
            allowed = [name for name in EVENT_FIELDS[event_type] if name != "date"]
            happened = None
            if "happened" in entry and event_type == "extension_notified":
                happened = self.column(entry, "happened", "whether it happened", location=where)
            date = (
                None
                if happened is not None and "date" not in entry
                else self.column(entry, "date", "the date of this event", location=where)
            )
            others = {
                key: item
                for key, item in entry.items()
                if key not in ("type", "date") and not (key == "happened" and happened)
            }
            fields = self.fields(others, allowed, location=where)
            for name in _REQUIRED[event_type]:
                if name not in others:  # else every row with this date would be refused
                    self.problem(
                        f"a {event_type} event needs {name}",
                        location=where,
                        field=name,
                        expected=f"{name} as a constant (such as {name}: 1) or a column "
                        f'({name}: "<column header>")',
                    )
            if date is not None or happened is not None:
                events.append(EventMap(event_type, date, fields, where, happened))
        types = [entry.get("type") for entry in value if isinstance(entry, dict)]
        if "complaint_received" not in types and all(t in EVENT_TYPES for t in types):
            # (a misspelt type is reported above, and is probably this one)
            self.problem(
                "no event is a complaint_received, so no row would have the date the "
                "complaint was received",
                field="events",
                expected='- {type: complaint_received, date: "<column header>"}',
            )
        return tuple(events)

    def fields(
        self, value: object, allowed: Sequence[str] | dict[str, Any], *, location: str | None
    ) -> tuple[tuple[str, Source], ...]:
        if not isinstance(value, dict):
            self.problem(
                "must be a mapping of field names to columns",
                location=location,
                expected='{apology: "Apology given"}',
            )
            return ()
        names = list(allowed)
        fields: list[tuple[str, Source]] = []
        for name, raw in value.items():
            if name not in names:
                self.problem(
                    f"unknown field {quoted(name)}",
                    location=location,
                    field=str(name),
                    expected=_one_of(str(name), names),
                )
                continue
            source = self.source(raw, str(name), location=location)
            if source is not None:
                fields.append((str(name), source))
        return tuple(fields)

    def source(self, value: object, name: str, *, location: str | None) -> Source | None:
        """Apply the rule: text names a column, other scalars are constants."""
        if isinstance(value, str):
            if value.strip():
                return Column(value.strip())
            self.problem(
                "names no column (it is blank)",
                location=location,
                field=name,
                expected=_SOURCE_FORMS,
            )
            return None
        if isinstance(value, dict):
            if set(value) == {"column"} and isinstance(value["column"], str) and value["column"]:
                return Column(value["column"].strip())
            if set(value) == {"value"} and value["value"] is not None:
                return Constant(value["value"])
            self.problem(
                'must be {column: "header"} or {value: constant}',
                location=location,
                field=name,
                value=value,
                expected=_SOURCE_FORMS,
            )
            return None
        if value is None:
            self.problem("is empty", location=location, field=name, expected=_SOURCE_FORMS)
            return None
        return Constant(value)


_INVALID = object()


def _value_target(group: str, meaning: object) -> object:
    """What a ``values:`` entry maps a cell to, or ``_INVALID``."""
    if isinstance(meaning, str) and meaning.strip().lower() in ("blank", "withdrawn"):
        marker = BLANK if meaning.strip().lower() == "blank" else WITHDRAWN
        return marker if marker is BLANK or group in ("dates", "choices") else _INVALID
    if group == "flags":
        if isinstance(meaning, bool):
            return meaning
        words = {"yes": True, "no": False, "true": True, "false": False}
        return words.get(str(meaning).strip().lower(), _INVALID)
    if group == "amounts":
        ok = isinstance(meaning, (int, float)) and not isinstance(meaning, bool) and meaning >= 0
        return float(meaning) if ok else _INVALID  # type: ignore[arg-type]
    if group == "numbers":
        ok = isinstance(meaning, int) and not isinstance(meaning, bool)
        return meaning if ok else _INVALID
    if group in ("choices", "text") and isinstance(meaning, str) and meaning.strip():
        return meaning.strip()
    return _INVALID


def _one_of(name: str, allowed: Sequence[str]) -> str:
    return one_of(name, allowed)


# --- the default mapping --------------------------------------------------------------

#: The events the default mapping knows, in the order a complaint goes through them:
#: (type, constant fields, how messages name it).
DEFAULT_EVENTS: tuple[tuple[str, dict[str, object], str], ...] = (
    ("complaint_received", {}, "the complaint"),
    ("informal_response", {}, "the informal response"),
    ("complaint_acknowledged", {"stage": 1}, "the stage 1 acknowledgement"),
    ("extension_notified", {"stage": 1}, "the stage 1 extension"),
    ("stage_response", {"stage": 1}, "the stage 1 response"),
    ("escalation_requested", {}, "the escalation request"),
    ("complaint_acknowledged", {"stage": 2}, "the stage 2 acknowledgement"),
    ("extension_notified", {"stage": 2}, "the stage 2 extension"),
    ("stage_response", {"stage": 2}, "the stage 2 response"),
    ("complaint_withdrawn", {}, "the withdrawal"),
    ("referred_to_ombudsman", {}, "the referral to the Ombudsman"),
)


def _stage_response_spellings(stage: str) -> dict[str, tuple[str, ...]]:
    short = f"S{stage}"
    spellings: dict[str, tuple[str, ...]] = {
        "handler": (
            f"Stage {stage} officer",
            f"Stage {stage} handler",
            f"{short} officer",
            f"{short} handler",
        ),
        "decision": (f"Stage {stage} decision", f"Stage {stage} outcome", f"{short} outcome"),
        "apology": (f"Stage {stage} apology", f"Stage {stage} apology given"),
        "compensation_gbp": (f"Stage {stage} compensation",),
        "complaint_handling_compensation_gbp": (f"Stage {stage} complaint handling compensation",),
    }
    return spellings


#: Header spellings the default mapping recognises. Keys are ``"id"`` and the other case
#: fields, ``(event index in DEFAULT_EVENTS, field)`` and ``("final_response", field)``.
DEFAULT_SPELLINGS: dict[str | tuple[int | str, str], tuple[str, ...]] = {
    "id": (
        "Complaint ref",
        "Complaint reference",
        "Complaint ID",
        "Complaint number",
        "Complaint no",
        "Reference",
        "Ref",
        "Reference number",
        "Case ID",
        "Case ref",
        "Case reference",
        "Case number",
    ),
    "landlord": ("Landlord", "Landlord name"),
    "nation": ("Nation",),
    (0, "date"): (
        "Date received",
        "Received",
        "Received date",
        "Date complaint received",
        "Complaint received",
        "Complaint received date",
        "Date logged",
        "Logged",
        "Logged date",
        "Logged on",
        "Received on",
        "Date opened",
        "Complaint date",
        "Date of complaint",
    ),
    (0, "channel"): (
        "Channel",
        "Received via",
        "Contact method",
        "Complaint channel",
        "How received",
    ),
    (1, "date"): (
        "Informal response",
        "Informal response date",
        "Date of informal response",
        "Informal resolution",
        "Informal resolution date",
    ),
    (2, "date"): (
        "Date acknowledged",
        "Acknowledged",
        "Acknowledged date",
        "Acknowledgement date",
        "Date of acknowledgement",
        "Stage 1 acknowledged",
        "Stage 1 acknowledgement",
        "Stage 1 acknowledgement date",
        "Stage 1 acknowledged date",
        "S1 acknowledged",
        "Stage 1 ack",
        "Stage 1 ack date",
        "Stage 1 acknowledgement sent",
        "S1 ack",
        "S1 ack date",
        "Ack date",
        "Date ack",
        "Acknowledged on",
        "Acknowledgement sent",
        "Date acknowledgement sent",
    ),
    (3, "date"): (
        "Extension agreed",
        "Extension date",
        "Date extension agreed",
        "Extension agreed date",
        "Extension notified",
        "Date extension notified",
        "Stage 1 extension",
        "Stage 1 extension date",
    ),
    (3, "extra_working_days"): (
        "Extension days",
        "Extension working days",
        "Extra working days",
        "Stage 1 extension days",
        "Extension length",
        "Days extended",
    ),
    (3, "new_due_date"): (
        "New due date",
        "Revised due date",
        "Extended due date",
        "Stage 1 new due date",
        "Revised target date",
        "New target date",
        "Extended target date",
        "Revised deadline",
        "Extended deadline",
    ),
    (3, "reasons_given"): (
        "Extension reason given",
        "Extension reasons given",
        "Reason for extension given",
    ),
    (3, "agreed_with_resident"): ("Extension agreed with resident",),
    (3, "happened"): (
        "Extension agreed (Y/N)",
        "Extension (Y/N)",
        "Extended (Y/N)",
        "Extension granted (Y/N)",
        "Stage 1 extension (Y/N)",
        "Stage 1 extension agreed (Y/N)",
    ),
    (3, "note"): ("Extension reason", "Reason for extension", "Extension reasons"),
    (3, "ombudsman_details_given"): ("Extension Ombudsman details given",),
    (4, "date"): (
        "Stage 1 response date",
        "Stage 1 response",
        "S1 response",
        "S1 response date",
        "Stage 1 response sent",
        "Stage 1 responded",
        "Date of stage 1 response",
        "Stage 1 responded on",
        "Stage 1 response sent on",
        "S1 response sent",
        "Stage 1 closed",
        "Stage 1 completed",
    ),
    **{(4, field): names for field, names in _stage_response_spellings("1").items()},
    (5, "date"): (
        "Escalated",
        "Escalation date",
        "Date escalated",
        "Escalation requested",
        "Date escalation requested",
        "Stage 2 requested",
        "Stage 2 request date",
        "Date stage 2 requested",
        "Escalated on",
        "Escalated to stage 2",
        "Date escalated to stage 2",
        "Escalation request date",
        "Stage 2 escalation date",
    ),
    (6, "date"): (
        "Stage 2 acknowledged",
        "Stage 2 acknowledgement",
        "Stage 2 acknowledgement date",
        "Stage 2 acknowledged date",
        "S2 acknowledged",
        "Escalation acknowledged",
        "Stage 2 ack",
        "Stage 2 ack date",
        "Stage 2 acknowledgement sent",
        "S2 ack",
        "S2 ack date",
    ),
    (7, "date"): ("Stage 2 extension", "Stage 2 extension date"),
    (7, "extra_working_days"): ("Stage 2 extension days",),
    (7, "new_due_date"): ("Stage 2 new due date", "Stage 2 revised target date"),
    (7, "happened"): ("Stage 2 extension (Y/N)", "Stage 2 extension agreed (Y/N)"),
    (8, "date"): (
        "Stage 2 response",
        "Stage 2 response date",
        "S2 response",
        "S2 response date",
        "Stage 2 response sent",
        "Date of stage 2 response",
        "Final response",
        "Final response date",
        "Final response sent",
        "S2 response sent",
        "Stage 2 responded on",
        "Stage 2 response sent on",
        "Stage 2 completed",
    ),
    **{(8, field): names for field, names in _stage_response_spellings("2").items()},
    (9, "date"): ("Withdrawn", "Date withdrawn", "Withdrawn date", "Withdrawal date"),
    (10, "date"): (
        "Referred to Ombudsman",
        "Date referred to Ombudsman",
        "Ombudsman referral",
        "Ombudsman referral date",
    ),
    ("final_response", "decision"): ("Decision", "Outcome", "Complaint outcome"),
    ("final_response", "apology"): (
        "Apology given",
        "Apology",
        "Apologised",
        "Apology made",
        "Apology (Y/N)",
        "Apology given (Y/N)",
        "Apology made (Y/N)",
        "Apologised (Y/N)",
    ),
    ("final_response", "handler"): (
        "Handling officer",
        "Complaint handler",
        "Complaint officer",
        "Case officer",
        "Investigating officer",
        "Handled by",
        "Officer",
        "Handler",
    ),
    ("final_response", "compensation_gbp"): (
        "Compensation",
        "Compensation offered",
        "Compensation amount",
        "Compensation offered (GBP)",
        "Total compensation",
        "Compensation total",
    ),
    ("final_response", "complaint_handling_compensation_gbp"): ("Complaint handling compensation",),
    ("final_response", "acknowledged_delay"): ("Delay acknowledged", "Acknowledged delay"),
}

Slot = str | tuple[int | str, str]
_SLOT_BY_KEY: dict[str, Slot] = {
    header_key(spelling): slot
    for slot, spellings in DEFAULT_SPELLINGS.items()
    for spelling in spellings
}


def describe_slot(slot: Slot) -> str:
    """How a message names what a default-mapped column holds: "the stage 1 response date"."""
    if isinstance(slot, str):
        return {"id": "the complaint reference"}.get(slot, f"the {slot}")
    owner, field = slot
    if owner == "final_response":
        return f"the final response's {field}"
    described = DEFAULT_EVENTS[int(owner)][2]
    if field == "happened":
        return f"whether there was {described}"
    return f"the date of {described}" if field == "date" else f"{described}'s {field}"


def default_header_keys() -> Sequence[str]:
    """The header keys (:func:`header_key`) the default mapping recognises."""
    return list(_SLOT_BY_KEY)


def mapping_headers(mapping: WideMapping) -> list[str]:
    """Every column header a mapping names."""
    sources = [*mapping.case, *mapping.final_response]
    headers = [mapping.id.header]
    for event in mapping.events:
        headers.extend(column.header for column in (event.date, event.happened) if column)
        sources.extend(event.fields)
    headers.extend(source.header for _, source in sources if isinstance(source, Column))
    return headers


#: Columns exports carry that complycheck knows and does not need, and why: said of an
#: unused column rather than a guess at what it might be.
NOT_NEEDED: dict[str, str] = {
    header_key(spelling): why
    for spellings, why in (
        (
            (
                "Target date",
                "Due date",
                "Stage 1 target date",
                "Stage 1 due date",
                "Stage 2 target date",
                "Stage 2 due date",
                "Response due",
                "Response due date",
                "Deadline",
            ),
            "complycheck works out each deadline itself from the Code",
        ),
        (
            ("Status", "Complaint status", "Stage", "Current stage", "Open/closed"),
            "complycheck works out where each complaint stands from its dates",
        ),
        (
            ("Days open", "Days to respond", "Working days taken", "Days overdue", "On time"),
            "complycheck counts the working days itself",
        ),
    )
    for spelling in spellings
}


def nearest_slot(header: str, placed: Sequence[str] = ()) -> Slot | None:
    """What an unused column most looks like among what the default mapping knows and
    ``placed`` (headers already read) does not already hold: a hint, never a placement."""
    taken = {_SLOT_BY_KEY.get(header_key(name)) for name in placed}
    keys = [key for key, slot in _SLOT_BY_KEY.items() if slot not in taken]
    close = difflib.get_close_matches(header_key(header), keys, n=1, cutoff=0.6)
    return _SLOT_BY_KEY[close[0]] if close else None


@dataclass(frozen=True, slots=True)
class Resolution:
    """What the default mapping made of a header row.

    ``mapping`` uses the first header found for each slot; ``ambiguous`` lists slots that
    more than one header matched, ``dateless`` columns that belong to an event whose date
    column was not found (so they cannot be placed), ``unmatched`` the headers nothing
    matched.
    """

    mapping: WideMapping | None
    ambiguous: tuple[tuple[Slot, tuple[str, ...]], ...]
    dateless: tuple[tuple[str, Slot], ...]
    unmatched: tuple[str, ...]

    def problems(self, source: str, location: str) -> list[InputIssue]:
        """Why this header row cannot be read with the default mapping (empty if it can)."""
        hint = "a mapping file (start one with: complycheck mapping init LOG)"
        issues: list[InputIssue] = []
        if self.mapping is None:
            issues.append(
                InputIssue(
                    "no column holds the complaint reference",
                    source=source,
                    location=location,
                    expected="a column headed one of: "
                    + ", ".join(DEFAULT_SPELLINGS["id"])
                    + f"; or {hint}",
                )
            )
        elif not any(event.type == "complaint_received" for event in self.mapping.events):
            issues.append(
                InputIssue(
                    "no column holds the date the complaint was received",
                    source=source,
                    location=location,
                    expected="a column headed one of: "
                    + ", ".join(DEFAULT_SPELLINGS[(0, "date")])
                    + f"; or {hint}",
                )
            )
        for slot, headers in self.ambiguous:
            issues.append(
                InputIssue(
                    f"{len(headers)} columns could be {describe_slot(slot)}: "
                    + ", ".join(repr(header) for header in headers),
                    source=source,
                    location=location,
                    expected=f"{hint} saying which one",
                )
            )
        for header, slot in self.dateless:
            owner = DEFAULT_EVENTS[int(slot[0])][2]
            issues.append(
                InputIssue(
                    f"column {header!r} looks like {describe_slot(slot)}, but no column was "
                    f"recognised as the date of {owner}, so it cannot be placed",
                    source=source,
                    location=location,
                    field=header,
                    expected=f"a date column for {owner}, or {hint}",
                )
            )
        return issues


def resolve_default(headers: Sequence[str], origin: str = "the default mapping") -> Resolution:
    """Match a header row against :data:`DEFAULT_SPELLINGS`."""
    found: dict[Slot, list[str]] = {}
    unmatched: list[str] = []
    for header in headers:
        if not header:
            continue
        slot = _SLOT_BY_KEY.get(header_key(header))
        if slot is None:
            unmatched.append(header)
        else:
            found.setdefault(slot, []).append(header)
    ambiguous = tuple((slot, tuple(names)) for slot, names in found.items() if len(names) > 1)
    chosen = {slot: Column(names[0]) for slot, names in found.items()}

    events: list[EventMap] = []
    dateless: list[tuple[str, Slot]] = []
    for index, (event_type, constants, described) in enumerate(DEFAULT_EVENTS):
        fields = [
            (field, chosen[(index, field)])
            for field in EVENT_FIELDS[event_type]
            if field != "date" and (index, field) in chosen
        ]
        date = chosen.get((index, "date"))
        happened = chosen.get((index, "happened"))
        lengths = {"new_due_date", "extra_working_days"} & {field for field, _ in fields}
        undated = event_type == "extension_notified" and (happened is not None or lengths)
        if date is None and not undated:
            dateless.extend((column.header, (index, field)) for field, column in fields)
            continue
        sources: list[tuple[str, Source]] = [
            *((name, Constant(value)) for name, value in constants.items()),
            *fields,
        ]
        events.append(EventMap(event_type, date, tuple(sources), described, happened))
    final = tuple(
        (field, chosen[("final_response", field)])
        for field in FINAL_RESPONSE_FIELDS
        if ("final_response", field) in chosen
    )
    case = tuple((name, chosen[name]) for name in CASE_FIELDS if name != "id" and name in chosen)
    id_column = chosen.get("id")
    mapping = (
        WideMapping(id_column, case, tuple(events), final, origin)
        if isinstance(id_column, Column)
        else None
    )
    return Resolution(mapping, ambiguous, tuple(dateless), tuple(unmatched))
