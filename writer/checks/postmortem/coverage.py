"""Match contributing factors to action items by their words, with rapidfuzz."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "our",
        "we",
        "us",
        "you",
        "your",
        "they",
        "them",
        "not",
        "no",
        "nor",
        "do",
        "does",
        "did",
        "done",
        "have",
        "has",
        "had",
        "having",
        "will",
        "would",
        "should",
        "could",
        "can",
        "may",
        "might",
        "must",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "some",
        "more",
        "most",
        "other",
        "such",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "just",
        "also",
        "due",
        "being",
        "then",
        "once",
        "here",
        "out",
        "up",
        "down",
        "off",
        "again",
        "further",
        "while",
        "because",
        "until",
        "lack",
        "missing",
        "no",
        "none",
        "never",
        "new",
        "same",
        "one",
        "two",
        "set",
        "sets",
        "setting",
        "use",
        "used",
        "using",
        "make",
        "made",
        "need",
        "needs",
    ]
)
_WORD = re.compile(r"[a-z0-9][a-z0-9-]*")


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def keywords(text: str) -> str:
    """Content words of ``text``, stemmed, in order."""
    words = _WORD.findall(text.lower())
    return " ".join(_stem(w) for w in words if w not in _STOPWORDS and len(w) > 2)


def best_match(factor: str, items: Sequence[str]) -> float:
    """The best score (0-100) of any item against the factor."""
    wanted = keywords(factor)
    if not wanted:
        return 100.0
    best = 0.0
    wanted_set = set(wanted.split())
    for item in items:
        candidate = keywords(item)
        if not candidate:
            continue
        shared = wanted_set & set(candidate.split())
        score = fuzz.token_set_ratio(wanted, candidate) if shared else 0.0
        best = max(best, score)
    return best
