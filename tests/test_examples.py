"""Every case in ``examples/`` validates and checks cleanly, and each teaching example
teaches what its header comment says (the status of the rule it is about, the finding)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from complycheck.engine import check
from complycheck.models import Case
from complycheck.results import Report
from complycheck.validation import validate_case

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
#: "now" for examples that do not carry their own as_of date (all of them are closed)
AS_OF = date(2025, 6, 1)


def _cases(path: Path) -> list[Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, list) else [data]


def _validated(data: Any, path: Path) -> Case:
    case = validate_case(data, source=path.name)
    assert isinstance(case, Case), "\n".join(str(issue) for issue in case)
    return case


def _report(name: str) -> Report:
    path = EXAMPLES / f"{name}.yaml"
    [data] = _cases(path)
    case = _validated(data, path)
    return check(case, as_of=None if case.as_of else AS_OF)


def _checks(report: Report) -> dict[str, dict[str, Any]]:
    return {c.rule: c.to_dict() for c in report.checks}


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def test_there_are_examples() -> None:
    names = {path.stem for path in EXAMPLE_FILES}
    assert {"nhg-202225311", "lq-202328590", *TEACHING} <= names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_example_validates_and_checks(path: Path) -> None:
    assert path.read_text(encoding="utf-8").startswith("#"), "start with a header comment"
    for data in _cases(path):
        case = _validated(data, path)
        report = check(case, as_of=None if case.as_of else AS_OF)
        assert len(report.checks) == len(set(c.rule for c in report.checks)) > 0
        assert report.determination.finding
        assert report.to_dict()["case_id"] == case.id


# --- what each teaching example teaches ----------------------------------------------


def _all_on_time(report: Report) -> None:
    assert report.ruleset.id == "hos-chc-2024"
    checks = _checks(report)
    assert {c["status"] for c in checks.values()} == {"met", "not_applicable"}
    for rule in ("stage1.acknowledge", "stage1.respond", "stage2.acknowledge", "stage2.respond"):
        assert checks[rule]["status"] == "met", rule
    for rule in ("stage1.content", "stage2.content", "stage1.define", "stage2.define"):
        assert checks[rule]["status"] == "met", rule
    assert checks["stage1.respond"]["facts"]["working_days_taken"] == 9
    assert checks["stage1.respond"]["facts"]["due_date"] == "2024-09-19"
    assert checks["stage2.respond"]["facts"]["working_days_taken"] == 19
    assert checks["stage2.respond"]["facts"]["due_date"] == "2024-10-23"
    assert checks["stage2.different_handler"]["facts"]["handlers"] == ["officer-12", "manager-4"]
    assert checks["stage2.no_reasons_needed"]["status"] == "met"
    assert report.determination.finding == "no_maladministration"
    assert report.determination.weighed == ()
    assert report.remedies == ()


def _extension_saves_stage1(report: Report) -> None:
    assert report.ruleset.id == "hos-chc-2024"
    checks = _checks(report)
    respond = checks["stage1.respond"]
    assert respond["status"] == "met"
    assert respond["facts"]["due_date"] == "2024-11-20"
    assert respond["facts"]["extended_due_date"] == "2024-12-04"
    assert respond["facts"]["working_days_taken"] == 19
    assert "extended on 18 Nov 2024 by 10 working days" in respond["reasoning"]
    assert checks["stage1.extension"]["status"] == "met"
    assert checks["stage1.extension"]["facts"]["extension_working_days"] == 10
    assert checks["stage1.extension_ombudsman"]["status"] == "met"
    assert report.determination.finding == "no_maladministration"


def _open_pending(report: Report) -> None:
    assert report.ruleset.id == "hos-chc-2024"
    assert report.as_of == date(2025, 2, 10)  # from the case, not from today
    checks = _checks(report)
    respond = checks["stage2.respond"]
    assert respond["status"] == "pending"
    assert respond["facts"]["due_date"] == "2025-02-21"
    assert respond["facts"]["working_days_elapsed"] == 11
    assert respond["facts"]["working_days_left"] == 9
    assert "9 working days left" in respond["reasoning"]
    assert checks["stage1.respond"]["status"] == "met"
    assert checks["stage2.content"]["status"] == "not_applicable"
    assert checks["stage2.different_handler"]["status"] == "not_applicable"
    assert report.determination.finding == "no_maladministration"


def _christmas_2022(report: Report) -> None:
    assert report.ruleset.id == "hos-chc-2022"
    respond = _checks(report)["stage2.respond"]
    assert respond["status"] == "met"
    facts = respond["facts"]
    assert facts["due_date"] == "2023-01-11"
    assert facts["working_days_taken"] == 19
    assert facts["weekdays_taken"] == 22
    assert facts["non_working_weekdays"] == [
        "2022-12-26 Boxing Day (bank holiday)",
        "2022-12-27 Christmas Day (observed) (bank holiday)",
        "2023-01-02 New Year's Day (observed) (bank holiday)",
    ]
    assert "(22 weekdays; 26 Dec 2022 Boxing Day" in respond["reasoning"]
    assert report.determination.finding == "no_maladministration"


def _refused_without_rights(report: Report) -> None:
    assert report.ruleset.id == "hos-chc-2024"
    checks = _checks(report)
    refusal = checks["complaint.refusal"]
    assert refusal["status"] == "breached"
    assert refusal["weight"] == "significant"
    assert refusal["facts"]["missing"] == [
        "tell the resident they can take that decision to the Ombudsman"
    ]
    assert checks["stage1.acknowledge"]["status"] == "not_applicable"
    assert checks["stage1.respond"]["status"] == "not_applicable"
    assert report.determination.finding == "maladministration"
    assert report.determination.redress == "none"
    kinds = [remedy.kind for remedy in report.remedies]
    assert kinds == ["apology", "compensation", "action"]
    assert report.remedies[1].min_gbp == 100 and report.remedies[1].max_gbp == 600


TEACHING = {
    "all-on-time-2024": _all_on_time,
    "extension-saves-stage1-2024": _extension_saves_stage1,
    "open-complaint-pending-2024": _open_pending,
    "christmas-2022-stage2": _christmas_2022,
    "refused-without-rights-2024": _refused_without_rights,
}


@pytest.mark.parametrize("name", sorted(TEACHING))
def test_teaching_example_outcome(name: str) -> None:
    TEACHING[name](_report(name))
