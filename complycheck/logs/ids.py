"""One case per id in a log: where each id was first read, to refuse a second case with it.

This is the only state a streaming read keeps per case (an id and a short location), so a
log of a million complaints costs tens of megabytes here and nothing else grows.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import InputIssue
from ..inputs import RawCase

__all__ = ["SeenIds"]


class SeenIds:
    """The case ids read so far, with where each was read."""

    def __init__(self) -> None:
        self._where: dict[str, str] = {}

    def earlier(self, case_id: str) -> str | None:
        """Where ``case_id`` was read before, or ``None`` the first time."""
        return self._where.get(case_id)

    def remember(self, case_id: str, location: str) -> None:
        self._where.setdefault(case_id, location)

    def admit(self, case: RawCase, case_id: str | None) -> RawCase:
        """``case`` as it is for a new id; for an id read before, an error naming both places."""
        if case_id is None:
            return case
        earlier = self._where.get(case_id)
        if earlier is None:
            self._where[case_id] = case.location
            return case
        issue = InputIssue(
            f"case {case_id} appears twice: it was first read at {earlier}",
            source=case.source,
            case_id=case_id,
            location=case.location,
            field="id",
            expected="each complaint once in a log, under its own reference",
        )
        return replace(case, data=None, issues=(*case.issues, issue))
