"""The fixed words of the command line and the output contracts: findings, nations, formats.

They live in a module that imports nothing, so that ``complycheck --help`` can offer them as
choices without loading the checker (pydantic models, rulesets, bank-holiday tables).
:mod:`.rulesets`, :mod:`.workdays` and :mod:`.render` re-export them where they belong.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "FINDINGS",
    "FORMATS",
    "NATIONS",
    "WEIGHTS",
    "Finding",
    "Format",
    "Nation",
    "Redress",
    "Weight",
]

Finding = Literal[
    "no_maladministration",
    "reasonable_redress",
    "service_failure",
    "maladministration",
    "severe_maladministration",
]
#: Findings from least to most serious: the order ``--fail-on`` compares against.
FINDINGS: tuple[Finding, ...] = (
    "no_maladministration",
    "reasonable_redress",
    "service_failure",
    "maladministration",
    "severe_maladministration",
)

#: How heavy a breach is, from least to most serious (docs/decisions.md §6 step 1).
Weight = Literal["technical", "minor", "significant", "extreme"]
WEIGHTS: tuple[Weight, ...] = ("technical", "minor", "significant", "extreme")
#: How far the landlord put a breach right (step 2).
Redress = Literal["full", "partial", "none"]

Nation = Literal["england", "wales", "scotland", "northern-ireland"]
NATIONS: tuple[Nation, ...] = ("england", "wales", "scotland", "northern-ireland")

Format = Literal["text", "json", "jsonl", "breaches", "markdown", "csv", "junit"]
FORMATS: tuple[Format, ...] = ("text", "json", "jsonl", "breaches", "markdown", "csv", "junit")
