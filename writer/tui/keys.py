"""Keys go where the author sees the cursor.

Textual hands each key to the widget focused when the key arrives, and runs most bindings only
after the key has travelled back up to the app. Keys typed in one burst (a paste, a fast typist,
``tmux send-keys``) can therefore reach a field or a section the author has already left, or miss
one they moved to. writer's keys that move the focus or the cursor are priority bindings whose
actions first let the focused widget finish the keys typed before (:func:`settle`), then move the
focus at once (:func:`focus_now`), so the keys typed after go to the new place.
"""

from __future__ import annotations

import asyncio
import contextlib

from textual.widget import Widget

SETTLE_TIMEOUT = 1.0


async def settle(widget: Widget | None) -> None:
    """Wait until ``widget`` has handled every message already sent to it."""
    if widget is None or not widget.is_running:
        return
    done = asyncio.Event()
    if not widget.call_later(done.set):
        return
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(done.wait(), SETTLE_TIMEOUT)


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` before the next key is handed out (``Widget.focus`` waits a turn)."""
    widget.screen.set_focus(widget)
