"""Checks in a process of their own, so a long check never holds the interpreter the screen
types in.

A check of a large document takes seconds of pure Python; run in a thread it shares the
interpreter lock with the screen and every key waits its turn. :class:`CheckProcess` starts one
worker process (a fresh interpreter: nothing of the screen's state is copied into it, and its
output goes nowhere near the terminal), which keeps its own linter between checks; the text goes
to it over a private pipe and the findings come back (no parsed document, no copy of the text).
Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import writer
from writer.api import Linter, LintOptions
from writer.errors import WriterError
from writer.tui.state.checking import DraftCheck, check_and_detect
from writer.tui.state.templating import TemplateInfo, load_info

log = logging.getLogger("writer.tui")


class CheckError(WriterError):
    """The check worker failed or could not be started; the message says why."""


@dataclass(frozen=True)
class Request:
    text: str
    path: Path | None
    template: str | None  # the template's source (a name or a spec path), or None: detect
    generation: int


def serve(requests: Connection, answers: Connection) -> None:
    """The worker process: answer requests until the screen's end of the pipe closes. The
    first message is the :class:`LintOptions` to check with."""
    try:
        options: Any = requests.recv()
    except (EOFError, OSError):
        return
    linter = Linter(options)
    templates: dict[str, TemplateInfo] = {}
    while True:
        try:
            message: Any = requests.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        if isinstance(message, LintOptions):  # the config changed (a word was added)
            linter = Linter(message)
            continue
        try:
            template = None
            if message.template is not None:
                template = templates.get(message.template)
                if template is None:
                    template = templates[message.template] = load_info(message.template)
            check = check_and_detect(
                linter, message.text, message.path, template, message.generation
            )
            answers.send(("ok", check))
        except Exception as exc:  # reported to the screen, which keeps its last findings
            answers.send(("error", f"{type(exc).__name__}: {exc}"))


class CheckProcess:
    """The screen's end: one worker process, started when first needed, restarted if it dies.
    :meth:`check` blocks, so call it from a thread (the check runner's)."""

    def __init__(self, options: LintOptions) -> None:
        self.options = options
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: Connection | None = None
        self._answers: Connection | None = None
        self._lock = threading.Lock()  # one request (or start) at a time
        self._warm = False  # the worker has checked a text once: its checkers are built
        self.failed = False

    @property
    def ready(self) -> bool:
        """Started and warmed up (checks go to it without waiting for a new interpreter, nor
        for its checkers, templates and dictionaries to be built)."""
        return self._requests is not None and self._warm

    def start_soon(
        self,
        text: str = "",
        path: Path | None = None,
        template: TemplateInfo | None = None,
    ) -> None:
        """Start the worker in the background and have it check ``text`` once, its answer
        thrown away, so that everything a check builds is built (the first checks run in a
        thread meanwhile)."""
        source = (template.source or template.name) if template is not None else None
        warming = Request(text, path, source, -1)

        def start() -> None:
            with self._lock:
                if self._requests is None:
                    try:
                        self._start()
                        self._check(warming, text)
                    except CheckError as exc:
                        log.warning("%s", exc)
                        self.failed = True
                        return
                self._warm = True

        threading.Thread(target=start, name="writer-check-start", daemon=True).start()

    def _start(self) -> tuple[Connection, Connection]:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        package_root = str(Path(writer.__file__).resolve().parent.parent)
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            part for part in (package_root, environment.get("PYTHONPATH", "")) if part
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", __name__, str(request_read), str(answer_write)],
                pass_fds=(request_read, answer_write),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # nothing from it may reach the screen's terminal
                stderr=subprocess.DEVNULL,
                env=environment,
                close_fds=True,
            )
        except OSError as exc:
            for fd in (request_read, request_write, answer_read, answer_write):
                os.close(fd)
            raise CheckError(f"cannot start the check process: {exc}") from None
        os.close(request_read)
        os.close(answer_write)
        requests = Connection(request_write, readable=False)
        answers = Connection(answer_read, writable=False)
        requests.send(self.options)
        self._process, self._requests, self._answers = process, requests, answers
        return requests, answers

    def check(
        self, text: str, path: Path | None, template: TemplateInfo | None, generation: int
    ) -> DraftCheck:
        source = (template.source or template.name) if template is not None else None
        request = Request(text, path, source, generation)
        with self._lock:
            return self._check(request, text)

    def _check(self, request: Request, text: str) -> DraftCheck:
        for attempt in range(2):
            if self._requests is None or self._answers is None:
                self._start()
                self._warm = True
            assert self._requests is not None and self._answers is not None
            try:
                self._requests.send(request)
                status, answer = self._answers.recv()
            except (EOFError, OSError) as exc:
                log.warning("check process ended (%s); starting another", exc)
                self.close()
                if attempt:
                    self.failed = True
                    raise CheckError(f"the check process stopped: {exc}") from None
                continue
            if status != "ok":
                raise CheckError(str(answer))
            check: DraftCheck = answer
            return replace(check, text=text)
        raise CheckError("the check process stopped")

    def reset(self, options: LintOptions) -> None:
        """Read the config again (after the vocabulary changed)."""
        self.options = options
        if self._requests is not None:
            with contextlib.suppress(OSError):
                self._requests.send(options)

    def close(self) -> None:
        requests, self._requests = self._requests, None
        answers, self._answers = self._answers, None
        process, self._process = self._process, None
        for connection in (requests, answers):
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.close()  # the worker reads end-of-file and stops
        if process is not None:
            try:
                process.wait(1.0)
            except subprocess.TimeoutExpired:
                process.terminate()


def main(argv: list[str]) -> int:
    serve(Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
