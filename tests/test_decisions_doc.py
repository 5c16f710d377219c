"""User-facing text cites only the Code and the project's own docs: every "decisions.md §N"
in the package, the rulesets and the docs names docs/decisions.md and one of its sections."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DECISIONS = ROOT / "docs" / "decisions.md"
CITATION = re.compile(r"(\S*)decisions\.md(?: §(\d+))?")


def _sections() -> set[str]:
    return set(re.findall(r"^## (\d+)\. ", DECISIONS.read_text(encoding="utf-8"), re.MULTILINE))


def _files() -> list[Path]:
    found = [*(ROOT / "complycheck").rglob("*.py"), *(ROOT / "rulesets").glob("*.yaml")]
    found += [*(ROOT / "guidance").glob("*.yaml")]
    found += [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    return sorted(path for path in found if path != DECISIONS)


def test_the_sections_are_numbered_in_order() -> None:
    numbers = [int(n) for n in _sections()]
    assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_every_citation_names_the_shipped_doc_and_a_section_it_has() -> None:
    sections = _sections()
    cited = 0
    for path in _files():
        text = path.read_text(encoding="utf-8")
        for prefix, section in CITATION.findall(text):
            where = f"{path.relative_to(ROOT)}: {prefix}decisions.md §{section}"
            assert prefix.endswith("docs/") or prefix.endswith("(docs/"), where
            if section:
                assert section in sections, where
                cited += 1
    assert cited > 40


def test_reasoning_cites_the_doc_by_its_path() -> None:
    from datetime import date

    from complycheck import check
    from complycheck.models import Case

    case = Case.model_validate(
        {
            "id": "late-extension",
            "events": [
                {"date": "2024-06-03", "type": "complaint_received"},
                {"date": "2024-06-04", "type": "complaint_acknowledged", "stage": 1},
                {
                    "date": "2024-06-28",
                    "type": "extension_notified",
                    "stage": 1,
                    "extra_working_days": 5,
                },
                {"date": "2024-07-05", "type": "stage_response", "stage": 1},
            ],
        }
    )
    report = check(case, as_of=date(2024, 9, 1))
    respond = next(c for c in report.checks if c.rule == "stage1.respond")
    assert "does not cure the lateness (docs/decisions.md §4)" in respond.reasoning
