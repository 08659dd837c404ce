"""Match a document's headings to a template's sections.

Tiers, best first: the exact title; the title normalised (case, punctuation, numbering,
"(Optional)" and "[optional]" markers); an alias from the spec; then rapidfuzz similarity, where
the numbers in both titles must agree ("Story 2" never matches "Story 1"). Matching is
one-to-one and respects order (a weighted alignment of the two sequences); a section found only
out of order is matched in a second pass and marked so the order check can report it.
"""

from __future__ import annotations

import enum
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from writer.document import Document, Section
from writer.templates.spec import SectionSpec, TemplateSpec

FUZZY_THRESHOLD = 85.0  # rapidfuzz ratio (0-100) at or above which two titles may match
_WEIGHTS = {0: 4.0, 1: 3.6, 2: 3.2}


class Tier(enum.IntEnum):
    EXACT = 0
    NORMALISED = 1
    ALIAS = 2
    FUZZY = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class SectionMatch:
    """A template section and the document heading that stands for it."""

    spec: SectionSpec
    section: Section
    tier: Tier
    score: float  # similarity 0-100
    in_order: bool = True


@dataclass(frozen=True)
class TemplateMatch:
    """How a document lines up with a template."""

    spec: TemplateSpec
    matches: tuple[SectionMatch, ...]  # in template order
    headings: int  # headings in the document (the title excluded)
    top_headings: tuple[int, ...] = ()  # section indices at the document's top section level

    def get(self, section_id: str) -> SectionMatch | None:
        for match in self.matches:
            if match.spec.id == section_id:
                return match
        return None

    @property
    def missing(self) -> tuple[SectionSpec, ...]:
        found = {match.spec.id for match in self.matches}
        return tuple(s for s in self.spec.required_sections if s.id not in found)

    @property
    def required_present(self) -> int:
        found = {match.spec.id for match in self.matches}
        return sum(1 for s in self.spec.required_sections if s.id in found)

    @property
    def confidence(self) -> float:
        """How sure we are the document follows this template (0-1).

        Mostly recall (the share of required sections found, fuzzy matches counting less),
        and partly precision among the document's top-level sections, so that an old document
        that follows an earlier version of a long template still counts.
        """
        required = self.spec.required_sections or self.spec.sections
        if not required:
            return 0.0
        found = {m.spec.id: m for m in self.matches}
        weight = sum(
            1.0 if found[s.id].tier <= Tier.ALIAS else 0.6 for s in required if s.id in found
        )
        recall = weight / len(required)
        return min(1.0, 0.6 * recall + 0.4 * self.top_precision)

    @property
    def top_precision(self) -> float:
        """The share of the document's top-level sections that stand for a template section."""
        if not self.top_headings:
            return 0.0
        matched = {m.section.index for m in self.matches}
        return sum(1 for index in self.top_headings if index in matched) / len(self.top_headings)


# Headings any document may have; they say nothing about which template it follows.
GENERIC_HEADINGS = frozenset(
    {"table of contents", "contents", "toc", "references", "appendix", "glossary", "links"}
)
_MARKERS = re.compile(r"[\(\[]\s*(?:optional|required|opt\.?|r)\s*[\)\]]", re.IGNORECASE)
_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|step|appendix)\s+)?(?:\d+(?:\.\d+)*|[ivxlc]+|[a-h])[.):]\s+"
    r"|^\s*\d+(?:\.\d+)+\s+|^\s*\d+\s+(?=[^\W\d])",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[^\w\s]|_")
_DIGITS = re.compile(r"\d+")


def normalise(title: str) -> str:
    """Lowercase words of a heading without markers, numbering and punctuation."""
    text = _MARKERS.sub(" ", title)
    text = text.replace("&", " and ")
    text = _NUMBERING.sub("", text)
    text = _PUNCT.sub(" ", text.lower())
    return " ".join(text.split())


def numbers(text: str) -> tuple[str, ...]:
    return tuple(str(int(n)) for n in _DIGITS.findall(text))


def _compare(
    spec: SectionSpec, norm_names: Sequence[str], heading: Section, norm: str
) -> tuple[Tier, float] | None:
    if heading.title.strip() == spec.title:
        return Tier.EXACT, 100.0
    if not norm:
        return None
    if norm == norm_names[0]:
        return Tier.NORMALISED, 100.0
    if norm in norm_names[1:]:
        return Tier.ALIAS, 100.0
    return None


# Recent matches, so that several checks asking about one document pay for one match.
_RECENT: dict[tuple[int, int, float], tuple[weakref.ref[Document], TemplateMatch]] = {}
_RECENT_SIZE = 16


def match_template(
    document: Document, spec: TemplateSpec, *, fuzzy_threshold: float = FUZZY_THRESHOLD
) -> TemplateMatch:
    """Line the document's headings up with the spec's sections (one-to-one, in order)."""
    key = (id(document), id(spec), fuzzy_threshold)
    cached = _RECENT.get(key)
    if cached is not None and cached[0]() is document:
        return cached[1]
    matched = _match(document, spec, fuzzy_threshold)
    if len(_RECENT) >= _RECENT_SIZE:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = (weakref.ref(document), matched)
    return matched


def _match(document: Document, spec: TemplateSpec, fuzzy_threshold: float) -> TemplateMatch:
    from rapidfuzz import fuzz, process

    headings = [s for s in document.headings if not _is_title(document, s)]
    sections = spec.sections
    spec_norms = [[normalise(name) for name in s.names] for s in sections]
    head_norms = [normalise(h.title) for h in headings]
    n, m = len(sections), len(headings)
    tiers: list[list[tuple[Tier, float] | None]] = [[None] * m for _ in range(n)]
    if n and m:
        # the best similarity of each heading to a section's title or one of its aliases
        fuzzy: list[list[tuple[float, str]]] = [[(0.0, "")] * m for _ in range(n)]
        for i, names in enumerate(spec_norms):
            row = fuzzy[i]
            for name in names:
                for _choice, value, j in process.extract(
                    name, head_norms, scorer=fuzz.ratio, score_cutoff=fuzzy_threshold, limit=None
                ):
                    if value > row[j][0]:
                        row[j] = (float(value), name)
        head_numbers = [numbers(norm) for norm in head_norms]
        for i, spec_section in enumerate(sections):
            names = spec_norms[i]
            for j, heading in enumerate(headings):
                tier = _compare(spec_section, names, heading, head_norms[j])
                if tier is None and len(head_norms[j]) >= 4:
                    similarity, target = fuzzy[i][j]
                    if (
                        similarity
                        and numbers(target) == head_numbers[j]
                        and _plausible(target, head_norms[j], similarity)
                    ):
                        tier = (Tier.FUZZY, similarity)
                tiers[i][j] = tier
    pairs = _align(tiers, n, m)
    matched_heads = {j for _, j in pairs}
    matched_specs = {i for i, _ in pairs}
    result: dict[int, SectionMatch] = {}
    for i, j in pairs:
        pair = tiers[i][j]
        assert pair is not None
        result[i] = SectionMatch(sections[i], headings[j], pair[0], pair[1], True)
    # Second pass: sections present but out of order (strong tiers only).
    for i in range(n):
        if i in matched_specs:
            continue
        for j in range(m):
            found = tiers[i][j]
            if j in matched_heads or found is None or found[0] > Tier.ALIAS:
                continue
            matched_heads.add(j)
            result[i] = SectionMatch(sections[i], headings[j], found[0], found[1], False)
            break
    matches = tuple(result[i] for i in sorted(result))
    top_level = min((h.level for h in headings), default=0)
    top = tuple(
        h.index
        for h, norm in zip(headings, head_norms, strict=True)
        if h.level == top_level and norm not in GENERIC_HEADINGS
    )
    return TemplateMatch(spec, matches, len(headings), top)


SINGLE_WORD_THRESHOLD = 92.0


def _plausible(title: str, heading: str, score: float) -> bool:
    """A fuzzy pair must share a word, or be one word spelt almost the same ("Non-Goal")."""
    title_words = {w for w in title.split() if len(w) >= 3}
    heading_words = {w for w in heading.split() if len(w) >= 3}
    if title_words & heading_words:
        return True
    return score >= SINGLE_WORD_THRESHOLD


def _weight(found: tuple[Tier, float] | None) -> float:
    if found is None:
        return 0.0
    tier, score = found
    if tier in _WEIGHTS:
        return _WEIGHTS[tier]
    return 1.0 + 2.0 * (score - FUZZY_THRESHOLD) / (100.0 - FUZZY_THRESHOLD + 1e-9)


def _align(tiers: list[list[tuple[Tier, float] | None]], n: int, m: int) -> list[tuple[int, int]]:
    """The one-to-one, order-preserving pairing with the greatest total weight."""
    if not n or not m:
        return []
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, above = best[i], best[i - 1]
        candidates = tiers[i - 1]
        for j in range(1, m + 1):
            value = above[j] if above[j] >= row[j - 1] else row[j - 1]
            found = candidates[j - 1]
            if found is not None:
                diagonal = above[j - 1] + _weight(found)
                if diagonal > value:
                    value = diagonal
            row[j] = value
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        found = tiers[i - 1][j - 1]
        if found is not None and best[i][j] == best[i - 1][j - 1] + _weight(found):
            pairs.append((i - 1, j - 1))
            i -= 1
            j -= 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def _is_title(document: Document, section: Section) -> bool:
    """The document's single top-level heading is its title, not a section."""
    if section.level != 1:
        return False
    top = [s for s in document.headings if s.level == 1]
    return len(top) == 1 and top[0].index == section.index


def match_sections(document: Document, spec: TemplateSpec) -> dict[str, Section | None]:
    """For each of the spec's section ids, the document section that stands for it (or None)."""
    matched = match_template(document, spec)
    found = {match.spec.id: match.section for match in matched.matches}
    return {section.id: found.get(section.id) for section in spec.sections}


def find_section(document: Document, spec: TemplateSpec, section_id: str) -> Section | None:
    """The document section for one of the spec's sections, or None when it is missing."""
    if spec.section(section_id) is None:
        raise KeyError(f"template '{spec.id}' has no section '{section_id}'")
    return match_sections(document, spec).get(section_id)
