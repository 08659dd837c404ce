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

from writer.document import Document, ProseBlock
from writer.findings import Edit, Finding, Fix, Severity
from writer.rules import CheckContext, RuleMeta

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_NEAR_CUTOFF = 92.0
# A word touching one of these is part of a path, URL, identifier or flag: not prose.
_IDENTIFIER_EDGE = frozenset("/._@:=\\-<>{}[]`$#")
_NEAR_MIN_LENGTH = 7


_DROPPED = str.maketrans("", "", " \t\n-.")
_UNSEEN = object()


def normal(term: str) -> str:
    """Compare terms without case, hyphens, dots or spaces."""
    return term.translate(_DROPPED).casefold()


@dataclass(frozen=True)
class Occurrence:
    start: int  # offsets into Document.text
    end: int
    text: str


def _runs(
    document: Document, keys: frozenset[str]
) -> Iterator[tuple[ProseBlock, int, int, str, str]]:
    """Prose words, and pairs of words joined by one space, as (block, start, end, text, key).

    Offsets are in the block's plain text; ``key`` is :func:`normal` of the text. A pair is
    produced only when its key is in ``keys`` or names a single word elsewhere in the document
    (the only pairs any check compares).
    """
    tokens_by_block = []
    singles: set[str] = set()
    for block in document.blocks:
        text = block.text
        tokens = []
        for match in _TOKEN.finditer(text):
            begin, finish = match.span()
            if _prose_word(text, begin, finish):
                word = match.group()
                key = normal(word)
                tokens.append((begin, finish, word, key))
                singles.add(key)
        tokens_by_block.append((block, tokens))
    for block, tokens in tokens_by_block:
        text = block.text
        for index, (begin, finish, word, key) in enumerate(tokens):
            yield block, begin, finish, word, key
            if index + 1 < len(tokens):
                next_begin, next_finish, _next_word, next_key = tokens[index + 1]
                pair_key = key + next_key
                if (
                    next_begin == finish + 1
                    and text[finish] == " "
                    and (pair_key in singles or pair_key in keys)
                ):
                    yield block, begin, next_finish, text[begin:next_finish], pair_key


def _occurrence(block: ProseBlock, begin: int, finish: int) -> Occurrence:
    start, end = block.source_span(begin, finish)
    return Occurrence(start, end, block.text[begin:finish])


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
        # Keys of every term and variant: a pair of words is looked up only when its key is here.
        self._keys = frozenset({*self.canonical_by_normal, *map(normal, self.variants)})

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
        memo: dict[str, str | None] = {}
        # Compound keys seen as one token and as two spaced words: only those are compared.
        single: dict[str, list[tuple[ProseBlock, int, int]]] = {}
        spaced: dict[str, list[tuple[ProseBlock, int, int]]] = {}
        for block, begin, finish, text, key in _runs(document, self._keys):
            canonical = memo.get(text, _UNSEEN)
            if canonical is _UNSEEN:
                canonical = memo[text] = self._canonical_for(text)
            if canonical is not None:
                found.append((_occurrence(block, begin, finish), str(canonical)))
            if len(key) >= 5:
                (spaced if " " in text else single).setdefault(key, []).append(
                    (block, begin, finish)
                )
        for occurrence, canonical in found:
            if any(s <= occurrence.start < e for s, e in seen):
                continue
            seen.append((occurrence.start, occurrence.end))
            yield self._finding(context, occurrence, canonical, "the vocabulary's form")
        for key, spaced_runs in spaced.items():
            if key not in single or key in self.canonical_by_normal:
                continue
            runs = [
                (block, begin, finish)
                for block, begin, finish in (*single[key], *spaced_runs)
                if _compound_candidate(block.text[begin:finish])
                and not _camel(block.text[begin:finish])
            ]
            counts = Counter(block.text[begin:finish].casefold() for block, begin, finish in runs)
            if len(counts) < 2:
                continue
            spaced_forms = [form for form in counts if " " in form]
            joined = [form for form in counts if " " not in form and "-" not in form]
            if not spaced_forms or not joined:
                continue  # only spaced and joined forms are compared; hyphens mark adjectives
            ranked = counts.most_common()
            winner, top = ranked[0]
            if ranked[1][1] == top:
                continue  # no clear majority: leave it to the author
            for block, begin, finish in sorted(runs, key=lambda run: run[0].source_offset(run[1])):
                occurrence = _occurrence(block, begin, finish)
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
