"""A file's result as compact JSON and back, exactly: what the result cache keeps.

The text a result points into is not kept (the file holds it). :func:`encode` answers None for
a result that would not come back equal, so nothing inexact is ever kept.
"""

from __future__ import annotations

import json
from typing import Any

from writer.model.findings import Edit, FileResult, Finding, Fix, Severity

FORMAT = 2  # bump when the layout below changes


def _edit(edit: Edit) -> list[Any]:
    return [
        edit.start,
        edit.end,
        edit.replacement,
        edit.line,
        edit.column,
        edit.end_line,
        edit.end_column,
    ]


def _finding(finding: Finding) -> list[Any]:
    fix = finding.fix
    return [
        finding.rule,
        int(finding.severity),
        finding.message,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.start,
        finding.end,
        None if fix is None else [fix.description, [_edit(e) for e in fix.edits], fix.safe],
        finding.section,
        [list(pair) for pair in finding.data],
    ]


def _result(result: FileResult) -> list[Any]:
    return [
        FORMAT,
        result.path,
        [_finding(f) for f in result.findings],
        result.template,
        [[key, value] for key, value in result.stats],
        list(result.notices),
        result.summary,
        list(result.run_notices),
        result.fatal,
        result.lenient,
        result.kind,
        result.confidence,
        list(result.evidence),
        result.certainty,
        result.decided,
        result.grammar,
    ]


def encode(result: FileResult) -> bytes | None:
    """The result as bytes, or None when it would not decode to an equal result."""
    try:
        data = json.dumps(_result(result), separators=(",", ":")).encode("ascii")
    except (TypeError, ValueError):
        return None
    decoded = decode(data, result.text)
    if decoded is None or decoded != result or decoded.stats != result.stats:
        return None
    return data


def decode(data: bytes, text: str | None) -> FileResult | None:
    """The result kept by :func:`encode`, pointing into ``text``; None when unreadable."""
    try:
        row = json.loads(data)
        if not isinstance(row, list) or not row or row[0] != FORMAT:
            return None
        (
            _format,
            path,
            findings,
            template,
            stats,
            notices,
            summary,
            run_notices,
            fatal,
            lenient,
            kind,
            confidence,
            evidence,
            certainty,
            decided,
            grammar,
        ) = row
        return FileResult(
            path=path,
            findings=tuple(_decode_finding(f) for f in findings),
            template=template,
            stats=tuple((key, value) for key, value in stats),
            notices=tuple(notices),
            summary=summary,
            run_notices=tuple(run_notices),
            fatal=fatal,
            lenient=lenient,
            text=text,
            kind=kind,
            confidence=confidence,
            evidence=tuple(evidence),
            certainty=certainty,
            decided=decided,
            grammar=grammar,
        )
    except (ValueError, TypeError, KeyError):
        return None


def _decode_finding(row: list[Any]) -> Finding:
    (
        rule,
        severity,
        message,
        line,
        column,
        end_line,
        end_column,
        start,
        end,
        fix,
        section,
        data,
    ) = row
    return Finding(
        rule=rule,
        severity=Severity(severity),
        message=message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        start=start,
        end=end,
        fix=None if fix is None else _decode_fix(fix),
        section=section,
        data=tuple((key, value) for key, value in data),
    )


def _decode_fix(row: list[Any]) -> Fix:
    description, edits, safe = row
    return Fix(description, tuple(Edit(*edit) for edit in edits), safe)
