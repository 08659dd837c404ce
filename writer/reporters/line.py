"""``--format line``: ``path:line:column:rule:message``, one finding a line, as Vale prints."""

from __future__ import annotations

from typing import TextIO

from writer.infra.terminal import printable
from writer.model.findings import RunReport
from writer.reporters import ReportContext


def report(run: RunReport, context: ReportContext, stream: TextIO) -> None:
    for result in run.results:
        for finding in result.findings:
            message = printable(" ".join(finding.message.splitlines()))
            path, rule = printable(result.path), printable(finding.rule)
            stream.write(f"{path}:{finding.line}:{finding.column}:{rule}:{message}\n")
