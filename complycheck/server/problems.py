"""Errors over HTTP, in the shape of the CLI's located errors.

A caller's mistake is a 4xx whose body is what ``check --format jsonl`` writes for a case
that could not be checked: where it came from, then ``errors``, each an
:class:`~complycheck.errors.InputIssue` (message, case_id, location, field, value,
expected). A problem with the request rather than a case (an unknown ruleset, a body over
the size limit) has the same ``errors`` list and no case. Never a traceback: an error the
service did not expect is a 500 with the same shape and a plain message.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..errors import InputIssue
from ..results import CaseResult

__all__ = ["ApiError", "error_json", "issue"]


class ApiError(Exception):
    """A request the service refuses: an HTTP status and the issues that say why.

    ``body`` is the JSON text to answer with when it is not just the issues (a case's
    error result, which also says where the case was).
    """

    def __init__(
        self, status: int, issues: Sequence[InputIssue], *, body: str | None = None
    ) -> None:
        super().__init__("; ".join(str(item) for item in issues))
        self.status = status
        self.issues = tuple(issues)
        self.body = body if body is not None else error_json(self.issues)

    @classmethod
    def of_case(cls, status: int, result: CaseResult) -> ApiError:
        """A case's error result, answered as the CLI writes it."""
        return cls(status, result.errors, body=result.to_json())


def issue(
    message: str,
    *,
    field: str | None = None,
    value: object = None,
    expected: str | None = None,
    location: str | None = None,
) -> InputIssue:
    """An issue with the request itself (a query parameter, a header, the body as a whole)."""
    return InputIssue(
        message,
        location=location,
        field=field,
        value=None if value is None else str(value),
        expected=expected,
    )


def error_json(issues: Sequence[InputIssue]) -> str:
    """The body of an error that is not one case's: ``{"errors": [...]}``."""
    return json.dumps({"errors": [item.to_dict() for item in issues]}, ensure_ascii=False)
