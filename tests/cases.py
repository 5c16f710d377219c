"""The cases the golden and differential tests share: the bundled examples and seeded
synthetic timelines, each with the as-of date it is checked at."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import yaml
from synthetic import synthetic_case

from complycheck.models import Case
from complycheck.validation import validate_case

ROOT = Path(__file__).resolve().parent.parent
#: The day the examples are checked at when the file gives none: after every example ends.
EXAMPLES_AS_OF = date(2025, 1, 1)


def example_cases() -> list[tuple[str, Case]]:
    found = []
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        case = validate_case(yaml.safe_load(path.read_text()), source=str(path))
        assert isinstance(case, Case), case
        found.append((path.stem, case))
    return found


def synthetic_cases(count: int, seed: int = 0) -> list[tuple[str, Case]]:
    """``count`` valid synthetic cases from a fixed seed (invalid draws are skipped)."""
    found: list[tuple[str, Case]] = []
    index = 0
    while len(found) < count:
        raw = synthetic_case(random.Random(seed * 1_000_003 + index), f"syn-{seed}-{index}")
        index += 1
        case = validate_case(raw)
        if isinstance(case, Case):
            found.append((case.id, case))
    return found
