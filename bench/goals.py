"""How ``design.goal-unmeasurable`` does on the goals of the shared KEPs, read one by one.

``tests/eval/goals-keps.tsv`` holds 360 goals drawn at random from the Goals sections of the
KEPs in the shared corpora, each read and classed as ``testable`` (names an outcome a reviewer
could check: a number, a condition, an API or behaviour that will or will not exist),
``vague`` (only promises to make something better, or restates the proposal) or ``other`` (a
question, a fragment, scope rather than a goal). The ``set`` column says when each was read:
``tuned`` (read before the rule was written and used to write it), ``second`` (read next and
used to correct it) and ``fresh`` (read last, after the rule was settled, never used to change
it). The rule is run on each goal's KEP as ``writer lint`` runs it, and the share of each class
it fires on is printed per set.

Usage: python bench/goals.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import CORPORA, ROOT, need
from writer.api import Linter, LintOptions

TABLE = ROOT / "tests" / "eval" / "goals-keps.tsv"
RULE = "design.goal-unmeasurable"


def main() -> int:
    need(CORPORA)
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    linter = Linter(LintOptions(select=(RULE,), jobs=1))
    fired: dict[str, set[int]] = {}
    for doc in sorted({row["doc"] for row in rows}):
        path = CORPORA / doc
        result = linter.lint_text(path.read_text(encoding="utf-8"), str(path))
        fired[doc] = {finding.line for finding in result.findings if finding.rule == RULE}
    counts: dict[str, Counter[tuple[str, bool]]] = defaultdict(Counter)
    for row in rows:
        hit = int(row["line"]) in fired[row["doc"]]
        counts[row["set"]][(row["reading"], hit)] += 1
        counts["all"][(row["reading"], hit)] += 1
    print(f"{RULE} on {len(rows)} goals of {len(fired)} KEPs, read and classed by hand")
    for name in ("tuned", "second", "fresh", "all"):
        found = counts[name]
        parts = []
        for reading in ("testable", "vague", "other"):
            total = found[(reading, True)] + found[(reading, False)]
            share = 100 * found[(reading, True)] / total if total else 0.0
            parts.append(f"{reading} {found[(reading, True)]}/{total} ({share:.0f}%)")
        print(f"  {name:<7} fires on  " + "   ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
