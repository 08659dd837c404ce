"""``--format json``: the version-1 document described in DESIGN.md and the README."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from writer.findings import FileError, FileResult, Finding, LintRun
from writer.reporters import ReportContext

JSON_VERSION = 1


def finding_to_json(result: FileResult, finding: Finding) -> dict[str, Any]:
    fix: dict[str, Any] | None = None
    if finding.fix is not None:
        fix = {
            "description": finding.fix.description,
            "safe": finding.fix.safe,
            "edits": [
                {
                    "line": edit.line,
                    "column": edit.column,
                    "end_line": edit.end_line,
                    "end_column": edit.end_column,
                    "replacement": edit.replacement,
                }
                for edit in finding.fix.edits
            ],
        }
    return {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "fix": fix,
    }


def file_to_json(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "template": result.template,
        "findings": [finding_to_json(result, f) for f in result.findings],
        "stats": dict(result.stats),
        **({"notices": list(result.notices)} if result.notices else {}),
    }


def error_to_json(error: FileError) -> dict[str, Any]:
    return {
        "path": error.path,
        "message": error.message,
        **({"line": error.line} if error.line else {}),
    }


def run_to_json(run: LintRun) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "files": [file_to_json(result) for result in run.results],
        "errors": [error_to_json(error) for error in run.errors],
        **({"notices": list(run.notices)} if run.notices else {}),
    }


def report(run: LintRun, context: ReportContext, stream: TextIO) -> None:
    """Write the document one file entry at a time (the same text ``json.dump(run_to_json(run),
    indent=2)`` gives), so a run over many files never holds the whole document in memory."""
    stream.write(f'{{\n  "version": {JSON_VERSION},\n  "files": ')
    _write_list(stream, (file_to_json(result) for result in run.results))
    stream.write(',\n  "errors": ')
    _write_list(stream, (error_to_json(error) for error in run.errors))
    if run.notices:
        stream.write(',\n  "notices": ')
        _write_list(stream, iter(run.notices))
    stream.write("\n}\n")


def _write_list(stream: TextIO, items: Iterator[Any]) -> None:
    first = True
    for item in items:
        # JSON strings never hold a raw newline, so indenting every line is safe.
        text = json.dumps(item, indent=2, ensure_ascii=False, default=str)
        stream.write(("[\n    " if first else ",\n    ") + text.replace("\n", "\n    "))
        first = False
    stream.write("[]" if first else "\n  ]")
