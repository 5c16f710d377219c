"""One JSON document, ``{"results": [...], "summary": {...}}``, written as it goes.

The opening, each result and the closing summary are written separately, so the document
grows on the stream while memory holds one case at a time; a consumer that wants a case per
line should ask for ``jsonl`` instead.
"""

from __future__ import annotations

import json
import textwrap
from typing import TextIO

from ..results import CaseResult
from .summary import Summary

__all__ = ["JsonWriter"]


class JsonWriter:
    """Writes the results array item by item, then the summary, as indented JSON."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._count = 0

    def write(self, result: CaseResult) -> None:
        self.write_rendered(self.render(result))

    @staticmethod
    def render(result: CaseResult) -> str:
        """One result as an item of the results array, without the comma between items."""
        return _indented(result.to_dict(), "    ")

    def write_rendered(self, text: str) -> None:
        self._stream.write('{\n  "results": [\n' if self._count == 0 else ",\n")
        self._stream.write(text)
        self._count += 1

    def close(self, summary: Summary) -> None:
        self._stream.write('{\n  "results": [],\n' if self._count == 0 else "\n  ],\n")
        self._stream.write('  "summary": ' + _indented(summary.to_dict(), "  ").lstrip() + "\n}\n")


#: Line breaks to ``str.splitlines`` that JSON leaves unescaped inside a string.
_OTHER_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


def _indented(value: object, prefix: str) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    if any(mark in text for mark in _OTHER_LINE_BREAKS):
        return textwrap.indent(text, prefix)
    # textwrap.indent's result without its work per line (a fifth of this format's cost):
    # every line of json.dumps's output has something on it, so every line gets the prefix
    return prefix + text.replace("\n", "\n" + prefix)
