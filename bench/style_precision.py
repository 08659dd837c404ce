"""Findings per 1,000 words for each style rule over the real corpora, and a sample of findings
per rule to read by eye (is each one right?).

    python bench/style_precision.py [--styles house,blameless] [--sample 30] [--show RULE]

Prints, per corpus and rule: the count and the rate per 1,000 words. ``--show RULE`` prints a
random sample of that rule's findings with their lines, to judge precision.
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

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
SETS = {
    "KEPs": CORPORA / "kubernetes-enhancements" / "keps",
    "postmortems": CORPORA / "dfds-postmortems",
    "cncf postmortems": CORPORA / "cncf-postmortems",
}


def lint(corpus: Path, styles: list[str], jobs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "writer.toml"
        config.write_text(f"styles = {json.dumps(styles)}\n", encoding="utf-8")
        argv = [sys.executable, "-m", "writer", "lint", "--config", str(config)]
        argv += ["--format", "json", "--exit-zero", "--select", "style", "--jobs", str(jobs)]
        done = subprocess.run([*argv, str(corpus)], cwd=ROOT, capture_output=True, check=False)
    data: dict[str, object] = json.loads(done.stdout or b"{}")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--styles", default="house,blameless")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--show", action="append", default=[], metavar="RULE")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    styles = args.styles.split(",")
    rng = random.Random(args.seed)
    for name, corpus in SETS.items():
        if not corpus.is_dir():
            print(f"{name}: {corpus} is absent")
            continue
        data = lint(corpus, styles, args.jobs)
        files = data.get("files", [])
        assert isinstance(files, list)
        words = sum(int(f.get("stats", {}).get("words", 0)) for f in files)
        counts: Counter[str] = Counter()
        found: dict[str, list[tuple[str, dict[str, object]]]] = {}
        for entry in files:
            for finding in entry["findings"]:
                counts[finding["rule"]] += 1
                found.setdefault(finding["rule"], []).append((entry["path"], finding))
        print(f"\n{name}: {len(files)} files, {words} words, styles {styles}")
        for rule, count in counts.most_common():
            print(f"  {rule:<34} {count:6d}  {1000 * count / max(words, 1):6.2f} per 1,000 words")
        for rule in args.show:
            sample = found.get(rule, [])
            for path, finding in rng.sample(sample, min(args.sample, len(sample))):
                line = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
                text = line[int(finding["line"]) - 1] if int(finding["line"]) <= len(line) else ""
                print(f"  {rule} {Path(path).name}:{finding['line']}: {text.strip()[:150]}")
                print(f"      -> {finding['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
