"""Precision of each grammar rule on every judged finding, labelled documents or not.

``bench/eval.py`` scores the labelled documents; grammar rules that fire rarely there (harper's
``AnA``) are judged on other documents of the corpora too (``tests/eval/judged-grammar.tsv``).
This lints the labelled documents and every document a judged grammar finding names, with
grammar on, and prints per rule the findings made there (in an unlabelled document, only those
of the rules judged in it), how many were judged useful, noise or wrong (a finding that catches a
labelled defect is useful, as ``bench/eval.py`` counts it), and the precision:

    python bench/grammar_precision.py               # harper, its default rules
    python bench/grammar_precision.py --grammar languagetool

A judged finding writer no longer reports does not count. The cache lives in a temporary
``XDG_CACHE_HOME``, so the figures are those of an uncached run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eval import (
    WINDOW,
    document_path,
    load_judged,
    load_kinds,
    load_labels,
    match_text,
    precision,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grammar", default="harper")
    args = parser.parse_args(argv)
    judged = {
        key: verdicts for key, verdicts in load_judged().items() if key[1].startswith("grammar.")
    }
    defects = {label.doc: label.defects for label in load_labels(load_kinds())}
    docs = sorted({key[0] for key in judged} | set(defects))
    sampled = {(key[0], key[1]) for key in judged}
    present = [doc for doc in docs if document_path(doc).is_file()]
    if not present:
        print("skipped: none of the judged documents is beside this checkout")
        return 0
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        from writer.api import Linter, LintOptions
        from writer.infra.files import Target
        from writer.model.findings import FileResult

        linter = Linter(LintOptions(jobs=1, grammar=args.grammar, select=("grammar",)))
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for doc in present:
            path = document_path(doc)
            outcome = linter.lint_target(Target(path, str(path)))
            if not isinstance(outcome, FileResult):
                continue
            text = outcome.text if outcome.text is not None else path.read_text("utf-8")
            lines = text.split("\n")
            pools = {key: list(v) for key, v in judged.items() if key[0] == doc}
            for f in outcome.findings:
                if doc not in defects and (doc, f.rule) not in sampled:
                    continue  # a document judged for another rule
                match = match_text(lines, f.line, f.column, f.end_line, f.end_column)
                pool = pools.get((doc, f.rule, f.line, match))
                caught = any(
                    any(f.rule == r or f.rule.startswith(r + ".") for r in d.rules)
                    and d.first - WINDOW <= f.line <= d.last + WINDOW
                    for d in defects.get(doc, ())
                )
                verdict = pool.pop(0)[0] if pool else "useful" if caught else "unjudged"
                counts[f.rule][verdict] += 1
    print(
        f"{len(present)} documents, labelled or with judged grammar findings "
        f"({len(docs) - len(present)} absent)"
    )
    for rule, found in sorted(counts.items()):
        print(
            f"  {rule:<40} {sum(found.values()):>5}  useful {found['useful']:>4}  noise "
            f"{found['noise']:>4}  wrong {found['wrong']:>4}  unjudged {found['unjudged']:>4}  "
            f"precision {precision(found)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
