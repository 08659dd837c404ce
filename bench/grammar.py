"""Grammar speed: harper alone, the KEP corpus with grammar on against off, and one 5,000-word
postmortem as a whole process.

    python bench/grammar.py [--repeat N] [--files N] [--jobs N] [--skip-harper] [--skip-corpus]
                            [--skip-single]

1. harper alone: the prose blocks of the first ``--files`` KEPs (as the grammar check builds
   them), checked as ``writer lint`` does (a document's paragraphs, 20 a call).
2. ``writer lint`` over the KEPs as whole processes, side by side: grammar on (harper) with an
   empty cache, grammar off, and grammar on with the filled cache, the three alternated
   ``--repeat`` times so all see the same load (each uncached run starts from an empty cache).
   Wall and CPU time (user + system, workers included) and peak RSS come from ``wait4``, as
   ``/usr/bin/time -v`` reports them. Goals: uncached at most 3x the run with grammar off,
   cached at most 1.1x; the ratios of the medians and of each triple are printed.
3. One postmortem of about 5,000 words (real postmortems from the corpora, joined), linted as a
   whole process with grammar off, on with an empty cache, and on with a filled cache. Goal:
   uncached at most 0.6 s.

Caches live in temporary ``XDG_CACHE_HOME`` folders; the user's own cache is not touched.
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

from bench._common import CORPORA, KEPS, markdown_files, need, size_mb, writer_command


def harper_throughput(files: list[Path]) -> None:
    from writer.checks.grammar.checker import grammar_checked
    from writer.checks.grammar.harper import HarperBackend, harper_version
    from writer.checks.grammar.text import grammar_text
    from writer.model.document import parse
    from writer.settings.config import GrammarSettings

    documents: list[list[str]] = []
    for path in files:
        document = parse(path.read_text(encoding="utf-8", errors="replace"), str(path))
        texts = [
            (block.kind, grammar_text(document, block).text)
            for block in document.blocks
            if block.text.strip()
        ]
        documents.append(
            [text for kind, text in texts if text.strip() and grammar_checked(kind, text)]
        )
    paragraphs = sum(len(texts) for texts in documents)
    words = sum(len(text.split()) for texts in documents for text in texts)
    import harper

    started = time.perf_counter()
    everything = tuple(rule for rule, on in harper.get_default_lint_config().items() if on)
    build = time.perf_counter() - started
    print(
        f"harper-py {harper_version()}: {len(files)} KEPs, {paragraphs} paragraphs, {words} words"
    )
    print(f"  building harper's dictionary (once per process)       {build:8.3f} s")
    for label, settings in (
        (
            f"all {len(everything)} rules harper turns on",
            GrammarSettings(backend="harper", enabled_rules=everything),
        ),
        ("writer's rules (sentences they can fire in)", GrammarSettings(backend="harper")),
    ):
        backend = HarperBackend(settings)
        backend.misspelt(["warm"])
        started = time.perf_counter()
        found = sum(len(m) for texts in documents for m in backend.check(texts))
        elapsed = time.perf_counter() - started
        print(f"  {label:<46} {elapsed:8.3f} s  {words / elapsed:9.0f} words/s  ({found} matches)")


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


def corpus_runs(files: list[Path], repeat: int, jobs: int | None, subset: bool) -> None:
    corpus = need(KEPS)
    base = [*writer_command(), "lint", "--format", "line", "--exit-zero"]
    if jobs:
        base += ["--jobs", str(jobs)]
    targets = [str(path) for path in files] if subset else [str(corpus)]
    print(f"\nwriter lint over {len(files)} files, {size_mb(files):.1f} MB")
    _side_by_side(base, targets, repeat, uncached_goal=3.0, cached_goal=1.1)


def single_runs(repeat: int) -> None:
    """One postmortem of about 5,000 words, as a whole process."""
    text = postmortem_text(5000)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "postmortem.md"
        path.write_text(text, encoding="utf-8")
        print(f"\nwriter lint on one postmortem of {len(text.split())} words")
        base = [*writer_command(), "lint", "--format", "line", "--exit-zero"]
        _side_by_side(base, [str(path)], repeat, uncached_goal=None, cached_goal=None)


def postmortem_text(words: int) -> str:
    """Real postmortems from the corpora, joined until they hold ``words`` words."""
    parts: list[str] = []
    count = 0
    for path in markdown_files(need(CORPORA / "postmortems-wild")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            text = text[end + 4 :] if end > 0 else text
        size = len(text.split())
        if not 300 <= size <= 2500:
            continue
        parts.append(text)
        count += size
        if count >= words:
            break
    return "\n\n".join(parts)


def _side_by_side(
    base: list[str],
    targets: list[str],
    repeat: int,
    *,
    uncached_goal: float | None,
    cached_goal: float | None,
) -> None:
    off_argv = [*base, "--grammar", "off", *targets]
    on_argv = [*base, "--grammar", "harper", *targets]
    runs: dict[str, list[Run]] = {"off": [], "uncached": [], "cached": []}
    with tempfile.TemporaryDirectory() as scratch:
        filled = str(Path(scratch) / "filled")
        for number in range(repeat):
            os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / f"empty{number}")
            runs["uncached"].append(run_once(on_argv))
            if number == 0:  # fill the cache the cached runs read
                os.environ["XDG_CACHE_HOME"] = filled
                run_once(on_argv)
            os.environ["XDG_CACHE_HOME"] = filled
            runs["off"].append(run_once(off_argv))
            runs["cached"].append(run_once(on_argv))
    print(_row("grammar off", runs["off"]))
    print(_row("grammar harper, empty cache", runs["uncached"]))
    print(_row("grammar harper, cached", runs["cached"]))
    for what in ("wall", "cpu"):
        off = [getattr(r, what) for r in runs["off"]]
        for label, goal in (("uncached", uncached_goal), ("cached", cached_goal)):
            on = [getattr(r, what) for r in runs[label]]
            pairs = ", ".join(f"{b / a:.2f}" for a, b in zip(off, on, strict=True))
            target = f" (the goal is at most {goal:g})" if goal else ""
            print(
                f"  {label} grammar / grammar off ({what}): median "
                f"{statistics.median(on):.2f} / {statistics.median(off):.2f} = "
                f"{statistics.median(on) / statistics.median(off):.2f}; per run {pairs}{target}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=100, help="KEPs for the harper-only part")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--skip-harper", action="store_true", help="no harper-only part")
    parser.add_argument("--skip-corpus", action="store_true", help="no KEP corpus part")
    parser.add_argument("--skip-single", action="store_true", help="no single-postmortem part")
    parser.add_argument(
        "--corpus-files", type=int, default=0, help="lint only the first N files (default: all)"
    )
    args = parser.parse_args()
    files = markdown_files(need(KEPS))
    if not args.skip_harper:
        harper_throughput(files[: args.files])
    if not args.skip_single:
        single_runs(max(args.repeat, 5))
    if not args.skip_corpus:
        subset = files[: args.corpus_files] if args.corpus_files else files
        corpus_runs(subset, args.repeat, args.jobs, bool(args.corpus_files))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
