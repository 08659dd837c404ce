"""Structure checks for every markdown document, whatever its template: leftover placeholders,
heading levels and duplicates, empty sections."""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks.base import CheckContext
from writer.checks.structure.outline import TIMESTAMP_HEADING, level_slips
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.rules import RuleMeta
from writer.templates.spec import KINDS

PLACEHOLDER = RuleMeta(
    id="structure.placeholder",
    severity=Severity.WARNING,
    summary=(
        "Leftover TODO, TBD, FIXME or XXX marker, a template's slot (`{{ summary }}`, `[link "
        "to the issue]`), or a skeleton placeholder such as <owner>."
    ),
    explanation=(
        "A marker such as TODO or TBD means the document is not finished. Write the missing "
        "text, or move the open point to an 'Open questions' section with an owner. When the "
        "document follows a template, the skeleton's placeholders such as '<owner>' or "
        "'YYYY-MM-DD' are reported too (a whole paragraph of the template's text is "
        "structure.template-text). A template's slots are reported in any document: a variable "
        "in double braces (`{{ summary }}`, or braces left around what was written in them) and "
        "an instruction in square brackets (`[link to the issue]`, `[Alex to fill in the "
        "details]`). Markers inside code and HTML comments are ignored."
    ),
    good="The rollout starts in the staging region on 2025-03-04.",
    bad="The rollout starts in TBD.",
    source="built-in",
)
HEADING_INCREMENT = RuleMeta(
    id="structure.heading-increment",
    severity=Severity.WARNING,
    summary="A heading level breaks the outline: a level skipped (## followed by ####).",
    explanation=(
        "Heading levels should go down one at a time so the outline, the table of contents "
        "and screen readers show the right structure. Reported: a heading more than one level "
        "below the one before it; a first heading below level 2, with or without a title in "
        "the front matter (the sections then start at level 2); a level-1 heading after a "
        "level-1 title whose other sections are level 2 ('# Stats' at the end); a title and "
        "all its sections at level 1; and date or time headings at the level of the timeline "
        "heading they belong under, which end the timeline section. A jump the document's "
        "template makes itself (the KEP template's test plan and questions) is not reported, "
        "nor are date headings a level or two below their timeline. Use the level the "
        "outline needs."
    ),
    good="## Design\n\n### Storage",
    bad="## Design\n\n#### Storage",
    fixable=True,
    source="built-in",
)
DUPLICATE_HEADING = RuleMeta(
    id="structure.duplicate-heading",
    severity=Severity.WARNING,
    summary="Two sibling headings with the same title.",
    explanation=(
        "Two sections with the same title under the same parent confuse readers and break "
        "links to the heading. Merge them, or give each a title that says how it differs."
    ),
    good="## Risks\n\n## Mitigations",
    bad="## Risks\n\n## Risks",
    source="built-in",
)
EMPTY_SECTION = RuleMeta(
    id="structure.empty-section",
    severity=Severity.WARNING,
    summary="A heading with nothing under it.",
    explanation=(
        "A section with a heading and no text tells the reader something is missing. Write it, "
        "say explicitly that it does not apply ('None: the change adds no new API.'), or remove "
        "the heading."
    ),
    good="## Open questions\n\nNone: all questions were settled in review.",
    bad="## Open questions\n\n## Appendix",
    source="built-in",
)

_PLACEHOLDER = re.compile(r"(?<![\w-])(TODO|TBD|FIXME|XXX)(?![\w-])")


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class PlaceholderChecker:
    rules = (PLACEHOLDER,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        if context.template is not None:
            from writer.checks.structure.template import template_leftovers, title_leftovers

            for start, end, marker in title_leftovers(document, context.template):
                yield context.finding(
                    PLACEHOLDER,
                    start,
                    end,
                    f"placeholder '{marker}' left in the title: replace it with the real value",
                )
            for start, end, title, token in template_leftovers(
                document, context.template, context.matcher
            ):
                if token is None:
                    continue  # the template's own text: structure.template-text reports it
                yield context.finding(
                    PLACEHOLDER,
                    start,
                    end,
                    f"placeholder '{token}' left in '{title}': replace it with the real value",
                )
        for block in document.blocks:
            if "{{" in block.text or "[" in block.text:
                from writer.templates.slots import slot_pattern

                for match in slot_pattern().finditer(block.text):
                    start, end = block.source_span(match.start(), match.end())
                    yield context.finding(
                        PLACEHOLDER,
                        start,
                        end,
                        f"the template's placeholder '{_shorten(match.group())}' is left in: "
                        "write what it asks for in its place",
                    )
            if "T" not in block.text and "X" not in block.text and "F" not in block.text:
                continue
            for match in _PLACEHOLDER.finditer(block.text):
                start, end = block.source_span(match.start(), match.end())
                yield context.finding(
                    PLACEHOLDER,
                    start,
                    end,
                    f"'{match.group(1)}' left in the text: write the missing part, or move it "
                    "to the open questions with an owner",
                )


class HeadingChecker:
    """Heading structure: skipped levels and duplicate sibling titles."""

    rules = (HEADING_INCREMENT, DUPLICATE_HEADING)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        allowed: set[int] = set()
        if context.template is not None:
            from writer.checks.structure.template import template_level_jumps

            allowed = template_level_jumps(document, context.template, context.matcher)
        # A document of no reviewed kind (meeting notes, an issue's body) often starts at
        # level 3 by its tool's habit; only a skip between its own headings is reported.
        reviewed = context.kind in KINDS
        for slip in level_slips(document, allowed, first_heading=reviewed):
            section = document.sections[slip.section]
            start, end = _heading_span(context, section.index)
            fix = None
            line_text = document.text[start:end]
            if (
                slip.wanted is not None
                and not section.setext
                and line_text.startswith("#" * section.level)
            ):
                fix = Fix(
                    f"make it a level-{slip.wanted} heading",
                    (Edit(start, start + section.level, "#" * slip.wanted),),
                )
            yield context.finding(HEADING_INCREMENT, start, end, slip.message, fix=fix)
        for section in document.sections:
            seen: dict[str, int] = {}
            for child_index in section.children:
                child = document.sections[child_index]
                key = " ".join(child.title.lower().split())
                if not key or TIMESTAMP_HEADING.match(child.title):
                    continue  # two events at the same minute, in a timeline of headings
                if key in seen:
                    start, end = _heading_span(context, child.index)
                    yield context.finding(
                        DUPLICATE_HEADING,
                        start,
                        end,
                        f"'{child.title}' repeats the heading on line {seen[key]}: merge the "
                        "sections or give this one a distinct title",
                    )
                else:
                    seen[key] = child.line


# A heading that states a value: "Level: Internal", "Status - Resolved", "Severity: SEV-2".
_VALUE_HEADING = re.compile(r"^[^:\n]{2,30}?\s*(?::|\s[-–—]\s)\s*\S")


# A heading that is one link and nothing else: its content lives where the link points.
_LINK_HEADING = re.compile(
    r"^\s{0,3}#{1,6}\s+(?:\[[^\]\n]+\]\([^)\s]+(?:\s+\"[^\"\n]*\")?\)|\[[^\]\n]+\]\[[^\]\n]*\]|<[a-z]+:[^>\s]+>)"
    r"\s*#*\s*$"
)


class EmptySectionChecker:
    rules = (EMPTY_SECTION,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        guidance: dict[int, str] = {}
        if context.template is not None:
            from writer.checks.structure.template import guidance_by_heading

            guidance = guidance_by_heading(document, context.template, context.matcher)
        headings = document.headings
        for section in headings:
            if section.has_content or section.children:
                continue
            if _VALUE_HEADING.match(section.title):
                continue  # "Level: Internal", "Severity: SEV-2": the heading carries the value
            if section.level == 1 and section is headings[0]:
                continue  # the document's title, followed by its sections
            start, end = _heading_span(context, section.index)
            if _LINK_HEADING.match(document.text[start:end]):
                continue  # "### [Agenda](https://...)": the heading points to its content
            hint = guidance.get(section.index)
            yield context.finding(
                EMPTY_SECTION,
                start,
                end,
                f"section '{section.title}' is empty: "
                + (f"{hint} " if hint else "")
                + "write it, say why it does not apply, or remove the heading",
            )


def _heading_span(context: CheckContext, section_index: int) -> tuple[int, int]:
    """Offsets of a heading's source line (without the newline)."""
    document = context.document
    section = document.sections[section_index]
    return document.index.line_span(section.line)
