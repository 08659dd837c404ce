"""Glob patterns from a docs repository's config, matched in time linear in the path's length.

Two dialects read the same way writer always read them:

- **Config globs** (``.writer.toml`` ``exclude``, ``include`` and ``[templates]``), relative to
  the config's folder, through :func:`glob_match`: a pattern without ``/`` is matched, with
  :mod:`fnmatch`'s rules (``*``, ``?``, ``[abc]``, ``[!a-z]``), against every folder and file
  name of the path (a trailing ``/`` against folder names only); a pattern with ``/`` is matched
  against the whole path, where ``*`` and ``?`` stay inside one folder, ``**`` spans folders and
  ``**/`` also matches no folder at all.
- **Vale section globs** (``.vale.ini``), through :func:`vale_glob`: ``*`` crosses folders,
  ``?`` is one character, ``[abc]``/``[!abc]`` a character class and ``{a,b}`` alternatives.

A glob is compiled into a small automaton (one state per character test) that is run over the
path once, keeping the set of states it can be in, so no input makes it backtrack: the cost is
at most the path's length times the pattern's, and the state sets already seen are remembered
per pattern, so matching many paths costs about one dictionary lookup per character.
"""

from __future__ import annotations

import fnmatch
import functools
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Bounds on what a config may ask for: far above any real config (a few dozen short globs),
# far below what would make matching every file slow.
MAX_GLOB_CHARS = 1_000
MAX_GLOBS = 1_000
# Alternatives of {a,b} groups, nested ones included.
MAX_ALTERNATIVES = 1_000
# Remembered transitions per pattern; past it the memory starts afresh.
_MAX_TRANSITIONS = 20_000


class GlobError(ValueError):
    """A glob that cannot be read; ``str()`` says what is wrong with it."""


Test = Callable[[str], bool]


@dataclass(frozen=True)
class _Char:
    test: Test


@dataclass(frozen=True)
class _Star:
    test: Test  # any number of characters that pass the test


@dataclass(frozen=True)
class _Optional:
    body: tuple[_Node, ...]


@dataclass(frozen=True)
class _Alternatives:
    options: tuple[tuple[_Node, ...], ...]


_Node = _Char | _Star | _Optional | _Alternatives


def _any_but(excluded: str) -> Test:
    return lambda char: char not in excluded


def _any(char: str) -> bool:
    return True


def _literal(expected: str) -> Test:
    return expected.__eq__


def _class(regex: str) -> Test:
    """A test for one character from a one-character regular expression (a class)."""
    with warnings.catch_warnings():  # "possible nested set" for a class such as [[]
        warnings.simplefilter("ignore", FutureWarning)
        compiled = re.compile(regex)
    return lambda char: compiled.match(char) is not None


class Glob:
    """A compiled glob; :meth:`fullmatch` says whether a whole string matches it."""

    def __init__(self, source: str, nodes: Sequence[_Node]) -> None:
        self.source = source
        self._tests: list[Test] = []
        self._next: list[list[int]] = []  # per state: the states after its test passes
        self._free: list[list[int]] = []  # per state: states reached without a character
        accept = self._state()
        self._accept = accept
        self._start = self._build(tuple(nodes), accept)
        self._moves: dict[tuple[frozenset[int], str], frozenset[int]] = {}
        self._initial = self._closure((self._start,))

    def __repr__(self) -> str:
        return f"Glob({self.source!r})"

    # -- building ------------------------------------------------------------------------
    def _state(self, test: Test | None = None) -> int:
        self._tests.append(test if test is not None else _never)
        self._next.append([])
        self._free.append([])
        return len(self._tests) - 1

    def _build(self, nodes: tuple[_Node, ...], after: int) -> int:
        """The state that matches ``nodes`` then continues at ``after`` (built back to front)."""
        for node in reversed(nodes):
            after = self._node(node, after)
        return after

    def _node(self, node: _Node, after: int) -> int:
        if isinstance(node, _Char):
            state = self._state(node.test)
            self._next[state].append(after)
            return state
        if isinstance(node, _Star):
            loop = self._state(node.test)  # one character, then the star again
            entry = self._state()
            self._free[entry] += [loop, after]
            self._next[loop].append(entry)
            return entry
        entry = self._state()
        if isinstance(node, _Optional):
            self._free[entry] += [self._build(node.body, after), after]
            return entry
        for option in node.options:
            self._free[entry].append(self._build(option, after))
        return entry

    # -- matching ------------------------------------------------------------------------
    def _closure(self, states: Sequence[int]) -> frozenset[int]:
        seen: set[int] = set()
        stack = list(states)
        while stack:
            state = stack.pop()
            if state in seen:
                continue
            seen.add(state)
            stack.extend(self._free[state])
        return frozenset(seen)

    def _step(self, current: frozenset[int], char: str) -> frozenset[int]:
        key = (current, char)
        found = self._moves.get(key)
        if found is None:
            reached = [
                after
                for state in current
                if self._next[state] and self._tests[state](char)
                for after in self._next[state]
            ]
            found = self._closure(reached) if reached else frozenset()
            if len(self._moves) >= _MAX_TRANSITIONS:
                self._moves.clear()
            self._moves[key] = found
        return found

    def fullmatch(self, text: str) -> bool:
        """Whether all of ``text`` matches the glob."""
        current = self._initial
        for char in text:
            current = self._step(current, char)
            if not current:
                return False
        return self._accept in current


def _never(char: str) -> bool:
    return False


# -- config globs --------------------------------------------------------------------------


def _fnmatch_nodes(pattern: str) -> list[_Node]:
    """A name pattern read as :func:`fnmatch.fnmatchcase` reads it."""
    nodes: list[_Node] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        i += 1
        if char == "*":
            if not nodes or not isinstance(nodes[-1], _Star):
                nodes.append(_Star(_any))
        elif char == "?":
            nodes.append(_Char(_any))
        elif char == "[":
            j = i
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                nodes.append(_Char(_literal("[")))
            else:  # fnmatch's own reading of the class, one character at a time
                nodes.append(_Char(_class(fnmatch.translate(pattern[i - 1 : j + 1]))))
                i = j + 1
        else:
            nodes.append(_Char(_literal(char)))
    return nodes


def _path_nodes(pattern: str) -> list[_Node]:
    """A pattern with ``/``: ``**/`` any folders or none, ``**`` anything, ``*`` and ``?``
    inside one folder name, every other character itself."""
    nodes: list[_Node] = []
    i = 0
    anything = _any_but("\n")
    while i < len(pattern):
        if pattern.startswith("**/", i):
            nodes.append(_Optional((_Star(anything), _Char(_literal("/")))))
            i += 3
            continue
        if pattern.startswith("**", i):
            nodes.append(_Star(anything))
            i += 2
            continue
        char = pattern[i]
        if char == "*":
            nodes.append(_Star(_any_but("/")))
        elif char == "?":
            nodes.append(_Char(_any_but("/")))
        else:
            nodes.append(_Char(_literal(char)))
        i += 1
    return nodes


@functools.lru_cache(maxsize=1024)
def _name_glob(pattern: str) -> Glob:
    return Glob(pattern, _fnmatch_nodes(pattern))


@functools.lru_cache(maxsize=1024)
def _path_glob(pattern: str) -> Glob:
    return Glob(pattern, _path_nodes(pattern))


def glob_match(relative: str, pattern: str) -> bool:
    """Glob matching where ``**`` spans folders and a pattern without ``/`` matches any folder."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        name = _name_glob(pattern.rstrip("/"))
        parts = relative.split("/")
        if pattern.endswith("/"):
            parts = parts[:-1]
        return any(name.fullmatch(part) for part in parts)
    if pattern.endswith("/"):
        pattern += "**"
    return _path_glob(pattern).fullmatch(relative)


def check_glob(pattern: str) -> str | None:
    """What is wrong with a config glob (too long), or None when it is fine."""
    if len(pattern) > MAX_GLOB_CHARS:
        return f"a glob of {len(pattern):,} characters is longer than {MAX_GLOB_CHARS:,}"
    return None


# -- Vale section globs ---------------------------------------------------------------------


def vale_glob(pattern: str) -> Glob:
    """Vale's section globs: ``*`` crosses folders, ``?`` one character, ``[a-z]``/``[!a-z]``
    a class, ``{a,b}`` alternatives (nested too). Raises :class:`GlobError`."""
    if len(pattern) > MAX_GLOB_CHARS:
        raise GlobError(
            f"the glob is {len(pattern):,} characters long, more than {MAX_GLOB_CHARS:,}"
        )
    nodes, _end = _vale_sequence(pattern, 0, 0, [0])
    return Glob(pattern, nodes)


def _vale_sequence(
    pattern: str, i: int, depth: int, alternatives: list[int]
) -> tuple[list[_Node], int]:
    """Nodes from ``i`` up to the ``,`` or ``}`` that ends this alternative (inside braces) or
    the end; returns them and where reading stopped."""
    nodes: list[_Node] = []
    anything = _any_but("\n")
    n = len(pattern)
    while i < n:
        char = pattern[i]
        if char == "*":
            nodes.append(_Star(anything))
            while i + 1 < n and pattern[i + 1] == "*":
                i += 1
        elif char == "?":
            nodes.append(_Char(anything))
        elif char == "{":
            options: list[tuple[_Node, ...]] = []
            i += 1
            while True:
                option, i = _vale_sequence(pattern, i, depth + 1, alternatives)
                options.append(tuple(option))
                alternatives[0] += 1
                if alternatives[0] > MAX_ALTERNATIVES:
                    raise GlobError(f"more than {MAX_ALTERNATIVES:,} {{a,b}} alternatives")
                if i < n and pattern[i] == ",":
                    i += 1
                    continue
                break  # at "}" or at the end (an unclosed group closes there)
            nodes.append(_Alternatives(tuple(options)))
        elif char in ",}" and depth:
            return nodes, i
        elif char == "[":
            end = pattern.find("]", i)
            if end == -1:
                nodes.append(_Char(_literal(char)))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                try:
                    nodes.append(_Char(_class(f"[{body}]")))
                except re.error as exc:
                    raise GlobError(
                        f"[{pattern[i + 1 : end]}] is not a character class ({exc})"
                    ) from None
                i = end
        else:
            nodes.append(_Char(_literal(char)))
        i += 1
    return nodes, i
