"""Remedies guidance: one data file per edition of the Ombudsman's guidance, chosen by date.

The Code applies by the date the complaint was made; the Ombudsman's remedies and
compensation guidance is its casework guidance, which it applies when it decides. So an
edition is chosen by the assessment date (``--as-of``), not by the Code's edition: a
complaint made in 2023 and assessed in mid-2026 is judged on the 2022 Code and the 2026
compensation guidance (docs/decisions.md §7). Each file holds impact bands and the rows that
pick one from the breaches' weight and duration; only this module reads them, and it
validates them fully at load time.
"""

from __future__ import annotations

import difflib
import hashlib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .dates import human_date
from .errors import ComplycheckError
from .rulesets import WEIGHTS, Weight
from .vocabulary import Finding

try:  # as for the rulesets: libyaml's loader is much faster
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

#: the least sum a band may start at: compensation below it is never a "band"
LOWEST_BAND_GBP = 50.0


class GuidanceError(ComplycheckError):
    """A guidance file is not valid: names the file and the key."""

    def __init__(self, message: str, *, path: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


class UnknownGuidanceError(ComplycheckError):
    """A guidance id that does not exist; lists the valid ones."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        self.known = known
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        super().__init__(f"unknown guidance {name!r}; known guidance: {', '.join(known)}.{hint}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Band(_Strict):
    """A compensation band, described by the impact on the resident it is for."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    min_gbp: Annotated[float, Field(ge=LOWEST_BAND_GBP)]
    max_gbp: float | None
    impact: str
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> Band:
        if self.max_gbp is not None and self.max_gbp <= self.min_gbp:
            raise ValueError(f"band {self.id}: max_gbp must be above min_gbp (or null)")
        return self


class ImpactWhen(_Strict):
    """The conditions of an impact row: the heaviest weight, and optionally a long delay."""

    weight: Weight
    late_at_least: Annotated[int, Field(ge=1)] | None = None


class ImpactRow(_Strict):
    band: str
    when: ImpactWhen


class GuidanceSpec(_Strict):
    """A whole guidance file, validated."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    title: str
    edition: str
    effective_from: date | None = None
    effective_to: date | None = None
    source: str
    confirmed: bool = False
    note: str | None = None
    compensation_for: list[Finding]
    bands: list[Band]
    impact: list[ImpactRow]

    @model_validator(mode="after")
    def _complete(self) -> GuidanceSpec:
        ids = [band.id for band in self.bands]
        if len(set(ids)) != len(ids):
            raise ValueError("bands: duplicate band id")
        for row in self.impact:
            if row.band not in ids:
                raise ValueError(f"impact: unknown band {row.band!r}; bands: {', '.join(ids)}")
        for weight in WEIGHTS[1:]:  # a technical breach alone earns no band
            if not any(
                r.when.weight == weight and r.when.late_at_least is None for r in self.impact
            ):
                raise ValueError(f"impact: no row picks a band for every {weight} breach")
        return self

    def band(self, band_id: str) -> Band:
        return next(band for band in self.bands if band.id == band_id)

    def pick(self, weight: Weight, late: int) -> Band | None:
        """The band for the heaviest standing weight and the longest delay (None: technical)."""
        for row in self.impact:
            if row.when.weight == weight and late >= (row.when.late_at_least or 0):
                return self.band(row.band)
        return None


class Guidance:
    """A loaded guidance edition: the validated spec plus where it came from and its hash."""

    def __init__(self, spec: GuidanceSpec, path: Path, sha256: str) -> None:
        self.spec = spec
        self.path = path
        self.sha256 = sha256

    @property
    def id(self) -> str:
        return self.spec.id

    def __repr__(self) -> str:
        return f"Guidance({self.id!r})"


def guidance_dir() -> Path:
    """Inside the installed wheel (``complycheck/guidance``), or the source tree's ``guidance/``."""
    packaged = Path(__file__).parent / "guidance"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "guidance"


def list_guidance() -> list[str]:
    """Ids of the bundled guidance editions, newest first."""
    return [spec.id for spec in reversed(_editions())]


@lru_cache(maxsize=8)
def load_guidance(guidance_id: str) -> Guidance:
    """Load and validate a bundled guidance edition by id."""
    path = guidance_dir() / f"{guidance_id}.yaml"
    known = sorted(p.stem for p in guidance_dir().glob("*.yaml"))
    if guidance_id not in known:
        raise UnknownGuidanceError(guidance_id, known)
    raw = path.read_bytes()
    try:
        data = yaml.load(raw, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise GuidanceError(f"not valid YAML: {exc}", path=str(path)) from None
    try:
        spec = GuidanceSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"])
        message = f"{loc}: {first['msg']}" if loc else first["msg"]
        raise GuidanceError(message, path=str(path)) from None
    return Guidance(spec, path, hashlib.sha256(raw).hexdigest())


@lru_cache(maxsize=1)
def _editions() -> tuple[GuidanceSpec, ...]:
    """The bundled editions, oldest first (one with no start date is the oldest)."""
    specs = [load_guidance(p.stem).spec for p in guidance_dir().glob("*.yaml")]
    return tuple(sorted(specs, key=lambda s: s.effective_from or date.min))


@lru_cache(maxsize=4096)
def select_guidance(assessed: date) -> tuple[str, str]:
    """The edition in force on the assessment date, and why (cached: it runs once per case)."""
    specs = _editions()
    when = human_date(assessed)
    for spec in specs:
        started = spec.effective_from is None or assessed >= spec.effective_from
        if started and (spec.effective_to is None or assessed <= spec.effective_to):
            return spec.id, _why(spec, when)
    raise GuidanceError(f"no guidance edition covers {when}", path=str(guidance_dir()))


def _why(spec: GuidanceSpec, assessed: str) -> str:
    text = f"{spec.edition}: assessed as of {assessed}"
    if spec.effective_from is not None:
        text += f", on or after {human_date(spec.effective_from)}"
    if spec.effective_to is not None:
        successor = spec.effective_to + timedelta(days=1)
        text += f", before the next edition took effect on {human_date(successor)}"
    return text + " (the Ombudsman applies the guidance in force when it decides)"


def given_why(guidance: Guidance) -> str:
    """The reason when the caller chose the edition (``--guidance``)."""
    return f"{guidance.spec.edition}: guidance {guidance.id} given by the caller"
