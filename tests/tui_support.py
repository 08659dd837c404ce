"""Helpers for the TUI tests: a fixed clock, short delays, waiting for the checks to settle."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from writer.tui.app import WriterApp
from writer.tui.screens.draft import DraftScreen
from writer.tui.state.draft import AppOptions

FIXED_NOW = dt.datetime(2026, 3, 14, 9, 26, tzinfo=dt.timezone.utc)


def options(tmp_path: Path, **changes: object) -> AppOptions:
    values: dict[str, object] = {
        "check_delay": 0.05,
        "autosave_delay": 0.2,
        "recovery_dir": tmp_path / "recovery",
        "clock": lambda: FIXED_NOW,
        "check_process_above": 0,  # checks in a thread: no worker process per test
    }
    values.update(changes)
    return AppOptions(**values)  # type: ignore[arg-type]


def draft_screen(app: WriterApp) -> DraftScreen:
    screen = app.draft_screen
    assert screen is not None, "the draft screen is not open"
    return screen


async def settle(pilot: object, app: WriterApp, rounds: int = 500) -> DraftScreen:
    """Wait until the latest text has been checked (and the screen shows the result)."""
    screen = draft_screen(app)
    for _ in range(rounds):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
        check = screen.check
        if check is not None and check.generation == screen.generation:
            await pilot.pause()  # type: ignore[attr-defined]
            return screen
    raise AssertionError("the checks never caught up with the text")


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio (no pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def key_event(key: str) -> Any:
    """A key event as the terminal sends it (``a``, ``space``, ``tab``, ``alt+down``)."""
    from textual import events
    from textual.keys import _character_to_key

    if len(key) == 1:
        return events.Key(_character_to_key(key) if not key.isalnum() else key, key)
    character = {"space": " ", "enter": "\r", "tab": "\t"}.get(key)
    return events.Key(key, character)


async def burst(pilot: Any, app: Any, *keys: str) -> None:
    """Send ``keys`` all at once, as a fast typist, a paste or ``tmux send-keys`` does (Pilot's
    ``press`` waits for each key to be handled before sending the next)."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)
    for _ in range(5):
        await pilot.pause()
