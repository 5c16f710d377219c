"""What fails a run: the one place that turns a run's results into its exit status.

A CI pipeline reads two things from a run, the exit status and the JUnit report, and they
must never disagree: the command line asks :meth:`ExitPolicy.exit_status` for the one, and
the JUnit writer asks :meth:`ExitPolicy.fails` and :meth:`ExitPolicy.tolerates` for the
other. docs/ci.md states the contract.

- ``--fail-on LEVEL``: a case whose indicative finding is above LEVEL fails the run (exit
  1); ``never`` makes the run report only, so no finding fails it.
- ``--max-input-errors N``: how many inputs that could not be checked (a bad row or case,
  an unreadable file, a log with no complaints) a run tolerates; one more and it exits 2.
  The default is 0, or any number under ``--fail-on never``: a report-only run exits 0
  unless the command line itself is wrong, or the user set a limit. Bad inputs are
  reported whatever the limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .vocabulary import FINDINGS, Finding

if TYPE_CHECKING:
    from .render.summary import Summary

__all__ = ["EXIT_ABOVE_FAIL_ON", "EXIT_BAD_INPUT", "EXIT_PASSED", "ExitPolicy"]

EXIT_PASSED = 0
EXIT_ABOVE_FAIL_ON = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True, slots=True)
class ExitPolicy:
    """``fail_on``: the most serious finding that still passes (None: every finding passes).
    ``max_input_errors``: the inputs that could not be checked a run tolerates (None: any).
    """

    fail_on: Finding | None = "no_maladministration"
    max_input_errors: int | None = 0

    @classmethod
    def from_options(cls, fail_on: str, max_input_errors: int | None) -> ExitPolicy:
        """The policy of ``--fail-on`` and ``--max-input-errors`` (None when not given)."""
        if fail_on == "never":
            return cls(None, max_input_errors)
        if fail_on not in FINDINGS:
            raise ValueError(f"unknown --fail-on level {fail_on!r}")
        return cls(fail_on, 0 if max_input_errors is None else max_input_errors)

    def fails(self, finding: Finding | None) -> bool:
        """Whether a case with this indicative finding fails the run."""
        if self.fail_on is None or finding is None:
            return False
        return FINDINGS.index(finding) > FINDINGS.index(self.fail_on)

    def tolerates(self, input_errors: int) -> bool:
        """Whether a run with this many inputs that could not be checked may still pass."""
        return self.max_input_errors is None or input_errors <= self.max_input_errors

    def exit_status(self, summary: Summary) -> int:
        """2 for more bad inputs than tolerated, else 1 when a case fails, else 0."""
        if not self.tolerates(summary.input_errors):
            return EXIT_BAD_INPUT
        if self.fail_on is not None and summary.above(self.fail_on):
            return EXIT_ABOVE_FAIL_ON
        return EXIT_PASSED
