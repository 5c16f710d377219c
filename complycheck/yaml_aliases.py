"""A bound on what YAML aliases may repeat, for every YAML file complycheck reads.

An alias (``*name``) stands for the whole value its anchor (``&name``) marks. PyYAML builds
such a value once and shares it, but everything after loading walks the value as written
out: nine lists of nine aliases to the list before make a few hundred bytes that stand for
387 million values, and validating or quoting them took minutes and gigabytes (the
"billion laughs"). An alias that refers to a value it sits inside stands for a value with
no end. So before a document is turned into Python values its node graph is measured, once
per distinct node, and a document whose aliases would repeat more than
:data:`ALIAS_ALLOWANCE` values is refused. Anchors and merge keys (``<<: *defaults``) used
as people use them stay well within it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

__all__ = ["ALIAS_ALLOWANCE", "AliasExpansionError", "BoundedAliases"]

#: How many values aliases may add to a document beyond those written in it.
ALIAS_ALLOWANCE = 100_000


class AliasExpansionError(yaml.YAMLError):
    """A document whose aliases repeat too many values, or refer to a value they sit in."""


#: An anchor as YAML writes one: ``&`` after a space, a line start or a flow indicator,
#: followed by a name. Text with none has no alias to measure (a name like "L&Q" is none).
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", re.MULTILINE)


class BoundedAliases:
    """Mix in before a PyYAML loader: documents are measured before they are constructed,
    when the text has an anchor at all (most files have none, and are not walked twice)."""

    def __init__(self, stream: Any) -> None:
        self._anchored = not isinstance(stream, str) or _ANCHOR.search(stream) is not None
        super().__init__(stream)  # type: ignore[call-arg]

    def construct_document(self, node: Node) -> Any:
        if self._anchored:
            _measure(node)
        return super().construct_document(node)  # type: ignore[misc]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _measure(root: Node) -> None:
    """Raise :class:`AliasExpansionError` if the document written out would exceed its
    written size by more than the allowance, or would never end.

    Iterative (a document may nest thousands of levels deep), visiting each distinct node
    once: ``sizes`` holds the written-out size of every node measured so far, and ``open``
    the nodes whose values are being measured, so meeting one of them again is a cycle.
    """
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, measured = stack.pop()
        key = id(node)
        children = _children(node)
        if measured:
            open_.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            continue
        if key in sizes:
            continue
        open_.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_:
                raise AliasExpansionError(
                    "an alias (*name) refers to a value it is part of, so the value never ends"
                )
            if id(child) not in sizes:
                stack.append((child, False))
    repeated = sizes[id(root)] - len(sizes)
    if repeated > ALIAS_ALLOWANCE:
        raise AliasExpansionError(
            f"its aliases (*name) repeat {repeated:,} values, more than the "
            f"{ALIAS_ALLOWANCE:,} allowed; write the values out or repeat fewer"
        )
