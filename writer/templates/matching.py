"""Match a document's headings to a template's sections.

Tiers, best first: the exact title; the title normalised (case, punctuation, numbering,
"(Optional)" and "[optional]" markers); an alias from the spec; then rapidfuzz similarity, where
the numbers in both titles must agree ("Story 2" never matches "Story 1"). Matching is
one-to-one and respects order (a weighted alignment of the two sequences); a section found only
out of order is matched in a second pass and marked so the order check can report it.
"""

from __future__ import annotations

import enum
import weakref
from dataclasses import dataclass

from writer.model.document import Document, Section
from writer.model.headings import normalise, numbers
from writer.templates.roles import Region, find_regions
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


# How much a match of each tier says about which template a document follows: a section found
# under its own title is better evidence than one found through a generic alias ("Proposal").
_EVIDENCE = {Tier.EXACT: 1.0, Tier.NORMALISED: 1.0, Tier.ALIAS: 0.8, Tier.FUZZY: 0.6}


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
        weight = sum(_EVIDENCE[found[s.id].tier] for s in required if s.id in found)
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


class TemplateMatcher:
    """Matches documents to templates and remembers its recent answers, so that resolving a
    document's template and the checks that ask about its sections pay for one match.

    The caller owns it (a :class:`writer.api.Linter` keeps one for its run and hands it to the
    template resolver and the checks); two matchers share nothing. Matches are remembered for
    the last few documents only, and never for a document that is gone.
    """

    SIZE = 16  # documents (times templates) remembered; one run lints one document at a time

    def __init__(self) -> None:
        self._recent: dict[tuple[int, int, float], tuple[weakref.ref[Document], TemplateMatch]]
        self._recent = {}
        self._indexes: dict[int, tuple[TemplateSpec, _SpecIndex]] = {}
        self._regions: dict[tuple[int, str], tuple[weakref.ref[Document], dict[str, Region]]]
        self._regions = {}

    def __getstate__(self) -> dict[str, object]:
        return {}  # a copy (a worker process's) starts with nothing remembered

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]

    def match(
        self, document: Document, spec: TemplateSpec, fuzzy_threshold: float = FUZZY_THRESHOLD
    ) -> TemplateMatch:
        """Line the document's headings up with the spec's sections (one-to-one, in order)."""
        key = (id(document), id(spec), fuzzy_threshold)
        cached = self._recent.get(key)
        if cached is not None and cached[0]() is document and cached[1].spec is spec:
            return cached[1]
        matched = _match(document, spec, fuzzy_threshold, self.index(spec))
        if len(self._recent) >= self.SIZE:
            self._recent.pop(next(iter(self._recent)))
        self._recent[key] = (weakref.ref(document), matched)
        return matched

    def regions(self, document: Document, kind: str) -> dict[str, Region]:
        """The document's regions by role in ``kind``'s vocabulary (found once per document)."""
        key = (id(document), kind)
        cached = self._regions.get(key)
        if cached is not None and cached[0]() is document:
            return cached[1]
        found = find_regions(document, kind)
        if len(self._regions) >= self.SIZE:
            self._regions.pop(next(iter(self._regions)))
        self._regions[key] = (weakref.ref(document), found)
        return found

    def index(self, spec: TemplateSpec) -> _SpecIndex:
        """The spec's titles and aliases, indexed for matching (built once per spec)."""
        cached = self._indexes.get(id(spec))
        if cached is not None and cached[0] is spec:
            return cached[1]
        built = _spec_index(spec)
        if len(self._indexes) >= self.SIZE:
            self._indexes.pop(next(iter(self._indexes)))
        self._indexes[id(spec)] = (spec, built)
        return built


def match_template(
    document: Document,
    spec: TemplateSpec,
    *,
    fuzzy_threshold: float = FUZZY_THRESHOLD,
    matcher: TemplateMatcher | None = None,
) -> TemplateMatch:
    """Line the document's headings up with the spec's sections (one-to-one, in order).

    With a ``matcher``, a match it already made for this document and spec is reused.
    """
    if matcher is not None:
        return matcher.match(document, spec, fuzzy_threshold)
    return _match(document, spec, fuzzy_threshold, _spec_index(spec))


Candidate = tuple[int, int, Tier, float]  # (section position, heading position, tier, score)


def _match(
    document: Document, spec: TemplateSpec, fuzzy_threshold: float, index: _SpecIndex
) -> TemplateMatch:
    headings = _section_headings(document)
    sections = spec.sections
    seen: dict[str, str] = {}  # a title written many times is normalised once
    head_norms = [
        seen[h.title] if h.title in seen else seen.setdefault(h.title, normalise(h.title))
        for h in headings
    ]
    candidates = _candidates(index, headings, head_norms, fuzzy_threshold)
    pairs = _align(candidates)
    matched_heads = {c[1] for c in pairs}
    matched_specs = {c[0] for c in pairs}
    result: dict[int, SectionMatch] = {}
    for i, j, tier, score in pairs:
        result[i] = SectionMatch(sections[i], headings[j], tier, score, True)
    # Second pass: sections present but out of order (strong tiers only).
    for i, j, tier, score in candidates:
        if i in matched_specs or j in matched_heads or tier > Tier.ALIAS:
            continue
        matched_specs.add(i)
        matched_heads.add(j)
        result[i] = SectionMatch(sections[i], headings[j], tier, score, False)
    matches = tuple(result[i] for i in sorted(result))
    top_level = _top_level(headings)
    top = tuple(
        h.index
        for h, norm in zip(headings, head_norms, strict=True)
        if h.level == top_level and norm not in GENERIC_HEADINGS
    )
    return TemplateMatch(spec, matches, len(headings), top)


def _top_level(headings: list[Section]) -> int:
    """The level of the document's sections: the least level used by more than one heading
    (a lone trailing "# Stats" does not set it), else the least level."""
    levels = [h.level for h in headings]
    for level in sorted(set(levels)):
        if levels.count(level) > 1:
            return level
    return min(levels, default=0)


def _candidates(
    index: _SpecIndex, headings: list[Section], head_norms: list[str], fuzzy_threshold: float
) -> list[Candidate]:
    """Every plausible (section, heading) pair with its best tier, sorted by position."""
    from rapidfuzz import fuzz, process

    found: dict[tuple[int, int], tuple[Tier, float]] = {}
    for j, (heading, norm) in enumerate(zip(headings, head_norms, strict=True)):
        for i in index.exact.get(heading.title.strip(), ()):
            found[(i, j)] = (Tier.EXACT, 100.0)
        if not norm:
            continue
        for i in index.normalised.get(norm, ()):
            found.setdefault((i, j), (Tier.NORMALISED, 100.0))
        for i in index.aliases.get(norm, ()):
            found.setdefault((i, j), (Tier.ALIAS, 100.0))
    if head_norms:
        # Each distinct title is compared once; its score holds for every heading with it.
        where: dict[str, list[int]] = {}
        for j, norm in enumerate(head_norms):
            where.setdefault(norm, []).append(j)
        distinct = list(where)
        distinct_numbers = [numbers(norm) for norm in distinct]
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for name, positions in index.names:
            for _choice, value, k in process.extract(
                name, distinct, scorer=fuzz.ratio, score_cutoff=fuzzy_threshold, limit=None
            ):
                if len(distinct[k]) < 4:
                    continue
                for i in positions:
                    if (i, k) not in best or value > best[(i, k)][0]:
                        best[(i, k)] = (float(value), name)
        for (i, k), (value, name) in best.items():
            if numbers(name) != distinct_numbers[k] or not _plausible(name, distinct[k], value):
                continue
            for j in where[distinct[k]]:
                if (i, j) not in found:
                    found[(i, j)] = (Tier.FUZZY, value)
    return sorted((i, j, tier, score) for (i, j), (tier, score) in found.items())


@dataclass(frozen=True)
class _SpecIndex:
    exact: dict[str, tuple[int, ...]]
    normalised: dict[str, tuple[int, ...]]
    aliases: dict[str, tuple[int, ...]]
    names: tuple[tuple[str, tuple[int, ...]], ...]  # every normalised name, for fuzzy matching


def _spec_index(spec: TemplateSpec) -> _SpecIndex:
    exact: dict[str, list[int]] = {}
    normalised: dict[str, list[int]] = {}
    aliases: dict[str, list[int]] = {}
    names: dict[str, list[int]] = {}
    for i, section in enumerate(spec.sections):
        exact.setdefault(section.title, []).append(i)
        title = normalise(section.title)
        normalised.setdefault(title, []).append(i)
        names.setdefault(title, []).append(i)
        for alias in section.aliases:
            norm = normalise(alias)
            if norm != title:
                aliases.setdefault(norm, []).append(i)
                names.setdefault(norm, []).append(i)
    built = _SpecIndex(
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in normalised.items()},
        {k: tuple(v) for k, v in aliases.items()},
        tuple((k, tuple(v)) for k, v in names.items() if k),
    )
    return built


SINGLE_WORD_THRESHOLD = 92.0


def _plausible(title: str, heading: str, score: float) -> bool:
    """A fuzzy pair must share a word, or be one word spelt almost the same ("Non-Goal")."""
    title_words = {w for w in title.split() if len(w) >= 3}
    heading_words = {w for w in heading.split() if len(w) >= 3}
    if title_words & heading_words:
        return True
    return score >= SINGLE_WORD_THRESHOLD


def _weight(tier: Tier, score: float) -> float:
    if tier in _WEIGHTS:
        return _WEIGHTS[tier]
    return 1.0 + 2.0 * (score - FUZZY_THRESHOLD) / (100.0 - FUZZY_THRESHOLD + 1e-9)


def _align(candidates: list[Candidate]) -> list[Candidate]:
    """The one-to-one, order-preserving chain of candidates with the greatest total weight.

    ``candidates`` are sorted by section then heading position; a chain takes strictly
    increasing positions on both sides. Ties go to the earliest pairs.
    """
    count = len(candidates)
    if not count:
        return []
    total = [0.0] * count
    previous = [-1] * count
    for k, (i, j, tier, score) in enumerate(candidates):
        best, link = 0.0, -1
        for q in range(k):
            qi, qj = candidates[q][0], candidates[q][1]
            if qi < i and qj < j and total[q] > best:
                best, link = total[q], q
        total[k] = best + _weight(tier, score)
        previous[k] = link
    end = max(range(count), key=lambda k: (total[k], -k))
    chain: list[Candidate] = []
    while end != -1:
        chain.append(candidates[end])
        end = previous[end]
    chain.reverse()
    return chain


def _section_headings(document: Document) -> list[Section]:
    """The document's headings without its title: a level-1 heading that comes first, when the
    sections that follow sit below it (a trailing "# Stats" or "# Appendix" does not make the
    title a section)."""
    headings = document.headings
    if not headings or headings[0].level != 1:
        return headings
    rest = headings[1:]
    if len([s for s in rest if s.level == 1]) < len([s for s in rest if s.level > 1]):
        return rest
    return headings


def match_sections(
    document: Document, spec: TemplateSpec, matcher: TemplateMatcher | None = None
) -> dict[str, Section | None]:
    """For each of the spec's section ids, the document section that stands for it (or None)."""
    matched = match_template(document, spec, matcher=matcher)
    found = {match.spec.id: match.section for match in matched.matches}
    return {section.id: found.get(section.id) for section in spec.sections}


def find_section(
    document: Document,
    spec: TemplateSpec,
    section_id: str,
    matcher: TemplateMatcher | None = None,
) -> Section | None:
    """The document section for one of the spec's sections, or None when it is missing."""
    if spec.section(section_id) is None:
        raise KeyError(f"template '{spec.id}' has no section '{section_id}'")
    return match_sections(document, spec, matcher).get(section_id)
