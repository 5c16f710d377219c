"""Reading case files: every shape of good input, and every bad one as a located issue."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from complycheck.errors import InputError
from complycheck.inputs import RawCase
from complycheck.loading import load_case_file, load_cases, read_inputs
from complycheck.runner import check_raw

CASE = """\
id: "A1"
events:
  - {date: 2022-11-28, type: complaint_received}
  - {date: 2022-12-13, type: stage_response, stage: 1}
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _read(path: str) -> list[RawCase]:
    return list(load_case_file(path))


def _only_issue(raws: list[RawCase]) -> str:
    assert len(raws) == 1
    assert raws[0].data is None
    assert len(raws[0].issues) == 1
    return str(raws[0].issues[0])


def test_one_yaml_case_keeps_dates_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path, "case.yaml", CASE)
    [raw] = _read(path)
    assert raw.source == path
    assert raw.location == "document 1"
    assert raw.issues == ()
    assert raw.data is not None
    assert raw.data["events"][0] == {"date": "2022-11-28", "type": "complaint_received"}


def test_impossible_date_is_left_for_validation_not_a_crash(tmp_path: Path) -> None:
    path = _write(tmp_path, "case.yaml", CASE.replace("2022-12-13", "2023-02-30"))
    with pytest.raises(InputError) as raised:
        load_cases(path)
    [issue] = raised.value.issues
    assert issue.field == "events[1].date"
    assert issue.source == path
    assert issue.location == "document 1"
    assert "'2023-02-30' is not a real date" in issue.message


def test_datetimes_stay_text_too(tmp_path: Path) -> None:
    path = _write(tmp_path, "case.yaml", CASE.replace("2022-12-13", "2022-12-13T09:30:00"))
    [case] = load_cases(path)
    assert str(case.events[1].date) == "2022-12-13"


def test_list_of_cases_and_several_documents(tmp_path: Path) -> None:
    listed = (
        "- "
        + CASE.replace("\n", "\n  ").rstrip()
        + "\n- "
        + CASE.replace('"A1"', '"A2"').replace("\n", "\n  ").rstrip()
    )
    path = _write(tmp_path, "many.yaml", f"{CASE}---\n{listed}\n---\n")
    raws = _read(path)
    assert [raw.location for raw in raws] == [
        "document 1",
        "document 2, case 1 of the list",
        "document 2, case 2 of the list",
    ]
    assert [raw.data["id"] for raw in raws if raw.data] == ["A1", "A1", "A2"]
    assert [case.id for case in load_cases(path)] == ["A1", "A1", "A2"]


def test_json_list(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cases.json",
        '[{"id": "J1", "events": [{"date": "2023-01-05", "type": "complaint_received"}]}, 7]',
    )
    raws = _read(path)
    assert raws[0].location == "case 1 of the list"
    assert raws[0].data == {
        "id": "J1",
        "events": [{"date": "2023-01-05", "type": "complaint_received"}],
    }
    assert _only_issue(raws[1:]) == (
        f"{path}: case 2 of the list: this item is a number, not a case; "
        "expected a mapping with id and events"
    )


def test_stdin_json_and_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "S1", "events": []}'))
    [raw] = _read("-")
    assert (raw.source, raw.location, raw.data) == (
        "<stdin>",
        "document 1",
        {"id": "S1", "events": []},
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(CASE))
    [raw] = _read("-")
    assert raw.data is not None and raw.data["id"] == "A1"


def test_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "empty.yaml", "")
    assert _only_issue(_read(path)) == (
        f"{path}: file: the file is empty; "
        "expected a case (a mapping with id and events) or a list of cases"
    )


def test_file_of_comments_only(tmp_path: Path) -> None:
    path = _write(tmp_path, "notes.yaml", "# nothing yet\n")
    assert "the file has only comments" in _only_issue(_read(path))


def test_missing_file() -> None:
    assert _only_issue(_read("no/such/case.yaml")) == (
        "no/such/case.yaml: file: file not found; expected an existing YAML or JSON file"
    )


def test_malformed_yaml_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", 'id: "A1"\nevents:\n  - {date: 2022-11-28, type: x\n')
    message = _only_issue(_read(path))
    assert message.startswith(f"{path}: line 4, column 1: not valid YAML: ")


def test_malformed_yaml_after_good_documents_keeps_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.yaml", f"{CASE}---\nid: [unclosed\n")
    raws = _read(path)
    assert raws[0].data is not None and raws[0].data["id"] == "A1"
    assert raws[1].data is None
    assert raws[1].location == "line 7, column 1"
    assert "(while parsing a flow sequence that started at line 6, column 5)" in str(
        raws[1].issues[0]
    )


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.json", '{"id": "x",\n "events": [}')
    assert _only_issue(_read(path)) == (
        f"{path}: line 2, column 13: not valid JSON: Expecting value; "
        "expected a case (a mapping with id and events) or a list of cases"
    )


def test_non_mapping_document(tmp_path: Path) -> None:
    path = _write(tmp_path, "scalar.yaml", f"{CASE}---\njust some words\n")
    raws = _read(path)
    assert raws[0].data is not None
    assert _only_issue(raws[1:]) == (
        f"{path}: document 2: the document is a text, not a case; "
        "expected a case (a mapping with id and events) or a list of cases"
    )


def test_duplicate_keys_are_errors_not_silently_dropped(tmp_path: Path) -> None:
    yaml_path = _write(tmp_path, "dup.yaml", CASE + 'id: "A2"\n')
    assert _only_issue(_read(yaml_path)) == (
        f"{yaml_path}: line 5, column 1: found the key 'id' twice (while reading a mapping "
        "that started at line 1, column 1); expected each key once per mapping"
    )
    json_path = _write(tmp_path, "dup.json", '{"id": "A", "id": "B"}')
    assert _only_issue(_read(json_path)) == (
        f"{json_path}: document 1: the key 'id' appears twice in one object; "
        "expected each key once per object"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "it is nested too deeply to read"),
        ('{"id": "A", "n": 1' + "0" * 5000 + "}", "it holds a number too long to read"),
    ],
)
def test_json_beyond_what_python_reads_is_an_error_not_a_crash(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = _write(tmp_path, "deep.json", text)
    issue = _only_issue(_read(path))
    assert issue.startswith(f"{path}: document 1: the JSON cannot be read: {problem}")
    assert issue.endswith("expected a case (a mapping with id and events) or a list of cases")


@pytest.mark.parametrize("depth", [25_000, 600_000])
def test_yaml_nested_very_deep_is_read_or_refused_without_a_crash(
    tmp_path: Path, depth: int
) -> None:
    """Deep nesting used to kill the process inside libyaml.

    Which refusal the reader gives depends on the YAML library's own limits (libyaml 0.2.6
    refuses deep flow levels itself, older builds compose it and we refuse the list), so the
    test asserts the behaviour: one located error for the document, no crash.
    """
    path = _write(tmp_path, "deep.yaml", "[" * depth + "]" * depth)
    issue = _only_issue(_read(path))
    assert issue.startswith(f"{path}: ")
    assert issue.endswith("expected a case (a mapping with id and events) or a list of cases")


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("!!timestamp 2023-02-30", "a value cannot be read: day is out of range for month"),
        ("!!int abc", "a value cannot be read: "),
        ("1" + "0" * 5000, "a number is too long to read (thousands of digits)"),
    ],
)
def test_yaml_values_its_constructor_refuses_are_located_errors(
    tmp_path: Path, value: str, problem: str
) -> None:
    path = _write(tmp_path, "tagged.yaml", f"{CASE}---\nid: B\nnote: {value}\n")
    first, second = _read(path)
    assert first.data is not None
    assert _only_issue([second]).startswith(f"{path}: document 2: {problem}")


def test_an_id_that_is_no_text_is_not_written_out(tmp_path: Path) -> None:
    # A few hundred bytes of aliases: as text the id was 40 MB in every message, and one
    # more level made it gigabytes.
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{name}: &{name} [{', '.join(['*' + before] * 9)}]"
        for before, name in zip("abcdef", "bcdefg", strict=True)
    ]
    path = _write(tmp_path, "bomb.yaml", "\n".join([*levels, "id: *g", "events: []"]) + "\n")
    (raw,) = _read(path)
    assert raw.case_id is None
    result = check_raw(raw, None, None, "builtin")
    assert result.case_id is None
    [issue] = result.errors  # refused before any value is built, let alone written out
    assert str(issue).startswith(f"{path}: document 1: its aliases (*name) repeat 11,434,267 ")
    assert len(str(issue)) < 300


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("landlord: Caf\xe9\n".encode("latin-1"))
    assert "not UTF-8 text" in _only_issue(_read(str(path)))


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b'\xef\xbb\xbf{"id": "B1", "events": []}')
    [raw] = _read(str(path))
    assert raw.data == {"id": "B1", "events": []}


def test_load_cases_collects_every_issue(tmp_path: Path) -> None:
    bad = CASE.replace("complaint_received}", "complaint_recieved}") + "colour: red\n"
    path = _write(tmp_path, "bad.yaml", bad)
    with pytest.raises(InputError) as raised:
        load_cases(path)
    messages = [issue.message for issue in raised.value.issues]
    assert "unknown event type 'complaint_recieved'" in messages
    assert "unknown field 'colour'" in messages


def test_load_cases_hands_back_cases_sharing_an_id(tmp_path: Path) -> None:
    """Only a run (``read_inputs``) refuses a second case with an id; from Python, the
    caller has the cases and decides."""
    path = _write(tmp_path, "twice.yaml", f"{CASE}---\n{CASE}")
    assert [case.id for case in load_cases(path)] == ["A1", "A1"]
    first, second = read_inputs([path])
    assert first.data is not None and second.data is None
    assert [issue.message for issue in second.issues] == [
        "case A1 appears twice: it was first read at document 1"
    ]


def test_read_inputs_chains_files_and_reports_a_missing_log(tmp_path: Path) -> None:
    path = _write(tmp_path, "case.yaml", CASE)
    raws = list(read_inputs([path, str(tmp_path / "absent.csv")]))
    assert raws[0].data is not None
    assert _only_issue(raws[1:]) == (
        f"{tmp_path / 'absent.csv'}: file: file not found; expected an existing log file"
    )


def test_rulesets_read_the_same_with_the_c_yaml_loader_as_with_the_python_one() -> None:
    """Rulesets are read with libyaml's loader for speed; it must not change what they say."""
    import yaml

    from complycheck.rulesets import list_rulesets, load_ruleset

    for name in list_rulesets():
        raw = load_ruleset(name).path.read_bytes()
        assert yaml.load(raw, Loader=yaml.CSafeLoader) == yaml.safe_load(raw), name
