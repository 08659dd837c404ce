"""The text a grammar backend sees for one prose block, and the map back to the block.

A block's plain text has code spans, URLs and images removed, which leaves holes such as
"Run  now". A backend would flag the double space, so each removed code span, URL or image
becomes one neutral word (``X``); removed comments and inline HTML leave nothing, and the double
space they leave is closed. The backend never sees the code, the URL or the comment itself.
Matches on the stand-in word, and grammar (not spelling) matches right beside it, are dropped:
they are about the masked text, not the prose.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from writer.model.document import Document, ProseBlock

PLACEHOLDER = "X"
_CLOSING = frozenset(" .,;:!?)")


@dataclass(frozen=True)
class Segment:
    """``length`` characters at ``start`` in the grammar text come from the block at ``plain``."""

    start: int
    plain: int
    length: int


@dataclass(frozen=True)
class GrammarText:
    text: str
    segments: tuple[Segment, ...]
    holes: tuple[tuple[int, int], ...]  # spans of stand-in words in ``text``

    def near_hole(self, start: int, end: int, *, touching: bool) -> bool:
        """Whether ``text[start:end]`` overlaps or abuts a stand-in word (``touching``: or only
        spaces and brackets stand between them, as in "a  `--flag`" or "a [`name`](...)")."""
        for h_start, h_end in self.holes:
            if start <= h_end and end >= h_start:
                return True
            if not touching:
                continue
            between = self.text[end:h_start] if end <= h_start else self.text[h_end:start]
            if len(between) <= 4 and not between.strip(" \t\n[(\"'*_"):
                return True
        return False

    def to_plain(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a span of the grammar text to a span of the block's plain text."""
        if end <= start or not self.segments:
            return None
        first = self._plain_at(start, forward=True)
        last = self._plain_at(end - 1, forward=False)
        if first is None or last is None or last < first:
            return None
        return first, last + 1

    def _plain_at(self, offset: int, *, forward: bool) -> int | None:
        starts = [segment.start for segment in self.segments]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0:
            segment = self.segments[index]
            if offset < segment.start + segment.length:
                return segment.plain + offset - segment.start
        # ``offset`` fell on a stand-in word or a closed space: move to the nearest real text.
        if forward:
            following = index + 1
            if following < len(self.segments):
                return self.segments[following].plain
            return None
        if index >= 0:
            segment = self.segments[index]
            return segment.plain + segment.length - 1
        return None


def _is_masked_content(gap: str) -> bool:
    """Whether a stretch of source left out of the prose held words (code, a URL, an image)."""
    head = gap.lstrip(" \t*_~")
    if not head or head.startswith(("]", "<!--")):
        return False  # markup, a link destination, or a comment
    if "`" in gap or head.startswith("!["):
        return True
    if "://" in head or head.startswith("www."):
        return True
    return head.startswith("<") and (":" in head or "@" in head) and not head.startswith("</")


def grammar_text(document: Document, block: ProseBlock) -> GrammarText:
    """Build the text a backend checks for ``block``."""
    source = document.text
    text = block.text
    if block.pieces:
        first = block.pieces[0].source
        if source.startswith(text, first):  # nothing was left out: the common case
            return GrammarText(text, (Segment(0, 0, len(text)),) if text else (), ())
    parts: list[str] = []
    segments: list[Segment] = []
    holes: list[tuple[int, int]] = []
    length = 0
    previous_end: int | None = None
    for piece in block.pieces:
        chunk = block.text[piece.plain : piece.plain + piece.length]
        plain = piece.plain
        if previous_end is not None and piece.source > previous_end:
            gap = source[previous_end : piece.source]
            if "\n" not in gap and _is_masked_content(gap):
                holes.append((length, length + len(PLACEHOLDER)))
                parts.append(PLACEHOLDER)
                length += len(PLACEHOLDER)
            elif parts and parts[-1].endswith(" ") and chunk[:1] in _CLOSING:
                if chunk.startswith(" "):  # "a <!-- note --> b": one space, not two
                    chunk = chunk[1:]
                    plain += 1
                elif segments and segments[-1].length > 1:  # "a <!-- note -->.": no space
                    last = segments.pop()
                    segments.append(Segment(last.start, last.plain, last.length - 1))
                    parts[-1] = parts[-1][:-1]
                    length -= 1
        if chunk:
            segments.append(Segment(length, plain, len(chunk)))
            parts.append(chunk)
            length += len(chunk)
        previous_end = piece.source + piece.length
    return GrammarText("".join(parts), tuple(segments), tuple(holes))
