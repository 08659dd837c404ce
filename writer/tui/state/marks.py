"""Findings as marks on the editor's rows: where each one's span is, kept in place while typing.

A check reports findings for the text it saw; by the time it lands the author may have typed on.
:meth:`Marks.edited` moves the marks with each edit (rows below shift, marks after the edit on its
row slide along, marks the edit touches are dropped until the next check), so a mark never points
at text it was not about. Rows and columns are 0-based, as the editor counts them. Nothing here
imports Textual.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from writer.model.findings import Finding, Severity

Location = tuple[int, int]  # (row, column), 0-based
END_OF_LINE = 1 << 30  # a mark that runs to the end of its row
MAX_MARKED_ROWS = 3  # a longer span is marked on its first row only


@dataclass(frozen=True)
class Mark:
    """Columns ``start``..``end`` (exclusive) of ``row`` belong to finding ``index``."""

    row: int
    start: int
    end: int
    severity: Severity
    index: int


def marks_of(finding: Finding, index: int) -> list[Mark]:
    """The row pieces of one finding's span (at least one character wide)."""
    row, column = max(0, finding.line - 1), max(0, finding.column - 1)
    last_row = max(row, finding.end_line - 1)
    end = max(0, finding.end_column)  # end_column is the span's last character (1-based)
    if last_row == row:
        return [Mark(row, column, max(end, column + 1), finding.severity, index)]
    if last_row - row + 1 > MAX_MARKED_ROWS:
        return [Mark(row, column, END_OF_LINE, finding.severity, index)]
    pieces = [Mark(row, column, END_OF_LINE, finding.severity, index)]
    pieces += [Mark(r, 0, END_OF_LINE, finding.severity, index) for r in range(row + 1, last_row)]
    pieces.append(Mark(last_row, 0, max(end, 1), finding.severity, index))
    return pieces


class Marks:
    """The marks of one check's findings, by row, moved along with the edits made since."""

    def __init__(self, findings: Sequence[Finding] = ()) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        self.by_row: dict[int, list[Mark]] = {}
        for index, finding in enumerate(self.findings):
            for mark in marks_of(finding, index):
                self.by_row.setdefault(mark.row, []).append(mark)
        self._starts: list[Location] | None = None

    def __len__(self) -> int:
        return sum(len(marks) for marks in self.by_row.values())

    def on_row(self, row: int) -> list[Mark]:
        return self.by_row.get(row, [])

    def gutter(self, row: int) -> Severity | None:
        """The most serious finding marked on ``row``."""
        marks = self.by_row.get(row)
        return max(mark.severity for mark in marks) if marks else None

    def at(self, location: Location) -> int | None:
        """The finding marked under the cursor (or just after its last character): the most
        serious one when spans overlap."""
        row, column = location
        best: Mark | None = None
        for mark in self.by_row.get(row, ()):
            if mark.start <= column <= mark.end and (
                best is None or (mark.severity, -mark.start) > (best.severity, -best.start)
            ):
                best = mark
        return None if best is None else best.index

    def _ordered(self) -> list[Location]:
        if self._starts is None:
            self._starts = sorted({(m.row, m.start) for ms in self.by_row.values() for m in ms})
        return self._starts

    def next_after(self, location: Location) -> Location | None:
        """Where the next marked span starts after ``location`` (wrapping round to the first)."""
        starts = self._ordered()
        if not starts:
            return None
        index = bisect.bisect_right(starts, location)
        return starts[index] if index < len(starts) else starts[0]

    def previous_before(self, location: Location) -> Location | None:
        """Where the marked span before ``location`` starts (wrapping round to the last)."""
        starts = self._ordered()
        if not starts:
            return None
        index = bisect.bisect_left(starts, location)
        return starts[index - 1] if index > 0 else starts[-1]

    def edited(self, top: Location, old_end: Location, new_end: Location) -> set[int]:
        """Move the marks for an edit that replaced ``top``..``old_end`` with text ending at
        ``new_end``; returns the rows (after the edit) whose marks changed."""
        shift = new_end[0] - old_end[0]
        touched: set[int] = set()
        moved: dict[int, list[Mark]] = {}
        if shift:
            rows = [r for r in self.by_row if r >= top[0]]
        else:  # typing within lines: only the edited rows can change
            rows = [r for r in range(top[0], old_end[0] + 1) if r in self.by_row]
        for row in rows:
            marks = self.by_row.pop(row)
            if row > old_end[0]:
                target = row + shift
                moved[target] = [replace(m, row=target) for m in marks] if shift else marks
                continue
            for mark in marks:
                if row == top[0] and mark.end <= top[1]:
                    moved.setdefault(row, []).append(mark)
                elif row == old_end[0] and mark.start >= old_end[1]:
                    slide = new_end[1] - old_end[1]
                    end = mark.end if mark.end == END_OF_LINE else mark.end + slide
                    moved.setdefault(new_end[0], []).append(
                        Mark(new_end[0], mark.start + slide, end, mark.severity, mark.index)
                    )
                    touched.add(new_end[0])
                else:
                    touched.add(min(row, new_end[0]))
        self.by_row.update(moved)
        if shift or touched:
            self._starts = None
        return touched

    def rows(self) -> Iterable[int]:
        return self.by_row.keys()
