"""Template conformance over real documents, and agreement with exact heading comparison.

Prints, for the KEP and Rust RFC corpora (and the postmortems): per-cohort conformance (the
share of documents with every required section, the mean number missing), the sections most
often missing, and how documents were matched (exact, normalised, alias, fuzzy). Then the KEP
agreement study: for KEPs created in 2023 or later, each (KEP, required section) pair is
classified by whether an exact heading-by-heading comparison (the way the upstream verify
script works) and writer's ``structure.missing-section`` agree, and every disagreement is
explained by the tier that matched.

Usage: python bench/template_study.py [--limit N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import CORPORA, need
from writer.model.document import Document, parse
from writer.templates import TemplateSpec, bundled_templates, load_template, match_template
from writer.templates.matching import SectionMatch, TemplateMatch, Tier
from writer.templates.resolve import detect_template

KEPS = CORPORA / "kubernetes-enhancements" / "keps"
RFCS = CORPORA / "rust-rfcs" / "text"
POSTMORTEMS = (CORPORA / "dfds-postmortems", CORPORA / "cncf-postmortems")


@dataclass(frozen=True)
class Doc:
    path: Path
    cohort: str
    year: int | None
    document: Document


def kep_docs() -> Iterator[Doc]:
    for spec_file in sorted(KEPS.rglob("kep.yaml")):
        readme = spec_file.with_name("README.md")
        if not readme.is_file() or "NNNN-kep-template" in str(readme):
            continue
        found = re.search(r"creation-date:\s*\"?(\d{4})", spec_file.read_text(errors="replace"))
        year = int(found.group(1)) if found else None
        yield Doc(readme, kep_cohort(year), year, parse(readme.read_text(errors="replace")))


def kep_cohort(year: int | None) -> str:
    if year is None:
        return "KEP, no date"
    if year < 2021:
        return "KEP before 2021"
    if year < 2023:
        return "KEP 2021-2022"
    return "KEP 2023 and later"


def rfc_docs() -> Iterator[Doc]:
    for path in sorted(RFCS.glob("*.md")):
        text = path.read_text(errors="replace")
        found = re.search(r"Start Date:\s*\(?(\d{4})", text)
        year = int(found.group(1)) if found else None
        cohort = (
            "RFC, no date"
            if year is None
            else "RFC before 2017"
            if year < 2017
            else "RFC 2017"
            if year == 2017
            else "RFC 2018 and later"
        )
        yield Doc(path, cohort, year, parse(text, str(path)))


def postmortem_docs() -> Iterator[Doc]:
    for folder in POSTMORTEMS:
        for path in sorted(folder.rglob("*.md")):
            if "template" in path.name.lower():
                continue
            yield Doc(path, folder.name, None, parse(path.read_text(errors="replace")))


def conformance(title: str, docs: list[Doc], spec: TemplateSpec) -> None:
    print(f"\n== {title}: conformance to '{spec.id}' ({len(spec.required_sections)} required)")
    cohorts: dict[str, list[TemplateMatch]] = {}
    detected: Counter[str] = Counter()
    templates = bundled_templates()
    for doc in docs:
        cohorts.setdefault(doc.cohort, []).append(match_template(doc.document, spec))
        found, _confidence = detect_template(doc.document, templates)
        detected[found.id if found is not None else "none (not confident)"] += 1
    print(f"{'cohort':<22} {'docs':>5} {'complete':>9} {'mean missing':>13} {'median':>7}")
    for cohort in sorted(cohorts):
        matches = cohorts[cohort]
        missing = [len(m.missing) for m in matches]
        complete = sum(1 for n in missing if n == 0)
        print(
            f"{cohort:<22} {len(matches):>5} {complete / len(matches):>8.0%} "
            f"{statistics.mean(missing):>13.1f} {statistics.median(missing):>7.0f}"
        )
    tiers: Counter[str] = Counter()
    most: Counter[str] = Counter()
    for matches in cohorts.values():
        for m in matches:
            for match in m.matches:
                tiers[_kind(match)] += 1
            for section in m.missing:
                most[section.title] += 1
    total = sum(tiers.values()) or 1
    print(
        "matched headings by tier: "
        + ", ".join(f"{kind} {count} ({count / total:.1%})" for kind, count in tiers.most_common())
    )
    print(
        "detected as (--template auto): "
        + ", ".join(f"{name} {count}" for name, count in detected.most_common())
    )
    print("most often missing:")
    for name, count in most.most_common(8):
        print(f"  {count:>5}  {name}")


def _kind(match: SectionMatch) -> str:
    """Why a heading matched: exact, case only, markers/numbering/punctuation, alias, fuzzy."""
    if match.tier is Tier.NORMALISED:
        if match.section.title.strip().lower() == match.spec.title.lower():
            return "case only"
        return "markers/numbering/punctuation"
    label = match.tier.label
    return label if match.in_order else f"{label}, out of order"


def agreement(docs: list[Doc], spec: TemplateSpec) -> None:
    recent = [doc for doc in docs if doc.year is not None and doc.year >= 2023]
    print(f"\n== KEP agreement study: {len(recent)} KEPs created 2023 or later")
    print("exact = a heading with exactly the template's text (any level), as upstream checks")
    outcome: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    examples: dict[str, tuple[str, str, str]] = {}
    exact_complete = writer_complete = 0
    for doc in recent:
        titles = {section.title.strip() for section in doc.document.headings}
        matched = match_template(doc.document, spec)
        found = {match.spec.id: match for match in matched.matches}
        exact_missing = writer_missing = 0
        for section in spec.required_sections:
            exact = section.title in titles
            match = found.get(section.id)
            if exact and match is not None:
                outcome["both present"] += 1
            elif not exact and match is None:
                outcome["both missing"] += 1
            elif match is not None:
                outcome["exact says missing, writer finds it"] += 1
                kind = _kind(match)
                reasons[kind] += 1
                examples.setdefault(
                    kind, (doc.path.parent.name, section.title, match.section.title)
                )
            else:
                outcome["exact finds it, writer says missing"] += 1
            exact_missing += not exact
            writer_missing += match is None
        exact_complete += exact_missing == 0
        writer_complete += writer_missing == 0
    pairs = sum(outcome.values()) or 1
    agree = outcome["both present"] + outcome["both missing"]
    print(f"(KEP, required section) pairs: {pairs}; agreement {agree} ({agree / pairs:.1%})")
    for name, count in outcome.most_common():
        print(f"  {count:>6}  {name}")
    print("disagreements, by why writer matched the heading:")
    for kind, count in reasons.most_common():
        kep, title, heading = examples[kind]
        print(f"  {count:>6}  {kind}: e.g. {kep}: '{heading}' for '{title}'")
    print(
        f"KEPs with every required section: exact {exact_complete}/{len(recent)}, "
        f"writer {writer_complete}/{len(recent)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N documents of each corpus")
    args = parser.parse_args()
    need(KEPS)
    started = time.perf_counter()
    keps = list(kep_docs())[: args.limit]
    rfcs = list(rfc_docs())[: args.limit] if RFCS.exists() else []
    postmortems = list(postmortem_docs())
    kep = load_template("kep")
    conformance("KEPs", keps, kep)
    if rfcs:
        conformance("Rust RFCs", rfcs, load_template("rfc"))
    if postmortems:
        conformance("Postmortems", postmortems, load_template("postmortem"))
    agreement(keps, kep)
    print(f"\n({time.perf_counter() - started:.1f} s, noisy: shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
