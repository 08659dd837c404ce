"""Hover on a marked span: what the finding says, then its rule's explanation and an example of
what the rule flags and what it accepts (as ``writer rules RULE`` prints them)."""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from writer.lsp.checking import Checked
from writer.lsp.convert import span
from writer.model.findings import Finding
from writer.model.rules import RuleMeta


def hover(checked: Checked, offset: int, rule_url: Callable[[str], str]) -> types.Hover | None:
    findings = checked.findings_at(offset)
    if not findings:
        return None
    parts = [explain(f, checked.rules.get(f.rule), rule_url(f.rule)) for f in findings]
    first = min(f.start for f in findings)
    last = max(f.end for f in findings)
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
        ),
        range=span(checked.lines, first, last),
    )


def explain(finding: Finding, rule: RuleMeta | None, url: str) -> str:
    lines = [
        f"**{finding.message}**",
        "",
        f"[`{finding.rule}`]({url}) · {finding.severity.label}"
        + (" · fix available" if finding.fix is not None else ""),
    ]
    if rule is not None:
        if rule.id != finding.rule:
            lines += ["", f"Reported by `{rule.id}`: {rule.summary}"]
        elif rule.summary and rule.summary != finding.message:
            lines += ["", rule.summary]
        if rule.explanation:
            lines += ["", " ".join(rule.explanation.split())]
        if rule.bad:
            lines += ["", "Flagged:", "", _fenced(rule.bad)]
        if rule.good:
            lines += ["", "Accepted:", "", _fenced(rule.good)]
    return "\n".join(lines)


def _fenced(example: str) -> str:
    fence = "```"
    while fence in example:
        fence += "`"
    return f"{fence}markdown\n{example.rstrip()}\n{fence}"
