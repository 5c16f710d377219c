"""Control characters in echoed text, written out as escapes so they show as what they are.

Kept apart from the output formats, with nothing heavy to import: the command line uses it
for every line it prints on stderr, including before any case is read.
"""

from __future__ import annotations

import re

__all__ = ["visible"]

#: Characters that act rather than show: C0 and C1 controls (line breaks, ESC, BEL...),
#: Unicode line and paragraph separators and bidirectional overrides and isolates.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(found: re.Match[str]) -> str:
    char = found[0]
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` with every control character written out as an escape (``\\n``, ``\\x1b``).

    Ids, names and notes come from housing-system exports, and text output is read on a
    terminal: a line break in a case id could print a forged "Indicative finding" line of
    its own, and an ESC sequence could rewrite the screen. Each writer that prints lines
    puts what it echoes through this, so such a character shows as what it is.
    """
    return _INVISIBLE.sub(_escape, text) if _INVISIBLE.search(text) else text
