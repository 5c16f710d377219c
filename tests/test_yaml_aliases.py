"""YAML aliases cannot blow a small case or mapping file up into millions of values, and no
message echoes more than a bounded part of any value from the input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from complycheck.errors import ECHO_LIMIT, InputError, InputIssue
from complycheck.inputs import RawCase
from complycheck.loading import load_case_file
from complycheck.logs.mapping import load_mapping
from complycheck.runner import check_raw


def laughs(levels: int, indent: str = "  ") -> str:
    """Anchors a0..a{levels}, each a list of nine aliases to the one before: 9**levels
    values written in a few hundred bytes, as event entries of a case."""
    lines = [f"{indent}- {{date: 2024-05-02, type: x, note: &a0 [lol, lol, lol, lol, lol]}}"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"{indent}- {{date: 2024-05-02, type: x, note: &a{level} [{aliases}]}}")
    return "\n".join(lines) + "\n"


def read(tmp_path: Path, text: str) -> list[RawCase]:
    path = tmp_path / "case.yaml"
    path.write_text(text, "utf-8")
    return list(load_case_file(str(path)))


def test_an_alias_bomb_in_an_event_type_is_one_located_error(tmp_path: Path) -> None:
    text = "id: B1\nevents:\n  - {date: 2024-05-01, type: complaint_received}\n"
    text += laughs(6) + "  - {date: 2024-05-03, type: *a6}\n"
    [raw] = read(tmp_path, text)
    assert raw.data is None
    [issue] = raw.issues
    assert issue.location == "document 1"
    found = re.fullmatch(
        r"its aliases \(\*name\) repeat ([\d,]+) values, more than the 100,000 allowed; "
        "write the values out or repeat fewer",
        issue.message,
    )
    assert found and int(found[1].replace(",", "")) > 9**6


def test_an_alias_to_a_value_it_sits_in_is_refused(tmp_path: Path) -> None:
    [raw] = read(tmp_path, "id: &r [x, *r]\nevents: []\n")
    assert raw.data is None
    assert "refers to a value it is part of" in raw.issues[0].message


def test_anchors_used_as_people_use_them_still_read(tmp_path: Path) -> None:
    text = """\
- id: M1
  landlord: &landlord Example Homes
  events:
    - &received {date: 2024-05-01, type: complaint_received}
    - &acknowledged {<<: {type: complaint_acknowledged}, date: 2024-05-02, stage: 1}
- id: M2
  landlord: *landlord
  events: [*received, *acknowledged]
"""
    raws = read(tmp_path, text)
    assert [raw.issues for raw in raws] == [(), ()]
    assert raws[1].data == {
        "id": "M2",
        "landlord": "Example Homes",
        "events": [
            {"date": "2024-05-01", "type": "complaint_received"},
            {"type": "complaint_acknowledged", "date": "2024-05-02", "stage": 1},
        ],
    }


def test_an_alias_bomb_in_a_mapping_file_is_an_input_error(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('id: "Ref"\nevents:\n' + laughs(7), "utf-8")
    with pytest.raises(InputError) as raised:
        load_mapping(mapping)
    [issue] = raised.value.issues
    assert re.search(r"aliases \(\*name\) repeat [\d,]{10} values", issue.message)


def test_a_huge_value_is_echoed_only_in_part(tmp_path: Path) -> None:
    huge = "x" * 50_000
    events = [
        {"date": "2024-05-01", "type": huge},
        {"date": "2024-05-02", "type": "resident_chased", huge: 1},
    ]
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"id": "H1", "events": events}), "utf-8")
    [raw] = load_case_file(str(path))
    result = check_raw(raw, None, None, "builtin")
    assert len(result.errors) == 2
    for issue in result.errors:
        assert len(str(issue)) < 1000
        assert "x" * ECHO_LIMIT not in str(issue)
        assert "x" * (ECHO_LIMIT - 1) + "…" in str(issue)


def test_an_issue_caps_what_it_echoes() -> None:
    issue = InputIssue("bad value", case_id="C" * 150, field="f" * 500, value="v" * 10_000)
    assert issue.value == "v" * (ECHO_LIMIT - 1) + "…"
    assert issue.field == "f" * (ECHO_LIMIT - 1) + "…"
    assert str(issue).startswith(f"case {'C' * (ECHO_LIMIT - 1)}…: {issue.field}: bad value")
    assert issue.case_id == "C" * 150  # the id itself is kept whole: it identifies the case
