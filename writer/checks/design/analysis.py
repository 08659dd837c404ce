"""Design-doc judgements as pure functions: is a non-goal a negated requirement, does an
alternative say why it lost, is a document approved, is a section a deliberate "none". (Whether
a goal can be checked is :mod:`writer.checks.design.goals`.)
"""

from __future__ import annotations

import re

_NEGATED = re.compile(
    r"""(?ix)
    \b(?:should\s*n[o']t|shouldn['’]t|must\s*n[o']t|mustn['’]t|shall\s+not|won['’]t|will\s+not|
        does\s*n[o']t|doesn['’]t|do\s+not|don['’]t|never|cannot|can\s*n[o']t|can['’]t|not\s+to)
    \s+(?:\w+\s+){0,3}?
    (?:crash\w*|break\w*|broke|fail\w*|regress\w*|lose|los[st]\w*|leak\w*|degrad\w*|slow\w*|
        corrupt\w*|hang\w*|panic\w*|go\s+down|cause\s+(?:an?\s+)?(?:outage|downtime|errors?|
        incidents?|data\s+loss)|impact\w*|affect\w*|increase\s+(?:latency|errors?|cost))
    | \bno\s+(?:regressions?|data\s+loss|downtime|outages?|crash(?:es)?|errors?|performance\s+
        (?:regression|degradation|impact))\b
    """
)


# A clause that gives the reason for a non-goal: what follows it is why, not a requirement
# ("... since APIs cannot introduce breaking changes").
_BECAUSE = re.compile(r"(?i)\b(?:since|because|as|given\s+that|so\s+that|which|otherwise)\b")
_SENTENCE_BREAK = re.compile(r"[.!?;:]\s")


def negated_requirement(text: str) -> re.Match[str] | None:
    """ "Shouldn't crash" in a non-goals list: a requirement said backwards, not something out of
    scope. A negation inside the reason a non-goal gives is not one."""
    for found in _NEGATED.finditer(text):
        breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, 0, found.start())]
        clause = text[breaks[-1] if breaks else 0 : found.start()]
        if _BECAUSE.search(clause) is None:
            return found
    return None


_REASON = re.compile(
    r"""(?ix)
    \b(?:because|since|due\s+to|rejected|discarded|ruled\s+out|not\s+chosen|dropped|decided\s+against|
        downsides?|drawbacks?|disadvantages?|cons?\b|trade-?offs?|however|but|instead|unfortunately|
        too\s+\w+|doesn['’]t|does\s+not|don['’]t|do\s+not|didn['’]t|cannot|can['’]t|won['’]t|
        would\s+(?:require|need|mean|add|make|break|cost|force|not|introduce|increase|lose)|
        would\s+be(?!\s+(?:to|that)\b|\s+(?:an?\s+)?(?:\w+\s+)?(?:error|warning|lint)\b)|
        requires?|complex\w*|costly|expensive|risk\w*|harder|slower|worse|lacks?|lacking|unable|
        not\s+(?:possible|feasible|viable|scalable|enough|supported|compatible)|incompatible|
        overhead|burden|we\s+chose|we\s+prefer|preferred|in\s+favou?r\s+of|fragile|brittle|
        limitations?|limited|problem|issue|unclear|only\s+works?|fail\w*|insufficient|
        runs?\s+out|outgrow\w*|not\s+an?\s+option|isn['’]t|is\s+not|aren['’]t|are\s+not|
        wasn['’]t|wouldn['’]t|hard(?:er)?\s+to|difficult|confus\w*|error-prone|awkward|
        inconsistent|less\s+\w+|more\s+(?:complex|expensive|difficult|work|code|effort)|
        simpler|easier|better|pros?\b|advantages?|increas\w*|while|although|though|whereas|
        prevent\w*|leads?\s+to|caus\w*|churn|noise|(?:want|wanted|prefer)\s+to\s+avoid|conflict\w*|(?:is|be|are)\s+(?:an?\s+)?(?:\w+\s+)?breaking|
        backwards?[- ]incompatible|unsound\w*|surprising|ambigu\w*|unnecessar\w*|overkill)\b
    """
)


# An alternative put as a question and answered: "Why not use JMX? It has its own auth ...".
_WHY_NOT = re.compile(r"(?i)^\W*why\s+(?:not|don['’]t\s+we|didn['’]t\s+we)\b[^?]{0,200}\?\s*\w")


def says_why_it_lost(text: str) -> bool:
    return _REASON.search(text) is not None or _WHY_NOT.match(text) is not None


APPROVED_STATUSES = (
    "approved",
    "accepted",
    "implemented",
    "final",
    "done",
    "signed off",
    "signed-off",
)

_NONE = re.compile(
    r"(?i)^\W*(?:none|n/?a|nothing|no open questions?|no (?:remaining |outstanding )?questions?|"
    r"(?:all|every) (?:open )?questions? (?:were|have been|are) "
    r"(?:resolved|answered|settled|closed)|"
    r"no\s+(?:other\s+|alternative\s+|further\s+|viable\s+)*(?:alternatives?|options?|"
    r"solutions?|approaches)\s+(?:are|were|have\s+been|is|was)\b|"
    r"not applicable)\b"
)


def is_deliberate_none(text: str) -> bool:
    """ "None", "N/A", "All questions were settled in review": an empty section said out loud."""
    return _NONE.search(text.strip()) is not None


def is_approved(status: object, approved: tuple[str, ...] = APPROVED_STATUSES) -> bool:
    if not isinstance(status, str):
        return False
    lowered = status.strip().lower()
    return any(lowered == word or lowered.startswith(word + " ") for word in approved)


_ROLLBACK = re.compile(
    r"(?i)\b(roll(?:ed|ing)?[ -]?back|rollback|revert\w*|back[ -]?out|downgrad\w*|undo|"
    r"feature[ -]?(?:flag|gate|toggle)|flags?|toggles?|kill[ -]?switch|disable\w*|"
    r"turn\w*\s+(?:\w+\s+){0,3}off|switch(?:ed|es)?\s+(?:\w+\s+){0,3}back|"
    r"back\s+to\s+(?:the\s+)?(?:old|previous|prior|former|original)|fall[ -]?back|"
    r"restor\w*\s+(?:the\s+)?(?:previous|old|backup|snapshot))\b"
)


def mentions_rollback(text: str) -> bool:
    return _ROLLBACK.search(text) is not None


# The switch a feature is turned off by.
_SWITCH = re.compile(
    r"(?i)\b(?:feature[ -]?(?:gates?|flags?|toggles?)|flags?|toggles?|kill[ -]?switch|gated|"
    r"disabl\w*|turn\w*\s+(?:\w+\s+){0,3}off|config(?:uration)?\s+(?:option|setting))\b"
)
# What says what happens to what was written while the feature was on.
_REMAINS = re.compile(
    r"(?ix)\b(?:exist\w*|already|persist\w*|stored?|remain\w*|left|leftover|stays?|"
    r"clean\w*|delet\w*|remov\w*|migrat\w*|convert\w*|strip\w*|dropp?\w*|ignor\w*|"
    r"preserv\w*|retain\w*|previously|created|written|objects?|data|fields?|values?|state)\b"
)


def names_switch(text: str) -> bool:
    """The text names a switch the feature is turned off by (a gate, a flag, 'disable')."""
    return _SWITCH.search(text) is not None


def says_what_remains(text: str) -> bool:
    """The text says something of what is left once the feature is off (existing objects,
    stored data, fields that remain or are removed)."""
    return _REMAINS.search(text) is not None
