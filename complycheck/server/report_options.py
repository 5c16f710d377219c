"""The reporting options of ``POST /v1/logs``, as the CLI's ``check`` takes them.

Each query parameter is a ``check`` option of the same name (``from``/``to`` for
``--from``/``--to``, ``ch02_basis`` for ``--ch02-basis``); :func:`year_options` checks them
as the CLI does and gives the :class:`~complycheck.cli_year.YearOptions` the CLI would
build, so a report over HTTP is the CLI's report.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Query

from ..cli_year import YearOptions
from ..reporting.filters import DEFAULT_DUE_WITHIN, Only
from ..reporting.period import MONTH, PeriodError, ReportingPeriod
from ..reporting.tsm import Ch02Basis
from .problems import ApiError, issue

__all__ = [
    "DEFAULT_BASIS_NAME",
    "Basis",
    "BasisName",
    "DueWithin",
    "GroupBy",
    "Homes",
    "HomesLcho",
    "HomesLcra",
    "OnlyKinds",
    "Period",
    "PeriodEnd",
    "PeriodStart",
    "TenureColumn",
    "year_options",
]

Period = Annotated[
    str | None,
    Query(
        description="Reporting year, 1 April to 31 March (e.g. 2024-25), as --period. "
        "Complaints outside it are skipped and counted; as_of defaults to its end once it "
        "is over.",
        max_length=40,
    ),
]
PeriodStart = Annotated[
    date | None, Query(alias="from", description="Period start (with `to`), as --from.")
]
PeriodEnd = Annotated[date | None, Query(alias="to", description="Period end (with `from`).")]
OnlyKinds = Annotated[
    tuple[Only, ...],
    Query(
        description="List only complaints of this kind, as --only; repeat for several (any "
        "of them). The figures still cover every complaint."
    ),
]
DueWithin = Annotated[
    int | None,
    Query(
        ge=0,
        le=10_000,
        description="due-soon: next deadline within N working days (default "
        f"{DEFAULT_DUE_WITHIN}); implies only=due-soon.",
    ),
]
GroupBy = Annotated[
    tuple[Annotated[str, Query(min_length=1, max_length=200)], ...],
    Query(
        description="Break the summary down by an export column (team, officer...) or "
        f"{MONTH!r} (month received), as --group-by; repeat for several.",
    ),
]
Homes = Annotated[int | None, Query(ge=1, le=100_000_000, description="Homes owned, for TSM CH01.")]
HomesLcra = Annotated[
    int | None,
    Query(ge=1, le=100_000_000, description="Low-cost rental homes (CH01/CH02 split by tenure)."),
]
HomesLcho = Annotated[
    int | None,
    Query(
        ge=1,
        le=100_000_000,
        description="Low-cost home ownership homes (CH01/CH02 split by tenure).",
    ),
]
TenureColumn = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="Export column holding each complaint's tenure (default: Tenure).",
    ),
]
BasisName = Literal[
    "responded/allowed/response",
    "responded/allowed/whole-chain",
    "responded/strict/response",
    "responded/strict/whole-chain",
    "received/allowed/response",
    "received/allowed/whole-chain",
    "received/strict/response",
    "received/strict/whole-chain",
]
Basis = Annotated[
    BasisName,
    Query(description="CH02 basis shown as the headline; every basis is printed."),
]
#: The CLI's default basis (a test checks that these are the reporting's bases and default).
DEFAULT_BASIS_NAME: BasisName = "responded/allowed/response"


def year_options(
    *,
    period: str | None,
    start: date | None,
    end: date | None,
    only: tuple[Only, ...],
    due_within: int | None,
    group_by: tuple[str, ...],
    homes: int | None,
    homes_lcra: int | None,
    homes_lcho: int | None,
    tenure_column: str | None,
    basis: str,
) -> YearOptions:
    """The options as the CLI reads them; a 422 naming the parameter where it would refuse."""
    return YearOptions(
        _period(period, start, end),
        only,
        due_within,
        group_by,
        homes,
        homes_lcra,
        homes_lcho,
        tenure_column,
        Ch02Basis.parse(basis),
    )


def _period(text: str | None, start: date | None, end: date | None) -> ReportingPeriod | None:
    try:
        if text is not None:
            if start is not None or end is not None:
                raise _refused("period", text, "give a reporting year or from/to, not both")
            return ReportingPeriod.reporting_year(text)
        if start is None and end is None:
            return None
        if start is None or end is None:
            missing = "from" if start is None else "to"
            raise _refused(missing, None, "a period needs both from and to (or period)")
        return ReportingPeriod.between(start, end)
    except PeriodError as exc:
        if text is not None:
            raise _refused("period", text, str(exc)) from None
        raise _refused("from", start.isoformat() if start else None, str(exc)) from None


def _refused(field: str, value: str | None, message: str) -> ApiError:
    return ApiError(422, [issue(message, field=field, value=value)])
