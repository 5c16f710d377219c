"""JSON Lines: one case per line as it is checked, then one ``{"summary": ...}`` line.

For pipelines (``jq``, a data warehouse load) that read results while a long log is still
being checked; each line is a whole, independent JSON document.
"""

from __future__ import annotations

import json
from typing import TextIO

from ..results import CaseResult
from .summary import Summary

__all__ = ["JsonLinesWriter"]


class JsonLinesWriter:
    """Writes ``CaseResult.to_json()`` per line and flushes, so a reader sees each case at once."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, result: CaseResult) -> None:
        self.write_rendered(self.render(result))

    @staticmethod
    def render(result: CaseResult) -> str:
        """One case's line, newline included."""
        return result.to_json() + "\n"

    def write_rendered(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()

    def close(self, summary: Summary) -> None:
        self._stream.write(json.dumps({"summary": summary.to_dict()}, ensure_ascii=False) + "\n")
