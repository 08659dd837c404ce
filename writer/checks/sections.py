"""Find the part of a document that plays a role (its timeline, impact, goals, alternatives),
and read it.

When the document is checked against a template, the template's own matching (titles, aliases,
fuzzy matches) decides first. Otherwise, or when the template's match misses it, the role is
found under any of its usual names and marks (:mod:`writer.templates.roles`): a heading, a bold
label, a bullet field, or the untitled text under the title. So the reviewer checks work on
documents that follow no bundled template, and on those that mark sections without headings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from writer.model.document import BlockKind, Document, ProseBlock, Section
from writer.model.lines import Line
from writer.templates.roles import ROLES_BY_KIND, SECTION_ROLES, Region, find_regions

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

# The kind whose vocabulary knows each role first (postmortem roles before design roles).
_KIND_OF_ROLE = {
    role: kind for kind in ("adr", "design", "postmortem") for role in ROLES_BY_KIND[kind]
}


def find(
    document: Document,
    template: TemplateSpec | None,
    section_id: str,
    matcher: TemplateMatcher | None = None,
    kind: str | None = None,
) -> Region | None:
    """The region for ``section_id``: the template's match, else the role found by its names
    and marks (in ``kind``'s vocabulary when given).

    ``matcher`` (a :class:`writer.templates.TemplateMatcher`, as ``CheckContext.matcher``)
    reuses a match already made for the document.
    """
    if template is not None and template.section(section_id) is not None:
        from writer.templates.matching import find_section

        matched = find_section(document, template, section_id, matcher)
        if matched is not None:
            return of_section(section_id, matched)
    role = SECTION_ROLES.get(section_id, section_id)
    vocabulary = kind if kind in ROLES_BY_KIND and role in ROLES_BY_KIND[kind] else None
    vocabulary = vocabulary or _KIND_OF_ROLE.get(role)
    if vocabulary is None:
        return None
    if matcher is not None:
        return matcher.regions(document, vocabulary).get(role)
    return find_regions(document, vocabulary).get(role)


def of_section(role: str, section: Section) -> Region:
    """A heading's section as a region."""
    return Region(
        role,
        section.title,
        section.line,
        section.body_start_line,
        section.body_end_line,
        section.end_line,
        "heading",
        section,
    )


def blocks(document: Document, region: Region, *, own_only: bool = False) -> list[ProseBlock]:
    """The region's prose blocks (headings left out); its subsections too unless ``own_only``."""
    if region.section is not None:
        found = document.blocks_in(region.section, own_only=own_only)
        return [block for block in found if block.kind is not BlockKind.HEADING]
    last = region.body_end_line if own_only else region.end_line
    return [
        block
        for block in document.blocks
        if region.body_start_line <= block.line <= last and block.kind is not BlockKind.HEADING
    ]


def text(document: Document, region: Region, *, own_only: bool = False) -> str:
    """The region's plain prose, blocks separated by blank lines."""
    return "\n\n".join(block.text for block in blocks(document, region, own_only=own_only))


def children(document: Document, region: Region) -> list[Section]:
    """The subsections of a region that is a heading's section."""
    if region.section is None:
        return []
    return [document.sections[index] for index in region.section.children]


def section_lines(document: Document, region: Region, *, own_only: bool = False) -> list[Line]:
    """The lines of a region's body, with code, comments and front matter blanked."""
    masked = document.masked_text
    last = region.body_end_line if own_only else region.end_line
    out = []
    for number in range(region.body_start_line, last + 1):
        start, end = document.index.line_span(number)
        if number in document.code_lines:
            out.append(Line(number, start, " " * (end - start)))
        else:
            out.append(Line(number, start, masked[start:end]))
    return out


def raw_lines(document: Document, region: Region) -> list[Line]:
    """The region's body lines as written (links and URLs kept), code and comments blanked."""
    source = document.text
    if document.comments:
        chars = list(source)
        for comment in document.comments:
            for index in range(comment.start, comment.end):
                if chars[index] != "\n":
                    chars[index] = " "
        source = "".join(chars)
    out = []
    for number in range(region.body_start_line, region.end_line + 1):
        start, end = document.index.line_span(number)
        line = source[start:end]
        if number in document.code_lines:
            line = " " * len(line)
        out.append(Line(number, start, line))
    return out


def named_regions(
    document: Document, role: str, vocabulary: dict[str, tuple[str, ...]]
) -> list[Region]:
    """Every heading, bold label or bullet field whose name is ``role``'s in ``vocabulary``
    (where :func:`find` gives only the first): an "Impact:" field in the summary and an "Impact
    assessment" section further down, or one timeline for each incident of an incident log."""
    from writer.templates.roles import label_regions, role_of

    found = [
        of_section(role, heading)
        for heading in document.headings
        if role_of(heading.title, vocabulary) == role
    ]
    found += [region for region in label_regions(document, vocabulary) if region.role == role]
    return found


def outermost(regions: list[Region]) -> list[Region]:
    """The regions in reading order, without those inside one already kept."""
    kept: list[Region] = []
    for region in sorted(regions, key=lambda r: r.line):
        if any(other.line <= region.line <= other.end_line for other in kept):
            continue  # inside a region already read
        kept.append(region)
    return kept


def heading_span(document: Document, region: Region | Section) -> tuple[int, int]:
    """Offsets of the line that names the region (its heading or label)."""
    return document.index.line_span(region.line)


# What a sentence that tells an incident's impact says: users affected, a service down or slow.
_IMPACT_CUE = re.compile(
    r"(?i)\b(?:affect(?:ed|ing)?|impact(?:ed|ing|s)?|unable|could\s+not|couldn'?t|cannot|"
    r"outages?|down(?:time)?|unavailable|inaccessible|unreachable|fail(?:ed|ing|ures?|s)?|"
    r"errors?|broken|broke|degraded|delay(?:ed|s)?|lost|disrupt(?:ed|ion)|stuck|timeouts?|"
    r"timed\s+out|blocked|slow(?:ed|down)|"
    r"(?:caused|causing)\s+(?:\w+\s+)?(?:issues|problems|trouble))\b"
)


def tells_impact(sentence: str) -> bool:
    """Does the sentence speak of what an incident did to users or the service?"""
    return _IMPACT_CUE.search(sentence) is not None
