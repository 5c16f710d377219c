"""A response written while its request is still being read and its cases checked.

Starlette's ``StreamingResponse`` listens for a disconnect by reading the request while it
streams (on servers speaking ASGI before 2.4, uvicorn among them); here the request body is
still the input being checked, so that listener would eat it. :class:`Streamed` runs the
synchronous producer a piece at a time in a worker thread and sends what it wrote.

The status is decided by the producer's first piece: a request refused before any output
(a log that cannot be read, an unknown format) is a 4xx like any other. A limit reached
after output has begun cannot change the status any more, so the stream ends with one line
``{"errors": [...]}`` naming the limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator

import anyio
import anyio.to_thread
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .chunks import ClientGone
from .problems import ApiError, error_json, issue

__all__ = ["Produce", "Streamed", "TooSlow", "too_slow"]

#: Makes the response text from the request's ``receive``; a generator, so each ``next``
#: is one result's text.
Produce = Callable[[Receive], Iterator[str]]


class Streamed(Response):
    """The text ``produce`` writes, sent as it is written."""

    def __init__(
        self,
        produce: Produce,
        *,
        media_type: str,
        time_limit: float,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(media_type=media_type, headers=headers)
        self._produce = produce
        self._time_limit = time_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        deadline = time.monotonic() + self._time_limit
        pieces = self._lazily(receive)
        abandoned = False
        try:
            try:
                piece = await self._next(pieces, deadline)
            except ApiError as exc:
                abandoned = isinstance(exc, TooSlow)
                await _error(exc, send)
                return
            except ClientGone:
                return
            raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
            await send({"type": "http.response.start", "status": 200, "headers": raw_headers})
            while piece is not None:
                if piece:
                    await send({"type": "http.response.body", "body": piece, "more_body": True})
                try:
                    piece = await self._next(pieces, deadline)
                except ApiError as exc:
                    abandoned = isinstance(exc, TooSlow)
                    piece = (error_json(exc.issues) + "\n").encode()
                    await send({"type": "http.response.body", "body": piece, "more_body": True})
                    break
                except ClientGone:
                    return
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            if not abandoned:  # else it may still be running in its thread
                pieces.close()

    def _lazily(self, receive: Receive) -> Generator[str, None, None]:
        """The producer's texts, started by the first ``next`` (in a worker thread, where its
        refusals are caught), not when the response starts."""
        yield from self._produce(receive)

    async def _next(self, pieces: Iterator[str], deadline: float) -> bytes | None:
        """The next result's text, None after the last; a 422 once past the deadline.

        One result at a time: the producer may next wait for more of the upload, and what
        it has written must reach the caller before it does. A thread stuck reading a
        stalled upload is left behind at the deadline (it ends when the connection does).
        """
        with anyio.move_on_after(max(deadline - time.monotonic(), 0)) as scope:
            text = await anyio.to_thread.run_sync(next, pieces, None, abandon_on_cancel=True)
        if scope.cancelled_caught:
            raise too_slow(self._time_limit)
        return None if text is None else text.encode()


class TooSlow(ApiError):
    """A request past the service's time limit."""


def too_slow(limit: float) -> TooSlow:
    """The 422 for a request past the time limit, naming the limit."""
    return TooSlow(
        422,
        [
            issue(
                f"the request took longer than this service's limit of {limit:g} seconds; "
                "the rest of its input was not checked",
                field="time",
                expected=f"a request that finishes within {limit:g} seconds (the service's "
                "--time-limit); send the input in smaller parts",
            )
        ],
    )


async def _error(error: ApiError, send: Send) -> None:
    body = error.body.encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
