"""Document symbols: the template's outline of the document, each section with its state.

A present section spans its heading and body (subsections nested under it); a missing one is an
empty range where it belongs. The state leads the name (the drafting screen's marks: ✓ fine,
▲ has findings, ○ empty, ✗ missing), since most editors show the name alone, and is spelt out in
the detail.
"""

from __future__ import annotations

from lsprotocol import types

from writer.lsp.checking import Checked
from writer.lsp.convert import span
from writer.templates.outline import Entry, Status

STATES = {
    Status.FINE: "present",
    Status.FINDINGS: "has findings",
    Status.EMPTY: "empty",
    Status.MISSING: "missing",
}


def document_symbols(checked: Checked) -> list[types.DocumentSymbol]:
    outline = checked.outline
    lines = checked.lines
    text_length = len(checked.document.text)
    shift = checked.level_shift
    roots: list[types.DocumentSymbol] = []
    parents: list[tuple[int, types.DocumentSymbol]] = []  # (level, symbol), outermost first
    for index, entry in enumerate(outline.entries):
        if entry.section is not None:
            section = checked.document.sections[entry.section]
            level = section.level
            whole = span(lines, entry.start, max(entry.start, entry.end))
            heading_end = max(entry.start, lines.line_end(section.line - 1))
            heading = span(lines, entry.start, heading_end)
        else:
            level = entry.level + shift
            at = outline.insertion_offset(index, text_length)
            whole = heading = span(lines, at, at)
        symbol = types.DocumentSymbol(
            name=f"{entry.status.mark} {entry.title}",
            detail=detail(entry),
            kind=types.SymbolKind.String,
            range=whole,
            selection_range=heading,
            children=[],
        )
        while parents and parents[-1][0] >= level:
            parents.pop()
        if parents:
            parent = parents[-1][1]
            parent.children = [*(parent.children or ()), symbol]
        else:
            roots.append(symbol)
        if entry.section is not None:
            parents.append((level, symbol))
    return roots


def detail(entry: Entry) -> str:
    state = STATES[entry.status]
    if entry.status is Status.FINDINGS:
        count = len(entry.findings)
        state = f"{count} finding{'s' if count != 1 else ''}"
    if entry.status is Status.MISSING:
        state += " (required)" if entry.required else " (optional)"
    elif not entry.in_template:
        state += " (not in the template)"
    return state
