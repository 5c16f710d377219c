"""The errors complycheck raises, and the located description of a bad input.

The library raises and never prints or exits; only the CLI maps errors to exit codes
(2 for anything in this module). Every message names where the problem is (file, case,
row or event, field), what is wrong and what would be valid, because the people who read
them are complaints officers fixing an export, not Python programmers.
"""

from __future__ import annotations

import reprlib
from collections.abc import Sequence
from dataclasses import dataclass

#: How much of a value from the input a message echoes: enough to find it, and bounded,
#: since the value may be a 30,000-character cell or the expansion of a YAML alias.
ECHO_LIMIT = 80
#: A whole message is bounded too, for the builders that quote a value with ``!r``.
_MESSAGE_LIMIT = 400
_BOUNDED = reprlib.Repr()
_BOUNDED.maxstring = _BOUNDED.maxother = ECHO_LIMIT


def shown(value: object, limit: int = ECHO_LIMIT) -> str:
    """``value`` as a message echoes it: its text, cut to ``limit`` characters with "…".

    A list or mapping is written by :mod:`reprlib`, which stops after a few items and
    levels, so echoing a huge nested value costs no more than echoing a small one.
    """
    text = value if isinstance(value, str) else _BOUNDED.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(value: object) -> str:
    """``value`` in quotes, as a message names it: ``'Stage 1 respnse'``, cut as :func:`shown`."""
    return repr(shown(value))


def suggest(value: str, allowed: Sequence[str]) -> str | None:
    """The allowed value ``value`` was most likely meant to be, if one is close."""
    import difflib  # only when a message is written: the command line starts without it

    close = difflib.get_close_matches(value, list(allowed), n=1)
    return close[0] if close else None


def one_of(value: str, allowed: Sequence[str]) -> str:
    """What was expected instead of ``value``, as the end of a sentence:
    "one of a, b, c; did you mean 'b'?" (the suggestion only when one is close)."""
    hint = suggest(value, allowed)
    listed = f"one of {', '.join(allowed)}"
    return f"{listed}; did you mean {quoted(hint)}?" if hint else listed


@dataclass(frozen=True, slots=True)
class InputIssue:
    """One problem with the input, located as precisely as the input allows.

    Whatever it echoes of the input is bounded here, in the one place every located error
    is made: the value and field are cut to :data:`ECHO_LIMIT` characters and the message
    to a few hundred, so no input can make a message huge.
    """

    message: str
    source: str | None = None
    case_id: str | None = None
    location: str | None = None
    field: str | None = None
    value: str | None = None
    expected: str | None = None

    def __post_init__(self) -> None:
        if len(self.message) > _MESSAGE_LIMIT:
            object.__setattr__(self, "message", shown(self.message, _MESSAGE_LIMIT))
        for name in ("field", "value"):
            text = getattr(self, name)
            if text is not None and len(text) > ECHO_LIMIT:
                object.__setattr__(self, name, shown(text))

    def __str__(self) -> str:
        where = [part for part in (self.source, self.location) if part]
        if self.case_id is not None:
            where.append(f"case {shown(self.case_id)}")
        if self.field:
            where.append(self.field)
        text = self.message
        if self.value is not None and self.value not in text:
            text = f"{text} (got {self.value!r})"
        if self.expected:
            text = f"{text}; expected {self.expected}"
        return f"{': '.join(where)}: {text}" if where else text

    def to_dict(self) -> dict[str, str]:
        return {
            key: value
            for key in ("message", "source", "case_id", "location", "field", "value", "expected")
            if (value := getattr(self, key)) is not None
        }


class ExpectedValueError(ValueError):
    """A model validator's verdict on a value, with what would be valid instead.

    pydantic keeps the raised error in the validation error's context, so
    :mod:`complycheck.validation` can put ``expected`` in the located issue's own field.
    """

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.expected = expected


class ComplycheckError(Exception):
    """Base class of every error complycheck raises on purpose."""


class InputError(ComplycheckError):
    """The input (a case, a file, a log row) is not valid; carries every issue found."""

    def __init__(self, issues: list[InputIssue] | tuple[InputIssue, ...]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


class RulesetError(ComplycheckError):
    """A ruleset file is not valid: names the file, the rule and the key."""

    def __init__(
        self, message: str, *, path: str | None = None, rule_id: str | None = None
    ) -> None:
        self.path = path
        self.rule_id = rule_id
        where = ": ".join(part for part in (path, f"rule {rule_id}" if rule_id else None) if part)
        super().__init__(f"{where}: {message}" if where else message)


class UnknownRulesetError(RulesetError):
    """A ruleset id that does not exist, with the closest match as a suggestion."""

    def __init__(self, name: str, known: list[str], suggestion: str | None) -> None:
        self.name = name
        self.known = known
        self.suggestion = suggestion
        hint = f"; did you mean {quoted(suggestion)}?" if suggestion else ""
        super().__init__(
            f"unknown ruleset {quoted(name)}; expected one of {', '.join(known)}{hint}"
        )


class EngineUnavailableError(ComplycheckError):
    """An optional engine cannot run on this Python; says why and what to use instead."""


class DurableRuleError(ComplycheckError):
    """durable-rules failed on a decision: an action raised, or no rule of a table matched.

    durable-rules reports an action's exception in the returned state instead of raising,
    and a fact no rule matches as ``MessageNotHandledException``; both become this error,
    naming the decision table (and so the rule id) so no finding is silently lost.
    """

    def __init__(self, message: str, *, rule_id: str) -> None:
        self.rule_id = rule_id
        super().__init__(f"durable engine, {rule_id}: {message}")
