"""What the record says of the landlord's apologies, and of their quality.

The Ombudsman asks for apologies that are specific to the failings, given by a suitably
senior person, and timely (its apologies guidance, and orders since late 2025). A case may
record each as an optional flag on a stage response; a flag not recorded is unknown, so
the reasoning says the apology's quality was not assessed rather than judging it
(docs/decisions.md §7).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .context import Ev

#: the quality flags of a stage response, and how a sentence names each one's absence
QUALITIES: tuple[tuple[str, str], ...] = (
    ("apology_specific", "not specific to them"),
    ("apology_senior", "not from a senior member of staff"),
    ("apology_timely", "not timely"),
)


@dataclass(frozen=True, slots=True)
class Apologies:
    """The apologies that answer a breach: whether any, what a poor one lacked, and which
    ones the record leaves unassessed."""

    given: bool
    lacking: str
    unassessed: tuple[Ev, ...]


#: the two answers that say nothing more, made once (a frozen record costs to build)
_NONE = Apologies(False, "", ())
_ANSWERED = Apologies(True, "", ())


def apologies_in(responses: Sequence[Ev]) -> Apologies:
    """Apologies in the responses that answer a breach (determination.answering_responses:
    those of its stage and later ones; an apology for a later stage cannot answer it).

    One apology recorded with every quality answers the breach. Where every apology is
    recorded as lacking a quality, ``lacking`` says what the latest lacked. Otherwise the
    apologies whose qualities are not all recorded are ``unassessed``.
    """
    given = False
    latest_poor: list[bool | None] = []
    unassessed: list[Ev] = []
    for ev in responses:
        if ev.event.apology is not True:
            continue
        given = True
        flags = [getattr(ev.event, name) for name, _ in QUALITIES]
        if False in flags:
            latest_poor = flags
        elif None in flags:
            unassessed.append(ev)
        else:  # every quality recorded: this one answers the breach, whatever the others
            return _ANSWERED
    if not given:
        return _NONE
    if unassessed:
        return Apologies(True, "", tuple(unassessed))
    words = [
        words for (_, words), flag in zip(QUALITIES, latest_poor, strict=True) if flag is False
    ]
    return Apologies(True, " and ".join(words), ())
