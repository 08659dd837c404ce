"""How close real documents' paragraphs come to their template's own text: the threshold of
``structure.template-text``.

For every group of real documents and the template they copy, each paragraph, list item and
table cell is compared with the template's text under the same section (as the rule does), and
its best rapidfuzz ratio is counted in bands. The groups: KEPs against the KEP template found in
their repository, Rust RFCs against ``0000-template.md``, postmortems against their team's
template (found beside them, and imported with ``writer templates import``), and documents of
each kind against the guidance and skeleton of every bundled template of that kind. With
``--show BAND`` (such as ``85``) it prints the blocks in that band, to judge by reading; the
labelled set then gives recall and precision at the chosen threshold (``bench/eval.py``).

Usage: python bench/template_text.py [--show 85] [--limit N] [--group keps]
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import CORPORA, need
from writer.checks.structure.template_text import (
    UnitIndex,
    best_matches,
    document_units,
    spec_units,
)
from writer.model.document import Document, parse
from writer.templates import bundled_templates
from writer.templates.importer import derive_spec
from writer.templates.sources import find_sources
from writer.templates.spec import parse_spec

BANDS = (70, 75, 80, 85, 88, 90, 92, 95, 98)


def band(score: float) -> int:
    found = BANDS[0]
    for edge in BANDS:
        if score >= edge:
            found = edge
    return found


def groups(limit: int) -> Iterator[tuple[str, list[Path]]]:
    keps = sorted((CORPORA / "kubernetes-enhancements" / "keps").glob("*/**/README.md"))
    keps = [p for p in keps if "NNNN-kep-template" not in str(p)]
    yield "keps", keps[:limit] if limit else keps
    rfcs = sorted((CORPORA / "rust-rfcs" / "text").glob("*.md"))
    yield "rust-rfcs", rfcs[:limit] if limit else rfcs
    dfds = sorted(p for p in (CORPORA / "dfds-postmortems").glob("PM2*.md"))
    yield "dfds-postmortems", dfds
    wild = sorted(
        p
        for p in (CORPORA / "postmortems-wild").glob("*/*.md")
        if not p.name.startswith("TEMPLATE")
    )
    yield "postmortems-wild", wild


def source_index(document: Document, path: Path) -> tuple[UnitIndex | None, str]:
    found = find_sources(document, path)
    if not found:
        return None, ""
    units = [u for source in found for u in document_units(source.document, source.path.name)]
    return UnitIndex(units), found[0].path.name


@functools.lru_cache(maxsize=16)
def imported_index(template: Path) -> UnitIndex:
    spec = parse_spec(_yaml(derive_spec(parse(template.read_text("utf-8"), str(template)), "x")))
    return UnitIndex(spec_units(spec))


def _yaml(data: object) -> str:
    from writer.templates.importer import dump_spec

    return dump_spec(data)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, help="print the blocks in this band")
    parser.add_argument("--limit", type=int, default=0, help="documents per group")
    parser.add_argument("--group", help="only this group")
    parser.add_argument("--sample", type=int, default=40, help="blocks printed with --show")
    parser.add_argument(
        "--source-only", action="store_true", help="only the template files found beside them"
    )
    args = parser.parse_args(argv)
    need(CORPORA)
    shown: list[str] = []
    bundled = bundled_templates()
    for name, paths in groups(args.limit):
        if args.group and args.group != name:
            continue
        counts: Counter[int] = Counter()
        imported_counts: Counter[int] = Counter()
        bundled_counts: Counter[int] = Counter()
        documents = blocks = with_source = 0
        for path in paths:
            document = parse(path.read_text("utf-8", errors="replace"), str(path))
            documents += 1
            blocks += sum(1 for b in document.blocks if b.kind.value != "heading")
            index, origin = source_index(document, path)
            if index is not None:
                with_source += 1
                for hit in best_matches(document, index, threshold=BANDS[0]):
                    counts[band(hit.score)] += 1
                    if args.show is not None and band(hit.score) == args.show:
                        shown.append(
                            f"{name}\t{path.relative_to(CORPORA)}:{hit.block.line}\t"
                            f"{hit.score:.0f}\t{' '.join(hit.block.text.split())[:110]}\t"
                            f"|| {hit.unit.shown[:110]}"
                        )
                template = next(iter(find_sources(document, path)), None)
                if template is not None and not args.source_only:
                    imported = imported_index(template.path)
                    for hit in best_matches(document, imported, threshold=BANDS[0]):
                        imported_counts[band(hit.score)] += 1
            kind = "postmortem" if "postmortem" in name else "design"
            for spec in () if args.source_only else bundled:
                if (spec.kind or "") != kind:
                    continue
                for hit in best_matches(document, UnitIndex(spec_units(spec)), BANDS[0]):
                    bundled_counts[band(hit.score)] += 1
        print(
            f"{name}: {documents} documents, {blocks} blocks, {with_source} with their "
            f"template found ({origin if with_source else '-'})"
        )
        for label, found in (
            ("template file found beside them", counts),
            ("the same template imported as a spec", imported_counts),
            ("bundled templates of their kind", bundled_counts),
        ):
            row = "  ".join(f">={edge}: {found.get(edge, 0):>5}" for edge in BANDS)
            at_or_above = {edge: sum(v for k, v in found.items() if k >= edge) for edge in BANDS}
            print(f"  {label:<38} by band  {row}")
            print(
                f"  {'':<38} at or above "
                + "  ".join(f">={edge}: {at_or_above[edge]:>5}" for edge in BANDS)
            )
    if shown:
        random.Random(1).shuffle(shown)
        print(f"\nblocks in band {args.show} (of {len(shown)}):")
        for row in shown[: args.sample]:
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
