"""``--format json``: the version-1 document described in DESIGN.md and the README."""

from __future__ import annotations

import json
from typing import Any, TextIO

from writer.findings import FileResult, Finding, LintRun
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


def run_to_json(run: LintRun) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "files": [
            {
                "path": result.path,
                "template": result.template,
                "findings": [finding_to_json(result, f) for f in result.findings],
                "stats": dict(result.stats),
                **({"notices": list(result.notices)} if result.notices else {}),
            }
            for result in run.results
        ],
        "errors": [
            {
                "path": error.path,
                "message": error.message,
                **({"line": error.line} if error.line else {}),
            }
            for error in run.errors
        ],
        **({"notices": list(run.notices)} if run.notices else {}),
    }


def report(run: LintRun, context: ReportContext, stream: TextIO) -> None:
    json.dump(run_to_json(run), stream, indent=2, ensure_ascii=False, default=str)
    stream.write("\n")
