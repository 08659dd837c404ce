"""Positions as a language client counts them.

A client names a place by line and character. Lines end at ``\\n``, ``\\r\\n`` or ``\\r`` and at
nothing else (not at a form feed, not at U+2028, which Python's ``splitlines`` would split at).
A character counts code units of the encoding the client and the server agreed on at start-up:
UTF-16 by default (an emoji is two, a CJK character one), UTF-8 (an emoji is four, a CJK character
three) or UTF-32 (code points). The checks count code points from the start of the text, so every
position crosses this module.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


@dataclass(frozen=True)
class LineMap:
    """Offsets into ``text`` (code points) to and from a client's (line, character), 0-based.

    ``lead`` is text the client has at the start of its first line that ``text`` lacks (the
    byte-order mark a parser strips), so positions on that line still land where the client
    expects them.
    """

    text: str
    encoding: str = UTF16
    lead: str = ""
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = [0]
        starts.extend(match.end() for match in _LINE_BREAK.finditer(self.text))
        object.__setattr__(self, "starts", tuple(starts))

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def line_end(self, line: int) -> int:
        """The offset just after the last character of ``line``, before its line break."""
        if line + 1 >= len(self.starts):
            return len(self.text)
        end = self.starts[line + 1] - 1
        if end > self.starts[line] and self.text[end] == "\n" and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        if not 0 <= line < len(self.starts):
            return ""
        return self.text[self.starts[line] : self.line_end(line)]

    def position(self, offset: int) -> tuple[int, int]:
        """The client's (line, character) of ``offset``; an offset inside a line break is the
        end of its line."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        end = min(offset, self.line_end(line))
        character = units(self.text[start:end], self.encoding)
        if line == 0 and self.lead:
            character += units(self.lead, self.encoding)
        return line, character

    def offset(self, line: int, character: int) -> int:
        """The offset of the client's (line, character). Past the end of a line is its end, past
        the last line the end of the text; inside a character (half of a surrogate pair), the
        start of that character."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.starts[line], self.line_end(line)
        if line == 0 and self.lead:
            character -= units(self.lead, self.encoding)
        if character <= 0:
            return start
        segment = self.text[start:end]
        if self.encoding == UTF32 or segment.isascii():
            return start + min(character, len(segment))
        counted = 0
        for index, char in enumerate(segment):
            width = units(char, self.encoding)
            if counted + width > character:
                return start + index
            counted += width
        return end
