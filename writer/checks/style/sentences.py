"""Sentences as style rules read them: the paragraph's sentences, cut again where a reader
sees a new one that punctuation alone does not show.

- a sentence ends before inline code that opens the next one ("... fails. `kubectl` then ...");
  the block's text holds code as ``*`` placeholders, which the plain splitter does not take
  for the start of a sentence;
- a line that ends in a hard break (a trailing backslash or two spaces) ends a sentence, as
  rows written one a line without full stops do ("[07:33] The PR is merged \\");
- a line that begins with its own time or date, or a footnote's label, starts a new sentence (a
  timeline row inside a paragraph, footnotes written one a line), whatever the line before
  ended with;
- a line that ends without punctuation, followed by a line that opens with a capitalised
  function word ("This", "We", "The"), is two sentences whose full stop is missing: inside a
  sentence such words are written in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks.style.contexts import row_starts
from writer.model.document import Document, ProseBlock, Sentence

# The end of a sentence, then inline code (as placeholders) opening the next.
_END_BEFORE_CODE = re.compile(r"[.!?]+[\"'”’)\]]*(?=[ \t\n]+\*)")
# Words that are capitalised only at the start of a sentence ("I" aside, which is always).
_OPENERS = frozenset(
    [
        "a",
        "after",
        "all",
        "also",
        "an",
        "and",
        "as",
        "at",
        "because",
        "before",
        "but",
        "each",
        "every",
        "finally",
        "first",
        "for",
        "however",
        "if",
        "in",
        "it",
        "its",
        "no",
        "note",
        "once",
        "our",
        "please",
        "since",
        "so",
        "some",
        "that",
        "the",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "we",
        "what",
        "when",
        "where",
        "which",
        "while",
        "with",
    ]
)
_FOOTNOTE = re.compile(r"^[ \t]*\[\^[^\]\s]+\]:")
_FIRST_WORD = re.compile(r"^[ \t>]*([A-Z][a-z]*)\b")
# A line that ends in one of these runs on into the next.
_CONTINUES = frozenset(",;:-–—/([{\"'“‘&+=<|")
_NOT_AN_END = frozenset({"e.g", "i.e", "eg", "ie", "etc", "vs", "cf", "approx", "incl", "no"})


def style_sentences(document: Document, block: ProseBlock) -> Iterator[Sentence]:
    """The block's sentences, cut again at inline code that opens one, hard breaks and rows."""
    for sentence in block.sentences:
        cuts = _cuts(document, block, sentence)
        if not cuts:
            yield sentence
            continue
        start = sentence.start
        for cut in (*cuts, sentence.end):
            piece = block.text[start:cut]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                begin = start + lead
                yield Sentence(begin, begin + len(stripped), stripped)
            start = cut


def _cuts(document: Document, block: ProseBlock, sentence: Sentence) -> list[int]:
    """Offsets in the block's text where the sentence is cut again, in order."""
    text = sentence.text
    cuts: set[int] = set()
    if "*" in text:
        for match in _END_BEFORE_CODE.finditer(text):
            before = text[: match.start()].rsplit(None, 1)
            word = before[-1].lower().strip("(\"'“‘") if before else ""
            if word in _NOT_AN_END or (len(word) == 1 and word.isalpha()):
                continue
            cuts.add(sentence.start + match.end())
    if "\n" in text:
        position = text.find("\n")
        while position != -1:
            plain = sentence.start + position
            if _breaks(document, block, plain):
                cuts.add(plain + 1)
            position = text.find("\n", position + 1)
    return sorted(cut for cut in cuts if sentence.start < cut < sentence.end)


def _breaks(document: Document, block: ProseBlock, plain: int) -> bool:
    """Whether the line break at plain offset ``plain`` ends a row or a hard-broken line."""
    source = block.source_offset(plain)
    line = document.position(source)[0]
    text = document.line_text(line).rstrip("\r\n")
    if text.endswith("\\") or text.endswith("  "):
        return True
    if line + 1 > document.index.line_count:
        return False
    following = document.line_text(line + 1)
    if row_starts(following) or _FOOTNOTE.match(following):
        return True
    opener = _FIRST_WORD.match(following)
    ended = text.rstrip()[-1:]
    return (
        opener is not None
        and opener.group(1).lower() in _OPENERS
        and ended != ""
        and ended not in _CONTINUES
    )
