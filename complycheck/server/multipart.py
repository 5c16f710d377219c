"""A ``multipart/form-data`` upload read part by part as it arrives.

Starlette's form parser spools file parts to temporary files; an uploaded log must never
touch the disk, so the body is fed to python-multipart's streaming parser here and each
part is read as a stream of its own (:meth:`Parts.next_part`, then the part's ``chunks``),
pulling the next piece of the body only when the part's reader wants more.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from .problems import ApiError, issue

__all__ = ["Part", "Parts"]

_PART_SHAPE = 'form-data parts, each with  Content-Disposition: form-data; name="..."'


@dataclass(slots=True)
class Part:
    """One part: its field name, file name and content type, and its bytes as they come."""

    name: str
    filename: str | None
    content_type: str
    chunks: Callable[[], bytes] = field(repr=False)


class Parts:
    """The parts of a multipart body whose raw chunks come from ``next_chunk``."""

    def __init__(self, next_chunk: Callable[[], bytes], boundary: str) -> None:
        self._next_chunk = next_chunk
        # what the parser found, in order: ("headers", a part's headers), ("data", bytes),
        # ("end", None); one write may hold several parts, so headers travel with the event
        self._events: deque[tuple[str, bytes | dict[bytes, bytes] | None]] = deque()
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._ended = False
        self._parser = MultipartParser(
            boundary.encode("latin-1"),
            {
                "on_part_begin": self._part_begin,
                "on_header_field": self._field,
                "on_header_value": self._value,
                "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished,
                "on_part_data": self._data,
                "on_part_end": lambda: self._events.append(("end", None)),
            },
        )

    def next_part(self) -> Part | None:
        """The next part (what is left of the one before is skipped), or None after the last."""
        while True:
            if not self._pumped():
                return None
            kind, headers = self._events.popleft()
            if kind == "headers" and isinstance(headers, dict):
                return self._part(headers)

    def _part(self, headers: dict[bytes, bytes]) -> Part:
        disposition, options = parse_options_header(headers.get(b"content-disposition"))
        name = options.get(b"name")
        if disposition != b"form-data" or name is None:
            raise ApiError(400, [issue("a part has no form-data name", expected=_PART_SHAPE)])
        filename = options.get(b"filename")
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        return Part(
            name.decode("utf-8", "replace"),
            None if filename is None else filename.decode("utf-8", "replace"),
            content_type,
            self._part_chunk,
        )

    def _part_chunk(self) -> bytes:
        """The next bytes of the current part, ``b""`` at its end."""
        while True:
            if not self._pumped():
                return b""
            kind, data = self._events[0]
            if kind != "data":
                if kind == "end":
                    self._events.popleft()
                return b""
            self._events.popleft()
            if isinstance(data, bytes) and data:
                return data

    def _pumped(self) -> bool:
        """Whether there is an event to take, feeding the parser until there is one."""
        while not self._events:
            if self._ended:
                return False
            self._pump()
        return True

    def _pump(self) -> None:
        """Feed the parser the next chunk of the body (a chunk may end mid-header)."""
        chunk = self._next_chunk()
        if not chunk:
            self._ended = True
            return
        try:
            self._parser.write(chunk)
        except MultipartParseError as exc:
            raise ApiError(
                400, [issue(f"the multipart body cannot be read: {exc}", expected=_PART_SHAPE)]
            ) from None

    def _part_begin(self) -> None:
        self._headers = {}

    def _field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field = self._header_value = b""

    def _headers_finished(self) -> None:
        self._events.append(("headers", self._headers))

    def _data(self, data: bytes, start: int, end: int) -> None:
        self._events.append(("data", bytes(data[start:end])))
