"""Reporters: SARIF validated against the official 2.1.0 schema, and the text layout."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import SHARED, need_shared
from writer.api import Linter
from writer.model.findings import FileError, FileResult, LintRun
from writer.reporters import ReportContext, get_reporter
from writer.reporters.sarif import run_to_sarif

DIRTY = "# Rollout\n\nThe the rollout 😀 starts in TBD.\n\n#### Deep\n\nText.\n"


def sample_run(tmp_path: Path) -> tuple[LintRun, ReportContext]:
    path = tmp_path / "doc.md"
    path.write_text(DIRTY, encoding="utf-8")
    linter = Linter()
    # Results as the command line reports them: each carries the text its findings quote.
    results = tuple(r for r in linter.stream_paths([str(path)]) if isinstance(r, FileResult))
    run = LintRun(results, (FileError("broken.md", "not valid UTF-8", 3),))
    rules = {rule.id: rule for rule in linter.rules()}
    return run, ReportContext(rules=rules, version="0.1.0")


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = need_shared(SHARED / "schemas" / "sarif-schema-2.1.0.json")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    run, context = sample_run(tmp_path)
    sarif = run_to_sarif(run, context)
    jsonschema.validate(sarif, schema)
    driver = sarif["runs"][0]["tool"]["driver"]
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(ids) and "prose.repeated-word" in ids
    rule = driver["rules"][ids.index("prose.repeated-word")]
    assert rule["help"]["text"] and "Restart the the pod." in rule["help"]["markdown"]
    results = sarif["runs"][0]["results"]
    first = results[0]
    assert first["ruleId"] == "prose.repeated-word"
    assert first["ruleIndex"] == ids.index("prose.repeated-word")
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3,
        "startColumn": 1,
        "endLine": 3,
        "endColumn": 8,
    }
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"]["startColumn"] == 4
    assert replacement["insertedContent"]["text"] == ""
    assert sarif["runs"][0]["columnKind"] == "unicodeCodePoints"
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "not valid UTF-8"


def test_text_report_layout(tmp_path: Path) -> None:
    run, context = sample_run(tmp_path)
    stream = io.StringIO()
    get_reporter("text")(run, context, stream)
    text = stream.getvalue()
    path = tmp_path / "doc.md"
    assert text.splitlines()[0] == f"{path}  (not a postmortem or design doc: general checks only)"
    assert "  3:1      warning    'The' is repeated: delete one  prose.repeated-word" in text
    assert "     3 | The the rollout 😀 starts in TBD." in text
    assert "error: broken.md:3: not valid UTF-8" in text
    assert text.rstrip().endswith(
        "Found 3 problems (3 warnings) in 1 of 1 file. 1 file could not be checked. "
        "Grammar: harper."
    )


def test_text_report_colour_only_when_asked(tmp_path: Path) -> None:
    run, context = sample_run(tmp_path)
    stream = io.StringIO()
    get_reporter("text")(run, ReportContext(rules=context.rules, color=True), stream)
    assert "\x1b[33m" in stream.getvalue()


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        get_reporter("xml")


def test_json_report_is_exactly_the_standard_librarys_indented_json() -> None:
    # The report is written without json.dumps for speed; it must stay the same text.
    from writer.model.findings import Edit, FileResult, Finding, Fix, Severity
    from writer.reporters.json import report, run_to_json

    def finding(rule: str, fix: Fix | None) -> Finding:
        return Finding(rule, Severity.WARNING, 'Say "it" — plainly\\ \u2028', 3, 1, 3, 9, fix=fix)

    edits = (Edit(0, 1, "é", 1, 1, 1, 2), Edit(4, 5, "", 2, 3, 2, 4))
    results = (
        FileResult(
            "dir/ünï.md",
            (
                finding("a.b", None),
                finding("c.d", Fix("replace 'x' with 'y'", edits, safe=True)),
                finding("e.f", Fix("no edits", ())),
            ),
            template="postmortem",
            stats=(("words", 12), ("grade", 9.25), ("sections", {"Impact": [1, 2.5]})),
            notices=("front matter ignored",),
        ),
        FileResult("empty.md", ()),
    )
    run = LintRun(results, (FileError("bad.md", "not UTF-8", 4),), notices=("once",))
    stream = io.StringIO()
    report(run, ReportContext(rules={}), stream)
    expected = json.dumps(run_to_json(run), indent=2, ensure_ascii=False, default=str) + "\n"
    assert stream.getvalue() == expected


def test_indented_json_matches_the_standard_library() -> None:
    from writer.reporters.indented_json import dumps

    values = [
        {"a": [1, 2.5, None, True, False, 'x\n\u2028é"', {}, [], {"k": float("inf")}]},
        {3: "int key", 2.0: 1, None: 0, True: [[]], "nan": float("nan"), "neg": -0.0},
        [],
        {},
        "s",
        1e300,
        (1, (2,)),
        Path("default/str"),
    ]
    for value in values:
        assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False, default=str)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_a_file_name_that_is_not_utf8_keeps_machine_reports_valid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # Linux file names are bytes; Python reads 0xff as a lone surrogate, which UTF-8 cannot
    # carry. JSON escapes it; a SARIF URI percent-encodes the name's own bytes.
    import os
    import subprocess
    import sys

    name = os.fsdecode(b"bad-\xff.md")
    (tmp_path / name).write_text("# Title\n\nThe the text.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "writer", "lint", "--format", fmt, "."],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    report = json.loads(done.stdout.decode("utf-8"))
    if fmt == "json":
        assert report["files"][0]["path"] == name
    else:
        location = report["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "bad-%FF.md"
