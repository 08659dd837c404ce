"""Text from documents and file names, made safe to print on a terminal.

A document, a file name or a template can hold control characters: ESC starts sequences that
recolour, move the cursor, retitle the window or (OSC 52) write the clipboard; BEL rings; a
carriage return or newline makes a line look like another; bidirectional overrides make text
read in another order than it is stored. Text output shows each as a visible escape
(``\\x1b``, ``\\u202e``) instead, so what is printed is what the file holds.
"""

from __future__ import annotations

import re

# C0 controls but tab, DEL, C1 controls, and the bidirectional embeddings, overrides and
# isolates (and the Arabic letter mark) that reorder text on screen.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character written as an escape, except those in ``keep``
    (such as ``"\\n"`` for text whose lines are printed as they are)."""
    if _CONTROL.search(text) is None:
        return text
    if not keep:
        return _CONTROL.sub(_escape, text)
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None
