"""Throughput and latency of ``writer lint`` over the 654 KEPs, with peers on the same files.

    python bench/lint_corpus.py [--repeat N] [--peers] [--jobs N] [-- extra writer lint args]

Prints wall time, files/s, MB/s and peak RSS for the whole corpus, and the latency of
``writer lint ONE.md`` as a whole process. With ``--peers``, markdownlint-cli2 and proselint
(installed by ../shared/peers/install.sh) run on the same files and the ratios are printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    KEPS,
    Timing,
    markdown_files,
    need,
    peer,
    size_mb,
    time_command,
    writer_command,
)

ONE_FILE = "keps/sig-node/2400-node-swap/README.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", action="store_true", help="also time the peer tools")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("extra", nargs="*", help="extra arguments for writer lint")
    args = parser.parse_args()
    corpus = need(KEPS)
    files = markdown_files(corpus)
    megabytes = size_mb(files)
    writer = writer_command()
    lint = [*writer, "lint", "--format", "json", "-o", "/dev/null", *args.extra]
    if args.jobs:
        lint += ["--jobs", str(args.jobs)]
    print(f"corpus: {corpus} — {len(files)} markdown files, {megabytes:.1f} MB")
    whole = time_command("writer lint (corpus)", [*lint, str(corpus)], repeat=args.repeat)
    print(whole.row())
    print(
        f"{'':<44} {len(files) / whole.median:8.1f} files/s  {megabytes / whole.median:6.2f} MB/s"
    )
    one = corpus / ONE_FILE
    if not one.exists():
        one = files[0]
    single = time_command(
        f"writer lint ONE.md ({one.stat().st_size // 1024} KB)",
        [*writer, "lint", "--format", "json", "-o", "/dev/null", *args.extra, str(one)],
        repeat=max(5, args.repeat),
    )
    print(single.row())
    if args.peers:
        compare(whole, single, files, one, args.repeat)
    return 0


def compare(whole: Timing, single: Timing, files: list[Path], one: Path, repeat: int) -> None:
    peers = {
        "markdownlint-cli2": lambda targets: [peer("markdownlint-cli2") or "", *targets],
        "proselint": lambda targets: [peer("proselint") or "", "check", *targets],
    }
    for name, build in peers.items():
        if peer(name) is None:
            print(f"{name}: not installed (run ../shared/peers/install.sh); skipped")
            continue
        targets = [str(f) for f in files]
        corpus_run = time_command(f"{name} (corpus)", build(targets), repeat=1)
        print(corpus_run.row())
        print(f"{'':<44} writer is {corpus_run.median / whole.median:5.1f}x faster")
        single_run = time_command(f"{name} ONE.md", build([str(one)]), repeat=max(3, repeat))
        print(single_run.row())
        print(f"{'':<44} ratio writer/peer {single.median / single_run.median:5.2f}")


if __name__ == "__main__":
    sys.exit(main())
