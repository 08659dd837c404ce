"""Findings, spans and edits in the client's terms: diagnostics, ranges and text edits.

Offsets are into the checked document's text (code points, newlines as ``\\n``); the
:class:`~writer.lsp.positions.LineMap` over that text turns them into the client's lines and
characters. Lines are the same in the client's text (``\\r\\n`` and ``\\r`` end lines there too),
so only the text a replacement brings needs the document's own newline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lsprotocol import types

from writer.lsp.checking import Checked
from writer.lsp.positions import LineMap
from writer.model.findings import Edit, Finding, Severity

SOURCE = "writer"

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.SUGGESTION: types.DiagnosticSeverity.Information,
}


def span(lines: LineMap, start: int, end: int) -> types.Range:
    start_line, start_character = lines.position(start)
    end_line, end_character = lines.position(max(start, end))
    return types.Range(
        start=types.Position(line=start_line, character=start_character),
        end=types.Position(line=end_line, character=end_character),
    )


def diagnostic(
    finding: Finding, lines: LineMap, rule_url: Callable[[str], str]
) -> types.Diagnostic:
    """One finding as a diagnostic: its rule id as the code, linked to the rule's docs."""
    return types.Diagnostic(
        range=span(lines, finding.start, finding.end),
        message=finding.message,
        severity=SEVERITIES[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=rule_url(finding.rule)),
        source=SOURCE,
    )


def diagnostics(checked: Checked, rule_url: Callable[[str], str]) -> list[types.Diagnostic]:
    """Every finding of a check; a document that could not be checked gets one diagnostic on
    its first line saying why."""
    if checked.problem is not None:
        return [
            types.Diagnostic(
                range=span(checked.lines, 0, 0),
                message=f"writer: {checked.problem}",
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
        ]
    return [diagnostic(finding, checked.lines, rule_url) for finding in checked.findings]


def newline_text(text: str, newline: str) -> str:
    """``text`` with its newlines as the document writes them."""
    return text.replace("\n", newline) if newline != "\n" and "\n" in text else text


def text_edit(lines: LineMap, start: int, end: int, text: str, newline: str) -> types.TextEdit:
    return types.TextEdit(range=span(lines, start, end), new_text=newline_text(text, newline))


def text_edits(checked: Checked, edits: Sequence[Edit]) -> list[types.TextEdit]:
    newline = checked.document.newline
    return [text_edit(checked.lines, e.start, e.end, e.replacement, newline) for e in edits]


def workspace_edit(checked: Checked, edits: Sequence[types.TextEdit]) -> types.WorkspaceEdit:
    """Edits to the version that was checked (``documentChanges``), so a client that has moved
    on refuses them; the same edits as plain ``changes`` too, for a client that takes only
    those (the protocol has clients prefer the versioned form when they can)."""
    document = types.OptionalVersionedTextDocumentIdentifier(
        uri=checked.uri, version=checked.version
    )
    return types.WorkspaceEdit(
        changes={checked.uri: list(edits)},
        document_changes=[types.TextDocumentEdit(text_document=document, edits=list(edits))],
    )


def whole_text_edit(before: str, after: str, encoding: str) -> types.TextEdit | None:
    """One edit that turns ``before`` into ``after`` (the client's texts), replacing only what
    lies between their common start and common end; None when they are the same."""
    if before == after:
        return None
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]
    ):
        suffix += 1
    # Never split a "\r\n": the client would see a line break cut in two.
    while prefix and before[prefix - 1] == "\r" and before[prefix : prefix + 1] == "\n":
        prefix -= 1
    while (
        suffix
        and before[len(before) - suffix - 1 : len(before) - suffix] == "\r"
        and (before[len(before) - suffix] == "\n")
    ):
        suffix -= 1
    lines = LineMap(before, encoding)
    return types.TextEdit(
        range=span(lines, prefix, len(before) - suffix),
        new_text=after[prefix : len(after) - suffix],
    )
