"""Raw cases in, one :class:`CaseResult` per case out, in input order.

This is where a log is checked at scale: each case is validated and checked on its own, so
a bad one becomes an error result and never stops the run (a second case with an id already
read comes here as such an error, from :mod:`.ids`); ``jobs > 1`` spreads the work over
processes with ``imap`` so results still come out in input order, fed in windows so that
memory stays bounded by the cases in flight however slowly the results are taken.
:func:`run_rendered` has the workers also write each checked case's output text, so only
that string and a small :class:`Tally` come back instead of the whole report.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from itertools import islice
from typing import Any, TypeVar

from .engine import check
from .errors import InputError, InputIssue
from .inputs import Origin, RawCase
from .render.summary import Tally
from .results import CaseResult
from .rulesets import Finding
from .validation import validate_case

_CHUNK = 256
_T = TypeVar("_T")


def check_raw(
    raw: RawCase,
    ruleset: str | None,
    as_of: date | None,
    engine: str,
    guidance: str | None = None,
) -> CaseResult:
    """Validate and check one raw case; every failure of the case becomes part of the
    result. A ruleset (or guidance edition) the caller names that does not exist is the
    caller's error, and raises (a case's own ``code`` can only name a bundled ruleset: the
    case model sees to that)."""
    case_id = raw.case_id
    if raw.data is None:
        return CaseResult(raw.source, raw.location, case_id, errors=raw.issues)
    validated = validate_case(raw.data, source=raw.source, location=raw.location, origin=raw.origin)
    if isinstance(validated, list):
        return CaseResult(raw.source, raw.location, case_id, errors=(*raw.issues, *validated))
    if raw.issues:
        return CaseResult(raw.source, raw.location, case_id, errors=raw.issues)
    try:
        report = check(validated, ruleset, as_of, engine=engine, guidance=guidance)
    except InputError as exc:
        issues = tuple(replace(i, source=raw.source, location=raw.location) for i in exc.issues)
        return CaseResult(raw.source, raw.location, case_id, errors=issues)
    return CaseResult(raw.source, raw.location, case_id, report=report)


@dataclass(slots=True)  # not frozen: one per case, made in the parent, which limits --jobs
class Rendered:
    """A checked case as the output needs it: its text, written out, and its tally."""

    text: str
    tally: Tally


#: Writes out one checked case's output text (a :class:`RenderingWriter`'s ``render``).
Render = Callable[[CaseResult], str]

# What crosses the process boundary travels as plain tuples: pickling a dataclass instance
# costs several times what its fields do (its class is looked up by name every time), and
# the parent, which pickles every case out and unpickles every result back, is what limits
# --jobs. A raw case:
_Item = tuple[str, str, dict[str, Any] | None, tuple[InputIssue, ...], Origin | None]
#: A rendered case: its text, then the fields of its :class:`Tally`.
_RenderedItem = tuple[
    str, bool, Finding | None, tuple[tuple[str, str], ...], tuple[tuple[str, bool], ...]
]


def run_cases(
    raw_cases: Iterable[RawCase],
    *,
    ruleset: str | None = None,
    as_of: date | None = None,
    engine: str = "builtin",
    jobs: int = 1,
    guidance: str | None = None,
) -> Iterator[CaseResult]:
    """Check every raw case; yields exactly one result per input case, in input order."""
    work = partial(_work, ruleset=ruleset, as_of=as_of, engine=engine, guidance=guidance)
    return _map(work, raw_cases, jobs)


def run_rendered(
    raw_cases: Iterable[RawCase],
    render: Render,
    *,
    ruleset: str | None = None,
    as_of: date | None = None,
    engine: str = "builtin",
    jobs: int = 1,
    guidance: str | None = None,
) -> Iterator[CaseResult | Rendered]:
    """As :func:`run_cases`, but each checked case comes as ``render``'s text and its tally.

    A case with input errors still comes as its :class:`CaseResult`: the errors are
    reported from it, and such cases are few.
    """
    work = partial(
        _render_work,
        render=render,
        ruleset=ruleset,
        as_of=as_of,
        engine=engine,
        guidance=guidance,
    )
    for item in _map(work, raw_cases, jobs):
        if isinstance(item, CaseResult):
            yield item
        else:
            text, input_error, finding, breaches, measured = item
            yield Rendered(text, Tally(input_error, finding, breaches, measured))


def run_finished(
    raw_cases: Iterable[RawCase],
    finish: Callable[[CaseResult, dict[str, Any] | None], _T],
    *,
    ruleset: str | None = None,
    as_of: date | None = None,
    engine: str = "builtin",
    jobs: int = 1,
    guidance: str | None = None,
) -> Iterator[_T]:
    """As :func:`run_cases`, but each result goes through ``finish`` (with the case's raw
    data) where it was checked, so with ``jobs > 1`` only what ``finish`` makes of it comes
    back from the worker: a row of a table costs far less to send than a report.
    ``finish`` must be picklable (a module-level function, or a partial of one)."""
    work = partial(
        _finish_work,
        finish=finish,
        ruleset=ruleset,
        as_of=as_of,
        engine=engine,
        guidance=guidance,
    )
    return _map(work, raw_cases, jobs)


def _map(work: Callable[[_Item], _T], raw_cases: Iterable[RawCase], jobs: int) -> Iterator[_T]:
    items = ((raw.source, raw.location, raw.data, raw.issues, raw.origin) for raw in raw_cases)
    if jobs <= 1:
        yield from map(work, items)
        return
    # imap reads its input in a thread of its own, as fast as the workers take it, and keeps
    # every result until it is asked for: behind a slow writer (a pipe, a full disk) it would
    # read the whole log ahead and hold every result. Fed a window at a time, the next window
    # read only while the one before is checked, at most two windows are in flight.
    window = 2 * jobs * _CHUNK
    # fork shares the loaded rulesets and calendars with the workers; spawn where there is none
    import multiprocessing  # here: a run of one process, the usual one, never needs it

    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with context.Pool(jobs, initializer=_leave_signals_to_the_parent) as pool:
        checked: Iterator[_T] = iter(())
        while batch := list(islice(items, window)):
            checking = pool.imap(work, batch, chunksize=_CHUNK)
            yield from checked
            checked = checking
        yield from checked


def _leave_signals_to_the_parent() -> None:
    """A worker ignores Ctrl-C (sent to the whole process group) and dies of SIGTERM: the
    parent is stopped by both, cleans up and ends the pool, and no worker prints a
    traceback of its own on the way."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _work(
    item: _Item, ruleset: str | None, as_of: date | None, engine: str, guidance: str | None
) -> CaseResult:
    return check_raw(RawCase(*item), ruleset, as_of, engine, guidance)


def _render_work(
    item: _Item,
    render: Render,
    ruleset: str | None,
    as_of: date | None,
    engine: str,
    guidance: str | None,
) -> CaseResult | _RenderedItem:
    result = _work(item, ruleset, as_of, engine, guidance)
    if result.errors:
        return result
    tally = Tally.of(result)
    return render(result), tally.input_error, tally.finding, tally.breaches, tally.measured


def _finish_work(
    item: _Item,
    finish: Callable[[CaseResult, dict[str, Any] | None], _T],
    ruleset: str | None,
    as_of: date | None,
    engine: str,
    guidance: str | None,
) -> _T:
    return finish(_work(item, ruleset, as_of, engine, guidance), item[2])
