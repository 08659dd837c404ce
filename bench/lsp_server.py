"""The language server's latency and memory, measured from a real client over stdio.

    python bench/lsp_server.py [--words N] [--rounds N] [--documents N]

Latency: ``writer lsp`` (default 300 ms pause before a check) with a 5,000-word postmortem open
and warm (``--flagged`` of its paragraphs end in a sentence several rules flag, so there are
diagnostics to send); each round replaces one sentence of one paragraph, as typing would, and
times from the ``didChange`` leaving the client to the ``publishDiagnostics`` for that version
arriving. The figure is that time less the pause: what the server adds after the debounce (the
check, the findings turned into diagnostics, JSON both ways, the pipe). Beside it, the check's
own time as the server logs it, and the floor: right after each round, the same lint of the
same text in this process, with nothing around it, so both see the machine's load alike.

Memory: the server's resident memory (``VmRSS`` and the peak ``VmHWM`` from ``/proc``) with
``--documents`` documents open and checked: the postmortems of the shared corpora when they are
beside the checkout (each a different real document), and 5,000-word generated postmortems (the
large case), each set in a fresh server.

Nothing here asserts a time; on a busy machine the figures are noisy.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import CORPORA
from bench.tui_refresh import postmortem
from tests.lsp_client import LspClient, server_command, utf16_position
from writer.api import Linter, LintOptions

DEBOUNCE_MS = 300
CHECKED = re.compile(r"checked .* in ([\d.]+) ms \(([\d.]+) ms of CPU\)")
POSTMORTEM_CORPORA = ("dfds-postmortems", "cncf-postmortems", "postmortems-wild")


def status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            figures[name] = int(value.split()[0]) / 1024
    return figures


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms  "
        f"max {ordered[-1] * 1000:6.1f} ms  (n={len(values)})"
    )


FLAGGED = "The engineer forgot to check the the canary, which was human error."


def with_findings(text: str, count: int) -> str:
    """``text`` with ``count`` of its paragraphs ending in a sentence several rules flag (blame,
    a doubled word), so that the server has diagnostics to send."""
    paragraphs = text.split("\n\n")
    prose = [i for i, p in enumerate(paragraphs) if p[:1].isalpha() and len(p) > 200]
    for index in prose[:count]:
        paragraphs[index] += " " + FLAGGED
    return "\n\n".join(paragraphs)


def latency(words: int, rounds: int, flagged: int) -> None:
    text = with_findings(postmortem(words), flagged)
    linter = Linter(LintOptions())
    sentence = "On-call engineers saw the error rate climb on the payments dashboard"
    places = [i for i in range(len(text)) if text.startswith(sentence, i)]
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        path = workspace / "checkout.md"
        log = workspace / "server.log"
        client = LspClient(server_command("--log-file", str(log), "-v"), cwd=workspace)
        try:
            client.initialize(workspace, options={"debounceMs": DEBOUNCE_MS})
            uri = path.as_uri()
            client.open(uri, text)
            findings = len(client.diagnostics(uri, 1, timeout=120))
            version = 1
            after: list[float] = []
            alone: list[float] = []
            alone_cpu: list[float] = []
            for round_ in range(rounds + 5):  # the first five warm the server up
                start = places[round_ % len(places)]
                end = start + len(sentence)
                replacement = sentence.replace("climb", "rise" if round_ % 2 else "climb")
                change = {
                    "range": {
                        "start": utf16_position(text, start),
                        "end": utf16_position(text, end),
                    },
                    "text": replacement,
                }
                text = text[:start] + replacement + text[end:]
                version += 1
                mark = client.mark()
                sent = time.perf_counter()
                client.change(uri, version, [change])
                client.diagnostics(uri, version, timeout=120, after=mark)
                elapsed = time.perf_counter() - sent
                started = time.perf_counter()  # the floor, on the same text at the same moment
                cpu_started = time.thread_time()
                linter.lint_text(text, str(path))
                if round_ >= 5:
                    after.append(elapsed - DEBOUNCE_MS / 1000)
                    alone.append(time.perf_counter() - started)
                    alone_cpu.append(time.thread_time() - cpu_started)
                time.sleep(0.05)
            rss = status(client.process.pid)
            client.shutdown()
        finally:
            client.kill()
        logged = CHECKED.findall(log.read_text(encoding="utf-8"))[-rounds:]
        checks = [float(wall) / 1000 for wall, _cpu in logged]
        cpu = [float(used) / 1000 for _wall, used in logged]
    print(
        f"postmortem: {len(text.split())} words, {findings} diagnostics; "
        f"pause before a check {DEBOUNCE_MS} ms"
    )
    print(f"  diagnostics after the pause, over stdio  {percentiles(after)}")
    print(f"  of which the check, inside the server    {percentiles(checks)}")
    print(f"  the check's CPU time (its thread's)      {percentiles(cpu)}")
    print(f"  the same lint in this process (floor)    {percentiles(alone)}")
    print(f"  its CPU time                             {percentiles(alone_cpu)}")
    print(f"  server memory then: {rss['VmRSS']:.0f} MB (peak {rss['VmHWM']:.0f} MB)")
    print("  target: at most 100 ms after the pause")


def corpus_documents(limit: int) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name in POSTMORTEM_CORPORA:
        folder = CORPORA / name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.md")):
            if path.name.lower() in ("readme.md", "license.md"):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found.append((f"{len(found):03d}-{path.name}", text))
            if len(found) == limit:
                return found
    return found


def memory(label: str, documents: list[tuple[str, str]], grammar: str | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        extra = ("--grammar", grammar) if grammar else ()
        client = LspClient(server_command(*extra), cwd=workspace)
        try:
            client.initialize(workspace, options={"debounceMs": DEBOUNCE_MS})
            before = status(client.process.pid)
            started = time.perf_counter()
            uris = []
            for name, text in documents:
                uri = (workspace / name).as_uri()
                client.open(uri, text)
                uris.append(uri)
            for uri in uris:
                client.diagnostics(uri, 1, timeout=600)
            seconds = time.perf_counter() - started
            opened = status(client.process.pid)
            for uri in uris:
                client.close(uri)
            client.request("textDocument/documentSymbol", {"textDocument": {"uri": uris[0]}})
            closed = status(client.process.pid)
            client.shutdown()
        finally:
            client.kill()
    words = sum(len(text.split()) for _name, text in documents)
    print(
        f"{label}: {len(documents)} documents ({words:,} words) open and checked in {seconds:.1f} s"
    )
    print(
        f"  server memory: {before['VmRSS']:.0f} MB started, {opened['VmRSS']:.0f} MB with them "
        f"open (peak {opened['VmHWM']:.0f} MB), {closed['VmRSS']:.0f} MB once closed"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument(
        "--flagged", type=int, default=30, help="paragraphs given a sentence rules flag"
    )
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument(
        "--grammar",
        choices=("off", "auto", "harper"),
        help="the server's --grammar in the memory runs (default: the config's own)",
    )
    args = parser.parse_args(argv)
    if not args.skip_latency:
        latency(args.words, args.rounds, args.flagged)
    if args.skip_memory:
        return 0
    real = corpus_documents(args.documents)
    if len(real) < args.documents:
        print(f"{CORPORA}: {len(real)} postmortems found (the shared corpora are absent?)")
    if real:
        memory("real postmortems from the corpora", real, args.grammar)
    big = postmortem(args.words)
    generated = [
        (f"pm-{n:03d}.md", big.replace("# Postmortem:", f"# Postmortem {n}:"))
        for n in range(args.documents)
    ]
    memory(f"{args.words:,}-word postmortems", generated, args.grammar)
    print("  target: at most 150 MB with 100 documents open")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
