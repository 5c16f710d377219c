"""The output contract's JSON text, written by orjson.

Every JSON output (``jsonl``, ``breaches``, ``json``, the HTTP service's results) is the
contract-shaped dict of a result (see ``contract_form`` in :mod:`complycheck.results`)
written here, so the whitespace is decided in one place (docs/output.md):

- :func:`compact`: no space at all, ``{"rule":"x","events":[1,2]}``, as orjson writes it
  (and as the HTTP framework writes its own JSON): one line a case for ``jsonl``,
  ``breaches`` and the service;
- :func:`indented`: two spaces a level and ``"key": value``, for ``--format json``, which
  people read (the same bytes as ``json.dumps(..., indent=2)``).

Both keep text as UTF-8 (``£``, not ``\\u00a3``), write dates as ISO strings and keep each
dict's key order. Why orjson rather than the standard library: building the dict and
writing it with orjson costs half of what writing the same text piece by piece in Python
did, and a ninth of the standard library's indented encoder (``benchmarks/bench_render.py``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import orjson

__all__ = ["compact", "indented"]

#: Dataclasses go to :func:`_json_form` rather than out field by field: a :class:`Span` of
#: the results is a number or ``{"min": ..., "max": ...}`` in the contract, not its fields.
_COMPACT = orjson.OPT_PASSTHROUGH_DATACLASS
_INDENTED = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_INDENT_2


def _json_form(item: Any) -> Any:
    """A value JSON has no type for, as the contract writes it (the encoders' ``default``):
    whatever its ``json_form()`` says (a :class:`~complycheck.results.Span`), or a date's
    ISO string (orjson writes dates itself; the standard library does not)."""
    json_form = getattr(item, "json_form", None)
    if json_form is not None:
        return json_form()
    if isinstance(item, date):
        return item.isoformat()
    raise TypeError(f"Object of type {type(item).__name__} is not JSON serializable")


def compact(value: Any) -> str:
    """``value`` as compact JSON text."""
    try:
        return orjson.dumps(value, default=_json_form, option=_COMPACT).decode()
    except orjson.JSONEncodeError:
        return _standard(value, separators=(",", ":"))


def indented(value: Any) -> str:
    """``value`` as JSON text indented by two spaces a level, without a final newline."""
    try:
        return orjson.dumps(value, default=_json_form, option=_INDENTED).decode()
    except orjson.JSONEncodeError:
        return _standard(value, indent=2)


def _standard(value: Any, **layout: Any) -> str:
    """What orjson refuses, in the same layout by the standard library's encoder: a string
    that is not Unicode text, as a file name in another encoding arrives (its bytes carried
    as surrogate escapes, which the output stream writes back as they were), or a whole
    number beyond 64 bits. Anything else fails here as it would there."""
    return json.dumps(value, ensure_ascii=False, default=_json_form, **layout)
