"""Postmortem checks that read like a reviewer: the timeline (order, timezone, milestones, stated
durations), the action items (owner, tracking, vague wording, coverage of contributing factors),
an impact without numbers, and blame.

Settings come from the ``[postmortem]`` config table (see :class:`PostmortemSettings`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.budget import BoundedPattern, PatternTimeout
from writer.checks.postmortem.action_items import (
    VAGUE_LEADS,
    ActionItem,
    ItemPatterns,
    asked,
    commitment_items,
    duplicates,
    is_question,
    link_only,
    links_change,
    parse_item_lines,
    stated_intentions,
    topic_only,
    vague_lead,
)
from writer.checks.postmortem.blame import find_blame, people_named
from writer.checks.postmortem.incident import Incident, read_incident
from writer.checks.postmortem.milestone_gaps import milestone_gaps
from writer.checks.postmortem.timeline import human_minutes
from writer.checks.postmortem.zones import describe_offset, wrong_on
from writer.model.document import BlockKind, Document
from writer.model.findings import Finding, Severity
from writer.model.lines import Line
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
        "example left in a published postmortem, or a time nobody filled in ('[???]', a part "
        "of the day such as '[The morning]' where the time goes). Fill in the time; if it is "
        "unknown, write the date alone or '~14:00' and say so, or delete the row."
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
    summary="The timeline has no row for the start of impact, the detection, or the end.",
    explanation=(
        "Time to detect and time to mitigate are the figures a postmortem review asks for. They"
        " can only be read off a timeline whose rows say what happened: 'Errors start', 'Alert "
        "fired', 'A customer reported', 'Rolled back', 'Resolved'. A timeline that opens at a "
        "person's report or discovery (a ticket, a customer, 'noticed', 'discovers') is asked "
        "for the start of impact; one that opens at an automated alert, or reports a "
        "vulnerability, is not, unless a later row names the change the failure came from "
        "('related to the recent deploy'). A milestone given in a field ('Detected: 14:05', "
        "'Time to detect: 7 min', 'Duration: 40 minutes') counts. A timeline section with one "
        "row is read, and so are three or more times told in the prose of a document with no "
        "timeline; not in a template. A timeline of three or more steps with no time or date on"
        " any of them is reported at its heading. The finding names the missing milestones and "
        "the lines read; it is placed at the row the timeline opens with when the start of "
        "impact belongs before it, at the row it stops at when the end belongs after it, else "
        "at the timeline's heading."
    ),
    good="- 14:02 Deploy starts returning 500s\n- 14:08 Alert fired\n- 14:20 Rolled back, resolved",
    bad="- 14:02 Deploy\n- 14:08 Looked at graphs\n- 14:20 Done",
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
TIMELINE_GAP = RuleMeta(
    id="postmortem.timeline-gap",
    severity=Severity.WARNING,
    summary="A timeline row's date sits days away from the rows either side of it.",
    explanation=(
        "When the rows before and after a row agree on the day and the row between them is days "
        "away ('2022-02-02 19:06', '2022-02-20 19:30', '2022-02-02 20:21'), its date is almost "
        "always mistyped. The time to detect and to resolve is read with the neighbours' date; "
        "correct the row so readers do not have to guess."
    ),
    good="- 2022-02-02 19:06 Builds cut\n- 2022-02-02 19:30 Deployed\n- 2022-02-02 20:21 Done",
    bad="- 2022-02-02 19:06 Builds cut\n- 2022-02-20 19:30 Deployed\n- 2022-02-02 20:21 Done",
    source="built-in",
)
TIME_MISMATCH = RuleMeta(
    id="postmortem.time-mismatch",
    severity=Severity.WARNING,
    summary="A time stated in the text disagrees with the timeline.",
    explanation=(
        "The summary, impact and metadata often restate when the incident started and ended. A "
        "window that ends before it starts ('9:30 AM - 12:30 AM'), one whose ends are far from "
        "the timeline's first and last rows, or a 'resolved at' followed in the timeline by more "
        "fixes, leaves readers with two accounts. The finding names the rows it disagrees with."
    ),
    good=(
        "On 2023-07-20 between 12:17 and 12:30 UTC downloads failed.\n\n## Timeline\n\n"
        "- 12:17 UTC Deploy promoted, downloads fail\n- 12:30 UTC Deploy rolled back"
    ),
    bad=(
        "Date: July 2 2025, 9:30 AM UTC - July 2 2025, 12:30 AM UTC\n\n## Timeline\n\n"
        "- 09:30 UTC Upgrade starts, blocks stall\n- 12:30 UTC Upgrade confirmed"
    ),
    source="built-in",
)
DATE_MISMATCH = RuleMeta(
    id="postmortem.date-mismatch",
    severity=Severity.WARNING,
    summary="A date in the title, metadata or summary disagrees with the timeline or the file "
    "name.",
    explanation=(
        "A postmortem is found and cited by its date. When the title says one day, the file "
        "name another and the timeline a third, nobody knows which incident it is. The title, "
        "an 'Incident date' field and the summary's opening date must be days of the "
        "timeline; a document's own date must not fall before its last row; a weekday written "
        "beside a date must be that date's."
    ),
    good="# 2020-10-28 Memory overload (in 2020-10-28-memory-overload.md)",
    bad="# 2020-08-28 Memory overload (in 2020-10-28-memory-overload.md)",
    source="built-in",
)
ACTION_ITEM_OWNER = RuleMeta(
    id="postmortem.action-item-owner",
    severity=Severity.WARNING,
    summary="An action item has no owner.",
    explanation=(
        "An action item nobody owns is not done. Name a person or a team: an owner column, "
        "'Owner: @alice', '(SRE team)', '[ALICE, BOB]' at the end or 'AN: ...' all count. When "
        "four or more items are open and none names an owner, that is said once, at the first "
        "item, not on every item."
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
        "'OPS-123') or give a due date; a date that says when something was done ('Done as of "
        "2021-06-30') is no due date. Which of these count is set by "
        "`postmortem.action_item_tracking`. When four or more items are open and none is "
        "tracked, that is said once, at the first item."
    ),
    good="- Add an alert on subnet IP usage above 80% (@alice, OPS-123)",
    bad="- Add an alert on subnet IP usage above 80% (@alice)",
    source="built-in",
)
ACTION_ITEM_VAGUE = RuleMeta(
    id="postmortem.action-item-vague",
    severity=Severity.WARNING,
    summary="An action item investigates, improves or monitors with no bounded outcome, asks a "
    "question, or is only a link.",
    explanation=(
        "'Investigate X' or 'Improve monitoring' never gets closed. Start with a concrete verb "
        "and say what done looks like: 'Add an alert when X exceeds Y', 'Decide whether to "
        "adopt X and write it up by 2025-03-01'. A purpose ('so that we notice sooner') or "
        "an outcome that is only more or better of something ('and add enough buffer') bounds "
        "nothing without a figure, and neither does a quality ('should be easy to maintain'). "
        "An item that is a question ('Should we ...?', 'Reflect if ...'), only a link "
        "('#2127'), or a topic of a few words with no verb of an action ('Flux metrics and "
        "alerts', 'Runbook for failovers') does not say what will change either. Work "
        "promised or floated in the prose around the items ('we intend to look into ...', 'it "
        "might be good to ...') is read too, sentence by sentence. Items marked done (a "
        "checked box, '(done)', struck through, 'Already ...', the past tense) are not "
        "checked."
    ),
    good="- Add a page when subnet IP usage exceeds 80%",
    bad="- Improve monitoring of subnets",
    source="built-in",
)
ACTION_ITEM_DUPLICATE = RuleMeta(
    id="postmortem.action-item-duplicate",
    severity=Severity.SUGGESTION,
    summary="Two action items say the same thing.",
    explanation=(
        "The same action listed twice gets two owners, or none, and is counted twice in the "
        "follow-up review. Items are compared by their content words (stemmed, with rapidfuzz "
        "confirming the match); items done, and items naming different code, are not compared."
    ),
    good=(
        "- Pass statically typed config objects into Lambdas from the entrypoint (@ed)\n"
        "- Add an alert on ERROR log lines (@kim)"
    ),
    bad=(
        "- Pass statically typed config objects into Lambdas\n"
        "- Use a statically typed config object passed down from the entrypoint"
    ),
    source="built-in",
)
ACTION_ITEM_COVERAGE = RuleMeta(
    id="postmortem.action-item-coverage",
    severity=Severity.SUGGESTION,
    summary="A contributing factor has no action item that addresses it.",
    explanation=(
        "Each contributing factor is a reason the incident happened or grew. One with no "
        "matching action item will contribute again. Add an item, or say why none is needed. "
        "Factors are the top-level bullets under a cause-like section ('Root cause', "
        "'Contributing factors', 'Five whys'), a bold 'Root cause:' field, and the bullets "
        "under 'What went wrong' / 'Things that went poorly'. A factor is covered when an "
        "action item, the rest of the action-items section or the resolution shares a subject "
        "word with it (stemmed, synonyms of one remedy read as one: 'alarm' and 'alert', "
        "'wiki' and 'docs'; words of the title count half). Factors the text says are fixed, "
        "factors outside the team's control stated as such, questions, what the incident "
        "caused, and documents with no items or with items that are only links are not "
        "reported."
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
TEMPLATE_TEXT = RuleMeta(
    id="postmortem.template-text",
    severity=Severity.WARNING,
    summary="The team template's guidance, an instruction to fill in, or a placeholder is left in.",
    explanation=(
        "Template guidance ('Action items should directly address the lessons learned', 'The "
        "example below demonstrates one way of formatting it'), an instruction in italics "
        "('_Add the timeline here_'), the template's number in the title ('# 000 - Postmortem "
        "for ...') or a front matter value nobody filled in (`approvers: TBD`) tells readers "
        "the document was never finished. Replace it with the real text or delete it. A line "
        "structure.template-text or structure.front-matter already reports is left to them, and "
        "an instruction in brackets (`[describe the impact]`) is structure.placeholder's."
    ),
    good="---\napprovers: [Dana Kim]\n---\n\n# 004 - Postmortem for the TypeORM upgrade",
    bad="---\napprovers: TBD\n---\n\n# 000 - Postmortem for the TypeORM upgrade",
    source="built-in",
    yields_to=("structure.template-text", "structure.front-matter"),
)
IMPACT_UNQUANTIFIED = RuleMeta(
    id="postmortem.impact-unquantified",
    severity=Severity.WARNING,
    summary="The impact (or, without an impact section, the summary) gives no figure.",
    explanation=(
        "Impact is measured: how many users, requests or tickets, what error rate, for how "
        "long, at what cost. Without a figure nobody can compare this incident with the next. "
        "Every place named for the impact is read (a heading, a bold label, a bullet field "
        "with or without bold: a figure in any of them counts, and the finding is at the "
        "first); without one, the summary's own text or the opening text, when it says what "
        "the incident did (an opening of metadata fields alone gives way to the first section "
        "no role names, such as 'Introduction'). A date, a time of "
        "day, a version, a ticket or incident number and a count of the machines that failed "
        "measure nothing; 'some', 'several hours' and 'all services' stand in for a figure. "
        "'No users were affected' is a figure: zero."
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
        "listed author or attendee, a given name or a role ('one of our engineers', 'the "
        "maintainer') followed by a failure verb ('forgot', 'did not realize', 'was not "
        "aware', 'used the wrong'), a person's change as the subject of one ('@bob's PR broke "
        "...'), a judgement made by a person that the analysis stops at ('it was deemed good "
        "enough by the developer'), or the cause found being a person's act ('it turns out "
        "that @bob used ...', 'related to the load test Yuvi ran')."
    ),
    good="The deploy tool allowed a production push without a review.",
    bad="Alice forgot to get the change reviewed before pushing it.",
    source="built-in",
)

TIMELINE_MISSING = RuleMeta(
    id="postmortem.timeline-missing",
    severity=Severity.WARNING,
    summary="A postmortem has no timeline in any form.",
    explanation=(
        "Readers of a postmortem ask when impact began, when it was noticed, and how long each "
        "step to recovery took. A timeline answers that in any form: a section or label named "
        "for it, dated or timed rows (a list, a table, headings), or prose with several clock "
        "times. A document with none of these is reported once, at its title. Only documents "
        "taken for a postmortem with reasonable certainty are read; templates and indexes are "
        "not, and a template chosen with certainty leaves the missing section to "
        "structure.missing-section. On the shared corpora it reported 8 documents, all judged "
        "useful."
    ),
    good=(
        "# Checkout outage\n\n## Timeline (UTC)\n\n- 14:02 Errors start\n- 14:08 Alert fired\n"
        "- 14:20 Rolled back"
    ),
    bad="# Checkout outage\n\nA bad deploy broke checkout for a while. We rolled it back.",
    source="built-in",
)
ACTION_ITEMS_MISSING = RuleMeta(
    id="postmortem.action-items-missing",
    severity=Severity.WARNING,
    summary="A postmortem lists no follow-up actions at all.",
    explanation=(
        "A postmortem exists so the incident does not happen again; one that says nothing "
        "about what will change has not finished its job. Follow-ups count in any form: a "
        "section or label (action items, follow-ups, remediation, next steps, 'what we are "
        "doing about it'), a checkbox or to-do list, a table of actions, or a sentence that "
        "commits to a specific change ('we will add an alert ...') or reports one made ('we "
        "have added a check ...'). 'We will continue to monitor' and 'we will share updates' "
        "are not actions. The finding is placed where the section would go, at the end of the "
        "text. Only documents taken for a postmortem with reasonable certainty are read; "
        "templates and indexes are not. On the shared corpora it reported 6 documents, all "
        "judged useful."
    ),
    good=(
        "The deploy skipped the canary.\n\n## Action items\n\n"
        "- Make the canary stage required for every deploy (@alice, OPS-12)"
    ),
    bad="The deploy skipped the canary. We rolled it back and will continue to monitor.",
    source="built-in",
)

POSTMORTEM_RULES = (
    TIMELINE_ORDER,
    TIMELINE_PLACEHOLDER,
    TIMELINE_TIMEZONE,
    TIMELINE_MILESTONES,
    TIMELINE_GAP,
    DURATION_MISMATCH,
    TIME_MISMATCH,
    DATE_MISMATCH,
    TIMELINE_MISSING,
    ACTION_ITEM_OWNER,
    ACTION_ITEM_TICKET,
    ACTION_ITEM_VAGUE,
    ACTION_ITEM_DUPLICATE,
    ACTION_ITEM_COVERAGE,
    ACTION_ITEMS_MISSING,
    IMPACT_UNQUANTIFIED,
    TEMPLATE_TEXT,
    BLAME,
)

TRACKING_KINDS = ("ticket", "link", "due")
DEFAULT_DURATION_TOLERANCE = 0.25


@dataclass(frozen=True)
class PostmortemSettings:
    """The ``[postmortem]`` config table."""

    action_item_tracking: tuple[str, ...] = TRACKING_KINDS  # any one of these satisfies
    owner_patterns: tuple[str, ...] = ()  # extra regexes that count as an owner
    ticket_patterns: tuple[str, ...] = ()  # extra regexes that count as a ticket
    vague_verbs: tuple[str, ...] = VAGUE_LEADS
    coverage_threshold: float = (
        45.0  # match score (0-100): 50 a shared subject word, 25 a title word
    )
    duration_tolerance: float = DEFAULT_DURATION_TOLERANCE  # scales duration-mismatch's slack
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
) -> Incident:
    """The document's incident (see :func:`writer.checks.postmortem.incident.read_incident`)."""
    return read_incident(document, template, matcher)


class TimelineChecker:
    """The timeline (order, gaps, placeholders, zone, milestones) and every stated time, date
    and duration held against it; the time-to figures for ``stats``."""

    rules = (
        TIMELINE_ORDER,
        TIMELINE_PLACEHOLDER,
        TIMELINE_TIMEZONE,
        TIMELINE_MILESTONES,
        TIMELINE_GAP,
        DURATION_MISMATCH,
        TIME_MISMATCH,
        DATE_MISMATCH,
        TIMELINE_MISSING,
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        incident = read_incident(document, context.template, context.matcher)
        yield from self._rows(context, incident)
        if context.wants(TIMELINE_MISSING):
            from writer.checks.postmortem.presence import missing_timeline, reportable

            absent = missing_timeline(context, incident) if reportable(context) else None
            if absent is not None:
                yield context.finding(TIMELINE_MISSING, absent.start, absent.end, absent.message)
        if incident.known or incident.dates:
            _record_stats(context, incident)
            from writer.checks.postmortem.consistency import problems

            rules = {
                "duration-mismatch": DURATION_MISMATCH,
                "time-mismatch": TIME_MISMATCH,
                "date-mismatch": DATE_MISMATCH,
                "timeline-timezone": TIMELINE_TIMEZONE,
            }
            if any(context.wants(rule) for rule in rules.values()):
                scale = settings_of(context).duration_tolerance / DEFAULT_DURATION_TOLERANCE
                for problem in problems(document, incident, context.matcher, scale):
                    severity = Severity.SUGGESTION if problem.severity == "suggestion" else None
                    yield context.finding(
                        rules[problem.rule],
                        problem.start,
                        problem.end,
                        problem.message,
                        severity=severity,
                    )

    def _rows(self, context: CheckContext, incident: Incident) -> Iterator[Finding]:
        document = context.document
        for row in incident.rows:
            if not row.placeholder:
                continue
            written = document.text[row.start : row.end].strip("[]*_` ")
            if row.template_placeholder:
                message = (
                    f"'{written}' is the template's placeholder: fill in the time, write the date "
                    "alone if the time is unknown, or delete the row"
                )
            else:
                message = (
                    f"'{written}' is not a time: write the time, '~14:00' if it is an estimate, "
                    "or say that it is unknown and why"
                )
            yield context.finding(TIMELINE_PLACEHOLDER, row.start, row.end, message)
        for problem in incident.order:
            row, previous = problem.row, problem.previous
            if problem.kind == "backwards":
                yield context.finding(
                    TIMELINE_ORDER,
                    row.start,
                    row.end,
                    f"'{row.label_text}' is earlier than the row before it "
                    f"('{previous.label_text}' on line {previous.line}): put the rows in order or "
                    "correct the date or time",
                )
            elif problem.kind == "heading":
                day = row.local.date().isoformat() if row.local else "the next day"
                yield context.finding(
                    TIMELINE_ORDER,
                    row.start,
                    row.end,
                    f"'{row.label_text}' comes after '{previous.label_text}' (line "
                    f"{previous.line}) under the same date heading: it happened on {day}; put it "
                    "under a heading for that day",
                    severity=Severity.SUGGESTION,
                )
            else:
                yield context.finding(
                    TIMELINE_ORDER,
                    row.start,
                    row.end,
                    f"'{row.label_text}' is earlier than '{previous.label_text}' (line "
                    f"{previous.line}) and has no date: it reads as the next day; write the date "
                    "(or a day heading) so readers need not guess",
                    severity=Severity.SUGGESTION,
                )
        for gap in incident.gaps:
            row = gap.row
            assert row.date is not None and gap.previous.date is not None
            days = abs((row.date - gap.previous.date).days)
            yield context.finding(
                TIMELINE_GAP,
                row.start,
                row.end,
                f"'{row.label_text}' is {days} days from the rows either side (line "
                f"{gap.previous.line} and line {gap.following.line} are on "
                f"{gap.previous.date.isoformat()}): a mistyped date?",
            )
        yield from self._zones(context, incident)
        yield from self._milestones(context, incident)

    def _zones(self, context: CheckContext, incident: Incident) -> Iterator[Finding]:
        timed = [row for row in incident.timed if row.known]
        if timed and not incident.has_zone():
            row = timed[0]
            yield context.finding(
                TIMELINE_TIMEZONE,
                row.start,
                row.end,
                "the timeline gives times but no time zone: state it once ('All times UTC') or "
                "on every row",
            )
        for bad in incident.misspelt:
            yield context.finding(
                TIMELINE_TIMEZONE,
                bad.start,
                bad.end,
                f"'{bad.token}' is not a time zone: did you mean {bad.meant}?",
            )
        day = incident.default_date
        if day is None:
            day = next((row.local.date() for row in timed if row.local is not None), None)
        reported: set[int] = set()
        for statement in incident.zone_statements:
            if day is None or day.year == 2000 or statement.start in reported:
                continue
            right = wrong_on(statement.zone, day)
            if right is None:
                continue
            reported.add(statement.start)
            offset = statement.zone.offset_on(day)
            yield context.finding(
                TIMELINE_TIMEZONE,
                statement.start,
                statement.end,
                f"{statement.text} does not apply on {day.isoformat()}: the clocks there were on "
                f"{right} ({describe_offset(offset) if offset is not None else right}); write "
                f"{right}",
            )
        for row in timed:
            if row.zone is None or row.zone_start < 0 or row.local is None:
                continue
            right = wrong_on(row.zone, row.local.date())
            if right is None or row.zone_start in reported:
                continue
            reported.add(row.zone_start)
            yield context.finding(
                TIMELINE_TIMEZONE,
                row.zone_start,
                row.zone_end,
                f"{row.zone_text} does not apply on {row.local.date().isoformat()}: write {right}",
            )

    def _milestones(self, context: CheckContext, incident: Incident) -> Iterator[Finding]:
        if not context.wants(TIMELINE_MILESTONES):
            return
        from writer.checks.postmortem.presence import reportable, template_or_index

        written = not template_or_index(context.document)
        found = milestone_gaps(context.document, incident, read_single=written, read_prose=written)
        if found is None:
            if written and reportable(context):
                yield from _timeless(context, incident)
            return
        # at the row the timeline opens with when the start of impact belongs before it, at the
        # row it stops at when the end belongs after it, else at the timeline's heading (the
        # first row of a timeline told in prose)
        region = incident.region
        start, end = found.first.start, found.first.end
        if found.start_missing:
            pass
        elif found.end_missing:
            start, end = found.last.start, found.last.end
        elif region is not None:
            start, end = context.document.index.line_span(region.line)
        names = [gap.name for gap in found.gaps]
        reasons = "; ".join(f"{gap.name}: {gap.reason}" for gap in found.gaps)
        if region is None:
            what, lacks = f"the times the text gives (lines {found.first.line}-", "include none"
        elif found.first is found.last:
            what, lacks = f"the timeline (one row, line {found.first.line}", "has no row"
        else:
            what, lacks = f"the timeline (lines {found.first.line}-", "has no row"
        lines = "" if found.first is found.last else f"{found.last_line}"
        yield context.finding(
            TIMELINE_MILESTONES,
            start,
            end,
            f"{what}{lines}) {lacks} for {_join(names, 'or')} ({reasons}). Add the row with its "
            "time, so time to detect and resolve can be read",
        )


_ONE_FOR_ALL = 4  # items that need an owner (or a ticket) and none has one: said once


def _none_have(items: list[ActionItem], has: Callable[[ActionItem], bool]) -> list[ActionItem]:
    """``items`` (those that need something), when there are enough of them and none has it;
    else an empty list."""
    if len(items) < _ONE_FOR_ALL or any(has(item) for item in items):
        return []
    return items


_TIMELESS_STEPS = 3  # the least steps of a timeline whose lack of any time is reported


def _timeless(context: CheckContext, incident: Incident) -> Iterator[Finding]:
    """A timeline whose steps carry no time and no date at all ("1. New model added", "2. Admin
    reloads the map", ...): when impact began, was detected and ended cannot be read."""
    region = incident.region
    if region is None or any(row.known for row in incident.rows):
        return
    document = context.document
    items = [
        block
        for block in document.blocks
        if block.kind is BlockKind.LIST_ITEM
        and region.body_start_line <= block.line <= region.end_line
    ]
    top = min((block.depth for block in items), default=0)
    steps = [block for block in items if block.depth == top]
    if len(steps) < _TIMELESS_STEPS:
        return
    start, end = document.index.line_span(region.line)
    yield context.finding(
        TIMELINE_MILESTONES,
        start,
        end,
        f"the timeline ('{region.title}', {len(steps)} steps) gives no time or date for any "
        "step: when impact began, when it was detected and when it ended cannot be read; give "
        "each step its time and zone",
    )


def _join(names: list[str], word: str = "or") -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def _record_stats(context: CheckContext, incident: Incident) -> None:
    """``time_to_detect`` etc. as human strings ("6 min", or "unknown" when a milestone is
    missing), ``*_minutes`` as numbers, and ``milestones`` with the rows they came from."""
    if not incident.known:
        return
    durations = incident.durations()
    for key, minutes in durations.items():
        if minutes is not None:
            context.stats[key] = human_minutes(minutes)
            context.stats[key + "_minutes"] = round(minutes)
        else:
            context.stats[key] = "unknown"
    marks = incident.milestones
    context.stats["milestones"] = {
        name: marks.get(name).as_dict()
        for name in ("impact_start", "detected", "mitigated", "resolved")
    }


# -- action items -----------------------------------------------------------------------------


class ActionItemChecker:
    rules = (
        ACTION_ITEM_OWNER,
        ACTION_ITEM_TICKET,
        ACTION_ITEM_VAGUE,
        ACTION_ITEM_DUPLICATE,
        ACTION_ITEM_COVERAGE,
        ACTION_ITEMS_MISSING,
    )

    def check(self, context: CheckContext) -> Iterator[Finding]:
        settings = settings_of(context)
        seconds = context.config.limits.rule_timeout
        patterns = ItemPatterns(
            tuple(BoundedPattern(p, seconds) for p in settings.owner_patterns),
            tuple(BoundedPattern(p, seconds) for p in settings.ticket_patterns),
        )
        try:
            items = _action_items(context, patterns)
        except PatternTimeout as exc:
            context.notices.append(
                f"postmortem.owner_patterns/ticket_patterns: {exc.source!r} was stopped after "
                f"{exc.seconds:g} s on one action item, so action items were not checked: "
                "simplify the pattern (nested repeats such as (a|a)+ backtrack without end)"
            )
            return
        if context.wants(ACTION_ITEMS_MISSING):
            from writer.checks.postmortem.presence import missing_actions, reportable

            only_report = bool(items) and all(_self_referential(item.text) for item in items)
            absent = (
                missing_actions(context, len(items), only_report) if reportable(context) else None
            )
            if absent is not None:
                yield context.finding(
                    ACTION_ITEMS_MISSING, absent.start, absent.end, absent.message
                )
        if not items:
            yield from self._intentions(context, [], [], settings)
            return
        wanted = tuple(kind for kind in settings.action_item_tracking if kind in TRACKING_KINDS)
        open_items = [
            item
            for item in items
            if not item.statement and (settings.check_done_items or not item.done)
        ]
        flagged: list[ActionItem] = []
        # When no open item says who owns it (or where it is tracked), that is one point about
        # the list, made once at the first item: a reviewer does not repeat it on every bullet.
        listed = [item for item in open_items if not _self_referential(item.text)]
        ownerless = _none_have(
            [item for item in listed if not asked(item.text) and not links_change(item.text)],
            lambda item: item.owner is not None,
        )
        untracked = _none_have(
            [item for item in listed if wanted and not asked(item.text)],
            lambda item: any(kind in item.tracking for kind in wanted),
        )
        if ownerless:
            yield context.finding(
                ACTION_ITEM_OWNER,
                ownerless[0].start,
                ownerless[0].end,
                f"none of the {len(ownerless)} action items names an owner: name the person or "
                "team who will do each ('Owner: @alice')",
            )
        if untracked:
            yield context.finding(
                ACTION_ITEM_TICKET,
                untracked[0].start,
                untracked[0].end,
                f"none of the {len(untracked)} action items has a "
                f"{_join(list(_kind_names(wanted)))}: link where each is tracked so they are not "
                "forgotten",
            )
        for item in open_items:
            if _self_referential(item.text):
                continue  # "Write an incident report": this document is it
            # A question put as such ("Q: ...", answered below) is reported as a question only.
            question = asked(item.text)
            if (
                item.owner is None
                and not ownerless
                and not question
                and not links_change(item.text)
            ):
                yield context.finding(
                    ACTION_ITEM_OWNER,
                    item.start,
                    item.end,
                    "action item has no owner: name the person or team who will do it "
                    "('Owner: @alice')",
                )
            if (
                wanted
                and not untracked
                and not question
                and not any(kind in item.tracking for kind in wanted)
            ):
                yield context.finding(
                    ACTION_ITEM_TICKET,
                    item.start,
                    item.end,
                    f"action item has no {_join(list(_kind_names(wanted)))}: link where it is "
                    "tracked so it is not forgotten",
                )
            if link_only(item.text):
                flagged.append(item)
                yield context.finding(
                    ACTION_ITEM_VAGUE,
                    item.start,
                    item.end,
                    "the item is only a link: say in words what it changes, so readers know "
                    "what is being done without opening it",
                )
                continue
            if is_question(item.text):
                flagged.append(item)
                yield context.finding(
                    ACTION_ITEM_VAGUE,
                    item.start,
                    item.end,
                    "the item asks a question instead of saying what to do: decide it, or make "
                    "the action 'decide whether ... by <date>' with an owner",
                )
                continue
            lead = vague_lead(item.text, settings.vague_verbs)
            if lead is not None and not links_change(item.text):
                flagged.append(item)
                yield context.finding(
                    ACTION_ITEM_VAGUE,
                    item.start,
                    item.end,
                    f"'{lead}' has no bounded outcome: start with a concrete verb and say what "
                    "done looks like",
                )
                continue
            topic = topic_only(item.text)
            if topic is not None:
                flagged.append(item)
                yield context.finding(
                    ACTION_ITEM_VAGUE,
                    item.start,
                    item.end,
                    f"'{_short(topic)}' names a topic, not a change: say what will be added or "
                    "changed ('Add an alert when ...') and what done looks like",
                )
        yield from self._intentions(context, items, flagged, settings)
        for first, second in duplicates(
            [item for item in open_items if not _self_referential(item.text)]
        ):
            yield context.finding(
                ACTION_ITEM_DUPLICATE,
                second.start,
                second.end,
                f"this item repeats the one on line {first.line}: merge them into one item with "
                "one owner",
            )
        yield from self._coverage(context, items, settings)

    def _intentions(
        self,
        context: CheckContext,
        items: list[ActionItem],
        flagged: list[ActionItem],
        settings: PostmortemSettings,
    ) -> Iterator[Finding]:
        """Work promised or floated in the prose around the items ("we intend to look into
        ...", a later sentence of an item, a paragraph under the list) with no bounded outcome."""
        for lines in _intention_sources(context):
            for intention in stated_intentions(lines, settings.vague_verbs):
                if any(item.start <= intention.start < item.end for item in flagged):
                    continue  # the item is reported already
                if any(
                    item.start == intention.start and item.end >= intention.end for item in items
                ):
                    continue  # the item itself, checked above
                if any(
                    item.start <= intention.start < item.end and (item.done or item.statement)
                    for item in items
                ):
                    continue
                yield context.finding(
                    ACTION_ITEM_VAGUE,
                    intention.start,
                    intention.end,
                    f"'{intention.lead}' has no bounded outcome: say what will be done and what "
                    "done looks like, or list it as an action item with an owner",
                )

    def _coverage(
        self, context: CheckContext, items: list[ActionItem], settings: PostmortemSettings
    ) -> Iterator[Finding]:
        """Each contributing factor that no action item, and no fix the text describes,
        shares a subject word with."""
        if not items:
            return  # no action items at all: action-items-missing says so
        from writer.checks.postmortem.coverage import best_coverage, subject_words, synonyms
        from writer.checks.postmortem.factors import contributing_factors, fix_texts

        document = context.document
        find = functools.partial(sections.find, document, context.template, matcher=context.matcher)
        factors = contributing_factors(document, find("contributing-factors"))
        if not factors:
            return
        table = synonyms()
        if any(not subject_words(item.text, table) for item in items):
            return  # an item that is only a link or a ticket may address any factor
        texts = [item.text for item in items]
        texts += fix_texts(document, find("action-items"))
        texts += fix_texts(document, find("response"))
        actions = [subject_words(text, table) for text in texts]
        title = next((s.title for s in document.sections if s.level == 1), "")
        topic = subject_words(title, table)
        for factor in factors:
            wanted = subject_words(factor.block.text, table)
            if len(wanted - topic) < 2:
                continue  # too few words of its own to tell what would address it
            if best_coverage(wanted, actions, topic) >= settings.coverage_threshold:
                continue
            start, end = factor.block.source_span(0, len(factor.block.text))
            yield context.finding(
                ACTION_ITEM_COVERAGE,
                start,
                end,
                f"no action item or fix addresses '{_subject(factor.block.text)}': add an item "
                "for it, or say why none is needed",
            )


def _subject(text: str) -> str:
    """A factor's words for a message: its first clause, at most about eight words."""
    clause = re.split(r"(?<=[.;:])\s|\s[-–—]\s|,\s(?:which|so|and|but)\s", text.strip())[0]
    words = clause.rstrip(".;:").split()
    return " ".join(words[:8]) + (" ..." if len(words) > 8 else "")


_SELF_REFERENTIAL = re.compile(
    r"(?i)^\W*(?:write|draft|publish|create)\s+(?:an?|the)\s+(?:incident\s+)?(?:report|postmortem|"
    r"post-mortem|retrospective\s+document)\W*$"
)


# An item of the report's own checklist: "Sections above are filled out", "The after-action
# report is cleaned up", "All actionable items above have linked issues".
_ABOUT_REPORT = re.compile(
    r"(?i)\b(?:sections?|items?|fields?|report|document|postmortem|post-mortem|write-?up|title)"
    r"\s+(?:above|below)\b|\b(?:this|the)\s+(?:after-action\s+|incident\s+)?(?:report|document|"
    r"postmortem|post-mortem|write-?up)\s+(?:is|are|has|have)\b|\bafter-action\s+report\b"
)
# A template's placeholder standing for an item: "{{ summary }}", "<action>", "[TODO]".
_PLACEHOLDER_ITEM = re.compile(
    r"(?i)^\W*(?:\{\{\s*[\w.-]+\s*\}\}|<[^<>]{1,40}>|\[\s*(?:todo|tbd|action)\s*\])"
)


def _self_referential(text: str) -> bool:
    """The item is this report itself, its own checklist, or a placeholder for an item."""
    stripped = text.strip()
    return bool(
        _SELF_REFERENTIAL.match(stripped)
        or _ABOUT_REPORT.search(stripped)
        or _PLACEHOLDER_ITEM.match(stripped)
    )


def document_action_items(
    context: CheckContext, patterns: ItemPatterns | None = None
) -> list[ActionItem]:
    """The document's action items as the action-item checks read them (see
    :func:`_action_items`), for readers outside the checks such as ``writer report``."""
    return _action_items(context, patterns or ItemPatterns())


def _action_items(context: CheckContext, patterns: ItemPatterns) -> list[ActionItem]:
    """The document's action items: the action-items section's list or table (a list beside a
    table of items is the template's guidance, not items), or its prose commitments ("We will
    add ..."); without such a section, the commitments listed in the lessons."""
    document = context.document
    regions = _action_regions(context)
    if regions:
        items: list[ActionItem] = []
        for section in regions:
            lines = sections.raw_lines(document, section)
            listed = parse_item_lines(lines, patterns)
            if any(item.in_table for item in listed):
                # "Prevent - ...", "P0 - ...": the template's definitions beside a table of items
                listed = [i for i in listed if i.in_table or not _DEFINITION.match(i.text)]
            if not listed:
                listed = commitment_items(lines, patterns)
            items.extend(listed)
        return items
    found: list[ActionItem] = []
    for role in ("lessons-learned", "response"):
        region = sections.find(document, context.template, role, context.matcher)
        if region is None:
            continue
        lines = sections.raw_lines(document, region)
        listed = parse_item_lines(lines, patterns)
        found.extend(
            replace(item, from_prose=True)
            for item in listed
            if _COMMITMENT_LEAD.match(item.text) and not _HINDSIGHT.search(item.text)
        )
        listed_lines = {item.line for item in listed}
        found.extend(
            item
            for item in commitment_items(lines, patterns)
            if item.line not in listed_lines and not _HINDSIGHT.search(item.text)
        )
    return found


def _intention_sources(context: CheckContext) -> list[list[Line]]:
    """The lines the action items are read from: every action-items region, or without one,
    the lessons and the response."""
    document = context.document
    regions = _action_regions(context)
    if not regions:
        for role in ("lessons-learned", "response"):
            region = sections.find(document, context.template, role, context.matcher)
            if region is not None:
                regions.append(region)
    return [sections.raw_lines(document, region) for region in regions]


def _action_regions(context: CheckContext) -> list[Region]:
    """Every part of the document that lists action items: the section the template or the role
    vocabulary finds first, then any other heading, bold label or bullet field named for them
    ("**Actions planned:**" under each lesson, "## Action items" after "## Long term changes")."""
    from writer.templates.roles import POSTMORTEM_ROLES

    document = context.document
    first = sections.find(document, context.template, "action-items", context.matcher)
    if first is None:
        return []
    others = sections.named_regions(document, "action-items", POSTMORTEM_ROLES)
    return sections.outermost([first, *(r for r in others if r.line != first.line)])


_DEFINITION = re.compile(r"^\W*[A-Za-z0-9][\w]{0,14}(?:\s\w{1,10})?\s+[-–—:]\s+[A-Z]")
_COMMITMENT_LEAD = re.compile(
    r"(?i)^\W*(?:going forward,?\s+)?(?:we|i)\s+(?:will|shall|'ll|need to|must|are going to|"
    r"intend to|plan to)\b"
)
_HINDSIGHT = re.compile(r"(?i)\b(?:should|could|would)\s+have\b")


def _kind_names(kinds: tuple[str, ...]) -> Iterator[str]:
    names = {"ticket": "ticket", "link": "link", "due": "due date"}
    for kind in kinds:
        yield names[kind]


# -- impact and blame --------------------------------------------------------------------------


class ImpactChecker:
    rules = (IMPACT_UNQUANTIFIED,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        from writer.checks.postmortem.impact_check import unquantified_impact

        found = unquantified_impact(context)
        if found is not None:
            start, end, message = found
            yield context.finding(IMPACT_UNQUANTIFIED, start, end, message)


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


class TemplateTextChecker:
    rules = (TEMPLATE_TEXT,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        from writer.checks.postmortem.template_text import find_template_text

        messages = {
            "guidance": "this is the template's guidance, not the incident: replace it with what "
            "happened, or delete it",
            "instruction": "an instruction to fill something in is left in: write the text, or "
            "delete it",
            "title": "the title keeps the template's number: use this postmortem's",
            "front matter": "this front matter value was never filled in: give the real value "
            "or delete the key",
        }
        for found in find_template_text(context.document):
            yield context.finding(
                TEMPLATE_TEXT,
                found.start,
                found.end,
                f"'{_short(found.text)}': {messages[found.kind]}",
            )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def postmortem_checkers() -> list[
    TimelineChecker | ActionItemChecker | ImpactChecker | TemplateTextChecker | BlameChecker
]:
    return [
        TimelineChecker(),
        ActionItemChecker(),
        ImpactChecker(),
        TemplateTextChecker(),
        BlameChecker(),
    ]
