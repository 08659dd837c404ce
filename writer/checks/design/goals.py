"""Is a goal something a reviewer could check once the design ships?

A goal passes when it names an observable outcome: a number, a condition that can be tested
("never", "without a restart", "does not require"), an API, field, flag or behaviour that will
or will not exist. Most goals do: "Allow Pods to specify PID limits", "Ensure X is never used
for Y". A goal is *vague* when it only promises to make something better ("Improve the user
experience", "Simplify upgrades", "A feature-rich UI", "with less risk of conflicts") and names
nothing to check it by; it is *circular* when it wraps the document's own title in "provide a
solution that enables ...". Both are judged on the goal's own words, figures and code included.

Measured on goals of the shared KEPs (``bench/goals.py``): it fires on about 1 in 100 goals
written as testable outcomes and on most of the vague ones.
"""

from __future__ import annotations

import re

# "Usability: use exactly the same commands": a label naming the area, then the goal.
_LABEL = re.compile(r"^\W*(?P<label>[A-Z][\w/ ,-]{0,40}?):\s+(?P<body>\S.*)$", re.S)
_ADVERB = (
    r"(?:(?:significantly|greatly|drastically|dramatically|substantially|further|vastly|"
    r"generally)\s+)?"
)
# A goal that opens by promising "better".
_IMPROVE = re.compile(
    r"(?ix)^\W*(?:to\s+)?"
    + _ADVERB
    + r"""(?:
      improv\w*|enhanc\w*(?!\s+(?:the\s+)?[\w-]+\s+to\s+\w)|increas\w*|reduc\w*|decreas\w*|
      simplif\w*|streamlin\w*|optimi[sz]\w*(?!\s+away)|accelerat\w*|
      facilitat\w*|foster\w*|encourag\w*|boost\w*|maximi[sz]\w*|minimi[sz]\w*|strengthen\w*|
      complement\w*|unblock\w*|remov\w*\s+barriers|build\w*\s+consensus|clean\w*\s+up|
      clarif\w*(?!\s+that)|leav\w*\s+room|future[- ]proof\w*|
      make\s+(?:\S+\s+){0,5}?(?:more|less|easier|simpler|better|faster|safer|clearer|smoother)\b|
      offer\w*\s+(?:a\s+)?better|allow\w*\s+for\s+future|support\w*\s+future|
      ensur\w*\s+(?:\w+\s+){0,3}?proper|be\s+(?:a\s+|an\s+)?(?:secure|simple|robust|reliable|
      flexible|scalable|extensible|easy)|develop\w*\s+and\s+maintain\w*
    )\b"""
)
# A goal that is only a quality: "A feature-rich UI", "Easy migration from the old flags".
_EVALUATIVE = re.compile(
    r"""(?ix)^\W*(?:an?\s+)?(?:heavy|clear|better|improved|easy|easier|simple|simpler|seamless|
    smooth|robust|reliable|flexible|greater|higher|lower|increased|reduced|feature-rich|rich|
    modern|powerful|user-friendly|intuitive|ease\s+of)\s+[a-z]"""
)
_ADJ = (
    r"(?:clean|simple|better|seamless|easy|easier|intuitive|secure|robust|consistent|"
    r"integrated|low-risk|safe|smooth|great|good|nice|friendly|flexible|gradual|reliable)"
)
# "Provide a safe, gradual rollout path": a quality of an experience, not an outcome.
_PROVIDE = re.compile(
    r"(?ix)^\W*(?:to\s+)?(?:provid\w*|offer\w*|creat\w*|establish\w*|deliver\w*)\s+"
    r"(?:a|an|the)?\s*" + _ADJ + r"(?:\s*(?:,|and)\s*" + _ADJ + r")*\s+(?:[\w-]+\s+){0,2}?"
    r"(?:experience|path|workflow|process|story|solution|approach|environment|ux|journey|"
    r"foundation|framework)\b"
)
# "with less risk of port conflict": a comparison with nothing to compare by.
_WITH_COMPARATIVE = re.compile(
    r"(?i)\b(?:with|for)\s+(?:less|more|fewer|lower|higher|better)\s+(?!information\b|"
    r"details?\b)\w+"
)
_COMPARATIVE = re.compile(
    r"(?i)\b(?:more|less)\s+(?:easily|quickly|reliably|efficiently|safely|predictabl[ey]|"
    r"\w+able)\b"
)
_EXPERIENCE = re.compile(
    r"(?i)\b(?:user|developer|operator|end-user|desktop user)\s+experience\b|\bUX\b"
)
_PREDICATE = re.compile(
    r"(?i)\b(?:is|are|be|remain|becomes?)\s+(?:\w+\s+)?(?:more\s+)?(?:readable|manageable|"
    r"maintainable|usable|understandable|intuitive|easy|easier|simple|simpler|cleaner|a joy)\b"
)
# Links, issue numbers and URLs are not figures; neither is a time frame alone ("within 6
# months" says when, not how much).
_NOISE = re.compile(r"\[[^\]]*\]\([^)]*\)|\[#?\d+\]|#\d+|https?://\S+")
_TIMEFRAME = re.compile(
    r"(?i)\b(?:within|in|by|over|after)\s+(?:the\s+)?(?:next\s+|first\s+)?\d+\s+"
    r"(?:months?|years?|quarters?|releases?)\b"
)
# What a reviewer can check a goal by: a figure, code, an identifier, a flag, the mechanism
# ("by serving LIST from cache"), a testable condition.
_ANCHOR = re.compile(
    r"""(?x)\d|`[^`]+`|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|(?<!\w)--?[a-z][\w-]+|
    \bby\s+(?!providing|offering|enabling|allowing|leaving|having|giving|making\s+it)
    (?:\w+ing|not\s+\w+ing)\b|\b(?:zero|one|two|three|four|five|ten|half|twice|double)\b|
    \b(?:does|do|will|should|must)\s+not\b|\bwithout\s+\w+ing\b|\bno\s+longer\b|\bnever\b"""
)
_ACRONYM = re.compile(r"\b[A-Z]{2,}s?\b")
_GENERIC_OBJECT = re.compile(
    r"(?i)\b(?:needed|required|necessary)\s+to\s+support\s+this\s+(?:feature|kep|proposal|"
    r"enhancement|change|access mode|mode)\b"
)
# "provide a solution that enables ...": a wrapper around the proposal's own name.
_WRAPPER = re.compile(
    r"(?ix)^\W*(?:to\s+)?(?:provid\w*|offer\w*|creat\w*|implement\w*|introduc\w*|deliver\w*)\s+"
    r"(?:(?:a|an|the)\s+)?(?:(?:new|simple|secure|generic|common|standard)\s+)?"
    r"(?:solution|way|mechanism|means|method|support|capability|functionality)\s+"
    r"(?:(?:that|to|for|which)\s+)?(?:(?:enables?|allows?|supports?|provides?)\s+)?"
)
_STOP = frozenset(
    (
        *("a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "and", "or"),
        *("that", "which", "this", "these", "those", "from", "into", "as", "is", "are", "be"),
        *("will", "can", "between", "its", "their", "our", "your", "it", "kep"),
    )
)
_WORD = re.compile(r"[a-z][a-z0-9]+")
_TITLE_PREFIX = re.compile(r"(?i)^\W*(?:kep|rfc|adr)[- ]?\d*\s*:?\s*")


def goal_problem(text: str, title: str = "", source: str | None = None) -> str | None:
    """Why a goal cannot be checked ("vague" or "circular"), or None when it can.

    ``text`` is the goal as read, ``source`` as written (code spans kept), ``title`` the
    document's title."""
    scrubbed = _TIMEFRAME.sub(" ", _NOISE.sub(" ", source if source is not None else text))
    if _WITH_COMPARATIVE.search(text) and not re.search(r"\d", scrubbed):
        return "vague"
    if title and _circular(text, title):
        return "circular"
    if title and _restates(text, title):
        return "restated"
    if _ANCHOR.search(scrubbed):
        return None
    labelled = _LABEL.match(text)
    if labelled and _ACRONYM.search(labelled.group("body")):
        return None
    body = labelled.group("body") if labelled else ""
    if _IMPROVE.search(text) or _EVALUATIVE.search(text) or _PROVIDE.search(text):
        return "vague"
    if body and (_IMPROVE.search(body) or _PROVIDE.search(body)):
        return "vague"
    if _COMPARATIVE.search(text) or _EXPERIENCE.search(text) or _PREDICATE.search(text):
        return "vague"
    if _GENERIC_OBJECT.search(text):
        return "circular"
    return None


def _content(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in _STOP]


# Words that turn a title into a sentence without adding to it: "Add support for <title>".
_FILLER = frozenset(
    (
        *("add", "adding", "support", "supporting", "provide", "providing", "implement"),
        *("implementing", "introduce", "introducing", "enable", "enabling", "allow"),
        *("allowing", "create", "creating", "new", "feature", "ability", "capability"),
        *("mechanism", "way", "we", "want", "should", "would", "like", "goal", "main"),
    )
)


def _restated(body: str, title_words: set[str]) -> bool:
    """The goal is the title again, in other order or with a verb put in front ("Add metrics
    for informer" under "Add Informer Metrics"): every word it has is the title's, and it has
    nearly all of them."""
    words = [word.rstrip("s") for word in _content(body) if word not in _FILLER]
    if not words or len(title_words) < 2:
        return False
    extra = [word for word in words if word not in title_words]
    shared = set(words) & title_words
    return not extra and len(shared) >= max(2, 0.8 * len(title_words))


# A title that names its own end state ("Remove X", "Promote X to GA") is an outcome already.
_END_STATE = frozenset(
    (
        *("remove", "removing", "deprecate", "deprecating", "promote", "promoting", "graduate"),
        *("graduating", "rename", "renaming", "move", "moving", "delete", "deleting", "drop"),
        *("dropping", "replace", "replacing", "migrate", "migrating", "ga", "stable", "beta"),
    )
)


def _restates(text: str, title: str) -> bool:
    """The goal is the title again: every word it has is the title's, or a verb that adds
    nothing ("Add support for ..."), and the title names no end state of its own."""
    labelled = _LABEL.match(text)
    body = labelled.group("body") if labelled else text
    title_words = {word.rstrip("s") for word in _content(_TITLE_PREFIX.sub("", title))}
    if title_words & _END_STATE or set(_WORD.findall(body.lower())) & _END_STATE:
        return False
    return _restated(body, title_words - _FILLER)


def _circular(text: str, title: str) -> bool:
    """The goal restates the title, or wraps its words ("provide a solution that enables
    <title>")."""
    labelled = _LABEL.match(text)
    body = labelled.group("body") if labelled else text
    title_words = {word.rstrip("s") for word in _content(_TITLE_PREFIX.sub("", title))}
    if len(title_words) < 2:
        return False
    wrapped = _WRAPPER.match(body)
    if wrapped is None:
        return False
    rest = [word.rstrip("s") for word in _content(body[wrapped.end() :])]
    shared = set(rest) & title_words
    extra = [word for word in rest if word not in title_words]
    return len(shared) >= 0.6 * len(title_words) and len(extra) <= 3
