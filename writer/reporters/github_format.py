"""``--format github``: GitHub Actions workflow commands that annotate the pull request."""

from __future__ import annotations

from typing import TextIO

from writer.findings import LintRun, Severity
from writer.reporters import ReportContext

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def report(run: LintRun, context: ReportContext, stream: TextIO) -> None:
    for result, finding in run.findings():
        properties = ",".join(
            (
                f"file={escape_property(result.path)}",
                f"line={finding.line}",
                f"col={finding.column}",
                f"endLine={finding.end_line}",
                f"endColumn={max(finding.end_column, finding.column)}",
                f"title={escape_property(finding.rule)}",
            )
        )
        command = _COMMAND[finding.severity]
        stream.write(f"::{command} {properties}::{escape_data(finding.message)}\n")
    for error in run.errors:
        where = f",line={error.line}" if error.line else ""
        stream.write(
            f"::error file={escape_property(error.path)}{where},title=writer::"
            f"{escape_data(error.message)}\n"
        )
