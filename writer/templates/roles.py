"""Section roles: what a part of a document is for (its timeline, impact, goals, alternatives),
whatever it is called and however it is marked.

Real documents name a section in many phrasings ("Chronology", "Timeline (times in BST)",
"5. Timeline (UTC)"), nest it under another ("### Timeline" under "## Recovery"), or mark it
without a heading: a bold label on its own line (``**Impact**``), a bold label leading a
paragraph (``**Root causes**: ...``), or a bullet field (``- **Impact**: ...``). A postmortem
may also open with an untitled summary under its title. :func:`find_regions` finds each role's
region in any of these forms, so checks read a section by what it is for, with or without a
template.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from writer.model.document import Document, Section
from writer.model.headings import normalise

# Phrases each role goes by, as normalised titles start (lower case, no numbering, no
# punctuation). Listed per kind of document; the order of roles is the usual reading order.
POSTMORTEM_ROLES: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary",
        "executive summary",
        "incident summary",
        "overview",
        "tl dr",
        "tldr",
        "abstract",
        "what happened",
        "incident description",
        "description",
    ),
    "impact": (
        "impact",
        "impacts",
        "impacted",
        "customer impact",
        "user impact",
        "business impact",
        "blast radius",
        "what was impacted",
        "what was affected",
        "who was affected",
        "scope of impact",
        "affected services",
        "affected users",
    ),
    "timeline": (
        "timeline",
        "timelines",
        "time line",
        "chronology",
        "sequence of events",
        "detailed timeline",
        "incident timeline",
        "events",
        "timeline of events",
        "summary of events",
        "sequence of events",
        "follow up timeline",
        "follow up events",
        "key events",
        "key timings",
        "key times",
        "event log",
    ),
    "detection": (
        "detection",
        "how we found out",
        "how it was detected",
        "how was it detected",
        "how we noticed",
        "discovery",
        "alerting",
    ),
    "response": (
        "response",
        "recovery",
        "resolution",
        "mitigation",
        "remediation",
        "how we fixed it",
        "the fix",
        "fix",
        "restoration",
        "recovery options",
    ),
    "contributing-factors": (
        "root cause",
        "root causes",
        "causes",
        "cause",
        "contributing factors",
        "contributing factor",
        "why it happened",
        "what caused",
        "origin of the incident",
        "rca",
        "five whys",
        "5 whys",
        "trigger",
        "technical elements",
        "technical details",
        "technical analysis",
        "analysis",
        "underlying cause",
    ),
    "lessons-learned": (
        "lessons learned",
        "lessons learnt",
        "lessons",
        "learnings",
        "what we learned",
        "what we learnt",
        "what went well",
        "what went wrong",
        "what didn t go",
        "what did not go",
        "what went poorly",
        "what could be improved",
        "retrospective",
        "takeaways",
        "reflections",
        "where we got lucky",
        "postmortem",
        "post mortem",
    ),
    "action-items": (
        "action items",
        "action item",
        "actions",
        "review actions",
        "repair items",
        "remediations",
        "action plan",
        "action planned",
        "actions planned",
        "planned actions",
        "action points",
        "follow ups",
        "follow up",
        "followups",
        "corrective actions",
        "corrective and preventive actions",
        "next steps",
        "remediation items",
        "remediation actions",
        "prevention",
        "preventive measures",
        "preventative measures",
        "preventive actions",
        "what we re doing about it",
        "what we are doing about it",
        "what we will do",
        "improvements",
        "proposal improvements",
        "proposed improvements",
        "future work",
        "follow up tasks",
        "work items",
        "open items",
        "outstanding items",
        "what s next",
        "whats next",
        "what is next",
        "next actions",
        "recommended actions",
        "recommendations",
        "planned work",
        "planned fixes",
        "tasks",
        "future measures",
        "future plan",
        "future plans",
        "future actions",
        "future changes",
        "long term changes",
        "long term actions",
        "preventative actions",
        "follow up actions",
        "follow up items",
        "follow up improvements",
        "going forward",
        "looking forward",
        "todo",
        "to do",
    ),
}

DESIGN_ROLES: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "abstract", "overview", "tl dr", "tldr", "executive summary"),
    "motivation": (
        "motivation",
        "background",
        "context",
        "problem statement",
        "problem",
        "why",
        "introduction",
        "current state",
        "current behavior",
        "current behaviour",
        "current design",
        "current situation",
        "current implementation",
        "current data model",
        "current architecture",
        "existing behavior",
        "existing behaviour",
    ),
    "goals": (
        "goals",
        "goal",
        "the goals",
        "our goals",
        "objectives",
        "objective",
        "success criteria",
        "requirements and goals",
    ),
    "non-goals": ("non goals", "nongoals", "non goal", "out of scope", "not in scope"),
    "proposal": (
        "proposal",
        "proposed design",
        "proposed solution",
        "proposed change",
        "proposed data model",
        "proposed api",
        "proposed architecture",
        "proposed approach",
        "proposed implementation",
        "design",
        "detailed design",
        "design details",
        "technical design",
        "guide level explanation",
        "reference level explanation",
        "implementation",
        "solution",
        "approach",
        "architecture",
        "specification",
    ),
    "alternatives": (
        "alternatives",
        "alternative",
        "alternatives considered",
        "rejected alternatives",
        "rationale and alternatives",
        "options considered",
        "considered options",
        "options",
        "other approaches",
        "other options",
        "alternative designs",
        "alternative approaches",
        "alternative solutions",
    ),
    "risks": (
        "risks",
        "risk",
        "risks and mitigations",
        "failure modes",
        "failure mode",
        "what can go wrong",
    ),
    "drawbacks": (
        "drawbacks",
        "drawback",
        "downsides",
        "disadvantages",
        "cons",
        "trade offs",
        "tradeoffs",
    ),
    "test-plan": (
        "test plan",
        "testing plan",
        "testing",
        "test strategy",
        "tests",
        "validation",
        "verification",
    ),
    "rollout": (
        "rollout",
        "roll out",
        "rollout plan",
        "migration",
        "migration plan",
        "deployment",
        "deployment plan",
        "launch plan",
        "release plan",
        "upgrade downgrade",
        "rollback",
        "rollout upgrade and rollback",
    ),
    "graduation": ("graduation criteria", "graduation"),
    "open-questions": (
        "open questions",
        "unresolved questions",
        "outstanding questions",
        "open issues",
        "unresolved issues",
    ),
}

ADR_ROLES: dict[str, tuple[str, ...]] = {
    "status": ("status",),
    # the forces a decision weighs are its context ("Decision Drivers" is not the decision)
    "context": (
        "context",
        "context and problem statement",
        "decision drivers",
        "decision drivers and constraints",
    ),
    "decision": ("decision", "decision outcome", "the decision"),
    "consequences": ("consequences", "implications"),
    "considered-options": ("considered options", "options considered", "options"),
}

# Template section ids whose role goes by another name in the role vocabularies.
SECTION_ROLES = {
    "failure-modes": "risks",
    "risks-and-mitigations": "risks",
    "graduation-criteria": "graduation",
    "proposed-design": "proposal",
    "context": "motivation",
}

ROLES_BY_KIND: dict[str, dict[str, tuple[str, ...]]] = {
    "postmortem": POSTMORTEM_ROLES,
    "design": DESIGN_ROLES,
    "adr": ADR_ROLES,
}

# A qualifier after a title: "Timeline (times in BST)", "Alternatives (not implemented)",
# "Impact: what customers saw", "Timeline - all times UTC".
_QUALIFIER = re.compile(r"\s*(?:\([^)]*\)[?.!]?|\[[^\]]*\]|\s[-–—:]\s.*|:.*)\s*$")
# A bold label at the start of a line, alone, before a colon, or leading a bullet field:
# "**Impact**", "**Root causes**: ...", "- **Impact**: ...", "__Summary:__".
_LABEL = re.compile(
    r"^(?P<indent>[ \t]{0,8})(?P<bullet>[-*+][ \t]+|\d{1,2}[.)][ \t]+)?"
    r"(?P<mark>\*\*|__)(?P<label>[^*_\n]{2,60}?)(?P=mark)[ \t]*:?",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Region:
    """Where a role's text is: lines ``line`` (the heading or label) to ``end_line``."""

    role: str
    title: str  # the heading or label as written
    line: int  # 1-based line of the heading or label
    body_start_line: int
    body_end_line: int  # the region's own body (before its first subsection)
    end_line: int  # its last line, subsections included
    form: str  # "heading", "label" (a bold label), "field" (a bullet field) or "untitled"
    section: Section | None = None  # the heading's section, for the "heading" form


@functools.lru_cache(maxsize=4096)
def role_title(title: str) -> str:
    """A title as roles read it: normalised, without a trailing qualifier."""
    bare = _QUALIFIER.sub("", title.strip()) or title
    return normalise(bare)


def role_of(title: str, roles: dict[str, tuple[str, ...]]) -> str | None:
    """The role a heading or label title names in one kind's vocabulary, or None: the role of
    the longest phrase the title is or starts with (as whole words)."""
    name = role_title(title)
    if not name:
        return None
    index = _PHRASES.get(id(roles))
    if index is None or index[0] is not roles:
        index = (roles, _phrase_index(roles))
    phrases = index[1]
    # The title itself, then each shorter run of its leading words: the first known is the
    # longest phrase it names.
    end = len(name)
    while end > 0:
        role = phrases.get(name[:end])
        if role is not None:
            return role
        end = name.rfind(" ", 0, end)
    return None


def _phrase_index(roles: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each phrase's role (the first role listing it)."""
    index: dict[str, str] = {}
    for role, phrases in roles.items():
        for phrase in phrases:
            index.setdefault(phrase, role)
    return index


# The phrase index of each vocabulary above, made once (keyed by the vocabulary's identity).
_PHRASES: dict[int, tuple[dict[str, tuple[str, ...]], dict[str, str]]] = {
    id(roles): (roles, _phrase_index(roles)) for roles in ROLES_BY_KIND.values()
}


def find_regions(document: Document, kind: str) -> dict[str, Region]:
    """The first region of each role of ``kind`` in the document: headings first, then bold
    labels and bullet fields, then (for the summary) the untitled text under the title."""
    roles = ROLES_BY_KIND.get(kind)
    if roles is None:
        return {}
    found: dict[str, Region] = {}
    headings = document.headings
    for section in headings:
        if section is headings[0] and section.level == 1 and section.children:
            continue  # the document's title ("# 37. Validation waivers"), not one of its parts
        role = role_of(section.title, roles)
        if role is not None and role not in found:
            found[role] = Region(
                role,
                section.title,
                section.line,
                section.body_start_line,
                section.body_end_line,
                section.end_line,
                "heading",
                section,
            )
    for region in label_regions(document, roles):
        found.setdefault(region.role, region)
    if "summary" in roles and "summary" not in found:
        untitled = _untitled_summary(document)
        if untitled is not None:
            found["summary"] = untitled
    return found


# Any bold text opening a line, up to a long question ("- **Can the feature be disabled?**").
_ANY_LABEL = re.compile(
    r"^[ \t]{0,8}(?:[-*+][ \t]+|\d{1,2}[.)][ \t]+)?(?P<mark>\*\*|__)(?P<label>[^*_]{2,240}?)"
    r"(?P=mark)",
    re.MULTILINE,
)


def labels(document: Document) -> Iterator[tuple[int, str]]:
    """Every bold label or bullet-field label at the start of a line: (line, label)."""
    text = document.masked_text
    if "**" not in text and "__" not in text:
        return
    for match in _ANY_LABEL.finditer(text):
        line = document.index.position(match.start())[0]
        yield line, " ".join(match.group("label").split()).rstrip(":").strip()


def label_regions(document: Document, roles: dict[str, tuple[str, ...]]) -> Iterator[Region]:
    """Regions marked by a bold label or a bullet field whose label names a role."""
    text = document.masked_text
    if "**" not in text and "__" not in text:
        return
    lines = text.split("\n")
    labels: list[tuple[int, int, bool, str, str | None]] = []  # line, indent, field, label, role
    for match in _LABEL.finditer(text):
        line = document.index.position(match.start())[0]
        label = match.group("label").strip().rstrip(":").strip()
        labels.append(
            (
                line,
                len(match.group("indent").expandtabs(4)),
                match.group("bullet") is not None,
                label,
                role_of(label, roles),
            )
        )
    heading_lines = sorted(section.line for section in document.headings)
    for index, (line, indent, field, label, role) in enumerate(labels):
        if role is None:
            continue
        section = document.section_at(document.index.offset(line))
        limit = min(section.body_end_line, _next_heading(heading_lines, line) - 1)
        if field:
            end = _field_end(lines, line, indent, limit)
        else:
            following = [
                other[0]
                for other in labels[index + 1 :]
                if not other[2] and other[1] <= indent and other[0] <= limit
            ]
            end = following[0] - 1 if following else limit
        end = _trim_blank(lines, line, end)
        yield Region(role, label, line, line, end, end, "field" if field else "label")


def _next_heading(heading_lines: Sequence[int], line: int) -> int:
    for heading in heading_lines:
        if heading > line:
            return heading
    return 10**9


def _field_end(lines: Sequence[str], line: int, indent: int, limit: int) -> int:
    """The last line of a bullet field: its continuation lines, indented deeper than the
    bullet, or following it without a blank line (a lazy continuation)."""
    end = line
    blank = False
    for number in range(line + 1, min(limit, len(lines)) + 1):
        row = lines[number - 1]
        if not row.strip():
            blank = True
            continue
        depth = len(row) - len(row.lstrip())
        if depth <= indent and (blank or re.match(r"\s*(?:[-*+]|\d{1,2}[.)])\s", row)):
            break
        end = number
        blank = False
    return end


def _trim_blank(lines: Sequence[str], start: int, end: int) -> int:
    while end > start and end - 1 < len(lines) and not lines[end - 1].strip():
        end -= 1
    return end


def _untitled_summary(document: Document) -> Region | None:
    """The text between a document's single title heading and its first section."""
    top = [section for section in document.headings if section.level == 1]
    if not top:
        return None
    title = top[0]
    if title.body_end_line < title.body_start_line:
        return None
    has_prose = any(
        block.section == title.index and block.line <= title.body_end_line
        for block in document.blocks
    )
    if not has_prose:
        return None
    return Region(
        "summary",
        title.title,
        title.line,
        title.body_start_line,
        title.body_end_line,
        title.body_end_line,
        "untitled",
        None,
    )
