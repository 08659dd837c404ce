"""Grammar speed: paragraphs/s through harper, and the KEP corpus linted with grammar on.

    python bench/grammar.py [--repeat N] [--files N] [--jobs N]

1. harper alone: the prose blocks of the first ``--files`` KEPs (as the grammar check builds
   them), checked one document per call (as ``writer lint`` does) and one paragraph per call.
2. ``writer lint`` over the 654 KEPs as whole processes: grammar off; grammar on (harper) with an
   empty cache; and grammar on again with the cache the first run filled. The cached run should
   cost at most 10% more than the run with grammar off; the ratio is printed.

The cache lives in a temporary ``XDG_CACHE_HOME``; the user's own cache is not touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import KEPS, markdown_files, need, size_mb, time_command, writer_command


def harper_throughput(files: list[Path]) -> None:
    from writer.checks.grammar.checker import _CHECKED_KINDS
    from writer.checks.grammar.harper import HarperBackend, harper_version
    from writer.checks.grammar.text import grammar_text
    from writer.config import GrammarSettings
    from writer.document import parse

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
        f"  one call per document    {elapsed:8.3f} s  {paragraphs / elapsed:9.0f} paragraphs/s  "
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


def corpus_runs(files: list[Path], repeat: int, jobs: int | None) -> None:
    corpus = need(KEPS)
    base = [*writer_command(), "lint", "--format", "line", "--exit-zero"]
    if jobs:
        base += ["--jobs", str(jobs)]
    print(f"\nwriter lint over {len(files)} files, {size_mb(files):.1f} MB (median of {repeat})")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        off = time_command("grammar off", [*base, "--grammar", "off", str(corpus)], repeat=repeat)
        print(off.row())
        cold = time_command(
            "grammar harper, empty cache", [*base, "--grammar", "harper", str(corpus)], repeat=1
        )
        print(cold.row())
        warm = time_command(
            "grammar harper, cached", [*base, "--grammar", "harper", str(corpus)], repeat=repeat
        )
        print(warm.row())
        size = sum(p.stat().st_size for p in Path(cache).rglob("*") if p.is_file()) / 1e6
    print(f"  cache on disk after the runs: {size:.1f} MB")
    print(
        f"  cached grammar / grammar off: {warm.median / off.median:.3f} "
        f"({(warm.median / off.median - 1) * 100:+.1f}%; the goal is at most +10%)"
    )
    print(f"  empty cache / grammar off:    {cold.median / off.median:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--files", type=int, default=100, help="KEPs for the harper-only part")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--skip-corpus", action="store_true", help="only the harper part")
    parser.add_argument("--skip-harper", action="store_true", help="only the corpus part")
    args = parser.parse_args()
    files = markdown_files(need(KEPS))
    if not args.skip_harper:
        harper_throughput(files[: args.files])
    if not args.skip_corpus:
        corpus_runs(files, args.repeat, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
