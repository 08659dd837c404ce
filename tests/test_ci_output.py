"""Output for CI: the JSON format against a golden file, SARIF completeness, GitHub annotations."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, SHARED, need_shared, run_cli

CI = FIXTURES / "ci"
GOLDEN = CI / "report.golden.json"
GOLDEN_ARGS = [
    "lint",
    "--format",
    "json",
    "--template",
    "none",
    "--select",
    "prose.repeated-word,structure.placeholder,structure.heading-increment,"
    "structure.empty-section,structure.duplicate-heading",
    "plan.md",
    "clean.md",
    "missing.md",
]


def contains(actual: Any, expected: Any, where: str = "$") -> list[str]:
    """Where ``actual`` differs from ``expected``; objects may have extra keys (fields may be
    added to the format), everything the golden file has must be there with the same value."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing")
            else:
                problems.extend(contains(actual[key], value, f"{where}.{key}"))
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} items, got {actual!r}"]
        return [
            p
            for i, (a, e) in enumerate(zip(actual, expected, strict=True))
            for p in contains(a, e, f"{where}[{i}]")
        ]
    if actual != expected or type(actual) is not type(expected):
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


def test_json_output_matches_the_golden_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CI)
    result = run_cli(GOLDEN_ARGS)
    assert result.code == 2  # missing.md could not be checked
    actual = json.loads(result.out)
    if os.environ.get("WRITER_UPDATE_GOLDEN"):
        GOLDEN.write_text(result.out, encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert contains(actual, expected) == []
    # The golden file itself pins the contract's keys and kinds of values.
    finding = expected["files"][0]["findings"][0]
    assert list(finding) == [
        "rule", "severity", "line", "column", "end_line", "end_column", "message", "fix"
    ]  # fmt: skip
    assert finding["fix"]["safe"] is True and finding["fix"]["edits"][0]["replacement"] == ""
    assert expected["version"] == 1
    assert {f["severity"] for f in expected["files"][0]["findings"]} == {
        "error",
        "warning",
        "suggestion",
    }


def test_contains_reports_changed_meaning() -> None:
    golden = {"a": [{"line": 1, "fix": None}], "version": 1}
    assert contains({"a": [{"line": 1, "fix": None, "new": 2}], "version": 1}, golden) == []
    assert contains({"a": [{"line": 2, "fix": None}], "version": 1}, golden) == [
        "$.a[0].line: expected 1, got 2"
    ]
    assert contains({"a": [], "version": 1}, golden)
    assert contains({"a": [{"line": 1}], "version": 1}, golden) == ["$.a[0].fix: missing"]
    assert contains({"a": [{"line": True, "fix": None}], "version": 1}, golden)


# -- SARIF ---------------------------------------------------------------------------------------


def _sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *paths: str) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    result = run_cli(["lint", "--format", "sarif", *paths])
    assert result.code in (1, 2), result.err
    data: dict[str, Any] = json.loads(result.out)
    return data


def test_sarif_names_files_relative_to_the_source_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(need_shared(SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    folder = tmp_path / "docs dir"
    folder.mkdir()
    (folder / "plan.md").write_text("# Plan\n\nThe the plan.\n", encoding="utf-8")
    sarif = _sarif(tmp_path, monkeypatch, str(folder / "plan.md"), "gone.md")
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    location = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "docs%20dir/plan.md", "uriBaseId": "%SRCROOT%"}
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gone.md"


def test_sarif_rules_have_help_examples_and_every_result_a_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.md").write_text(
        "# Plan\n\nThe the plan starts in TBD.\n\n#### Deep\n\nText.\n", encoding="utf-8"
    )
    sarif = _sarif(tmp_path, monkeypatch, "plan.md")
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"]
    for result in run["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert f"writer rules {rule['id']}" in rule["help"]["text"]
    repeated = next(rule for rule in rules if rule["id"] == "prose.repeated-word")
    assert "Instead of:\n    Restart the the pod." in repeated["help"]["text"]
    assert "```markdown\nRestart the pod.\n```" in repeated["help"]["markdown"]
    assert "writer fix" in repeated["help"]["markdown"]
    fixes = {result["ruleId"]: result["fixes"][0] for result in run["results"] if "fixes" in result}
    assert fixes["prose.repeated-word"]["properties"] == {"safe": True}
    assert fixes["structure.heading-increment"]["properties"] == {"safe": False}
    replacement = fixes["structure.heading-increment"]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {
        "startLine": 5,
        "startColumn": 1,
        "endLine": 5,
        "endColumn": 5,
    }
    assert replacement["insertedContent"] == {"text": "##"}


def test_sarif_describes_a_rule_no_provider_declared() -> None:
    from writer.model.findings import FileResult, Finding, LintRun, Severity
    from writer.reporters import ReportContext
    from writer.reporters.sarif import run_to_sarif

    finding = Finding("vendor.thing", Severity.WARNING, "m", 1, 1, 1, 2)
    sarif = run_to_sarif(LintRun((FileResult("a.md", (finding,)),)), ReportContext(rules={}))
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "vendor.thing"
    assert run["results"][0]["ruleIndex"] == 0


# -- GitHub annotations --------------------------------------------------------------------------


def test_github_annotations_levels_paths_and_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".writer.toml").write_text(
        '[rules]\n"prose.repeated-word" = "error"\n"structure.empty-section" = "suggestion"\n'
    )
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text("# Plan\n\nThe the plan, 100% done.\n\n## Empty\n")
    (docs / "bin.md").write_bytes(b"\x00binary")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["lint", "--format", "github", str(docs / "plan.md"), "docs/bin.md"])
    assert result.code == 2
    lines = result.out.splitlines()
    assert lines[0] == (
        "::error file=docs/plan.md,line=3,col=1,endLine=3,endColumn=7,"
        "title=prose.repeated-word::'The' is repeated: delete one"
    )
    assert lines[1].startswith("::notice file=docs/plan.md,line=5,col=1,")
    assert "title=structure.empty-section::" in lines[1]
    assert lines[2] == (
        "::error file=docs/bin.md,title=writer::binary file (contains NUL bytes): "
        "not markdown, skipped"
    )
    assert len(lines) == 3


def test_github_escapes_newlines_percent_and_separators(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from io import StringIO

    from writer.model.findings import FileResult, Finding, LintRun, Severity
    from writer.reporters import ReportContext, get_reporter

    finding = Finding("style.X.Y", Severity.WARNING, "100% sure:\nsplit, here", 2, 3, 2, 2)
    run = LintRun((FileResult("we,ird:name.md", (finding,)),), notices=("grammar off",))
    stream = StringIO()
    get_reporter("github")(run, ReportContext(rules={}), stream)
    assert stream.getvalue().splitlines() == [
        "::warning file=we%2Cird%3Aname.md,line=2,col=3,endLine=2,endColumn=3,"
        "title=style.X.Y::100%25 sure:%0Asplit, here",
        "::notice title=writer::grammar off",
    ]


def test_github_stdin_has_no_file_property() -> None:
    result = run_cli(["lint", "--format", "github", "-"], stdin="# T\n\nThe the end.\n")
    assert result.out.startswith("::warning line=3,col=1,")
