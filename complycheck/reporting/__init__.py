"""Log-level answers for a reporting year: per-complaint rows, filters and the figures.

A log is read, each complaint placed against a reporting period and an as-of day
(:mod:`.period`, :mod:`.timeline`), checked, and turned into one :class:`CaseRow` per
complaint (:mod:`.rows`); the figures a complaints manager, a board and the regulator ask
for (:mod:`.figures`, :mod:`.tsm`) are counted from the rows as they pass, so a log of any
size costs flat memory. :func:`check_log` is the typed entry point (:mod:`.api`).
"""

from __future__ import annotations

from .api import LogResult, check_log
from .figures import Figures, LogSummary, Ratio, StageFigures
from .period import ReportingPeriod
from .rows import CaseRow, StageRow
from .tsm import Ch02Basis, TsmFigures

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
