"""The document model: one markdown-it-py parse into front matter, sections and prose blocks.

Every piece of prose keeps a map back to ``Document.text`` so that any finding lands on an exact
1-based line and column (columns count Unicode code points). ``Document.text`` is the input with a
leading byte-order mark removed and CRLF/CR line endings turned into LF, as Vale does.

Masked from prose: front matter, fenced and indented code, HTML blocks and comments, inline code,
URLs, link destinations and images. Inline markup (emphasis markers, link brackets, escapes) is
dropped, so ``the **the**`` reads as ``the the``.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from writer.infra.yaml_errors import yaml_problem
from writer.model.lines import cell_bounds


class BlockKind(str, enum.Enum):
    """What kind of markdown element a prose block came from."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    BLOCKQUOTE = "blockquote"


@dataclass(frozen=True, slots=True)
class Piece:
    """``length`` characters of plain text at ``plain`` come from ``Document.text[source:]``."""

    plain: int
    source: int
    length: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offsets into the block's plain text
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Word:
    start: int  # offsets into the block's plain text
    end: int
    text: str


_WORD = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "cf",
        "al",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "no",
        "vol",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "eq",
        "resp",
    ]
)
# Tried only where a run of end punctuation begins, so a long run of dots is read once.
# A sentence may also start in lower case (a command, a tool's name, a slip), after a whole
# word that is no abbreviation: see ``split_sentences``.
_SENTENCE_END = re.compile(
    r"(?<![.!?])[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*(?:(?P<lower>[a-z])|[A-Z0-9])|\s*$)"
)


@dataclass(frozen=True, slots=True)
class ProseBlock:
    """A run of prose: a paragraph, heading, list item paragraph, table cell or quote paragraph.

    ``text`` is the plain text a reader sees; ``pieces`` map it back to ``Document.text``.
    """

    kind: BlockKind
    text: str
    pieces: tuple[Piece, ...]
    line: int  # 1-based line of the block's first character
    section: int  # index into Document.sections
    depth: int = 0  # list or quote nesting
    # Worked out when first asked for (a document may hold a million blocks: no dict each).
    _starts: list[int] | None = field(default=None, init=False, repr=False, compare=False)
    _words: tuple[Word, ...] | None = field(default=None, init=False, repr=False, compare=False)
    _sentences: tuple[Sentence, ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def source_offset(self, plain_offset: int) -> int:
        """Map an offset in ``text`` to an offset in ``Document.text``."""
        pieces = self.pieces
        if not pieces:
            return 0
        if len(pieces) == 1:
            piece = pieces[0]
        else:
            starts = self._starts
            if starts is None:
                starts = [piece.plain for piece in pieces]
                object.__setattr__(self, "_starts", starts)
            index = bisect.bisect_right(starts, plain_offset) - 1
            piece = pieces[max(index, 0)]
        delta = plain_offset - piece.plain
        if delta > piece.length:
            delta = piece.length
        return piece.source + delta

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a plain-text span to a source span (end exclusive)."""
        if end <= start:
            begin = self.source_offset(start)
            return begin, begin
        return self.source_offset(start), self.source_offset(end - 1) + 1

    @property
    def words(self) -> tuple[Word, ...]:
        found = self._words
        if found is None:
            found = tuple(Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(self.text))
            object.__setattr__(self, "_words", found)
        return found

    @property
    def word_count(self) -> int:
        """``len(words)``, without making the words."""
        found = self._words
        return len(found) if found is not None else len(_WORD.findall(self.text))

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        found = self._sentences
        if found is None:
            found = tuple(split_sentences(self.text))
            object.__setattr__(self, "_sentences", found)
        return found


_TAIL = 64  # longer than any abbreviation


def _blank(text: str) -> str:
    """``text`` with every character but newlines a space (same length, same lines)."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def split_sentences(text: str) -> Iterator[Sentence]:
    """Split plain text into sentences: terminal punctuation followed by a capital or the end."""
    start = 0
    length = len(text)
    while start < length and text[start].isspace():
        start += 1
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if end <= start:
            continue
        # Only the last word matters, and only when it is short: look at a short tail, so a
        # long sentence of abbreviations is not sliced again at each one.
        before = text[max(start, match.start() - _TAIL) : match.start()]
        last_word = before.rsplit(None, 1)[-1] if before and not before.isspace() else ""
        bare = last_word.lower().strip("(\"'“‘")
        if match.group().startswith(".") and (
            bare in _ABBREVIATIONS or (len(bare) == 1 and bare.isalpha())
        ):
            continue
        if match.group("lower") and not (
            match.group() in (".", "!", "?") and len(bare) > 2 and bare.isalpha()
        ):
            continue  # "e.g. foo", "v1.2. then", "`x`. and": not a sentence break
        yield Sentence(start, end, text[start:end])
        start = end
        while start < length and text[start].isspace():
            start += 1
    end = len(text.rstrip())
    if start < end:
        yield Sentence(start, end, text[start:end])


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything under it until the next heading of the same or a higher level.

    The root section (index 0, level 0, no heading) holds what comes before the first heading.
    """

    index: int
    title: str  # plain text of the heading
    raw_title: str  # the heading's source text without the ``#`` markers
    level: int
    line: int  # line of the heading (1 for the root)
    end_line: int  # last line of the section, subsections included
    body_start_line: int  # first line after the heading
    body_end_line: int  # last line before the first subsection or next heading
    parent: int | None
    children: tuple[int, ...]
    heading_block: int | None  # index into Document.blocks
    start: int  # offset of the heading (or 0) in Document.text
    end: int  # offset after the section's last character
    has_content: bool  # any block (prose, code, table) in the section's own body
    setext: bool = False


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment: where it is and what it says (used for suppressions)."""

    start: int
    end: int
    line: int
    end_line: int
    body: str
    own_line: bool  # nothing but the comment on its lines


@dataclass(frozen=True, slots=True)
class FrontMatter:
    raw: str
    data: dict[str, Any] | None
    start_line: int
    end_line: int
    error: str | None = None
    error_line: int | None = None


class LineIndex:
    """Offsets <-> 1-based (line, column) for a text."""

    def __init__(self, text: str) -> None:
        # One machine word per line, not an int object each (a document may have a million).
        starts = array("q", [0])
        append = starts.append
        find = text.find
        position = find("\n")
        while position != -1:
            append(position + 1)
            position = find("\n", position + 1)
        self.starts = starts
        self.length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        if offset < 0:
            offset = 0
        if offset > self.length:
            offset = self.length
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1

    def offset(self, line: int, column: int = 1) -> int:
        if line < 1:
            return 0
        if line > len(self.starts):
            return self.length
        return min(self.starts[line - 1] + column - 1, self.length)

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of the line's first character and of its end (before the newline)."""
        start = self.offset(line)
        end = self.starts[line] - 1 if line < len(self.starts) else self.length
        return start, end

    @property
    def line_count(self) -> int:
        return len(self.starts)


@dataclass(frozen=True)
class Document:
    """A parsed markdown document. Build it with :func:`parse`."""

    path: str | None
    text: str
    newline: str
    had_bom: bool
    front_matter: FrontMatter | None
    sections: tuple[Section, ...]
    blocks: tuple[ProseBlock, ...]
    code_lines: frozenset[int]  # lines inside fenced/indented code or HTML blocks
    masked_spans: tuple[tuple[int, int], ...]  # sorted non-prose spans of text
    comments: tuple[Comment, ...]
    index: LineIndex = field(repr=False, compare=False)
    # The line where lists or quotes nest deeper than the parser follows (MAX_NESTING): the
    # text from there on may not have been read as prose.
    too_deep: int | None = None
    html_lines: frozenset[int] = frozenset()  # lines of raw HTML blocks (also in code_lines)

    def position(self, offset: int) -> tuple[int, int]:
        return self.index.position(offset)

    def line_text(self, line: int) -> str:
        start, end = self.index.line_span(line)
        return self.text[start:end]

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def section_at(self, offset: int) -> Section:
        """The innermost section containing ``offset``: the last one that starts at or before it."""
        index = bisect.bisect_right(self._section_starts, offset) - 1
        return self.sections[max(index, 0)]

    @functools.cached_property
    def _section_starts(self) -> list[int]:
        return [section.start for section in self.sections]

    def blocks_in(self, section: Section, *, own_only: bool = False) -> Iterator[ProseBlock]:
        """Prose blocks of a section (its subsections too, unless ``own_only``).

        Blocks are in document order, so a section's blocks, and its subsections' after them,
        are one run of :attr:`blocks`: found by bisection, not by reading every block."""
        last = section.index if own_only else self._last_descendant[section.index]
        numbers = self._block_sections
        low = bisect.bisect_left(numbers, section.index)
        high = bisect.bisect_right(numbers, last, low)
        yield from self.blocks[low:high]

    @functools.cached_property
    def _block_sections(self) -> list[int]:
        return [block.section for block in self.blocks]

    @functools.cached_property
    def _last_descendant(self) -> list[int]:
        """Per section, the index of its last descendant (itself when it has none)."""
        last = list(range(len(self.sections)))
        for section in reversed(self.sections):
            if section.children:
                last[section.index] = last[section.children[-1]]
        return last

    def descendants(self, section: Section) -> Iterator[int]:
        """The indices of the section and every section nested in it, in document order."""
        yield from range(section.index, self._last_descendant[section.index] + 1)

    def section_text(self, section: Section, *, own_only: bool = False) -> str:
        """The plain prose of a section, blocks separated by blank lines."""
        return "\n\n".join(
            block.text
            for block in self.blocks_in(section, own_only=own_only)
            if block.kind is not BlockKind.HEADING
        )

    def is_masked(self, offset: int) -> bool:
        spans = self.masked_spans
        index = bisect.bisect_right(spans, (offset, len(self.text) + 1)) - 1
        return index >= 0 and spans[index][0] <= offset < spans[index][1]

    @functools.cached_property
    def masked_text(self) -> str:
        """``text`` with every non-prose span blanked (newlines kept): same length, same offsets."""
        if not self.masked_spans:
            return self.text
        parts: list[str] = []
        cursor = 0
        for start, end in self.masked_spans:
            if start < cursor:
                start = cursor
            if end <= start:
                continue
            parts.append(self.text[cursor:start])
            parts.append(_blank(self.text[start:end]))
            cursor = end
        parts.append(self.text[cursor:])
        return "".join(parts)

    @functools.cached_property
    def word_count(self) -> int:
        return len(_WORD.findall("\n".join(block.text for block in self.blocks)))

    @property
    def headings(self) -> list[Section]:
        return [section for section in self.sections if section.level > 0]


# --------------------------------------------------------------------------------------------
# Parsing

_FRONT_MATTER_FENCES = {"---": ("---", "..."), "+++": ("+++",)}


# Token levels the parser follows (a list is two, its list and its item; a quote one): a
# hundred nested lists, two hundred nested quotes. CommonMark's usual 20 dropped the text of a
# document with ten nested lists, and with it everything after; deeper than this the parser's
# own recursion runs out, so deeper nesting is reported (see ``Document.too_deep``).
MAX_NESTING = 200


def _make_parser() -> MarkdownIt:
    """Block structure only: inline markup is read from the source by ``_INLINE`` instead."""
    options = {"html": True, "maxNesting": MAX_NESTING}
    parser = MarkdownIt("commonmark", options).enable("table").enable("strikethrough")
    parser.disable("inline")
    parser.disable("text_join")
    return parser


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return _make_parser()


def normalize(text: str) -> tuple[str, str, bool]:
    """Strip a BOM and turn CRLF/CR into LF. Returns (text, dominant newline, had BOM)."""
    had_bom = text.startswith("\ufeff")
    if had_bom:
        text = text[1:]
    newline = "\n"
    if "\r" in text:
        crlf = text.count("\r\n")
        lone_cr = text.count("\r") - crlf
        lf = text.count("\n") - crlf
        if crlf >= max(lf, lone_cr) and crlf:
            newline = "\r\n"
        elif lone_cr > lf:
            newline = "\r"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, newline, had_bom


def parse(text: str, path: str | None = None) -> Document:
    """Parse markdown text once into a :class:`Document`."""
    text, newline, had_bom = normalize(text)
    index = LineIndex(text)
    front_matter = _front_matter(text, index)
    parse_text = text
    masked: list[tuple[int, int]] = []
    if front_matter is not None:
        fm_end = index.line_span(front_matter.end_line)[1]
        masked.append((0, fm_end))
        # Blank the front matter for the markdown parser so line numbers stay the same.
        parse_text = "\n" * (front_matter.end_line - 1) + "\n" + text[fm_end + 1 :]
        if fm_end + 1 > len(text):
            parse_text = "\n" * (front_matter.end_line - 1)
    builder = _Builder(text, index, masked)
    stream = _TokenStream(builder)
    state = StateCore(parse_text, _parser(), {})
    state.tokens = stream  # type: ignore[assignment]
    _parser().core.process(state)
    stream.finish()
    return builder.build(path, newline, had_bom, front_matter)


class _TokenStream:
    """Where markdown-it puts its tokens: each goes to the builder soon after it is made and is
    then let go, so a document's tokens (several hundred bytes per byte of a text of short
    headings, table rows or list items) are never all held at once.

    It reads like markdown-it's token list (``append``, ``len`` and indexing), which is all
    its block rules use: tokens already let go read as an empty token, which only the list rule
    looks at again, to mark paragraphs of tight lists hidden (what the builder never reads).
    """

    WINDOW = 512

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder
        self.tokens: list[Token] = []
        self.released = 0

    def append(self, token: Token) -> None:
        self.tokens.append(token)
        if len(self.tokens) >= self.WINDOW:
            self._feed(final=False)

    def _feed(self, final: bool) -> None:
        used = self.builder.walk(self.tokens, final)
        del self.tokens[:used]
        self.released += used

    def finish(self) -> None:
        self._feed(final=True)

    def __len__(self) -> int:
        return self.released + len(self.tokens)

    def __getitem__(self, index: int) -> Token:
        if index < 0:
            index += len(self)
        if index < self.released:
            return Token("", "", 0)
        return self.tokens[index - self.released]


def _front_matter(text: str, index: LineIndex) -> FrontMatter | None:
    first_line = text[: text.find("\n")] if "\n" in text else text
    fence = first_line.rstrip()
    if fence not in _FRONT_MATTER_FENCES:
        return None
    closers = _FRONT_MATTER_FENCES[fence]
    for line_number in range(2, index.line_count + 1):
        start, end = index.line_span(line_number)
        if text[start:end].rstrip() in closers:
            raw = text[index.offset(2) : start] if line_number > 2 else ""
            data, error, error_line = _load_front_matter(raw, fence)
            if error_line is not None:
                error_line += 1  # the raw text starts on line 2
            return FrontMatter(raw, data, 1, line_number, error, error_line)
    return None


# Front matter holds a title, a status, a few dates and names: a few KB. Past this it is not
# read (YAML's node tree takes some 60 bytes per byte while it is built).
MAX_FRONT_MATTER_CHARS = 256_000


def _load_front_matter(
    raw: str, fence: str
) -> tuple[dict[str, Any] | None, str | None, int | None]:
    if not raw.strip():
        return {}, None, None
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        return None, f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters", None
    if fence == "+++":
        from writer.infra._compat import tomllib

        try:
            return dict(tomllib.loads(raw)), None, None
        except tomllib.TOMLDecodeError as exc:
            return None, f"front matter is not valid TOML: {exc}", None
    import yaml

    from writer.infra.safe_yaml import load_yaml

    try:
        data, _ = load_yaml(raw)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        return None, f"front matter is not valid YAML: {problem}", line
    except (ValueError, RecursionError):  # text no file can hold (lone surrogates), or too deep
        return None, "front matter is not valid YAML: it cannot be read as text", None
    if data is None:
        return {}, None, None
    if not isinstance(data, dict):
        return None, "front matter is not a mapping of keys to values", 1
    return {str(key): value for key, value in data.items()}, None, None


def _nested_parens(depth: int) -> str:
    """A link destination's text with balanced parentheses nested up to ``depth`` deep (a
    query string such as ``?q=(a:(b:c))``); CommonMark allows nesting, ``re`` cannot count."""
    body = r"[^()\s]*"
    for _ in range(depth):
        body = rf"[^()\s]*(?:\({body}\)[^()\s]*)*"
    return body


# Inline markup that is dropped from prose. Order matters: code spans first. A code span and
# a comment are matched by their opening alone; :func:`inline_markup` finds where they end, so
# no input makes the pattern try every length of a run of backticks against every other.
# Each alternative reads a run of the same characters once (an e-mail autolink's domain up to
# its first dot, then the rest), so a long run without its closing ``>`` costs its length.
_INLINE = re.compile(
    r"""
    (?P<code>`+)
  | (?P<comment><!--)
  | (?P<autolink><(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*
                   |[^\s<>@]+@[^\s<>@][^\s<>@.]*\.[^\s<>@]+)>)
  | (?P<html><[A-Za-z][A-Za-z0-9\-]*
        (?:\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*
        \s*/?>
      | </[A-Za-z][A-Za-z0-9\-]*\s*>)
  | (?P<image>!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?)
  | (?P<dest>\]\((?:<[^>\n]*>|"""
    + _nested_parens(8)
    + r""")
      (?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\))
  | (?P<ref>\]\[[^\]\n]*\])
  | (?P<footnote>\[\^[^\]\n]+\])
  | (?P<open>\[)(?=[^\[\]\n]*\](?:\(|\[))
  | (?P<url>(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\[\]`]*[^\s<>()\[\]`.,;:!?'"*_])
  | (?P<escape>\\[!-/:-@\[-`{-~])
  | (?P<hardbreak>\\$)
  | (?P<emphasis>\*+|~~+|(?<![^\W_])_+|_+(?![^\W_]))
    """,
    re.VERBOSE | re.MULTILINE,
)
# Tokens read together with the two after them (their content, then their closing token).
_READ_AHEAD = frozenset(("heading_open", "paragraph_open", "th_open", "td_open"))
_INLINE_MASKED_KINDS = frozenset(("code", "comment", "autolink", "html", "image", "url", "dest"))
_BACKTICKS = re.compile(r"`+")


def inline_markup(text: str) -> Iterator[tuple[str, int, int]]:
    """``(kind, start, end)`` of each piece of inline markup in ``text``, left to right, in
    time linear in its length.

    A code span runs from a run of backticks to the next run of exactly as many (CommonMark);
    a run with no such partner is text. A comment runs from ``<!--`` to the next ``-->``.
    """
    runs: dict[int, list[int]] | None = None  # run length -> starts, made when first needed
    last_close = text.rfind("-->")
    position = 0
    search = _INLINE.search
    while True:
        match = search(text, position)
        if match is None:
            return
        kind = match.lastgroup or ""
        start, end = match.span()
        if kind == "code":
            if runs is None:
                runs = {}
                for run in _BACKTICKS.finditer(text):
                    runs.setdefault(run.end() - run.start(), []).append(run.start())
            partners = runs.get(end - start, ())
            index = bisect.bisect_right(partners, start)
            if index == len(partners):
                position = end  # no closing run: the backticks are text
                continue
            end = partners[index] + (end - start)
        elif kind == "comment":
            if last_close < start + 4:
                position = start + 1  # never closed: not a comment
                continue
            end = text.find("-->", start + 4) + 3
        yield kind, start, end
        position = end if end > start else end + 1


def comments_in(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each HTML comment ``<!-- ... -->`` in ``text``, in linear time."""
    last_close = text.rfind("-->")
    position = text.find("<!--")
    while position != -1 and last_close >= position + 4:
        end = text.find("-->", position + 4) + 3
        yield position, end
        position = text.find("<!--", end)


def without_comments(text: str) -> str:
    """``text`` with its HTML comments removed."""
    parts: list[str] = []
    cursor = 0
    for start, end in comments_in(text):
        parts.append(text[cursor:start])
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)


_NEEDS_INLINE = re.compile(r"[`<\[\]!\\*_~]|://|www\.")


class _Builder:
    """Walks markdown-it tokens once and collects sections, blocks, masks and comments."""

    def __init__(self, text: str, index: LineIndex, masked: list[tuple[int, int]]) -> None:
        self.text = text
        self.index = index
        self.masked = masked
        self.blocks: list[ProseBlock] = []
        self.headings: list[tuple[int, int, int, str, str, int, bool]] = []
        # (level, heading line, last heading line, title, raw title, block index, setext)
        self.content_lines: list[int] = []  # first line of each non-heading block
        self.code_lines: set[int] = set()
        self.html_lines: set[int] = set()
        self.code_spans: list[tuple[int, int]] = []  # code blocks and code spans
        self.too_deep: int | None = None  # where nesting went past MAX_NESTING
        # Where the walk is, kept between calls as tokens arrive: open lists and quotes, and
        # the cells of the table row being read.
        self.containers: list[str] = []
        self.table_row: list[tuple[int, int]] | None = None
        self.cell_index = 0

    # -- walking ---------------------------------------------------------------------------
    def walk(self, tokens: Sequence[Token], final: bool = True) -> int:
        """Read ``tokens`` in order; returns how many were read. Unless ``final``, the last
        token (which its rule may still be filling in) and an opening token whose content and
        closing token have not come yet are left for the next call."""
        containers = self.containers
        i = 0
        count = len(tokens) if final else len(tokens) - 1
        while i < count:
            token = tokens[i]
            kind = token.type
            if kind in _READ_AHEAD and i + 2 >= count and not final:
                break
            if token.level >= MAX_NESTING - 2 and self.too_deep is None and token.map:
                self.too_deep = token.map[0] + 1
            if kind in ("blockquote_open", "list_item_open"):
                containers.append(kind)
            elif kind in ("blockquote_close", "list_item_close"):
                if containers:
                    containers.pop()
            elif kind == "heading_open" and token.map:
                inline = tokens[i + 1]
                self._heading(token, inline)
                i += 3
                continue
            elif kind == "paragraph_open" and token.map:
                inline = tokens[i + 1]
                block_kind = BlockKind.PARAGRAPH
                if containers:
                    block_kind = (
                        BlockKind.LIST_ITEM
                        if containers[-1] == "list_item_open"
                        else BlockKind.BLOCKQUOTE
                    )
                self._paragraph(token.map, inline, block_kind, len(containers))
                i += 3
                continue
            elif kind in ("fence", "code_block") and token.map:
                self._code(token.map)
            elif kind == "html_block" and token.map:
                self._html(token.map)
            elif kind == "table_open" and token.map:
                self.content_lines.append(token.map[0] + 1)
            elif kind == "tr_open" and token.map:
                self.table_row = self._row_cells(token.map[0] + 1)
                self.cell_index = 0
            elif kind in ("th_open", "td_open"):
                inline = tokens[i + 1]
                row = self.table_row
                if row is not None and self.cell_index < len(row) and inline.map:
                    start, end = row[self.cell_index]
                    self._add_block(
                        BlockKind.TABLE_CELL, [(start, end)], inline.map[0] + 1, len(containers)
                    )
                self.cell_index += 1
            elif kind == "hr" and token.map:
                self.content_lines.append(token.map[0] + 1)
            i += 1
        return min(i, len(tokens))

    def _line_piece(self, line: int, content: str) -> tuple[int, int]:
        """Where ``content`` (one line of an inline token) sits on source ``line``."""
        start, end = self.index.line_span(line)
        source = self.text[start:end]
        stripped = content.strip()
        if not stripped:
            return end, end
        trimmed = source.rstrip()
        if trimmed.endswith(stripped):
            begin = start + len(trimmed) - len(stripped)
            return begin, begin + len(stripped)
        found = source.find(stripped)
        if found != -1:
            return start + found, start + found + len(stripped)
        leading = len(source) - len(source.lstrip())
        return start + leading, start + len(trimmed)

    def _heading(self, token: Token, inline: Token) -> None:
        assert token.map is not None
        level = int(token.tag[1])
        first = token.map[0] + 1
        setext = token.markup in ("=", "-")
        lines = inline.content.split("\n") if inline.content else [""]
        spans = [self._line_piece(first + k, content) for k, content in enumerate(lines)]
        raw_title = " ".join(self.text[s:e] for s, e in spans).strip()
        block_index = self._add_block(BlockKind.HEADING, spans, first, 0)
        title = self.blocks[block_index].text.strip() if block_index >= 0 else raw_title
        last = token.map[1]  # exclusive 0-based end == inclusive 1-based last line
        self.headings.append((level, first, last, title, raw_title, block_index, setext))

    def _paragraph(self, line_map: list[int], inline: Token, kind: BlockKind, depth: int) -> None:
        first = line_map[0] + 1
        self.content_lines.append(first)
        lines = inline.content.split("\n")
        spans = [self._line_piece(first + k, content) for k, content in enumerate(lines)]
        self._add_block(kind, spans, first, depth)

    def _code(self, line_map: list[int]) -> None:
        first, last = line_map[0] + 1, line_map[1]
        self.content_lines.append(first)
        self.code_lines.update(range(first, last + 1))
        start = self.index.offset(first)
        end = self.index.line_span(min(last, self.index.line_count))[1]
        self.masked.append((start, end))
        self.code_spans.append((start, end))

    def _html(self, line_map: list[int]) -> None:
        first, last = line_map[0] + 1, line_map[1]
        start = self.index.offset(first)
        end = self.index.line_span(min(last, self.index.line_count))[1]
        chunk = self.text[start:end]
        self.code_lines.update(range(first, last + 1))
        self.html_lines.update(range(first, last + 1))
        self.masked.append((start, end))
        if without_comments(chunk).strip():
            self.content_lines.append(first)

    def _row_cells(self, line: int) -> list[tuple[int, int]]:
        """A table row's cell spans (offsets in the text)."""
        start, end = self.index.line_span(line)
        return [(start + s, start + e) for s, e in cell_bounds(self.text[start:end])]

    # -- prose -----------------------------------------------------------------------------
    def _add_block(
        self, kind: BlockKind, spans: list[tuple[int, int]], line: int, depth: int
    ) -> int:
        """Build one prose block from source spans (one per line); returns its index or -1."""
        spans = [(s, e) for s, e in spans if e >= s]
        if not spans:
            return -1
        region_start = spans[0][0]
        region_end = spans[-1][1]
        if region_end < region_start:
            return -1
        text = self.text
        multiline = len(spans) > 1 and any(
            "`" in text[s:e] or "<!--" in text[s:e] for s, e in spans
        )
        if multiline:
            # A code span or comment may cross lines: match on the whole region, with the
            # container prefixes between the spans blanked (same length, same offsets).
            chars = list(_blank(text[region_start:region_end]))
            for s, e in spans:
                chars[s - region_start : e - region_start] = text[s:e]
            keep = self._multiline_keep(spans, "".join(chars), region_start)
        else:
            keep = []  # kept source spans; (e, e) marks a line break
            for s, e in spans:
                local = text[s:e]
                if _NEEDS_INLINE.search(local) is None:
                    keep.append((s, e))
                    keep.append((e, e))
                    continue
                cursor = s
                for kind_name, local_start, local_end in inline_markup(local):
                    m_start = s + local_start
                    m_end = s + local_end
                    if cursor < m_start:
                        keep.append((cursor, m_start))
                    cursor = max(cursor, m_end)
                    if kind_name == "escape":
                        keep.append((m_end - 1, m_end))  # the escaped character is text
                    elif kind_name in _INLINE_MASKED_KINDS:
                        self.masked.append((m_start, m_end))
                        if kind_name == "code":
                            self.code_spans.append((m_start, m_end))
                if cursor < e:
                    keep.append((cursor, e))
                keep.append((e, e))
        pieces: list[Piece] = []
        parts: list[str] = []
        plain = 0
        for index, (s, e) in enumerate(keep):
            if s == e:
                if index != len(keep) - 1 and parts and not parts[-1].endswith("\n"):
                    # line break inside the block: a newline mapped to the source line end
                    pieces.append(Piece(plain, s, 1))
                    parts.append("\n")
                    plain += 1
                continue
            chunk = self.text[s:e]
            pieces.append(Piece(plain, s, e - s))
            parts.append(chunk)
            plain += e - s
        text = "".join(parts)
        if text.endswith("\n"):
            text = text[:-1]
            pieces = [p for p in pieces if p.plain < len(text)]
        # Blocks come in document order, so the section a block belongs to is the last heading
        # seen (a heading's own block belongs to the section it opens).
        section = len(self.headings) + (kind is BlockKind.HEADING)
        block = ProseBlock(kind, text, tuple(pieces), line, section, depth)
        self.blocks.append(block)
        return len(self.blocks) - 1

    def _multiline_keep(
        self, spans: list[tuple[int, int]], region: str, region_start: int
    ) -> list[tuple[int, int]]:
        keep: list[tuple[int, int]] = []
        drop: list[tuple[int, int]] = []
        for kind_name, local_start, local_end in inline_markup(region):
            if kind_name == "escape":
                drop.append((region_start + local_start, region_start + local_start + 1))
                continue
            drop.append((region_start + local_start, region_start + local_end))
            if kind_name in _INLINE_MASKED_KINDS:
                self.masked.append(drop[-1])
                if kind_name == "code":
                    self.code_spans.append(drop[-1])
        # Both lists are in text order and the drops do not overlap: walk them side by side.
        first = 0
        for s, e in spans:
            cursor = s
            while first < len(drop) and drop[first][1] <= cursor:
                first += 1
            index = first
            while index < len(drop) and drop[index][0] < e:
                d_start, d_end = drop[index]
                if d_end > cursor:
                    if cursor < d_start:
                        keep.append((cursor, d_start))
                    cursor = max(cursor, d_end)
                index += 1
            if cursor < e:
                keep.append((cursor, e))
            keep.append((e, e))
        return keep

    # -- sections --------------------------------------------------------------------------
    def build(
        self, path: str | None, newline: str, had_bom: bool, front_matter: FrontMatter | None
    ) -> Document:
        text = self.text
        last_line = self.index.line_count
        heads = self.headings
        # Section index i + 1 belongs to heading i.
        parents: list[int | None] = [None]
        children: list[list[int]] = [[]]
        stack: list[tuple[int, int]] = [(0, 0)]  # (level, section index)
        for number, (level, *_rest) in enumerate(heads, start=1):
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else 0
            parents.append(parent)
            children.append([])
            children[parent].append(number)
            stack.append((level, number))
        # End line of each section: the line before the next heading of the same or higher level.
        end_lines = [last_line] * (len(heads) + 1)
        next_head_lines = [h[1] for h in heads]
        open_sections: list[tuple[int, int]] = []  # (level, section number)
        for number, (level, line, *_rest) in enumerate(heads, start=1):
            while open_sections and open_sections[-1][0] >= level:
                end_lines[open_sections.pop()[1]] = line - 1
            open_sections.append((level, number))
        content_lines = sorted(self.content_lines)
        sections: list[Section] = []
        for number in range(len(heads) + 1):
            if number == 0:
                title, raw_title, level, line, block_index, setext = "", "", 0, 1, None, False
                body_start = 1
                last_heading_line = 0
            else:
                level, line, last_heading_line, title, raw_title, b_index, setext = heads[
                    number - 1
                ]
                block_index = b_index if b_index >= 0 else None
                body_start = last_heading_line + 1
            if number == 0:
                following = 0
            else:
                following = bisect.bisect_right(next_head_lines, max(line, last_heading_line))
            body_end = (
                next_head_lines[following] - 1 if following < len(next_head_lines) else last_line
            )
            body_end = min(body_end, end_lines[number])
            lo = bisect.bisect_left(content_lines, body_start)
            has_content = lo < len(content_lines) and content_lines[lo] <= body_end
            start = self.index.offset(line) if number else 0
            end_offset = self.index.line_span(end_lines[number])[1] if end_lines[number] else 0
            if end_lines[number] >= last_line:
                end_offset = len(text)
            sections.append(
                Section(
                    index=number,
                    title=title,
                    raw_title=raw_title,
                    level=level,
                    line=line,
                    end_line=end_lines[number],
                    body_start_line=body_start,
                    body_end_line=body_end,
                    parent=parents[number],
                    children=tuple(children[number]),
                    heading_block=block_index,
                    start=start,
                    end=end_offset,
                    has_content=has_content,
                    setext=setext,
                )
            )
        blocks = self.blocks
        masked = _merge_spans(self.masked)
        comments = tuple(self._comments())
        return Document(
            path=path,
            text=text,
            newline=newline,
            had_bom=had_bom,
            front_matter=front_matter,
            sections=tuple(sections),
            blocks=tuple(blocks),
            code_lines=frozenset(self.code_lines),
            masked_spans=masked,
            comments=comments,
            index=self.index,
            too_deep=self.too_deep,
            html_lines=frozenset(self.html_lines),
        )

    def _comments(self) -> Iterator[Comment]:
        text = self.text
        if "<!--" not in text:
            return
        code = _merge_spans(self.code_spans)
        code_starts = [s for s, _e in code]
        for start, end in comments_in(text):
            inside = bisect.bisect_right(code_starts, start) - 1
            if inside >= 0 and start < code[inside][1]:
                continue
            line, _ = self.index.position(start)
            end_line, _ = self.index.position(end)
            line_start = self.index.offset(line)
            line_end = self.index.line_span(end_line)[1]
            own_line = not text[line_start:start].strip() and not text[end:line_end].strip()
            yield Comment(start, end, line, end_line, text[start + 4 : end - 3].strip(), own_line)


def _merge_spans(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return tuple(merged)
