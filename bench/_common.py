"""Shared helpers for the benchmarks: locate the corpora, time whole processes, report figures.

Benchmarks print figures and assert nothing about time. Whole-process timings are medians over
several runs, with peak resident memory read from ``getrusage`` (the largest process waited for,
workers included), the same figure ``/usr/bin/time -v`` reports.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
KEPS = CORPORA / "kubernetes-enhancements"
PEERS = Path(os.environ.get("WRITER_PEERS", "/tmp/writer-peers"))


@dataclass(frozen=True)
class Timing:
    label: str
    runs: tuple[float, ...]
    peak_rss_mb: float
    exit_code: int

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def row(self) -> str:
        return (
            f"{self.label:<44} median {self.median:8.3f} s  "
            f"min {min(self.runs):8.3f} s  max {max(self.runs):8.3f} s  "
            f"peak RSS {self.peak_rss_mb:7.1f} MB  (n={len(self.runs)}, exit {self.exit_code})"
        )


# The opening sections of a made-up postmortem, for benchmarks that need documents of their own.
POSTMORTEM_OPENING = """## Summary

The primary database failed over at 14:02 UTC and checkout errors rose to 12% for 31 minutes.

## Impact

About 4,100 customers could not pay; 2,900 orders were retried later.

## Timeline

| time (UTC) | event |
|---|---|
| 14:02 | the primary stops answering health checks |
| 14:08 | the on-call engineer is paged |
| 14:33 | traffic moves to the new primary; errors stop |
"""


def need(path: Path) -> Path:
    if not path.exists():
        print(f"skipped: {path} is absent (the shared corpora are not beside this checkout)")
        sys.exit(0)
    return path


def writer_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m writer``."""
    script = Path(sys.executable).with_name("writer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "writer"]


def peer(name: str) -> str | None:
    """A peer tool installed by ../shared/peers/install.sh (or on PATH), else None."""
    for folder in (PEERS / "venv" / "bin", PEERS / "node" / "node_modules" / ".bin"):
        candidate = folder / name
        if candidate.exists():
            return str(candidate)
    return shutil.which(name)


def time_command(
    label: str, argv: Sequence[str], *, repeat: int = 3, cwd: Path | None = None
) -> Timing:
    """Run a command ``repeat`` times (output discarded); wall times and the peak RSS.

    The peak RSS comes from GNU time (``/usr/bin/time -f %M``) when it is installed: the largest
    process of the run, workers included.
    """
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    runs = []
    peak = 0.0
    code = 0
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
            command = list(argv)
            if gnu_time:
                command = [gnu_time, "-q", "-f", "%M", "-o", rss.name, *command]
            start = time.perf_counter()
            completed = subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, check=False
            )
            runs.append(time.perf_counter() - start)
            text = Path(rss.name).read_text().strip().splitlines()
            if text and text[-1].isdigit():
                peak = max(peak, int(text[-1]) / 1024)
        code = completed.returncode
    return Timing(label, tuple(runs), peak, code)


def markdown_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".md", ".markdown") and p.is_file())


def size_mb(paths: Sequence[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6
