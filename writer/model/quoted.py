"""Text in a document that is not the author's own prose: block quotes, pasted chat logs and
transcripts, log lines, and sentences quoted inside quotation marks. Style rules judge how the
author writes; they leave these alone.
"""

from __future__ import annotations

import bisect
import re

from writer.model.document import BlockKind, Document

# A section that holds what others wrote: a chat log, a transcript, pasted logs or messages.
_PASTED_HEADING = re.compile(
    r"(?i)\b(?:chat(?:\s+logs?)?|slack|irc|transcripts?|logs?|conversations?|emails?|e-mails?|"
    r"correspondence)\b"
)
# A log line: a timestamp then a level, or key=value fields.
_LOG_LINE = re.compile(
    r"(?im)^[ \t>-]*\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?[^\n]*?\b"
    r"(?:TRACE|DEBUG|INFO|WARN(?:ING)?|ERROR|FATAL|CRITICAL|level=\w+)\b[^\n]*$"
)
# A chat message: a time, then a person's handle and a colon ("[10:32] alice: ...",
# "10:32 <alice> ...").
_CHAT_LINE = re.compile(
    r"(?m)^[ \t>*-]*\[\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]\s*<?@?[\w.-]{2,32}>?:?\s[^\n]*$"
    r"|^[ \t>*-]*\d{1,2}:\d{2}(?::\d{2})?\s+<@?[\w.-]{2,32}>\s[^\n]*$"
)
# A sentence quoted inside quotation marks: four words or more (see _quotations).
_QUOTE_MARK = re.compile(r"[\"“”]")


def quoted_spans(document: Document) -> list[tuple[int, int]]:
    """Sorted, merged source spans of text the author quotes or pastes."""
    spans: list[tuple[int, int]] = []
    for block in document.blocks:
        if block.kind is BlockKind.BLOCKQUOTE and block.pieces:
            last = block.pieces[-1]
            spans.append((block.pieces[0].source, last.source + last.length))
    for section in document.headings:
        if _PASTED_HEADING.search(section.title):
            start = document.index.offset(section.body_start_line)
            end = document.index.line_span(section.end_line)[1]
            if end > start:
                spans.append((start, end))
    text = document.text
    if ":" in text:
        spans.extend(match.span() for match in _LOG_LINE.finditer(text))
        spans.extend(match.span() for match in _CHAT_LINE.finditer(text))
    if '"' in text or "“" in text:
        spans.extend(_quotations(text))
    return _merged(spans)


def _quotations(text: str) -> list[tuple[int, int]]:
    """Spans of quotations of four words or more: an opening ``"`` or ``“``, then text up to
    the next quotation mark, which closes it (``"`` or ``”``) and leaves at least three spaces
    inside, the third before the last character, with no line break but at those spaces (at
    most three). The same spans as the pattern
    ``["“]([^"“”\\n]*?\\s[^"“”\\n]*?\\s[^"“”\\n]*?\\s[^"“”\\n]+?)["”]`` finds, in time
    linear in the text: that pattern, tried from every opening mark, backtracks through every
    way of placing its three spaces on a long line."""
    marks = [(match.start(), match.group()) for match in _QUOTE_MARK.finditer(text)]
    found: list[tuple[int, int]] = []
    resume = 0  # a match ends where the next search starts
    for index, (start, mark) in enumerate(marks):
        if start < resume or mark == "”" or index + 1 == len(marks):
            continue
        close, closer = marks[index + 1]
        if closer == "“" or close - start < 5:
            continue
        inside = text[start + 1 : close]
        if inside[-1] == "\n" or inside.count("\n") > 3:
            continue
        if sum(1 for char in inside[:-1] if char.isspace()) >= 3:
            found.append((start, close + 1))
            resume = close + 1
    return found


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls in one of the sorted, merged ``spans``."""
    index = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
