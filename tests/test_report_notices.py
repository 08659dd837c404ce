"""Notices reach a person in every format: machine formats keep stdout machine-readable and
repeat each notice once on stderr as a ``writer:`` line, whether or not the run fails.

The grammar backend that cannot run is a LanguageTool server URL nobody listens on (a free
loopback port): with ``auto`` semantics grammar is skipped with one run notice and the run
goes on; the exit code is whatever the other findings make it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

MIXED = "# Plan\n\nThe the rollout starts with a error.\n"
MACHINE_FORMATS = ("line", "json", "sarif", "github")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _writer_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("writer: ")]


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(MIXED, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
@pytest.mark.parametrize("exit_zero", [False, True])
def test_grammar_that_could_not_run_is_told_on_stderr_once(
    doc: Path, fmt: str, exit_zero: bool
) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    argv = ["lint", "--format", fmt, "--languagetool-server", url, "--jobs", "1", str(doc)]
    result = run_cli([*argv, *(["--exit-zero"] if exit_zero else [])])
    assert result.code == (0 if exit_zero else 1)  # unchanged: prose.repeated-word decides
    told = [line for line in _writer_lines(result.err) if url in line]
    assert len(told) == 1, result.err
    assert "grammar skipped" in told[0]
    assert "writer: " + url not in result.out  # stdout stays the report alone
    if fmt == "json":
        assert any(url in notice for notice in json.loads(result.out)["notices"])
    if fmt == "sarif":
        notes = json.loads(result.out)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert any(url in note["message"]["text"] for note in notes)
    if fmt == "github":
        assert any(line.startswith("::notice ") and url in line for line in result.out.splitlines())
    if fmt == "line":
        assert all(":prose.repeated-word:" in line for line in result.out.splitlines())


def test_the_text_format_keeps_notices_in_the_report(doc: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    result = run_cli(["lint", "--languagetool-server", url, "--jobs", "1", str(doc)])
    assert result.code == 1
    assert sum(1 for line in result.out.splitlines() if line.startswith("note:")) == 1
    assert _writer_lines(result.err) == []  # not twice


@pytest.mark.parametrize("fmt", MACHINE_FORMATS)
def test_a_files_notice_is_told_with_its_path(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "doc.md"
    path.write_text("---\ntitle: [unclosed\n---\n# Plan\n\nAll good here.\n", encoding="utf-8")
    result = run_cli(["lint", "--format", fmt, str(path)])
    assert result.code == 0
    told = _writer_lines(result.err)
    assert len(told) == 1, result.err
    assert told[0].startswith(f"writer: {path}: ") and "front matter ignored" in told[0]


def test_stderr_notices_leave_a_piped_report_intact(doc: Path) -> None:
    """In a real process: stdout parses as JSON, the notice is on stderr, exit 0 as before."""
    url = f"http://127.0.0.1:{_free_port()}"
    argv = ["lint", "--format", "json", "--exit-zero", "--languagetool-server", url, str(doc)]
    done = subprocess.run(
        [sys.executable, "-m", "writer", *argv],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["version"] == 1
    assert len([line for line in _writer_lines(done.stderr) if url in line]) == 1
