"""Terminology consistency: one name for one thing.

Two sources of variants: a vocabulary of canonical forms (a guide's ``terms`` and the config's
``[vocabulary.terms]``), matched by key (any other spelling of a name, as
:mod:`writer.checks.style.term_forms` decides, in the prose
:mod:`writer.checks.style.term_context` leaves) and, for near misses such as ``Kubernets``,
with rapidfuzz; and compound words the document itself spells two ways (``data center`` and
``datacenter``, ``e-mail`` and ``email``), where the less frequent form is flagged. Each finding
proposes the canonical (or more frequent) form as a fix.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, pairwise

import regex
from rapidfuzz import fuzz, process

from writer.checks.base import CheckContext
from writer.checks.style.kinds.base import phrase_pattern, within_phrase
from writer.checks.style.term_context import NameContext
from writer.checks.style.term_forms import (
    capitalised,
    lower_case_of,
    same_name,
    starts_sentence,
)
from writer.model.document import ProseBlock
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.quoted import inside, quoted_spans
from writer.model.rules import RuleMeta

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_NEAR_CUTOFF = 92.0
# A word touching one of these is part of a path, URL, identifier or flag: not prose.
_IDENTIFIER_EDGE = frozenset("/._@:=\\-<>{}[]`$#")
_NEAR_MIN_LENGTH = 7


_DROPPED = str.maketrans("", "", " \t\n-.")
_UNSEEN = object()
_MEMO_LIMIT = 200_000


def normal(term: str) -> str:
    """Compare terms without case, hyphens, dots or spaces."""
    return term.translate(_DROPPED).casefold()


@dataclass(frozen=True)
class Occurrence:
    start: int  # offsets into Document.text
    end: int
    text: str


_TOKEN_PATTERN = r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*"
# Two words with one space between them (the second in a lookahead, so pairs overlap). A
# superset of the pairs :func:`_runs` produces: it only picks which pairs are worth a look.
# Splits text into what lies between tokens and the tokens: [between, token, between, ...].
_TOKEN_SPLIT = re.compile(rf"({_TOKEN_PATTERN})")
_SEPARATOR = "\x00"  # never in a token
_BLOCK_BREAK = "\n\n"  # joins blocks: no token or pair crosses it


def _token_keys(tokens: Iterable[str]) -> list[str]:
    """:func:`normal` of many tokens (ASCII letters, digits, hyphens, dots) in one pass."""
    joined = _SEPARATOR.join(tokens)  # tokens are never empty: "" means there were none
    return joined.translate(_DROPPED).lower().split(_SEPARATOR) if joined else []


def _runs(
    blocks: Sequence[ProseBlock], words: frozenset[str], pairs: frozenset[tuple[str, str]]
) -> Iterator[tuple[ProseBlock, int, int, str, str]]:
    """Prose words in ``words``, and pairs of prose words joined by one space in ``pairs``, as
    (block, start, end, text, key); offsets are in the block's plain text and ``key`` is
    :func:`normal` of the text."""
    firsts = {first for first, _second in pairs}
    for block in blocks:
        text = block.text
        tokens = [
            (match.start(), match.end(), match.group())
            for match in _TOKEN.finditer(text)
            if _prose_word(text, match.start(), match.end())
        ]
        for index, (begin, finish, word) in enumerate(tokens):
            if word in words:
                yield block, begin, finish, word, normal(word)
            if word in firsts and index + 1 < len(tokens):
                next_begin, next_finish, next_word = tokens[index + 1]
                if next_begin == finish + 1 and text[finish] == " " and (word, next_word) in pairs:
                    pair = text[begin:next_finish]
                    yield block, begin, next_finish, pair, normal(pair)


def _occurrence(block: ProseBlock, begin: int, finish: int) -> Occurrence:
    start, end = block.source_span(begin, finish)
    return Occurrence(start, end, block.text[begin:finish])


class TerminologyChecker:
    """Flags variants of canonical terms, and compounds spelled two ways in one document."""

    def __init__(
        self,
        rule: RuleMeta,
        terms: Sequence[tuple[str, Sequence[str]]],
        *,
        compounds: bool = False,
        accepted: Sequence[str] = (),
        guide_accepted: Sequence[str] = (),
        skip_quoted: bool = False,
    ) -> None:
        self.rule = rule
        self.compounds = compounds
        self.skip_quoted = skip_quoted
        self.rules = (rule,)
        self.variants: dict[str, str] = {}  # exact variant -> canonical
        self.canonical_by_normal: dict[str, str] = {}
        # Later terms (the config's, after the guide's) win: a name they list is no earlier
        # term's variant, and a variant they list is no longer an earlier term.
        for canonical, variants in terms:
            self.variants.pop(canonical, None)
            self.canonical_by_normal[normal(canonical)] = canonical
            for variant in variants:
                self.variants[variant] = canonical
                if self.canonical_by_normal.get(normal(variant)) == variant:
                    del self.canonical_by_normal[normal(variant)]
        # The project's accepted words win over every term; the guide's own (lower-case
        # commands such as docker, phrases such as "Mac OS X" that hold no variant of macOS)
        # over the guide's terms, not over a variant the terms list by name.
        self._accepted = _accepted_pattern(accepted)
        self._phrases = phrase_pattern(accepted)
        self._guide_accepted = _accepted_pattern(guide_accepted)
        self._guide_phrases = phrase_pattern(guide_accepted)
        self._choices = list(self.canonical_by_normal)
        # Keys of every term and variant: a pair of words is looked up only when its key is here.
        self._keys = frozenset({*self.canonical_by_normal, *map(normal, self.variants)})
        self._variant_forms = frozenset(self.variants)
        # Words recur from document to document: their canonical forms are kept.
        self._memo: dict[str, object] = {}

    def _canonical_for(self, text: str) -> str | None:
        if text in self.variants:
            return self.variants[text]
        key = normal(text)
        canonical = self.canonical_by_normal.get(key)
        if canonical is not None:
            return None if same_name(text, canonical) else canonical
        if len(key) >= _NEAR_MIN_LENGTH and text[:1].isupper() and text.isalpha():
            found = process.extractOne(
                key, self._choices, scorer=fuzz.ratio, score_cutoff=_NEAR_CUTOFF
            )
            # A near miss, not the name's plural ("Dockers") nor a name with a part added
            # ("OpenTelemetry-Go" is not a word of letters).
            if found is not None and found[0] != key and key != found[0] + "s":
                return self.canonical_by_normal[found[0]]
        return None

    def _canonical(self, text: str) -> str | None:
        canonical = self._memo.get(text, _UNSEEN)
        if canonical is _UNSEEN:
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
            canonical = self._memo[text] = self._canonical_for(text)
        return canonical  # type: ignore[return-value]

    def _candidates(self, joined: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """The words and word pairs of a document that a check can use: variants of a term,
        and the two spellings (one word, two words) of a compound. Found with one pass of the
        regular expression engine over the whole text and set operations, not a Python loop per
        word or pair. ``joined`` is the document's prose blocks joined by :data:`_BLOCK_BREAK`."""
        parts = _TOKEN_SPLIT.split(joined)
        tokens = parts[1::2]
        if not tokens:
            return frozenset(), frozenset()
        forms = list(set(tokens))
        keys = _token_keys(forms)
        # Two tokens with one space between them: a superset of the pairs :func:`_runs` yields.
        spaced = map(" ".__eq__, parts[2::2])  # what follows each token is one space
        pair_list = list(set(compress(pairwise(tokens), spaced)))
        pair_keys = _token_keys(map("".join, pair_list))
        # Compound keys: a single word a pair of words could also spell.
        joinable = {
            key for form, key in zip(forms, keys, strict=True) if len(form) >= 5 and form.isalpha()
        }
        terms = self._keys
        wanted = terms | joinable
        pairs = set()
        compounds: dict[str, list[tuple[str, str]]] = {}
        for pair, key in compress(
            zip(pair_list, pair_keys, strict=True), map(wanted.__contains__, pair_keys)
        ):
            if key in terms:
                pairs.add(pair)
            else:
                compounds.setdefault(key, []).append(pair)
        joined_ok = {
            key
            for form, key in compress(
                zip(forms, keys, strict=True), map(compounds.__contains__, keys)
            )
            if form.isalpha() and _compound_candidate(form) and not _camel(form)
        }
        split: set[str] = set()  # compound keys spelled as two words a check can compare
        for key, spelled in compounds.items():
            if key in joined_ok and any(
                _compound_candidate(f"{first} {second}") and not _camel(f"{first} {second}")
                for first, second in spelled
            ):
                pairs.update(spelled)
                split.add(key)
        words = {form for form in self._maybe_canonical(forms, keys) if self._canonical(form)}
        if split:
            words.update(compress(forms, map(split.__contains__, keys)))
        return frozenset(words), frozenset(pairs)

    def _maybe_canonical(self, forms: Sequence[str], keys: Sequence[str]) -> set[str]:
        """The forms :meth:`_canonical` could map to a term: exact variants, forms whose key is
        a term's, and capitalised words long enough for a near miss."""
        found = set(compress(forms, map(self._variant_forms.__contains__, forms)))
        found.update(compress(forms, map(self.canonical_by_normal.__contains__, keys)))
        found.update(
            form
            for form, key in zip(forms, keys, strict=True)
            if len(key) >= _NEAR_MIN_LENGTH and form[:1].isupper()
        )
        return found

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        joined = _BLOCK_BREAK.join(block.text for block in document.blocks)
        words, pairs = self._candidates(joined)
        if not words and not pairs:
            return
        needles = sorted({*words, *(f"{a} {b}" for a, b in pairs)}, key=len, reverse=True)
        present = re.compile(
            r"(?<![A-Za-z0-9])(?:" + "|".join(map(re.escape, needles)) + r")(?![A-Za-z0-9])"
        )
        # The blocks holding a needle, found with one search over the joined text.
        ends = list(accumulate(len(block.text) + len(_BLOCK_BREAK) for block in document.blocks))
        holding = sorted({bisect_right(ends, match.start()) for match in present.finditer(joined)})
        blocks = [document.blocks[index] for index in holding]
        seen: list[tuple[int, int]] = []
        found: list[tuple[Occurrence, str]] = []
        # Compound keys seen as one token and as two spaced words: only those are compared.
        single: dict[str, list[tuple[ProseBlock, int, int]]] = {}
        spaced: dict[str, list[tuple[ProseBlock, int, int]]] = {}
        names = NameContext(document)
        for block, begin, finish, text, key in _runs(blocks, words, pairs):
            canonical = self._canonical(text)
            if canonical is not None and not self._is_accepted(text, block, begin, finish):
                occurrence = _occurrence(block, begin, finish)
                if capitalised(text, canonical) and starts_sentence(block.text, begin):
                    pass  # "MacOS is ...": a sentence's first word
                elif names.in_page_link(occurrence.start, occurrence.end):
                    pass  # a table of contents: the heading is checked where it stands
                elif not lower_case_of(text, str(canonical)) or not names.leaves_alone(
                    block, begin, finish, occurrence.start, occurrence.end
                ):
                    found.append((occurrence, str(canonical)))
            if len(key) >= 5:
                (spaced if " " in text else single).setdefault(key, []).append(
                    (block, begin, finish)
                )
        compared = self.compounds and bool(spaced)
        quoted = (
            quoted_spans(document, sentences=False, names=True)
            if self.skip_quoted and (found or compared)
            else []
        )
        # One finding for each way a name is miswritten, at its first place, with a fix for
        # every place: "DataDog" ten times is one point to the author, not ten.
        forms: dict[tuple[str, str], list[Occurrence]] = {}
        for occurrence, canonical in found:
            if any(s <= occurrence.start < e for s, e in seen):
                continue
            if quoted and inside(quoted, occurrence.start):
                continue  # what others wrote, or a word quoted as itself
            seen.append((occurrence.start, occurrence.end))
            forms.setdefault((occurrence.text, canonical), []).append(occurrence)
        for (_, canonical), places in forms.items():
            yield self._finding(context, places, canonical, "the vocabulary's form")
        for key, spaced_runs in spaced.items() if compared else ():
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
            one_word = [form for form in counts if " " not in form and "-" not in form]
            if not spaced_forms or not one_word:
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
                if quoted and inside(quoted, occurrence.start):
                    continue
                seen.append((occurrence.start, occurrence.end))
                preferred = _match_case(winner, occurrence.text)
                yield self._finding(context, [occurrence], preferred, "this document's usual form")

    def _is_accepted(self, text: str, block: ProseBlock, begin: int, finish: int) -> bool:
        """The vocabulary accepts this spelling as it stands, or a phrase around it."""
        if _accepts(self._accepted, self._phrases, text, block, begin, finish):
            return True
        if text in self.variants:
            return False  # listed by name: only the project's own vocabulary overrides it
        return _accepts(self._guide_accepted, self._guide_phrases, text, block, begin, finish)

    def _finding(
        self,
        context: CheckContext,
        every: Sequence[Occurrence],
        canonical: str,
        why: str,
    ) -> Finding:
        """One finding at the first of ``every`` place a name is written one wrong way, with a
        fix for each."""
        occurrence = every[0]
        times = f" (written so {len(every)} times here)" if len(every) > 1 else ""
        fix = Fix(
            f"replace '{occurrence.text}' with '{canonical}'"
            + (f" in all {len(every)} places" if len(every) > 1 else ""),
            tuple(Edit(place.start, place.end, canonical) for place in every),
            safe=False,
        )
        return context.finding(
            self.rule,
            occurrence.start,
            occurrence.end,
            f"Use '{canonical}' ({why}) instead of '{occurrence.text}': one name for one "
            f"thing{times}.",
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


def _accepts(
    words: re.Pattern[str] | None,
    phrases: regex.Pattern[str] | None,
    text: str,
    block: ProseBlock,
    begin: int,
    finish: int,
) -> bool:
    if words is not None and words.fullmatch(text) is not None:
        return True
    return within_phrase(phrases, block.text, begin, finish)


def _accepted_pattern(accepted: Sequence[str]) -> re.Pattern[str] | None:
    """The accepted vocabulary (regular expressions, as in Vale's accept.txt) as one pattern;
    an entry that is not a valid expression is taken as a literal word."""
    parts = []
    for entry in accepted:
        if not entry:
            continue
        flags, body = ("i", entry[4:]) if entry.startswith("(?i)") else ("", entry)
        try:
            re.compile(body)
        except re.error:
            body = re.escape(body)
        parts.append(f"(?{flags}:{body})" if flags else f"(?:{body})")
    return re.compile("|".join(parts)) if parts else None


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
            "One thing should have one name, written as its owner writes it. The guide's terms "
            "and [vocabulary.terms] in the config list canonical forms (GitHub, Kubernetes, "
            "macOS) and other variants; any other spelling of a name (Github, kubernetes in "
            "prose, Mac OS, ElasticSearch) is flagged, and near misses (`Kubernets`) are found "
            "by fuzzy matching. Names in code, URLs, paths, identifiers, quotations, block "
            "quotes and chat logs are left alone, as is a lower-case name the document uses as "
            "a command, package or repository. The project's [vocabulary] accept overrides it. "
            "A name written the same wrong way many times is one finding, at its first place, "
            "with a fix for every place. "
            "Where a guide enables it, compound words the document spells two ways (data "
            "center / datacenter) are flagged too, proposing the form the document uses most."
        ),
        bad="We deploy from Github to kubernetes and test on Mac OS.",
        good="We deploy from GitHub to Kubernetes and test on macOS.",
        fixable=True,
        source=source,
    )
