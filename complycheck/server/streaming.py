"""A response written while its request is still being read and its cases checked.

Starlette's ``StreamingResponse`` listens for a disconnect by reading the request while it
streams (on servers speaking ASGI before 2.4, uvicorn among them); here the request body is
still the input being checked, so that listener would eat it. :class:`Streamed` runs the
synchronous producer in a worker thread and sends what it wrote, gathered into pieces of up
to 64 KB; whatever it has gathered is sent before the producer waits for more of the
upload, so a caller that sends the rest only after reading the results so far gets them.

The status is decided by the producer's first piece: a request refused before any output
(a log that cannot be read, an unknown format) is a 4xx like any other. A limit reached
after output has begun cannot change the status any more, so the stream ends with one line
``{"errors": [...]}`` naming the limit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from functools import partial

import anyio
import anyio.from_thread
import anyio.to_thread
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .chunks import ClientGone, ReceivedBody
from .problems import ApiError, error_json, issue

__all__ = ["Produce", "Streamed", "TooSlow", "too_slow"]

#: Makes the response from the request's body; each ``next`` is one result's text or bytes.
Produce = Callable[[ReceivedBody], Iterator[str | bytes]]


class Streamed(Response):
    """The text ``produce`` writes, sent as it is written."""

    def __init__(
        self,
        produce: Produce,
        *,
        media_type: str,
        time_limit: float,
        body_limit: int,
        whole: bool = False,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(media_type=media_type, headers=headers)
        self._produce = produce
        self._time_limit = time_limit
        self._body_limit = body_limit
        self._whole = whole  # the input was read whole before the response started
        self._stopped: ApiError | None = None  # raised after the results gathered before it
        self._gathered: list[str | bytes] = []  # written by the producer, not yet sent
        self._started = False  # the status has been sent: results may be sent as they come

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        deadline = time.monotonic() + self._time_limit
        body = ReceivedBody(receive, self._body_limit)
        pieces = self._lazily(body)
        abandoned = False
        try:
            try:
                piece = await self._next(pieces, body, deadline)
            except ApiError as exc:
                abandoned = isinstance(exc, TooSlow)
                await _error(exc, send)
                return
            except ClientGone:
                return
            raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
            await send({"type": "http.response.start", "status": 200, "headers": raw_headers})
            self._started = True
            body.before_waiting = partial(self._flush, send)
            while piece is not None:
                if piece:
                    await send({"type": "http.response.body", "body": piece, "more_body": True})
                try:
                    piece = await self._next(pieces, body, deadline)
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

    def _lazily(self, body: ReceivedBody) -> Generator[str | bytes, None, None]:
        """The producer's texts, started by the first ``next`` (in a worker thread, where its
        refusals are caught), not when the response starts."""
        yield from self._produce(body)

    async def _next(
        self, pieces: Iterator[str | bytes], body: ReceivedBody, deadline: float
    ) -> bytes | None:
        """The next results' text, None after the last; a 422 once past the deadline.

        A thread stuck reading a stalled upload is left behind at the deadline (it ends
        when the connection does).
        """
        take = self._several if self._whole or body.complete or self._started else self._one
        with anyio.move_on_after(max(deadline - time.monotonic(), 0)) as scope:
            data = await anyio.to_thread.run_sync(take, pieces, abandon_on_cancel=True)
        if scope.cancelled_caught:
            raise too_slow(self._time_limit)
        return data

    @staticmethod
    def _one(pieces: Iterator[str | bytes]) -> bytes | None:
        """The first result alone, while the input is still arriving: the status is sent
        with it, and until then nothing written can be sent before the producer waits."""
        piece = next(pieces, None)
        return piece.encode() if isinstance(piece, str) else piece

    def _several(self, pieces: Iterator[str | bytes]) -> bytes | None:
        """Results gathered into one send (a thread hop and a socket write per result cost a
        good share of checking it). Should the producer have to wait for more of the upload
        meanwhile, what it has written is sent first (:meth:`_flush`): a caller that sends
        the rest only once it has read the results so far must have them."""
        if self._stopped is not None:
            raise self._stopped
        gathered = self._gathered
        size = 0
        started = time.monotonic()
        try:
            for text in pieces:
                gathered.append(text)
                size += len(text)
                if size >= _PIECE_BYTES or time.monotonic() - started >= _PIECE_SECONDS:
                    break
        except ApiError as exc:  # a limit: what was written before it goes first
            if not gathered:
                raise
            self._stopped = exc
        return self._taken()

    def _taken(self) -> bytes | None:
        """What was gathered, as one piece, and nothing gathered any more."""
        if not self._gathered:
            return None
        data = b"".join(p.encode() if isinstance(p, str) else p for p in self._gathered)
        self._gathered.clear()
        return data

    def _flush(self, send: Send) -> None:
        """Send what was gathered, from the producer's thread, before it waits for input."""
        data = self._taken()
        if data:
            anyio.from_thread.run(_send_piece, send, data)


async def _send_piece(send: Send, data: bytes) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": True})


#: How much a gathered send holds at most, in characters and in time.
_PIECE_BYTES = 64 * 1024
_PIECE_SECONDS = 0.02


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
