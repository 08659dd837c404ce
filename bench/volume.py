"""How many findings writer reports with its default settings on real documents, per corpus:
findings per document (median, p90), per rule family, and how many documents fail the hook
that ``writer init`` sets up (any finding at warning or above).

    python bench/volume.py                 # every shared corpus
    python bench/volume.py --corpus dfds-postmortems
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

from _common import CORPORA, markdown_files, need

CORPUS_FOLDERS = (
    "postmortems-wild",
    "dfds-postmortems",
    "cncf-postmortems",
    "kubernetes-enhancements",
    "rust-rfcs",
)


def family(rule: str) -> str:
    parts = rule.split(".")
    return ".".join(parts[:2]) if parts[0] in ("style", "grammar") else parts[0]


def documents(folder: Path) -> list[Path]:
    found = markdown_files(folder)
    if folder.name == "kubernetes-enhancements":
        found = [p for p in found if p.name == "README.md" and "kep-template" not in str(p)]
    skipped = ("README.md", "TEMPLATE", "template")
    if folder.name != "kubernetes-enhancements":
        found = [p for p in found if not any(word in p.name for word in skipped)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", help="only these corpus folders")
    args = parser.parse_args()
    need(CORPORA)
    from writer.api import Linter, LintOptions
    from writer.infra.files import Target
    from writer.model.findings import FileResult, Severity

    linter = Linter(LintOptions(jobs=1))
    for name in args.corpus or CORPUS_FOLDERS:
        folder = CORPORA / name
        if not folder.is_dir():
            print(f"{name}: absent, skipped")
            continue
        counts: list[int] = []
        families: Counter[str] = Counter()
        failing = 0
        for path in documents(folder):
            outcome = linter.lint_target(Target(path, str(path)))
            if not isinstance(outcome, FileResult):
                continue
            counts.append(len(outcome.findings))
            families.update(family(f.rule) for f in outcome.findings)
            failing += any(f.severity >= Severity.WARNING for f in outcome.findings)
        if not counts:
            continue
        ordered = sorted(counts)
        p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
        print(
            f"{name}: {len(counts)} documents, {sum(counts)} findings; per document median "
            f"{statistics.median(counts):g}, p90 {p90}; {failing} fail the default hook"
        )
        for fam, count in families.most_common():
            print(f"    {fam:<24} {count:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
