"""The registry of check kinds a ruleset may name."""

from __future__ import annotations

from typing import Any

from .action_updates import ActionUpdates
from .actions import ActionsCompleted
from .base import CheckKind, Outcome, Params
from .deadline import Deadline
from .escalation import EscalationWithoutReasons, ServiceRequestConverted
from .extension import ExtensionCap
from .flags import FlagsRequired
from .grounds import GroundAllowed
from .informed import KeptInformed
from .late_extension import ExtensionInTime
from .sequence import StageNotSkipped
from .stages import DifferentHandler, MaxStages, NoEvent


class _Registered:
    """A kind plus a parser for its parameters (validated once, at ruleset load)."""

    def __init__(self, kind: CheckKind) -> None:
        self.kind = kind

    def parse_params(self, raw: dict[str, Any]) -> Params:
        return self.kind.params_model.model_validate(raw)


CHECK_KINDS: dict[str, _Registered] = {
    kind.name: _Registered(kind)
    for kind in (
        Deadline(),
        ExtensionCap(),
        FlagsRequired(),
        NoEvent(),
        MaxStages(),
        DifferentHandler(),
        EscalationWithoutReasons(),
        ServiceRequestConverted(),
        ActionsCompleted(),
        StageNotSkipped(),
        GroundAllowed(),
        KeptInformed(),
        ActionUpdates(),
        ExtensionInTime(),
    )
}

__all__ = ["CHECK_KINDS", "CheckKind", "Outcome", "Params"]
