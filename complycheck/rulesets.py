"""Rulesets: one data file per edition of the Complaint Handling Code.

A ruleset file declares rules (provision, title, the named check kind it performs and that
kind's parameters), the weight scales of docs/decisions.md §6 step 1 and the determination
table; compensation bands are the remedies guidance's (:mod:`.guidance`). Only this module
reads ruleset files, and it validates them fully at load time (unknown keys, unknown check
kinds, unknown weights, duplicate ids), so a bad ruleset fails before any case is checked,
never half-way through a log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .bundled import bundled_id as bundled_id
from .bundled import list_rulesets as list_rulesets
from .bundled import rulesets_dir as rulesets_dir
from .dates import human_date
from .errors import RulesetError, UnknownRulesetError, one_of, quoted, suggest
from .rule_params import PARAMS
from .vocabulary import FINDINGS as FINDINGS
from .vocabulary import WEIGHTS as WEIGHTS
from .vocabulary import Finding as Finding
from .vocabulary import Redress as Redress
from .vocabulary import Weight as Weight
from .weighing import validate_conditions

try:  # libyaml's loader reads the bundled rulesets several times faster: start-up time
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]


class _Strict(BaseModel):
    # built when the first ruleset is read, once, not per nested model at import
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RuleSpec(_Strict):
    """One rule: a duty of one provision of one edition, checked by a named kind."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_.]+$")]
    provision: str
    title: str
    check: str
    params: dict[str, Any] = Field(default_factory=dict)
    weight: str
    #: The lowest stage whose responses answer a breach of this rule (their apology,
    #: acknowledgement and offer count as its redress): the stage whose handling it judges.
    #: A response never answers a later stage's breaches. None: no complaint response
    #: answers it (a promise broken after the responses that made it). A ruleset that leaves
    #: it out lets every stage's responses answer the rule (1); the bundled ones say it.
    redress_from_stage: Annotated[int, Field(ge=1, le=3)] | None = 1
    action: str | None = None
    source: str
    confirmed: bool = True
    note: str | None = None


class WeightRow(_Strict):
    """A row of a weight scale: the first row whose conditions all hold gives the weight."""

    weight: Weight
    when: dict[str, Any] = Field(default_factory=dict)


class FindingRow(_Strict):
    full: Finding
    partial: Finding
    none: Finding


class DeterminationSpec(_Strict):
    """docs/decisions.md §6 as data: raising rule, redress floors and the finding table."""

    raise_when_minor_at_least: int = 3
    redress_floor_gbp: dict[Weight, float]
    table: dict[Literal["none", "technical", "minor", "significant", "extreme"], FindingRow]

    @model_validator(mode="after")
    def _complete(self) -> DeterminationSpec:
        missing = {"none", *WEIGHTS} - set(self.table)
        if missing:
            raise ValueError(f"determination.table lacks rows for {sorted(missing)}")
        return self


class RulesetSpec(_Strict):
    """A whole ruleset file, validated."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$")]
    title: str
    edition: str
    nation: Literal["england"] = "england"
    effective_from: date
    #: why ``effective_from`` is that day, where no source gives it (a project choice)
    effective_from_note: str | None = None
    effective_to: date | None = None
    source: str
    rules: list[RuleSpec]
    weight_scales: dict[str, list[WeightRow]]
    determination: DeterminationSpec

    @model_validator(mode="before")
    @classmethod
    def _no_remedies(cls, data: Any) -> Any:
        """Compensation bands moved to the guidance files: say so, rather than 'extra key'."""
        if isinstance(data, dict) and "remedies" in data:
            raise ValueError(
                "remedies: compensation bands are no longer part of a ruleset; they follow "
                "the Ombudsman's remedies guidance in force on the assessment date "
                "(docs/decisions.md §7, `complycheck rules` lists the editions): remove "
                "this section"
            )
        return data


class Ruleset:
    """A loaded ruleset: the validated spec plus where it came from and its hash.

    ``custom`` is the file as the caller named it when it is not one of the bundled
    editions. Such a file's own ``id:`` may say anything (``hos-chc-2024`` with limits of
    400 days), so reports never name it by that id: they name it by :attr:`label`.
    """

    def __init__(
        self,
        spec: RulesetSpec,
        path: Path,
        sha256: str,
        params: dict[str, Any],
        *,
        custom: str | None = None,
    ) -> None:
        self.spec = spec
        self.path = path
        self.sha256 = sha256
        self.custom = custom
        self.rules = {rule.id: rule for rule in spec.rules}
        #: each rule's parameters, parsed into its kind's model once, at load time
        self.params = params

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def label(self) -> str:
        """How a report names this ruleset: a bundled edition by its id, any other file as
        "custom ruleset FILE, sha256 ...", which no one can take for the Code."""
        if self.custom is None:
            return self.spec.id
        return f"custom ruleset {self.custom}, sha256 {self.sha256}"

    def __repr__(self) -> str:
        return f"Ruleset({self.id!r})"


@lru_cache(maxsize=32)
def load_ruleset(name_or_path: str) -> Ruleset:
    """Load and validate a ruleset by id (``hos-chc-2022``), edition year (``2022``) or path.

    A path is for the caller (``--ruleset FILE``, the API), never for a case: a file that
    is not one of the bundled editions is loaded as a custom ruleset and reported as such.
    """
    path = Path(name_or_path)
    custom: str | None = None
    if path.suffix in (".yaml", ".yml") and path.exists():
        custom = None if _is_bundled_file(path) else name_or_path
    else:
        found = bundled_id(name_or_path)
        if found is None:
            known = list_rulesets()
            raise UnknownRulesetError(name_or_path, known, suggest(name_or_path, known))
        path = rulesets_dir() / f"{found}.yaml"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulesetError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from None
    try:
        data = yaml.load(raw, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise RulesetError(f"not valid YAML: {exc}", path=str(path)) from None
    if not isinstance(data, dict):
        raise RulesetError("a ruleset file must be a mapping with id, rules, ...", path=str(path))
    try:
        spec = RulesetSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"])
        rule_id = _rule_id_at(data, first["loc"])
        raise RulesetError(f"{loc}: {first['msg']}", path=str(path), rule_id=rule_id) from None
    params = _cross_check(spec, path)
    return Ruleset(spec, path, hashlib.sha256(raw).hexdigest(), params, custom=custom)


def _is_bundled_file(path: Path) -> bool:
    bundled = rulesets_dir() / path.name
    try:
        return bundled.exists() and path.samefile(bundled)
    except OSError:
        return False


def _rule_id_at(data: dict[str, Any], loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        if loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rule_id = rules[loc[1]].get("id")
            return str(rule_id) if rule_id is not None else None
    return None


def _cross_check(spec: RulesetSpec, path: Path) -> dict[str, Any]:
    """What a schema cannot say: ids unique, kinds and weights known, parameters valid.

    Returns each rule's parsed parameters so that nothing is parsed again per case.
    """
    seen: set[str] = set()
    params: dict[str, Any] = {}
    for rule in spec.rules:
        if rule.id in seen:
            raise RulesetError("duplicate rule id", path=str(path), rule_id=rule.id)
        seen.add(rule.id)
        kind = PARAMS.get(rule.check)
        if kind is None:
            raise RulesetError(
                f"unknown check kind {quoted(rule.check)}; expected "
                + one_of(rule.check, sorted(PARAMS)),
                path=str(path),
                rule_id=rule.id,
            )
        try:
            params[rule.id] = kind.model_validate(rule.params)
        except (ValidationError, ValueError) as exc:
            raise RulesetError(f"params: {exc}", path=str(path), rule_id=rule.id) from None
        referenced = rule.params.get("deadline_rule")
        if referenced is not None and referenced not in seen - {rule.id}:
            raise RulesetError(
                f"params.deadline_rule {referenced!r} must name a rule earlier in the file",
                path=str(path),
                rule_id=rule.id,
            )
        if referenced is not None:
            _same_cap(rule.id, rule.params.get("cap"), params[referenced], referenced, path)
        if rule.weight not in WEIGHTS and rule.weight not in spec.weight_scales:
            raise RulesetError(
                f"weight {rule.weight!r} is neither a weight ({', '.join(WEIGHTS)}) "
                f"nor a weight scale of this file ({', '.join(spec.weight_scales)})",
                path=str(path),
                rule_id=rule.id,
            )
    for name, rows in spec.weight_scales.items():
        try:
            for row in rows:
                validate_conditions(row.when)
        except ValueError as exc:
            raise RulesetError(f"weight_scales.{name}: {exc}", path=str(path)) from None
        if rows[-1].when:
            raise RulesetError(
                f"weight_scales.{name}: the last row must have no conditions (the default)",
                path=str(path),
            )
    return params


def _same_cap(rule_id: str, cap: Any, deadline_params: Any, deadline_id: str, path: Path) -> None:
    """A cap rule and the deadline it caps must agree on the cap (docs/decisions.md §4): the one
    flags the extension, the other stops the deadline at the cap."""
    deadline_cap = getattr(deadline_params, "extension_cap", None)
    if cap is not None and deadline_cap != cap:
        raise RulesetError(
            f"params.cap {cap} must equal params.extension_cap of {deadline_id!r} ({deadline_cap})",
            path=str(path),
            rule_id=rule_id,
        )


def _editions() -> Iterator[RulesetSpec]:
    """The bundled editions, newest first, each read only when it is reached.

    A complaint is almost always under the newest edition or the one before it, and
    reading an edition's file costs a one-case check more than checking the case; the
    editions follow one another without gap or overlap (tests/test_rulesets.py), so the
    first that covers a day is the one in force.
    """
    return (load_ruleset(ruleset_id).spec for ruleset_id in list_rulesets())


@lru_cache(maxsize=4096)
def select_ruleset(received: date, shown: str | None = None) -> tuple[str, str]:
    """docs/decisions.md §1: the edition in force on the date the complaint was received, and why.

    ``shown`` is how the reason names the receipt date (e.g. "some day in Apr 2023" for a
    month-only date); by default the day itself. Cached: it runs once per case, and a log's
    cases share a few thousand received dates.
    """
    when = shown or human_date(received)
    for spec in _editions():
        if received >= spec.effective_from and (
            spec.effective_to is None or received <= spec.effective_to
        ):
            return spec.id, _why(spec, when)
    first = min(_editions(), key=lambda spec: spec.effective_from)
    return first.id, (
        f"{first.edition} Code: complaint received {when}, before the first "
        f"Code took effect on {human_date(first.effective_from)}; the earliest edition is applied"
    )


def _why(spec: RulesetSpec, received: str) -> str:
    text = (
        f"{spec.edition} Code: complaint received {received}, on or after "
        f"{human_date(spec.effective_from)}"
    )
    if spec.effective_to is not None:
        successor_starts = spec.effective_to + timedelta(days=1)
        text += f" and before the next edition took effect on {human_date(successor_starts)}"
    return text
