"""The engines, by name: each is only a decider, the one thing that picks a table row.

"builtin" evaluates the decision tables in Python (:class:`~complycheck.tables.PythonDecider`)
and is the default and the reference; "durable" posts the same tables' facts to
durable-rules (an optional extra, CPython < 3.13; :mod:`.durable`). Everything else about
a case, its facts, weights, finding and words, is :mod:`.evaluate`'s and the same for both,
so their reports differ only in the ``engine`` field (``tests/test_engines_differential.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from ..errors import EngineUnavailableError
from ..models import Case
from ..rulesets import Ruleset
from ..tables import Decider, PythonDecider

ENGINES: tuple[str, ...] = ("builtin", "durable")

#: Opens the decider for one case under one ruleset (and closes it, e.g. a durable session).
Session = Callable[[Ruleset, Case], AbstractContextManager[Decider]]

_BUILTIN = PythonDecider()


def _builtin(ruleset: Ruleset, case: Case) -> AbstractContextManager[Decider]:
    return nullcontext(_BUILTIN)


def get_engine(name: str) -> Session:
    """The sessions of the engine called ``name``; durable-rules is imported only when asked."""
    if name == "builtin":
        return _builtin
    if name == "durable":
        from .durable import durable_engine

        return durable_engine().session
    raise EngineUnavailableError(
        f"unknown engine {name!r}; the engines are {', '.join(map(repr, ENGINES))}"
    )
