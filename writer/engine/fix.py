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

from writer.model.document import Document
from writer.model.findings import Edit, FileResult, Finding, Fix

# Passes of lint-then-fix before giving up on reaching a fixed point.
MAX_PASSES = 8


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
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.safe or not fix.edits:
            continue
        if all(_edit_allowed(edit, finding, document) for edit in fix.edits):
            chosen.append((finding, fix))
    return chosen


def _edit_allowed(edit: Edit, finding: Finding, document: Document) -> bool:
    if not 0 <= edit.start <= edit.end <= len(document.text):
        return False
    if edit.start < finding.start or edit.end > finding.end:
        return False
    if edit.start == edit.end and not edit.replacement:
        return False
    if _touches_masked(edit.start, edit.end, document.masked_spans):
        return False
    return not _crosses_markup(edit.start, edit.end, document)


def _crosses_markup(start: int, end: int, document: Document) -> bool:
    """Whether ``[start, end)`` spans prose and markup the reader does not see (``**``, ``[``).

    Prose blocks map their plain text to the source in pieces; where one piece does not begin
    where the previous ended, markup was dropped in between. Replacing such a span would eat the
    markup, so the edit is refused. Text outside prose blocks (heading markers) is not prose.
    """
    if end <= start:
        return False
    for block in document.blocks:
        pieces = [
            piece
            for piece in block.pieces
            if piece.source < end and piece.source + piece.length > start
        ]
        if not pieces:
            continue
        if start < pieces[0].source or end > pieces[-1].source + pieces[-1].length:
            return True
        return any(
            before.source + before.length != after.source
            for before, after in itertools.pairwise(pieces)
        )
    return False


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
    taken: list[tuple[int, int]] = []
    chosen: list[tuple[Finding, Fix]] = []
    ordered = sorted(fixes, key=lambda item: (min(e.start for e in item[1].edits), item[0].rule))
    for finding, fix in ordered:
        spans = sorted((edit.start, edit.end) for edit in fix.edits)
        if any(_overlaps(a, b) for a, b in itertools.pairwise(spans)):
            continue  # a fix that overlaps itself is malformed
        if any(_overlaps(span, other) for span in spans for other in taken):
            continue
        taken.extend(spans)
        chosen.append((finding, fix))
    return chosen


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
    text = raw
    for edit in edits:
        start = source.raw_offset(edit.start)
        end = source.raw_offset(edit.end)
        replacement = edit.replacement
        if "\n" in replacement and document.newline != "\n":
            replacement = replacement.replace("\n", document.newline)
        text = text[:start] + replacement + text[end:]
    return text


# Lints a text with the file's config and selection: the parsed document and its result.
Lint = Callable[[str], tuple[Document, FileResult]]


def fix_text(raw: str, lint: Lint, *, max_passes: int = MAX_PASSES) -> FixOutcome:
    """Lint and fix ``raw`` until nothing more changes (at most ``max_passes`` passes)."""
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
