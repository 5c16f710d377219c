"""JSON Lines: one case per line as it is checked, then one ``{"summary": ...}`` line.

For pipelines (``jq``, a data warehouse load) that read results while a long log is still
being checked; each line is a whole, independent JSON document, compact (no spaces between
tokens: docs/output.md).
"""

from __future__ import annotations

from typing import TextIO

from ..contract_json import compact
from ..results import CaseResult
from .common import is_regular_file, write_utf8
from .summary import Summary

__all__ = ["JsonLinesWriter"]


class JsonLinesWriter:
    """Writes ``CaseResult.to_json()`` per line; to a pipe or a terminal it flushes each
    line, so a reader sees each case at once (a file is written in blocks: no one reads it
    meanwhile, and a flush a line costs more than the line)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._flush = not is_regular_file(stream)

    def write(self, result: CaseResult) -> None:
        self.write_rendered(self.render(result))

    @staticmethod
    def render(result: CaseResult) -> str:
        """One case's line, newline included."""
        return result.to_json() + "\n"

    def write_rendered(self, text: str) -> None:
        self._stream.write(text)
        if self._flush:
            self._stream.flush()

    def write_part(self, part: bytes) -> None:
        write_utf8(self._stream, part)
        if self._flush:
            self._stream.flush()

    def close(self, summary: Summary) -> None:
        self._stream.write(compact({"summary": summary.to_dict()}) + "\n")
