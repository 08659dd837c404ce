"""Checking many files in several processes: a few batches per process in flight, outcomes in
the order the files were found, and a fall-back to one process when workers cannot start."""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Iterator
from typing import Protocol

from writer.infra.files import Target
from writer.model.findings import FileError, FileResult


class Linter(Protocol):
    """What a worker process needs of the linter it is given: to check one file."""

    def lint_target(self, target: Target) -> FileResult | FileError: ...


log = logging.getLogger(__name__)

# Below this many files, or this much text, linting in one process is faster than starting
# workers (measured with bench/lint_latency.py: 20 postmortems, 57 KB, lint faster in one).
PARALLEL_THRESHOLD = 8
PARALLEL_MIN_BYTES = 256 * 1024
CHUNK = 16  # files a worker checks per batch, at most
FULL_CHUNK_FILES = CHUNK * 8  # files per process from which batches are full
_BATCHES_AHEAD = 4  # batches per process handed out before the oldest is read


def size_of(target: Target) -> int:
    try:
        return target.path.stat().st_size
    except OSError:
        return 0


# A worker process's linter, set once when the process starts (the pool's initializer has no
# other place to leave it); never set in the parent process.
_worker_linter: Linter | None = None


def _init_worker(linter: Linter) -> None:
    global _worker_linter
    _worker_linter = linter


def _lint_in_worker(batch: list[Target]) -> list[FileResult | FileError]:
    assert _worker_linter is not None
    return [_worker_linter.lint_target(target) for target in batch]


def _batches(targets: Iterator[Target], size: int) -> Iterator[list[Target]]:
    while batch := list(itertools.islice(targets, size)):
        yield batch


def lint_in_parallel(
    linter: Linter, targets: Iterator[Target], jobs: int, chunk: int
) -> Iterator[FileResult | FileError]:
    """Check batches of ``chunk`` files in ``jobs`` processes, yielding outcomes in order.

    A few batches per process are in flight at a time, so neither the files still to check
    nor the outcomes not yet read pile up in memory.
    """
    import multiprocessing
    import threading
    from concurrent.futures import Future, ProcessPoolExecutor

    # Forking copies a process with one thread safely; with others running (a grammar backend
    # loading, a language server, a test runner) a lock one of them held would stay held in the
    # child for ever. The linter is not sent to a fresh process (its compiled rules do not
    # pickle), so without a safe fork the files are checked here, one after another.
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        for target in targets:
            yield linter.lint_target(target)
        return
    context = multiprocessing.get_context("fork")
    batches = _batches(targets, chunk)
    in_flight: deque[tuple[list[Target], Future[list[FileResult | FileError]]]] = deque()
    unsent: list[Target] = []  # a batch read but not yet handed to a process
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(linter,)
        ) as pool:
            for batch in batches:
                unsent = batch
                in_flight.append((batch, pool.submit(_lint_in_worker, batch)))
                unsent = []
                if len(in_flight) > jobs * _BATCHES_AHEAD:
                    outcomes = in_flight[0][1].result()
                    in_flight.popleft()
                    yield from outcomes
            while in_flight:
                outcomes = in_flight[0][1].result()
                in_flight.popleft()
                yield from outcomes
    except (OSError, RuntimeError) as exc:  # no processes available: lint here instead
        log.warning("parallel lint unavailable (%s); linting in one process", exc)
        # Those already reported are not checked again.
        waiting = [batch for batch, _ in in_flight]
        for batch in itertools.chain(waiting, [unsent], batches):
            for target in batch:
                yield linter.lint_target(target)
