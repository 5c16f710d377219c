"""Leave out the complaints a period does not cover, counting them: never an error.

Used in front of any run with a period or an as-of day, so the per-check formats skip the
same complaints, by the same rule, as the reporting formats do (see
:meth:`~complycheck.reporting.timeline.Timeline.scope`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date

from ..inputs import RawCase
from .period import ReportingPeriod
from .timeline import Scope, Timeline

__all__ = ["PeriodScope"]


class PeriodScope:
    """Passes on the complaints in the report; counts the rest by why they were left out."""

    def __init__(self, period: ReportingPeriod | None, as_of: date | None) -> None:
        self.period = period
        self.as_of = as_of
        self.read = 0
        self.skipped: Counter[Scope] = Counter()

    def __call__(self, raws: Iterable[RawCase]) -> Iterator[RawCase]:
        period, as_of = self.period, self.as_of
        for raw in raws:
            self.read += 1
            scope = Timeline.of(raw.data, as_of).scope(period, as_of)
            if scope == "in_period":
                yield raw
            else:
                self.skipped[scope] += 1

    def accounting(self) -> str:
        """What was read and what was left out, for stderr."""
        return accounting(
            self.read,
            self.read - sum(self.skipped.values()),
            self.skipped["before_period"],
            self.skipped["after_period"],
            self.skipped["not_yet_received"],
            self.period is not None,
            self.as_of,
        )


def accounting(
    read: int,
    in_report: int,
    before: int,
    after: int,
    not_yet: int,
    with_period: bool,
    as_of: date | None,
) -> str:
    """ "Complaints read: 11; in the report: 8; skipped: ..." (cases in = out + skipped)."""
    skipped = []
    if with_period:
        skipped += [f"{before} received before the period", f"{after} after it"]
    skipped.append(f"{not_yet} not yet received at {as_of.isoformat() if as_of else 'today'}")
    return f"Complaints read: {read}; in the report: {in_report}; skipped: {', '.join(skipped)}"
