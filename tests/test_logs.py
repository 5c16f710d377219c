"""Tests for complycheck.logs: reading complaint logs (CSV, XLSX, JSON lines) into cases.

Fixtures are written into ``tmp_path`` by each test, so what a test reads is next to what
it asserts; the committed examples under ``examples/logs`` are checked as well.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from complycheck.cli import main
from complycheck.cli_mapping import mapping_group
from complycheck.errors import InputError
from complycheck.inputs import RawCase
from complycheck.logs import read_log, write_mapping_template
from complycheck.logs import sources as log_sources
from complycheck.logs.cells import (
    CellError,
    DateReader,
    read_bool,
    read_int,
    read_number,
)
from complycheck.logs.fields import FieldKind, kind_of
from complycheck.logs.mapping import DEFAULT_SPELLINGS, header_key
from complycheck.models import Case
from complycheck.runner import check_raw
from complycheck.validation import validate_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "logs"
#: What a case read from a log with no acknowledgement column says of it (docs/logs.md)
NO_ACK = [{"event": "complaint_acknowledged", "stage": 1}]
#: a log with a column for the date received alone: no acknowledgement, no response
NO_ACK_OR_RESPONSE = [*NO_ACK, {"event": "stage_response", "stage": 1}]

WIDE_HEADER = (
    "Complaint ref,Landlord,Date received,Channel,Date acknowledged,Stage 1 response date,"
    "Stage 1 officer,Extension date,Extension days,Escalated,Stage 2 acknowledged,"
    "Stage 2 response,Apology given,Compensation,Tenure"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(path: Path, **options: object) -> list[RawCase]:
    return list(read_log(path, **options))  # type: ignore[arg-type]


def messages(case: RawCase) -> list[str]:
    return [str(issue) for issue in case.issues]


def only_issue(cases: list[RawCase]) -> str:
    (case,) = cases
    assert case.data is None
    (issue,) = case.issues
    return str(issue)


# --- cell values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2023-02-15", "2023-02-15"),
        ("2023-02-15T10:30:00", "2023-02-15"),
        ("2023-02-15 10:30", "2023-02-15"),
        ("2023-02-15T10:30:00Z", "2023-02-15"),
        ("15/02/2023", "2023-02-15"),
        ("15-02-2023", "2023-02-15"),
        ("15.02.2023", "2023-02-15"),
        ("15/02/23", "2023-02-15"),
        ("5/2/2023", "2023-02-05"),
        ("15/02/2023 09:12", "2023-02-15"),
        ("15/02/2023 09:12:30", "2023-02-15"),
        ("15-Feb-23", "2023-02-15"),
        ("15 Feb 2023", "2023-02-15"),
        ("15 February 2023", "2023-02-15"),
        ("Wed 15 Feb 2023", "2023-02-15"),
        ("Feb 15, 2023", "2023-02-15"),
        ("44972", "2023-02-15"),
        ("44972.5", "2023-02-15"),
        ("2023-08", "2023-08"),
        ("2023-8", "2023-08"),
        ("08/2023", "2023-08"),
        ("Aug 2023", "2023-08"),
        ("August 2023", "2023-08"),
        ("Sept 2023", "2023-09"),
        ("Aug-23", "2023-08"),
    ],
)
def test_date_forms(cell: str, expected: str) -> None:
    assert DateReader(dayfirst=True).partial(cell) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2023, 2, 15, 14, 30), "2023-02-15"),
        (date(2023, 2, 15), "2023-02-15"),
        (44972, "2023-02-15"),
        (44972.25, "2023-02-15"),
    ],
)
def test_native_date_cells(cell: object, expected: str) -> None:
    assert DateReader(dayfirst=True).partial(cell) == expected


def test_ambiguous_day_month_follows_dayfirst() -> None:
    assert DateReader(dayfirst=True).partial("03/04/2023") == "2023-04-03"
    assert DateReader(dayfirst=False).partial("03/04/2023") == "2023-03-04"
    assert DateReader(dayfirst=False).partial("12/25/2023") == "2023-12-25"
    # a month name or a leading year is never ambiguous
    assert DateReader(dayfirst=False).partial("15-Feb-23") == "2023-02-15"
    assert DateReader(dayfirst=False).partial("2023-04-03") == "2023-04-03"


def test_date_impossible_in_the_chosen_order_names_the_option() -> None:
    with pytest.raises(CellError) as monthfirst:
        DateReader(dayfirst=False).partial("25/12/2023")
    assert "cannot be read month-first: there is no month 25" in monthfirst.value.message
    assert "--dayfirst" in monthfirst.value.message
    with pytest.raises(CellError) as dayfirst:
        DateReader(dayfirst=True).partial("12/25/2023")
    assert "--monthfirst" in dayfirst.value.message


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("TBC", "'TBC' is not a date"),
        ("Feb", "it has no year"),
        ("15 Feb", "it has no year"),
        ("31/02/2023", "is not a real date"),
        ("2023-02-30", "is not a real date"),
        ("2023-13", "is not a real month"),
        ("12345", "outside the Excel date range"),
        ("32/13/2023", "is not a real date"),
    ],
)
def test_dates_are_strict(cell: str, problem: str) -> None:
    with pytest.raises(CellError) as error:
        DateReader(dayfirst=True).partial(cell)
    assert problem in error.value.message


def test_a_day_field_refuses_a_month() -> None:
    dates = DateReader(dayfirst=True)
    assert dates.day("15/02/2023") == "2023-02-15"
    with pytest.raises(CellError, match="is a month"):
        dates.day("Aug 2023")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("yes", True), ("Y", True), ("TRUE", True), ("t", True), ("1", True), (1, True),
        (True, True), ("No", False), ("n", False), ("false", False), ("0", False), (0, False),
        (False, False),
    ],
)  # fmt: skip
def test_booleans(cell: object, expected: bool) -> None:
    assert read_bool(cell) is expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("£100", 100.0), ("100.00", 100.0), ("1,200", 1200.0), ("£1,200.50", 1200.5),
     ("100 GBP", 100.0), (250, 250.0), (12.5, 12.5)],
)  # fmt: skip
def test_amounts(cell: object, expected: float) -> None:
    assert read_number(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [("10", 10), ("10.0", 10), (10.0, 10), (3, 3)])
def test_whole_numbers(cell: object, expected: int) -> None:
    assert read_int(cell) == expected


@pytest.mark.parametrize(
    ("reader", "cell"),
    [(read_bool, "maybe"), (read_bool, 2), (read_number, "1,2"), (read_number, "lots"),
     (read_number, float("nan")), (read_int, "ten"), (read_int, "2.5"), (read_int, True)],
)  # fmt: skip
def test_bad_values_are_errors(reader: object, cell: object) -> None:
    with pytest.raises(CellError):
        reader(cell)  # type: ignore[operator]


def test_field_kinds_come_from_the_contract() -> None:
    assert kind_of(bool | None) == FieldKind("bool")
    with pytest.raises(TypeError):
        kind_of(dict)


# --- wide logs ------------------------------------------------------------------------


def test_wide_csv_with_the_default_mapping(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        WIDE_HEADER + "\n"
        "C-1,Acme Homes,14/11/2022,email,15/11/2022,29/11/2022,officer-1,,,02/12/2022,"
        "05/12/2022,20/01/2023,Yes,£100,secure\n"
        "C-2,Acme Homes,2023-02-01,phone,2023-02-02,2023-02-20,officer-2,2023-02-10,5,,,,No,0,\n",
    )
    first, second = read(path)
    assert first.location == "row 2"
    assert first.source == str(path)
    assert first.issues == ()
    assert first.data == {
        "id": "C-1",
        "landlord": "Acme Homes",
        "events": [
            {"date": "2022-11-14", "type": "complaint_received", "channel": "email"},
            {"date": "2022-11-15", "type": "complaint_acknowledged", "stage": 1},
            {"date": "2022-11-29", "type": "stage_response", "stage": 1, "handler": "officer-1"},
            {"date": "2022-12-02", "type": "escalation_requested"},
            {"date": "2022-12-05", "type": "complaint_acknowledged", "stage": 2},
            # the outcome columns go on the last stage response
            {
                "date": "2023-01-20",
                "type": "stage_response",
                "stage": 2,
                "apology": True,
                "compensation_gbp": 100.0,
            },
        ],
    }
    assert second.data is not None
    assert second.data["events"][2] == {
        "date": "2023-02-10",
        "type": "extension_notified",
        "stage": 1,
        "extra_working_days": 5,
    }
    assert second.data["events"][3]["apology"] is False
    assert isinstance(validate_case(first.data), Case)
    assert isinstance(validate_case(second.data), Case)


def test_month_only_cell_becomes_a_month(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "Reference,Received,Stage 1 response,Escalation date\nR1,01/03/2023,15/03/2023,Aug 2023\n",
    )
    (case,) = read(path)
    assert case.data is not None
    assert case.data["events"][-1] == {"date": "2023-08", "type": "escalation_requested"}


def test_excel_serial_in_a_csv_date_column(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "Case ID,Date received\nR1,44972\n")
    (case,) = read(path)
    assert case.data == {
        "id": "R1",
        "events": [{"date": "2023-02-15", "type": "complaint_received"}],
        "not_recorded": NO_ACK_OR_RESPONSE,
    }


@pytest.mark.parametrize(("dayfirst", "expected"), [(True, "2023-04-03"), (False, "2023-03-04")])
def test_dayfirst_in_a_log(tmp_path: Path, dayfirst: bool, expected: str) -> None:
    path = write(tmp_path, "log.csv", "Ref,Date received\nR1,03/04/2023\n")
    (case,) = read(path, dayfirst=dayfirst)
    assert case.data is not None
    assert case.data["events"][0]["date"] == expected


def test_a_date_impossible_month_first_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path, "log.csv", "Ref,Date received\nR1,25/12/2023\n")
    text = only_issue(read(path, dayfirst=False))
    assert text.startswith(f"{path}: row 2: case R1: Date received: '25/12/2023' cannot be read")
    assert "--dayfirst" in text


def test_bad_rows_are_located_and_never_dropped(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "Complaint ref,Date received,Stage 1 response date,Apology given,Compensation\n"
        "A1,01/03/2023,15/03/2023,Yes,£50\n"
        "A2,02/03/2023,Sent,Yes,\n"
        "\n"
        ",03/03/2023,,,\n"
        "A4,04/03/2023,16/03/2023,perhaps,lots\n"
        "A5,05/03/2023,,,\n",
    )
    cases = read(path)
    assert [case.location for case in cases] == ["row 2", "row 3", "row 5", "row 6", "row 7"]
    assert [case.data is not None for case in cases] == [True, False, False, False, True]
    (tbc,) = cases[1].issues
    assert tbc.location == "row 3"
    assert tbc.case_id == "A2"
    assert tbc.field == "Stage 1 response date"
    assert tbc.value == "Sent"
    assert tbc.message == "'Sent' is not a date"
    assert tbc.expected is not None and "15/02/2023" in tbc.expected
    (no_ref,) = cases[2].issues
    assert no_ref.message == "the row has no complaint reference"
    assert [(issue.field, issue.value) for issue in cases[3].issues] == [
        ("Apology given", "perhaps"),
        ("Compensation", "lots"),
    ]


def test_an_extension_with_a_length_but_no_date_is_one_within_its_stage(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "Ref,Date received,Stage 1 response,Extension date,Extension days,"
        "Extension reason given\n"
        "R1,01/03/2023,24/03/2023,,10,\n"
        "R2,01/03/2023,,,0,No\n",
    )
    undated, nothing = read(path)
    assert undated.data is not None
    assert undated.data["events"][1] == {
        "date": "2023-03-01/2023-03-24",
        "type": "extension_notified",
        "stage": 1,
        "extra_working_days": 10,
    }
    assert isinstance(validate_case(undated.data), Case)
    assert nothing.data == {
        "id": "R2",
        "events": [{"date": "2023-03-01", "type": "complaint_received"}],
        "not_recorded": NO_ACK,
    }


def test_outcome_of_an_open_complaint_waits_and_disagreeing_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "Ref,Date received,Stage 1 response,Stage 1 apology,Apology given\n"
        "R1,01/03/2023,,,Yes\n"
        "R2,01/03/2023,10/03/2023,No,Yes\n"
        "R3,01/03/2023,10/03/2023,Yes,Yes\n"
        "R4,01/03/2023,,,perhaps\n",
    )
    open_complaint, disagree, agree, unreadable = read(path)
    assert open_complaint.data == {
        "id": "R1",
        "events": [{"date": "2023-03-01", "type": "complaint_received"}],
        "not_recorded": NO_ACK,
    }
    assert "disagrees with the stage 1 response's apology (False)" in messages(disagree)[0]
    assert agree.data is not None
    assert agree.data["events"][1]["apology"] is True
    # a value waiting for its response is still read: an unreadable one is reported
    assert [(i.field, i.value) for i in unreadable.issues] == [("Apology given", "perhaps")]


def test_a_row_longer_than_the_header_is_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "log.csv",
        "Ref,Date received,Channel\n"
        "R1,01/03/2023,email\n"
        "R2,02/03/2023,Smith, John\n"
        "R3,02/03/2023,,,\n",
    )
    good, shifted, trailing = read(path)
    assert good.data is not None and trailing.data is not None
    assert "the row has 4 cells but the header has 3 columns" in messages(shifted)[0]


def test_a_case_id_twice_in_a_wide_log(tmp_path: Path) -> None:
    path = write(
        tmp_path, "log.csv", "Ref,Date received\nR1,01/03/2023\nR2,01/03/2023\nR1,02/03/2023\n"
    )
    cases = read(path)
    assert len(cases) == 3
    assert cases[0].data is not None
    assert messages(cases[2]) == [
        f"{path}: row 4: case R1: id: case R1 appears twice: it was first read at row 2; "
        "expected each complaint once in the input, under its own reference"
    ]


@pytest.mark.parametrize(
    ("header", "slot"),
    [
        ("Complaint ref", "id"),
        ("Reference", "id"),
        ("Case ID", "id"),
        ("case_id", "id"),
        ("Date received", (0, "date")),
        ("Received", (0, "date")),
        ("Date acknowledged", (2, "date")),
        ("Acknowledged", (2, "date")),
        ("Stage 1 acknowledged", (2, "date")),
        ("Stage 1 response date", (4, "date")),
        ("Stage 1 response", (4, "date")),
        ("S1 response", (4, "date")),
        ("STAGE-1 RESPONSE", (4, "date")),
        ("Stage one response", (4, "date")),
        ("Escalated", (5, "date")),
        ("Escalation date", (5, "date")),
        ("Date escalated", (5, "date")),
        ("Stage 2 requested", (5, "date")),
        ("Stage 2 acknowledged", (6, "date")),
        ("Stage 2 response", (8, "date")),
        ("Stage 2 response date", (8, "date")),
        ("Final response", (8, "date")),
        ("Extension agreed", (3, "date")),
        ("Extension date", (3, "date")),
        ("Extension days", (3, "extra_working_days")),
        ("New due date", (3, "new_due_date")),
        ("Informal response", (1, "date")),
        ("Withdrawn", (9, "date")),
        ("Landlord", "landlord"),
        ("Apology given", ("final_response", "apology")),
        ("Compensation (£)", ("final_response", "compensation_gbp")),
    ],
)
def test_default_spellings(header: str, slot: object) -> None:
    assert DEFAULT_SPELLINGS[slot]  # type: ignore[index]
    assert any(header_key(header) == header_key(s) for s in DEFAULT_SPELLINGS[slot])  # type: ignore[index]


def test_every_default_spelling_is_distinct_and_documented() -> None:
    keys = [header_key(s) for spellings in DEFAULT_SPELLINGS.values() for s in spellings]
    assert len(keys) == len(set(keys))
    docs = (ROOT / "docs" / "logs.md").read_text(encoding="utf-8")
    for spellings in DEFAULT_SPELLINGS.values():
        for spelling in spellings:
            assert spelling in docs


def test_default_mapping_refuses_ambiguous_and_missing_columns(tmp_path: Path) -> None:
    ambiguous = write(
        tmp_path, "a.csv", "Ref,Date received,Date acknowledged,Stage 1 acknowledged\nR1,,,\n"
    )
    text = only_issue(read(ambiguous))
    assert "2 columns could be the date of the stage 1 acknowledgement" in text
    assert "'Date acknowledged', 'Stage 1 acknowledged'" in text
    assert f"{ambiguous}: row 1:" in text

    no_reference = write(tmp_path, "b.csv", "Tenant,Date received\nX,01/03/2023\n")
    assert "no column holds the complaint reference" in only_issue(read(no_reference))

    no_received = write(tmp_path, "c.csv", "Ref,Stage 1 response\nR1,01/03/2023\n")
    assert "no column holds the date the complaint was received" in only_issue(read(no_received))

    dateless = write(tmp_path, "d.csv", "Ref,Date received,Stage 2 officer\nR1,01/03/2023,x\n")
    assert "'Stage 2 officer' looks like the stage 2 response's handler" in only_issue(
        read(dateless)
    )


# --- mapping files ----------------------------------------------------------------------

BRIEF_MAPPING = """\
id: "Complaint ref"
landlord: "Landlord"            # optional case-level columns
events:
  - {type: complaint_received, date: "Date received", channel: "Channel"}
  - {type: complaint_acknowledged, stage: 1, date: "Date acknowledged"}
  - {type: stage_response, stage: 1, date: "Stage 1 response date", handler: "Stage 1 officer"}
  - {type: extension_notified, stage: 1, date: "Extension date", extra_working_days: "Extension days", reasons_given: "Extension reason given"}
  - {type: escalation_requested, date: "Escalated"}
  - {type: complaint_acknowledged, stage: 2, date: "Stage 2 acknowledged"}
  - {type: stage_response, stage: 2, date: "Stage 2 response date", apology: "Apology", complaint_handling_compensation_gbp: "Complaint handling compensation"}
"""  # noqa: E501


def test_a_mapping_file(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", BRIEF_MAPPING)
    log = write(
        tmp_path,
        "export.csv",
        "Complaint ref,Landlord,Date received,Channel,Date acknowledged,Stage 1 response date,"
        "Stage 1 officer,Extension date,Extension days,Extension reason given,Escalated,"
        "Stage 2 acknowledged,Stage 2 response date,Apology,Complaint handling compensation\n"
        "X9,Acme,01/03/2023,post,02/03/2023,24/03/2023,o-1,10/03/2023,5,Y,27/03/2023,"
        "28/03/2023,02/05/2023,yes,£75\n",
    )
    (case,) = read(log, mapping=mapping)
    assert case.issues == ()
    assert case.data == {
        "id": "X9",
        "landlord": "Acme",
        "events": [
            {"date": "2023-03-01", "type": "complaint_received", "channel": "post"},
            {"date": "2023-03-02", "type": "complaint_acknowledged", "stage": 1},
            {"date": "2023-03-24", "type": "stage_response", "stage": 1, "handler": "o-1"},
            {
                "date": "2023-03-10",
                "type": "extension_notified",
                "stage": 1,
                "extra_working_days": 5,
                "reasons_given": True,
            },
            {"date": "2023-03-27", "type": "escalation_requested"},
            {"date": "2023-03-28", "type": "complaint_acknowledged", "stage": 2},
            {
                "date": "2023-05-02",
                "type": "stage_response",
                "stage": 2,
                "apology": True,
                "complaint_handling_compensation_gbp": 75.0,
            },
        ],
    }


def test_mapping_constants_and_explicit_forms(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "map.yaml",
        'id: {column: "Ref"}\n'
        "nation: {value: Wales}\n"
        "closure_days: {value: [2023-12-27, 2023-12-28]}\n"
        "events:\n"
        '  - {type: complaint_received, date: "Opened", channel: {value: email}}\n'
        '  - {type: stage_response, stage: 1, date: "Closed", states_stage: true}\n'
        'final_response: {decision: "Result"}\n',
    )
    log = write(
        tmp_path, "log.csv", "ref,Opened,Closed,Result\nR1,01/03/2023,10/03/2023,Partly upheld\n"
    )
    (case,) = read(log, mapping=mapping)
    assert case.data == {
        "id": "R1",
        "nation": "wales",
        "closure_days": ("2023-12-27", "2023-12-28"),
        "events": [
            {"date": "2023-03-01", "type": "complaint_received", "channel": "email"},
            {
                "date": "2023-03-10",
                "type": "stage_response",
                "stage": 1,
                "states_stage": True,
                "decision": "partly_upheld",
            },
        ],
        "not_recorded": NO_ACK,
    }
    assert isinstance(validate_case(case.data), Case)


def test_mapping_file_problems_are_located(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "map.yaml",
        "id: 7\n"
        "events:\n"
        '  - {type: complaint_recieved, date: "Opened"}\n'
        '  - {type: stage_response, stage: 1, date: "Closed", handlr: "Officer"}\n'
        "  - {type: escalation_requested}\n"
        "landlrd: x\n",
    )
    log = write(tmp_path, "log.csv", "Ref,Opened\nR1,01/03/2023\n")
    (case,) = read(log, mapping=mapping)
    assert case.data is None
    texts = messages(case)
    assert len(texts) == 5
    assert texts[0].startswith(f"{mapping}: landlrd: unknown key 'landlrd'; expected one of ")
    assert texts[0].endswith("; did you mean 'landlord'?")
    assert "id: id must name a column, not be a constant" in texts[1]
    assert "events item 1: type: unknown event type (got 'complaint_recieved'); " in texts[2]
    assert "did you mean 'complaint_received'?" in texts[2]
    assert "events item 2: handlr: unknown field 'handlr'; expected one of " in texts[3]
    assert texts[3].endswith("; did you mean 'handler'?")
    assert "events item 3: date: date is missing" in texts[4]


def test_a_mapping_that_could_read_no_valid_case_is_refused(tmp_path: Path) -> None:
    # Each of these was found only per row, as "events[0].stage: required field is
    # missing" or "a case needs exactly one complaint_received event" on every row.
    mapping = write(
        tmp_path,
        "map.yaml",
        'id: "Ref"\nevents:\n  - {type: stage_response, date: "Opened"}\n'
        '  - {type: remedy_paid, date: "Paid"}\n',
    )
    log = write(tmp_path, "log.csv", "Ref,Opened,Paid\nR1,01/03/2023,\n")
    assert messages(read(log, mapping=mapping)[0]) == [
        f"{mapping}: events item 1: stage: a stage_response event needs stage; expected stage "
        'as a constant (such as stage: 1) or a column (stage: "<column header>")',
        f"{mapping}: events item 2: amount_gbp: a remedy_paid event needs amount_gbp; expected "
        "amount_gbp as a constant (such as amount_gbp: 1) or a column "
        '(amount_gbp: "<column header>")',
        f"{mapping}: events: no event is a complaint_received, so no row would have the date "
        'the complaint was received; expected - {type: complaint_received, date: "<column '
        'header>"}',
    ]


def test_a_wide_row_without_the_date_received_says_so(tmp_path: Path) -> None:
    log = write(tmp_path, "log.csv", "Ref,Date received,Stage 1 response\nR1,,02/03/2023\nR2\n")
    assert [messages(case) for case in read(log)] == [
        [
            f"{log}: row {row}: case R{row - 1}: Date received: is blank, but every complaint "
            "has the date it was received; expected the date the complaint was received (a row "
            "per complaint)"
        ]
        for row in (2, 3)
    ]


def test_a_mapping_naming_a_column_not_in_the_file(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "map.yaml",
        'id: "Ref"\nevents:\n  - {type: complaint_received, date: "Date recieved"}\n',
    )
    log = write(tmp_path, "log.csv", "Ref,Date received\nR1,01/03/2023\n")
    text = only_issue(read(log, mapping=mapping))
    assert text.startswith(f"{log}: row 1: Date recieved: {mapping} names a column 'Date recieved'")
    assert "did you mean 'Date received'?" in text


def test_invalid_yaml_mapping(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", "id: [unclosed\n")
    log = write(tmp_path, "log.csv", "Ref,Date received\nR1,01/03/2023\n")
    assert "not valid YAML" in only_issue(read(log, mapping=mapping))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\xff\xfe id: x\n", "the mapping file is not UTF-8 text (byte 0)"),
        (b"id: !!int abc\n", "a value in the mapping file cannot be read: invalid literal"),
        (b"[" * 5000 + b"]" * 5000, "a value in the mapping file cannot be read: it is nested"),
    ],
)
def test_an_unreadable_mapping_is_one_located_error(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_bytes(content)
    log = write(tmp_path, "log.csv", "Ref,Date received\nR1,01/03/2023\n")
    assert only_issue(read(log, mapping=mapping)).startswith(f"{mapping}: {problem}")


def test_a_mapping_with_the_long_layout_is_refused(tmp_path: Path) -> None:
    mapping = write(tmp_path, "map.yaml", BRIEF_MAPPING)
    log = write(tmp_path, "log.csv", "Ref,Date received\nR1,01/03/2023\n")
    assert "long layout was asked for" in only_issue(read(log, mapping=mapping, layout="long"))


# --- mapping templates ------------------------------------------------------------------


def test_mapping_init_output(tmp_path: Path) -> None:
    log = write(
        tmp_path,
        "export.csv",
        "Complaint ref,Date received,Date acknowledged,Stage 1 acknowledged,Stage 1 response,"
        "Extension days,Extension date,Stage 2 officer,Apology given,Tenure\n",
    )
    out = io.StringIO()
    write_mapping_template(log, out)
    preamble, mapping = out.getvalue().split("\n\n", 1)
    assert preamble.startswith("# complycheck mapping for export.csv, written by")
    assert "a number or true/false is a constant" in preamble
    assert mapping == (
        'id: "Complaint ref"\n'
        "\n"
        "events:\n"
        '  - {type: complaint_received, date: "Date received"}\n'
        '  - {type: complaint_acknowledged, stage: 1, date: "Date acknowledged"}'
        '  # or "Stage 1 acknowledged": keep one\n'
        "  # stage 1: change it if these columns record stage 2 extensions\n"
        '  - {type: extension_notified, stage: 1, date: "Extension date", '
        'extra_working_days: "Extension days"}\n'
        '  - {type: stage_response, stage: 1, date: "Stage 1 response"}\n'
        "\n"
        'final_response: {apology: "Apology given"}\n'
        "\n"
        "# Columns of an event whose date column was not found (add its date above):\n"
        '#   "Stage 2 officer": the stage 2 response\'s handler\n'
        "\n"
        "# Columns not used (map any that record a step of the complaint):\n"
        '#   "Tenure"\n'
    )


def test_mapping_template_reads_the_log_like_the_default(tmp_path: Path) -> None:
    log = EXAMPLES / "complaints-wide.csv"
    template = tmp_path / "map.yaml"
    with template.open("w", encoding="utf-8") as out:
        write_mapping_template(log, out)
    assert [case.data for case in read(log, mapping=template)] == [case.data for case in read(log)]


def test_mapping_template_for_xlsx_and_jsonl(tmp_path: Path) -> None:
    xlsx = io.StringIO()
    write_mapping_template(EXAMPLES / "complaints.xlsx", xlsx, sheet="Complaints")
    assert 'id: "Complaint ref"' in xlsx.getvalue()
    jsonl = write(
        tmp_path,
        "w.jsonl",
        '{"Ref": "R1", "Date received": "01/03/2023"}\n{"Ref": "R2", "Escalated": "Aug 2023"}\n',
    )
    out = io.StringIO()
    write_mapping_template(jsonl, out)
    assert '  - {type: escalation_requested, date: "Escalated"}' in out.getvalue()


def test_mapping_template_refuses_long_logs_and_unreadable_files(tmp_path: Path) -> None:
    long_log = write(tmp_path, "long.csv", "case_id,date,type\n")
    with pytest.raises(InputError, match="needs no mapping"):
        write_mapping_template(long_log, io.StringIO())
    with pytest.raises(InputError, match="file not found"):
        write_mapping_template(tmp_path / "missing.csv", io.StringIO())


def test_mapping_init_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "map.yaml"
    log = str(EXAMPLES / "complaints-wide.csv")
    result = runner.invoke(mapping_group, ["init", log, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert 'id: "Complaint ref"' in out.read_text(encoding="utf-8")
    again = runner.invoke(mapping_group, ["init", log, "--output", str(out)])
    assert again.exit_code == 2
    assert "use --force" in again.output
    forced = runner.invoke(mapping_group, ["init", log, "-o", str(out), "--force"])
    assert forced.exit_code == 0
    printed = runner.invoke(mapping_group, ["init", log])
    assert printed.output == out.read_text(encoding="utf-8")
    missing = runner.invoke(
        mapping_group, ["init", str(EXAMPLES / "complaints.xlsx"), "--sheet", "Nope"]
    )
    assert missing.exit_code == 2
    assert "no sheet named 'Nope'" in missing.output
    assert "'Complaints', 'About'" in missing.output
    unwritable = runner.invoke(mapping_group, ["init", log, "-o", str(tmp_path / "no" / "m")])
    assert unwritable.exit_code == 2
    assert unwritable.output == (
        f"error: cannot write {tmp_path / 'no' / 'm'}: No such file or directory\n"
    )


# --- encodings and delimiters -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ref,Date received\rR1,01/03/2023\rR2,02/03/2023\rR3,03/03/2023\r",
        "Ref,Date received\rR1,01/03/2023\r\nR2,02/03/2023\nR3,03/03/2023",
    ],
)
def test_lines_ended_by_a_carriage_return_alone(tmp_path: Path, text: str) -> None:
    # Old Mac exports end every line with CR; a file stitched together mixes them. Read by
    # "\n" alone, a CR-only file was one line and refused as having no header row.
    cases = read(write(tmp_path, "mac.csv", text))
    assert [(case.location, case.case_id, case.issues) for case in cases] == [
        ("row 2", "R1", ()), ("row 3", "R2", ()), ("row 4", "R3", ()),
    ]  # fmt: skip


def test_a_quote_never_closed_is_reported_not_swallowing_the_rows_after_it(
    tmp_path: Path,
) -> None:
    # csv.reader reads everything after an unclosed quote into one cell, without a word: in
    # an unmapped column the complaints below it vanished and the run exited 0.
    text = 'Ref,Date received,Notes\nR1,01/03/2023,ok\nR2,02/03/2023,"said\nR3,03/03/2023,x\n'
    first, second = read(write(tmp_path, "log.csv", text))
    assert first.data is not None
    assert messages(second) == [
        f"{tmp_path / 'log.csv'}: row 3: case R2: a quote opened in this row is never closed, so "
        "every line after it to the end of the file was read into its last cell; expected a "
        "closing quote for every cell that opens one (a quote inside a cell written twice)"
    ]


def test_utf8_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", "\ufeffComplaint ref,Date received\nR1,01/03/2023\n")
    (case,) = read(path)
    assert case.data is not None
    assert case.data["id"] == "R1"


def test_windows_1252(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "win.csv",
        "Ref,Landlord,Date received,Stage 1 response,Compensation\n"
        "R1,Café Homes,01/03/2023,10/03/2023,£100\n",
        encoding="cp1252",
    )
    assert b"\xa3100" in path.read_bytes()
    (case,) = read(path)
    assert case.data is not None
    assert case.data["landlord"] == "Café Homes"
    assert case.data["events"][1]["compensation_gbp"] == 100.0


def test_a_late_windows_1252_line_in_a_utf8_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(log_sources, "ENCODING_SAMPLE", 64)
    ascii_rows = "".join(f"R{n},01/03/2023,,\n" for n in range(10))
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        ("Ref,Date received,Stage 1 response,Compensation\n" + ascii_rows).encode()
        + "R99,01/03/2023,10/03/2023,£5\n".encode("cp1252")
    )
    cases = read(path)
    assert len(cases) == 11
    assert cases[-1].data is not None
    assert cases[-1].data["events"][1]["compensation_gbp"] == 5.0


def test_a_line_in_no_known_encoding_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"Ref,Date received\nR1,01/03/2023\nR2\x81,01/03/2023\n")
    good, bad = read(path)
    assert good.data is not None
    assert bad.location == "row 3"
    assert "byte 0x81 is neither UTF-8 nor Windows-1252" in messages(bad)[0]


def test_utf16_tab_separated_text(tmp_path: Path) -> None:
    path = write(tmp_path, "unicode.txt", "Ref\tDate received\r\nR1\t01/03/2023\r\n", "utf-16")
    (case,) = read(path)
    assert case.data == {
        "id": "R1",
        "events": [{"date": "2023-03-01", "type": "complaint_received"}],
        "not_recorded": NO_ACK_OR_RESPONSE,
    }


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [("semi.csv", ";"), ("tabs.tsv", "\t"), ("tabs.txt", "\t"), ("bar.csv", "|")],
)
def test_delimiters_are_sniffed(tmp_path: Path, name: str, delimiter: str) -> None:
    text = "\n".join(
        delimiter.join(row)
        for row in [
            ["Ref", "Date received", "Stage 1 response", "Compensation"],
            ["R1", "01/03/2023", "10/03/2023", "£1,200.50"],
            ["R2", "02/03/2023", "", ""],
        ]
    )
    first, second = read(write(tmp_path, name, text + "\n"))
    assert first.data == {
        "id": "R1",
        "events": [
            {"date": "2023-03-01", "type": "complaint_received"},
            {
                "date": "2023-03-10",
                "type": "stage_response",
                "stage": 1,
                "compensation_gbp": 1200.5,
            },
        ],
        "not_recorded": NO_ACK,
    }
    assert second.data is not None
    assert second.data["id"] == "R2"


def test_quoted_cells_spanning_lines_are_one_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "quoted.csv",
        'Ref,Date received,Channel\nR1,01/03/2023,"email,\nthen phone"\nR2,01/03/2023,\n',
    )
    first, second = read(path)
    assert first.data is not None
    assert first.data["events"][0]["channel"] == "email,\nthen phone"
    assert second.location == "row 3"


# --- workbooks ----------------------------------------------------------------------------


def make_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Summary"
    first.append(["Reference", "Date received", "Stage 1 response", "Apology given"])
    first.append([1234, datetime(2023, 3, 1), datetime(2023, 3, 14, 16, 5), True])
    first.append([None, None, None, None])
    first.append(["R-2", "15/03/2023", 45012, "No"])
    second = workbook.create_sheet("Q2")
    second.append(["Reference", "Date received"])
    second.append(["Q2-1", datetime(2023, 4, 3)])
    workbook.save(path)
    return path


def test_xlsx_first_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "book.xlsx")
    first, second = read(path)
    assert first.location == "row 2"
    assert first.data == {
        "id": "1234",
        "events": [
            {"date": "2023-03-01", "type": "complaint_received"},
            {"date": "2023-03-14", "type": "stage_response", "stage": 1, "apology": True},
        ],
        "not_recorded": NO_ACK,
    }
    assert second.location == "row 4"
    assert second.data is not None
    assert second.data["events"][1] == {
        "date": "2023-03-27",
        "type": "stage_response",
        "stage": 1,
        "apology": False,
    }


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "book.xlsx")
    (case,) = read(path, sheet="Q2")
    assert case.data == {
        "id": "Q2-1",
        "events": [{"date": "2023-04-03", "type": "complaint_received"}],
        "not_recorded": NO_ACK_OR_RESPONSE,
    }


def test_xlsx_missing_sheet_names_the_sheets(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "book.xlsx")
    text = only_issue(read(path, sheet="Q3"))
    assert text == (
        f"{path}: file: the workbook has no sheet named 'Q3'; "
        "expected one of its sheets: 'Summary', 'Q2'"
    )


def test_not_a_workbook(tmp_path: Path) -> None:
    path = write(tmp_path, "fake.xlsx", "Ref,Date received\n")
    assert "cannot be read as an Excel workbook" in only_issue(read(path))


FORMULA_HEADER = [
    "Reference",
    "Date received",
    "Date acknowledged",
    "Stage 1 response",
    "Stage 1 officer",
]
UNSAVED = (
    "with no saved value: open and save the workbook in Excel or LibreOffice so its "
    "values are stored, or export the values"
)


def formula_workbook(path: Path, rows: list[list[object]], saved: dict[str, str]) -> Path:
    """A workbook as a program writes it: formulas, no results (``<v />``).

    ``saved`` gives some cells a stored result as Excel stores one (the cell's attributes
    after its reference, and the ``<v>`` text, split by ``|``); openpyxl cannot compute
    formulas, so the results are written into the sheet's XML.
    """
    workbook = openpyxl.Workbook()
    for row in [FORMULA_HEADER, *rows]:
        workbook.active.append(row)
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, stored in saved.items():
        attributes, value = stored.split("|")
        sheet, count = re.subn(
            rf'<c r="{ref}">(<f>[^<]*</f>)<v ?/>',
            lambda match: f'<c r="{ref}"{attributes}>{match[1]}<v>{value}</v>',  # noqa: B023
            sheet,
        )
        assert count == 1, ref
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_xlsx_formula_with_no_saved_value_is_an_error_not_a_blank(tmp_path: Path) -> None:
    """Read as blank, =B2+3 would be "never acknowledged": a breach out of nothing."""
    day = datetime(2023, 3, 1)
    path = formula_workbook(
        tmp_path / "book.xlsx",
        [
            ["R-1", day, "=B2+3", day, "officer-7"],
            ["R-2", day, day, day, '="officer-"&"8"'],
            ["R-3", day, day, day, "officer-9"],
        ],
        saved={},
    )
    first, second, third = read(path)
    assert first.data is None
    assert messages(first) == [
        f"{path}: row 2: case R-1: Date acknowledged: holds a formula (=B2+3) {UNSAVED}; "
        "expected a date such as 2023-02-15, 15/02/2023, 15-Feb-23 or 15 Feb 2023, an "
        "Excel date, or a month such as 2023-08 or Aug 2023"
    ]
    assert messages(second) == [
        f"{path}: row 3: case R-2: Stage 1 officer: holds a formula "
        f'(="officer-"&"8") {UNSAVED}; expected text or a number'
    ]
    assert third.data is not None  # the rest of the log is read and checked as usual


def test_xlsx_formula_saved_values_are_read_as_before(tmp_path: Path) -> None:
    """A workbook saved by Excel keeps each formula's result, and that is what is read;
    an empty text result (``t="str"``, empty ``<v>``) is a blank cell."""
    day = datetime(2023, 3, 1)
    path = formula_workbook(
        tmp_path / "book.xlsx",
        [
            ["R-1", day, "=B2+3", day, '=IF(B2>0,"officer-7","")'],
            ["R-2", day, '=IF(B3>0,"",B3)', None, None],
        ],
        saved={"C2": "|44989", "E2": ' t="str"|officer-7', "C3": ' t="str"|'},
    )
    first, second = read(path)
    assert first.data is not None
    assert first.data["events"] == [
        {"date": "2023-03-01", "type": "complaint_received"},
        {"date": "2023-03-04", "type": "complaint_acknowledged", "stage": 1},
        {"date": "2023-03-01", "type": "stage_response", "stage": 1, "handler": "officer-7"},
    ]
    assert second.data == {
        "id": "R-2",
        "events": [{"date": "2023-03-01", "type": "complaint_received"}],
    }


def test_xlsx_formula_with_no_saved_value_in_the_header_or_a_long_type(tmp_path: Path) -> None:
    header = formula_workbook(tmp_path / "header.xlsx", [], saved={})
    workbook = openpyxl.load_workbook(header)
    workbook.active["B1"] = '="Date "&"received"'
    workbook.save(header)
    assert only_issue(read(header)) == (
        f'{header}: file: a cell of the header row (row 1) holds a formula (="Date "&"received") '
        f"{UNSAVED}; expected a header row naming the columns"
    )
    long = tmp_path / "long.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["case_id", "date", "type"])
    workbook.active.append(["A", datetime(2023, 3, 1), '=IF(1,"complaint_received")'])
    workbook.save(long)
    assert f'type: holds a formula (=IF(1,"complaint_received")) {UNSAVED}' in only_issue(
        read(long)
    )


def test_xlsx_rows_past_a_wrong_recorded_dimension_are_read(tmp_path: Path) -> None:
    """openpyxl's read-only rows stop at the sheet's ``<dimension>``, which a program may
    write wrong; every row the sheet holds is read."""
    path = formula_workbook(tmp_path / "book.xlsx", [["R-1"], ["R-2"], ["R-3"]], saved={})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:E2"', sheet
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert [case.location for case in read(path)] == ["row 2", "row 3", "row 4"]


# --- long logs ----------------------------------------------------------------------------


def test_long_csv(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "Case ID,Date,Type,Stage,Handler,Apology,Landlord,Closure days,Issues\n"
        "A,2023-01-05,complaint_received,,,,Acme,2022-12-28;2022-12-29,damp; noise\n"
        "A,06/01/2023,Complaint acknowledged,1,,,,,\n"
        "A,2023-01-20,stage_response,1,off-1,yes,Acme,,\n"
        "B,2023-02-01,complaint_received,,,,,,\n",
    )
    first, second = read(path)
    assert first.location == "rows 2-4"
    assert first.data == {
        "id": "A",
        "landlord": "Acme",
        "closure_days": ["2022-12-28", "2022-12-29"],
        "events": [
            {"date": "2023-01-05", "type": "complaint_received", "issues": ["damp", "noise"]},
            {"date": "2023-01-06", "type": "complaint_acknowledged", "stage": 1},
            {
                "date": "2023-01-20",
                "type": "stage_response",
                "stage": 1,
                "handler": "off-1",
                "apology": True,
            },
        ],
    }
    assert second.location == "row 5"
    assert isinstance(validate_case(first.data), Case)


def test_long_log_row_problems(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type,stage,handler,landlord,hander\n"
        "A,2023-01-05,complaint_received,,officer,Acme,\n"
        "A,,complaint_acknowledged,one,,Other,x\n"
        "B,2023-01-05,complaint_recieved,,,,\n",
    )
    first, second = read(path)
    assert first.data is None
    assert [(issue.location, issue.field, issue.message) for issue in first.issues] == [
        ("row 2", "handler", "a complaint_received event has no handler field"),
        ("row 3", "date", "the event has no date"),
        ("row 3", "stage", "'one' is not a whole number"),
        ("row 3", "landlord", "disagrees with landlord 'Acme' on row 2"),
        ("row 3", "hander", "unknown column 'hander'"),
    ]
    assert "did you mean 'handler'?" in str(first.issues[-1].expected)
    (unknown,) = second.issues
    assert unknown.message == "unknown event type"
    assert str(unknown.expected).startswith("one of complaint_received, ")
    assert str(unknown.expected).endswith("; did you mean 'complaint_received'?")


def test_a_case_id_reappearing_in_a_long_log(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type\n"
        "A,2023-01-05,complaint_received\n"
        "A,2023-01-06,informal_response\n"
        "B,2023-01-05,complaint_received\n"
        "A,2023-01-20,complaint_withdrawn\n"
        "C,2023-01-05,complaint_received\n",
    )
    cases = read(path)
    assert [case.location for case in cases] == ["rows 2-3", "row 4", "row 5", "row 6"]
    assert [case.data is not None for case in cases] == [True, True, False, True]
    (issue,) = cases[2].issues
    assert str(issue) == (
        f"{path}: row 5: case A: case_id: case A already appeared at rows 2-3, which was read "
        "without this row; expected each case's rows together in one block: move this row "
        "next to its other rows"
    )


def test_a_long_row_without_case_id_is_its_own_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type\nA,2023-01-05,complaint_received\n,2023-01-06,informal_response\n"
        "A,2023-01-07,complaint_withdrawn\nB,2023-01-05,complaint_received\n"
        ",2023-01-06,informal_response\nC,2023-01-05,complaint_received\n",
    )
    cases = read(path)
    assert [case.location for case in cases] == ["rows 2, 4", "row 3", "row 5", "row 6", "row 7"]
    orphan = cases[1]
    assert "has no case_id" in messages(orphan)[0]
    # a rejected row between a case's rows was probably one of its events: the case is not
    # checked as if complete, and its location does not claim the rejected row
    incomplete = cases[0]
    assert incomplete.data is None
    (issue,) = incomplete.issues
    assert str(issue) == (
        f"{path}: rows 2, 4: case A: case_id: row 3, between this case's rows, could not be "
        "read (see the error of that row), so the case is not checked as if it were "
        "complete; expected every row of the case readable and carrying its case_id"
    )
    # a row of no case between two cases belongs to neither: both are checked
    assert cases[2].data is not None
    assert cases[4].data is not None


def test_rejected_rows_among_a_case_are_all_named(tmp_path: Path) -> None:
    lines = [
        '{"case_id": "A", "date": "2023-01-05", "type": "complaint_received"}',
        "{not json",
        '{"case_id": "A", "date": "2023-01-06", "type": "informal_response"}',
        '{"case_id": "A", "date": "2023-01-07", "type": "informal_response"}',
        '["a list"]',
        '{"date": "2023-01-08", "type": "informal_response"}',
        '{"case_id": "A", "date": "2023-01-09", "type": "complaint_withdrawn"}',
    ]
    case_a, *rest = read(write(tmp_path, "events.jsonl", "\n".join(lines) + "\n"))
    assert case_a.location == "lines 1, 3-4, 7"
    assert case_a.data is None
    assert case_a.issues[0].message.startswith("lines 2, 5, 6, between this case's lines")
    assert [case.location for case in rest] == ["line 2", "line 5", "line 6"]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("name", "rows", "expected"),
    [
        (
            "events.csv",
            [
                "case_id,date,type",
                "A,2023-01-05,complaint_received",
                ",2023-01-06,informal_response",
                "A,2023-01-07,complaint_withdrawn",
                "B,2023-01-05,complaint_received",
                ",2023-01-06,informal_response",
            ],
            ["rows 2, 4", "row 3", "row 5", "row 6"],
        ),
        (
            "events.jsonl",
            [
                '{"case_id": "A", "date": "2023-01-05", "type": "complaint_received"}',
                "{not json",
                '{"case_id": "A", "date": "2023-01-07", "type": "complaint_withdrawn"}',
                '{"date": "2023-01-06", "type": "informal_response"}',
                '{"case_id": "B", "date": "2023-01-05", "type": "complaint_received"}',
                "{not json",
            ],
            ["lines 1, 3", "line 2", "line 4", "line 5", "line 6"],
        ),
    ],
)
def test_long_log_results_come_in_file_order(
    tmp_path: Path, jobs: str, name: str, rows: list[str], expected: list[str]
) -> None:
    """A row of no case between a case's rows comes after that case, which began first:
    results in the order of each case's first row, whatever the number of workers."""
    path = write(tmp_path, name, "\n".join(rows) + "\n")
    result = CliRunner().invoke(
        main, ["check", str(path), "--as-of", "2024-09-01", "--format", "json", "--jobs", jobs]
    )
    assert result.exit_code == 2, result.output
    results = json.loads(result.stdout)["results"]
    assert [case["location"] for case in results] == expected
    assert [case["case_id"] for case in results if case["case_id"]] == ["A", "B"]


def test_long_xlsx_results_come_in_file_order(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [
        ("case_id", "date", "type"),
        ("A", "2023-01-05", "complaint_received"),
        (None, "2023-01-06", "informal_response"),
        ("A", "2023-01-07", "complaint_withdrawn"),
        ("B", "2023-01-05", "complaint_received"),
    ]:
        sheet.append(row)
    path = tmp_path / "events.xlsx"
    workbook.save(path)
    assert [case.location for case in read(path)] == ["rows 2, 4", "row 3", "row 5"]


def test_layout_detection_and_override(tmp_path: Path) -> None:
    path = write(tmp_path, "both.csv", "Case ID,Type,Date,Date received\nR1,x,,01/03/2023\n")
    (as_long,) = read(path)
    assert as_long.data is None  # read as events: "x" is no event type
    (as_wide,) = read(path, layout="wide")
    assert as_wide.data == {
        "id": "R1",
        "events": [{"date": "2023-03-01", "type": "complaint_received"}],
        "not_recorded": NO_ACK_OR_RESPONSE,
    }
    wide = write(tmp_path, "wide.csv", "Ref,Date received\nR1,01/03/2023\n")
    (forced_long,) = read(wide, layout="long")
    assert forced_long.data is None
    assert "has no case_id" in messages(forced_long)[0]


def test_duplicate_long_columns_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "events.csv", "case_id,date,type,stage,Stage\n")
    assert "more than one column is headed 'stage'" in only_issue(read(path))


# --- errors the case model finds, located in the log --------------------------------------


def model_errors(path: Path, **options: object) -> list[list[str]]:
    """The errors validation finds in each case read from ``path``, as the user reads them."""
    results = [check_raw(case, None, date(2024, 9, 1), "builtin") for case in read(path, **options)]
    return [[str(error) for error in result.errors] for result in results]


def test_a_wide_log_names_the_row_and_column_of_a_value_the_case_refuses(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "complaints.csv",
        "Ref,Date received,Stage 1 response date,Stage 1 compensation,Stage 2 response,"
        "Compensation\n"
        "R1,01/03/2023,10/03/2023,-5,,\n"
        "R2,01/03/2023,10/03/2023,,20/04/2023,-7\n"
        "R3,01/03/2023,10/03/2023,,,\n",
    )
    bad = "Input should be greater than or equal to 0"
    assert model_errors(path) == [
        [f"{path}: row 2: case R1: Stage 1 compensation: {bad} (got '-5.0')"],
        # the outcome column goes on the last response, which has no compensation of its own
        [f"{path}: row 3: case R2: Compensation: {bad} (got '-7.0')"],
        [],
    ]


def test_wide_rows_of_one_shape_share_where_their_events_were_read(tmp_path: Path) -> None:
    """What goes to a worker with each case is its row number and a shared tuple."""
    path = write(tmp_path, "c.csv", "Ref,Date received\nR1,01/03/2023\nR2,02/03/2023\n")
    first, second = read(path)
    assert first.origin is not None and second.origin is not None
    assert (first.origin[1], second.origin[1]) == (2, 3)
    assert first.origin[2] == ((0, (("id", "Ref"),)),)
    assert first.origin[3] == ((0, (("date", "Date received"),)),)
    assert first.origin[3] is second.origin[3]


def test_a_wide_mapping_constant_the_case_refuses_is_named_as_one(tmp_path: Path) -> None:
    mapping = write(
        tmp_path,
        "mapping.yaml",
        "id: Ref\nevents:\n  - type: complaint_received\n    date: Date received\n"
        "  - type: stage_response\n    date: Response\n    stage: 1\n"
        "    compensation_gbp: -5\n",
    )
    path = write(tmp_path, "c.csv", "Ref,Date received,Response\nR1,01/03/2023,10/03/2023\n")
    assert model_errors(path, mapping=mapping) == [
        [
            f"{path}: row 2: case R1: compensation_gbp (a constant of the mapping): "
            "Input should be greater than or equal to 0 (got '-5.0')"
        ]
    ]


def test_a_long_log_names_the_row_of_the_event_the_case_refuses(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "events.csv",
        "case_id,date,type,stage,Compensation GBP,new_due_date\n"
        "A,2023-01-05,complaint_received,,,\n"
        ",,,,,\n"  # a blank row: A's events are rows 2 and 4
        "A,2023-01-20,stage_response,1,-5,\n"
        "B,2023-01-05,complaint_received,,,\n"
        "B,2023-01-08,extension_notified,1,,\n"
        "C,2023-01-05,complaint_received,,,\n"
        "C,2023-01-20,stage_response,3,,\n",
    )
    a, b, c = model_errors(path)
    assert a == [
        f"{path}: row 4: case A: Compensation GBP: "
        "Input should be greater than or equal to 0 (got '-5.0')"
    ]
    assert b == [
        f"{path}: row 6: case B: an extension needs exactly one of new_due_date (YYYY-MM-DD) "
        "or extra_working_days (a whole number of working days)"
    ]
    assert c == [f"{path}: row 8: case C: a stage 3 response needs a stage 2 response before it"]


def test_events_listed_in_a_message_are_named_by_row_or_column(tmp_path: Path) -> None:
    long = write(
        tmp_path,
        "events.csv",
        "case_id,date,type\nA,2023-01-05,complaint_received\nA,2023-01-06,informal_response\n"
        "A,2023-01-07,complaint_received\n",
    )
    mapping = write(
        tmp_path,
        "mapping.yaml",
        "id: Ref\nevents:\n  - type: complaint_received\n    date: Received\n"
        "  - type: complaint_received\n    date: Reopened\n",
    )
    wide = write(tmp_path, "c.csv", "Ref,Received,Reopened\nR1,01/03/2023,02/03/2023\n")
    rule = "a case needs exactly one complaint_received event, found 2"
    further = "a further complaint is a case of its own"
    assert model_errors(long) == [[f"{long}: rows 2-4: case A: {rule} (rows 2, 4); {further}"]]
    assert model_errors(wide, mapping=mapping) == [
        [f"{wide}: row 2: case R1: {rule} (columns 'Received', 'Reopened'); {further}"]
    ]


def test_a_case_file_keeps_the_contract_path(tmp_path: Path) -> None:
    case = {
        "id": "A",
        "events": [
            {"date": "2023-01-05", "type": "complaint_received"},
            {"date": "2023-01-20", "type": "stage_response", "stage": 3},
        ],
    }
    (issue,) = validate_case(case, source="a.yaml", location="document 1")  # type: ignore[misc]
    assert str(issue) == (
        "a.yaml: document 1: case A: events[1]: a stage 3 response needs a stage 2 response "
        "before it"
    )
    assert issue.field is None  # as it always was: the place is in the message


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_located_model_errors_cross_to_the_workers(tmp_path: Path, jobs: str) -> None:
    path = write(
        tmp_path,
        "events.jsonl",
        '{"case_id": "A", "date": "2023-01-05", "type": "complaint_received"}\n'
        '{"case_id": "A", "date": "2023-01-20", "type": "stage_response", "stage": 1, '
        '"compensation_gbp": -5}\n',
    )
    result = CliRunner().invoke(
        main, ["check", str(path), "--as-of", "2024-09-01", "--format", "json", "--jobs", jobs]
    )
    (case,) = json.loads(result.stdout)["results"]
    assert case["location"] == "lines 1-2"
    assert [(e["location"], e["field"]) for e in case["errors"]] == [("line 2", "compensation_gbp")]


# --- JSON lines ---------------------------------------------------------------------------


def test_jsonl_long_with_whole_cases_and_bad_lines(tmp_path: Path) -> None:
    whole = {"id": "W", "events": [{"date": "2023-01-01", "type": "complaint_received"}]}
    lines = [
        json.dumps({"case_id": "A", "date": "2023-01-05", "type": "complaint_received"}),
        json.dumps(
            {"case_id": "A", "date": "2023-01-06", "type": "complaint_acknowledged", "stage": 1}
        ),
        "",
        "{not json",
        json.dumps(whole),
        '["a list"]',
        '{"case_id": "B", "case_id": "C", "date": "2023-01-05", "type": "complaint_received"}',
        json.dumps({"case_id": 7, "date": "15/01/2023", "type": "complaint_received"}),
    ]
    cases = read(write(tmp_path, "log.jsonl", "\n".join(lines) + "\n"))
    assert [case.location for case in cases] == [
        "lines 1-2", "line 4", "line 5", "line 6", "line 7", "line 8",
    ]  # fmt: skip
    case_a, bad_json, whole_case, a_list, duplicate, number_id = cases
    assert "not valid JSON" in messages(bad_json)[0]
    assert case_a.data == {
        "id": "A",
        "events": [
            {"date": "2023-01-05", "type": "complaint_received"},
            {"date": "2023-01-06", "type": "complaint_acknowledged", "stage": 1},
        ],
    }
    assert whole_case.data == whole
    assert "a JSON list, not an object" in messages(a_list)[0]
    assert "the key 'case_id' appears twice" in messages(duplicate)[0]
    assert number_id.data == {
        "id": "7",
        "events": [{"date": "2023-01-15", "type": "complaint_received"}],
    }


def test_jsonl_lines_beyond_what_python_reads_are_located_errors(tmp_path: Path) -> None:
    good = json.dumps({"case_id": "A", "date": "2023-01-05", "type": "complaint_received"})
    lines = [
        '{"case_id": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"case_id": "B", "stage": 1' + "0" * 5000 + "}",
        good,
    ]
    deep, long_number, case_a = read(write(tmp_path, "log.jsonl", "\n".join(lines) + "\n"))
    assert messages(deep) == [
        f"{tmp_path / 'log.jsonl'}: line 1: the line cannot be read: it is nested too deeply "
        "to read (lists or objects within each other); expected one JSON object per line"
    ]
    assert "line 2: the line cannot be read: it holds a number too long" in messages(long_number)[0]
    assert case_a.data is not None


def test_jsonl_lists_and_objects_are_not_read_as_text(tmp_path: Path) -> None:
    # str() made each of these pass: ["england"] was the nation england, a list type an
    # event type, an object a channel, and a list case_id an id.
    event = {"case_id": "A", "date": "2023-01-05", "type": "complaint_received"}
    lines = [
        {**event, "nation": ["england"]},
        {**event, "case_id": "B", "type": ["complaint_received"]},
        {**event, "case_id": "C", "channel": {"a": 1}},
        {**event, "case_id": ["D"]},
    ]
    path = write(tmp_path, "log.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    nation, event_type, channel, case_id = read(path)  # in file order
    assert messages(nation) == [
        f"{path}: line 1: case A: nation: a JSON list, not text (got \"['england']\"); "
        "expected text or a number"
    ]
    assert "case B: type: unknown event type" in messages(event_type)[0]
    assert "case C: channel: a JSON object, not text" in messages(channel)[0]
    assert messages(case_id) == [
        f"{path}: line 4: case_id: a JSON list, not text, so the line belongs to no case; "
        "expected the id of the case this event belongs to"
    ]
    wide = write(tmp_path, "wide.jsonl", '{"Ref": ["R1"], "Date received": "01/03/2023"}\n')
    assert only_issue(read(wide)) == (
        f"{wide}: line 1: Ref: a JSON list, not text (got \"['R1']\"); "
        "expected the complaint's reference"
    )


def test_a_long_log_cell_no_field_takes_is_reported_not_dropped(tmp_path: Path) -> None:
    # Headers that name nothing ("", "???") and JSON keys read as the same column were
    # skipped without a word, though a long log's unknown columns are errors.
    csv_path = write(
        tmp_path, "log.csv", "case_id,date,type,,???\nA,2023-01-05,complaint_received,x,y\n"
    )
    assert messages(read(csv_path)[0]) == [
        f"{csv_path}: row 2: case A: a column with no header has a value ('x') but names no "
        "field; expected a header naming a field of the case format (see docs/logs.md), or "
        "the column removed",
        f"{csv_path}: row 2: case A: column '???' has a value ('y') but names no field; "
        "expected a header naming a field of the case format (see docs/logs.md), or the "
        "column removed",
    ]
    line = {"case_id": "A", "Case ID": "B", "date": "2023-01-05", "type": "complaint_received"}
    jsonl = write(tmp_path, "log.jsonl", json.dumps(line) + "\n")
    assert only_issue(read(jsonl)) == (
        f"{jsonl}: line 1: case A: 'Case ID' and 'case_id' both have a value and are the same "
        "column (case_id); expected each field in one column"
    )


def test_jsonl_wide_rows_may_leave_out_null_keys(tmp_path: Path) -> None:
    lines = [
        {
            "Ref": "R1",
            "Date received": "01/03/2023",
            "Stage 1 response": "10/03/2023",
            "Apology given": True,
        },
        {"Ref": "R2", "Date received": "02/03/2023"},
        {"Date received": "02/03/2023"},
    ]
    path = write(tmp_path, "wide.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    first, second, third = read(path)
    assert first.data == {
        "id": "R1",
        "events": [
            {"date": "2023-03-01", "type": "complaint_received"},
            {"date": "2023-03-10", "type": "stage_response", "stage": 1, "apology": True},
        ],
        "not_recorded": NO_ACK,
    }
    # a key left out is a blank cell, not a column the log lacks: R2 has no stage 1
    # response; only the acknowledgement, which no line has a key for, is not recorded
    assert second.data == {
        "id": "R2",
        "events": [{"date": "2023-03-02", "type": "complaint_received"}],
        "not_recorded": NO_ACK,
    }
    assert third.location == "line 3"
    assert "no column holds the complaint reference" in messages(third)[0]


# --- files that cannot be read --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.csv", None, "file not found"),
        ("old.xls", b"", "an old-style Excel .xls file; expected save it as .xlsx or CSV"),
        ("notes.docx", b"", "not a log format complycheck reads (.docx)"),
        ("empty.csv", b"\n\n", "the file has no header row"),
    ],
)
def test_unreadable_files_give_one_result(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    (case,) = read(path)
    assert case.location == "file"
    assert problem in only_issue([case])


def test_a_header_only_log_is_one_located_error(tmp_path: Path) -> None:
    for name, text, what in (
        ("log.csv", "Ref,Date received\n", "it has a header row and no rows below it"),
        ("log.jsonl", "", "it has no lines"),
    ):
        path = write(tmp_path, name, text)
        (only,) = read(path)
        assert (only.data, only.location) == (None, "file")
        assert [issue.message for issue in only.issues] == [f"no complaints in {path}: {what}"]


# --- the examples -------------------------------------------------------------------------


def test_example_wide_csv_and_xlsx_agree_and_validate() -> None:
    from_csv = read(EXAMPLES / "complaints-wide.csv")
    from_xlsx = read(EXAMPLES / "complaints.xlsx")
    assert len(from_csv) == 12
    assert [case.data for case in from_csv] == [case.data for case in from_xlsx]
    bad = [case for case in from_csv if case.data is None]
    assert [case.location for case in bad] == ["row 8"]
    assert bad[0].issues[0].value == "Sent"
    for case in from_csv:
        if case.data is not None:
            assert isinstance(validate_case(case.data), Case), case.location
    month_only = next(case for case in from_csv if case.data and case.data["id"] == "CMP-2023-0146")
    assert {"date": "2023-08", "type": "escalation_requested"} in month_only.data["events"]  # type: ignore[index]


def test_example_long_jsonl_validates() -> None:
    cases = read(EXAMPLES / "events-long.jsonl")
    assert [case.location for case in cases] == [
        "lines 1-5",
        "lines 6-12",
        "lines 13-15",
        "lines 16-19",
    ]
    for case in cases:
        assert isinstance(validate_case(case.data), Case), messages(case)


def test_example_workbook_holds_real_date_cells() -> None:
    """make_xlsx.py writes full dates as Excel date cells and leaves other forms as text."""
    workbook = openpyxl.load_workbook(EXAMPLES / "complaints.xlsx", read_only=True)
    try:
        assert workbook.sheetnames == ["Complaints", "About"]
        rows = list(workbook["Complaints"].iter_rows(values_only=True))
    finally:
        workbook.close()
    csv_lines = (EXAMPLES / "complaints-wide.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(csv_lines)
    assert rows[1][:3] == ("CMP-2023-0141", "Riverside Vale Homes", datetime(2023, 1, 9))
    assert rows[3][2] == "18-Jan-23"
    assert rows[6][9] == "Aug 2023"


# --- fuzzing ------------------------------------------------------------------------------

_CELLS = st.sampled_from(
    [
        "", "R1", "R2", "01/03/2023", "2023-03-05", "44972", "-5", "1e400", "Yes", "No",
        "£1,200", "TBC", "Aug 2023", "31/02/2023", "complaint_received", "stage_response",
        "1", "3", '"', '""', ",", ";", "\r", "\n", "\r\n", "\x00", "\ufeff", "é", "\x81",
    ]
)  # fmt: skip
_HEADERS = st.sampled_from(
    [
        "Ref", "Date received", "Date acknowledged", "Stage 1 response", "Escalated",
        "Stage 2 response", "Apology given", "Compensation", "Extension days", "Notes",
        "case_id", "date", "type", "stage", "", "???",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.lists(_HEADERS, min_size=1, max_size=6),
    rows=st.lists(st.lists(_CELLS, max_size=7), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_any_delimited_log_gives_results_never_a_traceback(
    headers: list[str],
    rows: list[list[str]],
    delimiter: str,
    newline: str,
    encoding: str,
) -> None:
    text = newline.join(delimiter.join(cells) for cells in [headers, *rows]) + newline
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "log.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        cases = read(path)
    for case in cases:
        assert case.data is not None or case.issues
        result = check_raw(case, None, date(2024, 6, 1), "builtin")
        assert (result.report is None) == bool(result.errors)
        assert all(str(issue) for issue in result.errors)
