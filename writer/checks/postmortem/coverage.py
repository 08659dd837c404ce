"""Match contributing factors to action items by their words, with rapidfuzz."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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


# Words that say what kind of work an item is, or that any incident shares, not what it is
# about: "add", "improve", "issue", "team". A factor and an item sharing only these share no
# subject.
_GENERIC = frozenset(
    [
        "add",
        "adding",
        "added",
        "create",
        "creating",
        "created",
        "implement",
        "implementing",
        "improve",
        "improving",
        "improved",
        "investigate",
        "investigating",
        "look",
        "looking",
        "into",
        "write",
        "writing",
        "update",
        "updating",
        "fix",
        "fixing",
        "fixed",
        "ensure",
        "sure",
        "better",
        "make",
        "making",
        "get",
        "got",
        "getting",
        "go",
        "went",
        "going",
        "take",
        "took",
        "taking",
        "come",
        "came",
        "issue",
        "issues",
        "incident",
        "incidents",
        "problem",
        "problems",
        "outage",
        "thing",
        "things",
        "way",
        "ways",
        "time",
        "times",
        "team",
        "teams",
        "people",
        "someone",
        "anyone",
        "everyone",
        "able",
        "well",
        "long",
        "longer",
        "much",
        "many",
        "lot",
        "lots",
        "even",
        "still",
        "caus",
        "cause",
        "caused",
        "causing",
        "lead",
        "leads",
        "led",
        "result",
        "resulted",
        "happen",
        "happened",
        "didn",
        "wasn",
        "weren",
        "don",
        "doesn",
        "isn",
        "aren",
        "couldn",
        "wouldn",
        "hadn",
        "haven",
        "won",
        "can't",
        "cannot",
        "within",
        "without",
        "after",
        "before",
        "during",
        "since",
        "already",
        "current",
        "currently",
        "future",
        "next",
        "first",
        "second",
        "last",
        "need",
        "needed",
        "want",
        "wanted",
        "try",
        "tried",
        "know",
        "knew",
        "known",
        "see",
        "seen",
        "saw",
        "think",
        "thought",
        "whether",
        "able",
        "unable",
        "possible",
        "consider",
        "considered",
        "discuss",
        "discussion",
        "decide",
        "schedule",
        "reflect",
        "action",
        "item",
        "items",
        "task",
        "tasks",
        "follow",
        "followup",
        "follow-up",
        "work",
        "working",
        "worked",
        "like",
        "around",
        "across",
        "per",
        "via",
        "etc",
        "e-g",
        "i-e",
    ]
)

# Words that name the same remedy: an "alarm" factor is met by an "alert" item. Each word's
# stem is read as its group's first word.
_SYNONYMS = (
    (
        "alert",
        "alarm",
        "alerting",
        "page",
        "pager",
        "paging",
        "monitor",
        "monitoring",
        "notice",
        "noticed",
        "detect",
        "detection",
        "observability",
        "metric",
        "metrics",
        "dashboard",
        "watch",
    ),
    (
        "test",
        "tests",
        "testing",
        "tested",
        "smoke",
        "smoketest",
        "smoketesting",
        "e2e",
        "integration",
        "staging",
        "sandbox",
        "qa",
    ),
    (
        "doc",
        "docs",
        "documentation",
        "document",
        "documented",
        "wiki",
        "runbook",
        "runbooks",
        "playbook",
        "article",
        "guide",
        "readme",
    ),
    ("escalation", "escalate", "on-call", "oncall", "rota", "rotation", "escalat"),
    (
        "communicate",
        "communication",
        "communicated",
        "announce",
        "announcement",
        "announcements",
        "status-page",
        "statuspage",
        "inform",
        "notify",
        "notification",
    ),
    (
        "knowledge",
        "understanding",
        "understand",
        "experience",
        "learning",
        "learn",
        "training",
        "train",
        "familiar",
        "expertise",
        "onboarding",
    ),
    ("review", "reviewed", "reviewing", "approval", "approve", "approved"),
    ("pin", "pinned", "pinning", "lock", "locked", "version-lock"),
    ("capacity", "sizing", "sized", "size", "provision", "provisioned", "autoscaling", "scaling"),
)


def _canonical() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in _SYNONYMS:
        for word in group:
            table[_stem(word)] = _stem(group[0])
    return table


def _words(text: str) -> list[str]:
    """Lower-case words of ``text``, hyphenated words also as their parts."""
    out: list[str] = []
    for word in _WORD.findall(text.lower().replace("'", "")):
        out.append(word)
        if "-" in word:
            out.extend(part for part in word.split("-") if part)
    return out


def subject_words(text: str, synonyms: dict[str, str] | None = None) -> frozenset[str]:
    """The stems that say what ``text`` is about: content words, generic ones left out,
    synonyms of one remedy read as one."""
    table = synonyms if synonyms is not None else _canonical()
    stems = set()
    for word in _words(text):
        if word in _STOPWORDS or word in _GENERIC or len(word) < 3 or word.isdigit():
            continue
        stem = _stem(word)
        if stem in _GENERIC:
            continue
        stems.add(table.get(stem, table.get(word, stem)))
    return frozenset(stems)


def _same_word(left: str, right: str) -> bool:
    if left == right:
        return True
    short, long_ = sorted((left, right), key=len)
    if len(short) >= 6 and short in long_:
        return True  # "notready" and "nodenotready"
    if len(short) >= 5 and long_.startswith(short):
        return True  # "registr" and "registration", "respons" and "responsib"
    common = next(
        (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), len(short)
    )
    if common >= 6 and common >= 0.8 * len(short):
        return True  # "responsible" and "responsibilit"
    return len(short) >= 6 and fuzz.ratio(left, right) >= 90  # "forwared" and "forwarded"


@dataclass(frozen=True)
class Coverage:
    """Which subject words of a factor an action shares, and the score that makes."""

    shared: tuple[str, ...]
    score: float


def coverage(
    factor: frozenset[str], action: frozenset[str], topic: frozenset[str] = frozenset()
) -> Coverage:
    """How far an action covers a factor: 50 for each shared subject word, 25 for each shared
    word of the document's topic (its title), at most 100."""
    shared = sorted(word for word in factor if any(_same_word(word, other) for other in action))
    score = sum(25.0 if word in topic else 50.0 for word in shared)
    return Coverage(tuple(shared), min(100.0, score))


def best_coverage(
    factor: frozenset[str], actions: Sequence[frozenset[str]], topic: frozenset[str] = frozenset()
) -> float:
    """The best score of any action against the factor's subject words."""
    return max((coverage(factor, action, topic).score for action in actions), default=0.0)


def synonyms() -> dict[str, str]:
    """Each synonym's stem mapped to its group's stem."""
    return _canonical()
