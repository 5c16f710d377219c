"""The service's limits and token, on real servers started with them."""

from __future__ import annotations

import importlib.util
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="needs the server extra: pip install 'complycheck[server]'")

import httpx
from click.testing import CliRunner
from served import Served, serving

from complycheck import __version__
from complycheck.cli import main

CASE = {"id": "L1", "events": [{"date": "2024-05-01", "type": "complaint_received"}]}


def case_line(number: int) -> bytes:
    return json.dumps({**CASE, "id": f"L{number}"}).encode() + b"\n"


@pytest.fixture(scope="module")
def limited() -> Iterator[Served]:
    with serving("--max-body-mb", "0.01", "--max-batch-cases", "3") as running:
        yield running


def test_a_declared_body_over_the_limit_is_a_413_naming_it(limited: Served) -> None:
    response = limited.client.post(
        "/v1/logs", content=b"x" * 20_000, headers={"content-type": "text/csv"}
    )
    assert response.status_code == 413
    [error] = response.json()["errors"]
    assert "10485 bytes" in error["message"]
    assert "--max-body-mb" in error["expected"]
    assert response.headers["complycheck-version"] == __version__


def test_a_chunked_body_over_the_limit_is_a_413_too(limited: Served) -> None:
    def body() -> Iterator[bytes]:
        yield b"Complaint ref,Date received\n"
        for _ in range(200):
            yield b"C-1," + b"1" * 100 + b"\n"

    response = limited.client.post("/v1/logs", content=body(), headers={"content-type": "text/csv"})
    assert response.status_code == 413
    assert "10485 bytes" in response.json()["errors"][0]["message"]


def test_a_json_list_over_the_case_limit_is_a_413_before_any_is_checked(limited: Served) -> None:
    cases = [{**CASE, "id": f"L{n}"} for n in range(4)]
    response = limited.client.post("/v1/check/batch", json=cases)
    assert response.status_code == 413
    assert "limit of 3 cases" in response.json()["errors"][0]["message"]


def test_json_lines_over_the_case_limit_end_with_the_limit_named(limited: Served) -> None:
    body = b"".join(case_line(n) for n in range(5))
    response = limited.client.post(
        "/v1/check/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 200  # the first cases were already on their way
    *results, last = [json.loads(line) for line in response.text.splitlines()]
    assert [r["case_id"] for r in results] == ["L0", "L1", "L2"]
    assert "limit of 3 cases" in last["errors"][0]["message"]


@pytest.fixture(scope="module")
def hurried() -> Iterator[Served]:
    with serving("--time-limit", "1") as running:
        yield running


def test_an_upload_that_stalls_is_stopped_at_the_time_limit(hurried: Served) -> None:
    with socket.create_connection(("127.0.0.1", hurried.port), timeout=30) as connection:
        connection.sendall(
            b"POST /v1/check/batch HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        received = b""
        while b"\r\n\r\n" not in received or not received.rstrip().endswith(b"}"):
            data = connection.recv(65536)
            if not data:
                break
            received += data
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 422")
    assert b"limit of 1 seconds" in body


def test_a_case_body_that_stalls_is_stopped_at_the_time_limit(hurried: Served) -> None:
    with socket.create_connection(("127.0.0.1", hurried.port), timeout=30) as connection:
        connection.sendall(
            b"POST /v1/check HTTP/1.1\r\nHost: x\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id": '
        )
        received = b""
        while b"\r\n\r\n" not in received:
            received += connection.recv(65536)
        head, _, body = received.partition(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
        while len(body) < length:
            body += connection.recv(65536)
    assert head.startswith(b"HTTP/1.1 422")
    assert b"limit of 1 seconds" in body


@pytest.fixture(scope="module")
def guarded() -> Iterator[Served]:
    with serving(environment={"COMPLYCHECK_TOKEN": "s3cret-token"}) as running:
        yield running


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic s3cret-token"])
def test_without_the_token_every_endpoint_is_a_401(
    guarded: Served, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"authorization": authorization}
    for response in (
        guarded.client.get("/v1/rulesets", headers=headers),
        guarded.client.get("/openapi.json", headers=headers),
        guarded.client.post("/v1/check", json=CASE, headers=headers),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["field"] == "Authorization"


def test_with_the_token_it_answers_and_healthz_never_needs_it(guarded: Served) -> None:
    token = {"authorization": "Bearer s3cret-token"}
    assert guarded.client.get("/v1/rulesets", headers=token).status_code == 200
    assert guarded.client.post("/v1/check", json=CASE, headers=token).status_code == 200
    assert httpx.get(f"{guarded.url}/healthz").json() == {"status": "ok", "version": __version__}


def test_cors_is_off(guarded: Served) -> None:
    response = guarded.client.options(
        "/v1/check",
        headers={"origin": "https://elsewhere.example", "access-control-request-method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_serve_without_the_server_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec

    def without_fastapi(name: str, *args: Any) -> Any:
        return None if name == "fastapi" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_fastapi)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'complycheck[server]'" in result.output
    assert "fastapi" in result.output
