"""``--format sarif``: SARIF 2.1.0 for code-scanning dashboards, with rule help and fixes."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any, TextIO

from writer.model.findings import FileError, Finding, LintRun, RunReport, Severity
from writer.model.rules import RuleMeta
from writer.reporters import ReportContext, indented_json
from writer.reporters.paths import SOURCE_ROOT, artifact_location, source_root_uri

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


def _rules(used: Iterable[str], context: ReportContext) -> list[dict[str, Any]]:
    """The descriptors of the rules ``used``, in that order."""
    rules: list[dict[str, Any]] = []
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
        rules.append(_rule(meta))
    return rules


def _notifications(
    errors: Iterable[FileError], file_notices: Iterable[tuple[str, str]], notices: Iterable[str]
) -> list[dict[str, Any]]:
    """Files that could not be checked, each file's notices, then the run's."""
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
        for error in errors
    ]
    notifications += [
        {
            "level": "note",
            "message": {"text": notice},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path)}}],
        }
        for path, notice in file_notices
    ]
    notifications += [{"level": "note", "message": {"text": notice}} for notice in notices]
    return notifications


def _document(
    rules: list[dict[str, Any]],
    run: RunReport,
    file_notices: Iterable[tuple[str, str]],
    context: ReportContext,
    results: list[dict[str, Any]],
) -> dict[str, Any]:
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
                        "toolExecutionNotifications": _notifications(
                            run.errors, file_notices, run.notices
                        ),
                    }
                ],
                "results": results,
            }
        ],
    }


def run_to_sarif(run: LintRun, context: ReportContext) -> dict[str, Any]:
    """The whole document as a value (for a run held whole; :func:`report` streams)."""
    used = sorted({finding.rule for _, finding in run.findings()})
    index = {rule_id: position for position, rule_id in enumerate(used)}
    results = [
        _result(result.path, finding, index.get(finding.rule)) for result, finding in run.findings()
    ]
    file_notices = [(result.path, notice) for result in run.results for notice in result.notices]
    return _document(_rules(used, context), run, file_notices, context, results)


# Results are written as they arrive to a spool (in memory while small, then a temporary
# file), because the rules array and the invocation, which come first, are known only at the
# end. A result's ruleIndex, the rule's place in the sorted rules array, is not known either:
# the spool holds the rule's order of first use between two NUL characters, which JSON text
# never contains raw (strings escape them), and copying the spool puts the final index there.
_SPOOL_IN_MEMORY = 8 * 1024 * 1024
_CHUNK = 1 << 20  # characters copied from the spool at a time
_RESULT_INDENT = " " * 8  # a result object's indent in the document
_PENDING = -(2**62)  # a stand-in ruleIndex, replaced in each result's text
_RESULTS_TAIL = "[]\n    }\n  ]\n}"  # how the document ends after "results": when it has none


def report(run: RunReport, context: ReportContext, stream: TextIO) -> None:
    """Write the document (the text of ``json.dump(run_to_sarif(...), indent=2,
    ensure_ascii=False)``) holding one file's results at a time, never the whole run's."""
    first_use: dict[str, int] = {}  # rule id -> order of first use
    file_notices: list[tuple[str, str]] = []
    pending = f'"ruleIndex": {_PENDING}'
    with tempfile.SpooledTemporaryFile(
        max_size=_SPOOL_IN_MEMORY,
        mode="w+",
        encoding="utf-8",
        errors="surrogatepass",  # any str comes back as it went in, lone surrogates too
        newline="",
    ) as spool:
        separator = ""
        for result in run.results:
            for finding in result.findings:
                order = first_use.setdefault(finding.rule, len(first_use))
                text = indented_json.dumps(
                    _result(result.path, finding, _PENDING), _RESULT_INDENT
                ).replace(pending, f'"ruleIndex": \x00{order}\x00', 1)
                spool.write(separator + _RESULT_INDENT + text)
                separator = ",\n"
            file_notices.extend((result.path, notice) for notice in result.notices)
        used = sorted(first_use)
        final = [0] * len(used)
        for position, rule_id in enumerate(used):
            final[first_use[rule_id]] = position
        head = indented_json.dumps(_document(_rules(used, context), run, file_notices, context, []))
        assert head.endswith(_RESULTS_TAIL)
        if not first_use:
            stream.write(head + "\n")
            return
        stream.write(head[: -len(_RESULTS_TAIL)] + "[\n")
        spool.seek(0)
        _copy_results(spool, stream, final)
        stream.write("\n      ]" + _RESULTS_TAIL[2:] + "\n")


def _copy_results(spool: IO[str], stream: TextIO, final: list[int]) -> None:
    """Copy the spooled results, each rule's order of first use replaced by its index."""
    carry = ""  # an order cut in two by the end of a chunk
    inside = False  # whether the text being read is an order between NULs
    while chunk := spool.read(_CHUNK):
        pieces = (carry + chunk).split("\x00")
        carry = ""
        last = len(pieces) - 1
        for number, piece in enumerate(pieces):
            if not inside:
                stream.write(piece)
            elif number == last:
                carry = piece  # the rest of it starts the next chunk
            else:
                stream.write(str(final[int(piece)]))
            if number != last:
                inside = not inside
    stream.write(carry)
