"""Reports are written while the run happens: no file's result outlives its report.

``writer lint`` reads a :class:`StreamedRun`: each format writes a file as it is checked and
keeps what its end needs (errors, notices, counts, SARIF's rules). The text is the same as the
report of the same run held whole (:class:`LintRun`), byte for byte, in every format.
"""

from __future__ import annotations

import gc
import io
import json
import weakref
from pathlib import Path

import pytest

from tests.conftest import SHARED, need_shared, run_cli
from writer.api import Linter
from writer.model.findings import FileError, FileResult, LintRun, StreamedRun
from writer.reporters import FORMATS, ReportContext, get_reporter, indented_json
from writer.reporters import sarif as sarif_format

DOCS = {
    "a.md": "# Rollout\n\nThe the rollout starts in TBD.\n",
    "b.md": "# Clean\n\nAll good here.\n",
    "c.md": "---\ntitle: [unclosed\n---\n# Plan\n\nWe will recieve it, it it is simply done.\n",
    "d.md": "# Étapes 😀\n\nThe the end is TBD and the the rest.\n\n#### Deep\n\nText.\n",
}


def _outcomes(tmp_path: Path) -> tuple[list[FileResult | FileError], ReportContext]:
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    linter = Linter()
    run = linter.lint_paths([str(tmp_path / name) for name in sorted(DOCS)])
    assert sum(len(result.findings) for result in run.results) >= 5
    outcomes: list[FileResult | FileError] = [*run.results]
    outcomes.insert(2, FileError("broken.md", "not valid UTF-8", 3))
    outcomes.append(FileError("gone.md", "no such file"))
    rules = {rule.id: rule for rule in linter.rules()}
    return outcomes, ReportContext(rules=rules, version="0.1.0")


def _held_whole(outcomes: list[FileResult | FileError]) -> LintRun:
    return LintRun.collect(
        [o for o in outcomes if isinstance(o, FileResult)],
        [o for o in outcomes if isinstance(o, FileError)],
        ["grammar skipped"],
    )


def _write(fmt: str, run: object, context: ReportContext) -> str:
    out = io.StringIO()
    get_reporter(fmt)(run, context, out)  # type: ignore[arg-type]
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_streamed_run_reports_the_same_text_as_one_held_whole(tmp_path: Path, fmt: str) -> None:
    outcomes, context = _outcomes(tmp_path)
    whole = _write(fmt, _held_whole(outcomes), context)
    streamed = StreamedRun(iter(outcomes), ["grammar skipped"])
    assert _write(fmt, streamed, context) == whole
    assert len(streamed.errors) == 2 and streamed.notices == ("grammar skipped",)


def test_sarif_streamed_through_a_file_in_small_chunks_is_the_whole_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spool goes to disk at once and is copied 3 characters at a time, so rule indexes
    are cut by chunk ends: the text is still that of the document built whole."""
    monkeypatch.setattr(sarif_format, "_SPOOL_IN_MEMORY", 0)
    monkeypatch.setattr(sarif_format, "_CHUNK", 3)
    outcomes, context = _outcomes(tmp_path)
    whole = _held_whole(outcomes)
    expected = indented_json.dumps(sarif_format.run_to_sarif(whole, context)) + "\n"
    text = _write("sarif", StreamedRun(iter(outcomes), ["grammar skipped"]), context)
    assert text == expected
    document = json.loads(text)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    assert ids == sorted(ids) and len(ids) >= 3
    for result in document["runs"][0]["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"]


def test_streamed_sarif_is_valid_against_the_official_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = need_shared(SHARED / "schemas" / "sarif-schema-2.1.0.json")
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    outcomes, context = _outcomes(tmp_path)
    for run in (StreamedRun(iter(outcomes)), StreamedRun(iter(()))):
        jsonschema.validate(json.loads(_write("sarif", run, context)), schema)


def test_a_streamed_run_counts_what_the_exit_code_needs(tmp_path: Path) -> None:
    from writer.model.findings import Severity

    outcomes, _ = _outcomes(tmp_path)
    whole = _held_whole(outcomes)
    streamed = StreamedRun(iter(outcomes))
    for _ in streamed.results:
        pass
    for level in Severity:
        assert streamed.failing(level) == whole.failing(level)
        assert streamed.count(level) == whole.count(level)
    assert streamed.file_notices == [
        (result.path, notice) for result in whole.results for notice in result.notices
    ]
    with pytest.raises(RuntimeError):
        iter(streamed.results)


@pytest.mark.parametrize("fmt", FORMATS)
def test_lint_keeps_no_result_once_it_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """While the 30th file is checked, at most the one before it may still be alive: every
    earlier result has been written and dropped (a run held whole keeps all 29)."""
    for n in range(30):
        (tmp_path / f"note-{n:02d}.md").write_text(DOCS["a.md"], encoding="utf-8")
    alive: list[weakref.ref[FileResult]] = []
    most = 0
    lint_target = Linter.lint_target

    def tracked(self: Linter, target: object) -> FileResult | FileError:
        nonlocal most
        gc.collect()
        most = max(most, sum(1 for ref in alive if ref() is not None))
        outcome = lint_target(self, target)  # type: ignore[arg-type]
        if isinstance(outcome, FileResult):
            alive.append(weakref.ref(outcome))
        return outcome

    monkeypatch.setattr(Linter, "lint_target", tracked)
    result = run_cli(["lint", "--format", fmt, "--jobs", "1", str(tmp_path)])
    assert result.code == 1
    assert len(alive) == 30
    assert most <= 1, most


def test_streamed_sarif_keeps_any_text_through_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lone surrogate (a message can carry one) is spooled to disk and back."""
    from writer.model.findings import Finding, Severity

    monkeypatch.setattr(sarif_format, "_SPOOL_IN_MEMORY", 0)
    finding = Finding("prose.x", Severity.WARNING, "odd \ud800 text", 1, 1, 1, 2)
    result = FileResult("a.md", (finding,))
    context = ReportContext(rules={})
    expected = indented_json.dumps(sarif_format.run_to_sarif(LintRun((result,)), context))
    assert _write("sarif", StreamedRun(iter([result])), context) == expected + "\n"


def _tree(tmp_path: Path, files: int) -> Path:
    docs = tmp_path / "docs"
    for n in range(files):
        folder = docs / f"d{n // 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = DOCS["a.md"] if n % 3 else DOCS["b.md"]
        (folder / f"note-{n:03d}.md").write_text(text, encoding="utf-8")
    return docs


def test_parallel_batches_report_every_file_once_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 files in 2 processes: more batches than are ever in flight at once."""
    monkeypatch.setattr(
        "writer.engine.parallel.PARALLEL_MIN_BYTES", 0
    )  # small files: parallel anyway
    docs = _tree(tmp_path, 300)
    serial = run_cli(["lint", "--format", "line", "--jobs", "1", str(docs)])
    parallel = run_cli(["lint", "--format", "line", "--jobs", "2", str(docs)])
    assert parallel.out == serial.out and parallel.code == serial.code == 1
    assert len({line.split(":")[0] for line in serial.out.splitlines()}) == 200


def test_parallel_falling_back_midway_checks_no_file_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Processes that stop being available after a few batches: the files already reported
    are not checked again, and the rest are checked here, in order."""
    import threading
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setattr("writer.engine.parallel.PARALLEL_MIN_BYTES", 0)
    docs = _tree(tmp_path, 200)
    serial = run_cli(["lint", "--format", "line", "--jobs", "1", str(docs)])
    # Earlier tests may leave an idle thread in this process; writer alone would then check the
    # files here, and this test is about the processes.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    submit = ProcessPoolExecutor.submit
    calls = 0

    def failing_submit(self: ProcessPoolExecutor, *args: object) -> object:
        nonlocal calls
        calls += 1
        if calls > 12:
            raise RuntimeError("cannot start a new process")
        return submit(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(ProcessPoolExecutor, "submit", failing_submit)
    parallel = run_cli(["lint", "--format", "line", "--jobs", "2", str(docs)])
    assert calls > 12
    assert parallel.out == serial.out and parallel.code == serial.code == 1
