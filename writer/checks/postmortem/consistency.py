"""What the rest of a postmortem says about time, held against its timeline.

Pure functions over a parsed document and its :class:`~writer.checks.postmortem.incident.Incident`.
Each problem is a value with the offsets of the stated text and a message that names the rows it
disagrees with; the checkers turn them into findings.

- **durations**: "lasted 66 minutes", "~2h", "for three days", "1 hour and 31 minutes",
  "Time to repair: 12h 30m", "Time to detection: 88 minutes", ranges ("10-15 minutes") and
  bounds ("within 3 hours", "at least seven hours", "a bit over 1 hour"). TTD is held against
  the start of impact to the detection; TTM, TTR and an outage's length against every span from
  the start (or the detection) to the mitigation or the resolution, and reported only when all
  disagree. The tolerance scales with how the figure is written: to the minute, 5 minutes; in
  hours, 15 minutes or an eighth; in days, half a day; "about" half as much again.
- **times**: a window ("May 28, 11:30 - May 29, 17:30", "between 1900 and 2100 UTC") that ends
  before it starts or whose ends are far from the timeline's, and a "resolved at" with fixes
  after it in the timeline.
- **dates**: a title, metadata or file-name date that disagrees with the timeline's days (or,
  without dated rows, with each other), a document dated before its own last row, and a
  weekday that is not the date's.
- **zones**: a stated zone that cannot apply on the incident's date (PST in July), and a time
  whose zone disagrees with the timeline by whole hours while its digits match a row.

Out of reach: a claim such as "restored without intervention" beside a row that shows a manual
fix; telling those apart needs reading, not patterns.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from writer.checks import sections
from writer.checks.postmortem.incident import DocumentDate, Incident
from writer.checks.postmortem.milestones import minutes_between
from writer.checks.postmortem.stamps import WEEKDAYS, ClockMatch, DateMatch, find_clocks, find_dates
from writer.checks.postmortem.timeline import Row, human_minutes
from writer.checks.postmortem.zones import Zone, describe_offset, lookup, wrong_on
from writer.model.document import BlockKind, Document, ProseBlock

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_NUM = (
    r"\d+(?:\.\d+)?|half\s+an?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|fifteen|twenty|thirty|forty-five|forty|fifty|sixty|ninety"
)
_UNIT = r"minutes?|mins?|m|hours?|hrs?|hr|h|days?|d|weeks?|seconds?|secs?|s"
# A number in words after a larger unit: "seven hours and ten minutes".
_NUM_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty-five|forty|fifty"
)
_QUALIFIER = (
    r"about|around|roughly|approximately|approx\.?|~|\\~|≈|nearly|almost|just\s+over|"
    r"just\s+under|a\s+(?:bit|little)\s+(?:over|more\s+than|under|less\s+than)|"
    r"slightly\s+(?:over|more\s+than|under|less\s+than)|over|more\s+than|at\s+least|"
    r"less\s+than|under|within|up\s+to|an?\s+estimated(?:\s+time\s+of)?|estimated|some|>|<"
)
_DURATION = rf"""(?ix)
    (?<![\w.+-])
    (?P<num>{_NUM})(?:\s*(?:-|–|to)\s*(?P<hi>\d+(?:\.\d+)?))?
    \s*-?\s*(?P<unit>{_UNIT})(?![\w])
    (?:\s*(?:and\s+|,\s*)?(?P<num2>\d+|a\s+half|{_NUM_WORD})\s*(?P<unit2>minutes?|mins?|m|seconds?|secs?|s)
      (?![\w]))?
    """
_QUALIFIER_TAIL = rf"(?i)(?:^|(?<=[\s(]))(?P<qual>{_QUALIFIER})\s*$"
_KIND_TTD = re.compile(
    r"(?i)\b(?:time\s+to\s+(?:detect\w*|notice)|ttd|mttd|detection\s+time|time-to-detect\w*)\b"
)
_KIND_TTM = re.compile(r"(?i)\b(?:time\s+to\s+mitigat\w*|ttm|time-to-mitigat\w*)\b")
_KIND_TTR = re.compile(
    r"(?i)\b(?:time\s+to\s+(?:recover\w*|resol\w*|repair|restor\w*|fix)|mttr|ttr|"
    r"time-to-(?:recover\w*|resol\w*|repair|restor\w*)|recovery\s+time|resolution\s+time)\b"
)
_LENGTH_BEFORE = re.compile(
    r"(?i)(?:\blast(?:ed|ing)\b|\bfor\b|\boutage\s+of\b|\bdowntime\s+of\b|\bduration\b\W*|"
    r"\bdown\s+for\b|\bunavailable\s+for\b|\bhalted\s+for\b|\bperiod\s+of\b|"
    r"\bresolved\s+(?:quickly\s+|in\s+|within\s+)?\(?|\bwithin\b|\btook\b|\bit\s+took\b|"
    r"\bin\s+about\b|\bafter\s+about\b)[^.;]{0,60}$"
)
_INCIDENT_WORDS = re.compile(
    r"(?i)\b(?:outage|downtime|down|unavailable|inaccessible|impact\w*|incident|disrupt\w*|"
    r"interrupt\w*|degraded|offline|broken|halted|stale|delayed|slow|stuck|stalled|issues?|problem|errors?|fail\w*|resolv\w*|"
    r"restor\w*|recover\w*|mitigat\w*|fix\w*|lost|loss|upgraded|patched|broke|start\w*|"
    r"beginning|deploy\w*)\b"
)
_NOT_INCIDENT_LENGTH = re.compile(
    r"(?i)\b(?:every|each|per|ttl|timeouts?|retention|interval|delay|cache[sd]?|backoff|"
    r"expir\w*|rotat\w*|schedul\w*|cron|sla|slo|retain\w*|kept|keep|the\s+next|next|"
    r"another|additional|extra|up\s+to\s+\d+|heads?\s+up|notice|warning|state|logs?|"
    r"sleep|wait\w*|snapshot|pruning|retries|retry)\b\W*(?:\w+\W*){0,2}$"
)
_AFTER_NOT_LENGTH = re.compile(
    r"(?i)^\s*(?:ago|later|after(?:\s+(?:the|that|it|this|a|an))?|before|earlier|prior|"
    r"from\s+now|of\s+(?:state|logs?|data|history|retention|notice|lead)|old|long\s+(?:window|"
    r"backoff)|to\s+(?:start|spin|boot|provision)|timeout|ttl|heads?\s+up|notice)\b"
)


_DIGIT = re.compile(r"\d")
_CLOCK_HINT = re.compile(
    r"\d:\d\d|\d\s?[AaPp]\.?[Mm]\b|\d{4}\s?(?:UTC|GMT|Z\b)|[01]\d[0-5]\d\s+and"
)


_LENGTH_AFTER = re.compile(
    r"(?i)^\s*(?:-?\s*long\s+)?(?:of\s+)?(?:\w+\s+)?(?:outage|downtime|disruption|incident|"
    r"impact|degradation|unavailability|interruption|errors|failures|partial\s+outage)\b"
)
_DETECTED_AFTER = re.compile(
    r"(?i)\b(?:detected|noticed|alerted|spotted|discovered|caught)\s+(?:\w+\s+)?(?:after|within|in)\s*$"
    r"|\b(?:went|was|were|remained|stayed|go|goes)\s+(?:undetected|unnoticed)(?:\s+by\s+[\w-]+)?"
    r"\s+for\s*$"
)
_TO_DETECT = re.compile(
    r"(?i)^\s*(?:later\s+)?(?:to|before\s+(?:we|anyone|someone))\s+(?:detect|notice|spot|discover)"
)
_DURATION_FIELD = re.compile(r"(?i)(?:^|\n)\W*(?:total\s+)?(?:duration|downtime|outage)\W*$")
_STRONG_LENGTH = re.compile(
    r"(?i)\b(?:last(?:ed|ing)|down|unavailable|offline|halted|broken|degraded)\s+for\s*$|"
    r"\blast(?:ed|ing)\s*$|\b(?:outage|downtime)\s+of\s*$"
)
_INCIDENT_ACTION = re.compile(
    r"(?i)\b(?:fixed|resolved|mitigated|restored|recovered|upgraded|patched|implemented\s+a\s+fix|"
    r"deployed\s+a\s+fix|confirmed\s+the\s+(?:issue|problem|bug))\b(?![^.]*\b(?:after|once)\b)"
)
_BOUND_WORDS = (
    "within",
    "less than",
    "under",
    "up to",
    "over",
    "more than",
    "at least",
    "just over",
    "just under",
    "a bit over",
    "a little over",
    "slightly over",
)
_RESOLVED_VERB = re.compile(
    r"(?i)\b(?:was|were|is|got|been|being)\s+(?:\w+\s+)?(?:resolved|fixed|closed)\b|\bresolved\s+(?:in|within|after)\b"
)
_MITIGATED_VERB = re.compile(r"(?i)\b(?:mitigat\w*|restor\w*|recover\w*|rolled back|revert\w*)\b")


class _Patterns:
    def __init__(self) -> None:
        self.duration = re.compile(_DURATION)
        self.qualifier_tail = re.compile(_QUALIFIER_TAIL)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


@dataclass(frozen=True)
class Problem:
    """A stated time, date or duration that disagrees with the timeline."""

    rule: str  # "duration-mismatch", "time-mismatch", "date-mismatch" or "timeline-timezone"
    start: int  # offsets of the stated text in the document
    end: int
    message: str
    severity: str | None = None  # "suggestion" to lower the rule's level for this one


# -- durations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatedDuration:
    start: int  # offsets in the block's plain text
    end: int
    minutes: float
    high: float | None  # the top of a range ("10-15 minutes")
    qualifier: str
    kind: str  # "ttd", "ttm", "ttr" or "length"
    precision: str  # "minute", "hour" or "day"
    text: str


def _number(text: str) -> float | None:
    word = " ".join(text.lower().split())
    if word.startswith("half"):
        return 0.5
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def _unit_minutes(unit: str) -> float | None:
    unit = unit.lower()
    if unit.startswith("w"):
        return 7 * 24 * 60
    if unit.startswith("d"):
        return 24 * 60
    if unit.startswith("h"):
        return 60
    if unit.startswith("m"):
        return 1
    if unit.startswith("s"):
        return 1 / 60
    return None


_UNIT_HINT = re.compile(r"(?i)\d\s*-?\s*(?:m|h|d|w|s)|\b(?:minute|hour|day|week)s?\b")


def stated_durations(text: str) -> Iterator[StatedDuration]:
    """Durations a sentence states about the incident or its figures (TTD, TTR)."""
    yield from _stated_durations(text)


@functools.lru_cache(maxsize=4096)
def _stated_durations(text: str) -> tuple[StatedDuration, ...]:
    return tuple(_durations_in(text))


def _durations_in(text: str) -> Iterator[StatedDuration]:
    if _UNIT_HINT.search(text) is None:
        return
    compiled = _patterns()
    for match in compiled.duration.finditer(text):
        tail = compiled.qualifier_tail.search(text, max(0, match.start() - 40), match.start())
        qual_text = tail.group("qual") if tail else None
        qual_start = tail.start("qual") if tail else match.start()
        number = _number(match.group("num"))
        unit = _unit_minutes(match.group("unit"))
        if number is None or unit is None:
            continue
        unit_text = match.group("unit").lower()
        if unit_text in ("m", "s", "d", "h") and not match.group("num")[0].isdigit():
            continue
        if unit_text == "s" or unit_text.startswith("sec"):
            continue
        line_start = max(text.rfind("\n", 0, qual_start) + 1, 0)
        before = text[max(line_start, qual_start - 80) : qual_start]
        sentence_start = max(before.rfind(". "), before.rfind("; ")) + 1
        before = before[sentence_start:]
        after = text[match.end() : match.end() + 40]
        kind = None
        near = before[-32:]
        if _KIND_TTD.search(near) or _DETECTED_AFTER.search(near) or _TO_DETECT.match(after):
            kind = "ttd"
        elif _KIND_TTM.search(near):
            kind = "ttm"
        elif _KIND_TTR.search(near):
            kind = "ttr"
        if kind is None:
            qual = " ".join((qual_text or "").lower().split())
            if match.group("num").lower() in ("a", "an", "some") and not qual:
                continue
            strong = _STRONG_LENGTH.search(before)
            if _NOT_INCIDENT_LENGTH.search(before) or (
                _AFTER_NOT_LENGTH.match(after) and not strong
            ):
                continue
            length_before = _LENGTH_BEFORE.search(before)
            if (
                not length_before
                and not _LENGTH_AFTER.match(after)
                and (qual not in _BOUND_WORDS or not _INCIDENT_ACTION.search(before))
            ):
                continue
            window = before + match.group() + after
            if not _INCIDENT_WORDS.search(window) and not _DURATION_FIELD.search(before):
                continue
            kind = "length"
            to_verb = re.match(
                r"(?i)\s*(?:later\s+)?to\s+(resolve|fix|close|recover|restore|mitigate|roll\s*back)",
                after,
            )
            if to_verb is not None:
                kind = (
                    "resolution"
                    if to_verb.group(1).lower() in ("resolve", "fix", "close")
                    else "mitigation"
                )
            elif _RESOLVED_VERB.search(before[-50:]):
                kind = "resolution"
            elif _MITIGATED_VERB.search(before[-50:]):
                kind = "mitigation"
        minutes = number * unit
        if match.group("num2"):
            extra = _number(match.group("num2"))
            extra_unit = _unit_minutes(match.group("unit2") or "m")
            if extra is not None and extra_unit is not None:
                minutes += 30 if "half" in match.group("num2") else extra * extra_unit
        high = float(match.group("hi")) * unit if match.group("hi") else None
        qualifier = " ".join((qual_text or "").lower().split()).replace("\\~", "~")
        if unit == 1 or (match.group("num2") and (match.group("unit2") or "m").lower()[0] == "m"):
            precision = "minute"
        elif unit == 60:
            precision = "hour"
        else:
            precision = "day"
        start = qual_start if qual_text else match.start("num")
        yield StatedDuration(
            start,
            match.end(),
            minutes,
            high,
            qualifier,
            kind,
            precision,
            " ".join(text[start : match.end()].split()),
        )


_APPROX = (
    "about",
    "around",
    "roughly",
    "approximately",
    "approx.",
    "approx",
    "~",
    "≈",
    "estimated",
    "an estimated",
    "an estimated time of",
    "a estimated",
)


def tolerance(stated: StatedDuration, scale: float = 1.0) -> float:
    """How far (in minutes) a stated duration may be from the timeline's (``scale`` widens or
    narrows it: ``[postmortem] duration_tolerance`` over its default)."""
    value = stated.minutes
    if stated.precision == "minute":
        slack = 5.0 if value >= 10 else 2.0
    elif stated.precision == "hour":
        slack = max(15.0, value / 10)
    else:
        slack = max(12 * 60.0, value * 0.15)
    if stated.qualifier in _APPROX:
        slack *= 1.25
    return slack * scale


def disagrees(
    stated: StatedDuration, actual: float, extra: float = 0.0, scale: float = 1.0
) -> bool:
    """Does ``actual`` (minutes) contradict the statement?"""
    value = stated.minutes
    slack = tolerance(stated, scale) + extra
    qualifier = stated.qualifier
    if stated.high is not None:
        return not (value - slack <= actual <= stated.high + slack)
    if qualifier in ("over", "more than", "at least", ">"):
        return actual < value - slack or actual > 1.5 * value + slack / 2
    if qualifier in (
        "just over",
        "a bit over",
        "a little over",
        "slightly over",
        "a bit more than",
        "slightly more than",
        "a little more than",
    ):
        return actual < value - slack or actual > max(1.25 * value, value + 10)
    if qualifier in (
        "less than",
        "under",
        "within",
        "up to",
        "<",
        "just under",
        "a bit under",
        "a little under",
        "slightly under",
        "a bit less than",
        "slightly less than",
    ):
        return actual > value + min(slack, max(2.0, value * 0.01))
    if qualifier in ("nearly", "almost"):
        return actual > value + slack or actual < 0.75 * value - slack
    return abs(actual - value) > slack


def _start_candidates(incident: Incident) -> list[Row]:
    """Rows the start of impact may reasonably be counted from: the start milestone, and every
    row before the detection worded as a failure or the change that caused it. A stated figure
    that fits any of them is not a contradiction: authors count from different rows."""
    from writer.checks.postmortem.milestones import row_kinds

    marks = incident.milestones
    found = [marks.impact_start.row] if marks.impact_start.row is not None else []
    detected = marks.detected.row
    for row in incident.rows:
        if row.local is None or row.after_resolution or not row.precise:
            continue
        if detected is not None and detected.local is not None and row.local >= detected.local:
            break
        if {"symptom", "trigger", "explicit_start"} & row_kinds(row.text) and row not in found:
            found.append(row)
    return found[:8]


def _spans(incident: Incident, kind: str) -> list[tuple[Row, Row]]:
    marks = incident.milestones
    starts = _start_candidates(incident)
    start = marks.impact_start.row
    detected = marks.detected.row
    ends = [r for r in (marks.mitigated.row, marks.resolved.row) if r is not None]
    if kind == "ttd":
        if detected is None or start is None:
            return []
        return [(first, detected) for first in starts if first is not detected]
    if kind == "resolution" and marks.resolved.row is not None:
        ends = [marks.resolved.row]
    elif kind == "mitigation" and marks.mitigated.row is not None:
        ends = [marks.mitigated.row]
    firsts = [r for r in (*starts, detected) if r is not None]
    if kind == "length" and not firsts:
        span = incident.span()
        if span is not None:
            firsts = [span[0]]
    spans = [(first, end) for first in firsts for end in ends if first is not end]
    if kind == "length" and spans:
        whole = incident.span()
        if whole is not None and whole[0] is not whole[1]:
            spans.append(whole)
    return spans


def duration_problems(
    document: Document, incident: Incident, blocks: Sequence[ProseBlock], scale: float = 1.0
) -> Iterator[Problem]:
    """Stated durations the timeline contradicts."""
    for block in blocks:
        if _DIGIT.search(block.text) is None and not re.search(
            r"(?i)\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|half)\s+(?:hours?|minutes?|days?)\b",
            block.text,
        ):
            continue
        for stated in stated_durations(block.text):
            spans = _spans(incident, stated.kind)
            actuals = []
            for first, last in spans:
                value = minutes_between(first, last)
                if value is not None:
                    extra = 15.0 if (first.approximate or last.approximate) else 0.0
                    if not (first.precise and last.precise):
                        extra += 24 * 60
                    actuals.append((value, extra, first, last))
            if not actuals:
                continue
            if any(not disagrees(stated, value, extra, scale) for value, extra, _, _ in actuals):
                continue
            value, _, first, last = min(actuals, key=lambda item: abs(item[0] - stated.minutes))
            start, end = block.source_span(stated.start, stated.end)
            if _lands_on_a_row(incident, stated):
                continue
            what = {
                "ttd": "from the start of impact to the detection",
                "ttm": "to the mitigation",
                "ttr": "to the recovery",
                "length": "from the start to the mitigation or resolution",
                "resolution": "to the resolution",
                "mitigation": "to the mitigation",
            }[stated.kind]
            yield Problem(
                "duration-mismatch",
                start,
                end,
                f"'{stated.text}' does not match the timeline, which runs {human_minutes(value)} "
                f"{what} ({_row_ref(first)} to {_row_ref(last)}): correct one of them",
            )


def _lands_on_a_row(incident: Incident, stated: StatedDuration) -> bool:
    """Counted from the start of impact (or the detection), does the stated figure end on a row
    worded as what it measures (an alert for TTD, a fix or recovery for the others)? Then the
    timeline bears it out, whichever row the milestones picked."""

    starts = [row for row in _start_candidates(incident) if row.at is not None]
    detected = incident.milestones.detected.row
    if stated.kind != "ttd" and detected is not None and detected.at is not None:
        starts.append(detected)  # "resolved in 2 hours from the time of report"
    if not starts or stated.high is not None or stated.qualifier in _BOUND_WORDS:
        return False
    slack = dt.timedelta(minutes=tolerance(stated))
    return any(_lands(incident, stated, start, slack) for start in starts)


def _lands(incident: Incident, stated: StatedDuration, start: Row, slack: dt.timedelta) -> bool:
    from writer.checks.postmortem.milestones import row_kinds

    assert start.at is not None
    target = start.at + dt.timedelta(minutes=stated.minutes)
    if stated.kind == "ttd":
        wanted = {"detection"}
    elif stated.kind == "resolution":
        wanted = {"resolution", "resolution_explicit"}
    elif stated.kind == "mitigation":
        wanted = {"mitigation", "mitigation_strong"}
    else:
        wanted = {"mitigation", "mitigation_strong", "resolution", "resolution_explicit"}
    for row in incident.rows:
        if row.at is None or row.after_resolution or abs(row.at - target) > slack:
            continue
        if wanted & row_kinds(row.text):
            return True
    return False


def _row_ref(row: Row) -> str:
    return f"{row.label_text}, line {row.line}"


# -- times -------------------------------------------------------------------------------------

_WINDOW = re.compile(
    r"(?i)(?:\bbetween\b(?:\s+the\s+hours\s+of)?|\bfrom\b)?\s*(?P<a>[^,;]{0,40}?)\s*"
    r"(?:\s-\s|–|—|\band\b|\bto\b|\buntil\b)\s*(?P<b>.{0,40})"
)
_RESOLVED_AT = re.compile(
    r"(?i)\b(?:resolved|restored|fixed|mitigated|recovered|back to normal|ended|over)\s+"
    r"(?:at|by|around|on)\s+$"
)
_FIX_WORDS = re.compile(
    r"(?i)\bfix\w*|\bpatch\w*|\bhotfix\w*|\brestor\w*|\brevert\w*|\brollback\b|\broll(?:ed)? back"
    r"|\bclears?\b|\bcleared\b|\bresolv\w*"
)


def time_problems(
    document: Document, incident: Incident, blocks: Sequence[ProseBlock]
) -> Iterator[Problem]:
    """Windows that end before they start or far from the timeline; "resolved at" with fixes
    after it; stated zones that disagree with the timeline's."""
    timed = [row for row in incident.rows if row.precise and not row.after_resolution]
    zone = incident.zone.zone if incident.zone is not None else None
    for block in blocks:
        text = block.text
        if _CLOCK_HINT.search(text) is None:
            continue
        clocks = [c for c in find_clocks(text) if c.clock.time is not None]
        if not clocks:
            continue
        dates = list(find_dates(text))
        for index, found in enumerate(clocks):
            # a window: two times joined by "-", "to", "and", "until"
            if index + 1 < len(clocks):
                other = clocks[index + 1]
                between = text[found.end : other.start]
                date_between = [d for d in dates if found.end <= d.start < other.start]
                joined = re.fullmatch(
                    r"\s*(?:-|–|—|to|and|until|till)\s*(?:(?:\w+\.?\s+)?\d{1,2},?\s+(?:\d{4},?\s+)?)?",
                    between,
                ) or (date_between and re.match(r"\s*(?:-|–|—|to|until)\s", between))
                if joined:
                    yield from _window(document, block, found, other, dates, incident, timed, zone)
            head = text[max(0, found.start - 40) : found.start]
            if _RESOLVED_AT.search(head):
                yield from _resolved_at(block, found, incident, timed, zone)
            if found.zone is not None and found.zone_start >= 0:
                yield from _zone_of_stated(block, found, incident, timed, zone)


def _clock_moment(found: ClockMatch, day: dt.date | None, zone: Zone | None) -> dt.datetime | None:
    clock = found.clock
    own = found.zone or zone
    if clock.time is None or day is None or own is None:
        return None
    offset = own.offset_on(day)
    if offset is None:
        return None
    return (dt.datetime.combine(day, clock.time) - offset).replace(tzinfo=dt.timezone.utc)


def _window(
    document: Document,
    block: ProseBlock,
    first: ClockMatch,
    second: ClockMatch,
    dates: Sequence[DateMatch],
    incident: Incident,
    timed: Sequence[Row],
    zone: Zone | None,
) -> Iterator[Problem]:
    a_clock, b_clock = first.clock, second.clock
    a_start, b_end = first.start, second.end
    date_a = next((d for d in reversed(dates) if d.end <= a_start), None)
    date_b = next((d for d in reversed(dates) if d.end <= second.start), None)
    same_day = (
        date_a is date_b or date_b is None or (date_a is not None and date_a.date == date_b.date)
    )
    a_zone = first.zone or second.zone
    b_zone = second.zone or a_zone
    a_time, b_time = a_clock.time, b_clock.time
    if a_time is None or b_time is None:
        return
    if (
        same_day
        and a_zone is not None
        and b_zone is not None
        and a_zone.key == b_zone.key
        and b_time < a_time
        and not re.search(r"(?i)next day|following day|\+1", block.text[a_start:b_end])
    ):
        start, end = block.source_span(a_start, b_end)
        yield Problem(
            "time-mismatch",
            start,
            end,
            f"the window ends ({b_time.strftime('%H:%M')}) before it starts "
            f"({a_time.strftime('%H:%M')}) on the same day: correct the end (AM for PM?)",
        )
        return
    if not timed:
        return
    base = incident.default_date or (timed[0].local.date() if timed[0].local else None)
    day_a = _with_year(getattr(date_a, "date", None), base) or base
    day_b = _with_year(getattr(date_b, "date", None), base) or day_a
    moment_a = _clock_moment(first, day_a, zone)
    moment_b = _clock_moment(second, day_b, zone)
    if moment_a is None or moment_b is None or moment_b < moment_a:
        return
    marks = incident.milestones
    starts = [r for r in (marks.impact_start.row, marks.detected.row, timed[0]) if r is not None]
    ends = [r for r in (marks.mitigated.row, marks.resolved.row, timed[-1]) if r is not None]
    slack = dt.timedelta(minutes=45 if (a_clock.approximate or b_clock.approximate) else 20)
    start_far = all(r.at is None or abs(r.at - moment_a) > slack for r in starts)
    end_far = all(r.at is None or abs(r.at - moment_b) > slack for r in ends)
    if not (start_far or end_far):
        return
    if any(r.at is None for r in (*starts, *ends)):
        return
    if all(
        any(r.at is not None and abs(r.at - moment) <= _SAME_MINUTE for r in timed)
        for moment in (moment_a, moment_b)
    ):
        return  # both ends are the minutes of rows: a part of the incident, told as such
    start, end = block.source_span(a_start, b_end)
    parts = []
    if start_far:
        parts.append(f"it starts {_far(moment_a, starts)}")
    if end_far:
        parts.append(f"it ends {_far(moment_b, ends)}")
    yield Problem(
        "time-mismatch",
        start,
        end,
        f"the stated window does not match the timeline: {' and '.join(parts)}; correct one of "
        "them",
    )


_SAME_MINUTE = dt.timedelta(minutes=1)


def _far(moment: dt.datetime, rows: Sequence[Row]) -> str:
    nearest = min(rows, key=lambda r: abs((r.at or moment) - moment))
    assert nearest.at is not None
    delta = abs((nearest.at - moment).total_seconds()) / 60
    side = "before" if moment < nearest.at else "after"
    return (
        f"{human_minutes(delta)} {side} the timeline's '{nearest.label_text}' (line {nearest.line})"
    )


def _with_year(day: dt.date | None, base: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    if day.year == 2000 and base is not None:
        try:
            return day.replace(year=base.year)
        except ValueError:
            return day
    return day


def _resolved_at(
    block: ProseBlock,
    found: ClockMatch,
    incident: Incident,
    timed: Sequence[Row],
    zone: Zone | None,
) -> Iterator[Problem]:
    if not timed:
        return
    clock = found.clock
    day = (
        incident.milestones.resolved.row.local.date()
        if (incident.milestones.resolved.row is not None and incident.milestones.resolved.row.local)
        else (timed[-1].local.date() if timed[-1].local else None)
    )
    moment = _clock_moment(found, day, zone)
    if moment is None:
        return
    later = [
        row
        for row in timed
        if row.at is not None
        and dt.timedelta(minutes=20) < row.at - moment < dt.timedelta(hours=24)
        and _FIX_WORDS.search(row.text)
    ]
    if not later:
        return
    if clock.time is None:
        return
    start, end = block.source_span(found.start, found.end)
    shown = ", ".join(f"{row.label_text} (line {row.line})" for row in later[:3])
    yield Problem(
        "time-mismatch",
        start,
        end,
        f"resolved at {clock.time.strftime('%H:%M')}, but the timeline shows fixes after it: "
        f"{shown}; say what was resolved then, or move the time",
    )


def _zone_of_stated(
    block: ProseBlock,
    found: ClockMatch,
    incident: Incident,
    timed: Sequence[Row],
    zone: Zone | None,
) -> Iterator[Problem]:
    stated_zone = found.zone
    zone_text = found.zone_text
    if stated_zone is None or zone_text is None:
        return
    day = incident.default_date or (timed[0].local.date() if timed and timed[0].local else None)
    if day is None or day.year == 2000:
        return
    right = wrong_on(stated_zone, day)
    zone_start = found.zone_start
    if right is not None:
        start, end = block.source_span(zone_start, zone_start + len(zone_text))
        offset = stated_zone.offset_on(day)
        yield Problem(
            "timeline-timezone",
            start,
            end,
            f"{zone_text} does not apply on {day.isoformat()}: the clocks there were on {right} "
            f"({describe_offset(offset) if offset is not None else right}); write {right}",
        )
        return
    if zone is None or zone.key == stated_zone.key or not timed:
        return
    clock = found.clock
    moment = _clock_moment(found, day, None)
    if moment is None or clock.time is None:
        return
    digits = [row for row in timed if row.local is not None and row.local.time() == clock.time]
    if any(row.zone_used is not None and row.zone_used.key == stated_zone.key for row in digits):
        return  # a row says the same time in the same zone: that row is this moment
    close = [
        row
        for row in timed
        if row.at is not None and abs(row.at - moment) <= dt.timedelta(minutes=20)
    ]
    if digits and not close:
        row = digits[0]
        start, end = block.source_span(zone_start, zone_start + len(zone_text))
        yield Problem(
            "timeline-timezone",
            start,
            end,
            f"{clock.time.strftime('%H:%M')} {zone_text} is {moment.strftime('%H:%M')} UTC, but "
            f"the timeline has {row.label_text} {row.zone_used.text if row.zone_used else ''} "
            f"(line {row.line}): the zone looks wrong",
        )


def quoted_zone_problems(document: Document, incident: Incident) -> Iterator[Problem]:
    """A row that quotes the same moment in another zone (an alert's "Violation started: 4:42PM
    UTC" in a row at 12:42 PM "BST") that disagrees by whole hours: the stated zone is wrong."""
    statement = incident.zone
    if statement is None:
        return
    for row in incident.rows:
        if row.at is None or row.zone is not None:
            continue
        for found in find_clocks(row.text):
            if (
                found.zone is None
                or found.zone.key == statement.zone.key
                or found.clock.time is None
            ):
                continue
            quoted = _clock_moment(found, row.local.date() if row.local else None, None)
            if quoted is None:
                continue
            difference = (quoted - row.at).total_seconds() / 3600
            if (
                abs(difference) < 1
                or abs(difference - round(difference)) > 0.05
                or abs(difference) > 14
            ):
                continue
            actual = (
                dt.timedelta(hours=-round(difference))
                + (statement.zone.offset_on(row.local.date()) or dt.timedelta(0))
                if row.local
                else None
            )
            yield Problem(
                "timeline-timezone",
                statement.start,
                statement.end,
                f"the row on line {row.line} quotes {found.clock.time.strftime('%H:%M')} "
                f"{found.zone_text} for its {row.local.strftime('%H:%M') if row.local else ''}, "
                f"so its times are "
                f"{describe_offset(actual) if actual is not None else 'another zone'}, not "
                f"{statement.text}: correct the zone",
            )
            return


# -- dates -------------------------------------------------------------------------------------


def date_problems(document: Document, incident: Incident) -> Iterator[Problem]:
    """Title, metadata and summary dates against the timeline's days and the file name; weekdays
    against their dates."""
    rows = [r for r in incident.rows if r.local is not None and r.year_known]
    days = sorted({(r.corrected_date or r.local.date()) for r in rows if r.local is not None})
    dated = [r for r in incident.rows if r.date_from == "row" and r.year_known]
    file_date = next((d for d in incident.dates if d.source == "file name"), None)
    seen: set[tuple[int, int]] = set()
    title_disagrees = file_date is not None and any(
        d.source == "title" and d.year_known and d.date != file_date.date for d in incident.dates
    )
    for claim in incident.dates:
        if claim.line is None or claim.start < 0 or not claim.year_known:
            continue
        if (claim.start, claim.end) in seen:
            continue
        seen.add((claim.start, claim.end))
        problem = _date_claim(claim, days, bool(dated), file_date, title_disagrees)
        if problem is not None:
            yield problem
    yield from _weekday_problems(document, incident)
    yield from _later_than_the_document(document, incident, days)


def _date_claim(
    claim: DocumentDate,
    days: Sequence[dt.date],
    dated: bool,
    file_date: DocumentDate | None,
    title_disagrees: bool = False,
) -> Problem | None:
    day = claim.date
    if dated and days:
        first, last = days[0], days[-1]
        if claim.source in ("title", "incident dates") and (day < first or day > last):
            return Problem(
                "date-mismatch",
                claim.start,
                claim.end,
                f"{day.isoformat()} is not a day of the timeline, which runs from "
                f"{first.isoformat()} to {last.isoformat()}: correct the date",
                "suggestion" if abs((day - first).days) <= 1 else None,
            )
        if claim.source == "summary" and (
            day < first - dt.timedelta(days=1) or day > last + dt.timedelta(days=1)
        ):
            return Problem(
                "date-mismatch",
                claim.start,
                claim.end,
                f"{day.isoformat()} is not a day of the timeline, which runs from "
                f"{first.isoformat()} to {last.isoformat()}: correct the date",
            )
        if claim.source == "metadata":
            if day < first - dt.timedelta(days=1):
                return Problem(
                    "date-mismatch",
                    claim.start,
                    claim.end,
                    f"the document is dated {day.isoformat()}, before its timeline starts "
                    f"({first.isoformat()}): correct the date",
                )
            if first < day < last - dt.timedelta(days=1) and day not in days:
                return Problem(
                    "date-mismatch",
                    claim.start,
                    claim.end,
                    f"the document is dated {day.isoformat()}, before the last row of its "
                    f"timeline ({last.isoformat()}): update the date",
                )
        return None
    if file_date is not None and claim.source in ("title", "summary", "metadata", "incident dates"):
        if claim.source != "title" and not title_disagrees:
            return None
        if claim.date != file_date.date and abs((claim.date - file_date.date).days) < 400:
            return Problem(
                "date-mismatch",
                claim.start,
                claim.end,
                f"{day.isoformat()} here, but the file name says {file_date.date.isoformat()}: "
                "correct one of them",
            )
    return None


_MONTH_YEAR = re.compile(
    r"\b(?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of)\s+)?(?P<month>January|"
    r"February|March|April|May|June|July|August|September|October|November|December)\s+"
    r"(?P<year>(?:19|20)\d{2})\b"
)
_PAST_EVENT = re.compile(
    r"(?i)\b(?:released|published|merged|shipped|deployed|happened|occurred|introduced|fixed|"
    r"discovered|reported|found|applied|upgraded)\s+(?:\w+\s+){0,2}?(?:in|on|during|around)\s*$"
)
_FUTURE = re.compile(
    r"(?i)\b(?:will|shall|plan|planned|expect|target|until|next|later)\b|\bby\s+(?:the\s+)?(?:end|q[1-4]|\d)"
)


def _later_than_the_document(
    document: Document, incident: Incident, days: Sequence[dt.date]
) -> Iterator[Problem]:
    """A past event dated months after everything the postmortem dates itself by: "a patch
    released in late November 2023" in a report of a January 2023 incident, dated then."""
    known = [d.date for d in incident.dates if d.year_known] + list(days)
    if not known:
        return
    latest = max(known)
    from writer.checks.postmortem.stamps import MONTHS

    for block in document.blocks:
        if block.kind is BlockKind.HEADING or ("20" not in block.text and "19" not in block.text):
            continue
        for match in _MONTH_YEAR.finditer(block.text):
            month = MONTHS[match.group("month").lower()]
            stated = dt.date(int(match.group("year")), month, 1)
            if stated <= latest + dt.timedelta(days=62):
                continue
            before = block.text[max(0, match.start() - 60) : match.start()]
            if not _PAST_EVENT.search(before) or _FUTURE.search(before):
                continue
            start, end = block.source_span(match.start(), match.end())
            yield Problem(
                "date-mismatch",
                start,
                end,
                f"{match.group().strip()} is after every date this postmortem gives itself (the "
                f"latest is {latest.isoformat()}): a wrong year?",
            )


_WEEKDAY_DATE = re.compile(
    r"(?i)\b(?:on\s+)?(?P<wd>mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b"
)


def _weekday_problems(document: Document, incident: Incident) -> Iterator[Problem]:
    year = incident.default_date.year if incident.default_date else None
    if year is None:
        years = [d.date.year for d in incident.dates if d.year_known]
        year = years[0] if years else None
    for block in document.blocks:
        text = block.text
        if not any(
            name in text for name in ("day", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
        ):
            continue
        for found in find_dates(text):
            if found.weekday is None or found.weekday_text is None:
                continue
            day = found.date
            if not found.year_known:
                if year is None:
                    continue
                try:
                    day = day.replace(year=year)
                except ValueError:
                    continue
            if day.weekday() == found.weekday:
                continue
            names = [name for name, number in WEEKDAYS.items() if number == day.weekday()]
            right = max(names, key=len).capitalize()
            start, end = block.source_span(found.start, found.start + len(found.weekday_text))
            yield Problem(
                "date-mismatch",
                start,
                end,
                f"{day.isoformat()} was a {right}, not a {found.weekday_text.rstrip('.,')}: "
                "correct the day or the date",
            )


def prose_blocks(
    document: Document,
    incident: Incident,
    skip_roles: Sequence[str] = ("action-items",),
    matcher: object = None,
) -> list[ProseBlock]:
    """The blocks where stated times and durations are read: everything but the timeline, the
    action items, headings and code."""
    skip: list[tuple[int, int]] = []
    if incident.region is not None and not incident.from_prose:
        skip.append((incident.region.body_start_line, incident.region.end_line))
        for row in incident.rows:
            skip.append((row.line, row.line))
    for role in skip_roles:
        region = sections.find(document, None, role, matcher)  # type: ignore[arg-type]
        if region is not None:
            skip.append((region.body_start_line, region.end_line))
    skipped: set[int] = set()
    for first, last in skip:
        skipped.update(range(first, last + 1))
    low, high = incident.scope or (1, document.index.line_count)
    return [
        block
        for block in document.blocks
        if block.kind is not BlockKind.HEADING
        and block.line not in skipped
        and low <= block.line <= high
    ]


def problems(
    document: Document, incident: Incident, matcher: object = None, tolerance_scale: float = 1.0
) -> list[Problem]:
    """Every disagreement between what the text states and the timeline (``tolerance_scale``
    widens the duration tolerance)."""
    if matcher is None:
        from writer.templates.matching import TemplateMatcher

        matcher = TemplateMatcher()
    blocks = prose_blocks(document, incident, matcher=matcher)
    found: list[Problem] = []
    if any(row.local is not None for row in incident.rows):
        found.extend(duration_problems(document, incident, blocks, tolerance_scale))
        found.extend(time_problems(document, incident, blocks))
        found.extend(quoted_zone_problems(document, incident))
    else:
        found.extend(_stated_zones_only(incident, blocks))
    found.extend(date_problems(document, incident))
    return found


def _stated_zones_only(incident: Incident, blocks: Sequence[ProseBlock]) -> Iterator[Problem]:
    """Without a timeline, a stated zone can still be wrong for the incident's date."""
    if incident.default_date is None:
        return
    for block in blocks:
        if _CLOCK_HINT.search(block.text) is None:
            continue
        for found in find_clocks(block.text):
            if found.zone is not None and found.zone_start >= 0:
                yield from _zone_of_stated(block, found, incident, (), None)


def lookup_zone(text: str) -> Zone | None:
    return lookup(text)
