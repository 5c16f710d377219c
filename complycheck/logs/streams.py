"""Logs read from a stream rather than opened by name: an HTTP upload, a pipe, a blob.

The log readers (:func:`~complycheck.logs.read_log`, and through it
:func:`complycheck.reporting.check_log`) read a binary file. A :class:`LogStream` names a
stream's log and says its format, and gives the readers a file over it: the stream is read
once, front to back, as the readers need it, and never written to disk. The delimited-text
reader samples a log's first 64 KB to decide its encoding and delimiter and then reads it
from the top, so :class:`ChunkReader` keeps the start of a stream (and only the start) to go
back to. A workbook is the one exception to flat memory: an .xlsx file is a zip archive
whose directory is at its end, so openpyxl must have the whole file to seek in, and a
workbook that arrives as a stream is held in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from .sources import SUFFIXES

__all__ = ["RETAINED", "ChunkReader", "LogStream"]

#: How much of the start of a stream is kept so that a reader may go back to its start:
#: the text reader's 64 KB sample plus what a buffered reader reads ahead of it.
RETAINED = 256 * 1024
_READ_SIZE = 64 * 1024


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
            raise io.UnsupportedOperation("a stream can only go back within its start")
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


@dataclass(frozen=True, slots=True)
class LogStream:
    """A log read from ``source``: a binary file (it need not be seekable) or byte chunks.

    ``name`` names the log in every result and message, as a file's path would.
    ``format``: how to read it, as a file suffix says it (``csv``, ``tsv``, ``txt``,
    ``xlsx``, ``jsonl``); by default, from ``name``'s suffix. A log whose format cannot be
    told is reported as an input error when it is read, as an unknown suffix is.
    """

    source: IO[bytes] | Iterable[bytes]
    name: str = "<stream>"
    format: str | None = None

    @property
    def path(self) -> Path:
        """A path whose suffix says the format (the readers take the format from a suffix);
        it only names the format: nothing is opened by it."""
        suffix = f".{self.format.lower().lstrip('.')}" if self.format else Path(self.name).suffix
        return Path(f"stream{suffix}")

    def file(self) -> IO[bytes]:
        """The stream as the log readers read it: a text log streamed (rewindable over its
        start), a workbook whole in memory unless the source can already seek."""
        if _is_file(self.source):
            source = cast(IO[bytes], self.source)
            if source.seekable():
                return source
            next_chunk = _file_chunks(source)
        else:
            next_chunk = _iterator_chunks(iter(self.source))
        if SUFFIXES.get(self.path.suffix.lower()) == "xlsx":
            whole = io.BytesIO()
            while chunk := next_chunk():
                whole.write(chunk)
            whole.seek(0)
            return whole
        return cast(IO[bytes], io.BufferedReader(ChunkReader(next_chunk)))


def _is_file(source: object) -> bool:
    return hasattr(source, "read")


def _file_chunks(source: IO[bytes]) -> Callable[[], bytes]:
    read = getattr(source, "read1", source.read)
    return lambda: bytes(read(_READ_SIZE))


def _iterator_chunks(chunks: Iterator[bytes]) -> Callable[[], bytes]:
    """The next non-empty chunk (an empty one is not the end), ``b""`` at the end."""

    def next_chunk() -> bytes:
        for chunk in chunks:
            if chunk:
                return bytes(chunk)
        return b""

    return next_chunk
