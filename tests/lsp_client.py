"""A small Language Server Protocol client over a real server's standard input and output, for
end-to-end tests and the soak benchmark: JSON-RPC framing by hand, so a test can also send what
no well-behaved client would (a malformed message), and time what it waits for."""

from __future__ import annotations

import bisect
import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

ROOT = Path(__file__).resolve().parent.parent

# What a typical editor tells the server it can do (UTF-16 positions unless a test asks for
# another encoding).
CAPABILITIES: dict[str, Any] = {
    "general": {"positionEncodings": ["utf-16"]},
    "textDocument": {
        "synchronization": {"didSave": True, "dynamicRegistration": False},
        "publishDiagnostics": {"versionSupport": True, "codeDescriptionSupport": True},
        "completion": {"completionItem": {"snippetSupport": False}},
        "codeAction": {
            "codeActionLiteralSupport": {
                "codeActionKind": {"valueSet": ["quickfix", "source", "source.fixAll"]}
            }
        },
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
    },
    "workspace": {
        "didChangeWatchedFiles": {"dynamicRegistration": True},
        "configuration": True,
        "workspaceEdit": {"documentChanges": True},
    },
}


class ServerError(Exception):
    """An error response from the server."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.error = error


def server_command(*extra: str) -> list[str]:
    return [sys.executable, "-m", "writer", "lsp", *extra]


class LspClient:
    """Starts ``writer lsp`` (or ``argv``) and talks to it over pipes."""

    def __init__(
        self,
        argv: Sequence[str] | None = None,
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        stderr: TextIO | None = None,
        settings: Any = None,
    ) -> None:
        environment = dict(os.environ)
        environment["PYTHONPATH"] = str(ROOT) + os.pathsep + environment.get("PYTHONPATH", "")
        environment.update(env or {})
        self.process = subprocess.Popen(
            list(argv or server_command()),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr if stderr is not None else subprocess.DEVNULL,
            cwd=cwd,
            env=environment,
        )
        self.settings = settings  # what workspace/configuration answers
        self._condition = threading.Condition()
        self._responses: dict[int, dict[str, Any]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.requests_from_server: list[dict[str, Any]] = []
        self._next_id = 0
        self._write_lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- framing -------------------------------------------------------------------------------
    def send_raw(self, body: bytes) -> None:
        assert self.process.stdin is not None
        with self._write_lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _send(self, message: dict[str, Any]) -> None:
        self.send_raw(json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8"))

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    with self._condition:
                        self._condition.notify_all()
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if length is None:
                continue
            message = json.loads(stream.read(length))
            if "method" in message and "id" in message:
                self._answer(message)
                continue
            with self._condition:
                if "id" in message:
                    self._responses[message["id"]] = message
                else:
                    self.notifications.append(message)
                self._condition.notify_all()

    def _answer(self, request: dict[str, Any]) -> None:
        """Requests the server sends: settings when asked, and yes to the rest."""
        with self._condition:
            self.requests_from_server.append(request)
        result: Any = None
        if request["method"] == "workspace/configuration":
            result = [self.settings for _item in request["params"]["items"]]
        with contextlib.suppress(BrokenPipeError, ValueError):  # the server's input is closed
            self._send({"id": request["id"], "result": result})

    # -- requests and notifications ------------------------------------------------------------
    def request_async(self, method: str, params: Any = None) -> int:
        with self._condition:
            self._next_id += 1
            number = self._next_id
        self._send({"id": number, "method": method, "params": params})
        return number

    def response(self, number: int, timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._condition:
            while number not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise TimeoutError(f"no answer to request {number} in {timeout} s")
                self._condition.wait(left)
            message = self._responses.pop(number)
        if "error" in message:
            raise ServerError(message["error"])
        return message.get("result")

    def request(self, method: str, params: Any = None, timeout: float = 30.0) -> Any:
        return self.response(self.request_async(method, params), timeout)

    def notify(self, method: str, params: Any = None) -> None:
        self._send({"method": method, "params": params})

    def wait_for(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 30.0, after: int = 0
    ) -> dict[str, Any]:
        """The first notification from index ``after`` on that ``predicate`` accepts."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                for message in self.notifications[after:]:
                    if predicate(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise TimeoutError("the notification did not come")
                self._condition.wait(left)

    def mark(self) -> int:
        """Where the notifications received so far end (for ``wait_for(after=...)``)."""
        with self._condition:
            return len(self.notifications)

    # -- the protocol's steps ------------------------------------------------------------------
    def initialize(
        self,
        root: Path,
        capabilities: dict[str, Any] | None = None,
        options: Any = None,
    ) -> dict[str, Any]:
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": root.as_uri(),
                "capabilities": capabilities if capabilities is not None else CAPABILITIES,
                "initializationOptions": options,
            },
        )
        self.notify("initialized", {})
        return dict(result)

    def open(self, uri: str, text: str, version: int = 1, language: str = "markdown") -> None:
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri,
                    "languageId": language,
                    "version": version,
                    "text": text,
                }
            },
        )

    def change(self, uri: str, version: int, changes: list[dict[str, Any]]) -> None:
        self.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": changes},
        )

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def diagnostics(
        self, uri: str, version: int | None = None, timeout: float = 30.0, after: int = 0
    ) -> list[dict[str, Any]]:
        """The diagnostics published for ``uri`` (at ``version``, when given)."""

        def wanted(message: dict[str, Any]) -> bool:
            if message.get("method") != "textDocument/publishDiagnostics":
                return False
            params = message["params"]
            return params["uri"] == uri and (version is None or params.get("version") == version)

        return list(self.wait_for(wanted, timeout, after)["params"]["diagnostics"])

    def published(self, uri: str) -> list[dict[str, Any]]:
        """Every publication for ``uri`` so far, in order."""
        with self._condition:
            return [
                m["params"]
                for m in self.notifications
                if m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
            ]

    def shutdown(self, timeout: float = 30.0) -> int:
        """Shut down and exit cleanly; the server's exit code."""
        self.request("shutdown", None, timeout)
        self.notify("exit")
        return self.process.wait(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


def apply_edits(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits (UTF-16 positions) to ``text``, as an editor does."""
    lines = _line_starts(text)

    def offset(position: dict[str, int]) -> int:
        line = position["line"]
        if line >= len(lines):
            return len(text)
        start = lines[line]
        units = 0
        index = start
        while units < position["character"] and index < len(text) and text[index] not in "\r\n":
            units += 2 if ord(text[index]) > 0xFFFF else 1
            index += 1
        return index

    spans = sorted(
        ((offset(e["range"]["start"]), offset(e["range"]["end"]), e["newText"]) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def _line_starts(text: str) -> list[int]:
    starts = [0]
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\r" and text[index + 1 : index + 2] == "\n":
            index += 1
        if char in "\r\n":
            starts.append(index + 1)
        index += 1
    return starts


def utf16_position(text: str, offset: int) -> dict[str, int]:
    """The LSP position (UTF-16) of a code-point offset in ``text``; lines end at ``\\n``,
    ``\\r\\n`` or ``\\r``, as the protocol says."""
    starts = _line_starts(text)
    line = bisect.bisect_right(starts, offset) - 1
    segment = text[starts[line] : offset].rstrip("\r\n")
    return {"line": line, "character": len(segment.encode("utf-16-le")) // 2}
