"""The check worker: one thread, checks coalesced per document, urgent work first, a failed
job never stopping it."""

from __future__ import annotations

import threading

import pytest

from writer.lsp.worker import Worker


def test_checks_coalesce_and_urgent_work_goes_first() -> None:
    worker = Worker()
    gate = threading.Event()
    ran: list[str] = []
    try:
        started = threading.Event()

        def hold() -> bool:
            started.set()
            return gate.wait(10)

        blocker = worker.submit(hold)  # keeps the worker busy while jobs queue up
        assert started.wait(10)
        assert worker.submit_check("a.md", lambda: ran.append("a"), urgent=False)
        assert worker.submit_check("b.md", lambda: ran.append("b"), urgent=False)
        assert not worker.submit_check("a.md", lambda: ran.append("a again"), urgent=True)
        last = worker.submit(lambda: ran.append("last"), urgent=False)
        gate.set()
        blocker.result(10)
        last.result(10)
        assert ran == ["a", "b", "last"]  # "a" moved ahead of "b", and ran once
        assert worker.submit_check("a.md", lambda: ran.append("a later"), urgent=True)
    finally:
        worker.stop()


def test_a_failed_job_reports_its_error_and_the_worker_goes_on() -> None:
    worker = Worker()
    try:
        failed = worker.submit(lambda: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            failed.result(10)
        assert worker.submit(lambda: 42).result(10) == 42
    finally:
        worker.stop()


def test_a_stopped_worker_cancels_what_waits() -> None:
    worker = Worker()
    gate = threading.Event()
    started = threading.Event()

    def hold() -> bool:
        started.set()
        return gate.wait(10)

    running = worker.submit(hold)
    assert started.wait(10)
    waiting = worker.submit(lambda: "never")
    threading.Timer(0.2, gate.set).start()
    worker.stop()
    assert waiting.cancelled()
    assert running.result(10) is True
    assert worker.submit(lambda: "after").cancelled()
