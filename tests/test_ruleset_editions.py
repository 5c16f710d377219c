"""Which bundled edition of the Code a complaint is checked under (docs/decisions.md §1).

The editions are read newest first and only as far as the one in force, so these tests pin
down the choice at every edition's edges and what makes that reading order safe: the
editions follow one another without gap or overlap.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from complycheck.rulesets import list_rulesets, load_ruleset, select_ruleset


def test_the_editions_follow_one_another_newest_named_first() -> None:
    specs = [load_ruleset(ruleset_id).spec for ruleset_id in list_rulesets()]
    assert [spec.id for spec in specs] == ["hos-chc-2024", "hos-chc-2022", "hos-chc-2020"]
    assert specs[0].effective_to is None
    for newer, older in pairwise(specs):
        assert older.effective_to is not None
        assert older.effective_to + timedelta(days=1) == newer.effective_from


@pytest.mark.parametrize(
    ("received", "edition"),
    [
        (date(2020, 7, 1), "hos-chc-2020"),
        (date(2022, 3, 31), "hos-chc-2020"),
        (date(2022, 4, 1), "hos-chc-2022"),
        (date(2024, 3, 31), "hos-chc-2022"),
        (date(2024, 4, 1), "hos-chc-2024"),
        (date(2059, 12, 31), "hos-chc-2024"),
    ],
)
def test_the_edition_in_force_on_the_day_received(received: date, edition: str) -> None:
    chosen, why = select_ruleset(received)
    assert chosen == edition
    assert why.startswith(f"{edition.removeprefix('hos-chc-')} Code: complaint received ")


def test_before_the_first_edition_the_earliest_is_applied() -> None:
    chosen, why = select_ruleset(date(2020, 6, 30), "30 Jun 2020")
    assert chosen == "hos-chc-2020"
    assert why == (
        "2020 Code: complaint received 30 Jun 2020, before the first Code took effect on "
        "1 Jul 2020; the earliest edition is applied"
    )
