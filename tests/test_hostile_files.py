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
from writer.infra.files import Target

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


def test_document_above_the_size_limit_is_one_error_and_the_others_are_checked(
    tmp_path: Path,
) -> None:
    (tmp_path / "writer.toml").write_text("[limits]\nmax_file_mb = 0.5\n")
    big = tmp_path / "big.md"
    big.write_text("Then simply restart it.\n" * 30_000)  # 720 KB
    small = tmp_path / "small.md"
    small.write_text("Then simply restart it.\n")
    code, data = lint_json(str(big), str(small))
    assert code == 2
    assert data["errors"] == [
        {
            "path": str(big),
            "message": "file is 0.7 MB, above the 0.5 MB limit for one document: not checked; "
            "split it, or raise limits.max_file_mb",
        }
    ]
    assert [f["path"] for f in data["files"]] == [str(small)]  # type: ignore[union-attr]


def test_standard_input_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "writer.toml"
    config.write_text("[limits]\nmax_file_mb = 0.1\n")
    result = run_cli(["lint", "--config", str(config), "-"], stdin="word " * 40_000)
    assert result.code == 2
    assert "longer than 0.1 MB (100,000 bytes), the limit for one document" in result.out
    assert "100,001" not in result.out  # what was read to find out is not its size
    assert "Traceback" not in result.err


def test_default_size_limit_is_ten_megabytes(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as handle:
        handle.truncate(10_000_001)  # sparse: nothing is written, nothing is read
    code, data = lint_json(str(big))
    assert code == 2
    message = data["errors"][0]["message"]  # type: ignore[index]
    # Not "10.0 MB, above the 10.0 MB limit": the figures say how the sizes differ.
    assert "10,000,001 bytes, above the 10,000,000-byte limit" in message


def test_a_few_megabytes_of_matches_stay_capped_per_rule(tmp_path: Path) -> None:
    """About 1.5 MB where several rules match on every line: each keeps at most 1,000
    findings and says how many more there were."""
    chunk = (
        "## Notes {n}\n\nBasically, we simply restarted the the service very quickly.\n\n"
        "- It was decided that the the fix would be done.\n\n"
    )
    doc = tmp_path / "doc.md"
    doc.write_text("# Big\n\n" + "".join(chunk.format(n=n) for n in range(12_000)))
    assert doc.stat().st_size > 1_400_000
    (tmp_path / ".writer.toml").write_text(
        'extend_select = ["style.house.Weasel", "style.house.Passive"]\n'
    )
    code, data = lint_json(str(doc))
    assert code == 1
    entry = data["files"][0]  # type: ignore[index]
    counts: dict[str, int] = {}
    for finding in entry["findings"]:
        counts[finding["rule"]] = counts.get(finding["rule"], 0) + 1
    capped = [rule for rule, count in counts.items() if count == 1000]
    assert len(capped) >= 3
    assert max(counts.values()) == 1000
    for rule in capped:
        (note,) = [n for n in entry["notices"] if n.startswith(f"{rule}: ")]
        assert "more findings in this document not shown" in note


def test_json_report_is_streamed_and_identical_to_the_whole_document(tmp_path: Path) -> None:
    import io

    from writer.model.findings import FileError, LintRun
    from writer.reporters import ReportContext
    from writer.reporters.json import report, run_to_json

    linter = Linter(LintOptions())
    one = linter.lint_text('# T\n\nThen simply the the go, "quoted" Ünïcode.\n', "a.md")
    two = linter.lint_text("Fine.\n", "b.md")
    runs = [
        LintRun((one, two), (FileError("x.md", "bad", 3),), ("a note",)),
        LintRun(()),
        LintRun((one,)),
    ]
    for run in runs:
        stream = io.StringIO()
        report(run, ReportContext(rules={}), stream)
        whole = json.dumps(run_to_json(run), indent=2, ensure_ascii=False, default=str) + "\n"
        assert stream.getvalue() == whole


CLEAN_NOTE = "# Note {n}\n\n" + "The service restarts when its health check fails twice. " * 30


def test_five_thousand_files_are_all_checked_and_no_result_keeps_document_text(
    tmp_path: Path,
) -> None:
    """A small version of bench/large_inputs.py tree: every file gets its entry, and what the
    run keeps per file is its findings and figures, never its text."""
    import pickle

    root = tmp_path / "tree"
    for n in range(5000):
        folder = root / f"d{n // 1000}" / f"e{(n // 100) % 10}"
        if n % 100 == 0:
            folder.mkdir(parents=True)
        (folder / f"note-{n}.md").write_text(CLEAN_NOTE.format(n=n))
    text_bytes = 5000 * len(CLEAN_NOTE)
    run = Linter(LintOptions(jobs=2)).lint_paths([str(root)])
    assert len(run.results) == 5000 and not run.errors
    assert len({result.path for result in run.results}) == 5000
    kept = len(pickle.dumps(run))
    assert kept < text_bytes / 4, f"{kept:,} bytes kept for {text_bytes:,} bytes of text"


CHUNK_FRAGMENTS = [
    "# Title\n\nSome prose here.\n\n",
    "## Section\n\nThe the text with `code` and <b>html</b>.\n\n",
    "```\n\n# not a heading inside a fence\n\n```\n\n",
    "~~~~ yaml\n\n# still code\n~~~\n\n# still code after a short closer\n\n~~~~\n\n",
    "```a`b\n\n# a heading: that line was not a fence\n\n",
    "<!-- a comment\n\n# inside the comment\n\n-->\n\n",
    "<!-- one line --> then text\n\n",
    "<pre>\n\n# inside pre\n\n</pre>\n\n",
    "<?php\n\n# inside\n\n?>\n\n",
    "<!DOCTYPE html\n\n# inside\n\n>\n\n",
    "<![CDATA[\n\n# inside\n\n]]>\n\n",
    "<div>\n# part of the html block\n</div>\n\n",
    "- item one\n\n  # indented: still the list\n\n- item two\n\n",
    "> quote\n\n# after a quote\n\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
    "    indented code\n\n",
    "Setext\n======\n\n",
    "#no space is prose\n\n",
    "  ```\n  # in an indented fence\n\n# after it, still in the fence?\n  ```\n\n",
    "[ref]: https://example.com\n\n",
    "###### Deep\n",
]


def test_tokens_read_as_they_come_give_what_the_whole_list_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parser's tokens are read a few at a time and let go, to bound memory; reading them
    so gives exactly what reading the whole list at the end gives (tested here with windows of
    a few tokens and tricky markdown: tables, nested lists and quotes, fences, HTML)."""
    import random

    import writer.model.document as document

    rng = random.Random(7)
    fragments = [
        *CHUNK_FRAGMENTS,
        "- a\n  - b\n    > c\n    > d\n  - e\n\n",
        "1. one\n2. two\n\n   para\n3. three\n\n",
        "> - q\n>   - r\n> s\n\n",
        "| h | i |\n|---|---|\n| `a|b` | c |\n| d |\n\n",
        "Title\n---\n\n",
    ]
    for _ in range(400):
        text = "".join(rng.choice(fragments) for _ in range(rng.randint(5, 40)))
        if rng.random() < 0.2:
            text = "---\ntitle: x\n---\n" + text
        monkeypatch.setattr(document._TokenStream, "WINDOW", 10**12)
        whole = document.parse(text, "doc.md")
        monkeypatch.setattr(document._TokenStream, "WINDOW", rng.choice((1, 2, 4, 9, 30)))
        assert document.parse(text, "doc.md") == whole, text
