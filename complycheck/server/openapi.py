"""The OpenAPI document: FastAPI's, completed with what it cannot see, and committed.

FastAPI documents parameters and the catalogue's models by itself. The check endpoints read
their bodies themselves (to report a bad case as the CLI does, and to stream), so their
request bodies, their responses and the errors every endpoint may answer are added here.
``python -m complycheck.server.openapi`` writes the document to ``docs/openapi.json``; a
test fails when the committed file is not what the service generates.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..models import Case
from .schemas import CaseResultBody, ErrorBody

__all__ = ["complete_document", "document_text"]

_REF = "#/components/schemas/{model}"
_TEXT: dict[str, Any] = {"type": "string"}
_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
_ERRORS = {
    "400": "The body cannot be read (malformed JSON, not UTF-8, a broken upload).",
    "401": "A bearer token is required and was missing or wrong.",
    "404": "No such ruleset.",
    "413": "Over a limit of the service (body size, cases per batch); the limit is named.",
    "415": "A content type the endpoint does not read.",
    "422": "A case, a parameter or a log that is not valid (located errors), or over the "
    "time limit.",
}
_LOG_TYPES: dict[str, dict[str, Any]] = {
    "text/csv": _TEXT,
    "text/tab-separated-values": _TEXT,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "type": "string",
        "format": "binary",
    },
    "application/x-ndjson": _TEXT,
    "multipart/form-data": {
        "type": "object",
        "properties": {
            "mapping": {
                "type": "string",
                "description": "A column mapping (YAML or JSON), before the log part.",
            },
            "log": {"type": "string", "format": "binary", "description": "The log file."},
        },
        "required": ["log"],
    },
}
_OUTPUT_TYPES: dict[str, dict[str, Any]] = {
    "application/x-ndjson": {},
    "application/json": {},
    "text/csv": {},
    "text/markdown": {},
    "application/xml": {},
    "text/plain": {},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "type": "string",
        "format": "binary",
    },
}


def _model_schemas(*models: type[BaseModel]) -> dict[str, Any]:
    """The models' JSON Schemas as components, their nested definitions hoisted."""
    found: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=_REF)
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found


def _bodies(kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The request body and the 200 response of a check endpoint."""
    case = {"$ref": "#/components/schemas/Case"}
    if kind == "case":
        request = {"application/json": {"schema": case}, "application/yaml": {"schema": _TEXT}}
        result = {"application/json": {"schema": {"$ref": "#/components/schemas/CaseResultBody"}}}
        return {"required": True, "content": request}, {
            "description": "The case's report (or, with status 422, its errors).",
            "content": result,
        }
    if kind == "batch":
        request = {
            "application/json": {"schema": {"type": "array", "items": case}},
            "application/x-ndjson": {"schema": _TEXT},
        }
        return {"required": True, "content": request}, {
            "description": "JSON lines: one result per case, in input order.",
            "content": {"application/x-ndjson": {"schema": _TEXT}},
        }
    return {"required": True, "content": {k: {"schema": v} for k, v in _LOG_TYPES.items()}}, {
        "description": "The results in the format asked for: a per-case format, then the "
        "run's summary; or a reporting format (cases, xlsx, the summary forms). An xlsx "
        "answer is built in memory and sent whole once the log is read.",
        "content": {media: {"schema": schema} for media, schema in _OUTPUT_TYPES.items()},
    }


def _plain_nullables(node: Any) -> Any:
    """``anyOf: [{type: T, ...}, {type: null}]``, as pydantic writes an optional value, as
    ``type: [T, "null"]``: the same schema in JSON Schema, and the form that OpenAPI 3.0
    down-converters turn into ``nullable: true`` (they leave the ``anyOf`` form invalid)."""
    if isinstance(node, list):
        return [_plain_nullables(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _plain_nullables(value) for key, value in node.items()}
    options = node.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        other = options[0] if options[1] == {"type": "null"} else options[1]
        if isinstance(other.get("type"), str) and "$ref" not in other:
            rest = {key: value for key, value in node.items() if key != "anyOf"}
            plain = {**other, **rest, "type": [other["type"], "null"]}
            if "enum" in other:
                plain["enum"] = [*other["enum"], None]
            return plain
    return node


def complete_document(generated: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's document with the check endpoints' bodies, the error responses and the
    optional bearer token added, and FastAPI's own validation-error schemas replaced."""
    document = copy.deepcopy(generated)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas.update(_model_schemas(Case, CaseResultBody, ErrorBody))
    document["components"]["securitySchemes"] = {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "Required when the service was started with a token.",
        }
    }
    for path, operations in document["paths"].items():
        for operation in operations.values():
            kind = operation.pop("x-complycheck-body", None)
            responses = operation["responses"]
            codes: list[str] = []
            if kind is not None:
                operation["requestBody"], responses["200"] = _bodies(kind)
                codes += ["400", "413", "415", "422"]
            elif operation.get("parameters"):
                codes.append("422")
            if "{ruleset_id}" in path:
                codes.append("404")
            if path != "/healthz":
                codes.append("401")
                operation["security"] = [{}, {"bearer": []}]
            responses.pop("422", None)
            for code in sorted(codes):
                responses[code] = {"description": _ERRORS[code], "content": _ERROR}
    nullable: dict[str, Any] = _plain_nullables(document)
    return nullable


def document_text() -> str:
    """The document as committed: indented, keys in the order FastAPI writes them."""
    from .app import create_app

    return json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Write the document to the file given (default: stdout)."""
    text = document_text()
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
