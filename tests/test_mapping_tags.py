"""A mapping file refuses values of tags that are no column, constant or list (``!!set``,
``!!binary``, ``!!omap``, ``!!pairs``), each with its line and column, as a case file does:
read as they are, they would slip through as constants."""

from __future__ import annotations

import pytest

from complycheck.errors import InputError
from complycheck.logs.mapping import parse_mapping

BASE = 'id: "Complaint ref"\nevents:\n  - {type: complaint_received, date: "Date received"'


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("!!set {email}", "a set (!!set)"),
        ("!!binary aGVsbG8=", "binary data (!!binary)"),
        ("!!omap [{a: 1}]", "an ordered mapping (!!omap)"),
        ("!!pairs [{a: 1}]", "a list of pairs (!!pairs)"),
    ],
)
def test_a_tagged_value_is_refused_where_it_is_written(value: str, what: str) -> None:
    text = f"{BASE}, channel: {value}}}\n"
    with pytest.raises(InputError) as caught:
        parse_mapping(text, "ours.yaml")
    [issue] = caught.value.issues
    assert issue.source == "ours.yaml"
    assert issue.location == "line 3, column 64"
    assert issue.message.startswith(f"{what} is no column header, constant or list")


def test_a_set_as_the_id_or_an_event_is_refused_too() -> None:
    for text, location in (
        (
            'id: !!set {a, b}\nevents:\n  - {type: complaint_received, date: "D"}\n',
            "line 1, column 5",
        ),
        (f"{BASE}}}\n  - !!set {{a}}\n", "line 4, column 5"),
    ):
        with pytest.raises(InputError) as caught:
            parse_mapping(text, "ours.yaml")
        assert [issue.location for issue in caught.value.issues] == [location]


def test_plain_values_and_dates_are_still_read() -> None:
    mapping = parse_mapping(
        f"{BASE}, channel: {{value: email}}}}\nas_of: 2024-03-31\n", "ours.yaml"
    )
    assert [event.type for event in mapping.events] == ["complaint_received"]
