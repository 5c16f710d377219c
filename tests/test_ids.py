"""complycheck.ids: one map of case ids for a whole run, each with where it was first read."""

from __future__ import annotations

import pytest

from complycheck.ids import FirstRead, SeenIds, Span
from complycheck.inputs import RawCase


def test_a_place_is_worded_as_its_input_words_it() -> None:
    assert Span("row")(4, 0) == "row 4"
    assert Span("line")(4, 2) == "lines 4-6"


def test_places_unpack_from_any_input_however_far_into_it() -> None:
    seen = SeenIds()
    inputs = [seen.reading(f"file{n}.csv", Span("row")) for n in range(3)]
    far = 2**35  # beyond the smallest ints: past the first field of the packing
    inputs[0].admit(RawCase("file0.csv", "row 2", {"id": "A"}), "A", 2)
    inputs[2].admit(RawCase("file2.csv", f"rows {far}-{far + 7}", {"id": "B"}), "B", far, 7)
    assert inputs[2].earlier("A") == FirstRead("file0.csv", "row 2")
    assert inputs[2].earlier("B") == FirstRead(None, f"rows {far}-{far + 7}")
    assert inputs[1].earlier("B") == FirstRead("file2.csv", f"rows {far}-{far + 7}")
    assert inputs[1].earlier("C") is None


def test_a_second_case_with_an_id_becomes_an_error_and_the_first_place_stays() -> None:
    seen = SeenIds()
    first = seen.reading("a.yaml", Span("document"))
    second = seen.reading("b.csv", Span("row"))
    case = RawCase("a.yaml", "document 1", {"id": "A"})
    assert first.admit(case, "A", 1) is case
    again = second.admit(RawCase("b.csv", "row 9", {"id": "A"}), "A", 9)
    assert again.data is None
    assert [str(issue) for issue in again.issues] == [
        "b.csv: row 9: case A: id: case A appears twice: it was first read at a.yaml: "
        "document 1; expected each complaint once in the input, under its own reference"
    ]
    assert second.earlier("A") == FirstRead("a.yaml", "document 1")
    assert str(second.earlier("A")) == "a.yaml: document 1"


def test_a_case_without_an_id_is_let_through_and_claims_nothing() -> None:
    ids = SeenIds().reading("log.csv", Span("row"))
    case = RawCase("log.csv", "row 2", None)
    assert ids.admit(case, None, 2) is case
    assert ids.earlier("") is None


def test_ids_moved_into_the_table_are_still_found_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past SPILL ids the map keeps them in a table: found there by their exact text, from
    any input, one at a time or many at once."""
    monkeypatch.setattr("complycheck.ids.SPILL", 3)
    seen = SeenIds()
    log = seen.reading("log.csv", Span("row"))
    other = seen.reading("b.yaml", Span("document"))
    far = 2**39  # packed with its input (the second), past SQLite's 64-bit integers
    for row, case_id in enumerate(["A", "B", "C", "D", "é", "A "], start=2):
        assert log.earlier(case_id) is None
        log.admit(RawCase("log.csv", f"row {row}", {}), case_id, row)
    other.admit(RawCase("b.yaml", "document 1", {}), "F", far, 3)
    assert other.earlier("A") == FirstRead("log.csv", "row 2")
    assert log.earlier("é") == FirstRead(None, "row 6")
    assert log.earlier("F") == FirstRead("b.yaml", f"documents {far}-{far + 3}")
    assert log.earlier("a") is None
    assert seen.first_reads(["B", "Z", "A ", "F"], 1) == {
        "B": FirstRead("log.csv", "row 3"),
        "A ": FirstRead("log.csv", "row 7"),
        "F": FirstRead(None, f"documents {far}-{far + 3}"),
    }
    again = log.admit(RawCase("log.csv", "row 9", {"id": "C"}), "C", 9)
    assert again.data is None
    assert "it was first read at row 4" in str(again.issues[0])
