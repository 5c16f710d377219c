"""The built-in engine: decision tables evaluated in Python. The default and the reference,
because it has no native dependency and runs on every Python complycheck supports."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import date

from ..evaluate import evaluate
from ..models import Case
from ..results import Report
from ..rulesets import Ruleset
from ..tables import Decider, PythonDecider


class BuiltinEngine:
    name = "builtin"

    def __init__(self) -> None:
        self._decider = PythonDecider()

    def check(
        self,
        case: Case,
        ruleset: str | Ruleset | None,
        as_of: date | None,
        guidance: str | None = None,
    ) -> Report:
        return evaluate(case, ruleset, as_of, self._session, self.name, guidance)

    def _session(self, ruleset: Ruleset, case: Case) -> AbstractContextManager[Decider]:
        return nullcontext(self._decider)
