"""JSON indented by two spaces, the text ``json.dumps(value, indent=2, ensure_ascii=False,
default=str)`` gives, several times faster.

The standard library encodes indented JSON in pure Python, one generator step per value; a
report of tens of thousands of findings spent most of its time there. Strings are still
escaped by the standard library's C function, so the text is the same byte for byte, with one
difference on purpose: a string holding a lone surrogate (a file name that is not valid UTF-8,
as Python reads it) is written with ``\\uXXXX`` escapes, so the report stays valid UTF-8.
"""

from __future__ import annotations

import json.encoder
import math
from typing import Any

_STEP = "  "
_quote_kept = json.encoder.encode_basestring  # the C escaper json.dumps(ensure_ascii=False) uses
_quote_ascii = json.encoder.encode_basestring_ascii


def dumps(value: Any, indent: str = "") -> str:
    """``value`` as indented JSON; ``indent`` is the indent of the line it starts on, which
    every later line of it carries too."""
    out: list[str] = []
    _write(value, indent, out)
    return "".join(out)


def quote(text: str) -> str:
    """A JSON string literal, non-ASCII characters kept unless the text holds a lone surrogate,
    which UTF-8 cannot carry."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return _quote_ascii(text)
    return _quote_kept(text)


_quote = quote


def _write(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_quote(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    elif isinstance(value, float):
        out.append(_float(value))
    elif isinstance(value, (list, tuple)):
        _write_members("[]", [("", item) for item in value], indent, out)
    elif isinstance(value, dict):
        _write_members("{}", [(_key(key) + ": ", item) for key, item in value.items()], indent, out)
    else:
        out.append(_quote(str(value)))  # default=str


def _write_members(
    brackets: str, members: list[tuple[str, Any]], indent: str, out: list[str]
) -> None:
    """An array or object: one member a line, each after its label (an object's key)."""
    if not members:
        out.append(brackets)
        return
    inner = indent + _STEP
    out.append(brackets[0] + "\n" + inner)
    for index, (label, item) in enumerate(members):
        out.append((",\n" + inner if index else "") + label)
        _write(item, inner, out)
    out.append("\n" + indent + brackets[1])


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _quote(key)
    if key is True or key is False or key is None:
        return '"' + json.dumps(key) + '"'
    if isinstance(key, float):
        return '"' + _float(key) + '"'
    if isinstance(key, int):
        return '"' + int.__repr__(key) + '"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _float(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
