"""Blame detection: a person (a name, an @handle or a role) as the subject of a failure, and the
phrases that stop an analysis at a person ("human error", "operator error").

A word list cannot tell "Envoy failed to parse the header" (a system) from "Alice failed to check
the config" (a person). Here the subject decides: an @handle, a name the document lists among its
authors or attendees, a common given name, or a role ("the on-call engineer"), followed by a
failure verb.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Phrases that blame on their own.
_BLAME_PHRASES = (
    r"(?i)\b(human errors?|operator errors?|pilot errors?|engineer errors?|"
    r"user errors? on our side|"
    r"fat[- ]?finger(?:ed|ing|s)?|careless(?:ly|ness)?|negligen(?:ce|t|tly)|incompeten(?:ce|t)|"
    r"should have known better|should have been more careful|was not paying attention|"
    r"wasn'?t paying attention|(?:his|her|their) (?:mistake|fault|carelessness)|"
    r"(?:it was|was) (?:all )?(?:his|her|their) fault)\b"
)

_FAILURE_VERBS = (
    r"(?:forgot|forgets|forgotten|failed to|fails to|neglected|neglects|ignored|ignores|missed|"
    r"overlooked|mistakenly|accidentally|carelessly|incorrectly|wrongly|erroneously|broke|breaks|"
    r"caused|causes|messed up|screwed up|botched|did not (?:check|test|follow|read|notice|verify|"
    r"review|wait|ask|tell|run)|didn'?t (?:check|test|follow|read|notice|verify|review|wait|ask|"
    r"tell|run)|should have|was careless|was negligent|was responsible for|is responsible for|"
    r"made (?:a|the) (?:mistake|error)|ran the wrong|pushed (?:a|the) (?:bad|broken|wrong)|"
    r"deployed (?:a|the) (?:bad|broken|wrong)|deleted|dropped the|typed|mistyped|misconfigured|"
    r"skipped|bypassed|disregarded|misjudged|misread|misunderstood|misinterpreted|"
    r"did not (?:alert|notify|inform|communicate|announce|escalate|coordinate|warn)|"
    r"didn'?t (?:alert|notify|inform|communicate|announce|escalate|coordinate|warn)|"
    r"(?:did not|didn'?t) (?:realize|realise|know|understand|expect|anticipate|account for|"
    r"double[- ]check|confirm|validate|consider)|"
    r"(?:was|were) (?:not aware|unaware)|wasn'?t aware|weren'?t aware|made a typo|omitted|"
    r"misclicked|mis-?typed|(?:entered|used|picked|selected|chose|applied|copied|pasted|edited) "
    r"(?:a|the) wrong|merged (?:it |the change |the pr )?without|pushed (?:it )?directly to)"
)
# Between the subject and the verb: an aside ("Tom, the on-call engineer,"), a team ("from the
# platform team") and adverbs.
_ADVERB = (
    r"(?:\s*,\s*[^,.;]{1,40},)?"
    r"(?:\s+(?:from|of|on)\s+(?:the\s+)?\w+(?:\s+team)?)?"
    r"(?:\s+\w+ing(?:\s+(?:the|a|an|this|that|his|her|their))?\s+\w+(?:\s+\w+)?(?=\s))?"
    r"(?:\s+(?:also|then|again|simply|just|apparently|clearly|unfortunately|had|has|have))*"
)

_ROLES = (
    r"(?:(?:the|an?|our|one)\s+(?:new\s+|junior\s+|senior\s+|on-?call\s+|responsible\s+)?"
    r"(?:on-?call(?:er)?|engineer|operator|developer|dev|intern|new hire|admin|administrator|sre|"
    r"sysadmin|contractor|employee|person|team member|maintainer|release manager|deployer|dba|"
    r"staff member|support engineer)"
    r"|one\s+of\s+(?:our|the)\s+(?:engineers|operators|developers|admins|administrators|"
    r"sres|maintainers|team members))"
)
_PERSON = r"(@[A-Za-z0-9][\w-]*|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"


class _Patterns:
    """Compiled when first needed, once (see :func:`_patterns`): together they take a few
    milliseconds to compile, which only documents with a blame check should pay."""

    def __init__(self) -> None:
        self.phrases = re.compile(_BLAME_PHRASES)
        self.role_subject = re.compile(
            rf"(?i)(?<![\w-])({_ROLES}|someone|somebody)\s*(?:\([^)]*\))?{_ADVERB}\s+"
            rf"{_FAILURE_VERBS}\b"
        )
        self.handle_subject = re.compile(
            rf"(?<![\w.])(@[A-Za-z0-9][\w-]*)(?:'s)?{_ADVERB}\s+{_FAILURE_VERBS}\b", re.IGNORECASE
        )
        self.pronoun_subject = re.compile(
            rf"(?<![\w-])((?:[Hh]e|[Ss]he))(?:'s)?{_ADVERB}\s+{_FAILURE_VERBS}\b"
        )
        # "caused by Alice", "a mistake by @bob", "Alice's mistake", "Bob pushed it without
        # review".
        self.by_person = re.compile(
            rf"(?i:\b(?:caused|triggered|introduced|broken|started)\s+by|"
            rf"\b(?:mistake|error|fault|oversight|slip|blunder)\s+(?:by|of|from))\s+{_PERSON}"
        )
        # A person's act as the subject of the failure: "@bob's PR broke the build", "Alice's
        # change deleted the route".
        self.possessive_act = re.compile(
            r"(?<![\w@])(@[A-Za-z0-9][\w-]*|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)['’]s\s+"
            r"(?:\w+\s+){0,2}?(?i:change|changes|pr|pull\s+request|commit|deploy(?:ment)?|script|"
            r"command|config(?:uration)?|migration|push|merge|edit|update)\s+"
            r"(?i:broke|caused|deleted|dropped|removed|corrupted|overwrote|took\s+down|"
            r"brought\s+down|introduced)\b"
        )
        self.possessive_fault = re.compile(
            rf"{_PERSON}['’]s\s+(?:\w+\s+)?"
            r"(?i:mistake|error|fault|oversight|carelessness|blunder|slip)"
        )
        self.without = re.compile(
            rf"(?<![\w@]){_PERSON}\s+(?:\w+\s+){{0,6}}?(?i:without)\s+(?:\w+\s+)?"
            r"(?i:review\w*|testing|tests|approval|checking|asking|telling|a review|a test|"
            r"following)\b"
        )
        self.name_subject = re.compile(
            rf"(?<![\w@])([A-Z][a-z]+(?:\s[A-Z][a-z]+)?|[A-Z]{{2,3}})(?:'s)?{_ADVERB}\s+"
            rf"{_FAILURE_VERBS}\b"
        )
        self.people_line = re.compile(_PEOPLE_LINE)
        # A judgement the analysis stops at, a person's: "it was deemed good enough by the
        # developer", "the risk was judged low by @bob".
        self.judged_by = re.compile(
            r"(?i:\b(?:was|were|is|been)\s+(?:\w+ly\s+)?(?:deemed|judged|considered|assumed|"
            r"thought|believed|misjudged|decided)\b[^.;]{0,60}?\bby\s+)"
            rf"(?P<who>{_ROLES}|{_PERSON[1:-1]})"
        )
        # A person's act named as the cause: "related to the stress testing Yuvi did", "caused
        # by the migration @bob ran". The name is the subject of the relative clause.
        self.cause_act = re.compile(
            r"(?i:\b(?:related\s+to|caused\s+by|due\s+to|because\s+of|(?:a\s+)?result\s+of|"
            r"triggered\s+by|came\s+from|stemm(?:ed|s)\s+from)\s+the\s+)"
            r"(?:[a-z][\w-]*\s+){1,3}?"
            r"(?P<who>@[A-Za-z0-9][\w-]*|[A-Z][a-z]+)\s+"
            r"(?:had\s+)?(?P<verb>did|made|ran|performed|pushed|deployed|started|applied|wrote|"
            r"merged)\b"
        )
        # The cause found, a person's act: "it turns out that @bob used terraform import", "the
        # cause was that Alice ran the script".
        self.found_act = re.compile(
            r"(?i:\b(?:it\s+turn(?:s|ed)\s+out|(?:the\s+)?(?:root\s+)?cause\s+(?:was|is)|"
            r"(?:this|it)\s+happened\s+because|we\s+(?:found|discovered|learned)|"
            r"(?:it\s+)?(?:was|were)\s+(?:found|discovered))\s+(?:out\s+)?(?:that\s+)?)"
            rf"(?P<who>{_ROLES}|{_PERSON[1:-1]})"
            r"\s+(?:had\s+)?(?!(?i:noticed|found|fixed|resolved|reported|discovered|confirmed|"
            r"flagged|raised|alerted|paged|helped|restored|mitigated)\b)(?P<verb>[a-z]+ed|ran|did|"
            r"made|wrote|set|put|took|used)\b"
        )
        # "the culprit was Alice", "@bob was the culprit", "the engineer was the culprit"
        self.culprit = re.compile(
            rf"(?i:\bculprits?\s+(?:was|were|is|being|turned out to be)\s+)"
            rf"(?P<a>{_ROLES}|(?:{_PERSON[1:-1]}))"
            rf"|(?P<b>{_ROLES}|(?:{_PERSON[1:-1]}))\s+(?i:was|were|is|turned out to be)\s+"
            r"(?i:the\s+)?"
            r"(?i:main\s+|primary\s+|real\s+|actual\s+)?(?i:culprits?)\b"
        )
        # The failure verbs alone: the subject patterns run only on the text just before one.
        self.failure_verb = re.compile(rf"(?i)\b{_FAILURE_VERBS}\b")


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


# Common given names, for names the document does not list among its people.
GIVEN_NAMES = frozenset(
    [
        "aaron",
        "ann",
        "dan",
        "dave",
        "ed",
        "fred",
        "greg",
        "jon",
        "kim",
        "ken",
        "meg",
        "nate",
        "pete",
        "sue",
        "ted",
        "adam",
        "ahmed",
        "aisha",
        "alan",
        "alex",
        "alexander",
        "alice",
        "amanda",
        "amy",
        "ana",
        "andrea",
        "andrew",
        "angela",
        "anna",
        "anne",
        "anthony",
        "arjun",
        "ben",
        "benjamin",
        "beth",
        "bill",
        "bob",
        "brian",
        "carl",
        "carlos",
        "carol",
        "charles",
        "charlie",
        "chen",
        "chris",
        "christian",
        "christine",
        "daniel",
        "david",
        "deepak",
        "diana",
        "dmitri",
        "emily",
        "emma",
        "eric",
        "erik",
        "eve",
        "fatima",
        "frank",
        "gary",
        "george",
        "grace",
        "hannah",
        "hans",
        "harry",
        "helen",
        "henrik",
        "ian",
        "isabel",
        "jack",
        "jacob",
        "james",
        "jan",
        "jane",
        "jason",
        "jeff",
        "jennifer",
        "jessica",
        "jim",
        "joe",
        "johan",
        "john",
        "jonas",
        "jose",
        "joseph",
        "josh",
        "julia",
        "karen",
        "kate",
        "katie",
        "kevin",
        "lars",
        "laura",
        "lee",
        "lisa",
        "liam",
        "lucas",
        "luis",
        "maria",
        "mark",
        "martin",
        "mary",
        "matt",
        "matthew",
        "max",
        "michael",
        "michelle",
        "mike",
        "mohammed",
        "nadia",
        "nick",
        "nicole",
        "nina",
        "olga",
        "oliver",
        "omar",
        "pat",
        "patrick",
        "paul",
        "peter",
        "priya",
        "rachel",
        "raj",
        "ravi",
        "rebecca",
        "richard",
        "rob",
        "robert",
        "ryan",
        "sam",
        "samuel",
        "sara",
        "sarah",
        "scott",
        "sean",
        "sergei",
        "simon",
        "sofia",
        "sophie",
        "stefan",
        "steve",
        "steven",
        "susan",
        "thomas",
        "tim",
        "tom",
        "tony",
        "victor",
        "wei",
        "william",
        "yuki",
        "zoe",
    ]
)

# The blanks and markup before the label stay on its line, so masked lines (a long front matter
# value) are not read again from each line's start.
_PEOPLE_LINE = (
    r"(?im)^[^\w\n]*(?:authors?|attendees?|atendees|participants|created by|written by|owners?|"
    r"incident commander|ic|reviewers?)\b\W*(.*)$"
)


@dataclass(frozen=True)
class Blame:
    start: int  # offsets in the text given
    end: int
    phrase: str
    subject: str | None  # the person or role; None for phrases such as "human error"


def people_named(text: str) -> set[str]:
    """Names listed as authors, attendees and the like (lowercased, first names included)."""
    names: set[str] = set()
    for match in _patterns().people_line.finditer(text):
        for initials in re.findall(r"\b[A-Z]{2,3}\b", match.group(1)):
            names.add(initials.lower())
        for name in re.findall(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", match.group(1)):
            names.add(name.lower())
            names.add(name.split()[0].lower())
    return names


_NOT_PEOPLE = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "there",
        "here",
        "he",
        "she",
        "you",
        "i",
        "a",
        "an",
        "and",
        "or",
        "but",
        "if",
        "when",
        "while",
        "then",
        "so",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "to",
        "with",
        "rfc",
        "kep",
        "pr",
        "api",
        "cli",
        "ci",
        "cd",
        "sig",
        "tbd",
        "n/a",
        "none",
        "all",
        "each",
        "every",
        "some",
        "any",
        "no",
        "not",
        "yes",
    ]
)


def _is_person(name: str, people: Iterable[str]) -> bool:
    lowered = name.lower()
    first = lowered.split()[0]
    if first in _NOT_PEOPLE:
        return False
    known = set(people)
    return lowered in known or first in known or first in GIVEN_NAMES


# Words without which no pattern here can match (plain substring tests, far cheaper than any
# pattern): blocks without them are skipped.
_PHRASE_WORDS = (
    "error",
    "finger",
    "careless",
    "negligen",
    "incompeten",
    "should have",
    "attention",
    "mistake",
    "fault",
)
_HINT_WORDS = (
    *_PHRASE_WORDS,
    "forg",
    "fail",
    "neglect",
    "ignor",
    "miss",
    "overlook",
    "accident",
    "wrong",
    "erroneous",
    "broke",
    "caus",
    "mess",
    "screw",
    "botch",
    "did not",
    "didn't",
    "didnt",
    "responsible",
    "ran the",
    "pushed",
    "deployed",
    "deleted",
    "dropped",
    "typed",
    "misconfigur",
    "skipped",
    "bypass",
    "disregard",
    "without",
    "culprit",
    "oversight",
    "slip",
    "blunder",
    "misjudg",
    "misread",
    "misunderst",
    "misinterpret",
    "alert",
    "notify",
    "inform",
    "warn",
    "realiz",
    "realis",
    "aware",
    "typo",
    "omitted",
    "misclick",
    "mistyp",
    "mis-typ",
    "directly to",
    "removed",
    "corrupt",
    "overwrote",
    "took down",
    "brought down",
    "triggered",
    "introduced",
    "started by",
    "deemed",
    "judged",
    "considered",
    "assumed",
    "thought",
    "believed",
    "decided",
    "turns out",
    "turned out",
    "cause was",
    "cause is",
    "happened because",
    "found that",
    "discovered that",
    "learned that",
    "related to",
    "due to",
    "because of",
    "result of",
    "came from",
    "stemm",
)


_FOUND_WORDS = ("turn", "cause", "happened because", "found", "discovered", "learned")
# What only people do ("the stress testing Yuvi did"): a name nobody listed is read as a person
# when it is the subject of one of these.
_DONE_BY_PEOPLE = frozenset({"did", "ran", "made", "pushed", "merged", "wrote"})
_CAUSE_WORDS = (
    "related to",
    "caused by",
    "due to",
    "because of",
    "result of",
    "triggered by",
    "came from",
    "stemm",
)


def find_blame(text: str, people: Iterable[str] = ()) -> Iterator[Blame]:
    """Blaming phrases in ``text`` (a sentence or a paragraph of plain prose)."""
    yield from _blame_in(text, frozenset(people))


@functools.lru_cache(maxsize=4096)
def _blame_in(text: str, people: frozenset[str]) -> tuple[Blame, ...]:
    """:func:`find_blame`, remembered per text: a draft re-checked after each pause has mostly
    the same paragraphs as the last time."""
    return tuple(_find_blame(text, people))


def _find_blame(text: str, people: Iterable[str]) -> Iterator[Blame]:
    lowered = text.lower()
    if not any(word in lowered for word in _HINT_WORDS):
        return
    people = set(people)
    patterns = _patterns()
    seen: list[tuple[int, int]] = []

    def fresh(start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in seen):
            return False
        seen.append((start, end))
        return True

    if any(word in lowered for word in _PHRASE_WORDS):
        for match in patterns.phrases.finditer(text):
            if fresh(match.start(), match.end()):
                yield Blame(match.start(), match.end(), match.group(), None)
    # Subjects followed by a failure verb: searched only in the stretch before each verb.
    windows: list[tuple[int, int]] = []
    for verb in patterns.failure_verb.finditer(text):
        begin = max(0, verb.start() - 120)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], verb.end())
        else:
            windows.append((begin, verb.end()))
    for pattern in (patterns.handle_subject, patterns.role_subject, patterns.pronoun_subject):
        for begin, end in windows:
            for match in pattern.finditer(text, begin, end):
                if fresh(match.start(), match.end()):
                    yield Blame(match.start(), match.end(), match.group(), match.group(1))
    wanted = [
        pattern
        for pattern, words in (
            (patterns.by_person, (" by ", " of ", " from ")),
            (patterns.possessive_fault, ("'s", "’s")),
            (patterns.possessive_act, ("'s", "’s")),
            (patterns.without, ("without",)),
        )
        if any(word in lowered for word in words)
    ]
    for pattern in wanted:
        for match in pattern.finditer(text):
            name = match.group(1)
            if not name.startswith("@") and not _is_person(name, people):
                continue
            if fresh(match.start(), match.end()):
                yield Blame(match.start(), match.end(), match.group(), name)
    for pattern, words in ((patterns.judged_by, (" by ",)), (patterns.found_act, _FOUND_WORDS)):
        if not any(word in lowered for word in words):
            continue
        for match in pattern.finditer(text):
            who = match.group("who")
            role = re.match(r"(?i)(?:the|an?|our|one)\s", who) is not None
            if not role and not who.startswith("@") and not _is_person(who, people):
                continue
            if fresh(match.start(), match.end()):
                yield Blame(match.start(), match.end(), match.group(), who)
    if any(word in lowered for word in _CAUSE_WORDS):
        for match in patterns.cause_act.finditer(text):
            who = match.group("who")
            if who.lower() in _NOT_PEOPLE:
                continue  # "due to the change we made": the clause's subject is no person
            known = who.startswith("@") or _is_person(who, people)
            if not known and match.group("verb").lower() not in _DONE_BY_PEOPLE:
                continue  # "the upgrade Kubernetes performed": a system acts too
            if fresh(match.start(), match.end()):
                yield Blame(match.start(), match.end(), match.group(), who)
    if "culprit" in text.lower():
        for match in patterns.culprit.finditer(text):
            name = match.group("a") or match.group("b") or ""
            role = re.match(r"(?i)(?:the|an?|our|one)\s", name) is not None
            if not role and not name.startswith("@") and not _is_person(name, people):
                continue
            if fresh(match.start(), match.end()):
                yield Blame(match.start(), match.end(), match.group(), name)
    named = (m for begin, end in windows for m in patterns.name_subject.finditer(text, begin, end))
    for match in named:
        name = match.group(1)
        if name.isupper():
            if name.lower() not in people or name.lower() in _NOT_PEOPLE:
                continue
        elif not _is_person(name, people):
            continue
        if fresh(match.start(), match.end()):
            yield Blame(match.start(), match.end(), match.group(), name)
