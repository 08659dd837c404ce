"""Findings per 1,000 words for each style rule over the real corpora, and a fixed sample of
findings per rule to read by eye (is each one right?).

    python bench/style_precision.py [--styles house,blameless] [--sample 30] [--seed 7]
                                    [--samples] [--show RULE ...]

Prints, per corpus and rule, the count and the rate per 1,000 words, then the same over all the
corpora. ``--samples`` prints, for every rule, ``--sample`` findings drawn with a fixed seed from
all the corpora together (``--show RULE`` for some rules only), each with its line and the
matched text marked as ``[[...]]``, so a reader can mark each one right or wrong.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SETS = {
    "KEPs": CORPORA / "kubernetes-enhancements" / "keps",
    "postmortems": CORPORA / "dfds-postmortems",
    "cncf postmortems": CORPORA / "cncf-postmortems",
}


def lint(corpus: Path, styles: list[str], jobs: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "writer.toml"
        config.write_text(f"styles = {json.dumps(styles)}\n", encoding="utf-8")
        argv = [sys.executable, "-m", "writer", "lint", "--config", str(config)]
        argv += ["--format", "json", "--exit-zero", "--select", "style", "--jobs", str(jobs)]
        done = subprocess.run([*argv, str(corpus)], cwd=ROOT, capture_output=True, check=False)
    data: dict[str, Any] = json.loads(done.stdout or b"{}")
    return data


def rate_table(title: str, counts: Counter[str], words: int) -> None:
    print(f"\n{title}: {words:,} words")
    for rule, count in sorted(counts.items()):
        print(f"  {rule:<34} {count:6d}  {1000 * count / max(words, 1):7.3f} per 1,000 words")


def marked(path: str, finding: dict[str, Any]) -> str:
    """The finding's line with the flagged text between ``[[`` and ``]]``."""
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    line, column = int(finding["line"]), int(finding["column"])
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    end = int(finding.get("end_column") or column)
    if int(finding.get("end_line") or line) != line:
        end = len(text) + 1
    begin = max(column - 1, 0)
    shown = f"{text[:begin]}[[{text[begin:end]}]]{text[end:]}"  # end_column is inclusive
    # Keep the marked text in view on long lines.
    if len(shown) > 220:
        start = max(0, begin - 100)
        shown = ("..." if start else "") + shown[start : start + 220] + "..."
    return shown.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--styles", default="house,blameless")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--samples", action="store_true", help="print a sample for every rule")
    parser.add_argument("--show", action="append", default=[], metavar="RULE")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    styles = args.styles.split(",")
    total: Counter[str] = Counter()
    total_words = 0
    found: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, corpus in SETS.items():
        if not corpus.is_dir():
            print(f"{name}: {corpus} is absent")
            continue
        data = lint(corpus, styles, args.jobs)
        files = data.get("files", [])
        words = sum(int(f.get("stats", {}).get("words", 0)) for f in files)
        counts: Counter[str] = Counter()
        for entry in files:
            for finding in entry["findings"]:
                counts[finding["rule"]] += 1
                found.setdefault(finding["rule"], []).append((entry["path"], finding))
        rate_table(f"{name}: {len(files)} files, styles {styles}", counts, words)
        total.update(counts)
        total_words += words
    rate_table("all corpora", total, total_words)
    rules = sorted(found) if args.samples else args.show
    for rule in rules:
        pool = sorted(found.get(rule, []), key=lambda item: (item[0], item[1]["line"]))
        # One generator per rule, so a rule's sample does not depend on the other rules.
        rng = random.Random(f"{args.seed}:{rule}")
        sample = rng.sample(pool, min(args.sample, len(pool)))
        print(f"\n== {rule}: {len(sample)} of {len(pool)} findings")
        for number, (path, finding) in enumerate(sample, start=1):
            where = f"{Path(path).parent.name}/{Path(path).name}:{finding['line']}"
            print(f"{number:3d}. {where}: {marked(path, finding)}")
            print(f"       -> {finding['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
