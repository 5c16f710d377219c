"""One JSON document, ``{"results": [...], "summary": {...}}``, written as it goes.

The opening, each result and the closing summary are written separately, so the document
grows on the stream while memory holds one case at a time; a consumer that wants a case per
line should ask for ``jsonl`` instead.
"""

from __future__ import annotations

from typing import TextIO

from ..contract_json import indented
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
        return _indented(result.contract_form(), "    ")

    def write_rendered(self, text: str) -> None:
        self._stream.write('{\n  "results": [\n' if self._count == 0 else ",\n")
        self._stream.write(text)
        self._count += 1

    def close(self, summary: Summary) -> None:
        self._stream.write('{\n  "results": [],\n' if self._count == 0 else "\n  ],\n")
        self._stream.write('  "summary": ' + _indented(summary.to_dict(), "  ").lstrip() + "\n}\n")


def _indented(value: object, prefix: str) -> str:
    """``value`` indented as a member of the document, each of its lines after ``prefix``.

    Every line break in JSON text is one between tokens (a line break inside a string is
    escaped), so putting the prefix after each ``\n`` indents exactly the lines; a
    separator that JSON leaves unescaped inside a string (U+2028, U+0085) stays as it is.
    """
    return prefix + indented(value).replace("\n", "\n" + prefix)
