"""The HTTP service, called for real: ``complycheck serve`` in a subprocess, httpx over
loopback. Answers are held to the CLI's, byte for byte where the CLI writes the same thing."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="needs the server extra: pip install 'complycheck[server]'")

from click.testing import CliRunner
from served import Served

from complycheck import __version__
from complycheck.cli import main
from complycheck.loading import load_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
LOGS = ROOT / "examples" / "logs"
AS_OF = "2025-12-31"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI is given the same relative names the service is, so outputs are equal."""
    monkeypatch.chdir(ROOT)


def cli(*args: str) -> str:
    """What ``complycheck ARGS`` writes on stdout (exit 2 is a run with input errors)."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1, 2), result.output
    assert result.stdout, result.output
    return result.stdout


def case_data(example: Path) -> dict[str, Any]:
    """A case file's case as its JSON form (dates as text), read as the CLI reads it."""
    [raw] = load_case_file(str(example))
    assert raw.data is not None
    return raw.data


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# -- the seed cases, as the CLI answers them ---------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_a_seed_case_is_answered_byte_for_byte_as_the_cli_answers_it(
    served: Served, example: Path
) -> None:
    relative = str(example.relative_to(ROOT))
    expected = cli("check", relative, "--format", "jsonl", "--as-of", AS_OF)
    *results, _summary = expected.splitlines()
    assert len(results) == 1
    cli_line = results[0]
    response = served.client.post(
        "/v1/check",
        params={"as_of": AS_OF, "source": relative},
        content=example.read_bytes(),
        headers={"content-type": "application/yaml"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["complycheck-version"] == __version__
    assert response.text == cli_line
    # and it is the item `check --format json` writes for the case
    document = json.loads(cli("check", relative, "--format", "json", "--as-of", AS_OF))
    assert json.loads(response.text) == document["results"][0]


def test_a_case_sent_as_json_gets_the_same_report_as_sent_as_yaml(served: Served) -> None:
    example = ROOT / "examples" / "nhg-202225311.yaml"
    as_yaml = served.client.post(
        "/v1/check",
        params={"as_of": AS_OF},
        content=example.read_bytes(),
        headers={"content-type": "application/yaml"},
    )
    case = json.loads(cli("check", str(example), "--format", "json", "--as-of", AS_OF))
    assert case["results"][0]["determination"]["finding"] == "service_failure"
    as_json = served.client.post("/v1/check", params={"as_of": AS_OF}, json=case_data(example))
    assert as_json.status_code == 200
    assert as_json.text == as_yaml.text
    report = as_json.json()
    assert report["ruleset"]["id"] == "hos-chc-2022"
    assert len(report["ruleset"]["sha256"]) == 64
    assert report["as_of"] == AS_OF


def test_ruleset_forces_an_edition_and_as_of_moves_today(served: Served) -> None:
    example = (ROOT / "examples" / "open-complaint-pending-2024.yaml").read_bytes()
    headers = {"content-type": "application/yaml"}
    forced = served.client.post(
        "/v1/check", params={"ruleset": "hos-chc-2022"}, content=example, headers=headers
    )
    assert forced.json()["ruleset"]["id"] == "hos-chc-2022"
    # the case carries its own as_of (10 Feb 2025), when stage 2 is still pending
    own = served.client.post("/v1/check", content=example, headers=headers).json()
    assert own["as_of"] == "2025-02-10"
    assert _status(own, "stage2.respond") == "pending"
    later = served.client.post(
        "/v1/check", params={"as_of": "2025-03-31"}, content=example, headers=headers
    ).json()
    assert later["as_of"] == "2025-03-31"
    assert _status(later, "stage2.respond") == "breached"


def _status(report: dict[str, Any], rule: str) -> str:
    return next(str(check["status"]) for check in report["checks"] if check["rule"] == rule)


# -- bad input: located errors, 4xx, never a traceback -----------------------------------


def test_malformed_json_is_a_400_located_by_line_and_column(served: Served) -> None:
    response = served.client.post(
        "/v1/check",
        content=b'{"id": "A1",\n "events": [',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["location"] == "line 2, column 13"
    assert body["errors"][0]["message"].startswith("not valid JSON")
    assert "Traceback" not in response.text


def test_an_invalid_case_is_a_422_with_the_clis_located_errors(served: Served) -> None:
    case = {"id": "B7", "events": [{"date": "2023-02-30", "type": "complaint_received"}]}
    response = served.client.post("/v1/check", json=case)
    assert response.status_code == 422
    body = response.json()
    assert body["case_id"] == "B7"
    [error] = body["errors"]
    assert error["field"] == "events[0].date"
    assert error["value"] == "2023-02-30"
    assert error["case_id"] == "B7"
    assert "not a real date" in error["message"]


def test_a_list_sent_to_the_one_case_endpoint_points_to_the_batch(served: Served) -> None:
    response = served.client.post("/v1/check", json=[{"id": "1"}, {"id": "2"}])
    assert response.status_code == 422
    assert "/v1/check/batch" in response.json()["errors"][0]["expected"]


@pytest.mark.parametrize(
    ("params", "field", "value"),
    [
        ({"ruleset": "hos-chc-2099"}, "ruleset", "hos-chc-2099"),
        ({"ruleset": "rulesets/hos-chc-2024.yaml"}, "ruleset", "rulesets/hos-chc-2024.yaml"),
        ({"as_of": "2024-13-01"}, "as_of", "2024-13-01"),
        ({"as_of": "1850-01-01"}, "as_of", "1850-01-01"),
    ],
)
def test_a_bad_parameter_is_a_422_naming_it(
    served: Served, params: dict[str, str], field: str, value: str
) -> None:
    response = served.client.post("/v1/check", params=params, json={"id": "x", "events": []})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == field
    assert error["value"] == value


def test_an_unknown_ruleset_names_the_known_ones(served: Served) -> None:
    response = served.client.post(
        "/v1/check", params={"ruleset": "hos-chc-2099"}, json={"id": "x", "events": []}
    )
    assert "hos-chc-2024, hos-chc-2022, hos-chc-2020" in response.json()["errors"][0]["expected"]


def test_a_body_of_another_type_is_a_415(served: Served) -> None:
    response = served.client.post(
        "/v1/check", content=b"id,events", headers={"content-type": "text/csv"}
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["field"] == "Content-Type"


def test_every_response_carries_the_version_even_a_404(served: Served) -> None:
    for response in (
        served.client.get("/nowhere"),
        served.client.get("/healthz"),
        served.client.get("/openapi.json"),
        served.client.post("/v1/check", json=[]),
    ):
        assert response.headers["complycheck-version"] == __version__
    missing = served.client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.json() == {
        "errors": [{"message": "no such endpoint", "field": "path", "value": "/nowhere"}]
    }


# -- batches ---------------------------------------------------------------------------


def test_a_batch_gives_one_line_per_case_in_order_bad_ones_in_place(served: Served) -> None:
    body = (
        b'{"id": "A", "events": [{"date": "2024-05-01", "type": "complaint_received"}]}\n'
        b"not json\n"
        b'{"id": "C", "events": [{"date": "2024-05-01", "type": "complaint_receved"}]}\n'
        b'{"id": "A", "events": [{"date": "2024-05-02", "type": "complaint_received"}]}\n'
        b'{"id": "E", "events": [{"date": "2024-05-03", "type": "complaint_received"}]}\n'
    )
    response = served.client.post(
        "/v1/check/batch",
        params={"as_of": AS_OF},
        content=body,
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    results = lines(response.text)
    assert [r["location"] for r in results] == ["line 1", "line 2", "line 3", "line 4", "line 5"]
    assert [r["case_id"] for r in results] == ["A", None, "C", "A", "E"]
    assert [bool(r["errors"]) for r in results] == [False, True, True, True, False]
    assert results[1]["errors"][0]["message"].startswith("not valid JSON")
    assert results[2]["errors"][0]["field"] == "events[0].type"
    assert "first read at line 1" in results[3]["errors"][0]["message"]
    assert results[4]["determination"]["finding"]


def test_a_json_list_batch_is_the_clis_jsonl_without_the_summary(
    served: Served, tmp_path: Path
) -> None:
    cases = [case_data(example) for example in EXAMPLES]
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(cases))
    expected = cli("check", str(batch), "--format", "jsonl", "--as-of", AS_OF)
    response = served.client.post(
        "/v1/check/batch", params={"as_of": AS_OF, "source": str(batch)}, json=cases
    )
    assert response.status_code == 200
    *case_lines, _summary = expected.splitlines(keepends=True)
    assert response.text == "".join(case_lines)


def _raw_exchange(port: int, head: bytes) -> socket.socket:
    connection = socket.create_connection(("127.0.0.1", port), timeout=30)
    connection.sendall(head)
    return connection


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_a_jsonl_batch_is_answered_while_it_is_still_being_sent(served: Served) -> None:
    """The first case's line comes back before the second case has been sent."""
    connection = _raw_exchange(
        served.port,
        b"POST /v1/check/batch?as_of=2025-12-31 HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n",
    )
    with connection:
        first = b'{"id": "S1", "events": [{"date": "2024-05-01", "type": "complaint_received"}]}\n'
        connection.sendall(_chunk(first))
        received = b""
        while b'"case_id":"S1"' not in received:
            data = connection.recv(65536)
            assert data, f"connection closed early: {received!r}"
            received += data
        assert received.startswith(b"HTTP/1.1 200")
        second = first.replace(b"S1", b"S2")
        connection.sendall(_chunk(second) + b"0\r\n\r\n")
        while not received.endswith(b"0\r\n\r\n"):
            data = connection.recv(65536)
            if not data:
                break
            received += data
        assert b'"case_id":"S2"' in received


# -- logs ------------------------------------------------------------------------------


def _log_lines(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    *results, summary = lines(text)
    return results, summary["summary"]


def test_a_csv_log_sent_raw_is_checked_as_the_cli_checks_it(served: Served) -> None:
    log = LOGS / "complaints-wide.csv"
    relative = str(log.relative_to(ROOT))
    expected = cli("check", relative, "--format", "jsonl", "--as-of", AS_OF)
    response = served.client.post(
        "/v1/logs",
        params={"as_of": AS_OF, "source": relative},
        content=log.read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.text == expected
    results, summary = _log_lines(response.text)
    assert summary["cases"] == len(results) == 12
    assert summary["input_errors"] == 1


def test_an_xlsx_log_uploaded_as_a_form_uses_its_file_name(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = LOGS / "complaints.xlsx"
    response = served.client.post(
        "/v1/logs",
        params={"as_of": AS_OF},
        files={"log": ("complaints.xlsx", log.read_bytes(), XLSX)},
    )
    assert response.status_code == 200
    results, _summary = _log_lines(response.text)
    assert {r["source"] for r in results} == {"complaints.xlsx"}
    monkeypatch.chdir(LOGS)
    expected = cli("check", "complaints.xlsx", "--format", "jsonl", "--as-of", AS_OF)
    assert response.text == expected


def test_a_jsonl_log_is_read_by_its_content_type(served: Served) -> None:
    log = LOGS / "events-long.jsonl"
    response = served.client.post(
        "/v1/logs",
        params={"as_of": AS_OF},
        content=log.read_bytes(),
        headers={"content-type": "application/x-ndjson"},
    )
    results, summary = _log_lines(response.text)
    assert results[0]["source"] == "upload"  # the default name of a raw upload
    assert results[0]["location"].startswith("line")
    assert summary["cases"] == len(results) > 0


MAPPING = """\
id: "Ref"
landlord: "Org"
events:
  - {type: complaint_received, date: "Logged"}
  - {type: stage_response, stage: 1, date: "First reply"}
"""


def test_a_mapping_in_the_same_request_reads_odd_headers(served: Served) -> None:
    log = b"Ref,Org,Logged,First reply\nQ-1,Acme Homes,02/05/2024,31/05/2024\n"
    response = served.client.post(
        "/v1/logs",
        params={"as_of": AS_OF},
        files=[
            ("mapping", ("ours.yaml", MAPPING.encode(), "application/yaml")),
            ("log", ("export.csv", log, "text/csv")),
        ],
    )
    assert response.status_code == 200, response.text
    results, summary = _log_lines(response.text)
    assert results[0]["case_id"] == "Q-1"
    assert results[0]["landlord"] == "Acme Homes"
    assert summary["checked"] == 1
    breached = {c["rule"] for c in results[0]["checks"] if c["status"] == "breached"}
    assert "stage1.respond" in breached  # 20 working days against 10


def test_a_mapping_that_does_not_fit_the_log_is_a_422_located_in_the_mapping(
    served: Served,
) -> None:
    response = served.client.post(
        "/v1/logs",
        files=[
            ("mapping", ("ours.yaml", b"id: [unclosed\n", "application/yaml")),
            ("log", ("export.csv", b"Ref\nQ-1\n", "text/csv")),
        ],
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["source"] == "ours.yaml"
    assert error["message"].startswith("not valid YAML")


def test_a_log_that_cannot_be_read_is_a_422(served: Served) -> None:
    response = served.client.post(
        "/v1/logs", content=b"not a zip at all", headers={"content-type": XLSX}
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["source"] == "upload"
    assert "Excel workbook" in error["message"]


def test_a_log_of_unknown_type_is_a_415(served: Served) -> None:
    response = served.client.post(
        "/v1/logs", content=b"a,b\n", headers={"content-type": "application/pdf"}
    )
    assert response.status_code == 415


@pytest.mark.parametrize(("format", "media"), [("csv", "text/csv"), ("json", "application/json")])
def test_a_log_output_format_is_the_clis(served: Served, format: str, media: str) -> None:
    relative = "examples/logs/complaints-wide.csv"
    log = ROOT / relative
    response = served.client.post(
        "/v1/logs",
        params={"as_of": AS_OF, "format": format, "source": relative},
        content=log.read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    expected = cli("check", relative, "--format", format, "--as-of", AS_OF, "-q")
    assert response.text == expected


def test_an_unknown_output_format_lists_the_registry(served: Served) -> None:
    response = served.client.post(
        "/v1/logs",
        params={"format": "pdf"},
        content=b"a\n",
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "format"
    assert "jsonl" in error["expected"]


# -- the catalogue ---------------------------------------------------------------------


def test_rulesets_are_listed_with_their_hashes(served: Served) -> None:
    listed = served.client.get("/v1/rulesets").json()
    assert [r["id"] for r in listed] == ["hos-chc-2024", "hos-chc-2022", "hos-chc-2020"]
    assert listed[1]["effective_from"] == "2022-04-01"
    assert listed[1]["effective_to"] == "2024-03-31"
    one = served.client.get("/v1/rulesets/hos-chc-2024").json()
    assert one["sha256"] == listed[0]["sha256"]
    rules = {rule["id"]: rule for rule in one["rules"]}
    assert rules["stage1.respond"]["provision"]
    missing = served.client.get("/v1/rulesets/hos-chc-1999")
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["value"] == "hos-chc-1999"


def test_workdays_are_counted_as_the_cli_counts_them(served: Served) -> None:
    body = served.client.get(
        "/v1/workdays", params={"from": "2022-12-14", "to": "2023-02-15"}
    ).json()
    assert body["working_days"] == 42
    assert body["weekdays"] == 45
    assert [day["date"] for day in body["skipped"]] == ["2022-12-26", "2022-12-27", "2023-01-02"]
    scotland = served.client.get(
        "/v1/workdays", params={"from": "2022-12-30", "to": "2023-01-04", "nation": "scotland"}
    ).json()
    assert scotland["working_days"] == 1  # 2 and 3 January are both bank holidays there
    bad = served.client.get("/v1/workdays", params={"from": "2022-12-14", "to": "soon"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "to"


def test_the_case_schema_is_the_clis(served: Served) -> None:
    assert served.client.get("/v1/schema/case").json() == json.loads(cli("schema"))


def test_the_header_row_option_skips_title_rows_as_the_cli_does(served: Served) -> None:
    log = (
        b"Complaints register 2024-25\n"
        b"Exported 02/12/2024\n"
        b"Complaint ref,Date received,Date acknowledged,Stage 1 response date\n"
        b"T-1,01/05/2024,02/05/2024,10/05/2024\n"
    )
    response = served.client.post(
        "/v1/logs",
        params={"as_of": AS_OF, "header_row": 3},
        content=log,
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    results, summary = _log_lines(response.text)
    assert [(r["case_id"], r["location"]) for r in results] == [("T-1", "row 4")]
    assert summary["checked"] == 1


@pytest.mark.parametrize(
    "workbook", ["entities.xlsx", "encrypted.xlsx", "damaged-zip.xlsx", "zip-bomb.xlsx"]
)
def test_a_hostile_workbook_upload_is_a_422_not_a_crash(served: Served, workbook: str) -> None:
    """The workbook checks the CLI makes on a file are made on an upload held in memory."""
    path = ROOT / "tests" / "data" / "hostile" / workbook
    if not path.exists():
        pytest.skip(f"no {workbook} in the hostile corpus")
    response = served.client.post("/v1/logs", files={"log": (workbook, path.read_bytes(), XLSX)})
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["source"] == workbook
    on_the_cli = cli("check", str(path.relative_to(ROOT)), "--format", "jsonl")
    [cli_line, _summary] = on_the_cli.splitlines()
    assert error["message"] == json.loads(cli_line)["errors"][0]["message"]
