"""The check worker: one thread that runs checks (and anything else that uses the linter) in
order, so the server's loop never waits for a check and always answers the client.

A check is queued under its document's URI and at most once: a document changed ten times while
the worker was busy is checked once more, with its latest text, which the check reads when it
starts. Urgent work (the document being typed in, a request the client waits for) goes ahead of
re-checks of every open document.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Worker:
    """Runs jobs on one thread, most urgent first; checks coalesce by key."""

    def __init__(self, name: str = "writer-check") -> None:
        self._condition = threading.Condition()
        self._jobs: deque[tuple[str | None, Callable[[], Any], Future[Any]]] = deque()
        self._queued: set[str] = set()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, function: Callable[[], T], *, urgent: bool = True) -> Future[T]:
        """Run ``function`` on the worker; its future holds the result or the exception."""
        future: Future[T] = Future()
        self._put(None, function, future, urgent)
        return future

    def submit_check(self, key: str, function: Callable[[], Any], *, urgent: bool) -> bool:
        """Queue ``function`` under ``key`` unless a job with that key is already waiting (it
        reads the latest text when it starts). An urgent one moves a waiting job ahead."""
        with self._condition:
            if key in self._queued:
                if urgent:
                    for index, job in enumerate(self._jobs):
                        if job[0] == key:
                            del self._jobs[index]
                            self._jobs.appendleft(job)
                            break
                return False
            self._queued.add(key)
        self._put(key, function, Future(), urgent)
        return True

    def _put(
        self, key: str | None, function: Callable[[], Any], future: Future[Any], urgent: bool
    ) -> None:
        with self._condition:
            if self._stopped:
                future.cancel()
                return
            if urgent:
                self._jobs.appendleft((key, function, future))
            else:
                self._jobs.append((key, function, future))
            self._condition.notify()

    @property
    def waiting(self) -> int:
        with self._condition:
            return len(self._jobs)

    def stop(self, timeout: float = 5.0) -> None:
        """Run no more jobs (those waiting are cancelled) and wait for the one running."""
        with self._condition:
            self._stopped = True
            for _key, _function, future in self._jobs:
                future.cancel()
            self._jobs.clear()
            self._queued.clear()
            self._condition.notify_all()
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._jobs and not self._stopped:
                    self._condition.wait()
                if self._stopped:
                    return
                key, function, future = self._jobs.popleft()
                if key is not None:
                    self._queued.discard(key)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = function()
            except Exception as exc:  # a failed job never stops the worker
                if key is not None:
                    log.exception("checking %s failed", key)
                future.set_exception(exc)
            else:
                future.set_result(result)
