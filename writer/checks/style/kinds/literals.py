"""Text every match of a rule's patterns must contain, so units without it are skipped with
a substring search instead of a pass of the regular expression engine.

Only a small, common shape of pattern is understood; anything else gives None (no shortcut):

- plain text: words, spaces, hyphens, apostrophes and escaped punctuation (``\\]``, ``\\.``);
- one group of plain alternatives inside it: ``(?:sort|kind) of``;
- ``\\b`` at either end;
- lookbehinds before it and lookaheads after it. Negative ones are dropped (they only remove
  matches); the text of a positive one is part of what the match needs around it, so
  ``(?<=\\[)here(?=\\]\\()`` needs ``[here](``.

Any other pattern without a top-level ``|`` needs one piece of it: a group of plain alternatives
that is not optional (``(?:last|next) (?:week|month)`` needs ``week`` or ``month``), or a run of
plain text between groups (``(?:\\d+|a few) years ago`` needs `` years ago``). The piece whose
shortest alternative is longest is taken, if that is three characters or more.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

_METACHARS = frozenset(".^$*+?()[]{}|\\")
_WORD = re.compile(r"\w")


def required_literals(patterns: Sequence[str]) -> tuple[str, ...] | None:
    """Lower-cased texts such that every match of any of ``patterns`` contains one of them;
    None when some pattern is not of a shape this module understands."""
    found: set[str] = set()
    for pattern in patterns:
        literals = _literals(pattern.strip())
        if not literals:
            return None
        found.update(literal.lower() for literal in literals)
    return tuple(sorted(found)) if found else None


def _literals(pattern: str) -> list[str] | None:
    before = after = ""
    while True:
        groups = _groups(pattern)
        if groups is None:
            return None
        if groups and groups[0][0] == 0 and pattern.startswith(("(?<=", "(?<!")):
            close = groups[0][1]
            if pattern.startswith("(?<="):
                # Lookbehinds all end where the match starts: keep the last one's text only.
                before = _plain(pattern[4:close]) or ""
            pattern = pattern[close + 1 :]
        elif (
            groups
            and groups[-1][1] == len(pattern) - 1
            and pattern.startswith(("(?=", "(?!"), groups[-1][0])
        ):
            open_ = groups[-1][0]
            if pattern.startswith("(?=", open_):
                # Lookaheads all start where the match ends: keep the last one's text only.
                after = _plain(pattern[open_ + 3 : -1]) or ""
            pattern = pattern[:open_]
        else:
            break
    pattern = pattern.removeprefix(r"\b").removesuffix(r"\b")
    alternatives = _alternatives(pattern)
    if alternatives is None or not all(_WORD.search(core) for core in alternatives):
        return _required_piece(pattern)
    return [before + core + after for core in alternatives]


_OPTIONAL = ("?", "*", "{0")
_FLAGS = re.compile(r"\(\?[a-zA-Z]+[:)]")
# A piece shorter than this is in nearly every unit: searching for it saves nothing.
_SHORTEST_PIECE = 3


def _required_piece(pattern: str) -> list[str] | None:
    """The alternatives of the piece of ``pattern`` every match must contain, or None."""
    groups = _groups(pattern)
    if not groups or any(_FLAGS.match(pattern, open_) for open_, _ in groups):
        return None  # inline flags ((?x) reads spaces otherwise): not understood
    pieces: list[list[str]] = []
    edges = [(-1, -1), *groups, (len(pattern), len(pattern))]
    for (_, close), (open_, _) in itertools.pairwise(edges):
        between = pattern[close + 1 : open_]
        if "|" in between.replace("\\|", ""):
            return None  # a top-level alternation: no piece is needed by every match
        plain = _plain(between)
        if plain and _WORD.search(plain):
            pieces.append([plain])
    for open_, close in groups:
        if not pattern.startswith("(?:", open_) or pattern.startswith(_OPTIONAL, close + 1):
            continue
        options = [_plain(option) for option in pattern[open_ + 3 : close].split("|")]
        if options and all(option and _WORD.search(option) for option in options):
            pieces.append([option for option in options if option])

    def shortest(options: list[str]) -> int:
        return min(len(option.strip()) for option in options)

    pieces = [options for options in pieces if shortest(options) >= _SHORTEST_PIECE]
    return max(pieces, key=shortest) if pieces else None


def _alternatives(pattern: str) -> list[str] | None:
    """``head(?:a|b)tail`` as ``[head+a+tail, head+b+tail]``; plain text as itself."""
    groups = _groups(pattern)
    if not groups:
        plain = _plain(pattern) if groups is not None else None
        return [plain] if plain else None
    if len(groups) != 1 or not pattern.startswith("(?:", groups[0][0]):
        return None
    start, close = groups[0]
    head, tail = _plain(pattern[:start]), _plain(pattern[close + 1 :])
    if head is None or tail is None:
        return None
    options = [_plain(option) for option in pattern[start + 3 : close].split("|")]
    if not options or any(not option for option in options):
        return None
    return [f"{head}{option}{tail}" for option in options if option]


def _plain(text: str) -> str | None:
    """The literal text a pattern without metacharacters matches, or None."""
    out: list[str] = []
    escaped = False
    for char in text:
        if escaped:
            if char.isalnum() or char == "_":
                return None  # \b, \w, \d, \s...: a class, not a character
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in _METACHARS:
            return None
        else:
            out.append(char)
    return None if escaped else "".join(out)


def _groups(pattern: str) -> list[tuple[int, int]] | None:
    """The pattern's top-level groups as (open, close) indexes of their parentheses; None when
    the parentheses or brackets do not balance."""
    groups: list[tuple[int, int]] = []
    depth = start = index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            close = _class_end(pattern, index)
            if close is None:
                return None
            index = close + 1
            continue
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                groups.append((start, index))
        index += 1
    return groups if depth == 0 else None


def _class_end(pattern: str, open_: int) -> int | None:
    """The index of the bracket closing the character class opened at ``open_``."""
    index = open_ + 1
    if pattern.startswith("^", index):
        index += 1
    if pattern.startswith("]", index):
        index += 1  # a ']' first in a class is a character
    while index < len(pattern):
        if pattern[index] == "\\":
            index += 2
            continue
        if pattern[index] == "]":
            return index
        index += 1
    return None
