"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards, with rule help and fixes."""

from __future__ import annotations

from typing import Any, TextIO

from writer.findings import Finding, LintRun, Severity
from writer.reporters import ReportContext, indented_json
from writer.reporters.paths import SOURCE_ROOT, artifact_location, source_root_uri
from writer.rules import RuleMeta

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/writer-docs/writer"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.SUGGESTION: "note"}


def _rule(rule: RuleMeta) -> dict[str, Any]:
    help_text = rule.explanation or rule.summary
    markdown = help_text
    text = help_text
    if rule.bad:
        markdown += f"\n\nInstead of:\n\n```markdown\n{rule.bad}\n```"
        text += "\n\nInstead of:\n" + _indent(rule.bad)
    if rule.good:
        markdown += f"\n\nWrite:\n\n```markdown\n{rule.good}\n```"
        text += "\n\nWrite:\n" + _indent(rule.good)
    if rule.fixable:
        markdown += "\n\n`writer fix` can fix this."
        text += "\n\nwriter fix can fix this."
    markdown += f"\n\nMore: `writer rules {rule.id}`."
    text += f"\n\nMore: writer rules {rule.id}"
    return {
        "id": rule.id,
        "name": rule.id.replace(".", "/"),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": help_text},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [rule.family], "fixable": rule.fixable},
    }


def _indent(example: str) -> str:
    return "\n".join("    " + line for line in example.splitlines())


def _unknown_rule(rule_id: str) -> RuleMeta:
    """A descriptor for a finding whose rule no provider declared (kept rather than dropped)."""
    return RuleMeta(
        id=rule_id,
        severity=Severity.WARNING,
        summary=f"Rule {rule_id}.",
        explanation=f"See 'writer rules {rule_id}'.",
    )


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": max(end_column, 1),
    }


def _result(path: str, finding: Finding, rule_index: int | None) -> dict[str, Any]:
    location = {
        "physicalLocation": {
            "artifactLocation": artifact_location(path),
            "region": _region(
                finding.line, finding.column, finding.end_line, finding.end_column + 1
            ),
        }
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
    }
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    if finding.fix is not None and finding.fix.edits:
        result["fixes"] = [
            {
                "description": {"text": finding.fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": artifact_location(path),
                        "replacements": [
                            {
                                "deletedRegion": _region(
                                    edit.line, edit.column, edit.end_line, edit.end_column
                                ),
                                "insertedContent": {"text": edit.replacement},
                            }
                            for edit in finding.fix.edits
                        ],
                    }
                ],
                "properties": {"safe": finding.fix.safe},
            }
        ]
    return result


def run_to_sarif(run: LintRun, context: ReportContext) -> dict[str, Any]:
    used = sorted({finding.rule for _, finding in run.findings()})
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule_id in used:
        meta = context.rules.get(rule_id)
        if meta is None:
            # A dynamic id (a grammar rule): describe it by its nearest declared parent.
            parent = rule_id
            while meta is None and "." in parent:
                parent = parent.rsplit(".", 1)[0]
                meta = context.rules.get(parent)
            if meta is None:
                meta = _unknown_rule(rule_id)
            meta = RuleMeta(
                id=rule_id,
                severity=meta.severity,
                summary=meta.summary,
                explanation=meta.explanation,
                fixable=meta.fixable,
                source=meta.source,
            )
        index[rule_id] = len(rules)
        rules.append(_rule(meta))
    results = [
        _result(result.path, finding, index.get(finding.rule)) for result, finding in run.findings()
    ]
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(error.path),
                        **({"region": {"startLine": error.line}} if error.line else {}),
                    }
                }
            ],
        }
        for error in run.errors
    ]
    notifications += [
        {
            "level": "note",
            "message": {"text": notice},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifact_location(result.path)}}
            ],
        }
        for result in run.results
        for notice in result.notices
    ]
    notifications += [{"level": "note", "message": {"text": notice}} for notice in run.notices]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "writer",
                        "version": context.version or "0",
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SOURCE_ROOT: {"uri": source_root_uri()}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not run.errors and not run.fatal,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def report(run: LintRun, context: ReportContext, stream: TextIO) -> None:
    # The text of json.dump(..., indent=2, ensure_ascii=False), written faster.
    stream.write(indented_json.dumps(run_to_sarif(run, context)))
    stream.write("\n")
