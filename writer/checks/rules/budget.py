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
