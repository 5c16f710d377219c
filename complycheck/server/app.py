"""The routes: each reads its request, hands it to :mod:`.runs` or :mod:`.catalogue`, and
answers; errors become the CLI's located-error shape (see :mod:`.problems`).

``create_app`` builds the service from :class:`~.settings.Settings`; ``app_from_environment``
is what ``complycheck serve`` has uvicorn import in each worker process.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import anyio
import anyio.to_thread
from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from .. import __version__
from ..workdays import Nation
from . import catalogue
from .chunks import ClientGone, ReceivedBody, read_whole
from .guard import Guard
from .one_case import OneCase, case_report
from .openapi import complete_document
from .problems import ApiError, error_json, issue
from .report_options import (
    DEFAULT_BASIS_NAME,
    Basis,
    DueWithin,
    GroupBy,
    Homes,
    HomesLcho,
    HomesLcra,
    OnlyKinds,
    Period,
    PeriodEnd,
    PeriodStart,
    TenureColumn,
    year_options,
)
from .runs import (
    LogOptions,
    batch_document,
    batch_lines,
    case_options,
    is_json_lines,
    known_format,
    log_run,
    media_type,
)
from .schemas import Health, RulesetDetail, RulesetSummary, WorkdaysBody
from .settings import Settings
from .streaming import Streamed, too_slow
from .warm import ready_worker

__all__ = ["app_from_environment", "create_app"]

AsOf = Annotated[
    date | None,
    Query(description="Treat this day as today (YYYY-MM-DD), as --as-of does. Default: today."),
]
RulesetId = Annotated[
    str | None,
    Query(
        description="Force a bundled ruleset (an id from GET /v1/rulesets) instead of the "
        "edition in force when the complaint was received."
    ),
]
Source = Annotated[
    str,
    Query(
        description="A name for the input, echoed as `source` in every result and error "
        "(for an upload, its file name is used when it has one).",
        min_length=1,
        max_length=500,
    ),
]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service, with ``settings`` (default: the defaults)."""
    settings = settings or Settings()
    app = FastAPI(
        title="complycheck",
        version=__version__,
        description="Check a social landlord's complaint handling against the Housing "
        "Ombudsman's Complaint Handling Code. Every response carries a `complycheck-version` "
        "header; every report carries the ruleset id and the SHA-256 of its file. See "
        "docs/service.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(OneCase, settings=settings)  # inside Guard: the token is checked first
    app.add_middleware(Guard, token=settings.token, max_body_bytes=settings.max_body_bytes)
    _add_error_handlers(app)
    _add_check_routes(app, settings)
    _add_catalogue_routes(app)
    app.openapi = lambda: _document(app)  # type: ignore[method-assign]
    return app


def app_from_environment() -> FastAPI:
    """The service as ``complycheck serve`` configured it (through the environment), in a
    worker made ready for its first request (see :mod:`.warm`)."""
    app = create_app(Settings.from_environment())
    ready_worker()
    return app


def _document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        generated = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        app.openapi_schema = complete_document(generated)
    return app.openapi_schema


def _json(error: ApiError) -> Response:
    headers = {"www-authenticate": 'Bearer realm="complycheck"'} if error.status == 401 else None
    return Response(
        error.body, status_code=error.status, media_type="application/json", headers=headers
    )


def _add_error_handlers(app: FastAPI) -> None:
    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return _json(exc)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        issues = [
            issue(
                str(error.get("msg", "not valid")),
                field=".".join(str(part) for part in error.get("loc", ())[1:]) or None,
                value=error.get("input"),
                location=str(error.get("loc", ("request",))[0]),
            )
            for error in exc.errors()
        ]
        return _json(ApiError(422, issues))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = "no such endpoint" if exc.status_code == 404 else str(exc.detail)
        body = error_json([issue(message, field="path", value=request.url.path)])
        return Response(
            body, status_code=exc.status_code, media_type="application/json", headers=exc.headers
        )

    async def gone(request: Request, exc: Exception) -> Response:
        return _json(ApiError(400, [issue("the request ended before its body was sent")]))

    async def unexpected(request: Request, exc: Exception) -> Response:
        body = error_json([issue("the service failed on this request; its log has the details")])
        return Response(body, status_code=500, media_type="application/json")

    app.add_exception_handler(ApiError, refused)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(ClientGone, gone)
    app.add_exception_handler(Exception, unexpected)


def _add_check_routes(app: FastAPI, settings: Settings) -> None:
    limit = settings.max_body_bytes

    @app.post(
        "/v1/check",
        operation_id="check_case",
        summary="Check one case",
        response_class=Response,
        openapi_extra={"x-complycheck-body": "case"},
    )
    async def check_case(
        request: Request,
        as_of: AsOf = None,
        ruleset: RulesetId = None,
        source: Source = "request",
    ) -> Response:
        """One case (the case format, as JSON or YAML) in; its report out, the same JSON as
        `complycheck check --format jsonl` writes for it."""
        options = case_options(source, ruleset, as_of)
        content_type = request.headers.get("content-type", "")
        text = await case_report(request.receive, content_type, options, settings)
        return Response(text, media_type="application/json")

    @app.post(
        "/v1/check/batch",
        operation_id="check_batch",
        summary="Check a batch of cases",
        response_class=Response,
        openapi_extra={"x-complycheck-body": "batch"},
    )
    async def check_batch(
        request: Request,
        as_of: AsOf = None,
        ruleset: RulesetId = None,
        source: Source = "request",
    ) -> Response:
        """A JSON list of cases, or JSON lines (one case per line) in; JSON lines out, one
        per case in input order, each as `check --format jsonl` writes it (a case that
        cannot be checked gives its located errors in its place). Streamed: JSON lines are
        checked as they arrive."""
        options = case_options(source, ruleset, as_of)
        content_type = request.headers.get("content-type", "")
        cases = settings.max_batch_cases
        lines = is_json_lines(content_type)
        if lines:

            def produce(body: ReceivedBody) -> Any:
                return batch_lines(body, options, cases)

        else:
            with anyio.move_on_after(settings.time_limit_seconds) as scope:
                whole = await read_whole(request.receive, limit)
            if scope.cancelled_caught:
                raise too_slow(settings.time_limit_seconds)

            def produce(body: ReceivedBody) -> Any:  # the body was read whole above
                return batch_document(whole, content_type, options, cases)

        return Streamed(
            produce,
            media_type="application/x-ndjson",
            time_limit=settings.time_limit_seconds,
            body_limit=limit,
            whole=not lines,  # a JSON list is read whole before its first case is checked
        )

    @app.post(
        "/v1/logs",
        operation_id="check_log",
        summary="Check a complaint log",
        response_class=Response,
        openapi_extra={"x-complycheck-body": "log"},
    )
    async def check_log(
        request: Request,
        as_of: AsOf = None,
        ruleset: RulesetId = None,
        source: Source = "upload",
        format: Annotated[
            str,
            Query(
                description="Output format, one of the CLI's --format values for a log: "
                "per case (text, json, jsonl, markdown, csv, junit...; jsonl: one JSON line "
                "per case, then the summary line) or for a reporting period (cases: a CSV row "
                "per complaint; xlsx: a workbook; summary, summary-markdown, summary-json: "
                "the figures).",
                max_length=40,
            ),
        ] = "jsonl",
        layout: Annotated[
            Literal["auto", "long", "wide"],
            Query(description="A row per event (long) or per complaint (wide)."),
        ] = "auto",
        sheet: Annotated[
            str | None, Query(description="The workbook sheet to read (default: the first).")
        ] = None,
        dayfirst: Annotated[
            bool, Query(description="Read 03/04/2023 as 3 April (false: as 4 March).")
        ] = True,
        header_row: Annotated[
            int | None,
            Query(
                ge=1,
                description="The row holding the column headers, as the spreadsheet numbers "
                "it (default: found below any title rows).",
            ),
        ] = None,
        period: Period = None,
        start: PeriodStart = None,
        end: PeriodEnd = None,
        only: OnlyKinds = (),
        due_within: DueWithin = None,
        group_by: GroupBy = (),
        homes: Homes = None,
        homes_lcra: HomesLcra = None,
        homes_lcho: HomesLcho = None,
        tenure_column: TenureColumn = None,
        ch02_basis: Basis = DEFAULT_BASIS_NAME,
    ) -> Response:
        """A CSV, TSV, XLSX or JSON-lines log in (the raw body with its content type, or
        multipart/form-data with a `log` part after an optional `mapping` part); the results
        in `format` out, as `complycheck check LOG --format FORMAT` with the same options
        writes them: a per-case format then the run's summary, or a reporting format
        (`cases`, `xlsx`, `summary`, `summary-markdown`, `summary-json`) for the period.
        Streamed both ways: rows are checked as they arrive and each result is sent when
        written. Two exceptions, forced by the zip format: an uploaded .xlsx workbook is read
        whole, in memory (within the body size limit), and an `xlsx` answer is sent whole
        once the log is read (its Summary sheet needs the whole year), from memory."""
        year = year_options(
            period=period,
            start=start,
            end=end,
            only=tuple(only),
            due_within=due_within,
            group_by=tuple(group_by),
            homes=homes,
            homes_lcra=homes_lcra,
            homes_lcho=homes_lcho,
            tenure_column=tenure_column,
            basis=ch02_basis,
        )
        options = LogOptions(
            cases=case_options(source, ruleset, as_of),
            format=known_format(format),
            layout=layout,
            sheet=sheet,
            dayfirst=dayfirst,
            header_row=header_row,
            year=year,
        )
        content_type = request.headers.get("content-type", "")

        def produce(body: ReceivedBody) -> Any:
            return log_run(body, content_type, options)

        return Streamed(
            produce,
            media_type=media_type(format),
            time_limit=settings.time_limit_seconds,
            body_limit=limit,
        )


def _add_catalogue_routes(app: FastAPI) -> None:
    @app.get("/v1/rulesets", operation_id="list_rulesets", response_model=list[RulesetSummary])
    def rulesets() -> list[RulesetSummary]:
        """The bundled rulesets (editions of the Code), newest first."""
        return catalogue.ruleset_summaries()

    @app.get("/v1/rulesets/{ruleset_id}", operation_id="get_ruleset", response_model=RulesetDetail)
    def ruleset(
        ruleset_id: Annotated[str, Path(description="A ruleset id, e.g. hos-chc-2024.")],
    ) -> RulesetDetail:
        """A ruleset and its rules, each with the Code provision it cites."""
        return catalogue.ruleset_detail(ruleset_id)

    @app.get("/v1/workdays", operation_id="count_workdays", response_model=WorkdaysBody)
    def workdays(
        start: Annotated[date, Query(alias="from", description="Start day, not counted.")],
        end: Annotated[date, Query(alias="to", description="End day, counted.")],
        nation: Annotated[Nation, Query(description="Whose bank holidays apply.")] = "england",
    ) -> WorkdaysBody:
        """Working days in (from, to], as `complycheck workdays` counts them."""
        return catalogue.workdays(start, end, nation)

    @app.get("/v1/schema/case", operation_id="case_schema")
    def schema() -> dict[str, Any]:
        """The JSON Schema of a case, as `complycheck schema` prints it."""
        return catalogue.case_schema()

    @app.get("/healthz", operation_id="health", response_model=Health)
    def health() -> Health:
        """Liveness; answered without the token."""
        return Health(status="ok", version=__version__)
