"""Template text left in a postmortem: the team template's guidance, instructions to fill
something in later, the template's own numbering, and placeholders in the front matter.

Pure functions over a parsed document. What counts:

- guidance that describes the section instead of filling it: "Action items should directly
  address the items listed in lessons learned", "A timeline of the events important to the
  incident.", "The example below demonstrates one way of formatting it.", "This section ...";
- an instruction in italics, on one line or wrapped over several: "_Add the timeline here_",
  "*To be filled in later*" (one in
  brackets, "[describe the impact]", is a template slot: ``structure.placeholder`` reports it in
  any document, see :mod:`writer.templates.slots`);
- a title that keeps the template's number or date: "# 000 - Postmortem for ...",
  "# YYYY-MM-DD Outage";
- front matter values that were never filled in: ``approvers: TBD``, ``author: <name>``,
  ``date: YYYY-MM-DD``.

The bundled template's own skeleton text is ``structure.placeholder``'s business.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from writer.model.document import BlockKind, Document, ProseBlock

_ROLE_NAMES = (
    r"action\s+items?|actions|the\s+timeline|timelines?|the\s+summary|summary|impact|"
    r"(?:the\s+)?root\s+causes?|contributing\s+factors|lessons(?:\s+learned)?|follow[- ]ups?|"
    r"this\s+(?:section|template)|each\s+(?:item|action|entry|row)"
)


class _Patterns:
    def __init__(self) -> None:
        self.self_description = re.compile(
            rf"(?i)^\W*(?:{_ROLE_NAMES})\s+(?:should|must|shall|need\s+to|needs\s+to|"
            r"is\s+where|are\s+where|describes?|lists?|contains?)\b"
            r"|^\W*this\s+(?:document|report|postmortem)\s+(?:should|must|shall)\b"
        )
        self.describes_section = re.compile(
            r"(?i)^\W*(?:a|the)\s+(?:timeline|summary|list|description|overview|record)\s+of\s+"
            r"(?:the\s+)?(?:events?|actions?|what\s+happened|steps?|items?)\b[^.]{0,60}\.?\s*$"
        )
        self.template_words = re.compile(
            r"(?i)\b(?:the|this)\s+(?:example|template|format|sample)\s+(?:below|above)\b|"
            r"\bdemonstrates?\s+one\s+way\b|\bone\s+way\s+of\s+(?:formatting|writing|laying)\b|"
            r"\b(?:use|copy)\s+this\s+(?:template|section|format)\b|"
            r"\bnote\s+(?:that\s+)?the\s+\w+\s+(?:is|are)\s+(?:necessary|required|needed)\s+"
            r"(?:on|at|to|for)\b|\bin\s+this\s+case,\s+(?:what|how)\b"
        )
        self.italic_instruction = re.compile(
            r"^\s*(?:[-*+]\s+)?(?P<mark>[_*]{1,2})\s*(?:\(?\s*)(?P<text>(?:add|describe|list|fill\s+in|"
            r"include|replace|write|explain|summari[sz]e|provide|link|enter|insert|give|state|"
            r"tbd|to\s+be\s+(?:completed|filled|added|written|determined|confirmed)|"
            r"coming\s+soon|placeholder)\b[^\n]{0,160}?)(?P=mark)\s*$",
            re.IGNORECASE,
        )
        self.title_number = re.compile(
            r"^\s*#\s+(?P<mark>0{3,4}|X{3,4}|NNNN?|YYYY-MM-DD|20XX-XX-XX|yyyy-mm-dd)\b"
        )
        self.front_matter_value = re.compile(
            r"(?i)^(?:tbd|tbc|todo|n/?a\?|<[^>]+>|\[[^\]]+\]|yyyy-mm-dd|xx+|\?+|fill\s*me\s*in|"
            r"change\s*me|name|your\s+name)$"
        )


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


@dataclass(frozen=True)
class TemplateText:
    start: int  # offsets in the document's text
    end: int
    kind: str  # "guidance", "instruction", "title", "front matter"
    text: str


_FRONT_MATTER_KEYS = re.compile(
    r"(?i)^(?:approvers?|reviewers?|authors?|owners?|date|status|severity|incident[-_ ]?date|"
    r"incident[-_ ]?commander|responders?|team|ticket|jira|id)$"
)


def find_template_text(document: Document) -> Iterator[TemplateText]:
    """Every piece of template text left in the document."""
    patterns = _patterns()
    text = document.masked_text
    reported: set[int] = set()
    title = next((s for s in document.headings if s.level == 1), None)
    if title is not None:
        start, end = document.index.line_span(title.line)
        match = patterns.title_number.match(document.text[start:end])
        if match is not None:
            yield TemplateText(
                start + match.start("mark"), start + match.end("mark"), "title", match.group("mark")
            )
    yield from _front_matter(document)
    for block in document.blocks:
        if block.kind in (BlockKind.HEADING, BlockKind.TABLE_CELL):
            continue
        plain = block.text.strip()
        if not plain:
            continue
        first_sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
        found = None
        if (
            patterns.self_description.match(first_sentence)
            or (block.kind is BlockKind.PARAGRAPH and patterns.describes_section.match(plain))
            or patterns.template_words.search(plain)
        ):
            found = "guidance"
        if found is not None and block.line not in reported:
            reported.add(block.line)
            begin = len(block.text) - len(block.text.lstrip())
            start, end = block.source_span(begin, begin + len(first_sentence))
            yield TemplateText(start, end, found, first_sentence)
            continue
        if block.kind is BlockKind.PARAGRAPH and "\n" in plain:
            # An instruction in italics wrapped over lines ("*Describe how users were impacted
            # during the\nincident*"): read the paragraph's lines as one.
            first, last = _lines_of(document, block)
            joined = " ".join(text.split("\n")[first - 1 : last])
            match = patterns.italic_instruction.match(joined)
            if match is not None:
                reported.update(range(first, last + 1))
                start, end = block.source_span(0, len(block.text))
                yield TemplateText(start, end, "instruction", " ".join(match.group("text").split()))
    for number, line in enumerate(text.split("\n"), start=1):
        if number in reported or ("_" not in line and "*" not in line):
            continue
        match = patterns.italic_instruction.match(line)
        base = document.index.line_span(number)[0] if number <= document.index.line_count else 0
        if match is not None:
            reported.add(number)
            yield TemplateText(
                base + match.start("text"),
                base + match.end("text"),
                "instruction",
                match.group("text"),
            )
            continue


def _lines_of(document: Document, block: ProseBlock) -> tuple[int, int]:
    """The first and last line of a block."""
    start, end = block.source_span(0, len(block.text))
    return document.position(start)[0], document.position(max(start, end - 1))[0]


def _front_matter(document: Document) -> Iterator[TemplateText]:
    front = document.front_matter
    if front is None or not isinstance(front.data, dict):
        return
    patterns = _patterns()
    for key, value in front.data.items():
        if not isinstance(key, str) or not _FRONT_MATTER_KEYS.match(key):
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if not isinstance(item, str) or not patterns.front_matter_value.match(item.strip()):
                continue
            for number in range(front.start_line, front.end_line + 1):
                start, end = document.index.line_span(number)
                line = document.text[start:end]
                if re.match(rf"\s*{re.escape(key)}\s*:", line) or (
                    item in line and number > front.start_line
                ):
                    column = line.find(item.strip(), line.find(":") + 1 if ":" in line else 0)
                    if column < 0:
                        continue
                    yield TemplateText(
                        start + column,
                        start + column + len(item.strip()),
                        "front matter",
                        f"{key}: {item.strip()}",
                    )
                    break
