"""The registry of check kinds a ruleset may name: what each computes (its parameters, which
a ruleset file gives, are described in :mod:`complycheck.rule_params`)."""

from __future__ import annotations

from ..rule_params import Params
from .action_updates import ActionUpdates
from .actions import ActionsCompleted
from .base import CheckKind, Outcome
from .deadline import Deadline
from .escalation import EscalationWithoutReasons, ServiceRequestConverted
from .extension import ExtensionCap
from .flags import FlagsRequired
from .grounds import GroundAllowed
from .informed import KeptInformed
from .late_extension import ExtensionInTime
from .sequence import StageNotSkipped
from .stages import DifferentHandler, MaxStages, NoEvent

#: Each kind by its name; its parameters are :data:`complycheck.rule_params.PARAMS`'s.
CHECK_KINDS: dict[str, CheckKind] = {
    kind.name: kind
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
