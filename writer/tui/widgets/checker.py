"""The check runner: re-checks the draft a moment after the author pauses, off the screen's thread.

One check runs at a time on a thread of its own; a newer request replaces one still waiting, and
a result for text that has changed since is the screen's to drop (each carries its generation).
A large document is checked in a worker process instead (:mod:`writer.tui.state.check_process`),
so its seconds of checking never slow the keys down. It posts
:class:`~writer.tui.messages.CheckDone` or :class:`~writer.tui.messages.CheckFailed`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.timer import Timer
from textual.widget import Widget

from writer.api import Linter
from writer.tui.messages import CheckDone, CheckFailed
from writer.tui.state.check_process import CheckProcess
from writer.tui.state.checking import check_and_detect
from writer.tui.state.serial import Job, Serial
from writer.tui.state.templating import TemplateInfo

log = logging.getLogger("writer.tui")

TextSource = Callable[[], tuple[str, int]]  # the text now, and its generation


class CheckRunner(Widget):
    """Not drawn; schedules and runs the checks, and reports by message."""

    DEFAULT_CSS = "CheckRunner { display: none; }"

    def __init__(
        self, linter: Linter, delay: float, process_above: int, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.linter = linter
        self.delay = delay
        self.process_above = process_above  # characters; 0: never in a process
        self.process: CheckProcess | None = None
        self.path: Path | None = None
        self.template: TemplateInfo | None = None
        self.serial = Serial("check", daemon=True)
        self._timer: Timer | None = None
        self._source: TextSource | None = None

    def schedule(self, source: TextSource, delay: float | None = None) -> None:
        """Check the text ``source`` gives once the author has paused for ``delay`` seconds
        (the text is read then, not now)."""
        self._source = source
        wait = self.delay if delay is None else delay
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if wait <= 0:
            self._start()
        else:
            self._timer = self.set_timer(wait, self._start)

    def _start(self) -> None:
        self._timer = None
        if self._source is None:
            return
        text, generation = self._source()
        linter, path, template = self.linter, self.path, self.template
        process = None
        if self.process_above and len(text) > self.process_above:
            if self.process is None:
                self.process = CheckProcess(linter.options)
                # This check runs in a thread meanwhile; the worker warms up on the same text.
                self.process.start_soon(text, path, template)
            elif self.process.ready and not self.process.failed:
                process = self.process

        def work() -> None:
            try:
                if process is not None:
                    check = process.check(text, path, template, generation)
                else:
                    check = replace(
                        check_and_detect(linter, text, path, template, generation), text=text
                    )
            except Exception as exc:
                log.exception("check failed")
                self.post_message(CheckFailed(generation, f"{type(exc).__name__}: {exc}"))
                return
            self.post_message(CheckDone(check))

        self.serial.submit(Job(generation, work, "check"))

    def reset(self, linter: Linter) -> None:
        """Check with ``linter`` from now on (the config changed)."""
        self.linter = linter
        if self.process is not None:
            self.process.reset(linter.options)

    def on_unmount(self) -> None:
        if self.process is not None:
            self.process.close()

    @property
    def pending(self) -> bool:
        """A check is scheduled, running or waiting."""
        return self._timer is not None or self.serial.busy
