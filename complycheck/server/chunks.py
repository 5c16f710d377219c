"""Request bodies read as they arrive, by the synchronous readers the CLI uses.

The log and case readers are plain blocking code that reads a binary file; an upload
arrives as ASGI messages on the event loop. :class:`ReceivedBody` hands each message's bytes
to a reader running in a worker thread (``anyio.from_thread``), so a log is checked while it
is still being uploaded and never sits whole in memory or on disk. :class:`ChunkReader`
makes any source of chunks a binary file, rewindable over its first bytes, because the
delimited-text reader samples the start of a file to decide its encoding and delimiter and
then reads it again from the top.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import anyio.from_thread
from starlette.types import Message, Receive

from .guard import body_too_large
from .problems import ApiError, issue

__all__ = ["RETAINED", "ChunkReader", "ClientGone", "ReceivedBody", "read_whole", "too_many_cases"]

#: How much of the start of a stream is kept so that a reader may go back to its start:
#: the text reader's 64 KB sample plus what a buffered reader reads ahead of it.
RETAINED = 256 * 1024


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

    @property
    def complete(self) -> bool:
        """Whether the whole body has arrived: reading the rest of it will not wait."""
        return not self._more

    async def _message(self) -> Message:
        return await self._receive()

    def next_chunk(self) -> bytes:
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


class ChunkReader(io.RawIOBase):
    """A binary file over ``next_chunk`` (``b""`` at the end), read once, front to back.

    It can go back (``seek``) only within its first :data:`RETAINED` bytes, and only
    while nothing beyond them has been read: enough for the text reader's sample, and
    memory stays flat whatever the size of the stream.
    """

    def __init__(self, next_chunk: Callable[[], bytes]) -> None:
        super().__init__()
        self._next_chunk = next_chunk
        self._kept: bytearray | None = bytearray()  # the start, while it can be gone back to
        self._pending = b""  # fetched beyond what is kept and not yet read
        self._position = 0
        self._ended = False

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._kept is not None

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = {io.SEEK_SET: 0, io.SEEK_CUR: self._position}.get(whence)
        if target is None or self._kept is None or not 0 <= target + offset <= len(self._kept):
            raise io.UnsupportedOperation("an upload can only go back within its start")
        self._position = target + offset
        return self._position

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        wanted = len(buffer)
        if self._kept is not None and self._position < len(self._kept):
            data = bytes(self._kept[self._position : self._position + wanted])
        else:
            if not self._pending and not self._ended:
                self._pending = self._next_chunk()
                self._ended = not self._pending
                if self._kept is not None:
                    if len(self._kept) + len(self._pending) <= RETAINED:
                        self._kept += self._pending
                        self._pending = b""
                        return self.readinto(buffer)
                    self._kept = None  # past the start: going back is no longer possible
            data, self._pending = self._pending[:wanted], self._pending[wanted:]
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)


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
