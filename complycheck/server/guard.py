"""What wraps every request: the version header, the bearer token, the declared body size.

Written as plain ASGI middleware so that it also covers what no route answers (a 404, a
405, FastAPI's own ``/openapi.json``) and responses streamed after their headers.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from .problems import ApiError, issue

__all__ = ["VERSION_HEADER", "Guard", "answer", "body_too_large"]

#: On every response, so a stored answer can be traced to the release that gave it (the
#: ruleset id and hash are in every report).
VERSION_HEADER = "complycheck-version"

#: Endpoints answered without the token: a load balancer's liveness probe has none.
_OPEN_PATHS = frozenset({"/healthz"})


class Guard:
    """Stamps the version on every response; refuses a missing or wrong token (401) and a
    body whose declared length is over the limit (413) before any route reads it."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body_bytes: int) -> None:
        self._app = app
        self._token = token.encode() if token else None
        self._max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((VERSION_HEADER.encode(), __version__.encode()))
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await answer(refusal, stamped)
            return
        await self._app(scope, receive, stamped)

    def _refusal(self, scope: Scope) -> ApiError | None:
        headers = dict(scope.get("headers", []))
        if self._token is not None and scope["path"] not in _OPEN_PATHS:
            given = headers.get(b"authorization", b"")
            scheme, _, token = given.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(token.strip(), self._token):
                return ApiError(
                    401,
                    [
                        issue(
                            "this service needs a bearer token",
                            field="Authorization",
                            expected="the header  Authorization: Bearer <token>  with the "
                            "token the service was started with",
                        )
                    ],
                )
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self._max_body_bytes:
            return body_too_large(self._max_body_bytes)
        return None


def body_too_large(limit: int) -> ApiError:
    """The 413 for a body over the size limit, naming the limit."""
    return ApiError(
        413,
        [
            issue(
                f"the request body is larger than this service's limit of {limit} bytes",
                field="body",
                expected=f"at most {limit} bytes (the service's --max-body-mb); split the "
                "log, or ask for the limit to be raised",
            )
        ],
    )


async def answer(error: ApiError, send: Send) -> None:
    """Send ``error`` as a whole JSON response."""
    headers: list[tuple[bytes, bytes]] = [(b"content-type", b"application/json")]
    if error.status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="complycheck"'))
    body = error.body.encode()
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": error.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
