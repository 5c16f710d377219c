"""Contract: every rule of every bundled ruleset has a case where it is met and one where it
is breached in ``tests/cases``, and no case file names a rule that does not exist."""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

import pytest
from rule_case_files import CASES_DIR, NON_RULE_KEYS, case_files, load_all, load_file

from complycheck.rulesets import list_rulesets, load_ruleset

#: Rules that cannot reach a status by construction, and why. Each entry is re-checked
#: below, so it must be removed as soon as the rule can reach that status.
UNREACHABLE: dict[tuple[str, str, str], str] = {
    ("hos-chc-2022", "stages.number", "breached"): (
        "max_stages with beyond: needs_agreement says unknown for any third stage, because "
        "the case format has no field recording that both sides agreed to it"
    ),
    ("hos-chc-2020", "stages.number", "breached"): (
        "max_stages with beyond: allowed: the 2020 Code allows an optional third stage, so "
        "any number of stages is met"
    ),
}


@functools.cache
def _statuses() -> dict[tuple[str, str], set[str]]:
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in load_all():
        if item.known_bug:
            continue  # states what should happen, not what does
        for key, want in item.expect.items():
            if key not in NON_RULE_KEYS:
                seen[(item.ruleset, key)].add(want["status"])
    return seen


@functools.cache
def _rules(ruleset_id: str) -> list[str]:
    return [rule.id for rule in load_ruleset(ruleset_id).spec.rules]


ALL_RULES = [(rs, rule) for rs in list_rulesets() for rule in _rules(rs)]


def test_every_bundled_ruleset_has_a_directory_of_cases() -> None:
    assert sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir()) == sorted(list_rulesets())


@pytest.mark.parametrize("status", ["met", "breached"])
@pytest.mark.parametrize(("ruleset", "rule"), ALL_RULES, ids=[f"{a}/{b}" for a, b in ALL_RULES])
def test_rule_has_a_case_with_status(ruleset: str, rule: str, status: str) -> None:
    covered = _statuses().get((ruleset, rule), set())
    if (ruleset, rule, status) in UNREACHABLE:
        assert status not in covered, "the rule reached it: remove it from UNREACHABLE"
        spec = load_ruleset(ruleset).rules[rule]
        assert spec.check == "max_stages" and spec.params["beyond"] != "forbidden"
        return
    assert status in covered, f"no case in tests/cases/{ruleset}/ where {rule} is {status}"


@pytest.mark.parametrize("path", case_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_file_names_only_existing_rules(path: Path) -> None:
    ruleset = path.parent.name
    assert ruleset in list_rulesets(), f"{ruleset} is not a bundled ruleset"
    rules = set(_rules(ruleset))
    assert path.stem in rules, f"{path.name}: {path.stem} is not a rule of {ruleset}"
    items = load_file(path)
    names = [item.name for item in items]
    assert len(names) == len(set(names)), "case names must be unique within a file"
    for item in items:
        unknown = set(item.expect) - rules - NON_RULE_KEYS
        assert not unknown, f"{item.name}: not rules of {ruleset}: {sorted(unknown)}"
        assert item.name[:1].isupper(), f"{item.name!r} should read as a sentence"
    assert any(path.stem in item.expect for item in items), (
        f"{path.name} has no case expecting anything of {path.stem}"
    )


def test_unreachable_entries_name_real_rules() -> None:
    for ruleset, rule, _ in UNREACHABLE:
        assert rule in _rules(ruleset)


def test_a_ruleset_can_be_named_by_its_edition_year() -> None:
    from complycheck.rulesets import load_ruleset

    assert load_ruleset("2022").id == "hos-chc-2022"
    assert load_ruleset("2024").spec.edition == "2024"


def test_a_cap_rule_and_its_deadline_must_agree_on_the_cap(tmp_path: Path) -> None:
    """docs/decisions.md §4 lives in two rules (the cap flags, the deadline stops at it): a
    ruleset edited in one place only is refused, naming both rules and both numbers."""
    from complycheck.errors import RulesetError
    from complycheck.rulesets import rulesets_dir

    text = (rulesets_dir() / "hos-chc-2024.yaml").read_text(encoding="utf-8")
    edited = text.replace("      cap: 20\n", "      cap: 25\n", 1)
    assert edited != text
    path = tmp_path / "edited.yaml"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(RulesetError) as raised:
        load_ruleset(str(path))
    message = str(raised.value)
    assert "stage2.extension" in message
    assert "params.cap 25 must equal params.extension_cap of 'stage2.respond' (20)" in message
