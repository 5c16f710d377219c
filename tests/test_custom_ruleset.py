"""A case is graded by a bundled edition of the Code or by a ruleset the caller gives, never
by a file the case names; a caller's own ruleset is reported as custom in every format."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from complycheck import load_cases
from complycheck.cli import main
from complycheck.errors import InputError
from complycheck.rulesets import rulesets_dir

ROOT = Path(__file__).resolve().parent.parent

CASE = """\
id: {id}
code: {code}
events:
  - {{date: 2024-05-01, type: complaint_received}}
  - {{date: 2024-05-02, type: complaint_acknowledged, stage: 1, defined: true}}
  - {{date: 2024-09-10, type: stage_response, stage: 1, handler: a}}
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args, "--as-of", "2024-12-01"], catch_exceptions=False)


def lenient_ruleset(tmp_path: Path) -> Path:
    """The 2024 Code with every working-day limit raised to 400, still calling itself
    hos-chc-2024: the file a case must not be able to choose."""
    text = (rulesets_dir() / "hos-chc-2024.yaml").read_text("utf-8")
    path = tmp_path / "lenient.yaml"
    path.write_text(text.replace("days: 10\n", "days: 400\n"), "utf-8")
    return path


def test_a_case_cannot_name_a_ruleset_file(tmp_path: Path) -> None:
    lenient_ruleset(tmp_path)
    case = tmp_path / "case.yaml"
    case.write_text(
        CASE.format(id="C1", code="lenient.yaml") + "---\n" + CASE.format(id="C2", code="auto"),
        "utf-8",
    )
    result = run("check", str(case), "--format", "json")
    assert result.exit_code == 2
    first, second = json.loads(result.stdout)["results"]
    assert "ruleset" not in first
    [error] = first["errors"]
    assert error["field"] == "code"
    assert error["value"] == "lenient.yaml"
    assert "--ruleset FILE" in error["message"]
    assert error["expected"] == "one of auto, hos-chc-2024, hos-chc-2022, hos-chc-2020"
    assert second["ruleset"]["id"] == "hos-chc-2024"
    assert second["determination"]["finding"] != "no_maladministration"


def test_a_code_naming_a_file_that_is_no_ruleset_is_that_cases_error(tmp_path: Path) -> None:
    """It used to abort the whole run half-way through the JSON document."""
    (tmp_path / "notes.yaml").write_text("just: notes\n", "utf-8")
    case = tmp_path / "case.yaml"
    case.write_text(
        CASE.format(id="C1", code="auto") + "---\n" + CASE.format(id="C2", code="notes.yaml"),
        "utf-8",
    )
    result = run("check", str(case), "--format", "json")
    assert result.exit_code == 2
    first, second = json.loads(result.stdout)["results"]
    assert first["errors"] == [] and first["ruleset"]["id"] == "hos-chc-2024"
    assert second["errors"][0]["field"] == "code"
    assert "case C2: code: names no bundled edition of the Code" in result.stderr


def test_a_code_may_name_a_bundled_edition_by_id_or_year(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        CASE.format(id="C1", code="hos-chc-2022") + "---\n" + CASE.format(id="C2", code="2020"),
        "utf-8",
    )
    result = run("check", str(case), "--format", "json")
    ids = [r["ruleset"]["id"] for r in json.loads(result.stdout)["results"]]
    assert ids == ["hos-chc-2022", "hos-chc-2020"]


def test_the_api_refuses_a_ruleset_path_in_code_too(tmp_path: Path) -> None:
    ruleset = lenient_ruleset(tmp_path)
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="C1", code=str(ruleset)), "utf-8")
    with pytest.raises(InputError) as raised:
        load_cases(case)
    assert [issue.field for issue in raised.value.issues] == ["code"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "text", "markdown", "junit"])
def test_a_ruleset_given_with_the_option_is_reported_as_custom(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short name, which text does not break across lines
    sha = hashlib.sha256(lenient_ruleset(tmp_path).read_bytes()).hexdigest()
    Path("case.yaml").write_text(CASE.format(id="C1", code="auto"), "utf-8")
    result = run("check", "case.yaml", "--ruleset", "lenient.yaml", "--format", fmt)
    assert result.exit_code in (0, 1)
    label = f"custom ruleset lenient.yaml, sha256 {sha}"
    flat = " ".join(result.stdout.split())  # text wraps long lines
    assert label in flat
    if fmt == "json":
        [report] = json.loads(result.stdout)["results"]
        assert report["ruleset"]["id"] == label
        assert report["ruleset"]["sha256"] == sha
        assert "not a bundled edition of the Code" in report["ruleset"]["why"]


def test_the_bundled_file_given_by_path_is_the_bundled_edition(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(CASE.format(id="C1", code="auto"), "utf-8")
    bundled = rulesets_dir() / "hos-chc-2022.yaml"
    result = run("check", str(case), "--ruleset", str(bundled), "--format", "json")
    assert json.loads(result.stdout)["results"][0]["ruleset"]["id"] == "hos-chc-2022"


def test_rules_of_a_custom_file_are_headed_as_custom(tmp_path: Path) -> None:
    ruleset = lenient_ruleset(tmp_path)
    sha = hashlib.sha256(ruleset.read_bytes()).hexdigest()
    result = CliRunner().invoke(main, ["rules", str(ruleset)])
    assert result.stdout.startswith(f"custom ruleset {ruleset}, sha256 {sha}: ")
