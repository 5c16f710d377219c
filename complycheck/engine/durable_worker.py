"""Check cases on the durable engine in a child process: JSON cases in, JSON reports out.

``python -m complycheck.engine.durable_worker`` reads ``{"as_of": ..., "cases": [...]}``
on stdin and writes one report (or error) per case. durable-rules is native code that has
segfaulted; run in a subprocess, a crash fails the caller's test instead of killing it.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from ..errors import ComplycheckError
from ..models import Case
from . import check


def run(request: dict[str, Any]) -> list[dict[str, Any]]:
    as_of = date.fromisoformat(request["as_of"]) if request.get("as_of") else None
    results: list[dict[str, Any]] = []
    for raw in request["cases"]:
        case = Case.model_validate(raw)
        try:
            report = check(case, as_of=None if case.as_of else as_of, engine="durable")
        except ComplycheckError as exc:
            results.append({"case_id": case.id, "error": str(exc)})
        else:
            results.append(report.to_dict())
    return results


def main() -> None:
    json.dump(run(json.load(sys.stdin)), sys.stdout, default=str)


if __name__ == "__main__":
    main()
