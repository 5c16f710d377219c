#!/usr/bin/env python3
"""Rewrite the golden reports of the seed cases in ``tests/golden/``.

Each golden file is the full ``Report.to_dict()`` of a seed case in ``examples/``, checked
as of the date of the Ombudsman's report, with the fields that change without the finding
changing (``tool_version``, ``ruleset.sha256``, ``guidance.sha256``,
``calendar.holidays_version``) masked.

Run it after an intended change to the engine or a ruleset, then review the diff like code:

    .venv/bin/python scripts/regenerate_golden.py
    git diff tests/golden/

``tests/test_seeds.py`` imports :func:`golden_report` from here, so the test and the files
are always built the same way.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from complycheck.engine import check
from complycheck.models import Case
from complycheck.validation import validate_case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"
MASK = "<masked>"

#: seed case (file stem in examples/) → as-of date: the day of the Ombudsman's report
SEEDS: dict[str, date] = {
    "nhg-202225311": date(2024, 7, 11),
    "lq-202328590": date(2025, 5, 19),
}


def load_seed(name: str) -> Case:
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    case = validate_case(data, source=f"examples/{name}.yaml")
    if not isinstance(case, Case):
        raise SystemExit("\n".join(str(issue) for issue in case))
    return case


def mask(report: dict[str, Any]) -> dict[str, Any]:
    """Blank the fields that vary between installs and edits but not between findings."""
    out = json.loads(json.dumps(report))
    out["tool_version"] = MASK
    out["ruleset"]["sha256"] = MASK
    out["guidance"]["sha256"] = MASK
    out["calendar"]["holidays_version"] = MASK
    return out


def golden_report(name: str) -> dict[str, Any]:
    """The masked report of one seed, as the golden file holds it."""
    return mask(check(load_seed(name), as_of=SEEDS[name]).to_dict())


def render(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def main() -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in SEEDS:
        path = golden_path(name)
        text = render(golden_report(name))
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(text, encoding="utf-8")
        state = "unchanged" if old == text else ("written" if old is None else "CHANGED")
        print(f"{path.relative_to(ROOT)}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
