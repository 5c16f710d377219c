"""``--format breaches``: JSON lines for CI, each case with only what went wrong in it.

One line per case, in input order, then one ``{"summary": ...}`` line, as ``jsonl`` writes
them; a case's line keeps ``jsonl``'s members except that ``checks`` gives way to
``breaches`` (the breached checks only, each whole) and the ruleset is named by its id and
hash. A case with nothing breached is a short line saying so, with its finding: about a
quarter of ``jsonl``'s bytes over a typical log, for a pipeline that only acts on breaches.
"""

from __future__ import annotations

from ..contract_json import compact
from ..results import CaseResult
from .jsonl import JsonLinesWriter

__all__ = ["BreachesWriter"]


class BreachesWriter(JsonLinesWriter):
    """``jsonl``'s writer (flushing, parts, the summary line) with a shorter line a case."""

    @staticmethod
    def render(result: CaseResult) -> str:
        """One case's line, newline included."""
        report = result.report
        if report is None:
            return result.to_json() + "\n"
        line = {
            "source": result.source,
            "location": result.location,
            "case_id": report.case_id,
            "landlord": report.landlord,
            "ruleset": {"id": report.ruleset.id, "sha256": report.ruleset.sha256},
            "as_of": report.as_of,
            "checks": len(report.checks),
            "breaches": [
                check.contract_form() for check in report.checks if check.status == "breached"
            ],
            "determination": report.determination.contract_form(),
            "remedies": [remedy.contract_form() for remedy in report.remedies],
            "errors": [issue.to_dict() for issue in result.errors],
        }
        return compact(line) + "\n"
