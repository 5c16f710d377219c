"""complycheck.runner: one result per case, in order, with the input read a bounded way ahead."""

from __future__ import annotations

import time
from collections.abc import Iterator

from complycheck.errors import InputIssue
from complycheck.inputs import RawCase
from complycheck.runner import _CHUNK, run_cases


class _Log:
    """Unreadable rows (quick to check), counting how many were taken."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.taken = 0

    def __iter__(self) -> Iterator[RawCase]:
        for number in range(2, self.rows + 2):
            self.taken += 1
            issue = InputIssue("unreadable", source="log.csv", location=f"row {number}")
            yield RawCase("log.csv", f"row {number}", None, (issue,))


def test_jobs_read_two_windows_ahead_of_the_results_however_slowly_they_are_taken() -> None:
    log = _Log(10_000)
    results = run_cases(log, jobs=2)
    first = next(results)
    time.sleep(0.5)  # time enough for an unbounded reader to take the whole log
    # a window is two chunks per worker; the one being handed over and the next are read
    assert log.taken == 2 * (2 * 2 * _CHUNK)
    rest = list(results)
    assert log.taken == 10_000
    assert [result.location for result in [first, *rest]] == [
        f"row {number}" for number in range(2, 10_002)
    ]
    assert all(result.errors[0].message == "unreadable" for result in rest)


def test_one_process_reads_one_case_at_a_time() -> None:
    log = _Log(3)
    results = run_cases(log)
    assert next(results).location == "row 2"
    assert log.taken == 1
    assert len(list(results)) == 2
