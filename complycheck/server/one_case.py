"""``POST /v1/check``, the call a housing system makes once per complaint, kept light.

A one-case request costs about as much in FastAPI's per-request machinery (routing,
solving the declared parameters with pydantic, the exception middleware) and in a hop to a
worker thread as in reading and checking the case (see benchmarks/bench_server.py).
:class:`OneCase` therefore answers a plain request (only the route's own query parameters,
each once, ``as_of`` written YYYY-MM-DD) straight from ASGI, through the same
:func:`~.runs.case_options` and :func:`case_report` as the FastAPI route, which stays
declared for the OpenAPI document and answers every other request to the path (a repeated
or malformed parameter, with FastAPI's located 422). A body of a few KB, any real case, is
checked on the event loop: it takes a few milliseconds, less than a thread hop adds to it;
a larger one goes to a worker thread, so that the time limit can abandon it.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qsl

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from .chunks import ClientGone, read_whole
from .guard import answer
from .problems import ApiError, issue
from .runs import CaseOptions, case_options, check_one
from .settings import Settings
from .streaming import too_slow

__all__ = ["INLINE_BYTES", "OneCase", "case_report"]

#: Bodies up to this size are checked on the event loop rather than in a worker thread.
INLINE_BYTES = 64 * 1024
_PATH = "/v1/check"
_PARAMETERS = frozenset({"as_of", "ruleset", "source"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SOURCE_CHARACTERS = range(1, 501)  # as the route declares ``source``
_JSON = b"application/json"


async def case_report(
    receive: Receive, content_type: str, options: CaseOptions, settings: Settings
) -> str:
    """The request's case, read whole and checked: its result as JSON text, or the
    :class:`ApiError` that refuses it (a 422 naming the time limit when it is passed)."""
    limit = settings.time_limit_seconds
    text: str | None = None
    with anyio.move_on_after(limit):
        body = await read_whole(receive, settings.max_body_bytes)
        if len(body) <= INLINE_BYTES:
            return check_one(body, content_type, options)
        text = await anyio.to_thread.run_sync(
            check_one, body, content_type, options, abandon_on_cancel=True
        )
    if text is None:
        raise too_slow(limit)
    return text


class OneCase:
    """Answers a plain ``POST /v1/check`` itself; passes everything else on."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self._app = app
        self._settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == _PATH and scope["method"] == "POST":
            options = _plain_options(scope["query_string"])
            if options is not None:
                await self._answer(options, scope, receive, send)
                return
        await self._app(scope, receive, send)

    async def _answer(
        self, query: dict[str, str], scope: Scope, receive: Receive, send: Send
    ) -> None:
        content_type = ""
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value.decode("latin-1")
        try:
            as_of = query.get("as_of")
            options = case_options(
                query.get("source", "request"),
                query.get("ruleset"),
                None if as_of is None else date.fromisoformat(as_of),
            )
            text = await case_report(receive, content_type, options, self._settings)
        except ApiError as error:
            await answer(error, send)
            return
        except ClientGone:
            await answer(ApiError(400, [issue("the request ended before its body was sent")]), send)
            return
        body = text.encode()
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", _JSON)]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _plain_options(query_string: bytes) -> dict[str, str] | None:
    """The query's parameters when each is the route's, given once and plainly valid;
    ``None`` leaves the request to the FastAPI route (and its located 422s)."""
    found: dict[str, str] = {}
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name not in _PARAMETERS or name in found:
            return None
        found[name] = value
    as_of = found.get("as_of")
    if as_of is not None:
        if not _ISO_DAY.fullmatch(as_of):
            return None
        try:
            date.fromisoformat(as_of)
        except ValueError:
            return None
    if "source" in found and len(found["source"]) not in _SOURCE_CHARACTERS:
        return None
    return found
