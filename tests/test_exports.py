"""Real complaint-log exports read right on the first run (issue 10, "Reading").

``tests/data/exports/crm-register.csv`` is written the way a CRM export comes: two title
rows and a blank row above the header, the headers such systems write ("Complaint
Reference", "Date Logged", "Handling Officer", "Extension Agreed (Y/N)", "Revised Target
Date", "Apology (Y/N)", "Compensation (£)"), open complaints with their officers, Y/N
extensions, "Withdrawn", "TBC", "N/A", "-" cells, and no acknowledgement column. It is
checked with no mapping file and every case's findings are the ones worked out by hand in
the comments below (as of Monday 2 Dec 2024; no bank holidays fall in Sep-Nov 2024).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.cli_mapping import mapping_group
from complycheck.logs import read_log
from complycheck.models import Case
from complycheck.validation import validate_case

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "tests" / "data" / "exports" / "crm-register.csv"
EXAMPLE = ROOT / "examples" / "logs" / "crm-export.csv"
AS_OF = "2024-12-02"
NOT_RECORDED_ACK = "This log does not record the stage 1 acknowledgement"


def check(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(main, ["check", *args], input=input, catch_exceptions=False)


def checked(
    path: Path = REGISTER, as_of: str = AS_OF
) -> tuple[dict[str, Any], dict[str, Any], Result]:
    """(results by case id, the summary, the run) of a json check, by default of the
    register as of 2 Dec 2024."""
    result = check(str(path), "--as-of", as_of, "--format", "json", "--fail-on", "never")
    document = json.loads(result.stdout)
    return {r["case_id"]: r for r in document["results"]}, document["summary"], result


def status(result: dict[str, Any], rule: str) -> str:
    return str(next(c for c in result["checks"] if c["rule"] == rule)["status"])


def reasoning(result: dict[str, Any], rule: str) -> str:
    return str(next(c for c in result["checks"] if c["rule"] == rule)["reasoning"])


# The findings a person gives the register by hand. The stage 1 acknowledgement is not in
# the export, so it is unknown everywhere; the stage 1 response is due 10 working days
# after it, which came between receipt and receipt + 5 working days: due between receipt
# + 10 and receipt + 15. For 2 Sep 2024: between 16 Sep and 23 Sep.
BY_HAND = {
    # responded 10 Sep: on time whenever it was acknowledged
    "CMP-1001": ("met", "no_maladministration"),
    # responded 30 Sep: late even if acknowledged on the last day allowed
    "CMP-1002": ("breached", "service_failure"),
    # responded 19 Sep: on time only if acknowledged late enough, which is not known
    "CMP-1003": ("unknown", "no_maladministration"),
    # open, logged 18 Nov: due between 2 and 9 Dec, so not yet overdue
    "CMP-1004": ("pending", "no_maladministration"),
    # open, logged 14 Oct, response "TBC": due by 4 Nov at the latest, overdue
    "CMP-1005": ("breached", "maladministration"),
    # extension agreed (Y) to 30 Sep, date not in the export; responded 27 Sep: on time if
    # the extension was agreed before the original deadline, which is not known
    "CMP-1006": ("unknown", "no_maladministration"),
    # extension to 30 Sep, responded 7 Oct: late even against the extension
    "CMP-1007": ("breached", "service_failure"),
    # extension N; responded 12 Sep: on time
    "CMP-1008": ("met", "no_maladministration"),
    # "Withdrawn" where the response date belongs, no date of withdrawal: overdue unless it
    # was withdrawn before the deadline, which the export does not say
    "CMP-1009": ("unknown", "no_maladministration"),
    # stage 1 on time; stage 2 (below) on time
    "CMP-1010": ("met", "no_maladministration"),
    # stage 1 on time; stage 2 open and overdue (below)
    "CMP-1011": ("met", "maladministration"),
    # "-" extension, "N/A" revised date, "n/a" apology, "£0.00": read as blanks and zero
    "CMP-1012": ("met", "no_maladministration"),
}


def test_the_register_checks_with_no_mapping_as_a_person_would() -> None:
    results, _, run = checked()
    assert run.exit_code == 0
    assert [r["errors"] for r in results.values()] == [[]] * len(BY_HAND)
    found = {
        case_id: (status(r, "stage1.respond"), r["determination"]["finding"])
        for case_id, r in results.items()
    }
    assert found == BY_HAND


def test_not_recorded_steps_are_unknown_with_the_reason() -> None:
    results, _, _ = checked()
    for case_id, result in results.items():
        assert status(result, "stage1.acknowledge") == "unknown", case_id
        assert reasoning(result, "stage1.acknowledge").startswith(NOT_RECORDED_ACK), case_id
        assert status(result, "stage1.define") == "unknown", case_id
    # the stage 2 acknowledgement is not recorded either, where there was an escalation
    escalated = results["CMP-1010"]
    assert status(escalated, "stage2.acknowledge") == "unknown"
    assert reasoning(escalated, "stage2.acknowledge").startswith(
        "This log does not record the stage 2 acknowledgement"
    )
    # never escalated: no stage 2 acknowledgement was due, so nothing is unknown about it
    assert status(results["CMP-1001"], "stage2.acknowledge") == "not_applicable"
    assert status(results["CMP-1001"], "stage2.define") == "not_applicable"


def test_stage_1_response_reasoning_says_what_the_export_leaves_open() -> None:
    results, _, _ = checked()
    assert reasoning(results["CMP-1003"], "stage1.respond").endswith(
        "→ on time or late depending on when the stage 1 acknowledgement was sent, so this "
        "is not decided."
    )
    late = results["CMP-1002"]
    facts = next(c for c in late["checks"] if c["rule"] == "stage1.respond")["facts"]
    assert facts["due_date"] == {"earliest": "2024-09-16", "latest": "2024-09-23"}
    assert facts["working_days_late"] == {"min": 5, "max": 10}


def test_stage_2_by_hand() -> None:
    results, _, _ = checked()
    # escalated 17 Sep, stage 2 acknowledgement not recorded: due 20 working days after
    # it, between 15 and 22 Oct; responded 8 Oct, on time
    assert status(results["CMP-1010"], "stage2.respond") == "met"
    # escalated 23 Sep, no stage 2 response by 2 Dec: due by 28 Oct at the latest
    overdue = results["CMP-1011"]
    assert status(overdue, "stage2.respond") == "breached"
    assert "between 25 and 30 working days overdue" in reasoning(overdue, "stage2.respond")


def test_open_complaints_keep_their_officers_and_are_not_errors() -> None:
    cases = {raw.case_id: raw for raw in read_log(REGISTER)}
    open_case = cases["CMP-1004"]
    assert open_case.issues == ()
    assert open_case.data is not None
    assert open_case.data["events"] == [{"date": "2024-11-18", "type": "complaint_received"}]
    closed = cases["CMP-1001"]
    assert closed.data is not None
    assert closed.data["events"][1]["handler"] == "A. Khan"  # on the final response


def test_y_n_extensions_become_extensions_within_the_stage() -> None:
    cases = {raw.case_id: raw for raw in read_log(REGISTER)}
    extended = cases["CMP-1006"].data
    assert extended is not None
    assert extended["events"][1] == {
        "date": "2024-09-02/2024-09-27",  # from receipt to the stage 1 response
        "type": "extension_notified",
        "stage": 1,
        "new_due_date": "2024-09-30",
        "note": "Contractor availability",
    }
    assert isinstance(validate_case(extended), Case)
    no_extension = cases["CMP-1008"].data
    assert no_extension is not None
    assert [e["type"] for e in no_extension["events"]] == [
        "complaint_received",
        "stage_response",
    ]
    results, _, _ = checked()
    words = reasoning(results["CMP-1006"], "stage1.respond")
    assert "extended on some day between 2 Sep 2024 and 27 Sep 2024 to 30 Sep 2024" in words


def test_withdrawn_in_a_date_column_says_so() -> None:
    cases = {raw.case_id: raw for raw in read_log(REGISTER)}
    withdrawn = cases["CMP-1009"].data
    assert withdrawn is not None
    assert withdrawn["not_recorded"][-1] == {
        "event": "complaint_withdrawn",
        "note": "'Stage 1 Response Sent' and 'Outcome' say the complaint was withdrawn, "
        "but not when",
    }
    results, _, _ = checked()
    assert reasoning(results["CMP-1009"], "stage1.respond").endswith(
        "overdue unless the complaint was withdrawn in time: this log does not record when "
        "the complaint was withdrawn ('Stage 1 Response Sent' and 'Outcome' say the "
        "complaint was withdrawn, but not when)."
    )


def test_cell_values_read_through_the_value_map() -> None:
    cases = {raw.case_id: raw for raw in read_log(REGISTER)}
    dashes = cases["CMP-1012"].data
    assert dashes is not None
    response = dashes["events"][1]
    assert response["compensation_gbp"] == 0.0
    assert "apology" not in response  # "n/a": unknown, not no
    pounds = cases["CMP-1006"].data
    assert pounds is not None
    assert pounds["events"][2]["compensation_gbp"] == 1250.0
    assert pounds["events"][2]["apology"] is False


def test_every_unplaced_column_is_named_once_on_stderr_and_in_the_summary() -> None:
    _, summary, run = checked()
    unused = [line for line in run.stderr.splitlines() if "was not used" in line]
    assert unused == [
        f"Warning: {REGISTER}: column 'Property Ref' was not used (it is like nothing "
        "complycheck reads)",
        f"Warning: {REGISTER}: column 'Category' was not used (it is like nothing "
        "complycheck reads)",
        f"Warning: {REGISTER}: column 'Stage 1 Target Date' was not used (complycheck "
        "works out each deadline itself from the Code)",
        f"Warning: {REGISTER}: column 'Status' was not used (complycheck works out where "
        "each complaint stands from its dates)",
    ]
    (log,) = summary["logs"]
    assert log["not_recorded"] == ["the stage 1 acknowledgement", "the stage 2 acknowledgement"]
    assert [c["column"] for c in log["unplaced_columns"]] == [
        "Property Ref",
        "Category",
        "Stage 1 Target Date",
        "Status",
    ]


def test_an_unplaced_column_is_told_what_it_may_be(tmp_path: Path) -> None:
    log = tmp_path / "export.csv"
    log.write_text(
        "Complaint Reference,Date Logged,Stage 1 Response Sent,Stage Two Escalation Requested\n"
        "R1,02/09/2024,10/09/2024,\n",
        encoding="utf-8",
    )
    run = check(str(log), "--as-of", AS_OF, "--format", "json", "--fail-on", "never")
    assert (
        f"Warning: {log}: column 'Stage Two Escalation Requested' was not used; is it the "
        "date of the escalation request?"
    ) in run.stderr.splitlines()


def test_the_example_export_checks_without_errors() -> None:
    results, summary, run = checked(EXAMPLE, "2025-03-31")
    assert run.exit_code == 0
    assert 20 <= len(results) <= 40
    assert all(not r["errors"] for r in results.values())
    assert summary["logs"][0]["not_recorded"] == ["the stage 1 acknowledgement"]


# --- the value map and mapping files -----------------------------------------------------


def test_an_unknown_value_is_still_a_located_error(tmp_path: Path) -> None:
    log = tmp_path / "export.csv"
    log.write_text(
        "Complaint Reference,Date Logged,Stage 1 Response Sent,Compensation (£)\n"
        "R1,02/09/2024,Sent,lots\n",
        encoding="utf-8",
    )
    (raw,) = read_log(log)
    assert raw.data is None
    assert [(i.location, i.field, i.value) for i in raw.issues] == [
        ("row 2", "Stage 1 Response Sent", "Sent"),
        ("row 2", "Compensation (£)", "lots"),
    ]


def test_a_mapping_file_adds_to_the_value_map(tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        'id: "Ref"\n'
        "events:\n"
        '  - {type: complaint_received, date: "Logged"}\n'
        '  - {type: complaint_acknowledged, stage: 1, date: "Acknowledged"}\n'
        '  - {type: stage_response, stage: 1, date: "Responded", apology: "Sorry"}\n'
        "values:\n"
        '  dates: {"Awaiting": blank, "Cancelled": withdrawn}\n'
        '  flags: {"Partly": yes}\n',
        encoding="utf-8",
    )
    log = tmp_path / "log.csv"
    log.write_text(
        "Ref,Logged,Acknowledged,Responded,Sorry\n"
        "R1,02/09/2024,03/09/2024,Awaiting,\n"
        "R2,02/09/2024,03/09/2024,Cancelled,\n"
        "R3,02/09/2024,03/09/2024,10/09/2024,Partly\n",
        encoding="utf-8",
    )
    awaiting, cancelled, partly = read_log(log, mapping=mapping)
    assert awaiting.data is not None and len(awaiting.data["events"]) == 2
    assert cancelled.data is not None
    assert cancelled.data["not_recorded"][0]["event"] == "complaint_withdrawn"
    assert partly.data is not None and partly.data["events"][2]["apology"] is True


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ('values: {dates: {"Awaiting": maybe}}', "cannot map 'Awaiting' to 'maybe'"),
        ('values: {flags: {"Partly": withdrawn}}', "cannot map 'Partly' to 'withdrawn'"),
        ('values: {colours: {"x": blank}}', "unknown group 'colours'"),
    ],
)
def test_a_bad_value_map_is_refused(tmp_path: Path, values: str, problem: str) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        'id: "Ref"\nevents:\n  - {type: complaint_received, date: "Logged"}\n' + values + "\n",
        encoding="utf-8",
    )
    log = tmp_path / "log.csv"
    log.write_text("Ref,Logged\nR1,02/09/2024\n", encoding="utf-8")
    (raw,) = read_log(log, mapping=mapping)
    assert raw.data is None
    assert any(problem in issue.message for issue in raw.issues)


# --- not_recorded in a case file ---------------------------------------------------------

CASE = """\
id: NR-1
as_of: 2024-12-02
not_recorded: [complaint_acknowledged]
events:
  - {date: 2024-09-02, type: complaint_received}
  - {date: 2024-09-10, type: stage_response, stage: 1}
"""


def test_a_case_file_can_say_a_step_is_not_recorded(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    result = check(str(path), "--format", "json")
    (report,) = json.loads(result.stdout)["results"]
    assert status(report, "stage1.acknowledge") == "unknown"
    assert reasoning(report, "stage1.acknowledge").startswith(NOT_RECORDED_ACK)
    assert status(report, "stage1.respond") == "met"
    without = path.with_name("plain.yaml")
    without.write_text(CASE.replace("not_recorded: [complaint_acknowledged]\n", ""), "utf-8")
    (plain,) = json.loads(check(str(without), "--format", "json").stdout)["results"]
    assert status(plain, "stage1.acknowledge") == "breached"  # "not recorded" is not "no"


def test_not_recorded_with_a_stage_and_a_recorded_event_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        CASE.replace(
            "[complaint_acknowledged]", "[{event: complaint_acknowledged, stage: 1}]"
        ).replace(
            "  - {date: 2024-09-10,",
            "  - {date: 2024-09-03, type: complaint_acknowledged, stage: 1}\n"
            "  - {date: 2024-09-10,",
        ),
        encoding="utf-8",
    )
    result = check(str(path), "--format", "json")
    assert result.exit_code == 2
    assert (
        "not_recorded says the source does not record complaint_acknowledged at stage 1, "
        "but events[1] is one"
    ) in result.stderr


def test_the_schema_documents_not_recorded() -> None:
    schema = json.loads(CliRunner().invoke(main, ["schema"]).stdout)
    item = schema["properties"]["not_recorded"]["items"]
    forms = {json.dumps(form, sort_keys=True) for form in item["anyOf"]}
    assert any('"enum"' in form and "complaint_acknowledged" in form for form in forms)
    assert any("NotRecorded" in form for form in forms)


# --- layout quirks ---------------------------------------------------------------------------


def test_title_rows_are_skipped_and_header_row_overrides(tmp_path: Path) -> None:
    cases = list(read_log(REGISTER))
    assert [raw.location for raw in cases[:2]] == ["row 5", "row 6"]
    log = tmp_path / "titled.csv"
    log.write_text(
        "Complaints,\nReference,Received\nRef,Date received\nR1,02/09/2024\n", encoding="utf-8"
    )
    # "Reference,Received" holds two known headers: the first such row is the header...
    found = list(read_log(log))
    assert [raw.location for raw in found] == ["row 3", "row 4"]
    assert found[0].data is None  # "Date received" is no date
    # ... unless the export says otherwise
    (given,) = read_log(log, header_row=3)
    assert given.data is not None and given.data["id"] == "R1"
    run = check(str(log), "--header-row", "3", "--as-of", AS_OF, "--format", "json")
    assert json.loads(run.stdout)["results"][0]["case_id"] == "R1"


def test_header_row_past_the_end_is_located(tmp_path: Path) -> None:
    log = tmp_path / "short.csv"
    log.write_text("Ref,Date received\nR1,02/09/2024\n", encoding="utf-8")
    (raw,) = read_log(log, header_row=9)
    assert raw.data is None
    assert raw.issues[0].message == "the file ends before row 9 (--header-row)"


def test_logs_from_stdin() -> None:
    text = REGISTER.read_bytes()
    run = check("-", "--input-format", "csv", "--as-of", AS_OF, "--format", "json", input=text)
    document = json.loads(run.stdout)
    assert [r["case_id"] for r in document["results"]] == list(BY_HAND)
    assert document["results"][0]["source"] == "<stdin>"
    assert document["summary"]["logs"][0]["source"] == "<stdin>"


def test_xls_is_refused_with_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    (raw,) = read_log(old)
    assert raw.issues[0].expected == "save it as .xlsx or CSV"


def test_mapping_init_says_when_it_found_no_id_column(tmp_path: Path) -> None:
    log = tmp_path / "export.csv"
    log.write_text("Tenant,Date received\nX,02/09/2024\n", encoding="utf-8")
    out = tmp_path / "map.yaml"
    run = CliRunner().invoke(mapping_group, ["init", str(log), "-o", str(out)])
    assert run.exit_code == 2
    assert 'id: ""' in out.read_text(encoding="utf-8")
    assert "no column was recognised as the complaint reference" in run.stderr


def test_mapping_init_skips_title_rows() -> None:
    run = CliRunner().invoke(mapping_group, ["init", str(REGISTER)])
    assert run.exit_code == 0
    assert 'id: "Complaint Reference"' in run.stdout
    assert 'happened: "Extension Agreed (Y/N)"' in run.stdout


# --- explain reads a log as check does -------------------------------------------------------


def test_explain_gives_the_same_answer_as_check_for_the_same_row() -> None:
    results, _, _ = checked()
    for case_id in ("CMP-1002", "CMP-1003", "CMP-1009"):
        run = CliRunner().invoke(
            main,
            [
                "explain",
                str(REGISTER),
                "--case",
                case_id,
                "--rule",
                "stage1.respond",
                "--as-of",
                AS_OF,
            ],
        )
        assert run.exit_code == 0, run.output
        expected = status(results[case_id], "stage1.respond")
        assert expected in run.stdout
        assert reasoning(results[case_id], "stage1.respond")[:60] in " ".join(run.stdout.split())


def test_y_n_extensions_that_say_too_little_or_disagree_are_located(tmp_path: Path) -> None:
    log = tmp_path / "ext.csv"
    log.write_text(
        "Complaint Reference,Date Logged,Stage 1 Response Sent,Extension Agreed (Y/N),"
        "Revised Target Date\n"
        "R1,02/09/2024,27/09/2024,Y,\n"
        "R2,02/09/2024,27/09/2024,N,30/09/2024\n"
        "R3,02/09/2024,27/09/2024,N,\n",
        encoding="utf-8",
    )
    no_length, disagree, none = read_log(log)
    assert [(i.field, i.value, i.message) for i in no_length.issues] == [
        (
            "Extension Agreed (Y/N)",
            "Y",
            "says there was an extension, but 'Revised Target Date' is blank",
        )
    ]
    assert [(i.field, i.value) for i in disagree.issues] == [("Revised Target Date", "30/09/2024")]
    assert "'Extension Agreed (Y/N)' says there was no extension" in disagree.issues[0].message
    assert none.data is not None
    assert [e["type"] for e in none.data["events"]] == ["complaint_received", "stage_response"]
