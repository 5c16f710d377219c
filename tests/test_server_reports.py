"""``POST /v1/logs`` in the reporting formats and with the reporting options, called for
real (``complycheck serve`` in a subprocess, httpx over loopback): every answer is what
``complycheck check LOG`` writes with the same options, byte for byte."""

from __future__ import annotations

import io
import re
import socket
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the server extra: pip install 'complycheck[server]'")

from click.testing import CliRunner
from served import Served

from complycheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
YEAR = "examples/logs/year-2024-25.csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _at_the_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI is given the same relative names the service is, so outputs are equal."""
    monkeypatch.chdir(ROOT)


def cli_bytes(*args: str) -> bytes:
    """What ``complycheck ARGS -q`` writes on stdout, as bytes (exit 1: a finding above
    the default --fail-on level; 2: a row with input errors)."""
    result = CliRunner().invoke(main, [*args, "-q"])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.stdout_bytes
    return result.stdout_bytes


def post_log(
    served: Served, params: list[tuple[str, str]], log: str = YEAR, **headers: str
) -> bytes:
    response = served.client.post(
        "/v1/logs",
        params=[("source", log), *params],
        content=(ROOT / log).read_bytes(),
        headers={"content-type": "text/csv", **headers},
    )
    assert response.status_code == 200, response.text
    return response.content


@pytest.mark.parametrize(
    ("format", "media"),
    [
        ("cases", "text/csv"),
        ("summary", "text/plain"),
        ("summary-markdown", "text/markdown"),
        ("summary-json", "application/json"),
    ],
)
def test_a_reporting_format_is_the_clis_byte_for_byte(
    served: Served, format: str, media: str
) -> None:
    options = ["--period", "2024-25", "--homes", "4200", "--group-by", "Team"]
    expected = cli_bytes("check", YEAR, "--format", format, *options)
    response = served.client.post(
        "/v1/logs",
        params=[
            ("source", YEAR),
            ("format", format),
            ("period", "2024-25"),
            ("homes", "4200"),
            ("group_by", "Team"),
        ],
        content=(ROOT / YEAR).read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    assert response.content == expected


def test_the_summary_counts_the_period_as_the_cli_does(served: Served) -> None:
    body = post_log(served, [("format", "summary"), ("period", "2024-25")])
    text = body.decode()
    assert "Complaints read: 205" in text
    assert "In the report: 197" in text
    assert "Not yet received at the as-of date: 7" in text
    assert "Stage 1 received in the period: 185" in text


@pytest.mark.parametrize(
    "options",
    [
        [("only", "breached")],
        [("only", "open"), ("only", "overdue")],
        [("due_within", "10")],
        [("from", "2024-06-01"), ("to", "2024-11-30")],
        [("as_of", "2024-09-30"), ("only", "open")],
        [
            ("homes_lcra", "3000"),
            ("homes_lcho", "1200"),
            ("ch02_basis", "received/strict/response"),
        ],
        [("group_by", "month"), ("group_by", "Category")],
    ],
    ids=["only", "only-two", "due-within", "from-to", "as-of", "tenure", "group-by-two"],
)
@pytest.mark.parametrize("format", ["cases", "summary-json"])
def test_each_reporting_option_is_the_clis(
    served: Served, options: list[tuple[str, str]], format: str
) -> None:
    flags = []
    for name, value in options:
        flag = {"from": "--from", "to": "--to"}.get(name, "--" + name.replace("_", "-"))
        flags += [flag, value]
    if not any(name in ("from", "as_of") for name, _ in options):
        flags += ["--period", "2024-25"]
        options = [*options, ("period", "2024-25")]
    expected = cli_bytes("check", YEAR, "--format", format, *flags)
    assert post_log(served, [("format", format), *options]) == expected


@pytest.mark.parametrize("format", ["jsonl", "csv"])
def test_a_period_with_a_per_case_format_leaves_out_what_the_cli_leaves_out(
    served: Served, format: str
) -> None:
    expected = cli_bytes("check", YEAR, "--format", format, "--period", "2024-25")
    body = post_log(served, [("format", format), ("period", "2024-25")])
    assert body == expected
    if format == "jsonl":
        assert body.count(b"\n") == 197 + 1  # the complaints in the report, then the summary


def test_only_with_a_per_case_format_lists_only_those_as_the_cli_does(served: Served) -> None:
    expected = cli_bytes(
        "check", YEAR, "--format", "jsonl", "--period", "2024-25", "--only", "overdue"
    )
    body = post_log(served, [("format", "jsonl"), ("period", "2024-25"), ("only", "overdue")])
    assert body == expected
    assert body.count(b"\n") == 4 + 1  # the four overdue complaints, then the summary


def _parts(workbook: bytes) -> dict[str, bytes]:
    """A workbook's parts, its creation time blanked (the one thing two runs differ in)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1", parts["docProps/core.xml"]
    )
    return parts


def test_an_xlsx_report_is_the_clis_workbook(served: Served, tmp_path: Path) -> None:
    out = tmp_path / "year.xlsx"
    result = CliRunner().invoke(
        main, ["check", YEAR, "--period", "2024-25", "--homes", "4200", "-o", str(out), "-q"]
    )
    assert result.exit_code in (0, 1), result.output
    response = served.client.post(
        "/v1/logs",
        params={"source": YEAR, "format": "xlsx", "period": "2024-25", "homes": "4200"},
        content=(ROOT / YEAR).read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    served_parts, cli_parts = _parts(response.content), _parts(out.read_bytes())
    assert served_parts.keys() == cli_parts.keys()
    for name, data in cli_parts.items():
        assert served_parts[name] == data, name
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Cases", "Checks", "Summary"]
    assert sum(1 for _ in book["Cases"].iter_rows()) == 197 + 1  # the header, then the rows


def test_an_uploaded_workbook_gives_the_clis_report(served: Served) -> None:
    log = "examples/logs/complaints.xlsx"
    expected = cli_bytes("check", log, "--format", "cases", "--as-of", "2025-12-31")
    response = served.client.post(
        "/v1/logs",
        params={"format": "cases", "as_of": "2025-12-31"},
        files={"log": (log, (ROOT / log).read_bytes(), XLSX)},
    )
    assert response.status_code == 200, response.text
    assert response.content == expected


def test_a_multipart_upload_with_a_mapping_gives_the_clis_summary(
    served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mapping = (
        'id: "Ref"\nlandlord: "Org"\nevents:\n'
        '  - {type: complaint_received, date: "Logged"}\n'
        '  - {type: stage_response, stage: 1, date: "First reply"}\n'
    )
    log = (
        "Ref,Org,Logged,First reply,Team\n"
        "Q-1,Acme Homes,02/05/2024,31/05/2024,North\n"
        "Q-2,Acme Homes,03/06/2024,10/06/2024,South\n"
        "Q-3,Acme Homes,03/03/2024,10/03/2024,South\n"
    )
    (tmp_path / "ours.yaml").write_text(mapping)
    (tmp_path / "export.csv").write_text(log)
    options = ["--period", "2024-25", "--group-by", "Team", "--format", "summary-json"]
    monkeypatch.chdir(tmp_path)
    expected = cli_bytes("check", "export.csv", "--mapping", "ours.yaml", *options)
    response = served.client.post(
        "/v1/logs",
        params={"format": "summary-json", "period": "2024-25", "group_by": "Team"},
        files=[
            ("mapping", ("ours.yaml", mapping.encode(), "application/yaml")),
            ("log", ("export.csv", log.encode(), "text/csv")),
        ],
    )
    assert response.status_code == 200, response.text
    assert response.content == expected
    figures = response.json()
    assert figures["cases_read"] == 3
    assert figures["in_report"] == 2  # Q-3 was received before the period
    assert set(figures["groups"]["Team"]) == {"North", "South"}


# -- refusals, located as the CLI locates them ------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2024-26"}, "period"),
        ({"period": "last year"}, "period"),
        ({"from": "2024-04-01"}, "to"),
        ({"from": "2025-04-01", "to": "2024-04-01"}, "from"),
        ({"period": "2024-25", "from": "2024-04-01", "to": "2025-03-31"}, "period"),
        ({"period": "2024-25", "group_by": "Region"}, "group_by"),
        ({"period": "2024-25", "homes_lcra": "10", "tenure_column": "Tenancy"}, "tenure_column"),
        ({"ch02_basis": "fastest"}, "ch02_basis"),
        ({"homes": "0"}, "homes"),
    ],
)
def test_a_reporting_option_the_log_cannot_satisfy_is_a_422_naming_it(
    served: Served, params: dict[str, str], field: str
) -> None:
    response = served.client.post(
        "/v1/logs",
        params={"format": "summary", **params},
        content=(ROOT / YEAR).read_bytes(),
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert errors[0]["field"] == field, errors
    assert errors[0]["message"]


def test_a_log_that_cannot_be_read_is_a_422_in_a_reporting_format_too(served: Served) -> None:
    response = served.client.post(
        "/v1/logs",
        params={"format": "summary", "period": "2024-25"},
        content=b"not a zip at all",
        headers={"content-type": XLSX},
    )
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["source"] == "upload"
    assert error["location"] == "file"
    assert "Excel workbook" in error["message"]


def test_a_bad_row_is_reported_in_place_and_the_rest_counted(served: Served) -> None:
    log = (
        b"Complaint ref,Landlord,Date received,Stage 1 response date\n"
        b"A-1,Acme,02/05/2024,10/05/2024\n"
        b"A-2,Acme,31/02/2024,10/05/2024\n"
        b"A-3,Acme,03/06/2024,\n"
    )
    response = served.client.post(
        "/v1/logs",
        params={"format": "cases", "period": "2024-25", "source": "x.csv"},
        content=log,
        headers={"content-type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    rows = response.text.splitlines()
    assert len(rows) == 1 + 3
    assert [row.split(",")[2] for row in rows[1:]] == ["A-1", "A-2", "A-3"]
    assert "input_error" in rows[2]


# -- streamed both ways --------------------------------------------------------------------


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def test_case_rows_are_sent_while_the_log_is_still_being_uploaded(served: Served) -> None:
    """The first complaint's row comes back before the rest of the log has been sent (past
    the 256 KB the text reader keeps to decide the encoding and delimiter)."""
    header = b"Complaint ref,Landlord,Date received,Stage 1 response date,Notes\n"
    filler = b"x" * 400
    first = header + b"".join(
        b"R-%05d,Acme,02/05/2024,10/05/2024,%s\n" % (n, filler) for n in range(1, 1001)
    )
    with socket.create_connection(("127.0.0.1", served.port), timeout=60) as connection:
        connection.sendall(
            b"POST /v1/logs?format=cases&period=2024-25 HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" + _chunk(first)
        )
        received = b""
        while b"R-00001," not in received:
            data = connection.recv(65536)
            assert data, f"connection closed early: {received[:300]!r}"
            received += data
        assert received.startswith(b"HTTP/1.1 200")
        last = b"R-99999,Acme,03/06/2024,10/06/2024,end\n"
        connection.sendall(_chunk(last) + b"0\r\n\r\n")
        while not received.endswith(b"0\r\n\r\n"):
            data = connection.recv(65536)
            if not data:
                break
            received += data
        assert b"R-99999," in received


def test_as_of_alone_leaves_out_complaints_not_yet_received_as_the_cli_does(
    served: Served,
) -> None:
    expected = cli_bytes("check", YEAR, "--format", "jsonl", "--as-of", "2024-06-30")
    body = post_log(served, [("format", "jsonl"), ("as_of", "2024-06-30")])
    assert body == expected
    *rows, _summary = body.decode().splitlines()
    received = [
        line.split(",")[2].split("/")
        for line in (ROOT / YEAR).read_text().splitlines()[1:]
        if line.strip()
    ]
    by_then = [day for day in received if (day[2], day[1], day[0]) <= ("2024", "06", "30")]
    assert len(rows) == len(by_then) < len(received)


def test_the_documented_ch02_bases_are_the_reporting_ones() -> None:
    from typing import get_args

    from complycheck.reporting.tsm import CH02_BASES, DEFAULT_BASIS
    from complycheck.server.report_options import DEFAULT_BASIS_NAME, BasisName

    assert list(get_args(BasisName)) == [basis.name for basis in CH02_BASES]
    assert DEFAULT_BASIS.name == DEFAULT_BASIS_NAME
