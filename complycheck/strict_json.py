"""JSON read strictly: a key given twice in one object is an error, not silently the last.

Python's ``json`` keeps the last of two equal keys; in a case or a log line that would let a
typo'd duplicate field silently change a finding, so every JSON reader here uses this.

Valid JSON can still be more than Python reads: arrays nested thousands deep exhaust the
recursion limit, and an integer of more than 4300 digits is refused by ``int``. Both come
out as :class:`LimitError` with a plain message, so a reader reports them like any other
unreadable JSON rather than crashing on a ``RecursionError`` or a bare ``ValueError``.

Two things Python's ``json`` takes that are not JSON text are refused the same way:
``NaN`` and ``Infinity`` (and numbers too large for a float, which become infinity), and
an escaped lone surrogate (``"\\ud800"``), which becomes a string that no output can
encode: written out, it would crash the run after the case was checked.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: A UTF-16 surrogate code point: only an escape in JSON or YAML text can make one.
SURROGATE = re.compile("[\ud800-\udfff]")


class DuplicateKeyError(ValueError):
    """A key appears twice in one JSON object; the message names the key."""


class LimitError(ValueError):
    """Valid JSON beyond what can be read: nested too deeply, or a number too long."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(f"the key {key!r} appears twice")
        found[key] = value
    return found


def surrogate_shown(text: str) -> str:
    """The first surrogate in ``text`` as its escape, ``\\ud800``."""
    found = SURROGATE.search(text)
    return f"\\u{ord(found[0]):04x}" if found else ""


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise LimitError(f"it holds a number too large to read ({text[:20]})")
    return number


def _not_json(name: str) -> Any:
    raise LimitError(f"it holds {name}, which is not a JSON number")


def _no_surrogates(document: Any) -> None:
    """Refuse any string in ``document`` (keys too) holding a lone surrogate."""
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if SURROGATE.search(value):
                raise LimitError(
                    f"it holds {surrogate_shown(value)}, half of a UTF-16 surrogate pair with "
                    "no other half, which is no character"
                )
        elif isinstance(value, dict):
            stack.extend(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def loads(text: str | bytes) -> Any:
    """``json.loads`` that raises :class:`DuplicateKeyError` on a repeated key and
    :class:`LimitError` on nesting, a number too big to read, ``NaN``/``Infinity`` or a
    lone surrogate. Bytes must be UTF-8 (``UnicodeDecodeError`` otherwise)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")  # json would take encoded surrogates (b"\xed\xa0\x80")
    try:
        document = json.loads(
            text, object_pairs_hook=_unique_keys, parse_float=_finite, parse_constant=_not_json
        )
    except RecursionError:
        raise LimitError(
            "it is nested too deeply to read (lists or objects within each other)"
        ) from None
    except (json.JSONDecodeError, DuplicateKeyError, UnicodeDecodeError, LimitError):
        raise
    except ValueError:  # int() refusing a number of thousands of digits
        raise LimitError("it holds a number too long to read (thousands of digits)") from None
    if "\\u" in text or SURROGATE.search(text):
        _no_surrogates(document)
    return document
