"""Recurrence: contributing factors, action items, affected services and tags that come back in
two or more postmortems, as clusters of the phrases that say so.

Phrases are compared by their content words (lower case, common words and plain endings
dropped) with rapidfuzz's ``token_set_ratio``, which scores a short phrase contained in a longer
one as alike ("Priority-classes not implemented" and "Priority-classes not implemented on system
critical workloads"). Two phrases are linked when they score at least the similarity asked for
and share enough of their rarer words: words most phrases use ("monitoring", "add", "alert")
cannot link two phrases alone. Clusters grow from the closest pairs, and two clusters join only
when every pair across them is still alike, so a chain of near neighbours does not pull unrelated
phrases together. Services and tags are grouped by their name (case and spacing aside), with
rapidfuzz's ``ratio`` for spelling variants.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from writer.report.model import Cluster, DocumentReport, Member

DEFAULT_SIMILARITY = 80.0
# Two clusters join only when every pair across them scores at least this far below the
# similarity asked for.
JOIN_SLACK = 15.0
# The part of the shorter phrase's weight (its words, rarer words weighing more) that two
# phrases must share.
SHARED_WEIGHT = 0.6
NAME_SIMILARITY = 90.0
MAX_PHRASES = 3000  # per kind; beyond it the longest-standing phrases are compared

KINDS = ("factor", "action", "service", "tag")

_STOP = frozenset(
    """a an the of to in on for and or but with without by from at as is are was were be been
    being it its this that these those we our us they their there not no into than then so such
    can could should would will do does did done has have had when while which who what where
    how all any some more most other only own same too very just also via per about after
    before again against between during over under up down out off once here why each few both
    further if may might must need needs e g i ie eg etc""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")
_NOISE = re.compile(r"https?://\S+|`[^`]*`|\]\([^)]*\)|<[^>]+>|@[\w.-]+|\*\*[A-Z]+\*\*")


def content_words(text: str) -> tuple[str, ...]:
    """The words a phrase is compared by: lower case, no common words, plain endings off."""
    words = []
    for word in _WORD.findall(_NOISE.sub(" ", text).lower()):
        if word in _STOP or len(word) < 2:
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > 4 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        words.append(word)
    return tuple(words)


@dataclass(frozen=True)
class _Phrase:
    path: str
    text: str
    line: int | None
    words: frozenset[str]
    key: str  # the words, sorted, as rapidfuzz compares them


def clusters(
    documents: Sequence[DocumentReport], similarity: float = DEFAULT_SIMILARITY
) -> tuple[Cluster, ...]:
    """Every kind's clusters that span two or more documents, the widest first."""
    out: list[Cluster] = []
    for kind in KINDS:
        phrases = [
            (doc.path, phrase.text, phrase.line)
            for doc in documents
            if doc.postmortem is not None
            for phrase in doc.postmortem.phrases
            if phrase.kind == kind
        ]
        if kind in ("service", "tag"):
            out.extend(_names(kind, phrases))
        else:
            out.extend(_phrases(kind, phrases[:MAX_PHRASES], similarity))
    return tuple(out)


def _order(found: list[Cluster]) -> list[Cluster]:
    return sorted(found, key=lambda c: (-len(c.documents), -c.score, c.label.lower()))


def _names(kind: str, phrases: list[tuple[str, str, int | None]]) -> list[Cluster]:
    groups: dict[str, list[Member]] = {}
    shown: dict[str, str] = {}
    for path, text, line in phrases:
        key = " ".join(text.lower().split())
        if key not in groups:
            near = process.extractOne(
                key, list(groups), scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY
            )
            if near is not None:
                key = near[0]
            else:
                groups[key] = []
                shown[key] = text
        groups[key].append(Member(path, text, line))
    found = []
    for key, members in groups.items():
        if len({member.path for member in members}) < 2:
            continue
        score = min(fuzz.ratio(key, " ".join(m.text.lower().split())) for m in members)
        found.append(Cluster(kind, shown[key], tuple(members), round(score, 1)))
    return _order(found)


def _phrases(kind: str, raw: list[tuple[str, str, int | None]], similarity: float) -> list[Cluster]:
    phrases = []
    for path, text, line in raw:
        words = content_words(text)
        if len(set(words)) < 2:
            continue  # one word says too little to call two phrases the same
        phrases.append(_Phrase(path, text, line, frozenset(words), " ".join(sorted(set(words)))))
    if len(phrases) < 2:
        return []
    weight = _weights(phrases)
    floor = max(0.0, similarity - JOIN_SLACK)
    keys = [phrase.key for phrase in phrases]
    scores: dict[tuple[int, int], float] = {}
    edges: list[tuple[float, int, int]] = []
    for i, phrase in enumerate(phrases):
        for _key, score, j in process.extract(
            phrase.key, keys, scorer=fuzz.token_set_ratio, score_cutoff=floor, limit=None
        ):
            if j <= i:
                continue
            if not _share_enough(phrase, phrases[j], weight):
                continue
            scores[(i, j)] = score
            if score >= similarity and phrase.path != phrases[j].path:
                edges.append((score, i, j))
    edges.sort(key=lambda edge: (-edge[0], edge[1], edge[2]))
    owner = list(range(len(phrases)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(phrases))}

    def pair(a: int, b: int) -> float:
        return scores.get((min(a, b), max(a, b)), 0.0)

    for _score, i, j in edges:
        left, right = owner[i], owner[j]
        if left == right:
            continue
        if any(pair(a, b) < floor for a in members[left] for b in members[right]):
            continue
        for index in members[right]:
            owner[index] = left
        members[left].extend(members.pop(right))
    found = []
    for indices in members.values():
        if len({phrases[i].path for i in indices}) < 2:
            continue
        indices.sort(key=lambda i: (phrases[i].path, phrases[i].line or 0))
        central = max(
            indices,
            key=lambda i: (
                sum(pair(i, j) for j in indices if j != i),
                -len(phrases[i].text),
            ),
        )
        lowest = min(pair(a, b) for a in indices for b in indices if a < b)
        found.append(
            Cluster(
                kind,
                phrases[central].text,
                tuple(Member(phrases[i].path, phrases[i].text, phrases[i].line) for i in indices),
                round(lowest, 1),
            )
        )
    return _order(found)


def _weights(phrases: Sequence[_Phrase]) -> dict[str, float]:
    """Each word's weight: the rarer among the phrases, the heavier (inverse document
    frequency, counted over documents so that one document's repeats do not make a word rare)."""
    documents: dict[str, set[str]] = {}
    for phrase in phrases:
        documents.setdefault(phrase.path, set()).update(phrase.words)
    counts: Counter[str] = Counter()
    for words in documents.values():
        counts.update(words)
    total = len(documents)
    return {word: math.log((1 + total) / (1 + count)) + 1.0 for word, count in counts.items()}


def _share_enough(first: _Phrase, second: _Phrase, weight: dict[str, float]) -> bool:
    shared = first.words & second.words
    if len(shared) < 2:
        return False
    mass = sum(weight[word] for word in shared)
    smaller = min(
        sum(weight[word] for word in first.words), sum(weight[word] for word in second.words)
    )
    return smaller > 0 and mass / smaller >= SHARED_WEIGHT
