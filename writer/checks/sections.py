"""Find a document's section by template section id, or by its heading's words.

When the document is checked against a template, the template's own matching (titles, aliases,
fuzzy matches) decides. Without one, a heading pattern per section id is used, so the reviewer
checks work on documents that follow no bundled template.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from writer.model.document import Document, Section
from writer.model.headings import strip_numbering
from writer.model.lines import Line

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

HEADING_PATTERNS: dict[str, re.Pattern[str]] = {
    "summary": re.compile(r"(?i)^\W*(?:(?:executive|incident)\s+)?(?:summary|overview|tl;?dr)\b"),
    "impact": re.compile(r"(?i)^\W*(?:(?:customer|user|business)\s+)?impact\b"),
    "timeline": re.compile(r"(?i)\b(?:timeline|chronology|sequence of events)\b"),
    "detection": re.compile(r"(?i)^\W*detection\b"),
    "response": re.compile(r"(?i)^\W*(?:response|resolution|recovery|mitigation)\b"),
    "contributing-factors": re.compile(
        r"(?i)^\W*(?:contributing factors?|root causes?|causes?|trigger|why it happened)\b"
    ),
    "lessons-learned": re.compile(r"(?i)^\W*lessons?\s+learn[te]d\b"),
    "action-items": re.compile(
        r"(?i)^\W*(?:action items?|follow[- ]?ups?|follow[- ]?up actions|remediation(?: items)?|"
        r"corrective(?: and preventive)? actions?|next steps|actions)\b"
    ),
    "goals": re.compile(r"(?i)^\W*(?:goals?|objectives?|goals and non-goals)\s*$"),
    "non-goals": re.compile(r"(?i)^\W*(?:non[- ]?goals?|out of scope|not in scope)\b"),
    "alternatives": re.compile(
        r"(?i)^\W*(?:alternatives?(?: considered| solutions?| designs?| approaches)?|"
        r"(?:rejected|considered|other) (?:alternatives|options|approaches)|options considered)\b"
    ),
    "failure-modes": re.compile(
        r"(?i)^\W*(?:failure modes?|failure scenarios|what can go wrong|"
        r"risks?(?: and mitigations?)?)\b"
    ),
    "rollout": re.compile(
        r"(?i)\b(?:roll[- ]?out|roll[- ]?back|deployment plan|migration plan|launch plan|"
        r"upgrade\s*/\s*downgrade|back[- ]?out plan|release plan)\b"
    ),
    "open-questions": re.compile(
        r"(?i)^\W*(?:open|unresolved|outstanding) (?:questions?|issues|points)\b"
    ),
}


def find(
    document: Document,
    template: TemplateSpec | None,
    section_id: str,
    matcher: TemplateMatcher | None = None,
) -> Section | None:
    """The section for ``section_id`` in ``document``: the template's match, else by heading.

    ``matcher`` (a :class:`writer.templates.TemplateMatcher`, as ``CheckContext.matcher``)
    reuses a match already made for the document.
    """
    if template is not None and template.section(section_id) is not None:
        from writer.templates.matching import find_section

        found = find_section(document, template, section_id, matcher)
        if found is not None:
            return found
    pattern = HEADING_PATTERNS.get(section_id)
    if pattern is None:
        return None
    for section in document.headings:
        if pattern.search(strip_numbering(section.title)):
            return section
    return None


def section_lines(document: Document, section: Section, *, own_only: bool = False) -> list[Line]:
    """The lines of a section's body, with code, comments and front matter blanked."""
    masked = document.masked_text
    last = section.body_end_line if own_only else section.end_line
    out = []
    for number in range(section.body_start_line, last + 1):
        start, end = document.index.line_span(number)
        if number in document.code_lines:
            out.append(Line(number, start, " " * (end - start)))
        else:
            out.append(Line(number, start, masked[start:end]))
    return out


def raw_lines(document: Document, section: Section) -> list[Line]:
    """The section's body lines as written (links and URLs kept), code and comments blanked."""
    text = document.text
    if document.comments:
        chars = list(text)
        for comment in document.comments:
            for index in range(comment.start, comment.end):
                if chars[index] != "\n":
                    chars[index] = " "
        text = "".join(chars)
    out = []
    for number in range(section.body_start_line, section.end_line + 1):
        start, end = document.index.line_span(number)
        line = text[start:end]
        if number in document.code_lines:
            line = " " * len(line)
        out.append(Line(number, start, line))
    return out


def heading_span(document: Document, section: Section) -> tuple[int, int]:
    return document.index.line_span(section.line)
