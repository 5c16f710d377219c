"""The JUnit output validates against the common JUnit schema CI systems read.

``tests/data/junit-10.xsd`` is the Jenkins/Surefire "junit-10" schema (MIT, Gregory
Boissinot), as pytest ships it for its own junit tests; it is the shape GitLab, Jenkins and
GitHub test viewers accept.
"""

from __future__ import annotations

from pathlib import Path

import xmlschema
from click.testing import CliRunner

from complycheck.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = xmlschema.XMLSchema(ROOT / "tests" / "data" / "junit-10.xsd")


def _junit(tmp_path: Path, *inputs: str) -> tuple[int, Path]:
    out = tmp_path / "results.xml"
    result = CliRunner().invoke(
        main,
        ["check", *inputs, "--format", "junit", "--output", str(out), "--as-of", "2025-06-01"],
    )
    return result.exit_code, out


def test_examples_and_an_input_error_validate(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nevents:\n  - {date: 2023-02-30, type: complaint_received}\n")
    examples = sorted(str(p) for p in (ROOT / "examples").glob("*.yaml"))
    code, out = _junit(tmp_path, *examples, str(bad))
    assert code == 2
    SCHEMA.validate(out)
    suites = SCHEMA.to_dict(out)["testsuite"]
    names = [suite["@name"] for suite in suites]
    assert any("202225311" in name for name in names)
    assert any("bad" in name for name in names)


def test_a_wide_csv_log_validates(tmp_path: Path) -> None:
    code, out = _junit(tmp_path, str(ROOT / "examples" / "logs" / "complaints-wide.csv"))
    assert code == 2  # the example log carries one bad row on purpose
    SCHEMA.validate(out)
    failures = sum(int(suite["@failures"]) for suite in SCHEMA.to_dict(out)["testsuite"])
    assert failures > 0
