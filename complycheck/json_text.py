"""JSON text written piece by piece, exactly as ``json.dumps(value, ensure_ascii=False)``.

Why not build dicts and call ``json.dumps``: a log's jsonl output is a line of about 8 KB per
case, and building those dicts and encoding them cost 40% as much as checking the case. The
encoder escapes every string character by character, yet most of a line is the same few
hundred strings (keys, rule ids, titles, statuses, dates). The results therefore write
their own text (:meth:`~complycheck.results.Report.to_json`): fixed parts are literals,
strings that recur are escaped once and remembered in :data:`WORDS`, and only free text such
as a reasoning is escaped each time, by :func:`string`.

Every function here returns what the standard library's encoder, with its default
separators, returns for the same value; ``tests/test_json_text.py`` holds them to that.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Any

__all__ = ["WORDS", "array", "string", "value"]

#: The standard library's encoder, for the rare value with no fast path here.
_STDLIB = json.JSONEncoder(ensure_ascii=False)

#: Free text (a reasoning, a case id): a string seen once, escaped by the function the
#: standard library's encoder itself calls.
string: Callable[[str], str] = encode_basestring

_WORDS_LIMIT = 65536


class _Remembered(dict[str, str]):
    """Each string's JSON text, escaped on first use; emptied when full, so memory is flat."""

    def __missing__(self, key: str) -> str:
        if len(self) >= _WORDS_LIMIT:
            self.clear()
        text = self[key] = encode_basestring(key)
        return text


#: A string that recurs (a key, rule id, title, status, date) as JSON text: ``WORDS[s]``.
#: Subscripting rather than calling a cached function: this runs for most members of every
#: line, and a dict look-up is several times cheaper than a call.
WORDS: dict[str, str] = _Remembered()


def value(item: Any) -> str:
    """A JSON value: a string, number, boolean, null, or a list or dict of them."""
    kind = type(item)
    if kind is str:
        return WORDS[item]
    if kind is int:
        return f"{item}"  # an int's own text, as the standard library writes it
    if item is None:
        return "null"
    if item is True:
        return "true"
    if item is False:
        return "false"
    if kind is float and math.isfinite(item):
        return float.__repr__(item)
    if kind is list or kind is tuple:
        return array(item)
    # dicts, subclasses of str, int and float, NaN and infinities: as the standard library
    # writes them; anything else fails as it would there
    return _STDLIB.encode(item)


def array(items: Iterable[Any]) -> str:
    """A JSON array of ``items``."""
    return "[" + ", ".join([value(item) for item in items]) + "]"
