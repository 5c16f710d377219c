"""Reading the rule case files in ``tests/cases/<ruleset-id>/<rule-id>.yaml``.

Each file is a list of cases in the OpenFisca style: a ``name`` that reads as a sentence,
an ``as_of`` date (unless the case carries its own), the ``case`` in the contract's shape
and what to ``expect``::

    - name: A stage 2 response 42 working days after the escalation request is late
      as_of: 2024-01-01
      case: {id: t1, events: [...]}
      expect:
        stage2.respond: {status: breached, working_days_taken: 42, weight: significant,
                         reasoning_contains: ["42 working days"]}
        determination: service_failure

Under ``expect``, a rule id maps to the check's ``status`` plus any of ``weight``,
``weight_worst_case``, ``events``, ``reasoning_contains`` (fragments of the reasoning),
``reasoning_lacks`` (fragments it must not contain) and
any fact of the check by name (dates as YAML dates, ranges as ``{min: .., max: ..}`` or
``{earliest: .., latest: ..}``). ``determination`` is a finding, or a mapping with any of
``finding``, ``worst_case``, ``certain``, ``worst_weight``, ``redress``, ``weighed`` and
``reasoning_contains``. ``remedies_contains`` lists fragments that must each appear in
the text of some suggested remedy.

A case may carry ``known_bug: <what is wrong>``: it states the behaviour the Code and
docs/decisions.md call for, which the engine does not give yet. It runs as a strict xfail, so it
fails the suite once the engine is fixed (then delete the key), and it does not count
towards rule coverage.

Shared by ``test_rule_cases.py`` (which runs them) and ``test_rule_coverage.py`` (which
checks every rule of every bundled ruleset has a met and a breached case).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).parent / "cases"

#: keys of ``expect`` that are not rule ids
NON_RULE_KEYS = frozenset({"determination", "remedies_contains"})
#: keys of a rule expectation that are not facts of the check
CHECK_KEYS = frozenset(
    {
        "status",
        "weight",
        "weight_worst_case",
        "events",
        "reasoning_contains",
        "reasoning_lacks",
        "provision",
    }
)
ITEM_KEYS = frozenset({"name", "as_of", "case", "expect", "known_bug"})


@dataclass(frozen=True)
class RuleCase:
    ruleset: str
    rule: str
    path: Path
    name: str
    as_of: date | None
    case: dict[str, Any]
    expect: dict[str, Any]
    known_bug: str | None = None

    @property
    def id(self) -> str:
        return f"{self.ruleset}/{self.rule}.yaml::{self.name}"


def case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*/*.yaml"))


def load_file(path: Path) -> list[RuleCase]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: a rule case file is a non-empty list of cases")
    out = []
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        if not isinstance(item, dict) or not {"name", "case", "expect"} <= set(item):
            raise ValueError(f"{where}: each case needs name, case and expect")
        unknown = set(item) - ITEM_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
        out.append(
            RuleCase(
                ruleset=path.parent.name,
                rule=path.stem,
                path=path,
                name=str(item["name"]),
                as_of=item.get("as_of"),
                case=item["case"],
                expect=item["expect"],
                known_bug=item.get("known_bug"),
            )
        )
    return out


def load_all() -> list[RuleCase]:
    return [case for path in case_files() for case in load_file(path)]


def plain(value: Any) -> Any:
    """An expected value in the JSON shape of ``Report.to_dict()`` (dates as ISO text)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
