"""Request bodies read as they arrive, by the synchronous readers the CLI uses.

The log and case readers are plain blocking code that reads a binary file; an upload
arrives as ASGI messages on the event loop. :class:`ReceivedBody` hands each message's bytes
to a reader running in a worker thread (``anyio.from_thread``), so a log is checked while it
is still being uploaded and never sits whole in memory or on disk
(:class:`~complycheck.logs.streams.ChunkReader` makes the chunks a binary file).
"""

from __future__ import annotations

from collections.abc import Callable

import anyio.from_thread
from starlette.types import Message, Receive

from ..logs.streams import RETAINED, ChunkReader
from .guard import body_too_large
from .problems import ApiError, issue

__all__ = ["RETAINED", "ChunkReader", "ClientGone", "ReceivedBody", "read_whole", "too_many_cases"]


class ClientGone(Exception):
    """The caller closed the connection before sending all of its request."""


class ReceivedBody:
    """The request body's chunks, fetched from the event loop by a worker thread.

    ``next_chunk`` returns ``b""`` at the end, and raises the 413 as soon as more than
    ``limit`` bytes have come (a chunked upload declares no length up front).
    """

    def __init__(self, receive: Receive, limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._received = 0
        self._more = True
        #: called before waiting for the next chunk (a streamed response sends what it
        #: has gathered, so that a caller waiting for it before sending more is not stuck)
        self.before_waiting: Callable[[], None] | None = None

    @property
    def complete(self) -> bool:
        """Whether the whole body has arrived: reading the rest of it will not wait."""
        return not self._more

    async def _message(self) -> Message:
        return await self._receive()

    def next_chunk(self) -> bytes:
        if self._more and self.before_waiting is not None:
            self.before_waiting()
        while self._more:
            message: Message = anyio.from_thread.run(self._message)
            if message["type"] == "http.disconnect":
                raise ClientGone
            self._more = bool(message.get("more_body", False))
            chunk: bytes = message.get("body", b"")
            self._received += len(chunk)
            if self._received > self._limit:
                raise body_too_large(self._limit)
            if chunk:
                return chunk
        return b""


async def read_whole(receive: Receive, limit: int) -> bytes:
    """The whole body, for the endpoints whose input is one document (a case, a JSON list)."""
    parts: list[bytes] = []
    received = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientGone
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > limit:
            raise body_too_large(limit)
        parts.append(chunk)
        more = bool(message.get("more_body", False))
    return b"".join(parts)


def too_many_cases(limit: int) -> ApiError:
    """The 413 for a batch of more cases than the service takes in one request."""
    return ApiError(
        413,
        [
            issue(
                f"the batch holds more than this service's limit of {limit} cases",
                field="body",
                expected=f"at most {limit} cases per request (the service's "
                "--max-batch-cases); send the rest in another request",
            )
        ],
    )
