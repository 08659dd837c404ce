"""Which milestones a postmortem's timeline leaves out, as a reviewer would ask for them.

A milestone the reader cannot place (:mod:`writer.checks.postmortem.milestones`) is asked for
only when the document gives no other account of it:

- **start of impact**: not asked when a row before the detection gives it without a clock time
  (a placeholder time, a date alone), when the timeline opens at an automated alert or alarm
  (the alert is as close to the start as anyone can know, unless a later row names the change
  the failure came from: "related to the recent deploy"), or when the incident is a
  vulnerability reported or disclosed, or a latent problem the team found ("Identified problem
  with the sync"), rather than an outage (nothing failed before the report).
  A timeline that opens at a person's report (a ticket, a customer, "noticed", "discovers")
  that only describes the failure is asked for the start: the failure began before someone
  saw it;
- **detection**: not asked when the document states it in a field ("Detected: 14:05", "Time to
  detect: 7 min");
- **mitigation or resolution**: asked only when neither is placed, and not when a field gives
  one ("Resolved: 15:20", "Duration: 40 minutes", "Time to resolve: 2h").

A timeline section that holds a single row is read (one row is all it tells); a timeline
told only in the document's prose (no section holds it) is read when it places at least three
moments. Neither is read in a template or an index.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from writer.checks.postmortem.incident import Incident
from writer.checks.postmortem.milestones import row_kinds
from writer.checks.postmortem.timeline import Row
from writer.model.document import Document

# A row worded as an automated alert or alarm going off (not a person noticing or reporting).
_AUTOMATED = re.compile(
    r"(?i)\b(?:alerts?|alarms?|monitors?|monitoring|pagerduty|opsgenie|pingdom|uptime\s+checks?|"
    r"health\s*checks?|probes?)\b[^.;]{0,60}?\b(?:fires?|fired|firing|goes\s+off|went\s+off|"
    r"triggers?|triggered|trips?|tripped|posts?|posted|raised|sounds?|sounded|pages?|paged|"
    r"(?:is|are|was|were)\s+failing)\b"
    r"|\b(?:first|an?|the)\s+(?:\w+\s+)?(?:alert|alarm)s?\s+(?:fires?|fired|goes\s+off|went\s+off|"
    r"is\s+raised|was\s+raised|triggers?|triggered)\b"
    r"|\b(?:paged|pages)\s+(?:the\s+)?on-?call\b|\bpagerduty\b|\bopsgenie\b"
)
# A row worded as a person noticing, finding or reporting the problem.
_PERSON = re.compile(
    r"(?i)\b(?:reports?|reported|reporting|ticket|notic\w*|customers?|users?|complain\w*|"
    r"declared?|support|flag(?:s|ged)?|tweet\w*|post(?:s|ed)?\s+on|message[sd]?|e-?mail\w*|"
    r"discover(?:s|ed|ing)?|reali[sz](?:es|ed|ing)|spott(?:s|ed|ing))\b"
)
# The incident is a vulnerability reported or disclosed, not an outage.
_VULNERABILITY = re.compile(
    r"(?i)\bvulnerabilit\w*|\bvuln\b|\bCVE-\d|\bsecurity\s+(?:issue|bug|flaw|report|advisory|"
    r"disclosure|polic\w*)\b|\bresponsibl[ey]\s+disclos\w*|\bbug\s+bounty\b|\bexploitable\b"
)
# The opening row is the team finding a latent problem in its own code or setup, worded as no
# failure: the defect, not an outage, is what the timeline follows.
_LATENT = re.compile(
    r"(?i)^\W*(?:we\s+|the\s+team\s+)?(?:identified|found|discovered|spotted)\s+"
    r"(?:(?:a|an|the|another|two|several)\s+)?(?:\w+\s+)?(?:problems?|bugs?|issues?|defects?|"
    r"flaws?)\b"
)
# A row that names the change the failure came from.
_CAUSE = re.compile(
    r"(?i)\b(?:caused\s+by|related\s+to|due\s+to|because\s+of|introduced\s+(?:by|in)|"
    r"traced\s+(?:(?:it|them|this|the\s+\w+)\s+)?(?:back\s+)?to|(?:came|stemmed|resulted)\s+from|(?:a\s+)?result\s+of)\s+"
    r"(?:the|a|an|our|this|that)\s+(?:(?:recent|latest|earlier|previous|last|new|bad|faulty|"
    r"broken)\s+)*(?:[\w-]+\s+)?(?P<what>deploy(?:ment)?|release|upgrade|migration|"
    r"config(?:uration)?\s+change|change|merge|roll-?out|pull\s+request|commit)s?\b"
)
_FIELD = r"^\W{0,6}(?:{names})\W{0,4}\s*(?::|\|)\s*\W{0,4}(?=\S)"
_DURATION_VALUE = re.compile(
    r"(?i)\d\s*(?:s|sec\w*|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b|\d{1,2}:\d{2}|"
    r"\b(?:a|an|one|two|three|four|five|ten|twenty|thirty|forty)\s+(?:minutes?|hours?|days?)\b"
)
_FIELDS = {
    "impact_start": r"(?:incident|impact|outage)\s+(?:start(?:ed)?|began|begin)(?:\s+(?:time|at))?"
    r"|start(?:\s+time)?|began|first\s+impact",
    "detected": r"(?:time\s+(?:to\s+)?detect(?:ion|ed)?|ttd|"
    r"detect(?:ed|ion)(?:\s+(?:time|at|on))?)",
    "resolved": r"(?:time\s+to\s+(?:resolv\w*|resolution|recover\w*|mitigat\w*|restor\w*)|ttr|mttr|"
    r"(?:resolv\w*|resolution|mitigat\w*|recover\w*|restor\w*|end(?:ed)?)(?:\s+(?:time|at|on))?|"
    r"(?:incident\s+|outage\s+|impact\s+|total\s+)?duration|end\s+time)",
}
# Moments the prose must place in time to be read as the timeline when no section holds one
# (with fewer, postmortem.timeline-missing asks for a timeline).
MIN_PROSE_ROWS = 3
_NAMES = {
    "impact_start": "the start of impact",
    "detected": "the detection",
    "resolved": "the mitigation or resolution",
}


@functools.cache
def _field_patterns() -> dict[str, re.Pattern[str]]:
    return {
        key: re.compile(_FIELD.replace("{names}", names), re.IGNORECASE | re.MULTILINE)
        for key, names in _FIELDS.items()
    }


@dataclass(frozen=True)
class Gap:
    """One milestone the timeline leaves out: its name and why it is read as missing."""

    key: str  # "impact_start", "detected" or "resolved" (the mitigation or resolution)
    name: str  # "the start of impact"
    reason: str


@dataclass(frozen=True)
class Gaps:
    """The milestones the timeline leaves out, and the lines of the timeline that were read."""

    gaps: tuple[Gap, ...]
    first: Row  # the timeline's first row: the start of impact belongs before it
    last: Row  # its last row before any follow-up: the end belongs after it

    @property
    def last_line(self) -> int:
        return self.last.line

    @property
    def start_missing(self) -> bool:
        return any(gap.key == "impact_start" for gap in self.gaps)

    @property
    def end_missing(self) -> bool:
        return any(gap.key == "resolved" for gap in self.gaps)


def milestone_gaps(
    document: Document, incident: Incident, *, read_single: bool = True, read_prose: bool = True
) -> Gaps | None:
    """The milestones a reviewer would ask the timeline for (see the module's description), or
    None when there is nothing to ask or nothing to read: no timeline, or fewer than two rows
    placed in time. A timeline section that holds a single row is read (one row is all it
    tells) when ``read_single``; a timeline told in the document's prose, with no section that
    holds it, is read when ``read_prose`` and it places three moments or more. The callers
    turn both off for templates and indexes (a template's example row)."""
    region = incident.region
    if region is None and not incident.from_prose:
        return None
    placed = [
        row
        for row in incident.rows
        if row.local is not None
        and not row.placeholder
        and (region is None or not incident.from_prose or region.line < row.line <= region.end_line)
    ]
    during = [row for row in placed if not row.after_resolution]
    if not during:
        return None
    if region is None:
        if not read_prose or len(during) < MIN_PROSE_ROWS:
            return None
    elif len(during) < 2:
        rows = [row for row in incident.rows if not row.after_resolution]
        if incident.from_prose or len(rows) > 1 or not read_single:
            return None  # a second row without a time, or a template's example row
    marks = incident.milestones
    skip = (region.line, region.end_line) if region is not None else (0, -1)
    fields = _stated_fields(document, *skip)
    found: list[Gap] = []
    start = _start_gap(document, incident)
    if start is not None and "impact_start" not in fields:
        found.append(start)
    if not marks.detected.known and "detected" not in fields:
        found.append(Gap("detected", _NAMES["detected"], marks.detected.reason))
    if not marks.mitigated.known and not marks.resolved.known and "resolved" not in fields:
        found.append(Gap("resolved", _NAMES["resolved"], marks.resolved.reason))
    if not found:
        return None
    return Gaps(tuple(found), during[0], during[-1])


def _start_gap(document: Document, incident: Incident) -> Gap | None:
    marks = incident.milestones
    detected = marks.detected.row if marks.detected.known else None
    start = marks.impact_start.row if marks.impact_start.known else None
    name = _NAMES["impact_start"]
    if start is not None and (detected is None or start is not detected):
        return None
    if start is not None and "explicit_start" in row_kinds(start.text):
        return None
    if detected is None:
        return Gap("impact_start", name, marks.impact_start.reason) if start is None else None
    if _earlier_rows(incident, detected):
        return None  # a row before it gives the start, without a clock time
    if _AUTOMATED.search(detected.text):
        cause = _named_cause(incident, detected)
        if cause is None:
            return None  # an alert is as close to the start as anyone knows
        row, what = cause
        return Gap(
            "impact_start",
            name,
            f"it opens at an alert on line {detected.line}, but line {row.line} names the {what} "
            "that caused it, and no row gives its time",
        )
    if _vulnerability(document, detected):
        return None
    if _LATENT.search(detected.text) and "symptom" not in row_kinds(detected.text):
        return None  # a latent problem the team found, not an outage
    if start is not None and not _PERSON.search(detected.text):
        return None  # the first row describes the failure itself
    opening = "the report" if _PERSON.search(detected.text) else "the first sign of the problem"
    return Gap(
        "impact_start",
        name,
        f"it opens at {opening} on line {detected.line}; no row says when the impact began",
    )


def _named_cause(incident: Incident, detected: Row) -> tuple[Row, str] | None:
    """A row after the detection that names the change the failure came from ("related to the
    recent deploy"): a change someone made has a time, so the alert is not the start."""
    for row in incident.rows:
        if row.line <= detected.line or row.after_resolution:
            continue
        match = _CAUSE.search(row.text)
        if match is not None:
            return row, " ".join(match.group("what").lower().split())
    return None


def _earlier_rows(incident: Incident, detected: Row) -> bool:
    """A row before the detection that the reader could not place at a time: a placeholder
    ("[???]"), a date alone among timed rows."""
    return any(
        row.line < detected.line and not row.after_resolution and (row.placeholder or row.known)
        for row in incident.rows
    )


def _vulnerability(document: Document, detected: Row) -> bool:
    """The detection reports a vulnerability, or the title (or front matter title) names one."""
    if _VULNERABILITY.search(detected.text):
        return True
    titles = [s.title for s in document.headings if s.level == 1][:1]
    data = document.front_matter.data if document.front_matter else None
    if isinstance(data, dict) and isinstance(data.get("title"), str):
        titles.append(data["title"])
    if document.path:
        titles.append(document.path.rsplit("/", 1)[-1])
    return any(_VULNERABILITY.search(title) for title in titles)


def _stated_fields(document: Document, skip_first: int, skip_last: int) -> set[str]:
    """The milestones the document states in a field outside the timeline ("Detected: 14:05",
    "| Time to detect | 7 min |", "**Duration**: 40 minutes")."""
    stated: set[str] = set()
    lines = document.masked_text.split("\n")
    patterns = _field_patterns()
    for number, line in enumerate(lines, start=1):
        if skip_first <= number <= skip_last or len(line) > 200:
            continue
        text = line.strip().lstrip("|").strip()
        for key, pattern in patterns.items():
            match = pattern.match(text)
            if match and _DURATION_VALUE.search(text[match.end() : match.end() + 60]):
                stated.add(key)
    return stated
