"""The four milestones of an incident, read off its timeline rows by what each row says.

- **start of impact**: a row that says so ("impact began", "**Impact start**"), else the first
  row before the detection that describes a failure ("503s begin", "certificate expires",
  "claims backend stops responding"), else the change that triggered it ("VPC CNI replaced",
  "applied the admission controller"); unknown when the timeline opens at the detection;
- **detection**: the first row worded as an alert, a page, a report or a declaration;
- **mitigation**: the first row after the detection worded as a rollback, a revert, a restart or
  a restoration;
- **resolution**: the last row (before any "Post-resolution" part) that says resolved, closed or
  back to normal, else the last row worded as a fix that completed.

A milestone that cannot be found is reported as unknown, with the reason, never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from writer.checks.postmortem.timeline import Row

_EXPLICIT_START = (
    r"\b(?:outage|impact|incident|degradation|disruption|downtime|problem|issue)s?\s+"
    r"(?:begins?|began|starts?|started|commences?)\b"
    r"|\b(?:start|beginning|begin|onset)\s+of\s+(?:the\s+)?(?:impact|outage|incident|disruption)\b"
    r"|\bimpact\s+start|\bfirst\s+(?:error|failure|occurr?ence|occurence)s?\b"
)
_SYMPTOM = (
    r"\b(?:starts?|started|begins?|began|beginning)\s+(?:to\s+)?(?:fail|return|error|time|crash|"
    r"drop|reject|throttl|evict|hang|stall|lose|loss|show|report)\w*"
    r"|\b5\d\d\s*s?\b|\b5xx\b|\berrors?\s+(?:start|begin|spike|rise|increase|climb)\w*"
    r"|\b(?:stops?|stopped|ceased?|halts?|halted)\b"
    r"|\b(?:went|goes|going|is|was|were|are)\s+(?:down|offline|unavailable|unreachable)"
    r"|\b(?:became|becomes|become|turned)\s+\w*\s*(?:unavailable|unreachable|inaccessible|"
    r"unresponsive|unhealthy|slow|stuck|corrupt)"
    r"|\boutage\b|\bcrash\w*|\bexpir\w*|\bfail(?:s|ed|ing|ure)\b|\btim(?:e|ed|ing)\s?outs?\b"
    r"|\btimes?\s+out\b|\bunavailab\w*|\bunreachab\w*|\binaccessib\w*|\bdegrad\w*|\bexhaust\w*"
    r"|\bran out\b|\bruns out\b|\bout of (?:space|memory|disk|ids)\b|\boom\w*|\bevict\w*"
    r"|\bbroken\b|\bstuck\b|\bno nodes\b|\bnot ?ready\b|\bnodenotready\b|\bkilled\b|\bdown\b"
    r"|\bslow(?:down|ness|ed)?\b|\blatency\b|\bspike\w*|\bdata loss\b|\bcorrupt\w*|\bdeleted\b"
    r"|\btake\s+(?:10\+?|\d+)\s+seconds\b|\bno (?:space|disk)\b|\bmalformed\b|\bregression\b"
    r"|\b(?:return\w*|serv\w*|throw\w*|giv\w*)\s+(?:an?\s+)?[45]\d\d\b|\b[45]\d\d\s+errors?\b"
)
_TRIGGER = (
    r"\bdeploy(?:s|ed|ment|ing)?\b|\brolled out\b|\broll-?out\b|\breleased?\b|\bmerged?\b"
    r"|\bpushed\b|\bapplied\b|\bapply\b|\bupgrade[ds]?\b|\bupgrading\b|\breplaced\b|\bpromoted\b"
    r"|\bmigrat\w*|\bchanged?\b|\bchange\b|\btriggered\b|\bexecuted\b|\broll-?over\b|\bpublished\b"
    r"|\breplac\w*|\bpicks?\s+up\b|\bswitched\b|\benabled\b|\bturned\s+on\b"
    r"|\bupdated\b|\badded\b|\bregisters?\b|\bbegins uploading\b|\bcreated\b|\bscheduled\b"
    r"|\bcommand\b|\binitiated\b"
)
_DETECTION = (
    r"\bdetect\w*|\balert\w*|\balarm\w*|\bpage[ds]?\b|\bpager\w*|\bnotic\w*|\breport\w*"
    r"|\bdiscover\w*|\bobserv\w*|\baware\b|\bidentif\w*|\bspotted\b|\bflagged\b|\bescalat\w*"
    r"|\bon-?call\b|\bdeclared?\b|\bticket\b|\bcomplain\w*|\backnowledg\w*|\binvestigat\w*"
    r"|\bfirst (?:sign|report)\b|\bnotif\w*|\breach(?:es|ed)? out\b|\buptime check\b"
    r"|\bpingdom\b|\bsentry\b|\breali[sz]\w*|\braised\b|\bconfirm\w*|\bverif\w*|\bsupport\s+(?:ticket|request)"
    r"|\bfreshdesk\b|\bhuddle\b|\bemail\b|\be-mail\b|\bmessag\w*"
)
_MITIGATION = (
    r"\bmitigat\w*|\broll(?:ed|ing|s)?[ -]?back\b|\brollback\b|\brevert\w*|\bworkaround\b"
    r"|\brestor\w*|\bfail(?:ed)?[ -]?over\b|\bdisabl\w*|\bscal(?:ed|ing) (?:up|out)\b"
    r"|\bdowngrad\w*|\bdrain\w*|\brecover\w*|\bstabili[sz]\w*|\bhotfix\w*|\btemporar\w*"
    r"|\brestart\w*|\brebooted?\b|\bback (?:up|online|to normal|in service)\b"
    r"|\b(?:up|running|working|available|serving|operational|online) again\b"
    r"|\bresum\w*|\bput back\b|\bisolat\w*|\bblocked\b|\bbanned\b|\bfirewall\w*"
    r"|\bremoved\b|\bterminated\s+(?:the|all|a)\b|\bcordon\w*"
    r"|\bincreas\w* (?:the )?(?:capacity|memory|limit|disk)"
    r"|\bresiz\w*|\bswitch(?:ed|es)? (?:back|to)\b|\bfix(?:ed|es)?\b(?! PRs?\b)|\bpatched\b"
    r"|\bdeploy\w* (?:a |the )?fix"
    r"|\bhealthy\b|\bdeploy(?:s|ed)?\b|\b(?:is|are|was|were|became|becomes)\s+available\b"
)
# Words that leave no doubt a row mitigated the impact; a row worded only as a deploy, a fix or a
# restart counts when no row says this.
_MITIGATION_STRONG = (
    r"\bmitigat\w*|\broll(?:ed|ing|s)?[ -]?back\b|\brollback\b|\brevert\w*|\bworkaround\b"
    r"|\brestor\w*|\bfail(?:ed)?[ -]?over\b|\brecover\w*"
    r"|\bback (?:up|online|to normal|in service)\b"
    r"|\b(?:up|running|working|available|serving|operational|online) again\b|\bresum\w*"
    r"|\bput back\b|\bstabili[sz]\w*"
)
_RESOLUTION_EXPLICIT = (
    r"\bresolved\b|\bresolves\b(?! to)|\b(?:incident|issue|problem|outage)s?\s+(?:is\s+|was\s+)?"
    r"(?:closed|over|ended|ends)\b|\ball clear\b|\bclosed\b"
)
_RESOLUTION = (
    r"\bfixed\b|\bfix(?:es)? (?:is |was |were )?(?:deployed|released|published|merged|rolled out|"
    r"applied|live|shipped)\b|\b(?:all )?(?:systems?|services?|everything) (?:verified |is |are |"
    r"were |was )?(?:operational|healthy|normal|back to normal|working|stable)"
    r"|\bback to normal\b|\breturned to normal\b|\bnormal (?:levels|operations?|rate)\b"
    r"|\bfully (?:restored|recovered|operational|functional)\b|\bhealthy again\b|\busual rate\b"
    r"|\brecovered\b|\bcomplet\w*|\bfinish\w*|\bno further\b|\bstabili[sz]ed\b|\bpasses\b"
    r"|\bconfirmed (?:successfully|working|fixed)\b|\bfunctional again\b|\bonce again\b"
    r"|\b(?:alarms?|alerts?)\s+(?:stops?|stopped|clears?|cleared|resolves?|resolved)\b"
    r"|\b(?:running|working|available|serving|operational|online|healthy|normal|functional|"
    r"shipping|flowing)\b[^.]{0,40}\bagain\b|\bback\s+(?:in\s+)?operation\w*\b"
    r"|\bconfirmed\s+by\s+(?:the\s+)?(?:end\s+)?(?:users?|customers?)\b"
    r"|\bworking\s+as\s+(?:intended|expected|normal)\b"
    r"|\bstop(?:s|ped)? firing\b"
)
# A row that says things look fine is no detection of a problem.
_ALL_FINE = (
    r"\ball\s+(?:fine|good|ok|well|green)\b|\bno\s+(?:issues?|problems?|errors?)\b|\bsucce\w*"
    r"|\blook(?:s|ed)?\s+(?:fine|good|ok)\b"
)


class _Patterns:
    """Compiled when first needed, once: see :func:`_patterns`."""

    def __init__(self) -> None:
        flags = re.IGNORECASE
        self.explicit_start = re.compile(_EXPLICIT_START, flags)
        self.symptom = re.compile(_SYMPTOM, flags)
        self.trigger = re.compile(_TRIGGER, flags)
        self.detection = re.compile(_DETECTION, flags)
        self.mitigation = re.compile(_MITIGATION, flags)
        self.mitigation_strong = re.compile(_MITIGATION_STRONG, flags)
        self.resolution_explicit = re.compile(_RESOLUTION_EXPLICIT, flags)
        self.resolution = re.compile(_RESOLUTION, flags)
        self.all_fine = re.compile(_ALL_FINE, flags)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


_KINDS = (
    "explicit_start",
    "symptom",
    "trigger",
    "detection",
    "mitigation",
    "mitigation_strong",
    "resolution_explicit",
    "resolution",
    "all_fine",
)


@functools.lru_cache(maxsize=4096)
def row_kinds(text: str) -> frozenset[str]:
    """What a row's words say it is (``detection``, ``mitigation``, ...), worked out once per
    text: the milestones and the checks that hold statements against rows ask often."""
    patterns = _patterns()
    return frozenset(kind for kind in _KINDS if getattr(patterns, kind).search(text))


NAMES = ("impact_start", "detected", "mitigated", "resolved")
_LABELS = {
    "impact": "impact_start",
    "impact start": "impact_start",
    "impact started": "impact_start",
    "start": "impact_start",
    "trigger": "impact_start",
    "detection": "detected",
    "detected": "detected",
    "mitigation": "mitigated",
    "mitigated": "mitigated",
    "recovery": "mitigated",
    "recovered": "mitigated",
    "resolution": "resolved",
    "resolved": "resolved",
}


@dataclass(frozen=True)
class Milestone:
    """One milestone: the row it was read from, or None with the reason it is unknown."""

    name: str  # "impact_start", "detected", "mitigated" or "resolved"
    row: Row | None
    reason: str  # why this row, or why none

    @property
    def known(self) -> bool:
        return self.row is not None and self.row.local is not None

    def as_dict(self) -> dict[str, object] | str:
        """For ``stats``: the row's line, time and words, or "unknown"."""
        row = self.row
        if row is None or row.local is None:
            return "unknown"
        at = row.local.strftime("%Y-%m-%d %H:%M") if row.precise else row.local.date().isoformat()
        if not row.year_known:
            at = at[5:]
        zone = row.zone_used.text if row.zone_used is not None and row.precise else None
        return {
            "line": row.line,
            "at": f"{at} {zone}" if zone else at,
            "text": row.text[:120],
            "approximate": row.approximate,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Milestones:
    impact_start: Milestone
    detected: Milestone
    mitigated: Milestone
    resolved: Milestone

    def get(self, name: str) -> Milestone:
        milestone: Milestone = getattr(self, name)
        return milestone

    def minutes(self, name: str, since: str = "impact_start") -> float | None:
        """Minutes from one milestone to another, when both are placed (for dates alone, whole
        days); None when either is unknown or the order is reversed."""
        return minutes_between(self.get(since).row, self.get(name).row)


def minutes_between(first: Row | None, last: Row | None) -> float | None:
    if first is None or last is None or first.local is None or last.local is None:
        return None
    if first.precise and last.precise:
        if first.at is not None and last.at is not None:
            delta = (last.at - first.at).total_seconds() / 60
        else:
            delta = (last.local - first.local).total_seconds() / 60
    elif not first.precise and not last.precise:
        delta = float((last.local.date() - first.local.date()).days * 24 * 60)
    else:
        return None
    return delta if delta >= 0 else None


def find_milestones(rows: Sequence[Row]) -> Milestones:
    """The milestones of the placed rows (see the module's description)."""
    placed = [row for row in rows if row.local is not None]
    timed = [row for row in placed if row.precise]
    if len(timed) >= 2 and 2 * len(timed) >= len(placed):
        placed = timed  # a dated line among timed rows is a subheading, not a milestone
    during = [row for row in placed if not row.after_resolution]
    patterns = _patterns()

    def unknown(name: str, reason: str) -> Milestone:
        return Milestone(name, None, reason)

    if not during:
        reason = "the timeline has no row with a date or time"
        return Milestones(*(unknown(name, reason) for name in NAMES))

    labelled = {}
    for row in during:
        if row.label and _LABELS.get(row.label) and _LABELS[row.label] not in labelled:
            labelled[_LABELS[row.label]] = row

    kinds = [row_kinds(row.text) for row in during]
    names = {id(getattr(patterns, kind)): kind for kind in _KINDS}

    def first(pattern: re.Pattern[str], begin: int = 0, end: int | None = None) -> int | None:
        kind = names[id(pattern)]
        for index in range(begin, len(during) if end is None else end):
            if kind in kinds[index]:
                return index
        return None

    # detection
    if "detected" in labelled:
        detect_index: int | None = during.index(labelled["detected"])
        detect_reason = "the row is labelled as the detection"
    else:
        detect_index = next(
            (
                index
                for index in range(len(during))
                if "detection" in kinds[index] and "all_fine" not in kinds[index]
            ),
            None,
        )
        detect_reason = "the first row worded as an alert, a report or a discovery"
    # start of impact
    start_index: int | None
    start_reason: str
    limit = detect_index if detect_index is not None else len(during)
    explicit = first(patterns.explicit_start)
    if "impact_start" in labelled:
        start_index = during.index(labelled["impact_start"])
        start_reason = "the row is labelled as the start of impact"
    elif explicit is not None and (detect_index is None or explicit <= detect_index + 2):
        start_index = explicit
        start_reason = "the row says the impact began"
    else:
        symptom = first(patterns.symptom, 0, limit)
        trigger = first(patterns.trigger, 0, limit)
        if symptom is not None:
            start_index = symptom
            start_reason = "the first row before the detection that describes a failure"
            if trigger is not None and trigger < symptom and _same_moment(during, trigger, symptom):
                start_index = trigger
        elif trigger is not None:
            start_index = trigger
            start_reason = "the change that started it, the last row before the detection"
            last_trigger = trigger
            for index in range(trigger + 1, limit):
                if "trigger" in kinds[index]:
                    last_trigger = index
            start_index = last_trigger
        elif detect_index is None:
            start_index = None
            start_reason = "no row describes the failure or the change that caused it"
        elif detect_index > 0:
            start_index = 0
            start_reason = "the first row, before the detection"
        elif {"symptom", "explicit_start"} & kinds[0]:
            start_index = 0
            start_reason = "the first row describes the failure as it was detected"
        else:
            start_index = None
            start_reason = (
                f"the timeline opens at the detection (line {during[0].line}); no row says "
                "when the impact began"
            )
        if (
            start_index is not None
            and start_index == detect_index == 0
            and not {"symptom", "explicit_start"} & kinds[0]
        ):
            start_index = None
            start_reason = (
                f"the timeline opens at the detection (line {during[0].line}); no row "
                "says when the impact began"
            )
    if detect_index is not None and start_index is not None and detect_index < start_index:
        detect_index = first(patterns.detection, start_index)
    # resolution
    resolve_index: int | None = None
    resolve_reason = ""
    if "resolved" in labelled:
        resolve_index = during.index(labelled["resolved"])
        resolve_reason = "the row is labelled as the resolution"
    else:
        after = start_index or detect_index or 0
        for index in range(len(during) - 1, after - 1, -1):
            if "resolution_explicit" in kinds[index]:
                resolve_index = index
                resolve_reason = "the last row that says the incident was resolved or closed"
                break
        if resolve_index is None:
            for index in range(len(during) - 1, after - 1, -1):
                if "resolution" in kinds[index]:
                    resolve_index = index
                    resolve_reason = "the last row that says the service was back to normal"
                    break
    # mitigation
    mitigate_index: int | None = None
    mitigate_reason = ""
    if "mitigated" in labelled:
        mitigate_index = during.index(labelled["mitigated"])
        mitigate_reason = "the row is labelled as the mitigation or recovery"
    else:
        begin = detect_index if detect_index is not None else (start_index or 0)
        begin = max(begin, (start_index or 0) + (1 if start_index is not None else 0))
        end = resolve_index + 1 if resolve_index is not None else None
        mitigate_index = first(patterns.mitigation_strong, begin, end)
        mitigate_reason = "the first row after the detection worded as a rollback or a restore"
        if mitigate_index is None:
            mitigate_index = first(patterns.mitigation, begin, end)
            mitigate_reason = "the first row after the detection worded as a fix, deploy or restart"
        if mitigate_index is None and resolve_index is not None:
            mitigate_index = resolve_index
            mitigate_reason = "no earlier row mitigated it: the resolution"
    if resolve_index is not None and start_index is not None and resolve_index < start_index:
        resolve_index = None

    def pick(name: str, index: int | None, reason: str, missing: str) -> Milestone:
        if index is None:
            return unknown(name, reason or missing)
        return Milestone(name, during[index], reason)

    return Milestones(
        pick("impact_start", start_index, start_reason, "no row says when the impact began"),
        pick(
            "detected",
            detect_index,
            detect_reason if detect_index is not None else "",
            "no row is worded as an alert, a report or a discovery",
        ),
        pick(
            "mitigated",
            mitigate_index,
            mitigate_reason if mitigate_index is not None else "",
            "no row is worded as a rollback, a revert or a restore",
        ),
        pick(
            "resolved",
            resolve_index,
            resolve_reason,
            "no row says the incident was resolved or the service back to normal",
        ),
    )


def _same_moment(rows: Sequence[Row], first: int, second: int) -> bool:
    a, b = rows[first].local, rows[second].local
    return a is not None and b is not None and abs(b - a) <= dt.timedelta(minutes=1)
