"""The service against its committed OpenAPI document: the document is what the service
generates, it is valid OpenAPI 3.1 and converts to valid 3.0, and a running service keeps
to it under schemathesis's generated requests (no 5xx, every response as documented)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="needs the server extra: pip install 'complycheck[server]'")

import schemathesis
from hypothesis import HealthCheck, Phase, settings
from openapi_spec_validator import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
)
from schemathesis import checks
from served import Served

from complycheck.server.openapi import document_text

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "openapi.json"
DOCUMENT_30 = ROOT / "docs" / "openapi-3.0.json"
#: The down-converter .NET and Java teams are pointed to (docs/service.md), pinned.
DOWN_CONVERT = "@apiture/openapi-down-convert@0.14.2"


def test_the_committed_document_is_the_generated_one() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == document_text(), (
        "docs/openapi.json is out of date: run scripts/openapi and review the diff"
    )


def test_the_service_serves_the_committed_document(served: Served) -> None:
    assert served.client.get("/openapi.json").json() == json.loads(DOCUMENT.read_text())


def test_the_document_is_valid_openapi_3_1() -> None:
    document = json.loads(DOCUMENT.read_text())
    assert document["openapi"].startswith("3.1")
    assert list(OpenAPIV31SpecValidator(document).iter_errors()) == []


def test_the_committed_3_0_variant_is_valid_openapi_3_0() -> None:
    document = json.loads(DOCUMENT_30.read_text())
    assert document["openapi"].startswith("3.0")
    assert list(OpenAPIV30SpecValidator(document).iter_errors()) == []
    assert set(document["paths"]) == set(json.loads(DOCUMENT.read_text())["paths"])


def test_the_3_0_variant_is_the_down_converted_document(tmp_path: Path) -> None:
    npx = shutil.which("npx")
    if npx is None:
        pytest.skip("npx (Node.js) is not installed: cannot run the 3.1 → 3.0 down-converter")
    converted = tmp_path / "openapi-3.0.json"
    run = subprocess.run(
        [npx, "--yes", DOWN_CONVERT, "--input", str(DOCUMENT), "--output", str(converted)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    if run.returncode != 0 and "ENOTFOUND" in run.stderr + run.stdout:
        pytest.skip(f"the npm registry cannot be reached for {DOWN_CONVERT}")
    assert run.returncode == 0, run.stderr
    assert json.loads(converted.read_text()) == json.loads(DOCUMENT_30.read_text()), (
        "docs/openapi-3.0.json is out of date: run scripts/openapi"
    )


@schemathesis.serializer(
    "application/x-ndjson", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
def _as_bytes(context: schemathesis.SerializationContext, value: Any) -> bytes:
    """JSON lines and workbooks are documented as text or bytes: sent as they are."""
    if isinstance(value, bytes):
        return value
    return value.encode() if isinstance(value, str) else json.dumps(value).encode()


CONTRACT = schemathesis.openapi.from_path(DOCUMENT)
CHECKS: list[Any] = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@CONTRACT.parametrize()
@settings(
    max_examples=15,  # bounded: CI runs this on every submission
    phases=[Phase.generate],  # not schemathesis's coverage phase: hundreds of cases each
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_service_keeps_to_its_document(case: schemathesis.Case, served: Served) -> None:
    response = case.call_and_validate(base_url=served.url, checks=CHECKS)
    assert response.headers["complycheck-version"]
