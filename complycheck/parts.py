"""``--jobs N`` for a format whose text per case depends on that case alone: each worker
reads, checks and writes out its own share of the input, and the parent only puts the
shares together.

The input comes in parts: a byte range of a wide text log (:class:`~.logs.ranges.RangePart`),
which the worker reads itself, or about 200 cases the parent has read (a workbook, a long
log, case files: read once and fanned out). A worker renders every case of its part with
the format's ``render``, writes the part's UTF-8 text to a file of its own (a spool file,
which the parent reads once, copies to the output and removes) and sends back only where
each case ends in it, each case's :class:`Tally`, the results with input errors (to be
listed on stderr) and, for a range, the ids it read and where. The text goes by file, not
through the pool's result pipe: a pipe holding a result the parent has not finished reading
keeps the pool's worker-watching thread waking in a loop (it waits on that pipe too), which
cost the parent more than all its own work. The parent admits those ids in input
order into the run's ids (:mod:`.ids`): a duplicate across parts is found exactly as one
process finds it, and its text and tally are replaced by its located error. Parts come out
in input order, so the output is the same, byte for byte, as ``--jobs 1``'s.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeAlias

from .errors import InputIssue
from .ids import InputIds, Span
from .inputs import RawCase
from .logs.ranges import Claims, RangePart, TextRange, read_range
from .render.summary import Tally
from .results import CaseResult
from .runner import Render, check_raw

if TYPE_CHECKING:
    from .reporting.period import ReportingPeriod
    from .reporting.scope import PeriodScope

__all__ = ["CASES_PER_PART", "Part", "run_parts"]

#: Cases a part of already-read cases holds (a range holds as many rows).
CASES_PER_PART = 200

_Raw = tuple[str, str, dict[str, Any] | None, tuple[InputIssue, ...], Any]
#: What a worker is given: a range to read, or cases read already.
_Work: TypeAlias = TextRange | list[_Raw]
_TallyItem = tuple[bool, Any, tuple[tuple[str, str], ...], tuple[tuple[str, bool], ...]]
#: An id a worker read: the index of its case among the part's outputs (where it would be
#: when the period left it out), the id, its first row and how many more, and why the
#: period left it out (``None``: it did not).
_Claim = tuple[int, str, int, int, str | None]
#: What a worker sends back (plain tuples pickle fastest): the spool file holding the part's
#: text as UTF-8 (the text itself when there is no spool), where each case ends in it (in
#: characters), each case's tally, its results with input errors
#: by index, for a range the ids read and the read issues of those cases that had some
#: (needed if the case turns out a duplicate), and how many cases the period left out, why.
_Done = tuple[
    str | bytes,
    list[int],
    list[_TallyItem],
    dict[int, CaseResult],
    list[_Claim],
    dict[int, tuple[InputIssue, ...]],
    dict[str, int],
]


@dataclass(slots=True)
class Part:
    """Some cases' output, in input order: their text, where each case ends in it (in
    characters), their tallies, and those of them with input errors, by index."""

    text: bytes
    ends: list[int]
    tallies: list[Tally]
    errors: dict[int, CaseResult]
    #: cases read, and those a period or as-of day left out, by why (see PeriodScope)
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def texts(self) -> Iterator[str]:
        """Each case's text, for a writer that must be given them one at a time."""
        whole = self.text.decode("utf-8")
        start = 0
        for end in self.ends:
            yield whole[start:end]
            start = end


def run_parts(
    inputs: Iterable[RawCase | RangePart],
    render: Render,
    *,
    ruleset: str | None = None,
    as_of: date | None = None,
    engine: str = "builtin",
    jobs: int = 2,
    scope: PeriodScope | None = None,
    guidance: str | None = None,
) -> Iterator[Part]:
    """Check and render every case over ``jobs`` processes; parts come in input order, one
    result per input case. ``scope``: the period whose complaints alone are checked; the
    workers leave the others out, and it is told how many and why."""
    period = (scope.period, scope.as_of) if scope is not None else None
    checking = partial(
        _check_part,
        render=render,
        ruleset=ruleset,
        as_of=as_of,
        engine=engine,
        period=period,
        guidance=guidance,
    )
    try:
        spool: str | None = tempfile.mkdtemp(prefix="complycheck-parts-")
    except OSError:
        spool = None  # no room for temporary files: the parts come back through the pool
    try:
        yield from _run_pool(_shares(inputs), partial(checking, spool=spool), checking, jobs, scope)
    finally:
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)  # what a stopped run's workers left


def _run_pool(
    shares: Iterator[tuple[_Work, InputIds | None]],
    spooling: Callable[[_Work], _Done],
    checking: Callable[..., _Done],
    jobs: int,
    scope: PeriodScope | None,
) -> Iterator[Part]:
    import multiprocessing  # only a run of several processes needs it

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_leave_signals_to_the_parent) as pool:
        # fed a window at a time, as runner does, so that a slow writer never has the whole
        # log read ahead and held: at most two windows of parts are in flight
        window = 4 * jobs
        pending: Iterator[_Done] = iter(())
        pending_ids: list[InputIds | None] = []
        while batch := list(islice(shares, window)):
            done = pool.imap(spooling, [work for work, _ in batch])
            for item, ids in zip(pending, pending_ids, strict=True):
                yield _counted(_admitted(item, ids, checking), scope)
            pending, pending_ids = done, [ids for _, ids in batch]
        for item, ids in zip(pending, pending_ids, strict=True):
            yield _counted(_admitted(item, ids, checking), scope)
        # told there is no more work, the workers leave of themselves; terminating them (the
        # context's exit) could signal one still starting up, before it leaves signals
        # to the parent, and wait for it for ever
        pool.close()
        pool.join()


def _counted(part: Part, scope: PeriodScope | None) -> Part:
    if scope is not None:
        scope.read += part.read
        scope.skipped.update(part.skipped)  # type: ignore[arg-type]  # the same words
    return part


def _shares(inputs: Iterable[RawCase | RangePart]) -> Iterator[tuple[_Work, InputIds | None]]:
    """Ranges as they are; cases read already, gathered into lists of :data:`CASES_PER_PART`."""
    cases: list[_Raw] = []
    for item in inputs:
        if isinstance(item, RangePart):
            if cases:
                yield cases, None
                cases = []
            yield item.range, item.ids
            continue
        cases.append((item.source, item.location, item.data, item.issues, item.origin))
        if len(cases) >= CASES_PER_PART:
            yield cases, None
            cases = []
    if cases:
        yield cases, None


def _leave_signals_to_the_parent() -> None:
    """As :mod:`.runner`'s workers: Ctrl-C is the parent's to handle, SIGTERM ends a worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _check_part(
    work: _Work,
    render: Render,
    ruleset: str | None,
    as_of: date | None,
    engine: str,
    period: tuple[ReportingPeriod | None, date | None] | None = None,
    guidance: str | None = None,
    spool: str | None = None,
) -> _Done:
    """In a worker: read (a range), check and render every case of one part; with a
    ``period`` (and as-of day), only the complaints it covers, as PeriodScope chooses.
    The text goes to a new file in the ``spool`` directory when there is one."""
    claims: list[_Claim] = []
    skipped: dict[str, int] = {}
    in_scope = _in_scope(period)
    read_issues: dict[int, tuple[InputIssue, ...]] = {}
    if isinstance(work, TextRange):
        seen = Claims()
        ids = seen.reading(work.log.source, Span("row"))
        made = seen.made
        raws: Iterable[RawCase] = read_range(work, ids)
    else:
        made = []
        raws = (RawCase(*raw) for raw in work)
    texts: list[str] = []
    ends: list[int] = []
    tallies: list[_TallyItem] = []
    errors: dict[int, CaseResult] = {}
    length = 0
    for raw in raws:
        index = len(ends)
        left_out = in_scope(raw) if in_scope is not None else None
        if left_out is not None:
            skipped[left_out] = skipped.get(left_out, 0) + 1
        if made:
            case_id, first, more = made.pop()
            claims.append((index, case_id, first, more, left_out))
            if raw.issues:
                read_issues[index] = raw.issues
        if left_out is not None:
            continue
        result = check_raw(raw, ruleset, as_of, engine, guidance)
        text = render(result)
        texts.append(text)
        length += len(text)
        ends.append(length)
        tally = Tally.of(result)
        tallies.append((tally.input_error, tally.finding, tally.breaches, tally.measured))
        if result.errors:
            errors[index] = result
    output = "".join(texts).encode("utf-8")
    if spool is None:
        return output, ends, tallies, errors, claims, read_issues, skipped
    handle, name = tempfile.mkstemp(dir=spool)
    with open(handle, "wb") as file:
        file.write(output)
    return name, ends, tallies, errors, claims, read_issues, skipped


def _in_scope(
    period: tuple[ReportingPeriod | None, date | None] | None,
) -> Callable[[RawCase], str | None] | None:
    """Why a case is left out of the period (``None``: it is in), as PeriodScope decides."""
    if period is None:
        return None
    from .reporting.timeline import Timeline

    within, day = period

    def left_out(raw: RawCase) -> str | None:
        scope = Timeline.of(raw.data, day).scope(within, day)
        return None if scope == "in_period" else scope

    return left_out


def _admitted(done: _Done, ids: InputIds | None, checking: Callable[..., _Done]) -> Part:
    """A worker's part, its ids admitted into the run's: a duplicate's text and tally
    become those of its located error, as :meth:`InputIds.admit` makes it (a duplicate is
    an error, never left out by a period, as in one process)."""
    spooled, ends, tally_items, errors, claims, read_issues, skipped = done
    text = _unspooled(spooled)
    tallies = [Tally(*item) for item in tally_items]
    read = len(ends) + sum(skipped.values())
    part = Part(text, ends, tallies, errors, read, Counter(skipped))
    if ids is None or not claims:
        return part
    found: list[tuple[int, str | None, str, Tally, CaseResult]] = []
    # the part's ids looked up at once; an id twice in the part is found among those new
    earlier = ids.seen.first_reads([claim[1] for claim in claims], ids.index)
    new: set[str] = set()
    for index, case_id, first, more, left_out in claims:
        if case_id not in earlier and case_id not in new:
            ids.seen.remember(case_id, ids.index, first, more)
            new.add(case_id)
            continue
        own = RawCase(ids.source, ids.place(first, more), None, read_issues.get(index, ()))
        error = ids.admit(own, case_id, first, more)
        redone = checking([(error.source, error.location, None, error.issues, None)])
        found.append(
            (
                index,
                left_out,
                _unspooled(redone[0]).decode("utf-8"),
                Tally(*redone[2][0]),
                redone[3][0],
            )
        )
    if found:
        _replace(part, found)
    return part


def _unspooled(spooled: str | bytes) -> bytes:
    """A part's text, its spool file read and removed."""
    if isinstance(spooled, bytes):
        return spooled
    with open(spooled, "rb") as file:
        text = file.read()
    os.unlink(spooled)
    return text


def _replace(part: Part, found: list[tuple[int, str | None, str, Tally, CaseResult]]) -> None:
    """Put duplicates' errors in ``part``: in place of the case's output, or where it would
    have been when the period left it out (then it is no longer left out)."""
    texts = list(part.texts())
    tallies, errors = part.tallies, part.errors
    for index, left_out, text, tally, result in reversed(found):  # later indices first
        if left_out is None:
            texts[index], tallies[index] = text, tally
        else:
            texts.insert(index, text)
            tallies.insert(index, tally)
            part.skipped[left_out] -= 1
            errors = {(i + 1 if i >= index else i): r for i, r in errors.items()}
        errors[index] = result
    ends, length = [], 0
    for case_text in texts:
        length += len(case_text)
        ends.append(length)
    part.text, part.ends, part.tallies, part.errors = (
        "".join(texts).encode("utf-8"),
        ends,
        tallies,
        errors,
    )
