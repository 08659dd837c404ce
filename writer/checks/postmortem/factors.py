"""Read a postmortem's contributing factors and the fixes it describes, for matching factors to
action items.

Factors are the top-level list items under a cause-like section ("Root cause", "Contributing
factors", "Five whys") or under a "What went wrong" / "Things that went poorly" part of the
lessons, and the text of a bold "Root cause:" field. Fixes are the action items, the rest of
the action-items section (sub-bullets, prose) and the sentences of the resolution section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from writer.checks import sections
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.headings import normalise
from writer.templates.roles import Region

_WENT_WRONG = re.compile(
    r"\b(?:went\s+(?:wrong|poorly|badly|less\s+well|not\s+so\s+well)|didn?\s*t\s+go|did\s+not\s+go|"
    r"could\s+(?:have\s+gone|be\s+improved|go\s+better)|needs?\s+improvement|room\s+for\s+improvement|"
    r"what\s+was\s+bad)\b"
)
# A factor the text says is fixed already ("was reverted", "has been patched").
_FIXED = re.compile(
    r"(?i)\b(?:was|were|has\s+been|have\s+been|is\s+now|are\s+now|got|since)\s+(?:\w+\s+){0,2}?"
    r"(?:fixed|resolved|reverted|patched|addressed|corrected|removed|rolled\s+back|replaced|"
    r"deleted|mitigated)\b|\b(?:now|since)\s+(?:fixed|resolved)\b|\(\s*(?:fixed|done|resolved)\b"
)
# A factor outside the team's control, stated as such.
_OUTSIDE = re.compile(
    r"(?i)\b(?:outside|beyond|out\s+of)\s+(?:of\s+)?(?:our|the\s+team'?s?|anyone'?s|their)?\s*"
    r"control\b|\bthird[- ]part(?:y|ies)\b|\bupstream\b|\bvendor'?s?\b|\bcloud\s+provider\b"
)
_ENTITY = re.compile(r"&#?[0-9a-zA-Z]+;")
# What the incident led to, not what led to it ("The incident caused the freeze to slip").
_CONSEQUENCE = re.compile(
    r"(?i)^\W*(?:the|this)\s+(?:incident|outage|issue)\s+(?:caused|led\s+to|resulted\s+in|meant)\b"
)
# Template guidance or placeholders in place of a factor.
_PLACEHOLDER = re.compile(r"(?i)^\W*(?:\[[^\]]*\]|<[^>]*>|tbd|todo|n/?a|\.\.\.|xxx)\W*$|e\.g\.")


@dataclass(frozen=True)
class Factor:
    """One contributing factor: its block (a list item or a field's paragraph)."""

    block: ProseBlock


def _cause_blocks(document: Document, region: Region) -> list[ProseBlock]:
    found = sections.blocks(document, region)
    listed = [b for b in found if b.kind is BlockKind.LIST_ITEM]
    if listed:
        top = min(b.depth for b in listed)
        return [b for b in listed if b.depth == top]  # sub-bullets are details
    if region.form in ("label", "field"):
        # a bold "Root cause:" field: its one paragraph is the factor
        paragraphs = [b for b in found if b.kind is BlockKind.PARAGRAPH]
        return paragraphs[:1] if len(paragraphs) == 1 else []
    return []


def _went_wrong_blocks(document: Document) -> list[ProseBlock]:
    out: list[ProseBlock] = []
    for section in document.sections:
        if section.level == 0 or not _WENT_WRONG.search(normalise(section.title)):
            continue
        own = [
            b for b in document.blocks_in(section, own_only=True) if b.kind is BlockKind.LIST_ITEM
        ]
        if own:
            top = min(b.depth for b in own)
            out.extend(b for b in own if b.depth == top)
    return out


def contributing_factors(document: Document, region: Region | None) -> list[Factor]:
    """The factors to match, in document order, each once."""
    blocks = _cause_blocks(document, region) if region is not None else []
    blocks += _went_wrong_blocks(document)
    seen: set[int] = set()
    out: list[Factor] = []
    for block in sorted(blocks, key=lambda b: b.line):
        if block.line in seen:
            continue
        seen.add(block.line)
        text = _ENTITY.sub(" ", block.text).strip()
        if text.endswith(("?", ":")) or _PLACEHOLDER.search(text) or _CONSEQUENCE.match(text):
            continue
        if _FIXED.search(text) or _OUTSIDE.search(text):
            continue
        out.append(Factor(block))
    return out


def fix_texts(document: Document, region: Region | None) -> list[str]:
    """Text that describes a fix done or planned: the blocks of ``region`` (the resolution or
    the action items) one by one."""
    if region is None:
        return []
    return [b.text for b in sections.blocks(document, region) if b.kind is not BlockKind.TABLE_CELL]
