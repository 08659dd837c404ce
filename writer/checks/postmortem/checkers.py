"""Postmortem checks that read like a reviewer: the timeline (order, timezone, milestones, stated
durations), the action items (owner, tracking, vague wording, coverage of contributing factors),
an impact without numbers, and blame.

Settings come from the ``[postmortem]`` config table (see :class:`PostmortemSettings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.budget import BoundedPattern, PatternTimeout
from writer.checks.postmortem.action_items import (
    VAGUE_LEADS,
    ItemPatterns,
    parse_item_lines,
    vague_lead,
)
from writer.checks.postmortem.blame import find_blame, people_named
from writer.checks.postmortem.timeline import (
    Milestones,
    Timeline,
    find_zone_statement,
    human_minutes,
    milestones,
    parse_lines,
    resolve,
)
from writer.model.document import BlockKind, Document
from writer.model.findings import Finding, Severity
from writer.model.lines import lines_of
from writer.model.rules import RuleMeta
from writer.templates.roles import Region

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

TIMELINE_ORDER = RuleMeta(
    id="postmortem.timeline-order",
    severity=Severity.WARNING,
    summary="A timeline entry is earlier than the entry before it.",
    explanation=(
        "A timeline is read top to bottom. An entry earlier than the one before it is either "
        "misplaced or mistyped (a wrong year, day or hour). Times without dates may cross "
        "midnight (23:55 then 00:10 is fine); a date that goes backwards is always reported."
    ),
    good="| 2021-12-01 | Report of corruption |\n| 2022-01-28 | Second report |",
    bad="| 2021-12-01 | Report of corruption |\n| 2021-01-28 | Second report |",
    source="built-in",
)
TIMELINE_PLACEHOLDER = RuleMeta(
    id="postmortem.timeline-placeholder",
    severity=Severity.WARNING,
    summary="A timeline entry still holds the template's placeholder time (HH:mm, 20xx-MM-DD).",
    explanation=(
        "A row such as '| 2024-03-13 HH:mm | Short event description |' is the template's "
        "example left in a published postmortem, or a time nobody filled in. Fill in the time; "
        "if it is unknown, write the date alone or '~14:00' and say so, or delete the row."
    ),
    good="| 2024-03-13 10:01 | Node entered NotReady state |",
    bad="| 2024-03-13 HH:mm | Short event description |",
    source="built-in",
)
TIMELINE_TIMEZONE = RuleMeta(
    id="postmortem.timeline-timezone",
    severity=Severity.WARNING,
    summary="The timeline gives clock times but no time zone.",
    explanation=(
        "Readers in other places, and anyone lining the timeline up with logs and graphs, need "
        "the time zone. State it once ('All times UTC', 'All times in CET', 'All times "
        "US/Pacific'), in the time column's header ('Time (UTC)'), or on every entry."
    ),
    good="All times UTC.\n\n- 14:02 Alert fired",
    bad="- 14:02 Alert fired",
    source="built-in",
)
TIMELINE_MILESTONES = RuleMeta(
    id="postmortem.timeline-milestones",
    severity=Severity.SUGGESTION,
    summary="The timeline does not show when the impact started, was detected, or ended.",
    explanation=(
        "Time to detect and time to mitigate are the figures a postmortem review asks for. "
        "They can only be read off a timeline whose entries say what happened: 'Alert fired', "
        "'Paged on-call', 'Rolled back', 'Error rate back to normal', 'Resolved'."
    ),
    good="- 14:02 Deploy starts returning 500s\n- 14:08 Alert fired\n- 14:20 Rolled back, resolved",
    bad="- 14:02 Deploy\n- 14:08 Looked at graphs\n- 14:20 Done",
    default_enabled=False,
    source="built-in",
)
DURATION_MISMATCH = RuleMeta(
    id="postmortem.duration-mismatch",
    severity=Severity.WARNING,
    summary="The summary or impact states a duration the timeline contradicts.",
    explanation=(
        "When the summary says the outage lasted 30 minutes and the timeline runs from 14:02 to "
        "16:40, one of them is wrong, and readers will quote the wrong one. The timeline's "
        "duration runs from the start of impact to mitigation or resolution; 'about' widens "
        "the tolerance, 'at least' and 'less than' are read as bounds."
    ),
    good="The outage lasted 18 minutes.\n\n- 14:02 Errors start\n- 14:20 Rolled back",
    bad="The outage lasted 2 hours.\n\n- 14:02 Errors start\n- 14:20 Rolled back",
    source="built-in",
)
ACTION_ITEM_OWNER = RuleMeta(
    id="postmortem.action-item-owner",
    severity=Severity.WARNING,
    summary="An action item has no owner.",
    explanation=(
        "An action item nobody owns is not done. Name a person or a team: an owner column, "
        "'Owner: @alice', '(SRE team)' or 'AN: ...' all count."
    ),
    good="- Add an alert on subnet IP usage above 80% (owner: @alice, OPS-123)",
    bad="- Add an alert on subnet IP usage above 80%",
    source="built-in",
)
ACTION_ITEM_TICKET = RuleMeta(
    id="postmortem.action-item-ticket",
    severity=Severity.WARNING,
    summary="An action item has no ticket, link or due date.",
    explanation=(
        "Action items are tracked where the team tracks work. Link the issue (a URL, '#123', "
        "'OPS-123') or give a due date. Which of these count is set by "
        "`postmortem.action_item_tracking`."
    ),
    good="- Add an alert on subnet IP usage above 80% (@alice, OPS-123)",
    bad="- Add an alert on subnet IP usage above 80% (@alice)",
    source="built-in",
)
ACTION_ITEM_VAGUE = RuleMeta(
    id="postmortem.action-item-vague",
    severity=Severity.WARNING,
    summary="An action item investigates, improves or monitors with no bounded outcome.",
    explanation=(
        "'Investigate X' or 'Improve monitoring' never gets closed. Start with a concrete verb "
        "and say what done looks like: 'Add an alert when X exceeds Y', 'Decide whether to "
        "adopt X and write it up by 2025-03-01'."
    ),
    good="- Add a page when subnet IP usage exceeds 80%",
    bad="- Improve monitoring of subnets",
    source="built-in",
)
ACTION_ITEM_COVERAGE = RuleMeta(
    id="postmortem.action-item-coverage",
    severity=Severity.SUGGESTION,
    summary="A contributing factor has no action item that addresses it.",
    explanation=(
        "Each contributing factor is a reason the incident happened or grew. One with no "
        "matching action item will contribute again. Add an item, or say why none is needed. "
        "Items are matched to factors by their words (fuzzy matching), so reuse the factor's "
        "terms in the item."
    ),
    good=(
        "## Contributing factors\n\n- No alert on subnet IP usage\n\n## Action items\n\n"
        "- Add an alert on subnet IP usage (@alice)"
    ),
    bad=(
        "## Contributing factors\n\n- No alert on subnet IP usage\n\n## Action items\n\n"
        "- Rotate the TLS certificates (@alice)"
    ),
    default_enabled=False,
    source="built-in",
)
IMPACT_UNQUANTIFIED = RuleMeta(
    id="postmortem.impact-unquantified",
    severity=Severity.WARNING,
    summary="The impact section states no number.",
    explanation=(
        "Impact is measured: how many users, requests or tickets, what error rate, for how "
        "long, at what cost. Without a figure nobody can compare this incident with the next."
    ),
    good="About 12% of checkout requests failed for 31 minutes.",
    bad="Some users could not check out for a while.",
    source="built-in",
)
BLAME = RuleMeta(
    id="postmortem.blame",
    severity=Severity.WARNING,
    summary="A person is named as the cause of a failure.",
    explanation=(
        "A blameless postmortem asks what let a mistake through (a missing check, a confusing "
        "tool, an alert that did not fire), not who made it. 'Human error' and 'Alice forgot "
        "to ...' end the analysis where it should begin. The subject decides: an @handle, a "
        "listed author or attendee, a given name or a role followed by a failure verb."
    ),
    good="The deploy tool allowed a production push without a review.",
    bad="Alice forgot to get the change reviewed before pushing it.",
    source="built-in",
)

POSTMORTEM_RULES = (
    TIMELINE_ORDER,
    TIMELINE_PLACEHOLDER,
    TIMELINE_TIMEZONE,
    TIMELINE_MILESTONES,
    DURATION_MISMATCH,
    ACTION_ITEM_OWNER,
    ACTION_ITEM_TICKET,
    ACTION_ITEM_VAGUE,
    ACTION_ITEM_COVERAGE,
    IMPACT_UNQUANTIFIED,
    BLAME,
)

TRACKING_KINDS = ("ticket", "link", "due")


@dataclass(frozen=True)
class PostmortemSettings:
    """The ``[postmortem]`` config table."""

    action_item_tracking: tuple[str, ...] = TRACKING_KINDS  # any one of these satisfies
    owner_patterns: tuple[str, ...] = ()  # extra regexes that count as an owner
    ticket_patterns: tuple[str, ...] = ()  # extra regexes that count as a ticket
    vague_verbs: tuple[str, ...] = VAGUE_LEADS
    coverage_threshold: float = 45.0  # rapidfuzz score (0-100) an item must reach for a factor
    duration_tolerance: float = 0.25  # fraction of the timeline's duration
    check_done_items: bool = False  # also check items marked done

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PostmortemSettings:
        values: dict[str, Any] = {}
        for key, value in data.items():
            values[key] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


def settings_of(context: CheckContext) -> PostmortemSettings:
    return PostmortemSettings.from_mapping(getattr(context.config, "postmortem", {}) or {})


# -- timeline ---------------------------------------------------------------------------------


def document_timeline(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher | None = None
) -> tuple[Region, Timeline] | None:
    section = sections.find(document, template, "timeline", matcher)
    if section is None:
        return None
    lines = sections.section_lines(document, section)
    timeline = parse_lines(lines, find_zone_statement(lines))
    if timeline.zone is None:
        whole = lines_of(document.masked_text)
        zone = find_zone_statement(whole)
        if zone is not None:
            timeline = Timeline(timeline.entries, zone)
    return section, timeline


_DURATION = re.compile(
    r"""(?ix)
    (?P<qual>about|around|roughly|approximately|approx\.?|nearly|almost|just\ over|just\ under|
        over|more\ than|at\ least|less\ than|under|within|up\ to|~)?\s*
    (?P<num>\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|
        fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|half\ an?)
    \s*(?:-\s*)?(?P<unit>minutes?|mins?|hours?|hrs?|h\b|days?|seconds?|secs?)
    (?:\s+and\s+(?P<num2>\d+|a\ half)\s*(?P<unit2>minutes?|mins?)?)?
    """
)
# The sentence must be about the incident, and the duration must not be a setting or a delay.
_DURATION_CONTEXT = re.compile(
    r"(?i)\b(lasted|lasting|outage|downtime|down|unavailable|impact\w*|incident|disrupt\w*|"
    r"interrupt\w*|degraded|affected|offline|failing|failed|broken|errors?|resolved|restored|"
    r"recovered|mitigated)\b"
)
_NOT_INCIDENT_LENGTH = re.compile(
    r"(?i)\b(after|every|each|per|ttl|timeout|retention|interval|delay|cache[sd]?|ago|later|"
    r"before|earlier|window of|backoff|expir\w*|rotat\w*|schedule\w*|cron|sla|slo|detect\w*|"
    r"noticed|alerted|paged)\b\W*(?:\w+\W*){0,2}$"
)
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


def _minutes(number: str, unit: str) -> float:
    number = number.lower()
    if number.startswith("half"):
        value = 0.5
    else:
        value = float(_NUMBER_WORDS.get(number, 0) or number) if number else 0.0
    unit = unit.lower()
    if unit.startswith(("h",)):
        return value * 60
    if unit.startswith("d"):
        return value * 24 * 60
    if unit.startswith("s"):
        return value / 60
    return value


@dataclass(frozen=True)
class StatedDuration:
    start: int  # offsets in the block's plain text
    end: int
    minutes: float
    qualifier: str
    text: str


def stated_durations(text: str) -> Iterator[StatedDuration]:
    """Durations a sentence states about the incident ("lasted 66 minutes", "for about two
    hours")."""
    for match in _DURATION.finditer(text):
        sentence_start = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start()))
        window = text[sentence_start + 1 : match.end() + 40]
        if not _DURATION_CONTEXT.search(window):
            continue
        if _NOT_INCIDENT_LENGTH.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        if match.group("num").lower() in ("a", "an") and not match.group("qual"):
            continue  # "in a minute", "an hour later": rarely the incident's length
        minutes = _minutes(match.group("num"), match.group("unit"))
        if match.group("num2"):
            extra = 30.0 if "half" in match.group("num2") else float(match.group("num2"))
            minutes += extra
        start = match.start("qual") if match.group("qual") else match.start("num")
        yield StatedDuration(
            start, match.end(), minutes, (match.group("qual") or "").lower(), match.group().strip()
        )


def contradicts(stated: StatedDuration, actual: float, tolerance: float) -> bool:
    qualifier = stated.qualifier
    if qualifier in ("about", "around", "roughly", "approximately", "approx.", "approx", "~"):
        tolerance *= 2
    slack = max(tolerance * max(actual, stated.minutes), 5.0)
    if qualifier in ("over", "more than", "at least", "just over"):
        return actual < stated.minutes - slack
    if qualifier in ("less than", "under", "within", "up to", "just under"):
        return actual > stated.minutes + slack
    if qualifier in ("nearly", "almost"):
        return abs(actual - stated.minutes) > slack
    return abs(actual - stated.minutes) > slack


class TimelineChecker:
    """Order, timezone and milestones of the timeline; stated durations; time-to figures."""

    rules = (
        TIMELINE_ORDER,
        TIMELINE_PLACEHOLDER,
        TIMELINE_TIMEZONE,
        TIMELINE_MILESTONES,
        DURATION_MISMATCH,
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        found = document_timeline(document, context.template, context.matcher)
        if found is None:
            return
        section, timeline = found
        for entry in timeline.entries:
            if entry.template_placeholder:
                yield context.finding(
                    TIMELINE_PLACEHOLDER,
                    entry.start,
                    entry.end,
                    f"'{context.document.text[entry.start : entry.end]}' is the template's "
                    "placeholder: fill in the time, write the date alone if the time is unknown, "
                    "or delete the row",
                )
        known = timeline.known
        if not known:
            return
        moments, problems = resolve(timeline)
        for problem in problems:
            entry, previous = problem.entry, problem.previous
            yield context.finding(
                TIMELINE_ORDER,
                entry.start,
                entry.end,
                f"'{entry.label}' is earlier than the entry before it ('{previous.label}' on line "
                f"{previous.line}): put the entries in order or correct the date or time",
            )
        heading = sections.heading_span(document, section)
        if not timeline.has_zone and any(entry.time is not None for entry in known):
            yield context.finding(
                TIMELINE_TIMEZONE,
                *heading,
                "the timeline gives times but no timezone: state it once ('All times UTC') or on "
                "every entry",
            )
        marks = milestones(moments)
        missing = marks.missing()
        if len(known) >= 2 and missing:
            yield context.finding(
                TIMELINE_MILESTONES,
                *heading,
                f"the timeline does not show {_join(missing, 'and')}: say what happened in "
                "each entry ('Alert fired', 'Rolled back', 'Resolved') so time to detect and to "
                "mitigate can be read",
            )
        _record_stats(context, marks)
        yield from self._durations(context, marks)

    def _durations(self, context: CheckContext, marks: Milestones) -> Iterator[Finding]:
        actual = [
            value
            for value in (marks.minutes("mitigation"), marks.minutes("resolution"))
            if value is not None
        ]
        if not actual:
            return
        settings = settings_of(context)
        document = context.document
        for section_id in ("summary", "impact"):
            section = sections.find(document, context.template, section_id, context.matcher)
            if section is None:
                continue
            for block in sections.blocks(document, section):
                for stated in stated_durations(block.text):
                    if all(
                        contradicts(stated, value, settings.duration_tolerance) for value in actual
                    ):
                        start, end = block.source_span(stated.start, stated.end)
                        shown = " or ".join(dict.fromkeys(human_minutes(v) for v in actual))
                        yield context.finding(
                            DURATION_MISMATCH,
                            start,
                            end,
                            f"'{stated.text}' does not match the timeline, which runs "
                            f"{shown} from the start of impact to mitigation or resolution: "
                            "correct one of them",
                        )


def _join(names: list[str], word: str = "or") -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def _record_stats(context: CheckContext, marks: Milestones) -> None:
    """``time_to_detect`` etc. as human strings ("6 min"), ``*_minutes`` as numbers."""
    for key, which in (
        ("time_to_detect", "detection"),
        ("time_to_mitigate", "mitigation"),
        ("time_to_resolve", "resolution"),
    ):
        minutes = marks.minutes(which)
        if minutes is not None:
            context.stats[key] = human_minutes(minutes)
            context.stats[key + "_minutes"] = round(minutes)


# -- action items -----------------------------------------------------------------------------


class ActionItemChecker:
    rules = (ACTION_ITEM_OWNER, ACTION_ITEM_TICKET, ACTION_ITEM_VAGUE, ACTION_ITEM_COVERAGE)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        section = sections.find(document, context.template, "action-items", context.matcher)
        if section is None:
            return
        settings = settings_of(context)
        seconds = context.config.limits.rule_timeout
        patterns = ItemPatterns(
            tuple(BoundedPattern(p, seconds) for p in settings.owner_patterns),
            tuple(BoundedPattern(p, seconds) for p in settings.ticket_patterns),
        )
        try:
            items = parse_item_lines(sections.raw_lines(document, section), patterns)
        except PatternTimeout as exc:
            context.notices.append(
                f"postmortem.owner_patterns/ticket_patterns: {exc.source!r} was stopped after "
                f"{exc.seconds:g} s on one action item, so action items were not checked: "
                "simplify the pattern (nested repeats such as (a|a)+ backtrack without end)"
            )
            return
        wanted = tuple(kind for kind in settings.action_item_tracking if kind in TRACKING_KINDS)
        for item in items:
            if item.done and not settings.check_done_items:
                continue
            if item.owner is None:
                yield context.finding(
                    ACTION_ITEM_OWNER,
                    item.start,
                    item.end,
                    "action item has no owner: name the person or team who will do it "
                    "('Owner: @alice')",
                )
            if wanted and not any(kind in item.tracking for kind in wanted):
                yield context.finding(
                    ACTION_ITEM_TICKET,
                    item.start,
                    item.end,
                    f"action item has no {_join(list(_kind_names(wanted)))}: link where it is "
                    "tracked so it is not forgotten",
                )
            lead = vague_lead(item.text, settings.vague_verbs)
            if lead is not None:
                yield context.finding(
                    ACTION_ITEM_VAGUE,
                    item.start,
                    item.end,
                    f"'{lead}' has no bounded outcome: start with a concrete verb and say what "
                    "done looks like",
                )
        yield from self._coverage(context, [item.text for item in items], settings)

    def _coverage(
        self, context: CheckContext, items: list[str], settings: PostmortemSettings
    ) -> Iterator[Finding]:
        document = context.document
        section = sections.find(document, context.template, "contributing-factors", context.matcher)
        if section is None or not items:
            return
        from writer.checks.postmortem.coverage import best_match

        blocks = sections.blocks(document, section)
        listed = [b for b in blocks if b.kind is BlockKind.LIST_ITEM]
        if listed:
            top = min(b.depth for b in listed)
            blocks = [b for b in listed if b.depth == top]  # sub-bullets are details
        for block in blocks:
            if block.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH):
                continue
            if len(block.text.split()) < 3:
                continue
            score = best_match(block.text, items)
            if score < settings.coverage_threshold:
                start, end = block.source_span(0, len(block.text))
                yield context.finding(
                    ACTION_ITEM_COVERAGE,
                    start,
                    end,
                    "no action item addresses this contributing factor: add one, or say why "
                    "none is needed",
                )


def _kind_names(kinds: tuple[str, ...]) -> Iterator[str]:
    names = {"ticket": "ticket", "link": "link", "due": "due date"}
    for kind in kinds:
        yield names[kind]


# -- impact and blame --------------------------------------------------------------------------

_QUANTITY = re.compile(
    r"""(?ix)
    (?<![\w.])(?:v)?\d[\d,.]*\s*(?:%|percent|k\b|m\b)?
    | \b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|
        fifty|hundred|hundreds|thousand|thousands|million|millions|dozen|dozens|half|all|none|
        zero|every)\b
    """
)


def quantified(text: str) -> bool:
    """Does the text state a figure (a number, a percentage, a number word, 'all', 'none')?"""
    for match in _QUANTITY.finditer(text):
        token = match.group().strip()
        if token.lower().startswith("v") and token[1:2].isdigit():
            continue  # a version
        return True
    return False


class ImpactChecker:
    rules = (IMPACT_UNQUANTIFIED,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        section = sections.find(document, context.template, "impact", context.matcher)
        if section is None:
            return
        text = sections.text(document, section)
        if not text.strip():
            return  # an empty section is the structure checks' business
        if quantified(text):
            return
        yield context.finding(
            IMPACT_UNQUANTIFIED,
            *sections.heading_span(document, section),
            "the impact states no number: give how many users, requests or tickets, what "
            "error rate, for how long",
        )


class BlameChecker:
    rules = (BLAME,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        people = people_named(document.masked_text)
        for block in document.blocks:
            if block.kind is BlockKind.HEADING:
                continue
            for blame in find_blame(block.text, people):
                start, end = block.source_span(blame.start, blame.end)
                if blame.subject is None:
                    message = (
                        f"'{blame.phrase}' stops the analysis at a person: say which safeguard "
                        "was missing and what made the mistake possible"
                    )
                else:
                    subject = blame.subject
                    if re.match(r"(?i)(the|an?|our|one|someone|somebody)\b", subject):
                        subject = subject[0].lower() + subject[1:]
                    message = (
                        f"'{blame.phrase}' names {subject} as the cause: describe what the "
                        "system allowed (the missing check, guard or signal), not who slipped"
                    )
                yield context.finding(BLAME, start, end, message)


def postmortem_checkers() -> list[
    TimelineChecker | ActionItemChecker | ImpactChecker | BlameChecker
]:
    return [TimelineChecker(), ActionItemChecker(), ImpactChecker(), BlameChecker()]
