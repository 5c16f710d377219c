"""``--jobs N`` with workers reading and writing their own share of a log (complycheck.parts):
the output, the summary, stderr and the exit status are those of one process, byte for
byte, whatever the log holds and wherever its ranges are cut."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.ids import SeenIds
from complycheck.logs.ranges import (
    RangePart,
    _parsed_row_ends,
    _row_ends,
    read_log_parts,
    read_range,
)
from complycheck.logs.reader import read_log

AS_OF = ["--as-of", "2024-09-01", "--fail-on", "never"]
HEADER = (
    "Complaint ref,Landlord,Date received,Date acknowledged,Stage 1 response date,"
    "Escalated,Stage 2 acknowledged,Stage 2 response,Notes\n"
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _messy_rows(count: int, seed: int = 3) -> list[str]:
    """Wide rows as real exports write them: quoted notes spanning lines, bad dates, blank
    rows, "N/A" cells, a lone carriage return and ids that come back far below."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        day = 1 + index % 27
        received = f"{day:02d}/03/2023"
        acknowledged = f"{day + 1:02d}/03/2023" if rng.random() < 0.9 else "N/A"
        response = f"{day:02d}/04/2023" if rng.random() < 0.8 else ""
        escalated = f"{day:02d}/05/2023" if response and rng.random() < 0.2 else ""
        notes = rng.choice(
            ["", "plain", '"damp, mould\nand a second line"', '"said ""soon"""', '"a\n\nb"']
        )
        if rng.random() < 0.02:
            received = "TBC"  # a bad row
        case_id = f"C{index:05d}"
        if index in (180, 199, 200, 401, 402, 640):  # duplicates, some across ranges
            case_id = f"C{index - rng.choice((1, 150, 179)):05d}"
        rows.append(
            f"{case_id},Acme Homes,{received},{acknowledged},{response},{escalated},,,{notes}\n"
        )
        if rng.random() < 0.03:
            rows.append("\n")  # blank rows are counted, never cases
        if rng.random() < 0.01:
            rows.append(",,,,,,,,\n")
    return rows


def _messy_log(tmp_path: Path, count: int = 700, *, ending: str = "") -> Path:
    path = tmp_path / "log.csv"
    text = "Complaints register 2023-24\nExported 02/12/2024\n\n" + HEADER
    text += "".join(_messy_rows(count)) + ending
    data = text.encode("utf-8").replace(b"C00050,", b"C00050\xa3,", 1)  # a cp1252 byte
    data = data.replace(b"\nC00060,", b"\rC00060,", 1)  # a lone carriage return
    path.write_bytes(data)
    return path


def _same(path: Path, *options: str) -> Result:
    serial = run("check", str(path), *AS_OF, "--jobs", "1", *options)
    parallel = run("check", str(path), *AS_OF, "--jobs", "2", *options)
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert parallel.exit_code == serial.exit_code
    return serial


@pytest.mark.parametrize("fmt", ["jsonl", "breaches", "csv", "json"])
def test_a_messy_wide_log_comes_out_byte_for_byte_as_one_process(tmp_path: Path, fmt: str) -> None:
    result = _same(_messy_log(tmp_path), "--format", fmt)
    if fmt == "jsonl":
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        summary = lines.pop()["summary"]
        assert summary["cases"] == len(lines) == 700  # cases in = results out
        twice = [r for r in lines if any("appears twice" in e["message"] for e in r["errors"])]
        assert len(twice) == 6
        assert summary["input_errors"] >= 6 + 10


def test_a_duplicate_in_a_later_range_names_the_row_first_read(tmp_path: Path) -> None:
    result = _same(_messy_log(tmp_path), "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()[:-1]]
    by_id = {}
    for line in lines:
        for error in line["errors"]:
            if "appears twice" in error["message"]:
                by_id[line["location"]] = error["message"]
    first_rows = {
        line["case_id"]: line["location"] for line in reversed(lines) if line.get("case_id")
    }
    for location, message in by_id.items():
        case_id = message.split()[1]
        assert message.endswith(f"it was first read at {first_rows[case_id]}"), (location, message)


def test_duplicates_are_found_the_same_once_ids_move_into_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the ids map past its dict (complycheck.ids.SPILL), every duplicate is still found,
    naming the row first read, with one process or two."""
    path = _messy_log(tmp_path)
    kept = run("check", str(path), *AS_OF, "--format", "jsonl", "--jobs", "1")
    monkeypatch.setattr("complycheck.ids.SPILL", 50)
    spilled = _same(path, "--format", "jsonl")
    assert spilled.stdout == kept.stdout
    assert spilled.stdout.count("appears twice") == 6


def test_an_unclosed_quote_at_the_end_is_the_same_error(tmp_path: Path) -> None:
    path = _messy_log(tmp_path, 450, ending='C99999,Acme,01/03/2023,,,,,,"never closed\nZ1,x\n')
    result = _same(path, "--format", "jsonl")
    assert "never closed" in result.stdout


def test_a_log_with_only_blank_rows_is_no_complaints(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "\n" * 450 + ",,,,\n", encoding="utf-8")
    result = _same(path, "--format", "jsonl")
    assert "no complaints" in result.stderr


def test_ranges_read_the_rows_read_log_reads(tmp_path: Path) -> None:
    """Each range starts at a row's start and numbers rows on, so together they give every
    case read_log gives, in order (duplicates aside: the parent finds those)."""
    path = _messy_log(tmp_path, 900)
    whole = [(c.location, c.data, c.issues) for c in read_log(path, seen=_Forgetful())]
    parts = list(read_log_parts(path, seen=SeenIds(), rows=37))
    assert all(isinstance(part, RangePart) for part in parts)
    assert len(parts) > 20
    assert _pieced(path, parts) == whole


def _pieced(path: Path, parts: list[Any]) -> list[tuple[Any, ...]]:
    """Every case the ranges of ``parts`` read, in order, as read_log would give them."""
    return [
        (c.location, c.data, c.issues)
        for part in parts
        if isinstance(part, RangePart)
        for c in read_range(part.range, _Forgetful().reading(str(path), part.ids.place))
    ]


class _Forgetful(SeenIds):
    def first_read(self, case_id: str, reader: int) -> None:
        return None


def test_a_long_log_whose_cases_span_parts(tmp_path: Path) -> None:
    """A long log is read once in the parent and fanned out, so no case is cut in two."""
    lines = ["case_id,date,type,stage\n"]
    for index in range(300):
        lines.append(f"L{index % 290},2023-03-01,complaint_received,\n")  # 10 come back later
        lines.append(f"L{index % 290},2023-03-02,complaint_acknowledged,1\n")
        lines.append(f"L{index % 290},2023-03-20,stage_response,1\n")
    path = tmp_path / "long.csv"
    path.write_text("".join(lines), encoding="utf-8")
    _same(path, "--format", "jsonl")


def test_a_workbook_is_read_once_and_fanned_out() -> None:
    _same(Path("examples/logs/complaints.xlsx"), "--format", "jsonl")


def test_logs_and_cases_together(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("id: C00003\nevents: []\n", encoding="utf-8")  # an id the log has too
    log = _messy_log(tmp_path, 300)
    serial = run("check", str(case), str(log), *AS_OF, "--format", "jsonl", "--jobs", "1")
    parallel = run("check", str(case), str(log), *AS_OF, "--format", "jsonl", "--jobs", "2")
    assert parallel.stdout == serial.stdout
    # a later input's warnings may be said while an earlier one is still being checked
    assert sorted(parallel.stderr.splitlines()) == sorted(serial.stderr.splitlines())


def test_breaches_keeps_only_breached_checks(tmp_path: Path) -> None:
    path = _messy_log(tmp_path, 50)
    full = run("check", str(path), *AS_OF, "--format", "jsonl")
    short = run("check", str(path), *AS_OF, "--format", "breaches")
    full_lines = [json.loads(line) for line in io.StringIO(full.stdout)]
    short_lines = [json.loads(line) for line in io.StringIO(short.stdout)]
    assert len(full_lines) == len(short_lines) == 51
    assert short_lines[-1] == full_lines[-1]  # the same summary
    for whole, brief in zip(full_lines[:-1], short_lines[:-1], strict=True):
        assert brief["case_id"] == whole["case_id"]
        assert brief["errors"] == whole["errors"]
        if "checks" not in whole:
            continue
        assert brief["breaches"] == [c for c in whole["checks"] if c["status"] == "breached"]
        assert brief["checks"] == len(whole["checks"])
        assert brief["determination"] == whole["determination"]
        assert brief["remedies"] == whole["remedies"]
        assert brief["ruleset"] == {k: whole["ruleset"][k] for k in ("id", "sha256")}
    assert len(short.stdout) * 2 < len(full.stdout)


@pytest.mark.parametrize(
    "options",
    [
        ["--as-of", "2023-03-12"],  # most complaints not yet received, duplicates among them
        ["--period", "2022-23", "--as-of", "2023-03-12"],
    ],
)
def test_a_period_leaves_out_the_same_complaints(tmp_path: Path, options: list[str]) -> None:
    path = _messy_log(tmp_path)
    serial = run("check", str(path), *options, "--fail-on", "never", "--format", "jsonl", "-j", "1")
    parallel = run(
        "check", str(path), *options, "--fail-on", "never", "--format", "jsonl", "-j", "2"
    )
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert "not yet received" in serial.stderr
    assert 0 < len(serial.stdout.splitlines()) < 700


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_plain_lines_are_cut_where_the_parser_cuts_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """Rows of plain lines are cut at line ends without parsing them; a block with a quoted
    cell spanning lines, a lone carriage return or a last line with no end goes back to the
    parser, and every row still ends where it does for csv.reader."""
    monkeypatch.setattr("complycheck.logs.ranges.PLAIN_BLOCK", 300)
    plain = [f"P{n:04d},Acme,01/03/2023,02/03/2023,,,,,plain{ending}" for n in range(60)]
    quoted = [f'Q{n:04d},Acme,01/03/2023,,,,,,"two{ending}lines"{ending}' for n in range(5)]
    text = HEADER.replace("\n", ending) + "".join(
        plain[:30] + quoted + plain[30:50] + ["L0001,Acme,01/03/2023\rL0002,Acme\n"] + plain[50:]
    )
    path = tmp_path / "log.csv"
    path.write_bytes(text.rstrip("\r\n").encode("utf-8"))
    with path.open("rb") as file:
        cut = [(number, end) for number, end, _ in _row_ends(file, "utf-8", ",", 1)]
    with path.open("rb") as file:
        parsed = [end for end, _ in _parsed_row_ends(file, 0, "utf-8", ",")]
    assert cut == list(enumerate(parsed, start=1))
    assert len(cut) == 1 + 60 + 5 + 2
    whole = [(c.location, c.data, c.issues) for c in read_log(path, seen=_Forgetful())]
    assert _pieced(path, list(read_log_parts(path, seen=SeenIds(), rows=7))) == whole


def test_with_no_room_for_temporary_files_the_parts_come_back_through_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _messy_log(tmp_path, 450)
    spooled = run("check", str(path), *AS_OF, "--format", "jsonl", "--jobs", "2")

    def no_room(**_: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("complycheck.parts.tempfile.mkdtemp", no_room)
    assert _same(path, "--format", "jsonl").stdout == spooled.stdout
