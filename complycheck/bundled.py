"""The bundled rulesets by name: where their files are and which ids (or edition years)
name one, read from the file names alone.

At the bottom of the package: the case format (:mod:`.models`) checks a case's ``code``
against these names without loading, or importing, the rulesets themselves.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


def rulesets_dir() -> Path:
    """Where the ruleset files are: inside the installed wheel, or the source tree's ``rulesets/``.

    The wheel carries them as ``complycheck/rulesets`` (hatch force-include); an editable
    install reads the repository's top-level ``rulesets/`` directly.
    """
    packaged = Path(__file__).parent / "rulesets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rulesets"


def list_rulesets() -> list[str]:
    """Ids of the bundled rulesets, newest edition first."""
    return sorted((p.stem for p in rulesets_dir().glob("*.yaml")), reverse=True)


def bundled_id(name: str) -> str | None:
    """The bundled ruleset ``name`` stands for: its id, or its edition year (``2022``, which
    is how people name the Code); ``None`` when no bundled ruleset has that name.

    This is all a case's ``code`` may name: a path there would let a case file choose the
    rules it is graded by.
    """
    known = _bundled_ids()
    if name.isdigit() and f"hos-chc-{name}" in known:
        return f"hos-chc-{name}"
    return name if name in known else None


@lru_cache(maxsize=1)
def _bundled_ids() -> frozenset[str]:
    return frozenset(list_rulesets())
