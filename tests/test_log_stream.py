"""``check_log`` over a :class:`LogStream` gives what it gives over the file, however the
stream arrives: a file that cannot seek, or chunks cut anywhere."""

from __future__ import annotations

import functools
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complycheck.logs import LogStream
from complycheck.logs.mapping import parse_mapping
from complycheck.reporting import check_log

ROOT = Path(__file__).resolve().parent.parent
YEAR = ROOT / "examples" / "logs" / "year-2024-25.csv"
LOGS = ROOT / "examples" / "logs"


class OneWay(io.RawIOBase):
    """A pipe-like binary stream: reads only, cannot seek."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _report(source: Any, **options: Any) -> tuple[list[Any], dict[str, Any]]:
    result = check_log(source, as_of=None, keep_results=False, **options)
    rows = [(row.location, row.case_id, row.finding, row.breaches) for row in result.cases]
    return rows, result.summary.to_dict()


def _cut(data: bytes, cuts: list[int]) -> Iterator[bytes]:
    bounds = sorted({min(cut, len(data)) for cut in cuts} | {0, len(data)})
    for start, end in itertools.pairwise(bounds):
        yield data[start:end]
        yield b""  # an empty chunk is not the end


def test_a_stream_that_cannot_seek_reads_as_the_file() -> None:
    expected = _report(str(YEAR), period="2024-25", group_by=["Team"])
    stream = LogStream(OneWay(YEAR.read_bytes()), name=str(YEAR))  # named as the file is
    assert _report(stream, period="2024-25", group_by=["Team"]) == expected
    assert expected[1]["in_report"] == 197


WIDE = LOGS / "complaints-wide.csv"


@functools.cache
def _wide_report() -> tuple[list[Any], dict[str, Any]]:
    return _report(str(WIDE), period="2023-24")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 3_000), max_size=12))
def test_chunks_cut_anywhere_read_as_the_file(cuts: list[int]) -> None:
    stream = LogStream(_cut(WIDE.read_bytes(), cuts), str(WIDE))
    assert _report(stream, period="2023-24") == _wide_report()


def test_the_format_may_be_given_instead_of_a_suffix() -> None:
    log = LOGS / "events-long.jsonl"
    expected = _report(str(log))
    got = _report(LogStream(OneWay(log.read_bytes()), name="from the CRM", format="jsonl"))
    assert got[0] == expected[0]
    assert len(got[0]) > 0


def test_a_workbook_stream_is_read_whole_and_reads_as_the_file() -> None:
    log = LOGS / "complaints.xlsx"
    expected = _report(str(log))
    got = _report(LogStream(OneWay(log.read_bytes()), name=str(log)))
    assert got == expected


def test_a_stream_is_named_by_its_name_in_every_row() -> None:
    rows = check_log(LogStream(io.BytesIO(YEAR.read_bytes()), name="ours.csv")).cases
    assert {row.source for row in rows} == {"ours.csv"}


def test_a_stream_of_no_known_format_is_one_located_input_error() -> None:
    [row] = check_log(LogStream(io.BytesIO(b"a,b\n1,2\n"), name="export")).cases
    assert row.position == "input_error"
    assert row.location == "file"
    assert row.result is not None  # an error row keeps its located issues
    [issue] = row.result.errors
    assert issue.source == "export"
    assert "not a log format" in issue.message


def test_a_mapping_already_read_may_be_given_with_a_stream() -> None:
    mapping = parse_mapping(
        'id: "Ref"\nevents:\n  - {type: complaint_received, date: "Logged"}\n', "ours.yaml"
    )
    log = b"Ref,Logged\nQ-1,02/05/2024\nQ-2,03/06/2024\n"
    rows = list(check_log(LogStream(io.BytesIO(log), "x.csv"), mapping=mapping).cases)
    assert [row.case_id for row in rows] == ["Q-1", "Q-2"]
