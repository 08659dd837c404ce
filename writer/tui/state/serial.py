"""Work that must happen one job at a time, off the screen's thread, newest first.

The drafting screen hands three kinds of work to a :class:`Serial`: checking the text, writing the
document, and writing its recovery file. Each has its own, so there is only ever one writer of a
file. A job waiting to run is replaced by a newer one (its generation, the edit count of the text
it carries, is at least as high), and a job older than one that already ran is dropped: the
newest text always wins, and the screen never waits for the disk or the checks.

Nothing here imports Textual; a job reports back however its caller likes (the screen posts a
message, which Textual allows from any thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("writer.tui")


@dataclass(frozen=True)
class Job:
    """``work`` for the text at ``generation``; ``name`` says what it does (for the log)."""

    generation: int
    work: Callable[[], None]
    name: str = "job"


class Serial:
    """Runs jobs one at a time on a thread of its own, newest first.

    ``daemon`` threads do not hold the process open at exit (checks); writers are not daemons,
    so a write that has started finishes before the process ends.
    """

    def __init__(self, name: str, *, daemon: bool = False) -> None:
        self.name = name
        self.daemon = daemon
        self._lock = threading.Lock()
        self._pending: Job | None = None
        self._thread: threading.Thread | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._finished = -1  # the highest generation whose job has run
        self.ran = 0  # jobs that ran (for tests and the log)

    def submit(self, job: Job) -> bool:
        """Queue ``job``; False when a newer job is already waiting or has already run."""
        with self._lock:
            if job.generation < self._finished:
                return False
            if self._pending is not None and self._pending.generation > job.generation:
                return False
            self._pending = job
            self._idle.clear()
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"writer-{self.name}", daemon=self.daemon
                )
                self._thread.start()
        return True

    def _next(self) -> Job | None:
        with self._lock:
            while True:
                job, self._pending = self._pending, None
                if job is None:
                    self._thread = None
                    self._idle.set()
                    return None
                if job.generation >= self._finished:
                    return job

    def _run(self) -> None:
        while (job := self._next()) is not None:
            try:
                job.work()
            except Exception:  # a job reports its own failures; this is the last resort
                log.exception("%s: %s failed", self.name, job.name)
            with self._lock:
                self._finished = max(self._finished, job.generation)
                self.ran += 1

    @property
    def busy(self) -> bool:
        return not self._idle.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no job is running or waiting (tests, and the app on exit)."""
        return self._idle.wait(timeout)
