"""Tenant Satisfaction Measures CH01 and CH02, with every contested reading named.

CH01: stage 1 and stage 2 complaints received per 1,000 homes. CH02: the share of stage 1
and stage 2 complaints responded to within the Code's timescales. The regulator's counting
rules are not all settled and landlords read them differently, so CH02 is worked out under
each :class:`Ch02Basis` and printed with it; docs/decisions.md §12 explains the
default.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Any, Literal

__all__ = [
    "CH02_BASES",
    "DEFAULT_BASIS",
    "TENURES",
    "Ch02Basis",
    "Ratio",
    "TsmFigures",
    "tenure_class",
]

Count = Literal["responded", "received"]
Extensions = Literal["allowed", "strict"]
Chain = Literal["response", "whole_chain"]
#: The tenure classes the regulator reports separately; anything else is "unclassified".
Tenure = Literal["LCRA", "LCHO", "unclassified"]
TENURES: tuple[Tenure, ...] = ("LCRA", "LCHO", "unclassified")

#: Words in a tenure cell that place it; matched on lower case, LCHO first because
#: "shared ownership" tenancies are also "assured" in some exports.
_TENURE_WORDS: tuple[tuple[Tenure, tuple[str, ...]], ...] = (
    ("LCHO", ("lcho", "shared ownership", "low cost home ownership", "low-cost home ownership")),
    (
        "LCRA",
        (
            "lcra",
            "low cost rental",
            "low-cost rental",
            "general needs",
            "supported",
            "intermediate rent",
            "temporary",
            "assured",
            "secure",
            "affordable rent",
            "social rent",
            "starter",
            "introductory",
            "flexible",
            "fixed term",
            "fixed-term",
        ),
    ),
)


def tenure_class(cell: object) -> Tenure:
    """LCRA, LCHO or unclassified, from a tenure column's cell."""
    text = str(cell).strip().lower() if cell is not None else ""
    for tenure, words in _TENURE_WORDS:
        if any(word in text for word in words):
            return tenure
    return "unclassified"


@dataclass(frozen=True, slots=True)
class Ch02Basis:
    """One reading of CH02.

    ``count``: ``responded`` counts the responses made in the period; ``received`` counts
    the complaints received in the period (at that stage) whose response was made or is
    overdue. ``extensions``: ``allowed`` counts a response inside a notified extension
    within the Code's cap as on time; ``strict`` holds it to the original deadline.
    ``chain``: ``response`` looks at the response alone; ``whole_chain`` also needs the
    acknowledgement to have been in time.
    """

    count: Count
    extensions: Extensions
    chain: Chain

    @property
    def name(self) -> str:
        return f"{self.count}/{self.extensions}/{self.chain}".replace("_", "-")

    @classmethod
    def parse(cls, text: str) -> Ch02Basis:
        for basis in CH02_BASES:
            if basis.name == text:
                return basis
        raise ValueError(
            f"{text!r} is not a CH02 basis; expected one of "
            + ", ".join(basis.name for basis in CH02_BASES)
        )


_COUNTS: tuple[Count, ...] = ("responded", "received")
_EXTENSIONS: tuple[Extensions, ...] = ("allowed", "strict")
_CHAINS: tuple[Chain, ...] = ("response", "whole_chain")
CH02_BASES: tuple[Ch02Basis, ...] = tuple(
    Ch02Basis(count, extensions, chain)
    for count, extensions, chain in product(_COUNTS, _EXTENSIONS, _CHAINS)
)
#: Why this one: docs/decisions.md §12.
DEFAULT_BASIS = CH02_BASES[0]


@dataclass(frozen=True, slots=True)
class Ratio:
    """A figure with the counts it is made of: ``numerator`` of ``denominator``."""

    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        """The fraction, or None when there is nothing to divide by."""
        return self.numerator / self.denominator if self.denominator else None

    def per(self, scale: int) -> float | None:
        value = self.value
        return None if value is None else value * scale

    def to_dict(self, scale: int = 1) -> dict[str, Any]:
        value = self.per(scale)
        return {
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "value": None if value is None else round(value, 4),
        }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True, slots=True)
class TsmFigures:
    """CH01 and CH02 for one tenure class (or all homes: ``tenure`` None)."""

    tenure: Tenure | None
    homes: int | None
    #: stage 1 and stage 2 complaints received, per 1,000 homes (None without a home count)
    ch01: tuple[Ratio, Ratio] | None
    #: per basis, stage 1 and stage 2 responded to in time
    ch02: tuple[tuple[Ch02Basis, tuple[Ratio, Ratio]], ...]

    def ch02_for(self, basis: Ch02Basis) -> tuple[Ratio, Ratio]:
        return next(ratios for each, ratios in self.ch02 if each == basis)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tenure": self.tenure,
            "homes": self.homes,
            "ch01_per_1000_homes": None
            if self.ch01 is None
            else {f"stage{n}": r.to_dict(1000) for n, r in enumerate(self.ch01, start=1)},
            "ch02": [
                {
                    "basis": basis.name,
                    "default": basis == DEFAULT_BASIS,
                    **{f"stage{n}": r.to_dict() for n, r in enumerate(ratios, start=1)},
                }
                for basis, ratios in self.ch02
            ],
        }
