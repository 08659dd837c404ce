"""Lines and table rows of a document's text, worked out one way for every part of writer."""

from __future__ import annotations

import itertools
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    offset: int  # offset of the line's first character
    text: str


def lines_of(text: str, first_line: int = 1, offset: int = 0) -> list[Line]:
    out = []
    cursor = offset
    for number, line in enumerate(text.split("\n"), start=first_line):
        out.append(Line(number, cursor, line))
        cursor += len(line) + 1
    return out


def cell_bounds(line: str) -> list[tuple[int, int]]:
    """Each cell of a table row as (start, end) offsets in ``line``, stripped of the spaces
    around it, splitting on unescaped pipes as GFM does; the outer pipes make no cells."""
    bounds = []
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            bounds.append(index)
    edges = [-1, *bounds, len(line)]
    cells = []
    for left, right in itertools.pairwise(edges):
        raw = line[left + 1 : right]
        if not raw.strip() and (left == -1 or right == len(line)):
            continue  # outer pipe
        lead = len(raw) - len(raw.lstrip())
        start = left + 1 + lead
        cells.append((start, start + len(raw.strip())))
    return cells


def split_row(line: str) -> list[tuple[int, str]]:
    """Cells of a table row as (offset in line, stripped text)."""
    return [(start, line[start:end]) for start, end in cell_bounds(line)]
