"""Where a postmortem states its impact, and whether it is measured there.

The impact is read from every place named for it (a heading, a bold label, a bullet field with
or without bold), when there is one: a figure in any of them measures it, and an impact
measured nowhere is reported at the first. Otherwise it is read from the summary (or the
untitled opening text), but only when the summary says what the incident did ("users could
not log in", "the service was down"): a summary that only tells the cause leaves the impact to
the structure checks. A summary's subsections ("Things that went well") are read only when
it has no text of its own, and an opening that holds only metadata fields ("Date: ...",
"Status: ...") gives way to the first section no role names ("Introduction").
"""

from __future__ import annotations

import re

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.postmortem.impact import quantified, states_impact, vague_words
from writer.model.document import BlockKind, Document, ProseBlock, Section
from writer.templates.roles import Region

_ASK = "how many users, requests or builds, what share or error rate, for how long"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _opening_blocks(document: Document) -> list[ProseBlock]:
    """The prose before a document's first heading (front matter and code left out)."""
    first = min((section.line for section in document.headings), default=None)
    return [
        block
        for block in document.blocks
        if block.kind is not BlockKind.HEADING and (first is None or block.line < first)
    ]


def _statement(
    document: Document, blocks: list[ProseBlock], *, need_cue: bool
) -> tuple[int, int, str] | None:
    """The first sentence that states the impact (its span and text); without ``need_cue``,
    the first sentence with a vague stand-in, else the first sentence."""
    first: tuple[int, int, str] | None = None
    for block in blocks:
        for sentence in block.sentences:
            if not sentence.text.strip():
                continue
            start, end = block.source_span(sentence.start, sentence.end)
            found = (start, end, sentence.text)
            if first is None:
                first = found
            if states_impact(sentence.text) or (not need_cue and vague_words(sentence.text)):
                return found
    return None if need_cue else first


def _impact_regions(context: CheckContext) -> list[Region]:
    """Every place the document tells its impact, in reading order: the section the template
    or the role names find, and any other heading, bold label or bullet field named for it (an
    "Impact:" field in the summary and an "Impact assessment" section further down)."""
    from writer.templates.roles import POSTMORTEM_ROLES

    document = context.document
    first = sections.find(document, context.template, "impact", context.matcher)
    if first is None:
        return []
    others = sections.named_regions(document, "impact", POSTMORTEM_ROLES)
    found = [first, *(r for r in others if r.line != first.line), *_plain_fields(document)]
    return sections.outermost(found)


# A bullet field without bold: "* Impact: block production stalled ...".
_PLAIN_FIELD = re.compile(
    r"^(?P<indent>[ \t]{0,8})[-*+][ \t]+(?P<label>[A-Za-z][\w ]{1,40}?)[ \t]*:[ \t]+\S"
)


def _plain_fields(document: Document) -> list[Region]:
    """Bullet fields without bold whose label names the impact, with the lines indented
    under them."""
    from writer.templates.roles import POSTMORTEM_ROLES, role_of

    lines = document.masked_text.split("\n")
    found = []
    for index, line in enumerate(lines):
        match = _PLAIN_FIELD.match(line)
        if match is None or role_of(match.group("label"), POSTMORTEM_ROLES) != "impact":
            continue
        indent = len(match.group("indent").expandtabs(4))
        end = index + 1
        while end < len(lines) and lines[end].strip():
            row = lines[end]
            if len(row) - len(row.lstrip()) <= indent:
                break
            end += 1
        label = match.group("label").strip()
        found.append(Region("impact", label, index + 1, index + 1, end, end, "field", None))
    return found


# A line that is only a metadata field: "**Date**: 30th January 2023", "Status: Resolved".
_FIELD_LINE = re.compile(r"^\W*[A-Za-z][\w ]{0,30}?\W*:\W*\S[^.!?]{0,60}$")


def _opening_section(document: Document, blocks: list[ProseBlock]) -> Section | None:
    """When the text under the title is only metadata fields ("Date: ...", "Status: ..."),
    the first section after it that no role names ("Introduction") opens the story."""
    from writer.templates.roles import POSTMORTEM_ROLES, role_of

    lines = [line for block in blocks for line in block.text.split("\n") if line.strip()]
    if not lines or not all(_FIELD_LINE.match(line.strip()) for line in lines):
        return None
    top = [section for section in document.headings if section.level > 0]
    if len(top) < 2:
        return None
    following = top[1]
    if role_of(following.title, POSTMORTEM_ROLES) is not None:
        return None
    return following


def _template_lines(document: Document) -> set[int]:
    """The lines that hold the template's own text (its italic instructions, its guidance)."""
    from writer.checks.postmortem.template_text import find_template_text

    return {document.position(found.start)[0] for found in find_template_text(document)}


def unquantified_impact(context: CheckContext) -> tuple[int, int, str] | None:
    """The span and message of an impact that gives no figure, or None."""
    document = context.document
    regions = _impact_regions(context)
    if regions:
        read: list[tuple[Region, list[ProseBlock]]] = []
        template = _template_lines(document)
        for region in regions:
            blocks = [
                block
                for block in sections.blocks(document, region)
                if block.text.strip().rstrip(":").lower() != region.title.strip().lower()
                and block.line not in template  # the template's instruction, not the account
            ]
            text = "\n\n".join(block.text for block in blocks)
            if quantified(text):
                return None
            if text.strip():
                read.append((region, blocks))
        if not read:
            return None  # an empty section is the structure checks' business
        region, blocks = read[0]  # the first place that tells the impact
        where = f"the impact ('{_short(region.title, 30)}')"
        found = _statement(document, blocks, need_cue=False)
        if found is not None:  # a field's sentence is quoted without its label
            label = re.match(rf"\W*{re.escape(region.title)}\W*:\s*", found[2], re.IGNORECASE)
            if label is not None:
                found = (found[0], found[1], found[2][label.end() :])
    else:
        summary = sections.find(document, context.template, "summary", context.matcher)
        if summary is not None:
            # its own text: subsections ("Things that went well") are parts of their own
            blocks = sections.blocks(document, summary, own_only=True) or sections.blocks(
                document, summary
            )
            title = _short(summary.title, 30)
            where = f"the summary ('{title}'), the only place the impact is told,"
            if summary.form == "untitled":
                where = "the opening text, the only place the impact is told,"
                opening = _opening_section(document, blocks)
                if opening is not None:
                    blocks = sections.blocks(document, sections.of_section("summary", opening))
                    title = _short(opening.title, 30)
                    where = f"the opening section ('{title}'), the only place the impact is told,"
        else:
            blocks = _opening_blocks(document)
            where = "the opening text, the only place the impact is told,"
        text = "\n\n".join(block.text for block in blocks)
        if not text.strip() or quantified(text):
            return None
        found = _statement(document, blocks, need_cue=True)
    if found is None:
        return None
    start, end, sentence = found
    vague = vague_words(sentence)
    said = f"'{vague}'" if vague else f"'{_short(sentence)}'"
    line = document.position(start)[0]
    end = min(end, document.index.line_span(line)[1])
    message = (
        f"{where} gives no figure: {said} (line {line}) says what happened, not how much; "
        f"give {_ASK}"
    )
    return start, end, message
