"""The four milestones of an incident, read off its timeline rows by what each row says.

- **start of impact**: a row that says so ("impact began", "**Impact start**"), else the first
  row before the detection that describes a failure ("503s begin", "certificate expires",
  "claims backend stops responding"), else the change that triggered it ("VPC CNI replaced",
  "applied the admission controller": the one a later row names by its time, "the plugins
  upgraded at 16:37", else the last before the detection); unknown when the timeline opens at
  the detection;
- **detection**: the first row worded as an alert, a page, a report or a declaration; a row that
  confirms something works ("confirmed builds working") is a check that passed, not a detection;
- **mitigation**: the first row after the detection worded as a rollback, a revert, a restore or
  a fix deployed (else a fix, a deploy or a restart) that took effect: a fix or pull request
  only opened, drafted, committed or proposed, a rollback planned ("in case a rollback is
  needed"), a deploy to a sandbox or staging, and an attempt a later row says did not help
  ("problem still visible") mitigate nothing;
- **resolution**: the last row (before any "Post-resolution" part) that says resolved, closed or
  back to normal, else the last row worded as a fix that completed. When the problem is reported
  again after the row that closed it, the resolution is the later row that says it is back, and
  the closing row is the mitigation.

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
    r"|\bfreshdesk\b|\bhuddle\b|\be-?mail(?:s|ed)?\b|\bmessag\w*|\bfir(?:ed|es|ing)\b"
    r"|\bcontact(?:s|ed)\b|\bpinged\b|\btold\s+us\b|\bwarn(?:s|ed|ing)\b|\bopsgenie\b"
)
_MITIGATION = (
    r"\bmitigat\w*|\brepair(?:ed)?\b|\broll(?:ed|ing|s)?[ -]?back\b|\brollback\b|\brevert\w*"
    r"|\bworkaround\b"
    r"|\brestor\w*|\bfail(?:ed)?[ -]?over\b|\bdisabl\w*|\bscal(?:ed|ing) (?:up|out)\b"
    r"|\bdowngrad\w*|\bdrain\w*|\brecover\w*|\bstabili[sz]\w*|\bhotfix\w*|\btemporar\w*"
    r"|\brestart\w*|\brebooted?\b|\bback (?:up|online|to normal|in service)\b"
    r"|\b(?:up|running|working|available|serving|operational|online) again\b"
    r"|\bresum\w*|\bput back\b|\bisolat\w*|\bblocked\b|\bbanned\b|\bfirewall\w*"
    r"|\bremoved\b|\bterminated\s+(?:the|all|a)\b|\bcordon\w*"
    r"|\brevok\w*|\bdestroy\w*|\binvalidat\w*|\bquarantin\w*|\byank\w*|\brotated\b"
    r"|\bincreas\w* (?:the )?(?:capacity|memory|limit|disk)"
    r"|\bresiz\w*|\bswitch(?:ed|es)? (?:back|to)\b|\bfix(?:ed|es)?\b(?! PRs?\b)|\bpatched\b"
    r"|\bdeploy\w* (?:a |the )?fix"
    r"|\bhealthy\b|\bdeploy(?:s|ed)?\b|\b(?:is|are|was|were|became|becomes)\s+available\b"
)
# Words that leave no doubt a row mitigated the impact; a row worded only as a deploy, a fix or a
# restart counts when no row says this.
_MITIGATION_STRONG = (
    r"\bmitigat\w*|\brepair(?:ed)?\b|\broll(?:ed|ing|s)?[ -]?back\b|\brollback\b|\brevert\w*"
    r"|\bworkaround\b"
    r"|\brestor\w*|\bfail(?:ed)?[ -]?over\b|\brecover\w*"
    r"|\bback (?:up|online|to normal|in service)\b"
    r"|\b(?:up|running|working|available|serving|operational|online) again\b|\bresum\w*"
    r"|\bput back\b|\bstabili[sz]\w*"
    r"|\bfix(?:es)?\s+(?:is|was|were|has\s+been|have\s+been|got|gets)\s+(?:deployed|released|"
    r"rolled out|applied|live|shipped)\b|^\W*(?:(?:a|the|hot|\w+'s)\s*)?fix(?:es)?\s+(?:deployed|"
    r"released|rolled out|applied|shipped)\b|\bdeployed\s+(?:a\s+|the\s+)?fix\b"
)
_RESOLUTION_EXPLICIT = (
    r"\bresolved\b|\bresolves\b(?! to)|\b(?:incident|issue|problem|outage)s?\s+(?:is\s+|was\s+)?"
    r"(?:closed|over|ended|ends)\b|\ball clear\b|\bclosed\b"
    r"|\bend\s+of\s+(?:the\s+)?(?:impact|outage|incident|disruption|downtime)\b"
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
# A row that confirms or verifies that something works ("confirmed builds working on arm64"): a
# check that passed, no detection of a problem (unless it also names a failure).
_WORKS = (
    r"\b(?:confirm\w*|verif\w*|validat\w*|check(?:s|ed)?)\b"
    r"(?:(?!\b(?:not|no|never|nothing|stopped|fail\w*|broken|still|longer)\b|n't\b)[^.;])*"
    r"\b(?:work(?:s|ed|ing)?(?!\s+(?:to|with|around|through|on\s+(?:(?:a|an|the)\s+)?(?:fix|it|"
    r"mitigat\w*|resolv\w*|resolution|solution|patch|workaround|restor\w*|recover\w*|"
    r"investigat\w*))\b)|fine|ok|okay|healthy|"
    r"functional|operational|as expected)\b"
)
# A fix, a revert or a pull request opened, drafted, committed or proposed, or a rollback planned
# or wanted: nothing is mitigated until it is merged, deployed or applied.
_PENDING = (
    r"\b(?:open(?:s|ed|ing)?|creat(?:es?|ed|ing)|draft(?:s|ed|ing)?|prepar(?:es?|ed|ing)|"
    r"writ(?:es?|ing)|wrote|written|propos(?:es?|ed|ing)|suggest(?:s|ed|ing)?|submit(?:s|ted|ting)?|"
    r"commit(?:s|ted|ting)?|put(?:s|ting)?\s+up|rais(?:es?|ed|ing))\b"
    r"(?:\s+up)?\s+(?:(?:a|an|the|another|new|quick|\w+'s)\s+)*(?:\[?\w*\s+)?\[?"
    r"(?:pr|pull request|mr|merge request|fix|hot-?fix|patch|revert|rollback|change|commit)\b"
    r"|\b(?:pr|pull request|mr|merge request|fix|hot-?fix|patch|revert|change)s?\b[^.;]{0,30}?"
    r"\b(?:is|was|are|were|gets?|got|been)?\s*(?:opened|created|drafted|prepared|proposed|"
    r"submitted|committed|written|raised|up for review|ready for review|in review)\b"
    r"|\b(?:fix|hot-?fix|patch|pr|pull request)\s+(?:is\s+|was\s+)?(?:committed|opened|prepared)\b"
    r"|\b(?:in case|if|whether|for|candidates?\s+for|plan(?:s|ned|ning)?\s+(?:to|for|a|the)|"
    r"prepar\w*\s+(?:to|for)|consider(?:s|ed|ing)?|discuss(?:es|ed|ing)?|would like to|"
    r"wants? to|going to|about to|intends? to|decid(?:es?|ed|ing)\s+whether|need(?:s|ed)? to|"
    r"ready to|asks?\s+(?:for|to)|waiting\s+(?:for|on))\s+(?:(?:a|an|the)\s+)?"
    r"(?:roll(?:ing)?[ -]?back|revert\w*|re-?deploy\w*|restor\w*|recover\w*|fail[ -]?over|"
    r"workaround|mitigat\w*|restart\w*|downgrad\w*)\b"
    r"|\b(?:approach|plan|decision|idea|proposal|next step)\s+(?:is|was)\s+to\b"
    r"|\b(?:deploy\w*|applied|released|rolled\s+out)\b[^.;]{0,40}?\b(?:to|in|on|into)\s+(?:the\s+)?"
    r"(?:\w+\s+)?(?:sandbox|staging|test(?:ing)?\s+(?:env\w*|cluster)|dev(?:elopment)?\s+"
    r"(?:env\w*|cluster))\b"
    r"|\b(?:start(?:s|ed|ing)?|begins?|began|beginning)\s+(?:to\s+)?work(?:s|ed|ing)?\s+on\s+"
    r"(?:(?:a|an|the)\s+)?(?:fix|patch|workaround|mitigation|rollback|revert)\b"
    r"|\bworking\s+on\s+(?:(?:a|an|the)\s+)?(?:fix|patch|workaround|mitigation|rollback|revert)\b"
    r"|\b(?:roll[ -]?back|revert|workaround|restart|failover)\s+(?:is\s+|was\s+)?"
    r"(?:needed|required|planned|possible|candidates?|plan)\b"
)
# A change deployed where users are not: it mitigates nothing yet.
_REHEARSAL = r"\b(?:sandbox|staging)\b|\b(?:test(?:ing)?|dev(?:elopment)?)\s+(?:env\w*|cluster)\b"
# Words that say a fix or change took effect: a row that says so mitigates even if it also
# names the pull request it came from ("PR merged and deployed").
_APPLIED = (
    r"\b(?:merged|deployed|deploys|applied|applies|released|rolled\s+(?:out|back)|reverted|"
    r"shipped|live|restarted|restored|mitigated)\b"
)
# A row that says an attempt did not help or the problem is still there.
_PERSISTS = (
    r"\bstill\s+(?:\w+\s+){0,2}?(?:visible|there|present|happening|occurring|failing|fails|"
    r"broken|down|erroring|seeing|seen|see|not|unavailable|slow|timing|returning|affected|high|"
    r"elevated|degraded|spiking|happens|occurs|"
    r"an issue|a problem|persist\w*|reproduc\w*|exists?)\b"
    r"|\bpersist(?:s|ed|ing)\b|\b(?:did|does|do)(?:n't| not)\s+(?:help|work|fix|resolve|solve|"
    r"improve|change)\b|\b(?:had|has|with)\s+no\s+(?:effect|impact|improvement)\b"
    r"|\bno\s+(?:improvement|change|luck)\b|\bwithout\s+(?:success|effect|luck)\b"
    r"|\bunsuccessful\w*|\b(?:was|is|were)\s*(?:n't|not)\s+enough\b"
)
# The last two forms of a resolution say the service is back, whatever was done before.
_BACK = (
    r"\bback to normal\b|\breturned to normal\b|\bnormal (?:levels|operations?|rate)\b"
    r"|\bfully (?:restored|recovered|operational|functional)\b|\bhealthy again\b"
    r"|\bconfirmed\s+by\s+(?:the\s+)?(?:end\s+)?(?:users?|customers?)\b"
    r"|\b(?:running|working|available|serving|operational|online|healthy|normal|functional|"
    r"shipping|flowing)\b[^.]{0,40}\bagain\b|\bworking\s+as\s+(?:intended|expected|normal)\b"
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
        self.works = re.compile(_WORKS, flags)
        self.pending = re.compile(_PENDING, flags)
        self.applied = re.compile(_APPLIED, flags)
        self.rehearsal = re.compile(_REHEARSAL, flags)
        self.persists = re.compile(_PERSISTS, flags)
        self.back = re.compile(_BACK, flags)


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
    "works",
    "pending",
    "applied",
    "rehearsal",
    "persists",
    "back",
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
    "repair": "mitigated",
    "repaired": "mitigated",
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
                if "detection" in kinds[index] and not _reassures(kinds[index])
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
            named = _named_back(during, trigger, limit)
            if named is not None:
                start_index = named
                start_reason = "the change a later row names by its time as the cause"
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
        elif (later := _reopened(kinds, resolve_index)) is not None:
            closed, resolve_index = resolve_index, later
            resolve_reason = (
                f"the problem was reported again after the row that closed it (line "
                f"{during[closed].line}); the last row that says it was back"
            )
    # mitigation
    mitigate_index: int | None = None
    mitigate_reason = ""
    if "mitigated" in labelled:
        mitigate_index = during.index(labelled["mitigated"])
        mitigate_reason = "the row is labelled as the mitigation or recovery"
    else:
        begin = detect_index if detect_index is not None else (start_index or 0)
        begin = max(begin, (start_index or 0) + (1 if start_index is not None else 0))
        end = resolve_index + 1 if resolve_index is not None else len(during)
        done = [_took_effect(kinds, index) for index in range(len(during))]
        mitigate_index = next(
            (
                index
                for index in range(begin, end)
                if done[index]
                and (
                    "mitigation_strong" in kinds[index]
                    or ("resolution_explicit" in kinds[index] and index < end - 1)
                )
            ),
            None,
        )
        mitigate_reason = "the first row after the detection worded as a rollback or a restore"
        if mitigate_index is not None and "mitigation_strong" not in kinds[mitigate_index]:
            mitigate_reason = "the row that first said it was over, before it was reported again"
        if mitigate_index is None:
            mitigate_index = next(
                (i for i in range(begin, end) if done[i] and "mitigation" in kinds[i]), None
            )
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


def _reassures(kinds: frozenset[str]) -> bool:
    """The row says things are fine, or confirms that something works without naming a
    failure: no detection of a problem."""
    return "all_fine" in kinds or ("works" in kinds and "symptom" not in kinds)


def _took_effect(kinds: Sequence[frozenset[str]], index: int) -> bool:
    """The row's fix or rollback took effect: it is not only opened, drafted or planned ("opens
    a PR with the fix", "in case a rollback is needed") and no row after it, before the next
    attempt, says the problem is still there or the attempt did not help."""
    if "persists" in kinds[index]:
        return False  # "restarted again, the problem is still there"
    if "pending" in kinds[index] and ("applied" not in kinds[index] or "rehearsal" in kinds[index]):
        return False
    for later in kinds[index + 1 :]:
        if "persists" in later:
            return False
        attempt = {"mitigation", "mitigation_strong", "resolution_explicit", "back"} & later
        if attempt and "detection" not in later:
            break  # the next attempt (a row that reports on this one is read on)
    return True


def _reopened(kinds: Sequence[frozenset[str]], closed: int) -> int | None:
    """The row that says the service is back after a report of the problem that follows the row
    that closed the incident ("Major outage closed", then "Reported missing metrics", then
    "Metrics availability confirmed by end user"), or None."""
    report = next(
        (
            index
            for index in range(closed + 1, len(kinds))
            if ({"detection", "persists"} & kinds[index])
            and not _reassures(kinds[index])
            and "back" not in kinds[index]
        ),
        None,
    )
    if report is None:
        return None
    return next(
        (index for index in range(len(kinds) - 1, report, -1) if "back" in kinds[index]), None
    )


_CLOCK_NAMED = re.compile(r"\b(?:at|since|from|after)\s+(\d{1,2}):(\d{2})\b", re.IGNORECASE)


def _named_back(rows: Sequence[Row], begin: int, end: int) -> int | None:
    """Among the changes before the detection (rows ``begin`` to ``end``), the one a later row
    names by its time ("one of the plugins that were upgraded at 16:37"), or None."""
    named: set[tuple[int, int]] = set()
    for row in rows[end:]:
        for match in _CLOCK_NAMED.finditer(row.text):
            named.add((int(match.group(1)), int(match.group(2))))
    if not named:
        return None
    kinds = _patterns().trigger
    for index in range(begin, end):
        local = rows[index].local
        if (
            local is not None
            and rows[index].precise
            and (local.hour, local.minute) in named
            and kinds.search(rows[index].text)
        ):
            return index
    return None


def _same_moment(rows: Sequence[Row], first: int, second: int) -> bool:
    a, b = rows[first].local, rows[second].local
    return a is not None and b is not None and abs(b - a) <= dt.timedelta(minutes=1)
