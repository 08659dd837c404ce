"""Is an incident's impact measured? Figures of size or duration, told apart from the numbers
that measure nothing (dates, times of day, versions, ticket and incident ids), and the sentences
of a summary that state the impact.

A figure of impact is a count of affected things (in digits or words: "12 customers", "two
teams", "a dozen", "hundreds of builds"), a percentage, a duration ("31 minutes", "~1hr", "an
hour", "between 12:17 and 12:30"), money, or a rate ("4.7K requests per second"). A count of
the machines that failed ("two nodes were down") sizes the fault, not the impact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from writer.checks.sections import tells_impact

_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|hundred|a\s+hundred|a\s+thousand|a\s+million|a\s+dozen|"
    r"dozens|hundreds|thousands|millions|half(?:\s+of)?|a\s+single"
)
_UNIT_TIME = r"s|secs?|seconds?|mins?|minutes?|m|h|hrs?|hours?|days?|d|weeks?|wks?|months?|years?"
# Numbers that measure nothing: ids, versions, dates, times, ordinals.
_NOT_A_MEASURE = re.compile(
    r"""(?ix)
      \b\d{4}-\d{2}-\d{2}\b                               # ISO date
    | \b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b                    # 6/3, 6/3/2021
    | \b\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?
        (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b  # 3 March, 15th of Feb
    | \b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b
    | \b\d{1,2}[:h.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?\b|utc|gmt|[A-Z]{2,4}T\b)?  # 14:05, 9.30 pm
    | \b\d{1,2}\s*[ap]\.?m\.?\b                           # 3pm
    | \b(?:v|version\s+)?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?\b  # 1.24.0, v0.0.23, version 1.13
    | \bv\d+\b                                           # v2
    | (?:\#|\b[A-Z][A-Za-z]*-)\d+\b                        # #275, PM2020-001, SEV-1, CVE-2019-
    | \b[A-Za-z]+\d+[A-Za-z\d]*\b                         # ec2, k8s, PM2020
    | \b\d+[A-Za-z]*-[A-Za-z]                             # 2i2c-org, 4xx-class
    | \b\d+(?:st|nd|rd|th)\b                              # 15th
    | \b(?:19|20)\d{2}\b                                  # a year
    | \b\d+(?:\.\d+)?\s*(?:[kmgt]i?b|bytes?)\b             # 32GB: a size of a resource
    | \b\d+x\b                                            # a ~10x increase
    | \b(?:steps?|phases?|stages?|parts?|sections?|items?|pages?|levels?|tiers?|rounds?|
         options?|figures?|tables?|no\.?|number|sev|p|priority)\s*\d+\b  # step 3, level 2
    """
)
_FIGURE = re.compile(
    rf"""(?ix)
      (?P<percent>(?<![\w.])\d[\d,.]*\s*(?:%|percent\b|per\s+cent\b))
    | (?P<money>[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s*(?:usd|eur|gbp|dollars|euros)\b)
    | (?P<rate>(?<![\w.])\d[\d,.]*\s*[km]?\s*(?:rps|qps|(?:\w+\s+)?(?:per|/|a)\s*(?:second|sec|s|
        minute|min|hour|hr|day)\b))
    | (?P<duration>(?<![\w.])~?\d[\d,.]*\+?\s*(?:-\s*\d+\s*)?(?:{_UNIT_TIME})\b
        | \b(?:an?|{_NUMBER_WORDS}|seventy|eighty|ninety|half\s+an)(?:-\w+)?\s+
            (?:hours?|days?|weeks?|minutes?|months?)\b
        | \bovernight\b)
    | (?P<count>(?<![\w.:/#-])~?\d[\d,.]*\s*[km]?\+?(?![\w.:/-])
        | \b(?:{_NUMBER_WORDS})\b)
    """
)
# A count followed by one of these sizes the fault (or is calendar), not the impact.
_FAULT_NOUNS = re.compile(
    r"(?i)\s*(?:(?:of\s+)?(?:our|the|these|its|their)\s+)?(?:\w+[-\s]){0,2}?"
    r"(?:nodes?|pods?|servers?|machines?|instances?|vms?|clusters?|replicas?|brokers?|disks?|"
    r"components?|containers?|daemons?|processes|threads?|cores?|cpus?|steps?|issues?|"
    r"incidents?|bugs?|causes?|reasons?|factors?|things?|times?|ways?|lines?|effects?|"
    r"fix(?:es)?|changes?|commits?|releases?|versions?|patch(?:es)?|prs?|attendees?)\b"
)
_ALL_OF = re.compile(r"(?i)^\s*(?:of|in)\s")
_ZERO_IMPACT = re.compile(
    r"(?i)(?<!little or )(?<!minimal or )\b(?:no|zero)[ \t]+(?:\w+[ \t]+){0,2}?"
    r"(?:impact|users?|customers?|data|packages?|requests?)\b(?!\s+(?:loss|was\s+lost)\b)"
    r"|\bnot\s+(?:been\s+)?exploited\b|\bnothing\s+was\s+(?:compromised|lost|affected)\b"
    r"|\b(?:not\s+|un)aware\s+of\s+any\b"
    r"|\bno\s+(?:unauthori[sz]ed|malicious)\s+(?:actions?|access|activity|use)\b"
    r"|\b(?:users?|customers?|packages?|data)\s+(?:were|was)\s+not\s+(?:compromised|affected)\b"
    r"|\bnever\s+(?:encountered|had|experienced|saw)\s+(?:an?\s+)?(?:actual\s+)?outage\b"
    r"|\bnever\s+(?:unavailable|down)\b"
    r"|\b(?:we|our\s+\w+)\s+(?:were|was)\s+not\s+(?:compromised|affected|impacted)\b"
)
# Two times of day a range apart: the span is the duration ("from 09:47 until 10:40 UTC").
_CLOCK = r"(?:\b\d{1,2}:\d{2}\b|\b[0-2]\d[0-5]\d\b(?=\s*(?:and|to|until|-|–|utc|gmt)\b))"
_TIME_RANGE = re.compile(
    rf"(?i)\b(?:from|between|since)\b[^.;]{{0,40}}?{_CLOCK}[^.;]{{0,30}}?"
    rf"(?:\buntil\b|\bto\b|\band\b|\s[-–]\s?)[^.;]{{0,30}}?{_CLOCK}"
    rf"|\b\d{{1,2}}:\d{{2}}\s*(?:[ap]m\s*)?(?:to|until|-|–)\s*\d{{1,2}}:\d{{2}}\b"
)
# Words that stand in for a figure.
_VAGUE = re.compile(
    r"(?i)(?<!\bin )\b(?:some|several|many|multiple|various|a\s+(?:large|small|significant|high)\s+"
    r"number\s+of|a\s+few|a\s+lot\s+of|lots\s+of|most|extensive|significant(?:ly)?|massive|"
    r"brief(?:ly)?|temporar(?:y|ily)|sporadic|intermittent|for\s+a\s+(?:while|period\s+of\s+time)|"
    r"all|every|entire(?:ly)?|total|limited|minor)\b"
)


@dataclass(frozen=True)
class Figure:
    kind: str  # percent, money, rate, duration, count
    text: str


def _masked(text: str) -> str:
    """The text with numbers that measure nothing blanked out."""
    return _NOT_A_MEASURE.sub(lambda m: " " * len(m.group()), text)


def figures(text: str) -> Iterator[Figure]:
    """The figures of size or duration in the text."""
    masked = _masked(text)
    for match in _FIGURE.finditer(masked):
        kind = match.lastgroup or "count"
        found = match.group().strip()
        if not found:
            continue
        if kind == "count":
            after = masked[match.end() : match.end() + 60]
            if _FAULT_NOUNS.match(after) or (_ALL_OF.match(after) and found.isalpha()):
                continue  # "two nodes", "one of the effects"
            if found.isalpha() and not re.match(r"\s*(?:of\s+)?[a-z]", after, re.I):
                continue  # a number word standing alone ("the first one")
        yield Figure(kind, found)


def quantified(text: str) -> bool:
    """Does the text give a figure of size or duration, or say nothing was affected ("no
    users", "not exploited": zero is the figure)?"""
    if _ZERO_IMPACT.search(text) or _TIME_RANGE.search(text):
        return True
    return next(figures(text), None) is not None


# A service that stopped: "a brief network halt", "block production stalled".
_STOPPED = re.compile(
    r"(?i)\b(?:halt(?:ed|s)?|stall(?:ed|s)?|went\s+down|interrupt(?:ed|ions?)|"
    r"stopped\s+(?:working|responding|serving|processing))\b"
)


def states_impact(sentence: str) -> bool:
    """Does the sentence speak of what the incident did to users or the service?"""
    return tells_impact(sentence) or _STOPPED.search(sentence) is not None


def vague_words(text: str) -> str | None:
    """The first word or phrase that stands in for a figure, with the words it sizes ("some
    users", "all services using Okta")."""
    match = _VAGUE.search(text)
    if match is None:
        return None
    following = re.match(r"(?:\s+[\w'-]+){0,3}", text[match.end() :])
    return (match.group() + (following.group() if following else "")).strip()
