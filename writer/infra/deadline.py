"""A wall-clock limit on a block of Python code: reading a document, one check on it.

Checks are written to cost time in proportion to the document; this is the bound for when one
does not (a pattern that backtracks in a way no test found, a loop over a shape nobody tried).
When the time is up, :class:`Overrun` is raised inside the block, wherever it is, so the caller
can report that one check and go on with the next.

It uses the interval timer (``SIGALRM``), which only the main thread of a process may set, on
systems that have it: elsewhere (the drafting screen's worker threads, Windows) the block runs
without a limit, and the checks' own linear cost is what bounds it. A block whose code runs in
C for long (one ``re`` match) is stopped only once that call returns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Overrun(BaseException):
    """The time given to a block ran out. A ``BaseException``, so that a check's own
    ``except Exception`` does not swallow it."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Overrun


def available() -> bool:
    """Whether this thread can bound a block's time."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Run the block for at most ``seconds`` (0: no limit), then raise :class:`Overrun` in it.

    Nothing is bounded when the thread cannot set the timer or another deadline (or another
    user of ``SIGALRM``) already runs."""
    if not seconds or not available() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        except Overrun:  # the time ran out just as the block finished: it did finish
            signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
