"""Request bodies read as they arrive: any split of the bytes into chunks reads the same."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

pytest.importorskip("python_multipart", reason="needs the server extra")

import itertools

import httpx
from hypothesis import given
from hypothesis import strategies as st

from complycheck.server.chunks import RETAINED, ChunkReader
from complycheck.server.multipart import Parts
from complycheck.server.problems import ApiError


def chunked(data: bytes, cuts: list[int]) -> Callable[[], bytes]:
    """``data`` handed out in pieces cut at ``cuts`` (then ``b""`` for ever)."""
    bounds = sorted({min(cut, len(data)) for cut in cuts} | {0, len(data)})
    pieces = [data[a:b] for a, b in itertools.pairwise(bounds) if b > a]
    return lambda: pieces.pop(0) if pieces else b""


@given(st.binary(max_size=3000), st.lists(st.integers(0, 3000), max_size=20))
def test_a_chunk_reader_reads_back_exactly_its_bytes(data: bytes, cuts: list[int]) -> None:
    reader = io.BufferedReader(ChunkReader(chunked(data, cuts)), buffer_size=64)
    assert reader.read() == data


def test_a_chunk_reader_goes_back_to_its_start_as_the_text_reader_does() -> None:
    data = b"Ref,Date\n" + b"A,2024-01-01\n" * 20_000
    reader = io.BufferedReader(ChunkReader(chunked(data, list(range(0, len(data), 4096)))))
    sample = reader.read(64 * 1024)
    reader.seek(0)
    assert reader.read(len(sample)) == sample
    assert sample + reader.read() == data


def test_a_chunk_reader_keeps_only_the_start_of_a_long_stream() -> None:
    """Memory stays flat: past its first bytes a stream can no longer go back."""
    data = bytes(range(256)) * (4 * RETAINED // 256)
    raw = ChunkReader(chunked(data, list(range(0, len(data), 65536))))
    reader = io.BufferedReader(raw)
    assert reader.read(3 * RETAINED) == data[: 3 * RETAINED]
    assert not raw.seekable()
    with pytest.raises(io.UnsupportedOperation):
        raw.seek(0)


def _form(parts: list[tuple[str, tuple[str, bytes, str]]]) -> tuple[bytes, str]:
    request = httpx.Request("POST", "http://service/", files=parts)
    body = request.read()
    boundary = request.headers["content-type"].split("boundary=", 1)[1]
    return body, boundary


@given(st.lists(st.integers(0, 2000), max_size=30))
def test_multipart_parts_read_the_same_however_the_body_is_cut(cuts: list[int]) -> None:
    mapping = b'id: "Ref"\n'
    log = b"Ref,Logged\n" + b"Q-1,02/05/2024\n" * 40
    body, boundary = _form(
        [
            ("mapping", ("ours.yaml", mapping, "application/yaml")),
            ("log", ("x.csv", log, "text/csv")),
        ]
    )
    parts = Parts(chunked(body, cuts), boundary)
    found = []
    while (part := parts.next_part()) is not None:
        data = b""
        while chunk := part.chunks():
            data += chunk
        found.append((part.name, part.filename, part.content_type, data))
    assert found == [
        ("mapping", "ours.yaml", "application/yaml", mapping),
        ("log", "x.csv", "text/csv", log),
    ]


def test_a_broken_multipart_body_is_a_400() -> None:
    parts = Parts(chunked(b"--b\r\nnot a header line at all\r\n\r\n", []), "b")
    with pytest.raises(ApiError) as caught:
        while (part := parts.next_part()) is not None:
            while part.chunks():
                pass
    assert caught.value.status == 400
