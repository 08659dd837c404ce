"""Moving about the draft: its headings, where the cursor goes in a section, the next section,
where a missing section is added, and which finding a fix is for. Computed from the editor's
lines as they are now (the last check may be a few keys behind). Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from writer.model.findings import Finding
from writer.model.headings import normalise
from writer.templates.outline import Entry, Outline
from writer.templates.textops import Insertion

HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


@dataclass(frozen=True)
class Heading:
    row: int  # 0-based
    level: int
    title: str


def heading_rows(lines: Sequence[str]) -> list[Heading]:
    """Every ATX heading outside fenced code."""
    rows: list[Heading] = []
    fence: str | None = None
    for row, line in enumerate(lines):
        if "`" in line or "~" in line:
            fence_match = _FENCE.match(line)
            if fence_match:
                marker = fence_match.group(1)
                if fence is None:
                    fence = marker
                elif marker == fence:
                    fence = None
                continue
        if fence is None and line.startswith(("#", " ")):
            match = HEADING.match(line)
            if match:
                rows.append(Heading(row, len(match.group(1)), match.group(2)))
    return rows


@dataclass(frozen=True)
class Placed:
    """An outline entry and the heading that is its section now."""

    entry: Entry
    heading: Heading


def placed_sections(outline: Outline, headings: Sequence[Heading]) -> list[Placed]:
    """The outline's present sections matched to the headings in the text now, in order."""
    by_title: dict[str, Entry] = {}
    for entry in outline.entries:
        if entry.section is not None:
            by_title.setdefault(normalise(entry.title), entry)
    placed: list[Placed] = []
    seen: set[str] = set()
    for heading in headings:
        found = by_title.get(normalise(heading.title))
        if found is not None and found.key not in seen:
            seen.add(found.key)
            placed.append(Placed(found, heading))
    return placed


@dataclass(frozen=True)
class Target:
    """Where the cursor goes in a section; ``room``: insert two blank lines first at ``row``."""

    row: int
    column: int
    room: bool = False


def section_target(lines: Sequence[str], heading: Heading, headings: Sequence[Heading]) -> Target:
    """The end of the section's own text, or a blank line under its heading (made when there
    is none), so the author can type straight away."""
    start = heading.row
    end = len(lines)
    for other in headings:
        if other.row > start and other.level <= heading.level:
            end = other.row
            break
    own_end = next((h.row for h in headings if start < h.row < end), end)
    body = [r for r in range(start + 1, own_end) if lines[r].strip()]
    if body:
        return Target(body[-1], len(lines[body[-1]]))
    if own_end - start >= 4:
        return Target(start + 2, 0)
    return Target(start + 2, 0, room=True)


def step(placed: Sequence[Placed], cursor_row: int, direction: int) -> Placed | None:
    """The section after (``direction`` 1) or before (-1) the one holding ``cursor_row``."""
    if not placed:
        return None
    current = -1
    for index, item in enumerate(placed):
        if item.heading.row <= cursor_row:
            current = index
    if direction > 0:
        return placed[min(len(placed) - 1, current + 1)]
    return placed[max(0, current - 1)] if current >= 0 else placed[0]


def own_end(text: str, start: int, end: int) -> int:
    """Where a section's own body ends (before its first subsection); ``start``..``end`` is the
    whole section."""
    offset = start
    for index, line in enumerate(text[start:end].split("\n")):
        if index > 0 and HEADING.match(line):
            return offset
        offset += len(line) + 1
    return min(end, len(text))


def section_span(text: str, title: str) -> tuple[int, int] | None:
    """Offsets of the section whose heading is ``title`` in ``text`` as it is now (its own
    subsections included), or None."""
    lines = text.split("\n")
    headings = heading_rows(lines)
    wanted = normalise(title)
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for index, heading in enumerate(headings):
        if normalise(heading.title) != wanted:
            continue
        end = len(text)
        for other in headings[index + 1 :]:
            if other.level <= heading.level:
                end = starts[other.row]
                break
        return starts[heading.row], end
    return None


def missing_section(text: str, outline: Outline, index: int, heading: str) -> Insertion:
    """Add the heading of the missing entry ``index`` after the present section before it in
    the outline (or before the first present section after it), with room to type."""
    entries = outline.entries
    before = [e for e in entries[:index] if e.section is not None]
    after = [e for e in entries[index + 1 :] if e.section is not None]
    offset = len(text)
    if before:
        span = section_span(text, before[-1].title)
        if span is not None:
            offset = span[1]
    elif after:
        span = section_span(text, after[0].title)
        if span is not None:
            offset = span[0]
    prefix = (
        ""
        if offset == 0 or text[:offset].endswith("\n\n")
        else ("\n" if text[:offset].endswith("\n") else "\n\n")
    )
    insertion = f"{prefix}{heading}\n\n\n\n"
    return Insertion(offset, insertion, len(prefix) + len(heading) + 2)


def same_finding(wanted: Finding, findings: Sequence[Finding]) -> Finding | None:
    """``wanted`` (from an older check) among ``findings``: same rule, same place, else the
    same rule on the same line."""
    for finding in findings:
        if finding.rule == wanted.rule and (finding.line, finding.column) == (
            wanted.line,
            wanted.column,
        ):
            return finding
    same_rule = [f for f in findings if f.rule == wanted.rule and f.line == wanted.line]
    return same_rule[0] if same_rule else None


def finding_at(findings: Sequence[Finding], row: int, column: int) -> Finding | None:
    """The finding whose span holds the cursor (0-based ``row``, ``column``), else the first
    on its line."""
    line, col = row + 1, column + 1
    for finding in findings:
        if (
            (finding.line, finding.column)
            <= (line, col)
            <= (finding.end_line, finding.end_column + 1)
        ):
            return finding
    return next((f for f in findings if f.line == line), None)
