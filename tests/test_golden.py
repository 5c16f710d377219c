"""The built-in engine's reports, frozen: refactors of the check kinds must not change a
byte. Regenerate deliberately with ``COMPLYCHECK_REGEN_GOLDEN=1 pytest tests/test_golden.py``
and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cases import EXAMPLES_AS_OF, example_cases, synthetic_cases

from complycheck.engine import check
from complycheck.models import Case

GOLDEN = Path(__file__).resolve().parent / "golden" / "engine"
CASES = example_cases() + synthetic_cases(60, seed=7)


def report_json(case: Case) -> str:
    report = check(case, as_of=None if case.as_of else EXAMPLES_AS_OF, engine="builtin")
    out = report.to_dict()
    # What the installed packages say of themselves, not what the engine decided: older
    # Pythons get an older ``holidays`` release with the same English bank holidays.
    out["tool_version"] = "<masked>"
    out["calendar"]["holidays_version"] = "<masked>"
    return json.dumps(out, indent=1, sort_keys=True, default=str) + "\n"


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_builtin_report_unchanged(name: str, case: Case) -> None:
    path = GOLDEN / f"{name}.json"
    actual = report_json(case)
    if os.environ.get("COMPLYCHECK_REGEN_GOLDEN"):
        path.write_text(actual)
    assert actual == path.read_text()
