"""Review mode stepping through 100 findings: the time from each key (a, s) to the frame that
shows the next finding, measured with Textual's Pilot at 80x24.

    python bench/tui_review.py [--findings N] [--size 80x24]

Nothing here asserts a time; on a busy machine the figures are noisy.
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

from textual import events

from writer.api import Linter, LintOptions
from writer.model.document import parse
from writer.tui.app import make_review_app
from writer.tui.screens.review import ReviewScreen
from writer.tui.state.draft import AppOptions
from writer.tui.state.session import Session

SENTENCE = "Line {n} of the incident notes has has a slip that a reviewer would fix."


async def measure(count: int, size: tuple[int, int]) -> None:
    folder = Path(tempfile.mkdtemp())
    path = folder / "notes.md"
    path.write_text("".join(SENTENCE.format(n=n) + "\n\n" for n in range(count)), "utf-8")
    lint = LintOptions(select=("prose",), grammar="off")
    options = AppOptions(lint=lint, recovery_dir=folder / "recovery")
    session, text = Session.open(path, options.recovery_dir)
    linter = Linter(lint)
    findings = linter.lint_document(parse(text, str(path)), linter.config_for(path), path).findings
    app = make_review_app(session, text, findings, options)
    steps: list[float] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        shown: list[float] = []
        original = app._display

        def display(target: object, renderable: object) -> None:
            original(target, renderable)  # type: ignore[arg-type]
            if renderable is not None:
                shown.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]
        for index in range(len(findings)):
            key = "a" if index % 2 == 0 else "s"
            event = events.Key(key, key)
            event.set_sender(app)
            before = len(screen.review.choices)
            shown.clear()
            sent = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            while len(screen.review.choices) == before or not shown:
                await asyncio.sleep(0.001)
            steps.append(shown[0] - sent)
        assert screen.review.done
    ordered = sorted(steps)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(f"review: {len(findings)} findings, {size[0]}x{size[1]}")
    print(
        f"  key to the next finding on screen: median {statistics.median(steps) * 1000:.1f} ms  "
        f"p95 {p95 * 1000:.1f} ms  max {max(steps) * 1000:.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=100)
    parser.add_argument("--size", default="80x24")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.split("x"))
    asyncio.run(measure(args.findings, (width, height)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
