"""Terminology consistency: one name for one thing.

Two sources of variants: a vocabulary of canonical forms (a guide's ``terms`` and the config's
``[vocabulary.terms]``), matched exactly and, for near misses such as ``Kubernets``, with
rapidfuzz; and compound words the document itself spells two ways (``data center`` and
``datacenter``, ``e-mail`` and ``email``), where the less frequent form is flagged. Each finding
proposes the canonical (or more frequent) form as a fix.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from writer.document import Document
from writer.findings import Edit, Finding, Fix, Severity
from writer.rules import CheckContext, RuleMeta

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_NEAR_CUTOFF = 92.0
# A word touching one of these is part of a path, URL, identifier or flag: not prose.
_IDENTIFIER_EDGE = frozenset("/._@:=\\-<>{}[]`$#")
_NEAR_MIN_LENGTH = 7


def normal(term: str) -> str:
    """Compare terms without case, hyphens, dots or spaces."""
    return re.sub(r"[\s\-.]", "", term).casefold()


@dataclass(frozen=True)
class Occurrence:
    start: int  # offsets into Document.text
    end: int
    text: str


def occurrences(document: Document, max_words: int = 3) -> Iterator[Occurrence]:
    """Every run of 1..max_words adjacent words in the prose, with source offsets."""
    for block in document.blocks:
        text = block.text
        tokens = [t for t in _TOKEN.finditer(text) if _prose_word(text, t.start(), t.end())]
        for index, first in enumerate(tokens):
            end_index = index
            for width in range(1, max_words + 1):
                end_index = index + width - 1
                if end_index >= len(tokens):
                    break
                last = tokens[end_index]
                if width > 1:
                    gap = block.text[tokens[end_index - 1].end() : last.start()]
                    if gap != " ":
                        break
                start, end = block.source_span(first.start(), last.end())
                yield Occurrence(start, end, block.text[first.start() : last.end()])


class TerminologyChecker:
    """Flags variants of canonical terms, and compounds spelled two ways in one document."""

    def __init__(self, rule: RuleMeta, terms: Sequence[tuple[str, Sequence[str]]]) -> None:
        self.rule = rule
        self.rules = (rule,)
        self.variants: dict[str, str] = {}  # exact variant -> canonical
        self.canonical_by_normal: dict[str, str] = {}
        for canonical, variants in terms:
            self.canonical_by_normal[normal(canonical)] = canonical
            for variant in variants:
                self.variants[variant] = canonical
        self._choices = list(self.canonical_by_normal)

    def _canonical_for(self, text: str) -> str | None:
        if text in self.variants:
            return self.variants[text]
        key = normal(text)
        canonical = self.canonical_by_normal.get(key)
        if canonical is not None:
            if text == canonical or (
                text[1:] == canonical[1:] and text[:1].casefold() == canonical[:1].casefold()
            ):
                return None  # the canonical form, or it at the start of a sentence
            return canonical
        if len(key) >= _NEAR_MIN_LENGTH and text[:1].isupper() and " " not in text:
            found = process.extractOne(
                key, self._choices, scorer=fuzz.ratio, score_cutoff=_NEAR_CUTOFF
            )
            if found is not None and found[0] != key:
                return self.canonical_by_normal[found[0]]
        return None

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        seen: list[tuple[int, int]] = []
        found: list[tuple[Occurrence, str]] = []
        compounds: dict[str, Counter[str]] = {}
        spans: dict[str, list[Occurrence]] = {}
        for occurrence in occurrences(document, 2):
            text = occurrence.text
            canonical = self._canonical_for(text)
            if canonical is not None:
                found.append((occurrence, canonical))
            key = normal(text)
            if len(key) >= 5 and _compound_candidate(text) and not _camel(text):
                compounds.setdefault(key, Counter())[text.casefold()] += 1
                spans.setdefault(key, []).append(occurrence)
        for occurrence, canonical in found:
            if any(s <= occurrence.start < e for s, e in seen):
                continue
            seen.append((occurrence.start, occurrence.end))
            yield self._finding(context, occurrence, canonical, "the vocabulary's form")
        for key, counts in compounds.items():
            if len(counts) < 2 or key in self.canonical_by_normal:
                continue
            spaced = [form for form in counts if " " in form]
            joined = [form for form in counts if " " not in form and "-" not in form]
            if not spaced or not joined:
                continue  # only spaced and joined forms are compared; hyphens mark adjectives
            ranked = counts.most_common()
            winner, top = ranked[0]
            if ranked[1][1] == top:
                continue  # no clear majority: leave it to the author
            for occurrence in spans[key]:
                if occurrence.text.casefold() == winner:
                    continue
                if any(s <= occurrence.start < e for s, e in seen):
                    continue
                seen.append((occurrence.start, occurrence.end))
                preferred = _match_case(winner, occurrence.text)
                yield self._finding(context, occurrence, preferred, "this document's usual form")

    def _finding(
        self, context: CheckContext, occurrence: Occurrence, canonical: str, why: str
    ) -> Finding:
        fix = Fix(
            f"replace '{occurrence.text}' with '{canonical}'",
            (Edit(occurrence.start, occurrence.end, canonical),),
            safe=False,
        )
        return context.finding(
            self.rule,
            occurrence.start,
            occurrence.end,
            f"Use '{canonical}' ({why}) instead of '{occurrence.text}': one name for one thing.",
            fix=fix,
        )


# Words that make a spaced pair a phrase rather than a split compound ("set up" vs "setup",
# "log in" vs "login", "may be" vs "maybe" are different words).
_PHRASE_WORDS = frozenset(
    (
        "a",
        "an",
        "the",
        "to",
        "in",
        "into",
        "on",
        "onto",
        "up",
        "down",
        "out",
        "off",
        "over",
        "back",
        "by",
        "at",
        "of",
        "for",
        "with",
        "from",
        "as",
        "be",
        "may",
        "any",
        "some",
        "every",
        "no",
        "one",
        "time",
        "day",
        "all",
        "it",
        "its",
        "is",
        "are",
        "was",
    )
)


def _prose_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 1]
    if before and before in _IDENTIFIER_EDGE:
        return False
    if after and after in _IDENTIFIER_EDGE:
        # "k8s." ends a sentence; "kubernetes.io" and "kube-proxy" are names
        return after in ".:-" and not text[end + 1 : end + 2].strip()
    return True


def _camel(text: str) -> bool:
    """``ResourceVersion``, ``IPAddress``: an identifier, not a joined compound word."""
    return any(ch.isupper() for ch in text[1:])


def _compound_candidate(text: str) -> bool:
    words = re.split(r"[\s\-]+", text.casefold())
    if any(word in _PHRASE_WORDS or not word.isalpha() for word in words):
        return False
    return len(words) <= 2


def _match_case(form: str, observed: str) -> str:
    if observed[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def terminology_rule(style: str, source: str) -> RuleMeta:
    return RuleMeta(
        id=f"style.{style}.Terminology",
        severity=Severity.WARNING,
        summary="A term spelled another way than the vocabulary's canonical form.",
        explanation=(
            "One thing should have one name. The guide's terms and [vocabulary.terms] in the "
            "config list canonical forms and their variants (Postgres -> PostgreSQL, k8s -> "
            "Kubernetes); near misses are found by fuzzy matching. Compound words the "
            "document spells two ways (data center / datacenter) are flagged too, proposing "
            "the form the document uses most."
        ),
        bad="We run Postgres on k8s in one datacenter and two data centers.",
        good="We run PostgreSQL on Kubernetes in three data centers.",
        fixable=True,
        source=source,
    )
