"""Measure writer against the labelled evaluation set in ``tests/eval/``.

Every labelled document is linted with the default settings (or the options given) and its
findings are held against the labels and the judged findings:

- **recall**: a labelled defect a rule can reach is caught when a finding of one of the rules
  its kind lists (``tests/eval/kinds.yaml``, plus the label's own ``rule``) starts within two
  lines of it;
- **precision**: a finding is useful when it catches a labelled defect or is judged useful in
  ``tests/eval/judged.tsv``; noise and wrong come from the judged file; findings neither
  explained nor judged are counted as unjudged and can be sampled for judging (``--sample``);
- **volume**: findings per document (median, p90), and the documents the default hook fails
  (any finding at warning or above) against those with a labelled defect at warning or above;
- **kinds**: the kind of document writer decided against the labelled one.

    python bench/eval.py                       # the whole set, default settings
    python bench/eval.py --split holdout       # only the teams kept apart while writing rules
    python bench/eval.py --grammar harper      # with spelling and grammar on
    python bench/eval.py --sample 20 --seed 1  # unjudged findings to judge, per rule
    python bench/eval.py --json                # the figures as JSON
    python bench/eval.py --config my.toml      # with these settings (more harper rules, say)

The documents are read from ``../shared/corpora`` (``WRITER_CORPORA``) and, for those kept
outside it, from ``../eval-extra`` (``WRITER_EVAL_EXTRA``); absent ones are skipped and counted.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "eval"
CORPORA = Path(os.environ.get("WRITER_CORPORA", ROOT.parent / "shared" / "corpora"))
EXTRA = Path(os.environ.get("WRITER_EVAL_EXTRA", ROOT.parent / "eval-extra"))
WINDOW = 2  # lines either side of a labelled defect a finding may start on
SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}
VERDICTS = ("useful", "noise", "wrong")


@dataclass(frozen=True)
class Defect:
    doc: str
    first: int
    last: int
    kind: str
    severity: str
    rules: frozenset[str]
    reachable: bool
    why: str
    seen_after_tool: bool


@dataclass(frozen=True)
class Label:
    doc: str
    path: Path
    kind: str
    team: str
    split: str
    defects: tuple[Defect, ...]
    data: dict[str, Any] = field(compare=False, repr=False)


@dataclass
class Seen:
    """One finding as the harness holds it."""

    doc: str
    rule: str
    severity: str
    line: int
    match: str
    message: str
    verdict: str = ""  # useful | noise | wrong, or "" when not judged
    reason: str = ""
    caught: bool = False  # explains a labelled defect


def document_path(doc: str) -> Path:
    if doc.startswith("extra/"):
        return EXTRA / doc[len("extra/") :]
    return CORPORA / doc


def load_kinds() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((EVAL / "kinds.yaml").read_text(encoding="utf-8"))
    return {kind: spec for group in data.values() for kind, spec in group.items()}


def load_labels(kinds: dict[str, dict[str, Any]]) -> list[Label]:
    labels = []
    for file in sorted((EVAL / "labels").rglob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        doc = data["doc"]
        defects = []
        for entry in data.get("defects") or ():
            lines = entry["lines"]
            first, last = (lines[0], lines[-1]) if isinstance(lines, list) else (lines, lines)
            kind = entry["kind"]
            if kind not in kinds:
                raise ValueError(f"{file}: unknown defect kind {kind!r}")
            rules = set(kinds[kind].get("rules", ()))
            if entry.get("rule"):
                rules.add(entry["rule"])
            defects.append(
                Defect(
                    doc,
                    int(first),
                    int(last),
                    kind,
                    entry.get("severity", "warning"),
                    frozenset(rules),
                    entry.get("reach") == "rule",
                    entry.get("why", ""),
                    bool(entry.get("seen_after_tool")),
                )
            )
        labels.append(
            Label(
                doc,
                document_path(doc),
                data.get("kind", "other"),
                data.get("team", ""),
                data.get("split", "dev"),
                tuple(defects),
                data,
            )
        )
    return labels


def load_judged() -> dict[tuple[str, str, int, str], list[tuple[str, str]]]:
    """Every judged file (``judged.tsv``, and ``judged-*.tsv`` for one family each)."""
    judged: dict[tuple[str, str, int, str], list[tuple[str, str]]] = defaultdict(list)
    for path in sorted(EVAL.glob("judged*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                key = (row["doc"], row["rule"], int(row["line"]), row["match"])
                judged[key].append((row["verdict"], row["reason"]))
    return judged


def match_text(lines: Sequence[str], line: int, column: int, end_line: int, end_column: int) -> str:
    """The text of a finding's span, whitespace folded, at most 80 characters."""
    if not 1 <= line <= len(lines):
        return ""
    if end_line == line:
        text = lines[line - 1][column - 1 : end_column]
    else:
        parts = [lines[line - 1][column - 1 :], *lines[line : end_line - 1]]
        if end_line - 1 < len(lines):
            parts.append(lines[end_line - 1][:end_column])
        text = " ".join(parts)
    return " ".join(text.split())[:80].replace("\t", " ")


@dataclass
class DocRun:
    label: Label
    findings: list[Seen]
    template: str | None
    kind: str


def lint_documents(labels: Iterable[Label], options: Any) -> tuple[list[DocRun], list[str]]:
    from writer.api import Linter
    from writer.infra.files import Target
    from writer.model.findings import FileResult

    linter = Linter(options)
    runs: list[DocRun] = []
    missing: list[str] = []
    for label in labels:
        if not label.path.is_file():
            missing.append(label.doc)
            continue
        outcome = linter.lint_target(Target(label.path, str(label.path)))
        if not isinstance(outcome, FileResult):
            missing.append(f"{label.doc}: {outcome.message}")
            continue
        text = outcome.text if outcome.text is not None else label.path.read_text("utf-8")
        lines = text.split("\n")
        seen = [
            Seen(
                label.doc,
                f.rule,
                f.severity.label,
                f.line,
                match_text(lines, f.line, f.column, f.end_line, f.end_column),
                f.message,
            )
            for f in outcome.findings
        ]
        runs.append(DocRun(label, seen, outcome.template, outcome.kind or "other"))
    return runs, missing


def score(
    runs: list[DocRun], judged: dict[tuple[str, str, int, str], list[tuple[str, str]]]
) -> dict[str, Any]:
    """Attach verdicts to findings and work out every figure."""
    defect_hits: dict[Defect, bool] = {}
    for run in runs:
        # Judged verdicts, taken once per identical finding.
        pools = {key: list(values) for key, values in judged.items() if key[0] == run.label.doc}
        for finding in run.findings:
            pool = pools.get((finding.doc, finding.rule, finding.line, finding.match))
            if pool:
                finding.verdict, finding.reason = pool.pop(0)
        for defect in run.label.defects:
            hit = False
            for finding in run.findings:
                named = finding.rule in defect.rules or _family_match(finding.rule, defect.rules)
                if named and defect.first - WINDOW <= finding.line <= defect.last + WINDOW:
                    finding.caught = True
                    hit = True
            defect_hits[defect] = hit
    figures: dict[str, Any] = {}
    # Precision per rule and per family.
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for run in runs:
        for finding in run.findings:
            verdict = finding.verdict or ("useful" if finding.caught else "unjudged")
            if finding.caught and finding.verdict in ("noise", "wrong"):
                verdict = finding.verdict  # a judged verdict is the reader's word
            per_rule[finding.rule][verdict] += 1
    figures["rules"] = {rule: dict(counts) for rule, counts in sorted(per_rule.items())}
    families: dict[str, Counter[str]] = defaultdict(Counter)
    for rule, counts in per_rule.items():
        families[family(rule)].update(counts)
    figures["families"] = {name: dict(counts) for name, counts in sorted(families.items())}
    total: Counter[str] = Counter()
    for counts in per_rule.values():
        total.update(counts)
    figures["overall"] = dict(total)
    # Recall per kind and per family of the rules meant to catch it.
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    for defect, hit in defect_hits.items():
        if not defect.reachable:
            by_kind[defect.kind]["out of reach"] += 1
            continue
        by_kind[defect.kind]["caught" if hit else "missed"] += 1
    figures["recall"] = {kind: dict(counts) for kind, counts in sorted(by_kind.items())}
    figures["missed"] = sorted(
        (defect.kind, defect.doc, defect.first, defect.last, defect.why)
        for defect, hit in defect_hits.items()
        if defect.reachable and not hit
    )
    reach = [d for d in defect_hits if d.reachable]
    figures["recall_overall"] = {
        "caught": sum(1 for d in reach if defect_hits[d]),
        "reachable": len(reach),
        "labelled": len(defect_hits),
    }
    # Volume and the hook.
    counts = [len(run.findings) for run in runs]
    failing = [run for run in runs if any(SEVERITY_RANK[f.severity] >= 2 for f in run.findings)]
    serious = [
        run for run in runs if any(SEVERITY_RANK.get(d.severity, 2) >= 2 for d in run.label.defects)
    ]
    clean_failing = [
        run.label.doc
        for run in failing
        if not any(SEVERITY_RANK.get(d.severity, 2) >= 2 for d in run.label.defects)
    ]
    figures["volume"] = {
        "documents": len(runs),
        "findings": sum(counts),
        "median": statistics.median(counts) if counts else 0,
        "p90": _percentile(counts, 0.9),
        "fail_hook": len(failing),
        "with_warning_defect": len(serious),
        "fail_hook_without_warning_defect": clean_failing,
    }
    # Kinds.
    kinds: Counter[tuple[str, str]] = Counter((run.label.kind, run.kind) for run in runs)
    figures["kinds"] = {f"{want} -> {got}": n for (want, got), n in sorted(kinds.items())}
    figures["templates"] = dict(Counter(f"{run.label.kind}: {run.template}" for run in runs))
    return figures


def _family_match(rule: str, rules: frozenset[str]) -> bool:
    """Dynamic rule ids (``grammar.harper.SpellCheck``) count for their declared prefix."""
    return any(rule.startswith(prefix + ".") for prefix in rules)


def family(rule: str) -> str:
    parts = rule.split(".")
    if parts[0] in ("style", "grammar") and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0]


def _percentile(values: Sequence[int], q: float) -> float:
    if not values:
        return 0
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(q * (len(ordered) - 1)))
    return ordered[index]


def precision(counts: dict[str, int]) -> str:
    judged = sum(counts.get(v, 0) for v in VERDICTS)
    if not judged:
        return "   -  "
    return f"{100 * counts.get('useful', 0) / judged:5.1f}%"


def print_report(figures: dict[str, Any], missing: list[str], out: Any = sys.stdout) -> None:
    def row(name: str, counts: dict[str, int]) -> str:
        found = sum(counts.values())
        return (
            f"  {name:<44} {found:>5}  useful {counts.get('useful', 0):>4}  noise "
            f"{counts.get('noise', 0):>4}  wrong {counts.get('wrong', 0):>4}  unjudged "
            f"{counts.get('unjudged', 0):>4}  precision {precision(counts)}"
        )

    volume = figures["volume"]
    print(
        f"{volume['documents']} documents, {volume['findings']} findings; per document median "
        f"{volume['median']}, p90 {volume['p90']}",
        file=out,
    )
    if missing:
        print(f"  ({len(missing)} labelled documents absent or unreadable: skipped)", file=out)
    print(row("overall", figures["overall"]), file=out)
    print("\nPrecision by family", file=out)
    for name, counts in figures["families"].items():
        print(row(name, counts), file=out)
    print("\nPrecision by rule", file=out)
    for name, counts in figures["rules"].items():
        print(row(name, counts), file=out)
    recall = figures["recall_overall"]
    share = 100 * recall["caught"] / recall["reachable"] if recall["reachable"] else 0.0
    print(
        f"\nRecall: {recall['caught']} of {recall['reachable']} reachable defects caught "
        f"({share:.1f}%); {recall['labelled']} labelled",
        file=out,
    )
    for kind, counts in figures["recall"].items():
        caught, missed = counts.get("caught", 0), counts.get("missed", 0)
        rate = f"{100 * caught / (caught + missed):5.1f}%" if caught + missed else "   -  "
        print(
            f"  {kind:<24} caught {caught:>4}  missed {missed:>4}  recall {rate}  "
            f"out of reach {counts.get('out of reach', 0):>3}",
            file=out,
        )
    print(
        f"\nHook (fails at warning): {volume['fail_hook']} of {volume['documents']} documents "
        f"fail; {volume['with_warning_defect']} have a labelled defect at warning or above",
        file=out,
    )
    for doc in volume["fail_hook_without_warning_defect"]:
        print(f"  fails with no labelled warning: {doc}", file=out)
    print("\nKinds (labelled -> decided)", file=out)
    for pair, n in figures["kinds"].items():
        print(f"  {pair:<30} {n:>4}", file=out)


def sample_unjudged(runs: list[DocRun], per_rule: int, seed: int) -> list[Seen]:
    """Up to ``per_rule`` unjudged findings of each rule, chosen with a fixed seed."""
    by_rule: dict[str, list[Seen]] = defaultdict(list)
    for run in runs:
        for finding in run.findings:
            if not finding.verdict and not finding.caught:
                by_rule[finding.rule].append(finding)
    chosen = []
    generator = random.Random(seed)
    for rule in sorted(by_rule):
        pool = by_rule[rule]
        chosen.extend(generator.sample(pool, min(per_rule, len(pool))))
    return chosen


def options_from(args: argparse.Namespace) -> Any:
    from writer.api import LintOptions

    return LintOptions(
        jobs=1,
        grammar=args.grammar,
        select=tuple(args.select or ()),
        template=args.template,
        config_path=Path(args.config) if args.config else None,
    )


def evaluate(labels: list[Label], options: Any) -> tuple[dict[str, Any], list[DocRun], list[str]]:
    runs, missing = lint_documents(labels, options)
    figures = score(runs, load_judged())
    return figures, runs, missing


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "holdout"), help="only this split")
    parser.add_argument("--kind", help="only documents of this labelled kind (postmortem, design)")
    parser.add_argument("--grammar", help="grammar backend (default: the config's)")
    parser.add_argument("--select", action="append", help="only these rules or prefixes")
    parser.add_argument("--template", help="check every document against this template")
    parser.add_argument("--config", help="a config file to lint every document with")
    parser.add_argument("--sample", type=int, metavar="N", help="print N unjudged findings a rule")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--family",
        action="append",
        help="with --sample: only findings of these rule families or ids (the run's rules stay "
        "the default ones)",
    )
    parser.add_argument(
        "--missed", action="append", metavar="KIND", help="print the missed defects of this kind"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--docs", nargs="*", help="only these documents (paths under the corpora)")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"skipped: {CORPORA} is absent (the shared corpora are not beside this checkout)")
        return 0
    labels = load_labels(load_kinds())
    if args.split:
        labels = [label for label in labels if label.split == args.split]
    if args.kind:
        labels = [label for label in labels if label.kind == args.kind]
    if args.docs:
        wanted = set(args.docs)
        labels = [label for label in labels if label.doc in wanted]
    figures, runs, missing = evaluate(labels, options_from(args))
    if args.sample:
        writer = csv.writer(sys.stdout, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        for finding in sample_unjudged(runs, args.sample, args.seed):
            if args.family and not any(
                finding.rule == name or finding.rule.startswith(name + ".") for name in args.family
            ):
                continue
            writer.writerow(
                [
                    finding.doc,
                    finding.rule,
                    finding.line,
                    finding.match,
                    "",
                    "",
                    f"# {finding.message}",
                ]
            )
        return 0
    if args.missed:
        for kind, doc, first, last, why in figures["missed"]:
            if kind in args.missed:
                lines = str(first) if first == last else f"{first}-{last}"
                print(f"{kind}\t{doc}:{lines}\t{why}")
        return 0
    if args.json:
        json.dump({**figures, "missing": missing}, sys.stdout, indent=2, sort_keys=True)
        print()
        return 0
    print_report(figures, missing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
