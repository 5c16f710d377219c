"""Every file of the hostile corpus, through the command line, in every output format.

``tests/data/hostile`` holds small inputs of the project's own, each wrong in one way a
real export or an attacker's file can be (its binary workbooks are written by
``make_workbooks.py`` there). Whatever the format, a run over any of them must end with
exit status 2 and a located error on stderr, never a traceback, and must still write its
results. The workbooks must say why they cannot be read in ``mapping init`` and
``explain`` too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from complycheck.cli import main
from complycheck.render import FORMATS

CORPUS = Path(__file__).resolve().parent / "data" / "hostile"
FILES = sorted(path for path in CORPUS.iterdir() if path.suffix != ".py")
#: what a file needs on the command line to be wrong (it is read fine without)
OPTIONS = {"chart-sheet.xlsx": ["--sheet", "Chart"]}
WORKBOOKS = [path for path in FILES if path.suffix == ".xlsx"]
UNREADABLE = [path for path in WORKBOOKS if path.name not in OPTIONS]
_LOCATED = r"(file|rows? \d+|lines? \d+|document \d+|line \d+, column \d+)"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_located_failure(result: Result, path: Path) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert re.search(rf"{re.escape(str(path))}: {_LOCATED}", result.stderr), result.stderr


def test_the_corpus_is_small_and_complete() -> None:
    assert len(FILES) >= 30
    assert all(path.stat().st_size < 64 * 1024 for path in FILES)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_format_over_every_file(tmp_path: Path, path: Path, fmt: str) -> None:
    output = tmp_path / "results"
    result = run(
        "check", str(path), "--format", fmt, "-o", str(output), *OPTIONS.get(path.name, [])
    )
    assert_located_failure(result, path)
    assert output.stat().st_size > 0  # the results are still written


@pytest.mark.parametrize("path", WORKBOOKS, ids=[path.name for path in WORKBOOKS])
def test_mapping_init_says_why_a_workbook_cannot_be_read(path: Path) -> None:
    result = CliRunner().invoke(main, ["mapping", "init", str(path), *OPTIONS.get(path.name, [])])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.output
    assert f"{path}: file: " in result.stderr


@pytest.mark.parametrize("path", UNREADABLE, ids=[path.name for path in UNREADABLE])
def test_explain_says_why_a_workbook_cannot_be_read(path: Path) -> None:
    result = run("explain", str(path), "--rule", "stage1.respond", "--case", "A")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.output
    assert f"{path}: file: cannot be read as an Excel workbook: " in result.stderr


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("zip-bomb.xlsx", "more than 200 times over"),
        ("bad-cell-reference.xlsx", "'2B' is not a cell reference"),
        ("text-in-a-number-cell.xlsx", "cell D3 holds 'one' where it says it holds a number"),
        ("shared-text-out-of-range.xlsx", "cell A3 refers to shared text number 99"),
        ("truncated-sheet.xlsx", "not well-formed XML"),
        ("entities.xlsx", "declares a document type"),
        ("entities-after-a-comment.xlsx", "declares XML entities"),
        ("no-worksheet.xlsx", "it has no worksheet"),
        ("row-beyond-excel.xlsx", "row 2000000"),
        ("column-beyond-excel.xlsx", "column 16385"),
        ("damaged-zip.xlsx", "its zip archive is damaged"),
        ("encrypted.xlsx", "it is password-protected (encrypted)"),
        ("xls-named-xlsx.xlsx", "an old-style .xls workbook"),
        ("not-a-zip.xlsx", "not a zip archive"),
    ],
)
def test_a_workbook_that_cannot_be_read_says_why(name: str, reason: str) -> None:
    path = CORPUS / name
    result = run("check", str(path), "--format", "json")
    assert f"{path}: file: cannot be read as an Excel workbook: " in result.stderr
    assert reason in result.stderr


def test_a_chart_sheet_named_by_sheet_is_refused_by_name() -> None:
    path = CORPUS / "chart-sheet.xlsx"
    result = run("check", str(path), "--sheet", "Chart", "--format", "json")
    assert (
        "the sheet 'Chart' is a chart, not a sheet of rows; expected one of its sheets: 'Sheet'"
        in (result.stderr)
    )


def test_a_case_whose_workbook_breaks_off_is_not_checked_as_complete() -> None:
    path = CORPUS / "text-in-a-number-cell.xlsx"
    result = run("check", str(path), "--format", "json")
    assert f"{path}: row 2: case A: the file cannot be read past this row" in result.stderr


def test_the_workbooks_are_what_the_script_writes(tmp_path: Path) -> None:
    """The committed binaries are regenerated byte for byte (so they can be reviewed as code)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_workbooks", CORPUS / "make_workbooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, make in module.WORKBOOKS.items():
        assert make() == (CORPUS / name).read_bytes(), name
