"""Inline suppressions: ``writer-disable``/``writer-enable`` comments and Vale's ``vale`` comments.

- ``<!-- writer-disable RULE ... -->`` ... ``<!-- writer-enable RULE ... -->`` (no rules: all)
- ``<!-- writer-disable-next-line RULE ... -->`` (the next non-blank line)
- ``<!-- writer-disable-line RULE ... -->`` (the comment's own line)
- ``<!-- vale off -->`` / ``<!-- vale on -->`` (style rules), ``<!-- vale Style.Rule = NO -->``
  and ``= YES`` (one Vale rule or a whole style, as ``style.Style.Rule``)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from writer.model.document import Document
from writer.model.findings import Finding
from writer.settings.selectors import matches

_WRITER = re.compile(
    r"^writer-(disable-next-line|disable-line|disable|enable)\b\s*(.*)$", re.DOTALL
)
_VALE_SWITCH = re.compile(r"^vale\s+(off|on)\s*$", re.IGNORECASE)
_VALE_RULE = re.compile(r"^vale\s+([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)?)\s*=\s*(NO|YES)\s*$")
ALL = "ALL"


@dataclass(frozen=True)
class Suppression:
    """Drops findings on lines ``first``..``last`` whose rule matches a selector."""

    first: int
    last: int
    selectors: tuple[str, ...]

    def covers(self, finding: Finding) -> bool:
        if not self.first <= finding.line <= self.last:
            return False
        return any(matches(finding.rule, selector) for selector in self.selectors)


def parse_suppressions(document: Document) -> tuple[Suppression, ...]:
    """Read every suppression comment in the document into line ranges."""
    if not document.comments:
        return ()
    last_line = document.index.line_count
    open_ranges: dict[str, int] = {}  # selector -> first line
    result: list[Suppression] = []
    for comment in document.comments:
        body = comment.body.strip()
        writer = _WRITER.match(body)
        if writer is not None:
            action = writer.group(1)
            selectors = _selectors(writer.group(2))
            if action == "disable-next-line":
                target = _next_content_line(document, comment.end_line)
                result.append(Suppression(target, target, selectors))
            elif action == "disable-line":
                result.append(Suppression(comment.line, comment.end_line, selectors))
            elif action == "disable":
                for selector in selectors:
                    open_ranges.setdefault(selector, comment.line)
            else:
                _close(open_ranges, selectors, comment.line, result)
            continue
        switch = _VALE_SWITCH.match(body)
        if switch is not None:
            if switch.group(1).lower() == "off":
                open_ranges.setdefault("style", comment.line)
            else:
                _close(open_ranges, ("style",), comment.line, result)
            continue
        rule = _VALE_RULE.match(body)
        if rule is not None:
            selector = "style." + rule.group(1)
            if rule.group(2) == "NO":
                open_ranges.setdefault(selector, comment.line)
            else:
                _close(open_ranges, (selector,), comment.line, result)
    for selector, first in open_ranges.items():
        result.append(Suppression(first, last_line, (selector,)))
    return tuple(result)


def _selectors(text: str) -> tuple[str, ...]:
    names = tuple(name for name in re.split(r"[\s,]+", text.strip()) if name)
    return names or (ALL,)


def _close(
    open_ranges: dict[str, int],
    selectors: Iterable[str],
    line: int,
    result: list[Suppression],
) -> None:
    for selector in selectors:
        if selector == ALL:
            for name, first in list(open_ranges.items()):
                result.append(Suppression(first, line, (name,)))
            open_ranges.clear()
            return
        if selector in open_ranges:
            result.append(Suppression(open_ranges.pop(selector), line, (selector,)))


def _next_content_line(document: Document, after: int) -> int:
    line = after + 1
    while line <= document.index.line_count and not document.line_text(line).strip():
        line += 1
    return line


def apply_suppressions(
    findings: Iterable[Finding], suppressions: tuple[Suppression, ...]
) -> list[Finding]:
    if not suppressions:
        return list(findings)
    return [f for f in findings if not any(s.covers(f) for s in suppressions)]
