"""``--format line``: ``path:line:column:rule:message``, one finding a line, as Vale prints."""

from __future__ import annotations

from typing import TextIO

from writer.model.findings import RunReport
from writer.reporters import ReportContext


def report(run: RunReport, context: ReportContext, stream: TextIO) -> None:
    for result in run.results:
        for finding in result.findings:
            message = " ".join(finding.message.splitlines())
            stream.write(
                f"{result.path}:{finding.line}:{finding.column}:{finding.rule}:{message}\n"
            )
