"""Typing latency in the drafting screen, and how soon the marks follow a pause, measured with
Textual's Pilot on a 5,000-word postmortem (and a 1 MB document) at 80x24.

    python bench/tui_typing.py [--words N] [--keys N] [--pace S] [--size 80x24] [--mb 1]

For each key typed into the middle of a paragraph: the wall time from the key event to the frame
that shows it, and the time the screen's thread spent on it (its CPU time, which other programs
on a busy machine do not inflate); then the wall time again while a check runs (in a thread, or
in the worker process for a long document). Keys come ``--pace`` seconds apart, a fast typist's
pace, so the check that follows a pause does not run while typing. Then, after typing stops: the
time from the end of the pause (the check delay) to the frame that carries the new check's marks,
and the time the screen's thread spends putting a check's results up (marks, findings, outline).
Targets: under 16 ms a key at 5,000 words, under 50 ms at 1 MB, marks within 150 ms of the
check starting. Nothing here asserts a time; on a busy machine the wall times are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from textual import events
from tui_refresh import postmortem

from writer.tui.app import WriterApp, make_app
from writer.tui.messages import CheckDone
from writer.tui.screens.draft import DraftScreen
from writer.tui.state.draft import AppOptions, edit_draft
from writer.tui.state.templating import load_info


def big_document(text: str, size: int) -> str:
    body = text.split("---\n", 2)[2]
    parts = [text]
    total = len(text)
    while total < size:
        parts.append(body)
        total += len(body) + 2
    return "\n\n".join(parts)


class Frames:
    """Calls back on the first frame drawn after a condition holds."""

    def __init__(self, app: WriterApp) -> None:
        self.app = app
        self.waiting: tuple[asyncio.Future[float], object] | None = None
        original = app._display

        def display(screen: object, renderable: object) -> None:
            original(screen, renderable)  # type: ignore[arg-type]
            if renderable is None or self.waiting is None:
                return
            future, condition = self.waiting
            if not future.done() and condition():  # type: ignore[operator]
                future.set_result(time.perf_counter())

        app._display = display  # type: ignore[method-assign]

    def expect(self, condition: object) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting = (future, condition)
        return future


def report(label: str, values: list[float]) -> None:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"  {label:<28} median {statistics.median(values) * 1000:7.1f} ms  "
        f"p95 {p95 * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"
    )


def time_check_results(applying: list[float]) -> None:
    """Record the time the screen's thread spends putting each check's results up."""
    on_check_done = DraftScreen.on_check_done

    def timed(self: DraftScreen, message: CheckDone) -> None:
        current = message.check.generation == self.generation  # else dropped at once
        started = time.thread_time()
        on_check_done(self, message)
        if current:
            applying.append(time.thread_time() - started)

    DraftScreen.on_check_done = timed  # type: ignore[method-assign]


async def measure(
    text: str, keys: int, pace: float, size: tuple[int, int], label: str, applying: list[float]
) -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "checkout.md"
    path.write_text(text, encoding="utf-8")
    options = AppOptions(recovery_dir=folder / "recovery")
    app = make_app(edit_draft(path, options, load_info("postmortem")), options)
    async with app.run_test(size=size) as pilot:
        screen = app.draft_screen
        assert isinstance(screen, DraftScreen)
        for _ in range(3000):
            await pilot.pause(0.05)
            if screen.check is not None:
                break
        first_check = screen.last_check_seconds or 0.0
        editor = screen.editor
        editor.cursor_blink = False
        row = next(
            r
            for r in range(editor.document.line_count // 2, editor.document.line_count)
            if len(editor.document[r]) > 60 and not editor.document[r].startswith("|")
        )
        editor.move_cursor((row, 30))
        await pilot.pause(1.0)
        frames = Frames(app)
        applying.clear()

        async def type_key(index: int) -> tuple[float, float]:
            length = len(editor.document[row])
            future = frames.expect(lambda n=length: len(editor.document[row]) != n)
            character = "abcdefghij "[index % 11]
            key = "space" if character == " " else character
            event = events.Key(key, character)
            event.set_sender(app)
            cpu = time.thread_time()
            sent = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            shown = await asyncio.wait_for(future, 60)
            return shown - sent, time.thread_time() - cpu

        walls, cpus = [], []
        for index in range(keys):
            wall, cpu = await type_key(index)
            walls.append(wall)
            cpus.append(cpu)
            await asyncio.sleep(pace)
        # The pause: the check runs after the check delay; the marks follow when it is done.
        generation = screen.generation
        stopped = time.perf_counter()
        while screen.check is None or screen.check.generation != generation:
            await asyncio.sleep(0.002)
        await pilot.pause()  # the frame with the new marks
        after_delay = time.perf_counter() - stopped - options.check_delay
        check_time = screen.last_check_seconds or 0.0
        # Typing on while a check runs in its thread (the author paused, then went on).
        busy_walls: list[float] = []
        for _round in range(3):
            screen._check_now()
            await asyncio.sleep(0.02)
            index = 0
            while screen.runner.serial.busy and index < keys:
                wall, _cpu = await type_key(index)
                busy_walls.append(wall)
                index += 1
                await asyncio.sleep(pace)
            while screen.runner.serial.busy:
                await asyncio.sleep(0.01)
    words = len(text.split())
    print(f"{label}: {words} words, {len(text) / 1e6:.2f} MB, {size[0]}x{size[1]}")
    report("key to frame (wall)", walls)
    report("key on the screen's thread", cpus)
    if busy_walls:
        report("key while a check runs", busy_walls)
    print(
        f"  marks after the pause: {after_delay * 1000:.0f} ms after the check delay "
        f"(the check itself {check_time * 1000:.0f} ms; first check {first_check * 1000:.0f} ms)"
    )
    if applying:
        report("a check's results shown", applying)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--keys", type=int, default=60)
    parser.add_argument("--pace", type=float, default=0.08)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--mb", type=float, default=1.0, help="the large document (0: skip)")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.split("x"))
    text = postmortem(args.words)
    applying: list[float] = []
    time_check_results(applying)
    asyncio.run(measure(text, args.keys, args.pace, (width, height), "postmortem", applying))
    if args.mb:
        big = big_document(text, int(args.mb * 1_000_000))
        applying.clear()
        keys = max(10, args.keys // 3)
        asyncio.run(measure(big, keys, args.pace, (width, height), "large", applying))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
