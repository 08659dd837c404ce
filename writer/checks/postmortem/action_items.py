"""Action items: parse a postmortem's action items (a table or a list) and judge each one.

Pure functions over text. An item knows its line, its text, and what the table's columns or the
item's wording say about its owner, its ticket or link, and its due date.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from writer.checks.budget import BoundedPattern
from writer.model.lines import Line, lines_of, split_row

_TABLE_SEPARATOR = r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$"
_BULLET = r"^(?P<indent>\s*)(?P<marker>[-*+]|\d{1,3}[.)])(?:\s+(?P<check>\[[ xX]\]\s+)?|$)"

_OWNER_HEADER = (
    r"(?i)\b(owners?|assignees?|assigned|who|responsible|dri|lead|team|poc|contact|by)\b"
)
_TICKET_HEADER = (
    r"(?i)\b(tickets?|issues?|bugs?|links?|jira|tracking|tracker|pr|reference|ref|url|task id)\b"
)
_DUE_HEADER = r"(?i)\b(due|deadline|eta|target|when|date|by when|milestone)\b"
_ITEM_HEADER = (
    r"(?i)\b(action|actions|item|items|description|task|what|title|summary|follow.?ups?|"
    r"remediation)\b"
)

# Owners written in the item: "@alice", "Owner: Alice", "(owner: SRE team)", "[alice]",
# "assigned to Bob", "- Alice" or "[ALICE, BOB]" at the end, "AN:" initials at the start,
# "Alice to add ...".
_OWNER_PATTERNS = (
    r"(?<![\w.])@[A-Za-z0-9][\w.-]*",
    r"(?i)\b(?:owners?|assignees?|assigned to|owned by|dri|responsible|poc|who)\s*[:=-]\s*\S",
    r"(?i)\bassigned to\s+\S",
    r"(?i)\bowned by\s+\S",
    r"^\s*\[[A-Z][\w .-]{0,30}\]\s",
    r"^\s*\(?[A-Z]{2,3}(?:\s*[,/&]\s*[A-Z]{2,3})*\)?\s*[:\-–—]\s",
    r"[\-–—]\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*\)?\s*$",
    r"\(\s*(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|[A-Z]{2,3}|@[\w.-]+)\s*\)\s*\.?\s*$",
    # names in brackets at the end: "[GIORGIO, LUKE]", "[Chris to clarify]" (not "[TODO]" or a
    # template's "[Owner]")
    r"\[\s*(?!(?i:todo|tbd|tbc|wip|done|n/?a|none|owner|name|link|ticket|pr|issue|jira)\b)"
    r"(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s*[,/&]\s*(?:[A-Z][a-z]+|[A-Z]{2,}))*(?:\s+to\s+[a-z]+)?"
    r"\s*\]\s*\.?\s*$",
    r"^\s*(?!(?:We|It|This|They|That|There|These|Those)\b)(?:[A-Z][a-z]+|[A-Z]{2,3})"
    r"\s+will\s+[a-z]",
    r"^\s*[A-Z]{2,3}\s+to\s+[a-z]",
    r"(?i)\b(?:team|squad)\s*:\s*\S",
)
_TICKET_PATTERNS = (
    r"https?://\S+",
    r"\]\([^)]+\)",  # a markdown link
    r"(?<![\w/#])#\d+\b",
    r"\b[A-Z][A-Z0-9]{1,9}-\d+\b",  # JIRA-style keys
    r"\b[a-z]/\d{4,}\b",  # b/123456
    r"(?i)\b(?:ticket|issue|bug|pr|jira)\s*[:#]?\s*\d+",
    r"(?<![\w/])[\w.-]+/[\w.-]+#\d+\b",  # owner/repo#123
)
_DUE_PATTERNS = (
    r"\b\d{4}-\d{2}-\d{2}\b",
    (
        r"(?i)\b(?:due|by|before|until|deadline|eta|target)\s*:?\s*(?:the\s+)?(?:end of\s+)?"
        r"(?:\d|q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|"
        r"next|this|sprint|week|month|quarter|eow|eom|eoq|release|v\d)"
    ),
    r"(?i)\bq[1-4]\s*(?:'|20)?\d{2}\b",
)
_DONE = r"(?i)\b(done|completed?|fixed|closed|resolved|merged|shipped|✅|✔)\b"


class _Patterns:
    """Compiled when first needed, once (see :func:`_patterns`), not at import."""

    def __init__(self) -> None:
        self.table_separator = re.compile(_TABLE_SEPARATOR)
        self.bullet = re.compile(_BULLET)
        self.owner_header = re.compile(_OWNER_HEADER)
        self.ticket_header = re.compile(_TICKET_HEADER)
        self.due_header = re.compile(_DUE_HEADER)
        self.item_header = re.compile(_ITEM_HEADER)
        self.owner = tuple(re.compile(pattern) for pattern in _OWNER_PATTERNS)
        self.ticket = tuple(re.compile(pattern) for pattern in _TICKET_PATTERNS)
        self.due = tuple(re.compile(pattern) for pattern in _DUE_PATTERNS)
        self.done = re.compile(_DONE)
        self.empty_words = re.compile(_EMPTY_WORDS)
        self.outcome = re.compile(_OUTCOME)
        self.vague = re.compile(_VAGUE)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


@dataclass(frozen=True)
class ActionItem:
    """One action item and what was found about it."""

    line: int
    start: int  # offsets of the item's text in the parsed text
    end: int
    text: str  # the item's words (the action column of a table, or the list item)
    owner: str | None = None
    tracking: tuple[str, ...] = ()  # the kinds found: "ticket", "link", "due"
    done: bool = False
    in_table: bool = False
    table_has_owner_column: bool = False
    statement: bool = False  # a description, not something to do ("The mapper knows ...")
    from_prose: bool = False  # a commitment read from prose ("We will add rate limiting")


@dataclass(frozen=True)
class ItemPatterns:
    """Extra regular expressions from the config that also count as owner or ticket."""

    owner: tuple[BoundedPattern, ...] = ()
    ticket: tuple[BoundedPattern, ...] = ()


def _tracking(text: str, raw: str, patterns: ItemPatterns) -> tuple[str, ...]:
    kinds = []
    if any(p.search(raw) for p in _patterns().ticket[:2]):
        kinds.append("link")
    if any(p.search(raw) for p in _patterns().ticket[2:]) or any(
        p.search(raw) for p in patterns.ticket
    ):
        kinds.append("ticket")
    undone = _DONE_ON.sub(" ", text) if "20" in text or "19" in text else text
    if any(p.search(undone) for p in _patterns().due):
        kinds.append("due")
    return tuple(kinds)


# A date that says when something was done ("(Done as of 2021-06-30)", "completed on
# 2024-01-05") is no due date.
_DONE_ON = re.compile(
    r"(?i)\b(?:done|completed?|fixed|closed|resolved|merged|shipped|deployed|finished|landed)"
    r"\W{0,3}(?:(?:as\s+of|on|in|at|since)\s+)?\d{4}-\d{2}-\d{2}\b"
)


_NAMES_TO = re.compile(r"^\s*(?P<names>[A-Z][a-z]+(?:\s*(?:,|and|&)\s*[A-Z][a-z]+)*)\s+to\s+[a-z]")


def _named_owner(text: str) -> str | None:
    """ "Ed to write ...", "Ed and Caroline to add ...": given names before "to <verb>"."""
    from writer.checks.postmortem.blame import GIVEN_NAMES

    match = _NAMES_TO.match(text)
    if match is None:
        return None
    names = re.split(r"\s*(?:,|and|&)\s*", match.group("names"))
    if any(name.lower() in GIVEN_NAMES for name in names if name):
        return match.group("names")
    return None


def _owner(text: str, patterns: ItemPatterns) -> str | None:
    named = _named_owner(text)
    if named is not None:
        return named
    for pattern in _patterns().owner:
        found = pattern.search(text)
        if found is not None:
            return found.group().strip(" -–—:()[]")
    for extra in patterns.owner:
        match = extra.search(text)
        if match is not None:
            return str(match.group()).strip(" -–—:()[]")
    return None


def parse_action_items(
    text: str, first_line: int = 1, offset: int = 0, patterns: ItemPatterns | None = None
) -> list[ActionItem]:
    """Action items from the text of an action-items section."""
    return parse_item_lines(lines_of(text, first_line, offset), patterns or ItemPatterns())


def parse_item_lines(lines: Sequence[Line], patterns: ItemPatterns) -> list[ActionItem]:
    items: list[ActionItem] = []
    index = 0
    top_indent: int | None = None
    lead_in: ActionItem | None = None  # "In the future, when ...:" whose sub-items are the items
    child_indent: int | None = None
    # The list below a lead-in that gives no open items: advice to readers ("Operators should:"),
    # the alternatives weighed, what was settled and done.
    no_items = False
    tail = 0  # the last line read into an item
    compiled = _patterns()
    while index < len(lines):
        line = lines[index]
        text = line.text
        if (
            "|" in text
            and index + 1 < len(lines)
            and compiled.table_separator.match(lines[index + 1].text)
        ):
            index = _table(lines, index, items, patterns)
            continue
        bullet = compiled.bullet.match(text)
        if bullet is not None:
            tail = line.number
            indent = len(bullet.group("indent"))
            body_start = bullet.end()
            body = text[body_start:].rstrip()
            checked = bool(bullet.group("check")) and "x" in bullet.group("check").lower()
            if top_indent is None or indent <= top_indent:
                top_indent = indent
                lead_in = child_indent = None
                if body.strip():
                    item = _list_item(line, body_start, body, checked, patterns)
                    discussion = no_items or bool(
                        _ANSWER.match(body) or _ADVICE_ITEM.match(body) or _not_an_action(body)
                    )
                    items.append(replace(item, statement=True) if discussion else item)
                    if _LEAD_IN.search(body):
                        lead_in = items[-1]
            elif lead_in is not None and (child_indent is None or indent <= child_indent):
                # A sub-item of a lead-in is an item of its own, owned as the lead-in says.
                if child_indent is None and items and items[-1] is lead_in:
                    items.pop()
                child_indent = indent
                if body.strip():
                    child = _list_item(line, body_start, body, checked, patterns)
                    items.append(
                        replace(
                            child,
                            owner=child.owner or lead_in.owner,
                            tracking=tuple(dict.fromkeys((*child.tracking, *lead_in.tracking))),
                            done=child.done or lead_in.done,
                        )
                    )
            elif items:
                items[-1] = _extend(items[-1], body, patterns)
        elif text.strip() and items and (text[:1].isspace() or _lazy(lines, index, tail)):
            # an indented line of the item, or a lazy one that goes on its paragraph
            items[-1] = _extend(items[-1], text.strip(), patterns)
            tail = line.number
        elif text.strip() and not text[:1].isspace():
            top_indent = None if not items else top_indent
            no_items = bool(_ADVICE_LEAD.search(text) or _NO_ITEMS_LEAD.search(text))
        index += 1
    return items


def _lazy(lines: Sequence[Line], index: int, tail: int) -> bool:
    """Does the unindented line at ``index`` go on the paragraph of the list item whose last
    line is ``tail`` (a lazy continuation line: right below it, and no block of its own)?"""
    return (
        index > 0
        and lines[index - 1].number == tail
        and bool(lines[index - 1].text.strip())
        and not lines[index].text.lstrip().startswith(("#", "|", ">", "```", "~~~", "["))
    )


# A paragraph that introduces advice to the readers, not the team's own work: "Node operators
# should do all of the following:", "We recommend that users:", "Recommendations for admins:".
_AUDIENCE = (
    r"(?:(?:all\s+|our\s+|any\s+|other\s+)?(?:[\w-]+\s+)?(?:operators?|users?|readers?|customers?|"
    r"admins?|administrators?|maintainers?|validators?|integrators?|subscribers?|developers?|"
    r"you|anyone|everyone)(?:\s+(?:and|or)\s+(?:[\w-]+\s+)?\w+)?)"
)
_ADVICE_LEAD = re.compile(
    rf"(?i)(?:^\W*{_AUDIENCE}\b[^:]{{0,80}}?\b(?:should|must|need\s+to|are\s+(?:advised|"
    r"encouraged|asked|urged)\s+to|can)\b|\bwe\s+(?:recommend|advise|encourage|urge|ask)\b|"
    r"\b(?:recommendations?|advice|guidance)\s+(?:for|to)\b)[^:]*:\s*$"
)


def _not_an_action(text: str) -> bool:
    """An item that describes, supposes or keeps, and commits to nothing further on."""
    found = _NOT_AN_ACTION.match(text)
    return found is not None and not _LATER_COMMITMENT.search(text, found.end())


_LATER_COMMITMENT = re.compile(
    r"(?i)\b(?:we|i|the\s+team)\s+(?:can|will|shall|should|must|need\s+to|plan\s+to|are\s+going\s+to)\b"
)


# A paragraph that introduces what is no open item: the alternatives weighed ("Alternatives
# here included:"), or what was settled and done ("What we have landed on is as follows:").
_NO_ITEMS_LEAD = re.compile(
    r"(?i)(?:\b(?:alternatives?|options?)\b[^:.]{0,40}\b(?:included?|were|considered)\b|"
    r"\bwe\s+(?:also\s+)?(?:considered|weighed|evaluated|rejected)\b|"
    r"\bwhat\s+we\s+(?:have\s+)?(?:landed|settled)\s+on\b|"
    r"\bwe\s+have\s+(?:since\s+|already\s+)?(?:made|implemented|done|put\s+in\s+place|rolled\s+out|"
    r"shipped)\b)[^:]*:\s*$"
)
# An item that is advice to readers by its own words: "Package maintainers should enable 2FA",
# "If you just need to check out public repositories, use HTTPS".
_ADVICE_ITEM = re.compile(
    rf"(?i)^\W*(?:{_AUDIENCE}\s+(?:should|must|need\s+to|are\s+(?:advised|encouraged)\s+to)\b|"
    r"if\s+you\b|you\s+(?:should|can|must|may)\b)"
)
# An item that describes, supposes or keeps rather than changes: "We then perform all releases
# from ...", "Developers create a release branch", "In an ideal world we'd ...", "We could
# delegate ...", "Continue using GitHub for public repositories".
_NOT_AN_ACTION = re.compile(
    r"(?i)^\W*(?:in\s+an\s+ideal\s+world,?\s+)?(?:we|they|one)\s*(?:['’]d|\s+(?:could|would|might)\b)|"
    r"^\W*(?:continue|keep)\s+(?:using|to\s+(?:use|host|run|rely)|hosting|running)\b|"
    r"^\W*(?:we|they)\s+(?:then\s+|now\s+|also\s+|always\s+|still\s+|currently\s+)?"
    r"(?!will\b|shall\b|should\b|must\b|need|have\s+to\b|plan|intend|want|are\b|were\b|can\b|"
    r"may\b|['’])[a-z]+(?<!ing)\b|"
    r"^\W*(?:developers?|engineers?|maintainers?|operators?|releases?|builds?)\s+"
    r"(?:then\s+|now\s+|also\s+|always\s+)?(?!should\b|must\b|will\b|shall\b|need|can\b|may\b|to\b)"
    r"(?:are\s+\w+ed|[a-z]+s?)\b(?<!ing\b)(?!\s+(?:to|should|must|will|need))"
)
# The answer to a question put in the list ("A: we don't have one"): discussion, not an item.
_ANSWER = re.compile(r"(?i)^\W*(?:a|answer)\s*:")
_ASKED = re.compile(r"(?i)^\W*(?:q|question)\s*:")


def asked(text: str) -> bool:
    """An item put as a question for discussion: "Q: Would a staging cluster have caught it?"."""
    return bool(_ASKED.match(text))


# A list item that only introduces the sub-items below it: a condition or a time frame ("When
# changing the API:", "Going forward:") or a short label ("Short term:"), ending in a colon.
_LEAD_IN = re.compile(
    r"(?i)^\W*(?:(?:in the future|going forward|from now on|next time|when|whenever|for|before|"
    r"after|during|if|while|once)\b[^:]*|(?:\S+\s+){0,2}\S+):\W*$"
)


def _list_item(
    line: Line, body_start: int, body: str, checked: bool, patterns: ItemPatterns
) -> ActionItem:
    return ActionItem(
        line=line.number,
        start=line.offset + body_start,
        end=line.offset + body_start + len(body),
        text=body.strip(),
        owner=_owner(body, patterns),
        tracking=_tracking(body, body, patterns),
        done=checked or is_done(body),
        statement=is_statement(body),
    )


def _extend(item: ActionItem, more: str, patterns: ItemPatterns) -> ActionItem:
    tracking = tuple(dict.fromkeys((*item.tracking, *_tracking(more, more, patterns))))
    owner = item.owner or (_owner(more, patterns) if _patterns().owner[1].search(more) else None)
    return replace(item, text=item.text + " " + more.strip(), tracking=tracking, owner=owner)


def _table(
    lines: Sequence[Line], index: int, items: list[ActionItem], patterns: ItemPatterns
) -> int:
    header = [cell for _, cell in split_row(lines[index].text)]
    compiled = _patterns()
    owner_cols = [i for i, cell in enumerate(header) if compiled.owner_header.search(cell)]
    ticket_cols = [i for i, cell in enumerate(header) if compiled.ticket_header.search(cell)]
    due_cols = [i for i, cell in enumerate(header) if compiled.due_header.search(cell)]
    status_cols = [
        i for i, cell in enumerate(header) if re.search(r"(?i)\bstatus|state|done\b", cell)
    ]
    special = set(owner_cols) | set(ticket_cols) | set(due_cols) | set(status_cols)
    item_col = next(
        (
            i
            for i, cell in enumerate(header)
            if compiled.item_header.search(cell) and i not in special
        ),
        next((i for i in range(len(header)) if i not in special), 0),
    )
    index += 2
    while index < len(lines) and "|" in lines[index].text and lines[index].text.strip():
        line = lines[index]
        cells = split_row(line.text)
        index += 1
        if item_col >= len(cells) or not cells[item_col][1]:
            continue
        cell_offset, item_text = cells[item_col]
        others = " ".join(cell for i, (_, cell) in enumerate(cells) if i != item_col)
        owner = next(
            (cells[i][1] for i in owner_cols if i < len(cells) and _filled(cells[i][1])), None
        )
        if owner is None:
            owner = _owner(item_text, patterns)
        kinds = list(_tracking(item_text, item_text, patterns))
        for i in ticket_cols:
            if i < len(cells) and _filled(cells[i][1]):
                kinds.append("link" if "http" in cells[i][1] else "ticket")
        for i in due_cols:
            if i < len(cells) and _filled(cells[i][1]):
                kinds.append("due")
        kinds += [k for k in _tracking(others, others, patterns) if k == "link"]
        status = " ".join(cells[i][1] for i in status_cols if i < len(cells))
        items.append(
            ActionItem(
                line=line.number,
                start=line.offset + cell_offset,
                end=line.offset + cell_offset + len(item_text),
                text=item_text,
                owner=owner,
                tracking=tuple(dict.fromkeys(kinds)),
                done=bool(compiled.done.search(status or others)) or is_done(item_text),
                in_table=True,
                table_has_owner_column=bool(owner_cols),
            )
        )
    return index


_EMPTY_WORDS = (
    r"(?i)\b(?:n/?a|none|tbd|tbc|todo|done|unknown|unassigned|nobody|open|closed|in progress)\b|"
    r"[-—–?_*]"
)


def _filled(cell: str) -> bool:
    """A cell that says something: not blank, "-", "n/a", "TBD" or a bare status."""
    return bool(_patterns().empty_words.sub("", cell).strip())


# -- vague items -------------------------------------------------------------------------------

VAGUE_LEADS = (
    "investigate",
    "look into",
    "looking into",
    "improve",
    "monitor",
    "consider",
    "explore",
    "evaluate",
    "research",
    "revisit",
    "review",
    "think about",
    "figure out",
    "continue to",
    "keep an eye on",
    "try to",
    "better",
    "more",
    "increase awareness",
    "be more careful",
    "be careful",
    "discuss",
    "reflect",
    "assess",
    "strengthen",
    "expand",
    "endeavour",
    "endeavor",
    "try and",
    "intend to",
    "schedule a discussion",
    "schedule a meeting",
    "more carefully",
    "more closely",
    "be more",
    "work with",
    "improving",
    "reviewing",
    "looking",
    "look to see",
    "try to identify",
    "revive",
    "decide whether",
)
# A limit or size to change, with no figure anywhere: "increase rate limits so that ...".
_NO_FIGURE = re.compile(
    r"(?i)\b(?:increase|raise|lower|reduce|decrease|bump)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(?:limits?|thresholds?|timeouts?|capacity|quotas?|replicas)\b(?!.*\d)"
)
# Vague wherever it stands: more or better of something unnamed, a conjoined "think about".
_VAGUE_ANYWHERE = re.compile(
    r"(?i)\b(?:set ?up|create|add|build|write|get|have|provide|introduce)\s+(?:some|more|better|"
    r"improved|additional)\s+(?!than\b)\w+|\band\s+(?:think about|consider|look into|"
    r"investigate|revisit)\b|\b(?:if|where|when)\s+possible\b|\bmight be good\b|"
    r"\bas (?:much|soon|near\s+\w+) as possible\b|\beffectively\b|\bmore and more\b"
    r"|\b(?:increase|raise|lower|reduce|decrease)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:limits?|"
    r"thresholds?|timeouts?|capacity|size|replicas)\b(?![^.]*\d)"
    r"|\bensure\s+(?:that\s+)?[^.]{0,80}?\b(?:easily|properly|better|more)\b"
    r"|\b(?:we|i)\s+(?:intend|plan|hope|want)\s+to\s+(?:look\s+into|investigate|explore|"
    r"consider|revisit|review)\b|\blook\s+to\s+see\b|\blooking\s+into\b"
    r"|\bwe\s+(?:should|will|need to|must)\s+(?:\w+\s+)?(?:improve|strengthen|expand|revisit|"
    r"consider|explore|investigate|look into)\b|\b(?:higher|more)\s+priority\b"
    r"|^\W*(?:an?\s+)?(?:action\s+)?plan\s+(?:for|to)\b"
    r"|\b(?:is|are|be|becomes?)\s+(?:more\s+)?(?:high[- ]quality|easy\s+to|easier\s+to|simpler|"
    r"intuitive|user[- ]friendly)\b"
)
_OUTCOME = (
    r"(?i)\b((?P<purpose>so that|in order to|such that)|until|and (?:then )?(?:decide|document|"
    r"write|publish|report|file|open|create|add|fix|implement|remove|set|update|deploy|enable|"
    r"disable|alert|page)\b|"
    r"to (?:decide|determine whether|choose|pick)|by \d|by (?:the )?end of|"
    r"before (?:the )?(?:next|end|release|launch|v?\d|q[1-4])\b|deadline|"
    r"outcome|decision|result(?:s|ing)? in|write[- ]?up|proposal|rfc|design doc|"
    r"\d+\s?(?:%|ms|s|min|minutes|hours|days|x)\b|threshold of|(?<!\S)[<>≤≥](?=\s?\d))"
)
# "We should ", "Going forward we will also ", "we'll ", "We are also ": what may come before a
# vague verb at the start of an item.
_VAGUE_PREFIX = (
    r"(?i)(?:^\W*(?:(?:going forward|in the future|also|finally|longer term),?\s+)?"
    r"(?:(?:we|i|the\s+\w+\s+team)\s*(?:'ll|\s(?:should|shall|need to|must|will|are going to|"
    r"intend to|plan to|are|can|could|might|may)))?\s*(?:also\s+|be\s+|try\s+(?:and|to)\s+)?"
    r"|^\W*(?:should\s+|need to\s+|to\s+))"
)


def _leads_pattern(leads: Sequence[str]) -> str:
    """The vague verbs as one alternation, longest first ("more carefully" before "more")."""
    ordered = sorted(leads, key=len, reverse=True)
    return _VAGUE_PREFIX + r"(" + "|".join(re.escape(v) for v in ordered) + r")\b"


_VAGUE = _leads_pattern(VAGUE_LEADS)


def vague_lead(text: str, leads: Sequence[str] = VAGUE_LEADS) -> str | None:
    """The vague verb an item opens with when it names no bounded outcome, else None."""
    plain = _LINKS.sub(" ", re.sub(r"[*_`]", "", text))
    plain = re.sub(
        r"(?i)^[^,.]{0,80},\s+(?=(?:we|i)\b)", "", plain.strip()
    )  # "With ..., we should"
    plain = re.sub(r"^\s*(?:\[[^\]]*\]|\(?[A-Z]{2,3}\)?\s*[:\-–—])\s*", "", plain)
    pattern = _patterns().vague
    if tuple(leads) != VAGUE_LEADS:
        pattern = re.compile(_leads_pattern(leads))
    no_figure = _NO_FIGURE.search(plain)
    if no_figure is not None:
        return " ".join(no_figure.group().split())
    found = pattern.search(plain)
    if found is None:
        anywhere = _VAGUE_ANYWHERE.search(plain)
        if anywhere is None or _bounded(plain):
            return None
        return " ".join(anywhere.group().split())
    if _bounded(plain):
        return None
    return found.group(1)


# An amount or manner with nothing to measure it by: "sufficient buffer", "coordinate better".
_UNMEASURED = re.compile(
    r"(?i)\b(?:sufficient|adequate|enough|appropriate|better|wider|larger|smaller|faster|"
    r"more\s+(?:quickly|closely|carefully|effectively|efficiently|reliably|often))\b"
)


def _bounded(text: str) -> bool:
    """Does the text say what done looks like? An outcome counts when it is measurable itself:
    a purpose ("so that we are alerted") bounds nothing without a figure, and neither does an
    outcome that is only more or better of something ("and add sufficient buffer")."""
    for outcome in _patterns().outcome.finditer(text):
        rest = text[outcome.start() :]
        if re.search(r"\d", rest):
            return True
        if outcome.group("purpose") is not None:
            continue
        if _UNMEASURED.search(rest):
            continue
        return True
    return False


# -- what an item is -----------------------------------------------------------------------------

# A note in brackets that says the work is done: "(added Dart team members to OWNERS)".
_DONE_NOTE_OPENING = (
    r"\(\s*(?:done|completed|implemented|fixed|merged|shipped|resolved|added|removed|deployed|"
    r"enabled|disabled|updated|upgraded|created|released|published|migrated|rotated|revoked|"
    r"replaced|configured|rolled\s+out|landed|set\s+up|turned\s+(?:on|off)|switched)\b"
)
_DONE_WORDS = re.compile(
    r"(?i)~~.+~~|\bdone\b(?!\s+(?:by|when|before|right))|✅|✔|☑"
    rf"|{_DONE_NOTE_OPENING}[^)]*\)"
    r"|^\W*already\b|\b(?:has|have)\s+(?:already\s+)?been\s+(?:\w+\s+)?(?:\w+(?:ed|en)|dealt|"
    r"done|made|set|put|built|sent|kept|held|found|run|shut|cut|brought|paid|told|met|led|"
    r"left|spent|understood)\b"
    r"|^\W*(?:we|i|the team)\s+(?:have\s+|had\s+)?(?:\w+ly\s+|for\s+\w+\s+\w+\s+)?"
    r"(?:enabled|added|removed|disabled|requested|extended|established|fixed|deployed|merged|"
    r"created|updated|upgraded|rotated|revoked|replaced|introduced|implemented|documented|"
    r"published|moved|switched|increased|reduced|set\s+up|turned|blocked|banned|deleted|"
    r"migrated|completed|wrote|written|shipped)\b"
    # "Peter and Cory now have permissions to ...", "The alert now fires at 80%": a change made
    r"|^\W*(?:[A-Z][\w'-]*(?:\s+(?:and|&)\s+[A-Z][\w'-]*)?|we|they|it|the\s+\w+)\s+now\s+"
    r"(?:has|have|is|are|fires?|runs?|uses?|alerts?|checks?|pages?)\b"
)
_IN_PROGRESS = re.compile(r"(?i)\b(?:in progress|ongoing|wip|todo|to do|planned|open)\b")
_STATEMENT = re.compile(
    r"^\W*(?:(?:The|A|An|This|That|These|Those|It|Its|Our|Their|Each|Every|Some|Most|Nodes?|"
    r"Users?)\s+(?:\S+\s+){0,5}?(?:\w+ed|is|are|was|were|has|had|have|knows|sees|wants|does|did|"
    r"didn'?t|doesn'?t|never|only|can'?t|cannot|uses|runs|takes|gets|got|becomes|became|"
    r"went|caused?|results?)\b"
    r"|`[^`]+`\s+(?:\S+\s+){0,3}?(?:didn'?t|doesn'?t|never|only|had|has|was|is)\b)"
)
_COMMITMENT = re.compile(
    r"(?i)\b(?:will|shall|should|must|need\s+to|needs\s+to|going\s+to|plan\s+to|intend\s+to|"
    r"to\s+be|want\s+to)\b"
)


def is_done(text: str) -> bool:
    """An item marked done: a checked box (handled by the parser), struck through, "(done)",
    "Already ...", or written in the past tense ("We enabled ...", "has been removed")."""
    if _IN_PROGRESS.search(text) and not re.search(r"(?i)\bdone\b|~~", text):
        return False
    return bool(_DONE_WORDS.search(text))


def is_statement(text: str) -> bool:
    """A description in an action-item list, not an action: "The mapper knows ...",
    "`iasql_upgrade` didn't have a test"."""
    plain = re.sub(r"[*_]", "", text)
    return bool(_STATEMENT.match(plain)) and not _COMMITMENT.search(plain)


_LINKS = re.compile(
    r"<?https?://\S+>?|\[[^\]]*\]\([^)]*\)|\[[^\]]*\]\[[^\]]*\]|\[#?\d+\](?::)?"
    r"|(?<![\w/])#\d+\b|\b[A-Z][A-Z0-9]{1,9}-\d+\b"
)


# A link to the change that does the work: a pull or merge request, a commit or a code review.
# The change has an author (who owns the item) and says what it does.
_CHANGE_LINK = re.compile(
    r"(?i)https?://\S+?/(?:pull|pulls|merge_requests|commit|commits|changes|reviews?)/[0-9a-f]+\b"
    r"|https?://\S+?/\+/\d+\b"
)

_SEE_LINK = re.compile(r"(?i)\b(?:see|cf\.?|compare|like|as in)\s+(?:also\s+)?<?https?://\S+")


def links_change(text: str) -> bool:
    """Does the item (or a sub-item folded into it) link the change that does it? A change it
    only points to ("see https://.../pull/34") is background, not the work."""
    return bool(_CHANGE_LINK.search(_SEE_LINK.sub(" ", text)))


def link_only(text: str) -> bool:
    """An item that is only a link or an issue number: nothing says what it changes."""
    rest = _LINKS.sub(" ", text)
    rest = re.sub(r"[\W_]+", " ", rest).strip()
    return len(rest.split()) <= 1 and bool(_LINKS.search(text))


_QUESTION = re.compile(
    r"(?i)^\W*(?:(?:reflect|assess|decide|discuss|consider|check|evaluate|investigate|"
    r"determine|see|think\s+about|figure\s+out|find\s+out|ask)\s+(?:on\s+)?(?:if|whether)\b"
    r"|(?:should|shall|can|could|do|does|is|are|would|will)\s+(?:we|it|they|the|there|this)\b)"
)


def is_question(text: str) -> bool:
    """An item that asks rather than says what to do: "Should we ...?", "Reflect if ..."."""
    plain = _LINKS.sub(" ", text)
    first = re.split(r"(?<=[.!?])\s", plain.strip(), maxsplit=1)[0]
    return first.rstrip(" *_)").endswith("?") or bool(_QUESTION.match(plain))


# Words that make a sentence of an item ("X should be ...", "to add ..."): an item with one says
# what is to be done.
_FUNCTION_WORDS = re.compile(
    r"(?i)\b(?:will|shall|should|must|need|needs|to|is|are|was|were|be|been|has|have|can|could|"
    r"would|may|might|do|does)\b"
)
_TOPIC_WORDS = 6  # a topic is short: a longer item without a verb is a description


def topic_only(text: str) -> str | None:
    """The item when it names a topic, not a change: a few words, no verb of an action to open
    them, no figure ("Flux metrics and alerts", "Runbook for failovers"). None otherwise."""
    from writer.checks.postmortem.action_verbs import is_action_verb, is_plain_verb

    plain = _LINKS.sub(" ", text)
    plain = re.sub(r"\([^)]*\)|[*_`]", " ", plain)
    plain = re.sub(r"^\W*(?:\[[^\]]*\]|[A-Z]{2,3}\s*[:\-–—])\s*", "", plain)
    plain = re.sub(r"^\W*(?:high|medium|low|p[0-4])\b\W*", "", plain, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z][\w'/-]*", plain)
    if not words or len(words) > _TOPIC_WORDS or re.search(r"\d", plain):
        return None
    if _FUNCTION_WORDS.search(plain) or is_action_verb(words[0]):
        return None
    if any(is_plain_verb(word) for word in words[1:3]):
        return None  # "Version lock Flux": the verb comes second
    return " ".join(plain.split()).rstrip(".;:")


def content_words(text: str) -> frozenset[str]:
    """The item's content words, stemmed: for telling duplicates apart."""
    return frozenset(_content_sequence(text))


def _content_sequence(text: str) -> list[str]:
    from writer.checks.postmortem.coverage import keywords

    return [word.rstrip("s") for word in keywords(_LINKS.sub(" ", text)).split()]


def _longest_common_run(first: Sequence[str], second: Sequence[str]) -> int:
    best = 0
    for i in range(len(first)):
        for j in range(len(second)):
            length = 0
            while (
                i + length < len(first)
                and j + length < len(second)
                and first[i + length] == second[j + length]
            ):
                length += 1
            best = max(best, length)
    return best


_CODE = re.compile(r"`([^`]+)`")


def duplicates(
    items: Sequence[ActionItem], threshold: float = 0.55
) -> list[tuple[ActionItem, ActionItem]]:
    """Pairs of open items that say the same thing: most of the shorter item's content words
    are in the other (rapidfuzz's token-set score over the stemmed words confirms it), and
    they name no different code identifiers. Three words in a row in common make a pair only
    when the items start with the same word ("Disable SSH agent forwarding" and "Educate
    everyone on SSH agent forwarding" are two actions); four make one whatever the verbs."""
    from rapidfuzz import fuzz

    open_items = [
        item for item in items if not item.done and not item.statement and not item.from_prose
    ]
    sequences = [_content_sequence(item.text) for item in open_items]
    words = [frozenset(sequence) for sequence in sequences]
    found = []
    said = [" ".join(item.text.lower().split()).rstrip(".:;") for item in open_items]
    for i, first in enumerate(open_items):
        if len(said[i].split()) >= 3 and said[i] in said[i + 1 :]:
            found.append((first, open_items[said.index(said[i], i + 1)]))
            continue  # word for word the same item, in another list
        if len(words[i]) < 3:
            continue
        for j in range(i + 1, len(open_items)):
            second = open_items[j]
            if len(words[j]) < 3:
                continue
            shared = words[i] & words[j]
            overlap = len(shared) / min(len(words[i]), len(words[j]))
            if overlap < threshold or len(shared) < 3:
                continue
            code_a = set(_CODE.findall(first.text))
            code_b = set(_CODE.findall(second.text))
            if code_a and code_b and not code_a & code_b:
                continue
            score = fuzz.token_set_ratio(" ".join(sorted(words[i])), " ".join(sorted(words[j])))
            run = _longest_common_run(sequences[i], sequences[j])
            same_verb = sequences[i][:1] == sequences[j][:1]
            if run >= 4 or (run >= 3 and same_verb) or (score >= 80 and overlap >= 0.8):
                found.append((first, second))
                break
    return found


def commitment_items(lines: Sequence[Line], patterns: ItemPatterns) -> list[ActionItem]:
    """Action items written as prose: each sentence that commits to work ("We will add rate
    limiting", "We need to document the process", "Going forward we should ...")."""
    items: list[ActionItem] = []
    sentence = re.compile(
        r"(?i)(?:^|(?<=[.!?]\s))\s*(?:[^.!?\n]{0,80}?,\s+(?:and\s+|but\s+|so\s+)?)?"
        r"(?:going forward,?\s+|in the future,?\s+|finally,?\s+|also,?\s+|longer term,?\s+)?"
        r"(?P<who>we|i|the [\w.-]+ team)(?:'ll|\s+(?:will|shall|need to|should|must|"
        r"are going to|intends? to|plans? to|are (?:also )?(?:looking into|planning|working on)))"
        r"\b[^.!?]*[.!?]?"
    )
    for number, line in enumerate(lines):
        text = line.text
        for match in sentence.finditer(text):
            body = match.group().strip()
            if len(body.split()) < 4:
                continue
            # The sentence's end and a note after it that says it is done: "... as well.
            # (added Dart team members to the OWNERS file)".
            after = " ".join(
                [text[match.end() :], *(other.text for other in lines[number + 1 :][:2])]
            )
            start = line.offset + match.start() + (len(match.group()) - len(match.group().lstrip()))
            who = match.group("who")
            team = who if who.lower().startswith("the ") else None  # "the crates.io team will"
            items.append(
                ActionItem(
                    line=line.number,
                    start=start,
                    end=start + len(body),
                    text=body,
                    owner=_owner(body, patterns) or team,
                    tracking=_tracking(body, body, patterns),
                    from_prose=True,
                    done=bool(_DONE_NOTE.match(after)),
                )
            )
    return items


# The rest of a commitment's sentence, then a done note: "... as well. (added ... to OWNERS)".
_DONE_NOTE = re.compile(rf"(?i)[^.!?(]*[.!?]?\s*{_DONE_NOTE_OPENING}")


# -- intentions stated in prose ------------------------------------------------------------------

# Where a sentence commits to (or floats) work: "we will ...", "the infra team intends to ...",
# "we can ...", "it might be good to ...", "X should be given ...".
_INTENTION = re.compile(
    r"(?i)\b(?:we|i|the\s+[\w.-]+(?:\s+[\w.-]+)?\s+team)(?:['’]ll\b|\s+(?:(?:will|shall|should|"
    r"must|can|could|might|may)\b|(?:need|intend|plan|hope|want)s?\s+to\b|are\s+(?:also\s+)?"
    r"(?:going\s+to|looking\s+(?:into|to)|planning|hoping|working\s+on)\b))"
    r"|\bit\s+(?:might|may|would|could)\s+be\s+(?:good|nice|worth|useful|wise)\b"
    r"|\b[\w-]+,?\s+(?:should|must|needs?\s+to)\s+be\s+(?:\w+ly\s+)?\w+(?:ed|en)\b"
)
_TEAM_SUBJECT = re.compile(
    r"(?i)^the\s+[\w.-]+(?:\s+[\w.-]+)?\s+team\b(?:\s+(need|intend|plan|hope|want)s\b)?"
)
_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=[\"”’')\]*_]*(?:\s|$))|$)")


@dataclass(frozen=True)
class Intention:
    """A clause of prose that commits to, or floats, some work, and the vague verb it leads
    with ("we intend to look into ...", "it might be good to do some cleanup")."""

    line: int
    start: int  # offsets of the clause in the parsed text
    end: int
    text: str
    lead: str


def _paragraphs(lines: Sequence[Line]) -> list[list[tuple[Line, int]]]:
    """Runs of prose lines (a paragraph, or a list item with its continuation lines), each
    line with the column its text starts at; headings, table rows and blank lines split them."""
    compiled = _patterns()
    blocks: list[list[tuple[Line, int]]] = []
    current: list[tuple[Line, int]] = []
    for line in lines:
        text = line.text
        stripped = text.strip()
        bullet = compiled.bullet.match(text)
        rule = re.match(r"^\s*[-=*_]{3,}\s*$", text)  # a thematic break or setext underline
        if not stripped or stripped.startswith(("#", "|")) or rule:
            if current:
                blocks.append(current)
            current = []
            continue
        if bullet is not None:
            if current:
                blocks.append(current)
            current = [(line, bullet.end())]
            continue
        current.append((line, len(text) - len(text.lstrip())))
    if current:
        blocks.append(current)
    return blocks


def stated_intentions(lines: Sequence[Line], leads: Sequence[str] = VAGUE_LEADS) -> list[Intention]:
    """Each clause of the prose (paragraphs and list items, sentences read across wrapped lines)
    that commits to or floats work with no bounded outcome."""
    found: list[Intention] = []
    for block in _paragraphs(lines):
        joined = ""
        pieces: list[tuple[int, int]] = []  # (offset in joined, offset in the parsed text)
        for line, column in block:
            if joined:
                joined += " "
            pieces.append((len(joined), line.offset + column))
            joined += line.text[column:].rstrip()
        for sentence in _SENTENCE.finditer(joined):
            body = sentence.group()
            intention = _INTENTION.search(body)
            if intention is None:
                continue
            clause = body[intention.start() :].strip()
            if _HINDSIGHT.search(clause):
                continue
            lead = vague_lead(_TEAM_SUBJECT.sub(_as_we, clause), leads)
            if lead is None:
                continue
            start = sentence.start() + intention.start()
            end = sentence.start() + len(body.rstrip())
            found.append(
                Intention(
                    line=_line_at(block, pieces, start),
                    start=_source(pieces, start),
                    end=_source(pieces, end - 1) + 1,
                    text=clause,
                    lead=lead,
                )
            )
    return found


_HINDSIGHT = re.compile(r"(?i)\b(?:should|could|would|might|must)\s+have\b")


def _as_we(match: re.Match[str]) -> str:
    verb = match.group(1)
    return "we" + (f" {verb}" if verb else "")


def _source(pieces: Sequence[tuple[int, int]], index: int) -> int:
    joined_at, source_at = next(piece for piece in reversed(pieces) if piece[0] <= index)
    return source_at + index - joined_at


def _line_at(
    block: Sequence[tuple[Line, int]], pieces: Sequence[tuple[int, int]], index: int
) -> int:
    position = max(i for i, piece in enumerate(pieces) if piece[0] <= index)
    return block[position][0].number
