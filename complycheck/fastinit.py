"""A faster ``__init__`` for the frozen slots dataclasses built once per rule per case.

A frozen dataclass's generated ``__init__`` stores each field with ``object.__setattr__``
(the class's own ``__setattr__`` refuses), a generic attribute store that costs about a
quarter of a microsecond per field. ``check()`` builds an outcome and a check for every
rule of every case, and spans and clocks for many, so those stores were a fifth of its
time. :func:`fast_init` stores through each slot's own descriptor instead, which skips the
generic lookup: the class is called exactly as before and stays frozen (assigning to a
field still raises).
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")

_MISSING = object()


def fast_init(cls: type[T]) -> type[T]:
    """Replace the ``__init__`` of frozen slots dataclass ``cls`` with one that has the same
    parameters and defaults but fills the slots directly.

    Only plain fields are supported (no ``init=False``, ``kw_only`` or ``__post_init__``):
    anything else is a programming error, reported when the class is defined.
    """
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a frozen slots dataclass")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__, which fast_init would skip")
    namespace: dict[str, object] = {"_MISSING": _MISSING}
    signature: list[str] = []
    body: list[str] = []
    for number, field in enumerate(dataclasses.fields(cls)):  # type: ignore[arg-type]
        if not field.init or field.kw_only is True:
            raise TypeError(f"{cls.__name__}.{field.name}: fast_init takes plain fields only")
        name = field.name
        namespace[f"S{number}"] = cls.__dict__[name].__set__
        value = name
        if field.default is not dataclasses.MISSING:
            namespace[f"D{number}"] = field.default
            signature.append(f"{name}=D{number}")
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"F{number}"] = field.default_factory
            signature.append(f"{name}=_MISSING")
            value = f"F{number}() if {name} is _MISSING else {name}"
        else:
            signature.append(name)
        body.append(f"    S{number}(self, {value})")
    # Field names are identifiers from our own class definitions, never from input.
    exec(f"def __init__(self, {', '.join(signature)}):\n" + "\n".join(body), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    setattr(cls, "__init__", init)  # noqa: B010 - mypy refuses assigning to a method
    return cls
