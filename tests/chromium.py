"""Headless Chromium (Debian's package) driven over the DevTools protocol through a pipe: open a
page, record every request it makes and every console or policy message, measure elements, take
a screenshot. No websocket and no network port: the browser reads commands on fd 3 and answers
on fd 4, each message JSON followed by a NUL byte."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-pipe",
)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _high(fd: int) -> int:
    """``fd`` moved above 10, so that putting the pipe on 3 and 4 overwrites nothing of it."""
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


@dataclass
class Browser:
    """One Chromium process with one page attached."""

    process: subprocess.Popen[bytes]
    to_browser: int
    from_browser: int
    requests: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    _buffer: bytes = b""
    _next_id: int = 0
    session: str | None = None
    _events: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def start(cls, profile: Path, width: int = 1280, height: int = 900) -> Browser:
        binary = chromium_path()
        if binary is None:
            raise RuntimeError("chromium is not installed")
        commands_read, commands_write = (_high(fd) for fd in os.pipe())
        answers_read, answers_write = (_high(fd) for fd in os.pipe())

        def plumbing() -> None:
            os.dup2(commands_read, 3)
            os.dup2(answers_write, 4)

        process = subprocess.Popen(
            [
                binary,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            # 3 and 4 are kept open in the child: they are the pipe once ``plumbing`` ran.
            pass_fds=(3, 4, commands_read, answers_write),
            preexec_fn=plumbing,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(answers_write)
        browser = cls(process, commands_write, answers_read)
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        browser.session = attached["sessionId"]
        for domain in ("Page", "Network", "Log", "Runtime"):
            browser.call(f"{domain}.enable")
        browser.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        return browser

    # -- the protocol ------------------------------------------------------------------------
    def _send(self, method: str, params: dict[str, Any] | None, session: bool) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session is not None:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode("utf-8") + b"\0")
        return self._next_id

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self._note(message)
        return message

    def _note(self, event: dict[str, Any]) -> None:
        method = event["method"]
        params = event.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Log.entryAdded":
            self.messages.append(params["entry"].get("text", ""))
        elif method == "Runtime.consoleAPICalled":
            self.messages.append(" ".join(str(a.get("value", "")) for a in params.get("args", [])))
        self._events.append(event)

    def call(
        self, method: str, params: dict[str, Any] | None = None, timeout: float = 60
    ) -> dict[str, Any]:
        wanted = self._send(method, params, session=not method.startswith(("Target.", "Browser.")))
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def wait_for(self, method: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self._events:
            if event["method"] == method:
                self._events.remove(event)
                return event
        while True:
            message = self._read(deadline)
            if message.get("method") == method:
                self._events.remove(message)
                return message

    # -- what the tests use ------------------------------------------------------------------
    def open(self, url: str) -> None:
        self._events.clear()
        self.call("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        found = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return found["result"].get("value")

    def screenshot(self, width: int, height: int) -> bytes:
        shot = self.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
            },
        )
        return base64.b64decode(shot["data"])

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close", timeout=10)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self.to_browser, self.from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
