"""What kind of value each field of the case contract holds, read off the models themselves.

A log cell is text (or an Excel number or date) and has to become the value the contract
expects before validation sees it: ``"Yes"`` a boolean, ``"£100"`` a number, ``15/02/2023``
an ISO date. Deriving the kinds from :mod:`complycheck.models` rather than listing them here
means a field added to the contract is read from logs without touching this package.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from ..dates import PartialDate
from ..models import EVENT_CLASSES, Case

__all__ = ["CASE_FIELDS", "EVENT_FIELDS", "FieldKind", "KindName", "kind_of"]

KindName = Literal["date", "day", "bool", "int", "number", "text", "choice", "texts", "days"]


@dataclass(frozen=True, slots=True)
class FieldKind:
    """How to read a cell for one field: ``date`` allows a month, ``day`` needs a day.

    ``choices`` lists the allowed values of a ``choice`` (text) or ``int`` field, so a cell
    is checked where the reader can still name its row and column.
    """

    name: KindName
    choices: tuple[Any, ...] = ()


def kind_of(annotation: Any) -> FieldKind:
    """The kind of a model field's annotation (``Optional`` and ``Annotated`` unwrapped)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return kind_of(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
        return kind_of(inner)
    if origin is Literal:
        values = get_args(annotation)
        return FieldKind("int" if isinstance(values[0], int) else "choice", values)
    if origin is list:
        return FieldKind("days" if kind_of(get_args(annotation)[0]).name == "day" else "texts")
    simple: dict[Any, KindName] = {
        PartialDate: "date",
        date: "day",
        bool: "bool",
        int: "int",
        float: "number",
        str: "text",
    }
    if annotation in simple:
        return FieldKind(simple[annotation])
    raise TypeError(f"no log reading for a field annotated {annotation!r}")


#: For each event type, its fields (``type`` left out: it names the event) and their kinds.
EVENT_FIELDS: dict[str, dict[str, FieldKind]] = {
    event_type: {
        name: kind_of(info.annotation)
        for name, info in model.model_fields.items()
        if name != "type"
    }
    for event_type, model in EVENT_CLASSES.items()
}

#: The case-level fields a log may set (``events`` is built from the rows; ``not_recorded``
#: from what the log's columns leave out, see :mod:`.coverage`).
CASE_FIELDS: dict[str, FieldKind] = {
    name: kind_of(info.annotation)
    for name, info in Case.model_fields.items()
    if name not in ("events", "not_recorded")
}
