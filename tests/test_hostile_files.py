"""Paths built to trip a linter: loops, FIFOs, devices, vanishing files, many files, huge lines.

Each gets one error entry (or is skipped, for a directory walk), the other files are still
checked, and nothing hangs.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.api import Linter, LintOptions
from writer.files import Target

GOOD = "# Title\n\nA finished sentence.\n"
BAD = "# Title\n\nThe the end.\n"


def lint_json(*argv: str) -> tuple[int, dict[str, object]]:
    result = run_cli(["lint", "--format", "json", "--jobs", "1", *argv])
    return result.code, json.loads(result.out)


def test_symlink_loop_named_explicitly_and_inside_a_tree(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    (tmp_path / "loop").symlink_to(tmp_path)  # a directory loop: never followed
    (tmp_path / "real.md").write_text(BAD)
    code, data = lint_json(str(tmp_path / "a.md"), str(tmp_path))
    assert code == 2
    messages = [str(e["message"]) for e in data["errors"]]  # type: ignore[index, union-attr]
    assert messages and all("symbolic link" in m for m in messages), messages
    assert any(Path(f["path"]).name == "real.md" for f in data["files"])  # type: ignore[index, union-attr]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_an_error_entry_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    (tmp_path / "real.md").write_text(BAD)
    finished = threading.Event()
    outcome: dict[str, object] = {}

    def run() -> None:
        outcome["value"] = lint_json(str(tmp_path))
        finished.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert finished.wait(30), "linting a directory holding a FIFO hung"
    code, data = outcome["value"]  # type: ignore[misc]
    assert code == 2
    assert data["errors"] == [  # type: ignore[index]
        {
            "path": str(fifo),
            "message": "not a regular file (a FIFO, socket or device): skipped",
        }
    ]
    assert len(data["files"]) == 1  # type: ignore[arg-type]


def test_device_file(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text(GOOD)
    code, data = lint_json("/dev/null", str(tmp_path / "real.md"))
    assert code == 2
    assert data["errors"][0]["path"] == "/dev/null"  # type: ignore[index]
    assert "not a regular file" in data["errors"][0]["message"]  # type: ignore[index]


def test_file_that_vanishes_before_it_is_read(tmp_path: Path) -> None:
    gone = tmp_path / "gone.md"
    gone.write_text(GOOD)
    linter = Linter(LintOptions(jobs=1))
    target = Target(gone, str(gone))
    gone.unlink()
    outcome = linter.lint_target(target)
    assert getattr(outcome, "message", "") == "file disappeared before it could be read"


def test_many_files_in_a_deep_tree(tmp_path: Path) -> None:
    """2,000 files in 200 folders: every file reported once, in a stable order."""
    for folder in range(200):
        directory = tmp_path / f"d{folder:03}" / "nested"
        directory.mkdir(parents=True)
        for number in range(10):
            (directory / f"f{number}.md").write_text(BAD if number == 0 else GOOD)
    code, data = lint_json("--jobs", "2", str(tmp_path))
    files = data["files"]
    assert code == 1 and len(files) == 2000  # type: ignore[arg-type]
    paths = [f["path"] for f in files]  # type: ignore[union-attr, index]
    assert paths == sorted(paths)
    assert sum(1 for f in files if f["findings"]) == 200  # type: ignore[union-attr, index]


def test_huge_table_and_deep_nesting_finish(tmp_path: Path) -> None:
    table = "| a | b |\n|---|---|\n" + "| the the | x |\n" * 20000
    nested = "".join("  " * depth + "- item\n" for depth in range(300))
    quotes = ">" * 500 + " deep quote\n"
    doc = tmp_path / "doc.md"
    doc.write_text(table + "\n" + nested + "\n" + quotes)
    code, data = lint_json(str(doc))
    assert code == 1
    entry = data["files"][0]  # type: ignore[index]
    assert len(entry["findings"]) == 1000  # the cap per rule per document
    assert any("19,000 more findings" in note for note in entry["notices"])
