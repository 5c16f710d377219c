"""JSON read strictly: a key given twice in one object is an error, not silently the last.

Python's ``json`` keeps the last of two equal keys; in a case or a log line that would let a
typo'd duplicate field silently change a finding, so every JSON reader here uses this.

Valid JSON can still be more than Python reads: arrays nested thousands deep exhaust the
recursion limit, and an integer of more than 4300 digits is refused by ``int``. Both come
out as :class:`LimitError` with a plain message, so a reader reports them like any other
unreadable JSON rather than crashing on a ``RecursionError`` or a bare ``ValueError``.
"""

from __future__ import annotations

import json
from typing import Any


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


def loads(text: str | bytes) -> Any:
    """``json.loads`` that raises :class:`DuplicateKeyError` on a repeated key and
    :class:`LimitError` on nesting or a number too big to read."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise LimitError(
            "it is nested too deeply to read (lists or objects within each other)"
        ) from None
    except (json.JSONDecodeError, DuplicateKeyError, UnicodeDecodeError):
        raise
    except ValueError:  # int() refusing a number of thousands of digits
        raise LimitError("it holds a number too long to read (thousands of digits)") from None
