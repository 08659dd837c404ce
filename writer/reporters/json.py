"""``--format json``: the version-1 document described in DESIGN.md and docs/lint.md."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from writer.model.findings import FileError, FileResult, Finding, LintRun, RunReport
from writer.reporters import ReportContext, indented_json

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
    entry: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "fix": fix,
    }
    word = dict(finding.data).get("word")
    if word:
        # A spelling finding: what an editor needs to offer "add to vocabulary".
        entry["vocabulary"] = {"word": word, "command": ["writer", "vocab", "add", word]}
    return entry


def detection_to_json(result: FileResult) -> dict[str, Any]:
    """How the document's kind and template were decided."""
    return {
        "reason": result.decided,
        "certainty": result.certainty,
        "confidence": result.confidence,
        "evidence": list(result.evidence),
    }


def file_to_json(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "template": result.template,
        "kind": result.kind,
        "detection": detection_to_json(result),
        "findings": [finding_to_json(result, f) for f in result.findings],
        "stats": dict(result.stats),
        **({"notices": list(result.notices)} if result.notices else {}),
    }


def error_to_json(error: FileError) -> dict[str, Any]:
    return {
        "path": error.path,
        "message": error.message,
        **({"line": error.line} if error.line else {}),
    }


def run_to_json(run: LintRun) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "files": [file_to_json(result) for result in run.results],
        "errors": [error_to_json(error) for error in run.errors],
        **({"notices": list(run.notices)} if run.notices else {}),
    }


def report(run: RunReport, context: ReportContext, stream: TextIO) -> None:
    """Write the document one file entry at a time (the same text ``json.dump(run_to_json(run),
    indent=2)`` gives), so a run over many files never holds the whole document in memory."""
    stream.write(f'{{\n  "version": {JSON_VERSION},\n  "files": ')
    _write_list(stream, (_file_text(result) for result in run.results))
    stream.write(',\n  "errors": ')
    _write_list(stream, (error_to_json(error) for error in run.errors))
    if run.notices:
        stream.write(',\n  "notices": ')
        _write_list(stream, iter(run.notices))
    stream.write("\n}\n")


def _write_list(stream: TextIO, items: Iterator[Any]) -> None:
    first = True
    for item in items:
        text = item if isinstance(item, _Text) else indented_json.dumps(item, _ITEM)
        stream.write(("[\n    " if first else ",\n    ") + text)
        first = False
    stream.write("[]" if first else "\n  ]")


class _Text(str):
    """An item already written as indented JSON."""


_ITEM = "    "  # the indent of an entry in the document's top-level lists
_quote = indented_json.quote


def _file_text(result: FileResult) -> _Text:
    """:func:`file_to_json` as indented JSON, findings written straight from their fields
    (a run can have tens of thousands): the same text as encoding the dictionary."""
    i = _ITEM + "  "
    findings = ",\n".join(_finding_text(finding, i + "  ") for finding in result.findings)
    findings = f"[\n{findings}\n{i}]" if findings else "[]"
    notices = ""
    if result.notices:
        notices = f',\n{i}"notices": ' + indented_json.dumps(list(result.notices), i)
    return _Text(
        f'{{\n{i}"path": {_quote(result.path)},\n'
        f'{i}"template": {indented_json.dumps(result.template, i)},\n'
        f'{i}"kind": {indented_json.dumps(result.kind, i)},\n'
        f'{i}"detection": {indented_json.dumps(detection_to_json(result), i)},\n'
        f'{i}"findings": {findings},\n'
        f'{i}"stats": {indented_json.dumps(dict(result.stats), i)}{notices}\n{_ITEM}}}'
    )


def _finding_text(finding: Finding, i: str) -> str:
    """One finding object starting at indent ``i``."""
    k = i + "  "  # the finding's keys
    fix = finding.fix
    if fix is None:
        fix_text = "null"
    else:
        f = k + "  "  # the fix's keys
        e = f + "  "  # each edit object, whose keys are two further in
        edits = ",\n".join(
            f'{e}{{\n{e}  "line": {edit.line},\n{e}  "column": {edit.column},\n'
            f'{e}  "end_line": {edit.end_line},\n{e}  "end_column": {edit.end_column},\n'
            f'{e}  "replacement": {_quote(edit.replacement)}\n{e}}}'
            for edit in fix.edits
        )
        edits = f"[\n{edits}\n{f}]" if edits else "[]"
        fix_text = (
            f'{{\n{f}"description": {_quote(fix.description)},\n'
            f'{f}"safe": {"true" if fix.safe else "false"},\n{f}"edits": {edits}\n{k}}}'
        )
    vocabulary = ""
    word = dict(finding.data).get("word") if finding.data else None
    if word:
        v = k + "  "
        vocabulary = (
            f',\n{k}"vocabulary": {{\n{v}"word": {_quote(word)},\n{v}"command": [\n'
            f'{v}  "writer",\n{v}  "vocab",\n{v}  "add",\n{v}  {_quote(word)}\n{v}]\n{k}}}'
        )
    return (
        f'{i}{{\n{k}"rule": {_quote(finding.rule)},\n'
        f'{k}"severity": {_quote(finding.severity.label)},\n'
        f'{k}"line": {finding.line},\n{k}"column": {finding.column},\n'
        f'{k}"end_line": {finding.end_line},\n{k}"end_column": {finding.end_column},\n'
        f'{k}"message": {_quote(finding.message)},\n{k}"fix": {fix_text}{vocabulary}\n{i}}}'
    )
