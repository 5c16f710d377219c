"""Build an annual report from a log: one pass of ``check_log``, the summary and the
collector filled from the same rows."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..reporting.api import check_log
from ..reporting.period import ReportingPeriod
from ..reporting.rows import CaseRow
from .collect import ReportCollector
from .page import AnnualReport, InputFile

__all__ = ["build_report", "file_sha256"]


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_report(
    files: Sequence[str | os.PathLike[str]],
    period: ReportingPeriod,
    *,
    landlord: str | None = None,
    group_by: Sequence[str] = (),
    today: date | None = None,
    tool_version: str | None = None,
    observe: Any = None,
    **options: Any,
) -> AnnualReport:
    """Check ``files`` for ``period`` and gather everything the page shows.

    ``options`` go to :func:`~complycheck.reporting.check_log` (``as_of``, ``homes``,
    ``basis``, ``mapping``...); ``observe`` also sees every row (the CLI counts them).
    """
    from .. import __version__

    today = today or date.today()
    as_of = options.pop("as_of", None) or period.default_as_of(today)
    collector = ReportCollector(period, as_of)

    def seen(row: CaseRow) -> None:
        collector.add(row)
        if observe is not None:
            observe(row)

    result = check_log(
        list(files),
        describe=collector.notes.append,
        period=period,
        as_of=as_of,
        group_by=group_by,
        today=today,
        observe=seen,
        **options,
    )
    summary = result.summary
    return AnnualReport(
        summary,
        collector,
        tuple(InputFile(Path(name).name, file_sha256(name)) for name in files),
        tool_version or __version__,
        today,
        landlord,
        tuple(group_by),
        options.get("ruleset"),
        guidance_forced=options.get("guidance"),
    )
