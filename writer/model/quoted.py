"""Text in a document that is not the author's own prose: block quotes, pasted chat logs and
transcripts, log lines, and sentences quoted inside quotation marks. Style rules judge how the
author writes; they leave these alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from writer.model.document import BlockKind, Document

# A section that holds what others wrote: a chat log, a transcript, pasted logs or messages.
# The heading names the record as its whole subject ("Slack log", "GKE chat transcript",
# "Appendix B: Internal email", "Logs"), at most two words before it: a heading that only
# mentions one ("CRI Container Log Rotation", "Email/password login", "Audit log",
# "Change log") titles the author's own prose.
_TALK = r"(?:chat|slack|irc|discord)"
_RECORD = r"(?:logs?|transcripts?|messages?|threads?|history|excerpts?)"
_PASTED_HEADING = re.compile(
    r"(?i)^(?:appendix\b[^:\-–—]{0,12}[:\-–—]\s*|[\d.]+\s+)?"
    r"(?:[\w#@/.'’-]+\s+){0,2}?"
    rf"(?:{_TALK}|(?:{_TALK}|zoom|meeting|channel)\s+{_RECORD}"
    r"|transcripts?|conversations?|e-?mails?|correspondence)"
    r"\s*[:.]?$"
    r"|^(?:appendix\b[^:\-–—]{0,12}[:\-–—]\s*|[\d.]+\s+)?(?:raw\s+|pasted\s+)?logs?\s*[:.]?$"
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
# A sentence quoted inside quotation marks: four words or more. A quotation mark opens before a
# word and closes after one, so the text between two quotations is never taken for one. This
# pattern defines them; :func:`_quotations` finds the same spans in one pass.
_QUOTATION = re.compile(
    r"(?<!\w)[\"“](?=\S)([^\"“”\n]*?\s[^\"“”\n]*?\s[^\"“”\n]*?\s[^\"“”\n]+?)(?<=\S)[\"”](?!\w)"
)
_QUOTE_MARK = re.compile(r"[\"“”]")
# A word or a few in single quotation marks ('kubernetes' label): a name quoted as itself. An
# apostrophe inside a word (don't, it's) neither opens nor closes one.
_SINGLE_QUOTED = re.compile(r"(?<![\w'‘’])['‘](?=\w)[^'‘’\n]{1,60}?(?<=[\w.])['’](?![\w'‘’])")
# Anything in quotation marks, a word or an example included.
_ANY_QUOTATION = re.compile(r"(?<!\w)[\"“](?=\S)[^\"“”\n]{1,200}?(?<=\S)[\"”](?!\w)")


def quoted_spans(
    document: Document, *, examples: bool = False, sentences: bool = True, names: bool = False
) -> list[tuple[int, int]]:
    """Sorted, merged source spans of text the author quotes or pastes; with ``examples``, every
    span in quotation marks (a word or phrase quoted as an example of itself: "a apple").
    Without ``sentences``, sentences in quotation marks inside the author's paragraph are left
    out; with ``names``, words in quotation marks (at most three: a name quoted as itself, the
    "kubernetes" service) are in."""
    spans: list[tuple[int, int]] = []
    for block in document.blocks:
        if block.kind is BlockKind.BLOCKQUOTE and block.pieces:
            last = block.pieces[-1]
            spans.append((block.pieces[0].source, last.source + last.length))
    for section in document.headings:
        if _PASTED_HEADING.match(section.title.strip()):
            start = document.index.offset(section.body_start_line)
            end = document.index.line_span(section.end_line)[1]
            if end > start:
                spans.append((start, end))
    text = document.text
    if ":" in text:
        spans.extend(match.span() for match in _LOG_LINE.finditer(text))
        spans.extend(match.span() for match in _CHAT_LINE.finditer(text))
    if '"' in text or "“" in text:
        if examples:
            spans.extend(match.span() for match in _ANY_QUOTATION.finditer(text))
        else:
            if sentences:
                spans.extend(_quotations(text))
            if names:
                spans.extend(_names_quoted(_ANY_QUOTATION, text))
    if names and ("'" in text or "‘" in text):
        spans.extend(_names_quoted(_SINGLE_QUOTED, text))
    return _merged(spans)


def _names_quoted(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Quotations of at most three words."""
    for match in pattern.finditer(text):
        if sum(1 for char in match.group() if char.isspace()) < 3:
            yield match.span()


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _quotations(text: str) -> list[tuple[int, int]]:
    """The spans :data:`_QUOTATION` finds, in time linear in the text. Tried from every
    opening mark, the pattern backtracks through every placing of its three spaces on a long
    line; here each mark is looked at once. A quotation opens at ``"`` or ``“`` (after no word
    character, before no space) and runs to the next quotation mark, which must close it
    (``"`` or ``”``, after no space, before no word character), with at least three spaces
    inside and no line break but at those spaces (at most three)."""
    marks = [(match.start(), match.group()) for match in _QUOTE_MARK.finditer(text)]
    length = len(text)
    found: list[tuple[int, int]] = []
    resume = 0  # a match ends where the next search starts
    for index, (start, mark) in enumerate(marks):
        if start < resume or mark == "”" or index + 1 == len(marks):
            continue
        if start > 0 and _word(text[start - 1]):
            continue
        close, closer = marks[index + 1]
        if closer == "“" or close - start < 5:
            continue
        if text[start + 1].isspace() or text[close - 1].isspace():
            continue
        if close + 1 < length and _word(text[close + 1]):
            continue
        inside = text[start + 1 : close]
        if inside.count("\n") > 3:
            continue
        if sum(1 for char in inside if char.isspace()) >= 3:
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
