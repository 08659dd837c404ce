"""Time ``writer lint`` over the KEP corpus with no style guide, with ``house``, and with the
Google and Microsoft Vale styles; print wall time, throughput and the ratio to built-in only.

    python bench/style_guides.py [--jobs 2] [--corpus DIR] [--repeat 1] [--foundation]

Each configuration is a throwaway config file (``styles = [...]``), so only the style guides
differ between runs. Timings on a shared machine are noisy: repeat and compare ratios.

``--foundation`` compares against the Foundation's built-in-only run instead: no template, and
only its five built-in rules selected; the style runs select those five plus the style's rules
(``style.house`` includes the terminology check). Runs alternate between configurations, so a
change in machine load touches all of them alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
KEPS = SHARED / "corpora" / "kubernetes-enhancements" / "keps"
VALE_STYLES = SHARED / "vale" / "styles"

CONFIGS = {
    "built-in only": "styles = []\n",
    "house": 'styles = ["house"]\n',
    "Google + Microsoft": f'styles = ["Google", "Microsoft"]\nstyle_paths = ["{VALE_STYLES}"]\n',
}


def corpus_size(corpus: Path) -> tuple[int, int]:
    files = [p for p in corpus.rglob("*.md")]
    return len(files), sum(p.stat().st_size for p in files)


FOUNDATION_RULES = (
    "structure.placeholder,prose.repeated-word,structure.heading-increment,"
    "structure.duplicate-heading,structure.empty-section"
)
FOUNDATION_SELECT = {
    "built-in only": FOUNDATION_RULES,
    "house": FOUNDATION_RULES + ",style.house",
    "Google + Microsoft": FOUNDATION_RULES + ",style.Google,style.Microsoft",
}


def run_once(config: Path, corpus: Path, jobs: int, extra: Sequence[str] = ()) -> float:
    argv = [sys.executable, "-m", "writer", "lint", "--config", str(config), "--format", "json"]
    argv += ["--exit-zero", "--jobs", str(jobs), *extra, str(corpus)]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"writer failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=KEPS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--foundation", action="store_true", help="against the Foundation's five built-in rules"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus {args.corpus} is absent: nothing to measure")
        return 0
    files, size = corpus_size(args.corpus)
    print(f"corpus: {args.corpus} ({files} files, {size / 1e6:.1f} MB), jobs={args.jobs}")
    times: dict[str, list[float]] = {name: [] for name in CONFIGS}
    with tempfile.TemporaryDirectory() as tmp:
        configs = {}
        for name, text in CONFIGS.items():
            configs[name] = Path(tmp) / f"{name.split()[0].lower()}.writer.toml"
            if args.foundation:
                text = 'template = "none"\n' + text
            configs[name].write_text(text, encoding="utf-8")
        for _ in range(args.repeat):
            for name, config in configs.items():
                extra = ("--select", FOUNDATION_SELECT[name]) if args.foundation else ()
                times[name].append(run_once(config, args.corpus, args.jobs, extra))
    results = {name: statistics.median(values) for name, values in times.items()}
    base = results["built-in only"]
    for name, seconds in results.items():
        print(
            f"{name:<20} {seconds:7.2f} s  {size / 1e6 / seconds:5.2f} MB/s  "
            f"{files / seconds:6.1f} files/s  x{seconds / base:.2f} of built-in only"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
