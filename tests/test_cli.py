"""``writer lint`` and ``writer rules`` end to end, in-process: exit codes, formats, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

CLEAN = "# Rollout\n\nThe rollout starts on 2025-03-04 in one region.\n"
DIRTY = "# Rollout\n\nThe the rollout starts in TBD.\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "dirty.md").write_text(DIRTY, encoding="utf-8")
    return tmp_path


def test_clean_file_exits_zero(docs: Path) -> None:
    result = run_cli(["lint", str(docs / "clean.md")])
    assert result.code == 0
    assert "No problems found in 1 file." in result.out


def test_findings_exit_one_with_text_report(docs: Path) -> None:
    result = run_cli(["lint", str(docs)])
    assert result.code == 1
    assert f"{docs / 'dirty.md'}" in result.out
    assert "3:1" in result.out and "prose.repeated-word" in result.out
    assert "The the rollout starts in TBD." in result.out  # the offending line
    assert "^^^^^^^" in result.out  # the caret under it
    assert "Found 2 problems (2 warnings) in 1 of 2 files." in result.out
    assert "\x1b[" not in result.out  # no colour when not a terminal


def test_fail_on_and_exit_zero(docs: Path) -> None:
    assert run_cli(["lint", "--fail-on", "error", str(docs)]).code == 0
    assert run_cli(["lint", "--exit-zero", str(docs)]).code == 0


def test_line_format_matches_vale_shape(docs: Path) -> None:
    result = run_cli(["lint", "--format", "line", str(docs / "dirty.md")])
    assert result.out.splitlines() == [
        f"{docs / 'dirty.md'}:3:1:prose.repeated-word:'The' is repeated: delete one",
        f"{docs / 'dirty.md'}:3:27:structure.placeholder:'TBD' left in the text: write the "
        "missing part, or move it to the open questions with an owner",
    ]


def test_json_format_version_1_contract(docs: Path) -> None:
    result = run_cli(["lint", "--format", "json", str(docs), str(docs / "missing.md")])
    assert result.code == 2
    data = json.loads(result.out)
    assert data["version"] == 1
    files = {Path(f["path"]).name: f for f in data["files"]}
    assert set(files) == {"clean.md", "dirty.md"}
    assert files["clean.md"]["findings"] == [] and files["clean.md"]["template"] is None
    finding = files["dirty.md"]["findings"][0]
    assert set(finding) >= {
        "rule",
        "severity",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "fix",
    }
    assert finding["severity"] in ("error", "warning", "suggestion")
    assert finding["fix"]["edits"][0] == {
        "line": 3,
        "column": 4,
        "end_line": 3,
        "end_column": 8,
        "replacement": "",
    }
    assert isinstance(files["dirty.md"]["stats"], dict)
    assert data["errors"] == [
        {"path": str(docs / "missing.md"), "message": "no such file or directory"}
    ]


def test_github_annotations(docs: Path) -> None:
    result = run_cli(["lint", "--format", "github", str(docs / "dirty.md")])
    first = result.out.splitlines()[0]
    assert first.startswith(
        f"::warning file={docs / 'dirty.md'},line=3,col=1,endLine=3,endColumn=7,"
    )
    assert first.endswith("title=prose.repeated-word::'The' is repeated: delete one")


def test_github_escapes_properties_and_data() -> None:
    from writer.reporters.github import escape_data, escape_property

    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert escape_data("line1\nline2") == "line1%0Aline2"


def test_stdin_with_and_without_a_name(tmp_path: Path) -> None:
    result = run_cli(["lint", "--format", "line", "-"], stdin=DIRTY)
    assert result.out.startswith("-:3:1:prose.repeated-word:")
    named = run_cli(
        ["lint", "--format", "line", "-", "--stdin-filename", "docs/pm.md"], stdin=DIRTY
    )
    assert named.out.startswith("docs/pm.md:3:1:")
    assert named.code == 1


def test_select_ignore_on_the_command_line(docs: Path) -> None:
    result = run_cli(["lint", "--format", "line", "--ignore", "prose", str(docs / "dirty.md")])
    assert "prose.repeated-word" not in result.out and "structure.placeholder" in result.out
    result = run_cli(
        [
            "lint",
            "--format",
            "line",
            "--select",
            "prose,structure.placeholder",
            str(docs / "dirty.md"),
        ]
    )
    assert len(result.out.splitlines()) == 2


def test_output_to_a_file(docs: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = run_cli(["lint", "--format", "json", "-o", str(target), str(docs / "dirty.md")])
    assert result.code == 1 and result.out == ""
    assert json.loads(target.read_text())["version"] == 1


# -- bad input: one clear line, the other files still checked, exit 2 ------------------------


def test_missing_path(docs: Path) -> None:
    result = run_cli(["lint", str(docs / "nope.md"), str(docs / "dirty.md")])
    assert result.code == 2
    assert f"error: {docs / 'nope.md'}: no such file or directory" in result.out
    assert "prose.repeated-word" in result.out  # the other file was still checked


def test_directory_without_markdown(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = run_cli(["lint", str(tmp_path)])
    assert result.code == 2
    assert "no markdown files (*.md, *.markdown) in this directory" in result.out


def test_invalid_utf8_is_an_error_entry_and_others_are_checked(docs: Path) -> None:
    (docs / "latin1.md").write_bytes(b"# Caf\xe9\n\nText.\n")
    result = run_cli(["lint", "--format", "json", str(docs)])
    assert result.code == 2
    data = json.loads(result.out)
    assert data["errors"] == [
        {
            "path": str(docs / "latin1.md"),
            "message": "not valid UTF-8 (byte 0xe9 at line 1, column 6): save the file as UTF-8",
            "line": 1,
        }
    ]
    assert len(data["files"]) == 2
    assert "latin1.md:1: not valid UTF-8" in result.err


def test_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_cli(["lint", str(binary)])
    assert result.code == 2
    assert "binary file (contains NUL bytes)" in result.out
    assert "Traceback" not in result.out + result.err


def test_empty_file_is_fine(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("")
    assert run_cli(["lint", str(empty)]).code == 0


def test_ten_megabyte_single_line_finishes(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text("one two three four five " * (420 * 1024), encoding="utf-8")
    assert big.stat().st_size > 10_000_000
    config = tmp_path / "writer.toml"
    config.write_text("[limits]\nmax_file_mb = 20\n")  # above the 10 MB default
    result = run_cli(["lint", "--format", "json", "--config", str(config), str(big)])
    assert result.code == 0
    assert json.loads(result.out)["files"][0]["stats"]["words"] == 5 * 420 * 1024


def test_permission_denied(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any file, so the denial is simulated at the open call the reader makes."""
    secret = docs / "secret.md"
    secret.write_text(CLEAN)
    original = Path.open

    def guarded(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "secret.md":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded)
    result = run_cli(["lint", "--jobs", "1", str(docs)])
    assert result.code == 2
    assert f"{secret}: permission denied: make the file readable" in result.out
    assert "prose.repeated-word" in result.out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_for_real(tmp_path: Path) -> None:  # pragma: no cover - non-root
    secret = tmp_path / "secret.md"
    secret.write_text(CLEAN)
    secret.chmod(0)
    assert "permission denied" in run_cli(["lint", str(secret)]).out


def test_malformed_config_exits_two_naming_file_and_line(docs: Path) -> None:
    (docs / ".writer.toml").write_text('fail_on = "error"\nselect = [oops\n')
    result = run_cli(["lint", str(docs / "clean.md")])
    assert result.code == 2
    assert f"{docs / '.writer.toml'}:2: invalid TOML" in result.out
    assert "Traceback" not in result.out + result.err


def test_unknown_key_in_explicit_config(tmp_path: Path) -> None:
    config = tmp_path / "w.toml"
    config.write_text("[grammar]\nbakend = 'off'\n")
    result = run_cli(["lint", "--config", str(config), str(tmp_path)])
    assert result.code == 2
    assert result.err.strip() == (
        f"writer: {config}:2: unknown key 'grammar.bakend'; did you mean 'backend'? "
        "(valid keys: backend, cache, cache_dir, cache_size_mb, disabled_categories, "
        "disabled_rules, download, enabled_rules, jvm_heap, language, mother_tongue, picky, "
        "required, server, timeout)"
    )


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    result = run_cli(["lint", "--format", "xml", str(tmp_path)])
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert run_cli(["lint", "--jobs", "0", str(tmp_path)]).code == 2


def test_parallel_and_serial_runs_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "writer.engine.parallel.PARALLEL_MIN_BYTES", 0
    )  # small files: parallel anyway
    for number in range(12):
        (tmp_path / f"doc{number:02}.md").write_text(DIRTY if number % 2 else CLEAN)
    serial = run_cli(["lint", "--format", "json", "--jobs", "1", str(tmp_path)])
    parallel = run_cli(["lint", "--format", "json", "--jobs", "2", str(tmp_path)])
    assert serial.out == parallel.out and serial.code == parallel.code == 1


def test_rules_lists_and_explains() -> None:
    listing = run_cli(["rules"])
    assert listing.code == 0 and "structure.placeholder" in listing.out
    explained = run_cli(["rules", "prose.repeated-word"])
    assert "Restart the the pod." in explained.out and "fixable: yes" in explained.out
    unknown = run_cli(["rules", "prose.repeated-wrd"])
    assert unknown.code == 2 and "did you mean 'prose.repeated-word'?" in unknown.err
    as_json = json.loads(run_cli(["rules", "--format", "json", "structure"]).out)
    assert all(rule["family"] == "structure" for rule in as_json)


def test_lint_does_not_import_textual(docs: Path) -> None:
    code = (
        "import sys; from writer.cli.main import main; "
        f"main(['lint', {str(docs / 'dirty.md')!r}]); "
        "print('TEXTUAL' if any(m.split('.')[0] == 'textual' for m in sys.modules) else 'CLEAN')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout
    assert out.strip().endswith("CLEAN")


def test_python_dash_m_and_console_script(docs: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "writer", "lint", "--format", "line", str(docs / "dirty.md")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert ":3:1:prose.repeated-word:" in result.stdout


def test_min_level_leaves_out_findings_below_it(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n\nIt is done by the team yesterday. The the end.\n", encoding="utf-8")
    # Passive voice is off by default: selected here as a suggestion, with relative times.
    (tmp_path / ".writer.toml").write_text(
        'extend_select = ["style.house.Passive", "style.house.RelativeTime"]\n', encoding="utf-8"
    )
    everything = run_cli(["lint", "--format", "line", "--fail-on", "suggestion", str(doc)])
    assert "style.house.Passive" in everything.out and everything.code == 1
    warnings = run_cli(["lint", "--format", "line", "--min-level", "warning", str(doc)])
    assert "style.house.Passive" not in warnings.out
    assert "style.house.RelativeTime" not in warnings.out
    assert "prose.repeated-word" in warnings.out and warnings.code == 1
    # The config key does the same, and the flag overrides it.
    (tmp_path / ".writer.toml").write_text(
        'min_level = "error"\nextend_select = ["style.house.Passive"]\n', encoding="utf-8"
    )
    errors_only = run_cli(["lint", "--format", "line", str(doc)])
    assert errors_only.out == "" and errors_only.code == 0
    flag = run_cli(["lint", "--format", "line", "--min-level", "suggestion", str(doc)])
    assert "style.house.Passive" in flag.out
