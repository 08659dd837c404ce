"""A time budget for the regular expressions of one style rule over one document.

Rule patterns come from style guides someone else wrote; a pattern such as ``(a|a)+$`` backtracks
exponentially on a long line. The style checker runs each rule inside :func:`rule_budget`, and
every match call on a rule's patterns passes ``timeout=budget()`` to the ``regex`` module, so a
rule that overruns raises :class:`TimeoutError` and is stopped for that document only.

The deadline lives in a :class:`~contextvars.ContextVar`, so threads (the editor's lint worker)
and nested runs each see their own; outside :func:`rule_budget` there is no limit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import regex

_DEADLINE: ContextVar[float | None] = ContextVar("writer_rule_deadline", default=None)


def budget() -> float | None:
    """Seconds left for the running rule (``None``: no limit). Raises :class:`TimeoutError`
    once the budget is spent, so loops of many short matches stop too."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("rule time budget spent")
    return left


@contextmanager
def rule_budget(seconds: float | None) -> Iterator[None]:
    """Run the body with ``seconds`` for its pattern matching (``None`` or 0: no limit)."""
    deadline = time.monotonic() + seconds if seconds else None
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


class PatternTimeout(Exception):
    """A pattern from a config that ran past its time limit on one piece of text."""

    def __init__(self, source: str, seconds: float) -> None:
        super().__init__(f"pattern {source!r} ran for more than {seconds:g} s")
        self.source = source
        self.seconds = seconds


class BoundedPattern:
    """A regular expression from a config, each search limited to ``seconds`` (0: no limit).

    A pattern that does not compile is matched as literal text, as the config's own
    validation already reported what it could."""

    def __init__(self, source: str, seconds: float) -> None:
        self.source = source
        self.seconds = seconds
        try:
            self._pattern = regex.compile(source)
        except (regex.error, ValueError, OverflowError):
            self._pattern = regex.compile(regex.escape(source))

    def search(self, text: str) -> regex.Match[str] | None:
        try:
            return self._pattern.search(text, timeout=self.seconds or None)
        except TimeoutError:
            raise PatternTimeout(self.source, self.seconds) from None
