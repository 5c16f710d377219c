"""``--format breaches``: JSON lines for CI, each case with only what went wrong in it.

One line per case, in input order, then one ``{"summary": ...}`` line, as ``jsonl`` writes
them; a case's line keeps ``jsonl``'s members except that ``checks`` gives way to
``breaches`` (the breached checks only, each whole) and the ruleset is named by its id and
hash. A case with nothing breached is a short line saying so, with its finding: about a
quarter of ``jsonl``'s bytes over a typical log, for a pipeline that only acts on breaches.
"""

from __future__ import annotations

from ..json_text import WORDS, array, string, value
from ..results import CaseResult
from .jsonl import JsonLinesWriter

__all__ = ["BreachesWriter"]


class BreachesWriter(JsonLinesWriter):
    """``jsonl``'s writer (flushing, parts, the summary line) with a shorter line a case."""

    @staticmethod
    def render(result: CaseResult) -> str:
        """One case's line, newline included."""
        errors = array([issue.to_dict() for issue in result.errors])
        head = f'{{"source": {WORDS[result.source]}, "location": {string(result.location)}, '
        report = result.report
        if report is None:
            return f'{head}"case_id": {value(result.case_id)}, "errors": {errors}}}\n'
        breached = [check.to_json() for check in report.checks if check.status == "breached"]
        return (
            f'{head}"case_id": {string(report.case_id)}, "landlord": {value(report.landlord)}, '
            f'"ruleset": {{"id": {WORDS[report.ruleset.id]}, '
            f'"sha256": {WORDS[report.ruleset.sha256]}}}, '
            f'"as_of": {WORDS[report.as_of.isoformat()]}, "checks": {len(report.checks)}, '
            f'"breaches": [{", ".join(breached)}], '
            f'"determination": {report.determination.to_json()}, '
            f'"remedies": [{", ".join([remedy.to_json() for remedy in report.remedies])}], '
            f'"errors": {errors}}}\n'
        )
