"""JSON read strictly: a key given twice in one object is an error, not silently the last.

Python's ``json`` keeps the last of two equal keys; in a case or a log line that would let a
typo'd duplicate field silently change a finding, so every JSON reader here uses this.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateKeyError(ValueError):
    """A key appears twice in one JSON object; the message names the key."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(f"the key {key!r} appears twice")
        found[key] = value
    return found


def loads(text: str | bytes) -> Any:
    """``json.loads`` that raises :class:`DuplicateKeyError` on a repeated key."""
    return json.loads(text, object_pairs_hook=_unique_keys)
