"""``POST /v1/check`` gives one answer whichever way the service takes the request: a plain
one answered straight from ASGI, anything else by the FastAPI route; a small body checked
on the event loop, a large one in a worker thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="needs the server extra: pip install 'complycheck[server]'")

from served import Served, serving

from complycheck import __version__
from complycheck.loading import load_case_file
from complycheck.server.one_case import INLINE_BYTES

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "nhg-202225311.yaml"


def _body() -> bytes:
    [raw] = load_case_file(str(CASE))
    return json.dumps(raw.data).encode()


def _post(served: Served, query: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
    response = served.client.post(
        f"/v1/check?{query}", content=body, headers={"content-type": "application/json"}
    )
    return response.status_code, dict(response.headers), response.content


def test_a_plain_and_a_routed_request_get_the_same_answer(served: Served) -> None:
    body = _body()
    plain = _post(served, "as_of=2025-12-31&source=nhg", body)
    routed = _post(served, "as_of=2025-12-31&source=nhg&source=nhg", body)  # repeated: routed
    assert plain[0] == routed[0] == 200
    assert plain[2] == routed[2]
    report = json.loads(plain[2])
    assert report["source"] == "nhg"
    assert report["determination"]["finding"] == "service_failure"
    for _status, headers, content in (plain, routed):
        assert headers["content-type"] == "application/json"
        assert headers["content-length"] == str(len(content))
        assert headers["complycheck-version"] == __version__


def test_a_large_body_checked_in_a_thread_gets_the_same_answer(served: Served) -> None:
    body = _body()
    padded = body[:-1] + b" " * (INLINE_BYTES + 1000) + body[-1:]
    assert (
        _post(served, "as_of=2025-12-31", padded)[2] == _post(served, "as_of=2025-12-31", body)[2]
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("as_of=2025-02-30", "as_of"),  # not a day: FastAPI's 422
        ("as_of=1066-10-14", "as_of"),  # a day outside the calendars: our 422, either way
        ("ruleset=hos-chc-1999", "ruleset"),
        ("source=", "source"),
    ],
)
def test_a_bad_parameter_is_a_422_naming_it_either_way(
    served: Served, query: str, field: str
) -> None:
    status, _headers, content = _post(served, query, _body())
    assert status == 422
    assert json.loads(content)["errors"][0]["field"] == field


def test_a_case_that_fails_validation_is_the_same_422_either_way(served: Served) -> None:
    body = b'{"id": "X-1", "events": [{"date": "2024-13-01", "type": "complaint_received"}]}'
    plain = _post(served, "source=x", body)
    routed = _post(served, "source=x&source=x", body)
    assert plain[0] == routed[0] == 422
    assert plain[2] == routed[2]
    assert json.loads(plain[2])["errors"][0]["case_id"] == "X-1"


def test_a_token_is_still_required() -> None:
    with serving(environment={"COMPLYCHECK_TOKEN": "s3cret"}) as running:
        refused = running.client.post(
            "/v1/check", content=_body(), headers={"content-type": "application/json"}
        )
        assert refused.status_code == 401
        allowed = running.client.post(
            "/v1/check",
            content=_body(),
            headers={"content-type": "application/json", "authorization": "Bearer s3cret"},
        )
        assert allowed.status_code == 200
