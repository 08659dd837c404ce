"""``--format text``: findings grouped by file, the offending line with a caret, a summary."""

from __future__ import annotations

from collections import Counter
from typing import Any, TextIO

from writer.infra.terminal import has_control, printable
from writer.model.findings import FileResult, Finding, RunReport, Severity
from writer.reporters import ReportContext

_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARNING: "\x1b[33m",
    Severity.SUGGESTION: "\x1b[36m",
}
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RESET = "\x1b[0m"
# Figures shown under a file when its checks reported them: (stats key, label, unit).
_FIGURES = (
    ("time_to_detect", "time to detect", ""),
    ("time_to_mitigate", "time to mitigate", ""),
    ("time_to_resolve", "time to resolve", ""),
    ("words", "words", ""),
    ("reading_grade", "reading grade", ""),
)


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text


def _excerpt(lines: list[str] | None, finding: Finding, style: _Style) -> list[str]:
    if lines is None or not 1 <= finding.line <= len(lines):
        return []
    source = lines[finding.line - 1]
    if len(source) > 200:
        left = max(0, finding.column - 60)
        source = source[left : left + 160]
        column = finding.column - left
    else:
        column = finding.column
    width = 1
    if finding.end_line == finding.line and finding.end_column >= finding.column:
        width = finding.end_column - finding.column + 1
    width = max(1, min(width, len(source) - column + 1 if len(source) >= column else 1))
    source = source.replace("\t", " ")
    if has_control(source):  # shown escaped: the caret moves with the escapes before it
        before = printable(source[: column - 1])
        width = max(1, len(printable(source[column - 1 : column - 1 + width])))
        column = len(before) + 1
        source = printable(source)
    gutter = f"{finding.line:>6} | "
    pad = " " * (len(gutter) - 2) + "| "
    caret = " " * (column - 1) + "^" * width
    return [
        style(gutter, _DIM) + source,
        style(pad, _DIM) + style(caret, _COLORS[finding.severity]),
    ]


def _figures(stats: dict[str, Any]) -> str:
    parts = []
    for key, label, _unit in _FIGURES:
        value = stats.get(key)
        if value is None:
            continue
        if isinstance(value, float):
            value = f"{value:.1f}"
        parts.append(f"{label} {value}")
    return " · ".join(parts)


def _file_block(result: FileResult, context: ReportContext, style: _Style) -> list[str]:
    header = style(printable(result.path), _BOLD) + style(f"  ({printable(decided(result))})", _DIM)
    out = [header]
    lines = result.text.split("\n") if result.findings and result.text is not None else None
    for finding in result.findings:
        label = style(f"{finding.severity.label:<10}", _COLORS[finding.severity])
        position = f"{finding.line}:{finding.column}"
        message, rule = printable(finding.message), printable(finding.rule)
        out.append(f"  {position:<8} {label} {message}  {style(rule, _DIM)}")
        out.extend("  " + row for row in _excerpt(lines, finding, style))
    for notice in result.notices:
        out.append(f"  note: {printable(notice)}")
    tail = []
    if result.summary:
        tail.append(printable(result.summary))
    if context.show_stats:
        figures = _figures(result.stats_dict)
        if figures:
            tail.append(figures)
    if tail:
        out.append(style("  " + " · ".join(tail), _DIM))
    return out


def decided(result: FileResult) -> str:
    """What kind of document it was taken for and against which template, in a few words."""
    if result.kind is None and result.template is None:
        return "not a postmortem or design doc: general checks only"
    kind = {"design": "design doc", "adr": "decision record"}.get(result.kind or "", result.kind)
    if result.template is None:
        return f"{kind}, no template: sections found by what they are for"
    return f"{kind or 'document'}, template: {result.template}"


def _grammar(statuses: Counter[str]) -> str:
    """Which grammar backend checked the files (or why none did), once for the run."""
    if not statuses:
        return ""
    if len(statuses) == 1:
        return f" Grammar: {printable(next(iter(statuses)))}."
    parts = [f"{status} ({n} file{'s' if n != 1 else ''})" for status, n in statuses.items()]
    return f" Grammar: {printable('; '.join(parts))}."


def _summary(
    counts: Counter[Severity],
    files: int,
    with_findings: int,
    unchecked: int,
    grammar: Counter[str] | None = None,
) -> str:
    total = sum(counts.values())
    noun = "file" if files == 1 else "files"
    if total:
        parts = [
            f"{counts[level]} {level.label}{'s' if counts[level] != 1 else ''}"
            for level in (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
            if counts[level]
        ]
        text = (
            f"Found {total} problem{'s' if total != 1 else ''} ({', '.join(parts)}) "
            f"in {with_findings} of {files} {noun}."
        )
    else:
        text = f"No problems found in {files} {noun}."
    if unchecked:
        text += f" {unchecked} file{'s' if unchecked != 1 else ''} could not be checked."
    return text + _grammar(grammar or Counter())


def report(run: RunReport, context: ReportContext, stream: TextIO) -> None:
    style = _Style(context.color)
    counts: Counter[Severity] = Counter()
    grammar: Counter[str] = Counter()
    files = with_findings = 0
    for result in run.results:
        files += 1
        if result.grammar is not None:
            grammar[result.grammar] += 1
        if result.findings:
            with_findings += 1
            counts.update(finding.severity for finding in result.findings)
        if not result.findings and not result.notices and not result.summary:
            continue
        stream.write("\n".join(_file_block(result, context, style)) + "\n\n")
    for error in run.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        text = printable(f"{where}: {error.message}")
        stream.write(style("error", _COLORS[Severity.ERROR]) + f": {text}\n")
    for notice in run.notices:
        stream.write(f"note: {printable(notice)}\n")
    summary = _summary(counts, files, with_findings, run.unchecked, grammar)
    stream.write(style(summary, _BOLD) + "\n")
