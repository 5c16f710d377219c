"""The errors complycheck raises, and the located description of a bad input.

The library raises and never prints or exits; only the CLI maps errors to exit codes
(2 for anything in this module). Every message names where the problem is (file, case,
row or event, field), what is wrong and what would be valid, because the people who read
them are complaints officers fixing an export, not Python programmers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InputIssue:
    """One problem with the input, located as precisely as the input allows."""

    message: str
    source: str | None = None
    case_id: str | None = None
    location: str | None = None
    field: str | None = None
    value: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = [part for part in (self.source, self.location) if part]
        if self.case_id is not None:
            where.append(f"case {self.case_id}")
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
        hint = f" Did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(f"unknown ruleset {name!r}; known rulesets: {', '.join(known)}.{hint}")


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
