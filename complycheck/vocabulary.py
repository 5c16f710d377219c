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
    "REFUSAL_GROUNDS",
    "WEIGHTS",
    "Finding",
    "Format",
    "Nation",
    "Redress",
    "RefusalGround",
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

#: Why a landlord refused to accept a complaint (``complaint_refused.ground``) or to escalate
#: it (``escalation_refused.ground``). The first four are exclusion grounds: the three the
#: 2024 Code lists as acceptable (2.2) and any other its published policy sets out. A
#: refusal on anything else rests on no exclusion ground at all (2024 2.1, 2022 5.9).
RefusalGround = Literal[
    "out_of_time",
    "legal_proceedings",
    "already_considered",
    "policy_exclusion",
    "not_an_exclusion",
]
REFUSAL_GROUNDS: dict[RefusalGround, str] = {
    "out_of_time": "the issue arose, and the resident became aware of it, too long before "
    "the complaint: more than 12 months before, under the 2024 Code",
    "legal_proceedings": "legal proceedings have started (a claim filed at court)",
    "already_considered": "the matter has already been considered under the complaints policy",
    "policy_exclusion": "another exclusion the landlord's published complaints policy sets out",
    "not_an_exclusion": "a reason that is not an exclusion ground (for example: the landlord "
    "considers the matter resolved, or the resident gave no new information)",
}
