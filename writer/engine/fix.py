"""Applying safe fixes to a document's text, exactly and repeatably.

Only fixes a rule marks ``safe`` are applied, and only when every edit stays inside the span of
the finding it belongs to and outside code, front matter, HTML and URLs. Edits never overlap: when
two fixes touch the same text the first one wins and the other waits for the next pass. The text
is linted again after each pass until nothing more changes (a small, fixed number of passes), so
fixing a fixed text changes nothing.

Edits are made on the original text, not on the parser's normalised copy, so the byte-order mark,
the newline style (even a mix of styles) and every character outside the edits stay as they were.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from writer.model.document import Document, Piece
from writer.model.findings import Edit, FileResult, Finding, Fix

# Passes of lint-then-fix before giving up on reaching a fixed point. Each pass applies every
# safe fix that does not overlap another, so only fixes that make new findings need more.
MAX_PASSES = 10


@dataclass(frozen=True)
class AppliedFix:
    """One fix that was applied: the rule, where its finding was (in the text it was found in)."""

    rule: str
    line: int
    column: int
    description: str


@dataclass(frozen=True)
class FixOutcome:
    """The result of fixing one text."""

    original: str
    fixed: str
    applied: tuple[AppliedFix, ...]
    remaining: tuple[Finding, ...]  # findings left after the last pass (fixable or not)
    passes: int
    stable: bool  # False when MAX_PASSES ran out before the text stopped changing
    last: FileResult | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def safe_fixes(findings: Sequence[Finding], document: Document) -> list[tuple[Finding, Fix]]:
    """The findings whose fixes may be applied: safe, inside their span, outside masked text."""
    chosen: list[tuple[Finding, Fix]] = []
    markup = _Markup(document)
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.safe or not fix.edits:
            continue
        if all(_edit_allowed(edit, finding, document, markup) for edit in fix.edits):
            chosen.append((finding, fix))
    return chosen


def _edit_allowed(edit: Edit, finding: Finding, document: Document, markup: _Markup) -> bool:
    if not 0 <= edit.start <= edit.end <= len(document.text):
        return False
    if edit.start < finding.start or edit.end > finding.end:
        return False
    if edit.start == edit.end and not edit.replacement:
        return False
    if _touches_masked(edit.start, edit.end, document.masked_spans):
        return False
    return not markup.crossed(edit.start, edit.end)


class _Markup:
    """Where a document's prose blocks sit in its text, to find the blocks an edit touches by
    bisection rather than by reading every block for every edit."""

    def __init__(self, document: Document) -> None:
        self.blocks = document.blocks
        self.starts: list[int] = []  # a block without pieces (all markup) takes the one before
        for block in self.blocks:
            previous = self.starts[-1] if self.starts else 0
            self.starts.append(block.pieces[0].source if block.pieces else previous)
        self.sources: dict[int, list[int]] = {}  # block index -> its pieces' sources

    def crossed(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` spans prose and markup the reader does not see (``**``, ``[``).

        Prose blocks map their plain text to the source in pieces; where one piece does not begin
        where the previous ended, markup was dropped in between. Replacing such a span would eat
        the markup, so the edit is refused. Text outside prose blocks (heading markers) is not
        prose. The first block (in document order) with a piece inside the span decides.
        """
        if end <= start:
            return False
        starts = self.starts
        index = bisect.bisect_right(starts, start) - 1
        if index > 0:  # back to the first block of that start (blocks of markup only share it)
            index = max(0, bisect.bisect_left(starts, starts[index]) - 1)
        index = max(index, 0)
        while index < len(self.blocks) and starts[index] < end:
            pieces = self._pieces_within(index, start, end)
            if pieces:
                if start < pieces[0].source or end > pieces[-1].source + pieces[-1].length:
                    return True
                return any(
                    before.source + before.length != after.source
                    for before, after in itertools.pairwise(pieces)
                )
            index += 1
        return False

    def _pieces_within(self, index: int, start: int, end: int) -> Sequence[Piece]:
        pieces = self.blocks[index].pieces
        if len(pieces) < 8:
            return [p for p in pieces if p.source < end and p.source + p.length > start]
        sources = self.sources.get(index)
        if sources is None:
            sources = self.sources[index] = [piece.source for piece in pieces]
        # Pieces are in text order: only those starting before ``end``, from the one before
        # the first that starts at or after ``start``, can reach into the span.
        low = max(0, bisect.bisect_left(sources, start) - 1)
        high = bisect.bisect_left(sources, end, low)
        return [p for p in pieces[low:high] if p.source + p.length > start]


def _touches_masked(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` overlaps a masked span (an insertion: falls strictly inside one).

    ``spans`` are sorted and merged, so their ends are sorted too: only the last span that
    starts before ``end`` can reach back to ``start``.
    """
    index = bisect.bisect_left(spans, (end, -1))
    if index == 0:
        return False
    span_start, span_end = spans[index - 1]
    if start == end:
        return span_start < start < span_end
    return span_end > start


def choose_edits(fixes: Sequence[tuple[Finding, Fix]]) -> list[tuple[Finding, Fix]]:
    """Pick fixes whose edits overlap neither each other nor an earlier chosen fix."""
    taken: list[tuple[int, int]] = []  # sorted; no two overlap, so no two start together
    chosen: list[tuple[Finding, Fix]] = []
    ordered = sorted(fixes, key=lambda item: (min(e.start for e in item[1].edits), item[0].rule))
    for finding, fix in ordered:
        spans = sorted((edit.start, edit.end) for edit in fix.edits)
        if any(_overlaps(a, b) for a, b in itertools.pairwise(spans)):
            continue  # a fix that overlaps itself is malformed
        if any(_overlaps_taken(span, taken) for span in spans):
            continue
        for span in spans:
            bisect.insort(taken, span)
        chosen.append((finding, fix))
    return chosen


def _overlaps_taken(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps a span of ``taken`` (sorted, none overlapping another).

    Only the last span that starts before it, and those that start inside it (or where it
    inserts), can overlap it: an earlier one reaching past ``span`` would overlap that last one.
    """
    start, end = span
    index = bisect.bisect_left(taken, (start, -1))
    if index and _overlaps(span, taken[index - 1]):
        return True
    while index < len(taken) and taken[index][0] <= end:
        if _overlaps(span, taken[index]):
            return True
        index += 1
    return False


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two edits conflict when their ranges overlap, or both insert at the same place."""
    if a[0] == a[1] or b[0] == b[1]:
        return a[0] == b[0] or (a[0] < b[0] < a[1]) or (b[0] < a[0] < b[1])
    return a[0] < b[1] and b[0] < a[1]


class SourceMap:
    """Maps offsets in the parser's normalised text back to the original text.

    The parser drops a leading byte-order mark and turns CRLF into LF (a lone CR into LF, which
    keeps offsets). Each CRLF before an offset shifts it by one in the original.
    """

    def __init__(self, raw: str) -> None:
        self.bom = 1 if raw.startswith("\ufeff") else 0
        body = raw[self.bom :]
        crlf: list[int] = []
        position = body.find("\r\n")
        while position != -1:
            crlf.append(position - len(crlf))  # where the LF lands in the normalised text
            position = body.find("\r\n", position + 2)
        self._crlf = crlf

    def raw_offset(self, offset: int) -> int:
        return self.bom + offset + bisect.bisect_left(self._crlf, offset)


def apply_fixes(raw: str, document: Document, fixes: Sequence[tuple[Finding, Fix]]) -> str:
    """Apply the (non-overlapping) fixes to the original text ``raw`` that ``document`` parsed."""
    source = SourceMap(raw)
    edits = sorted(
        (edit for _finding, fix in fixes for edit in fix.edits),
        key=lambda edit: (edit.start, edit.end),
        reverse=True,
    )
    parts: list[str] = []  # the text after each edit, back to front, joined once
    cursor = len(raw)
    for edit in edits:
        start = source.raw_offset(edit.start)
        end = source.raw_offset(edit.end)
        replacement = edit.replacement
        if "\n" in replacement and document.newline != "\n":
            replacement = replacement.replace("\n", document.newline)
        parts.append(raw[end:cursor])
        parts.append(replacement)
        cursor = start
    parts.append(raw[:cursor])
    return "".join(reversed(parts))


# Lints a text with the file's config and selection: the parsed document and its result.
Lint = Callable[[str], tuple[Document, FileResult]]


def fix_text(raw: str, lint: Lint, *, max_passes: int | None = None) -> FixOutcome:
    """Lint and fix ``raw`` until nothing more changes (at most ``max_passes`` passes,
    :data:`MAX_PASSES` by default)."""
    if max_passes is None:
        max_passes = MAX_PASSES
    applied: list[AppliedFix] = []
    text = raw
    for passes in range(max_passes):
        document, result = lint(text)
        chosen = choose_edits(safe_fixes(result.findings, document))
        new_text = apply_fixes(text, document, chosen) if chosen else text
        if new_text == text:
            return FixOutcome(raw, text, tuple(applied), result.findings, passes, True, result)
        applied.extend(
            AppliedFix(finding.rule, finding.line, finding.column, fix.description)
            for finding, fix in chosen
        )
        text = new_text
    document, result = lint(text)
    stable = not choose_edits(safe_fixes(result.findings, document))
    return FixOutcome(raw, text, tuple(applied), result.findings, max_passes, stable, result)
