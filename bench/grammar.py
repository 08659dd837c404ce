"""Grammar speed: paragraphs/s through harper, and the KEP corpus linted with grammar on.

    python bench/grammar.py [--repeat N] [--files N] [--jobs N]

1. harper alone: the prose blocks of the first ``--files`` KEPs (as the grammar check builds
   them), checked as ``writer lint`` does (a document's paragraphs, 20 a call) and one
   paragraph per call.
2. ``writer lint`` over the KEPs as whole processes: grammar on (harper) with an empty cache
   (or the one ``--cache-dir`` names), then grammar off and grammar on with the filled cache,
   alternated ``--repeat`` times so both see the same load. Wall and CPU time (user + system,
   workers included) and peak RSS come from ``wait4``, as ``/usr/bin/time -v`` reports them. The
   cached run should cost at most 10% more than the run with grammar off; the ratios of the
   medians and of each pair are printed.

The cache lives in a temporary ``XDG_CACHE_HOME``; the user's own cache is not touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import KEPS, markdown_files, need, size_mb, writer_command


def harper_throughput(files: list[Path]) -> None:
    from writer.checks.grammar.checker import _CHECKED_KINDS
    from writer.checks.grammar.harper import HarperBackend, harper_version
    from writer.checks.grammar.text import grammar_text
    from writer.model.document import parse
    from writer.settings.config import GrammarSettings

    documents: list[list[str]] = []
    for path in files:
        document = parse(path.read_text(encoding="utf-8", errors="replace"), str(path))
        texts = [
            grammar_text(document, block).text
            for block in document.blocks
            if block.kind in _CHECKED_KINDS and block.text.strip()
        ]
        documents.append([text for text in texts if text.strip()])
    paragraphs = sum(len(texts) for texts in documents)
    words = sum(len(text.split()) for texts in documents for text in texts)
    backend = HarperBackend(GrammarSettings(backend="harper"))
    started = time.perf_counter()
    backend.check(["Warm up the dictionary."])
    build = time.perf_counter() - started
    print(
        f"harper-py {harper_version()}: {len(files)} KEPs, {paragraphs} paragraphs, {words} words"
    )
    print(f"  building the checker (once per process)       {build:8.3f} s")
    started = time.perf_counter()
    found = sum(len(m) for texts in documents for m in backend.check(texts))
    elapsed = time.perf_counter() - started
    print(
        f"  as writer lint calls it  {elapsed:8.3f} s  {paragraphs / elapsed:9.0f} paragraphs/s  "
        f"{words / elapsed:9.0f} words/s  ({found} matches)"
    )
    sample = [text for texts in documents for text in texts][:2000]
    started = time.perf_counter()
    for text in sample:
        backend.check([text])
    elapsed = time.perf_counter() - started
    print(
        f"  one call per paragraph   {elapsed:8.3f} s  {len(sample) / elapsed:9.0f} paragraphs/s "
        f"(first {len(sample)} paragraphs)"
    )


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system seconds of the process and the workers it waited for
    peak_rss_mb: float


def run_once(argv: list[str]) -> Run:
    """One whole process, output discarded: wall time, CPU time and peak RSS from ``wait4``
    (what ``/usr/bin/time -v`` reports). CPU time is steadier than wall time on a busy machine."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = 0  # reaped above
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def _row(label: str, runs: list[Run]) -> str:
    walls = [r.wall for r in runs]
    cpus = [r.cpu for r in runs]
    return (
        f"  {label:<34} wall median {statistics.median(walls):8.2f} s "
        f"(min {min(walls):.2f}, max {max(walls):.2f})  CPU median "
        f"{statistics.median(cpus):8.2f} s (min {min(cpus):.2f})  "
        f"peak RSS {max(r.peak_rss_mb for r in runs):6.1f} MB  n={len(runs)}"
    )


def corpus_runs(
    files: list[Path], repeat: int, jobs: int | None, cache_dir: str | None, subset: bool
) -> None:
    corpus = need(KEPS)
    base = [*writer_command(), "lint", "--format", "line", "--exit-zero"]
    if jobs:
        base += ["--jobs", str(jobs)]
    targets = [str(path) for path in files] if subset else [str(corpus)]
    off_argv = [*base, "--grammar", "off", *targets]
    on_argv = [*base, "--grammar", "harper", *targets]
    print(f"\nwriter lint over {len(files)} files, {size_mb(files):.1f} MB")
    with tempfile.TemporaryDirectory() as scratch:
        cache = cache_dir or scratch
        os.environ["XDG_CACHE_HOME"] = cache
        filled = bool(list(Path(cache).rglob("grammar-*.sqlite3")))
        label = "grammar harper, cache filled before" if filled else "grammar harper, empty cache"
        first = run_once(on_argv)
        print(_row(label, [first]), flush=True)
        # Alternate the two runs, back to back, so both see the same load on a shared machine.
        off_runs: list[Run] = []
        on_runs: list[Run] = []
        for _ in range(repeat):
            off_runs.append(run_once(off_argv))
            on_runs.append(run_once(on_argv))
        print(_row("grammar off", off_runs))
        print(_row("grammar harper, cached", on_runs))
        size = sum(p.stat().st_size for p in Path(cache).rglob("*") if p.is_file()) / 1e6
    print(f"  cache on disk: {size:.1f} MB")
    for what in ("wall", "cpu"):
        off = [getattr(r, what) for r in off_runs]
        on = [getattr(r, what) for r in on_runs]
        pairs = ", ".join(f"{b / a:.3f}" for a, b in zip(off, on, strict=True))
        print(
            f"  cached grammar / grammar off ({what}): median {statistics.median(on):.2f} / "
            f"{statistics.median(off):.2f} = {statistics.median(on) / statistics.median(off):.3f}"
            f"; per pair {pairs} (the goal is at most 1.10)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=100, help="KEPs for the harper-only part")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--skip-corpus", action="store_true", help="only the harper part")
    parser.add_argument("--skip-harper", action="store_true", help="only the corpus part")
    parser.add_argument(
        "--corpus-files", type=int, default=0, help="lint only the first N files (default: all)"
    )
    parser.add_argument(
        "--cache-dir", help="XDG_CACHE_HOME to fill and reuse across invocations (default: temp)"
    )
    args = parser.parse_args()
    files = markdown_files(need(KEPS))
    if not args.skip_harper:
        harper_throughput(files[: args.files])
    if not args.skip_corpus:
        subset = files[: args.corpus_files] if args.corpus_files else files
        corpus_runs(subset, args.repeat, args.jobs, args.cache_dir, bool(args.corpus_files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
