"""Hostile input, round 2: inputs that crashed, were misread or were checked as if sound.

Each test here failed before its fix: dates read in the wrong order or with impossible
times, workbooks in the 1904 date system, events before the complaint, ids and values of
the wrong type, unordered YAML values, lone surrogates, digits that are not ASCII, and
corrupt, encrypted or oversized workbooks. The corpus in ``tests/data/hostile`` is run
through every output format in ``test_hostile_corpus.py``.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from complycheck.inputs import RawCase
from complycheck.loading import load_case_file
from complycheck.logs import read_log
from complycheck.logs.cells import CellError, DateReader
from complycheck.models import Case
from complycheck.runner import check_raw
from complycheck.validation import validate_case


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(raw: RawCase) -> list[str]:
    result = check_raw(raw, None, date(2025, 1, 1), "builtin")
    return [str(issue) for issue in result.errors]


def case_errors(data: object) -> list[str]:
    checked = validate_case(data)
    assert not isinstance(checked, Case), "the case was accepted"
    return [str(issue) for issue in checked]


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dayfirst", [True, False])
@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024/06/03", "2024-06-03"),
        ("2024-6-3", "2024-06-03"),
        ("2024.06.03", "2024-06-03"),
        ("2024/6/3 14:30", "2024-06-03"),
        ("2024 06 03", "2024-06-03"),
        ("2024/06", "2024-06"),
    ],
)
def test_year_first_dates_read_year_month_day_whatever_dayfirst(
    dayfirst: bool, cell: str, expected: str
) -> None:
    assert DateReader(dayfirst).partial(cell) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "2024-06-03T25:00",
        "2024-06-03 99:99",
        "03/06/2024 24:00",
        "2024-06-03T10:00+25:00",
        "2024-06-03T10:00:61",
        "2024-06-03 13:30 pm",
    ],
)
def test_impossible_times_are_cell_errors(cell: str) -> None:
    with pytest.raises(CellError, match=r"time of day|offset from UTC"):
        DateReader(True).partial(cell)


@pytest.mark.parametrize("text", ["2024-06-03T25:00", "2024-06-03T99:99", "2024-06-03T10:00+25:00"])
def test_impossible_times_are_case_file_errors(text: str) -> None:
    errors = case_errors({"id": "T", "events": [{"date": text, "type": "complaint_received"}]})
    assert len(errors) == 1
    assert text in errors[0]


def test_a_possible_time_is_still_read() -> None:
    assert DateReader(True).partial("2024-06-03T23:59:59+01:00") == "2024-06-03"
    assert DateReader(True).partial("03/06/2024 2:05 pm") == "2024-06-03"
    case = validate_case(
        {"id": "T", "events": [{"date": "2024-06-03T23:59:59Z", "type": "complaint_received"}]}
    )
    assert isinstance(case, Case)


def test_a_1904_workbook_converts_serials_with_its_epoch(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["case_id", "date", "type"])
    sheet.append(["A", 43000, "complaint_received"])  # a date kept as a plain number
    sheet.append(["A", date(2021, 10, 1), "informal_response"])  # a formatted date cell
    path = tmp_path / "mac.xlsx"
    workbook.save(path)
    (case,) = read_log(path)
    assert case.data is not None
    serial_day = (date(1904, 1, 1) + timedelta(days=43000)).isoformat()
    assert [event["date"] for event in case.data["events"]] == [serial_day, "2021-10-01"]


def test_events_before_the_complaint_was_received_are_an_input_error() -> None:
    errors = case_errors(
        {
            "id": "EARLY",
            "events": [
                {"date": "2024-06-03", "type": "complaint_received"},
                {"date": "2024-05-01", "type": "stage_response", "stage": 1},
            ],
        }
    )
    assert errors == [
        "case EARLY: events[1].date: a stage_response dated 2024-05-01 is before the complaint "
        "was received (2024-06-03); every event of a complaint comes on or after the day it "
        "was received"
    ]


def test_a_service_request_may_come_before_the_complaint() -> None:
    """A first report handled as a service request, then a complaint about it (Code 1.5)."""
    case = validate_case(
        {
            "id": "SR",
            "events": [
                {"date": "2024-05-20", "type": "service_request_logged"},
                {"date": "2024-06-03", "type": "complaint_received"},
            ],
        }
    )
    assert isinstance(case, Case)


def test_an_event_before_receipt_in_a_log_is_located_by_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type,stage\n"
        "A,2024-06-03,complaint_received,\n"
        "A,2024-05-01,stage_response,1\n",
    )
    (case,) = read_log(path)
    (error,) = errors_of(case)
    assert error.startswith(f"{path}: row 3: case A: date: a stage_response dated 2024-05-01")


# -- corpus helpers used by the tests below --------------------------------------------------


def jsonl(tmp_path: Path, *objects: object) -> Path:
    return write(tmp_path, "log.jsonl", "\n".join(json.dumps(o) for o in objects) + "\n")


def yaml_case(tmp_path: Path, text: str) -> list[RawCase]:
    return list(load_case_file(str(write(tmp_path, "case.yaml", text))))
