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


# -- types: ids, stages, flags, amounts ------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("010", "010"),
        ("00123", "00123"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("12.50", "12.50"),
        ("202225311", "202225311"),
    ],
)
def test_yaml_ids_keep_their_text(tmp_path: Path, written: str, kept: str) -> None:
    text = (
        f"id: {written}\nevents:\n  - {{date: 2024-06-03, type: complaint_received}}\n"
        f"  - {{date: 2024-06-04, type: action_promised, id: {written}}}\n"
        f"  - {{date: 2024-06-05, type: action_completed, id: {written}}}\n"
    )
    (raw,) = yaml_case(tmp_path, text)
    assert raw.data is not None
    assert raw.case_id == kept
    case = validate_case(raw.data)
    assert isinstance(case, Case)
    assert case.id == kept
    assert [getattr(event, "id", None) for event in case.events][1:] == [kept, kept]


@pytest.mark.parametrize("line_id", ["1e400", "NaN", "true", "1.5", "-Infinity"])
def test_jsonl_ids_that_are_not_text_or_whole_numbers_are_errors(
    tmp_path: Path, line_id: str
) -> None:
    event = '"date": "2024-06-03", "type": "complaint_received"'
    path = write(
        tmp_path,
        "log.jsonl",
        f'{{"case_id": {line_id}, {event}}}\n{{"case_id": {line_id}, {event}}}\n'
        f'{{"case_id": 7, {event}}}\n',
    )
    first, second, seven = read_log(path)
    # neither line is read as a case, and the two are not merged into one
    assert first.data is None and second.data is None
    assert first.location == "line 1" and second.location == "line 2"
    assert seven.data is not None and seven.data["id"] == "7"


def test_whole_case_json_ids_are_text_or_whole_numbers() -> None:
    events = [{"date": "2024-06-03", "type": "complaint_received"}]
    assert isinstance(validate_case({"id": 7, "events": events}), Case)
    for bad in (True, 1.5, float("inf")):
        assert case_errors({"id": bad, "events": events})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stage", True),
        ("stage", 1.0),
        ("compensation_gbp", True),
        ("compensation_gbp", "1e5"),
        ("compensation_gbp", "100"),
        ("compensation_gbp", 1_000_001),
        ("apology", "off"),
        ("apology", "yes"),
        ("apology", 1),
        ("gives_reasons", "true"),
    ],
)
def test_strict_types_where_the_case_format_says_bool_int_or_amount(
    field: str, value: object
) -> None:
    response = {"date": "2024-06-10", "type": "stage_response", "stage": 1, field: value}
    errors = case_errors(
        {"id": "S", "events": [{"date": "2024-06-03", "type": "complaint_received"}, response]}
    )
    assert len(errors) == 1
    assert f"events[1].{field}" in errors[0]


def test_strict_extension_days_and_payment_amounts() -> None:
    received = {"date": "2024-06-03", "type": "complaint_received"}
    for extension_days in (True, 5.0, "5"):
        extension = {
            "date": "2024-06-05",
            "type": "extension_notified",
            "stage": 1,
            "extra_working_days": extension_days,
        }
        assert case_errors({"id": "E", "events": [received, extension]})
    payment = {"date": "2024-06-05", "type": "remedy_paid", "amount_gbp": 1e300}
    (error,) = case_errors({"id": "P", "events": [received, payment]})
    assert "amount_gbp" in error and "1000000" in error


def test_amounts_up_to_the_bound_and_yaml_yes_no_are_still_read(tmp_path: Path) -> None:
    text = (
        "id: OK\nevents:\n  - {date: 2024-06-03, type: complaint_received}\n"
        "  - {date: 2024-06-10, type: stage_response, stage: 1, apology: yes,"
        " compensation_gbp: 1000000, complaint_handling_compensation_gbp: 50.5}\n"
    )
    (raw,) = yaml_case(tmp_path, text)
    case = validate_case(raw.data)
    assert isinstance(case, Case)


def test_a_log_amount_over_the_bound_is_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type,stage,compensation_gbp\n"
        "A,2024-06-03,complaint_received,,\n"
        'A,2024-06-10,stage_response,1,"£2,000,000"\n',
    )
    (case,) = read_log(path)
    (error,) = errors_of(case)
    assert error.startswith(f"{path}: row 3: case A: compensation_gbp: ")
    assert "1000000" in error


# -- determinism: unordered values ------------------------------------------------------------


def test_a_yaml_set_is_refused_not_read_in_hash_order(tmp_path: Path) -> None:
    text = (
        "id: SET\nevents:\n  - date: 2024-06-03\n    type: complaint_received\n"
        "    issues: !!set {damp, mould, noise}\n"
    )
    (raw,) = yaml_case(tmp_path, text)
    assert raw.data is None
    (issue,) = raw.issues
    assert issue.location == "line 5, column 13"
    assert "a set (!!set) has no order" in issue.message


# -- text that is not Unicode -----------------------------------------------------------------


def test_a_lone_surrogate_in_a_json_case_is_an_input_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "case.json",
        '{"id": "S\\ud800", "events": [{"date": "2024-06-03", "type": "complaint_received"}]}',
    )
    (raw,) = load_case_file(str(path))
    assert raw.data is None
    assert "\\ud800, half of a UTF-16 surrogate pair" in raw.issues[0].message


def test_a_lone_surrogate_in_a_yaml_case_is_an_input_error(tmp_path: Path) -> None:
    (raw,) = yaml_case(
        tmp_path, 'id: "S\\udc80"\nevents:\n  - {date: 2024-06-03, type: complaint_received}\n'
    )
    assert raw.data is None
    (issue,) = raw.issues
    assert issue.location.startswith("line 1, ")


def test_a_lone_surrogate_in_a_jsonl_line_is_that_lines_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.jsonl",
        '{"case_id": "A", "date": "2024-06-03", "type": "complaint_received", '
        '"channel": "e\\ud83d"}\n'
        '{"case_id": "B", "date": "2024-06-03", "type": "complaint_received", '
        '"channel": "\\ud83d\\ude00"}\n',
    )
    bad, good = read_log(path)
    assert bad.location == "line 1" and bad.data is None
    assert "surrogate" in bad.issues[0].message
    assert good.data is not None  # a whole pair is a character


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "markdown", "junit"])
def test_a_lone_surrogate_never_crashes_the_writer(tmp_path: Path, fmt: str) -> None:
    from click.testing import CliRunner

    from complycheck.cli import main

    path = write(
        tmp_path,
        "case.json",
        '{"id": "\\udcff", "events": [{"date": "2024-06-03", "type": "complaint_received"}]}',
    )
    output = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", str(path), "--format", fmt, "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "surrogate" in result.stderr


# -- digits --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["²", "¹", "١٢", "１０", "9" * 5000, "1" * 31])
def test_whole_numbers_with_other_digits_or_thousands_of_them_are_cell_errors(cell: str) -> None:
    from complycheck.logs.cells import read_int, read_number

    with pytest.raises(CellError):
        read_int(cell)
    if len(cell) < 400:  # 31 ones are an amount, refused by the case's upper bound
        return
    with pytest.raises(CellError):
        read_number(cell)


@pytest.mark.parametrize("cell", ["²", "١٢", "１٠"])
def test_amounts_of_other_digits_are_cell_errors(cell: str) -> None:
    from complycheck.logs.cells import read_number

    with pytest.raises(CellError):
        read_number(cell)


@pytest.mark.parametrize("cell", ["²", "9" * 5000, "٢٠٢٤-٠٦-٠٣"])
def test_a_stage_cell_of_other_digits_is_located(tmp_path: Path, cell: str) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type,stage\n"
        "A,2024-06-03,complaint_received,\n"
        f"A,2024-06-10,stage_response,{cell}\n",
    )
    (case,) = read_log(path)
    assert case.data is None
    (issue,) = case.issues
    assert (issue.location, issue.field) == ("row 3", "stage")
