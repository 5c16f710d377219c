"""Log-level answers for a reporting year: per-complaint rows, filters and the figures.

A log is read, each complaint placed against a reporting period and an as-of day
(:mod:`.period`, :mod:`.timeline`), checked, and turned into one :class:`CaseRow` per
complaint (:mod:`.rows`); the figures a complaints manager, a board and the regulator ask
for (:mod:`.figures`, :mod:`.tsm`) are counted from the rows as they pass, so a log of any
size costs flat memory. :func:`check_log` is the typed entry point (:mod:`.api`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import LogResult, check_log
    from .figures import Figures, LogSummary, StageFigures
    from .period import ReportingPeriod
    from .rows import CaseRow, StageRow
    from .tsm import Ch02Basis, Ratio, TsmFigures

#: Each name is imported from its module when first asked for: the CLI loads this package
#: on every run for its options, and a run that reports nothing needs none of the rest.
_LAZY = {
    "LogResult": "api",
    "check_log": "api",
    "Figures": "figures",
    "LogSummary": "figures",
    "StageFigures": "figures",
    "ReportingPeriod": "period",
    "CaseRow": "rows",
    "StageRow": "rows",
    "Ch02Basis": "tsm",
    "Ratio": "tsm",
    "TsmFigures": "tsm",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "CaseRow",
    "Ch02Basis",
    "Figures",
    "LogResult",
    "LogSummary",
    "Ratio",
    "ReportingPeriod",
    "StageFigures",
    "StageRow",
    "TsmFigures",
    "check_log",
]
