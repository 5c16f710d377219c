"""A worker made ready before its first request, then its start-up objects set aside from
garbage collection.

**Warm-up.** The first case checked in a fresh process loads what every later one reuses:
the bundled rulesets, the bank-holiday calendars, the report's sentence writers. That took
about 0.4 s here, paid by whichever caller came first to each worker. :func:`ready_worker`
pays it once at start-up instead, by checking a small case through each bundled ruleset on
the very path a request takes (:func:`~.runs.check_one`), and loading every nation's
calendar for ``GET /v1/workdays``.

**Freeze.** A long-running worker holds some 70,000 objects from start-up (FastAPI, pydantic,
the rulesets, the calendars) that live as long as it does. Checking a case leaves no cyclic
garbage, so one-case traffic alone rarely starts a full collection; but a batch or a log
upload leaves enough survivors behind to start one, and a full collection walks every one
of those objects while requests wait. Measured on the 2-core development machine while
other work shared it (benchmarks/bench_server.py, one worker, 2,000-case batches between
one-case runs): a full collection during or just after the first batch, pausing the worker
146-259 ms (wall clock; about 45 ms of CPU), which set the p99 of the run it fell in.
:func:`gc.freeze` moves the objects alive at that moment into a permanent generation that
collections skip, the practice the Python documentation describes for long-running and
pre-fork servers: a full collection then walks only what was made since start-up, and
checking a case costs no more (same-run CPU ratios, frozen to not: 1.00 for ``check_one``
alone, 0.88 through the whole ASGI app). Nothing is lost: garbage made before the freeze is
collected first, and the frozen objects are the service's own, kept until the worker exits
anyway.
"""

from __future__ import annotations

import gc
import json
from datetime import date

from ..rulesets import list_rulesets
from ..vocabulary import NATIONS
from ..workdays import calendar_for
from .runs import CaseOptions, check_one

__all__ = ["ready_worker"]

#: An open complaint, enough to run every rule of a ruleset and write its report.
_CASE = json.dumps(
    {"id": "warm-up", "events": [{"date": "2024-06-03", "type": "complaint_received"}]}
).encode()
_AS_OF = date(2024, 7, 1)


def ready_worker() -> None:
    """Load what the first request would, then freeze the objects loaded so far."""
    for ruleset in list_rulesets():
        check_one(_CASE, "application/json", CaseOptions(ruleset=ruleset, as_of=_AS_OF))
    for nation in NATIONS:
        calendar_for(nation).working_days_between(_AS_OF, _AS_OF.replace(year=_AS_OF.year + 1))
    gc.collect()
    gc.freeze()
