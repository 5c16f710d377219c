"""fast_init keeps a frozen slots dataclass's constructor and frozenness, only faster."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from complycheck.fastinit import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class _Sample:
    name: str
    count: int = 1
    items: list[int] = field(default_factory=list)


def test_same_constructor_and_defaults() -> None:
    assert _Sample("a") == _Sample(name="a", count=1, items=[])
    assert _Sample("a", 2, [3]).items == [3]
    assert _Sample("a").items is not _Sample("a").items  # a fresh default each time
    with pytest.raises(TypeError):
        _Sample()  # type: ignore[call-arg]


def test_still_frozen() -> None:
    sample = _Sample("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        sample.name = "b"  # type: ignore[misc]


def test_refuses_what_it_would_get_wrong() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        name: str

    @dataclass(frozen=True, slots=True)
    class PostInit:
        name: str

        def __post_init__(self) -> None:
            pass

    for cls in (NoSlots, PostInit):
        with pytest.raises(TypeError):
            fast_init(cls)
