"""Messages read as sentences: what was expected comes first, a suggestion last, built by one
function wherever a value is checked against a list."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from complycheck.cli import main
from complycheck.errors import one_of, quoted


def test_one_of_lists_then_suggests() -> None:
    assert one_of("stage2.respnd", ["stage1.respond", "stage2.respond"]) == (
        "one of stage1.respond, stage2.respond; did you mean 'stage2.respond'?"
    )
    assert one_of("zzz", ["auto", "hos-chc-2024"]) == "one of auto, hos-chc-2024"
    assert quoted("x" * 100) == "'" + "x" * 79 + "…'"


def test_every_checked_list_ends_its_message_with_the_suggestion(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "id: S1\ncode: hos-chc-2204\nevents:\n  - {date: 2024-05-01, type: complaint_recieved}\n",
        "utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(case), "--format", "json"])
    lines = result.stderr.splitlines()
    assert lines[0].endswith(
        "code: names no bundled edition of the Code; a ruleset file of your own is given on "
        "the command line (--ruleset FILE), not in the case (got 'hos-chc-2204'); expected "
        "one of auto, hos-chc-2024, hos-chc-2022, hos-chc-2020; did you mean 'hos-chc-2024'?"
    )
    assert lines[1].endswith("; did you mean 'complaint_received'?")
    assert "; expected one of complaint_received, " in lines[1]


def test_a_list_of_ids_in_a_message_is_cut_short(tmp_path: Path) -> None:
    cases = tmp_path / "many.yaml"
    cases.write_text(
        "".join(
            f"---\nid: M{n}\nevents:\n  - {{date: 2024-05-01, type: complaint_received}}\n"
            for n in range(15)
        ),
        "utf-8",
    )
    result = CliRunner().invoke(main, ["explain", str(cases), "--rule", "stage1.respond"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {cases} holds 15 cases; choose one with --case ID "
        "(ids: M0, M1, M2, M3, M4, M5, M6, M7, M8, M9 and 5 more)\n"
    )
