"""``--format github``: GitHub Actions workflow commands that annotate the pull request.

Paths inside the working directory are printed relative to it (GitHub matches annotations to
files by their path in the repository). Findings become ``::error``, ``::warning`` or
``::notice``; files that could not be checked are errors; run notices are notices.
"""

from __future__ import annotations

from typing import TextIO

from writer.infra.terminal import printable
from writer.model.findings import RunReport, Severity
from writer.reporters import ReportContext
from writer.reporters.paths import relative_path

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "notice"}


def escape_data(value: str) -> str:
    """A workflow command's text: newlines as GitHub wants them, other controls (ESC, BEL)
    written out, so the job log shows them rather than acting on them."""
    value = printable(value, keep="\r\n")
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _file(path: str) -> list[str]:
    return [] if path == "-" else [f"file={escape_property(relative_path(path))}"]


def report(run: RunReport, context: ReportContext, stream: TextIO) -> None:
    file_notices: list[tuple[str, str]] = []  # written after the errors, as they always were
    for result in run.results:
        for finding in result.findings:
            properties = ",".join(
                (
                    *_file(result.path),
                    f"line={finding.line}",
                    f"col={finding.column}",
                    f"endLine={finding.end_line}",
                    f"endColumn={max(finding.end_column, finding.column)}",
                    f"title={escape_property(finding.rule)}",
                )
            )
            command = _COMMAND[finding.severity]
            stream.write(f"::{command} {properties}::{escape_data(finding.message)}\n")
        file_notices.extend((result.path, notice) for notice in result.notices)
    for error in run.errors:
        properties = ",".join(
            (
                *_file(error.path),
                *([f"line={error.line}"] if error.line else []),
                "title=writer",
            )
        )
        stream.write(f"::error {properties}::{escape_data(error.message)}\n")
    for path, notice in file_notices:  # what a file's check had to say: a rule stopped, ...
        properties = ",".join((*_file(path), "title=writer"))
        stream.write(f"::notice {properties}::{escape_data(notice)}\n")
    for notice in run.notices:
        stream.write(f"::notice title=writer::{escape_data(notice)}\n")
