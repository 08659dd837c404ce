"""Whether a postmortem has follow-up actions and a timeline at all, read by their form in any
layout (headings, bold labels, bullet fields, tables, checkbox lists, blog prose).

Follow-up actions are present when the document has a section or label named for them (action
items, follow-ups, remediation, next steps, "what we are doing about it", prevention, ...), a
checkbox or TODO list, a table with an action, owner or ticket column, or a sentence that
commits to a specific change ("we will add ...", "we need to ...") or reports one already made
("we have added a check ...", "uploads are now rejected ..."). Promises to keep watching or to
post updates ("we will continue to monitor", "we will share more") are not actions.

A timeline is present when the document has a section or label named for it, or rows that
carry a date or a clock time (a list, a table, headings), or prose with several clock times.

Only documents taken for a postmortem with reasonable certainty are read: not a template (its
name or title says so, or the title is still a placeholder), not an index (README), and not a
document whose kind was decided on thin evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.postmortem.incident import Incident
from writer.checks.postmortem.stamps import find_clocks, find_dates
from writer.model.document import BlockKind, Document, ProseBlock
from writer.templates.roles import POSTMORTEM_ROLES, label_regions, role_of

MIN_CONFIDENCE = 0.6  # the kind decision's confidence a document needs to be read
MIN_WORDS = 80  # fewer words of prose than this: a stub, not a postmortem to review
MIN_ROWS = 2  # dated or timed rows (a list, a table, headings) that make a timeline
MIN_MOMENTS = 3  # clock times in prose that make a timeline

_INDEX_NAMES = frozenset({"readme", "index", "_index", "summary", "contents", "toc", "sidebar"})
_TEMPLATE = re.compile(r"(?i)(?:^|[\W_])(?:templates?|yyyy|nnn|xxx)(?:$|[\W_])")
_PLACEHOLDER_TITLE = re.compile(
    r"(?i)<[^>]+>|\{\{|\[(?:title|name|incident)[^\]]*\]|^\W*0{3}\b|"
    r"^\W*(?:(?:incident|postmortem|post-mortem|outage|document)\s+)?(?:title|name)\W*$"
)

# Headings and labels for follow-ups beyond the role vocabulary's exact names.
_FOLLOW_UP_TITLE = re.compile(
    r"(?i)\bfollow[- ]?ups?\b|\bremediat\w*|\bnext steps?\b|\bprevent\w*|\baction(?:s|able)?\b|"
    r"\bwhat(?:['’]s| is) next\b|\bwhat we(?:['’]re| are| will|['’]ll| have| did| plan)?\s+"
    r"(?:be\s+)?(?:doing|do|done|changed?|changing|fixing|fixed|improv\w*|learn\w*)\b|"
    r"\bgoing forward\b|\bimprovements?\b|\bchanges?\b.*\b(?:made|making|planned|future)\b|"
    r"\bfuture\b|\bsafeguards?\b|\bhardening\b|\bto-?dos?\b|\bcountermeasures?\b|"
    r"\bmoving forward\b|\bpreventive|\bpreventative|\bmeasures\b"
)
_CHECKBOX = re.compile(r"(?m)^[^\S\n]*(?:[-*+]|\d{1,3}[.)])\s+\[[ xX]\]\s")
_TODO_ITEM = re.compile(r"(?m)^[^\S\n]*(?:[-*+]|\d{1,3}[.)])\s+\**(?:TODO|AI|Action)\b\W")
_ACTION_TABLE = re.compile(
    r"(?im)^[^\S\n]*\|.*\b(?:action(?: items?)?|owners?|assignees?|tickets?|issues?|due(?: date)?|"
    r"follow[- ]?ups?|tasks?)\b.*\|[^\S\n]*\n[^\S\n]*\|?[\s:|-]*-{3,}"
)
# Who commits: "we", "I", "the infra team", "PyPI admins", "the maintainers".
_WHO = (
    r"(?:we|i|the\s+[\w.-]+(?:\s+[\w.-]+)?\s+(?:team|maintainers|admins|administrators|staff)|"
    r"(?:our|the)\s+(?:team|maintainers|admins))"
)
_FUTURE = re.compile(
    rf"(?i)\b{_WHO}(?:['’]ll|\s+(?:will|shall|must|should|need\s+to|have\s+to|are\s+going\s+to|"
    r"(?:plan|intend|aim|hope|want)\s+to|are\s+(?:now\s+|also\s+|currently\s+)?(?:planning\s+to|"
    r"working\s+(?:on|to)|in\s+the\s+process\s+of|looking\s+(?:into|at)\s+\w+ing)))"
    r"(?:\s+(?:also|now|then|further|additionally|soon|next|be))*\s+(?P<verb>[a-z][\w-]*)"
)
_PAST = re.compile(
    rf"(?i)\b{_WHO}(?:['’]ve|\s+have|\s+had)(?:\s+(?:since|now|also|already|recently|"
    r"subsequently|then))*\s+(?P<verb>[a-z][\w-]*)"
    r"|\b(?:has|have)(?:\s+(?:since|now|also|already))*\s+been\s+(?P<passive>[a-z][\w-]*)"
    r"|\b(?:is|are)\s+now\s+(?P<now>required|enforced|blocked|rejected|checked|validated|"
    r"monitored|alerted|restricted|disabled|enabled|limited|pinned|protected|tested)\b"
)
# Work under way: "we're building new infrastructure", "the team is adding an alert".
_PROGRESSIVE = re.compile(
    rf"(?i)\b{_WHO}(?:['’]re|\s+(?:are|is))\s+(?:now\s+|also\s+|currently\s+|already\s+)*"
    r"(?P<ing>[a-z]+ing)\b"
)
# Verbs that change something: a follow-up or a fix, not a promise to watch or to talk.
_CHANGE_VERB_WORDS = """
    add added adding implement implemented introduce introduced build built create created write
    written wrote deploy deployed enable enabled disable disabled remove removed change changed
    update updated improve improved fix fixed patch patched set configure configured reconfigure
    reconfigured migrate migrated move moved replace replaced rotate rotated revoke revoked reset
    require required enforce enforced block blocked restrict restricted limit limited harden
    hardened tighten tightened rewrite rewritten refactor refactored automate automated document
    documented review audit audited test extend extended expand expanded increase increased
    reduce reduced raise raised lower lowered upgrade upgraded downgrade downgraded pin pinned
    split separate separated isolate isolated establish established put roll release released
    merge merged land landed ship shipped switch switched adopt adopted adjust adjusted start
    stop stopped begin develop developed design designed make made schedule scheduled provision
    provisioned alert page train trained deprecate deprecated prevent validate check verify
    backport backported redesign redesigned rework reworked tune tuned scale scaled invest
    prioritise prioritize prioritised prioritized sunset fund clean cleaned address addressed ban
    banned open opened file filed track
"""
_CHANGE_VERBS = frozenset(_CHANGE_VERB_WORDS.split())


@dataclass(frozen=True)
class Absence:
    """Where to report a missing part, and the message."""

    start: int
    end: int
    message: str


def reportable(context: CheckContext) -> bool:
    """The document is a postmortem with reasonable certainty, and neither a template nor an
    index."""
    if context.kind != "postmortem":
        return False
    if context.certainty not in ("configured", "evidence") and context.confidence < MIN_CONFIDENCE:
        return False
    document = context.document
    if template_or_index(document):
        return False
    words = sum(len(block.text.split()) for block in _body_blocks(document))
    return words >= MIN_WORDS


def template_or_index(document: Document) -> bool:
    """The document is a template (its file name or title says so, or the title is still a
    placeholder) or an index (README), not a postmortem someone wrote."""
    name = PurePath(document.path).stem if document.path else ""
    if _TEMPLATE.search(name):
        return True
    if name.lower() in _INDEX_NAMES and (_listing(document) or not _told(document)):
        return True  # a page bundle's index.md or a README that tells one incident is read
    title = _title(document)
    return bool(_TEMPLATE.search(title) or _PLACEHOLDER_TITLE.search(title))


_LINK_ITEM = re.compile(r"^\W{0,4}\[[^\]\n]+\]\(")


def _told(document: Document) -> bool:
    """The document has the parts of an incident's story beyond a summary: two or more of a
    timeline, an impact, causes, a response, actions."""
    from writer.templates.roles import find_regions

    return len(set(find_regions(document, "postmortem")) - {"summary"}) >= 2


def _listing(document: Document) -> bool:
    """The document lists other documents: most of its list items are links, or it has
    little prose of its own."""
    items = [b for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    source = document.text
    links = sum(
        1 for b in items if _LINK_ITEM.match(source[slice(*b.source_span(0, min(len(b.text), 80)))])
    )
    if items and links >= 0.5 * len(items):
        return True
    words = sum(
        len(b.text.split()) for b in _body_blocks(document) if b.kind is not BlockKind.LIST_ITEM
    )
    return words < MIN_WORDS


def _demanded_by_template(context: CheckContext, role: str) -> bool:
    """structure.missing-section reports this section: the template has it and was chosen
    with certainty."""
    template = context.template
    return (
        template is not None
        and context.certainty in ("configured", "evidence")
        and template.section(role) is not None
    )


# -- action items --------------------------------------------------------------------------------


def missing_actions(context: CheckContext, items: int, only_report: bool = False) -> Absence | None:
    """The place and message when the postmortem lists no follow-up action in any form.

    ``items`` is how many action items the action-item checks read; ``only_report`` says that
    each of them is writing this report ("Write an incident report"), which is no follow-up."""
    if _demanded_by_template(context, "action-items"):
        return None
    document = context.document
    if only_report:
        start, end = _section_place(document)
        return Absence(
            start,
            end,
            "no follow-up actions: the only action item is writing this report; list what the "
            "team will change so this does not happen again",
        )
    if items or _has_follow_up_heading(context):
        return None
    text = document.masked_text
    if _CHECKBOX.search(text) or _TODO_ITEM.search(text) or _ACTION_TABLE.search(text):
        return None
    if any(_commits(block.text) for block in _body_blocks(document)):
        return None
    start, end = _section_place(document)
    return Absence(
        start,
        end,
        "no follow-up actions: no action-items, follow-up or next-steps section, no list of "
        "changes, and no sentence saying what will change ('we will add ...') or has changed "
        "('we have added ...'); list what the team will do so this does not happen again",
    )


def _has_follow_up_heading(context: CheckContext) -> bool:
    document = context.document
    if sections.find(document, context.template, "action-items", context.matcher) is not None:
        return True
    for heading in document.headings:
        if heading.level > 0 and (
            role_of(heading.title, POSTMORTEM_ROLES) == "action-items"
            or _FOLLOW_UP_TITLE.search(heading.title)
        ):
            return True
    for region in label_regions(document, POSTMORTEM_ROLES):
        if region.role == "action-items" or _FOLLOW_UP_TITLE.search(region.title):
            return True
    return False


_HINDSIGHT = re.compile(r"(?i)^\s*(?:have|had)\b")


def _commits(text: str) -> bool:
    """The text commits to a change, or reports one made."""
    for match in _FUTURE.finditer(text):
        verb = match.group("verb").lower()
        if verb in _CHANGE_VERBS and not _HINDSIGHT.match(text[match.end("verb") :]):
            return True
    for match in _PAST.finditer(text):
        verb = (match.group("verb") or match.group("passive") or match.group("now") or "").lower()
        if match.group("now") or verb in _CHANGE_VERBS:
            return True
    return any(_stem_changes(m.group("ing").lower()) for m in _PROGRESSIVE.finditer(text))


def _stem_changes(ing: str) -> bool:
    """Is the -ing form that of a verb that changes something ("building", "adding",
    "creating", "setting")?"""
    stem = ing[:-3]
    return any(
        candidate in _CHANGE_VERBS
        for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 3 else "")
    )


# -- timeline ------------------------------------------------------------------------------------

_DATED_ROW = re.compile(
    r"(?m)^[^\S\n]*(?:[-*+]|\d{1,3}[.)]|\||#{2,6})\s+(?:\*\*|__|`)?\s*"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+\w+\s+\d{1,2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)",
    re.IGNORECASE,
)
_TIMED_ROW = re.compile(
    r"(?m)^[^\S\n]*(?:[-*+]|\d{1,3}[.)]|\||#{2,6})\s.{0,40}?\b(?:[01]?\d|2[0-3]):[0-5]\d\b"
    r"|^[^\S\n]*(?:\*\*|\[)?(?:\d{4}-\d{2}-\d{2}[ T])?(?:[01]?\d|2[0-3]):[0-5]\d\b"
)


def missing_timeline(context: CheckContext, incident: Incident) -> Absence | None:
    """The place and message when the postmortem has no timeline in any form."""
    if incident.region is not None or _demanded_by_template(context, "timeline"):
        return None
    rows = [row for row in incident.known if row.form != "prose"]
    if len(rows) >= 2:
        return None
    document = context.document
    text = document.masked_text
    if len(_TIMED_ROW.findall(text)) >= MIN_ROWS or len(_DATED_ROW.findall(text)) >= MIN_ROWS:
        return None
    if _prose_clock_times(document) >= MIN_MOMENTS:
        return None
    start, end = _opening_place(document)
    return Absence(
        start,
        end,
        "no timeline: no timeline section, no dated or timed rows, and fewer than three clock "
        "times in the text; add a timeline of when impact started, when it was detected, and "
        "each step to resolution, with times and a zone",
    )


_WINDOW = re.compile(r"(?i)\bbetween\b|\bfrom\b.*\b(?:to|until|till|through)\b")


def _prose_clock_times(document: Document) -> int:
    """How many moments the prose gives a clock time for: a window ("between 19:00 and
    21:00 UTC") is one moment of the story, not two rows of a timeline."""
    moments: set[str] = set()
    for block in _body_blocks(document):
        for sentence in block.sentences:
            text = sentence.text
            for date in find_dates(text):  # "2025-07-30 21:27": the year is not a clock
                text = text[: date.start] + " " * (date.end - date.start) + text[date.end :]
            clocks = list(find_clocks(text))
            if len(clocks) == 2 and _WINDOW.search(text):
                clocks = clocks[:1]
            for clock in clocks:
                moments.add(" ".join(text[clock.start : clock.end].lower().split()))
    return len(moments)


# -- places --------------------------------------------------------------------------------------

_TRAILING = re.compile(
    r"(?i)\breferences?\b|\bappendi\w*|\blinks?\b|\bfootnotes?\b|\backnowledg\w*|\bcredits?\b|"
    r"\bthanks?\b|\bthank you\b|\babout\b|\bcontact\b|\bresources\b|\bfurther reading\b|"
    r"\bglossary\b|\bsources\b|\brelated\b"
)


def _body_blocks(document: Document) -> list[ProseBlock]:
    return [block for block in document.blocks if block.kind is not BlockKind.HEADING]


def _title(document: Document) -> str:
    front = document.front_matter.data if document.front_matter is not None else None
    if front and isinstance(front.get("title"), str):
        return str(front["title"])
    headings = [section for section in document.headings if section.level > 0]
    return headings[0].raw_title if headings else ""


def _title_place(document: Document) -> tuple[int, int]:
    """The title's line: the first heading, else the front matter's title, else line 1."""
    headings = [section for section in document.headings if section.level > 0]
    front = document.front_matter
    if front is not None and front.data and isinstance(front.data.get("title"), str):
        for number in range(front.start_line, front.end_line + 1):
            start, end = document.index.line_span(number)
            if re.match(r"\s*title\s*:", document.text[start:end]):
                return start, end
    if headings:
        return document.index.line_span(headings[0].line)
    return document.index.line_span(_first_text_line(document))


def _first_text_line(document: Document) -> int:
    blocks = _body_blocks(document)
    return blocks[0].line if blocks else 1


def _opening_place(document: Document) -> tuple[int, int]:
    """Where a reader looks for when the incident happened: the first line of the opening
    text (the summary) under the title, else the title."""
    headings = [section for section in document.headings if section.level > 0]
    after = headings[0].line if headings and headings[0].level == 1 else 0
    for block in _body_blocks(document):
        if block.line > after:
            return document.index.line_span(block.line)
    return _title_place(document)


_RULE_LINE = re.compile(r"^[^\S\n]*(?:-{3,}|\*{3,}|_{3,})[^\S\n]*$")


def _in_code(document: Document, number: int) -> bool:
    start, end = document.index.line_span(number)
    return not document.masked_text[start:end].strip()


def _section_place(document: Document) -> tuple[int, int]:
    """Where an action-items section would go: the last line of the text, before any trailing
    references, appendix or acknowledgements."""
    last = document.text.count("\n") + 1
    for section in reversed(document.headings):
        if section.level == 0 or not _TRAILING.search(section.title):
            break
        last = section.line - 1
    # a footer set off by a rule after the last heading ("---" then a sponsor note)
    floor = max((section.line for section in document.headings if section.level > 0), default=1)
    for number in range(last, floor, -1):
        start, end = document.index.line_span(number)
        if _RULE_LINE.match(document.text[start:end]) and not _in_code(document, number):
            last = number - 1
            break
    first = document.front_matter.end_line + 1 if document.front_matter is not None else 1
    number = last
    while number > first:
        start, end = document.index.line_span(number)
        if document.text[start:end].strip():
            break
        number -= 1
    return document.index.line_span(max(number, 1))
