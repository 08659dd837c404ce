"""A scripted editor session against ``writer lsp``: random edits (emoji, CJK, line breaks of
every kind, phrases that rules flag, table rows, headings) at random places and paces, bursts of
typing, every kind of request, documents closed and opened again; used for a short soak in the
tests and the ten-minute one in ``bench/lsp_soak.py``.

What it checks as it goes: the server process stays alive and answers every request within
``stall_seconds``. At the end: each open document's last diagnostics are exactly what
``writer lint`` finds in the text the client holds (so the server's copy never drifted from the
editor's), and the server shuts down cleanly.
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.lsp_client import LspClient, ServerError, utf16_position
from writer.api import Linter, LintOptions
from writer.model.document import normalize

PIECES = (
    "😀",
    "日本語",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "The engineer forgot to check it. ",
    "We will add a a canary. ",
    "It was human error. ",
    "the the ",
    "very ",
    "| 14:07 | Alert fired |\n",
    "\n## Impact\n\n",
    "- [ ] Investigate the cause\n",
    "`code` ",
    "[link](https://example.com) ",
    "Résumé ",
    "x",
)


@dataclass
class SoakReport:
    seconds: float = 0.0
    edits: int = 0
    changes: int = 0  # didChange notifications (a burst sends several edits in one)
    requests: int = 0
    reopened: int = 0
    latencies: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    exit_code: int | None = None

    def summary(self) -> str:
        latencies = sorted(self.latencies) or [0.0]
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        rss = (
            f"{self.rss_mb[0]:.0f} MB at the start, {max(self.rss_mb):.0f} MB at most, "
            f"{self.rss_mb[-1]:.0f} MB at the end"
            if self.rss_mb
            else "not measured"
        )
        return "\n".join(
            [
                f"{self.seconds:.0f} s: {self.edits} edits in {self.changes} changes, "
                f"{self.requests} requests, {self.reopened} documents closed and opened again",
                f"request answered in: median {statistics.median(latencies) * 1000:.0f} ms, "
                f"p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms",
                f"server memory (RSS): {rss}",
                f"exit code {self.exit_code}; "
                + ("no problem" if not self.problems else f"{len(self.problems)} problems:"),
                *self.problems[:20],
            ]
        )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def expected(text: str, path: Path, **options: Any) -> list[tuple[str, Any]]:
    """What ``writer lint`` finds in ``text``, as (rule, UTF-16 range), computed here."""
    result = Linter(LintOptions(**options)).lint_text(text, str(path))
    normal = normalize(text)[0]
    return sorted(
        (
            (
                f.rule,
                {"start": utf16_position(normal, f.start), "end": utf16_position(normal, f.end)},
            )
            for f in result.findings
        ),
        key=repr,
    )


def shown(diagnostics: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return sorted(((d["code"], d["range"]) for d in diagnostics), key=repr)


class Session:
    def __init__(self, client: LspClient, rng: random.Random, stall_seconds: float) -> None:
        self.client = client
        self.rng = rng
        self.stall = stall_seconds
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.report = SoakReport()

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = self.versions.get(uri, 0) + 1
        self.texts[uri] = text
        self.client.open(uri, text, self.versions[uri])

    def _offset(self, text: str) -> int:
        offset = self.rng.randint(0, len(text))
        if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
            offset -= 1  # no position names the middle of a "\r\n"
        return offset

    def edit(self, uri: str, count: int = 1) -> None:
        changes = []
        text = self.texts[uri]
        for _ in range(count):
            start = self._offset(text)
            end = start
            if self.rng.random() < 0.4 and text:
                end = min(len(text), start + self.rng.randint(1, 30))
                if 0 < end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
                    end += 1
            new = self.rng.choice(PIECES)
            changes.append(
                {
                    "range": {
                        "start": utf16_position(text, start),
                        "end": utf16_position(text, end),
                    },
                    "text": new,
                }
            )
            text = text[:start] + new + text[end:]
            self.report.edits += 1
        self.texts[uri] = text
        self.versions[uri] += 1
        self.client.change(uri, self.versions[uri], changes)
        self.report.changes += 1

    def request(self, method: str, params: Any) -> Any:
        started = time.monotonic()
        try:
            answer = self.client.request(method, params, timeout=self.stall)
        except TimeoutError:
            self.report.problems.append(f"{method}: no answer in {self.stall} s (a stall)")
            raise
        except ServerError as exc:  # answered, but with an error: a fault to report
            self.report.problems.append(f"{method}: {exc}")
            return None
        self.report.latencies.append(time.monotonic() - started)
        self.report.requests += 1
        return answer

    def random_request(self, uri: str) -> None:
        text = self.texts[uri]
        where = utf16_position(text, self._offset(text))
        document = {"uri": uri}
        kind = self.rng.choice(("hover", "action", "symbols", "completion", "fixall"))
        if kind == "hover":
            self.request("textDocument/hover", {"textDocument": document, "position": where})
        elif kind == "symbols":
            self.request("textDocument/documentSymbol", {"textDocument": document})
        elif kind == "completion":
            self.request("textDocument/completion", {"textDocument": document, "position": where})
        else:
            context: dict[str, Any] = {"diagnostics": []}
            if kind == "fixall":
                context["only"] = ["source.fixAll"]
            self.request(
                "textDocument/codeAction",
                {
                    "textDocument": document,
                    "range": {"start": where, "end": where},
                    "context": context,
                },
            )


def soak(
    seconds: float,
    workspace: Path,
    documents: dict[str, str],
    *,
    seed: int = 1,
    stall_seconds: float = 10.0,
    debounce_ms: int = 100,
    log: Path | None = None,
) -> SoakReport:
    """Edit ``documents`` (file names: texts) in ``workspace`` for ``seconds``."""
    rng = random.Random(seed)
    stderr = log.open("w") if log is not None else None
    client = LspClient(cwd=workspace, stderr=stderr)
    session = Session(client, rng, stall_seconds)
    report = session.report
    started = time.monotonic()
    try:
        client.initialize(workspace, options={"debounceMs": debounce_ms})
        uris = {}
        for name, text in documents.items():
            uri = (workspace / name).as_uri()
            uris[uri] = workspace / name
            session.open(uri, text)
        report.rss_mb.append(rss_mb(client.process.pid))
        next_sample = time.monotonic() + 5
        while time.monotonic() - started < seconds:
            if client.process.poll() is not None:
                report.problems.append(f"the server exited with {client.process.returncode}")
                break
            uri = rng.choice(list(uris))
            roll = rng.random()
            try:
                if roll < 0.55:
                    session.edit(uri)
                elif roll < 0.65:
                    for _ in range(rng.randint(5, 30)):  # typing fast: one change per key
                        session.edit(uri)
                elif roll < 0.70:
                    session.edit(uri, rng.randint(2, 6))  # several edits in one change
                elif roll < 0.97:
                    session.random_request(uri)
                else:
                    client.close(uri)
                    session.open(uri, session.texts[uri])
                    report.reopened += 1
            except TimeoutError:
                break
            if rng.random() < 0.3:
                time.sleep(rng.uniform(0, 0.4))  # a pause: the debounce runs out
            if time.monotonic() >= next_sample:
                report.rss_mb.append(rss_mb(client.process.pid))
                next_sample += 5
        if not report.problems:
            for uri, path in uris.items():
                version = session.versions[uri]
                try:
                    final = client.diagnostics(uri, version, timeout=60)
                except TimeoutError:
                    report.problems.append(f"{path.name}: no diagnostics for version {version}")
                    continue
                if shown(final) != expected(session.texts[uri], path):
                    report.problems.append(
                        f"{path.name}: the last diagnostics differ from writer lint's"
                    )
            report.rss_mb.append(rss_mb(client.process.pid))
            report.exit_code = client.shutdown()
            if report.exit_code != 0:
                report.problems.append(f"the server exited with {report.exit_code}")
    finally:
        report.seconds = time.monotonic() - started
        client.kill()
        if stderr is not None:
            stderr.close()
    return report
