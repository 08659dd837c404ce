"""A LanguageTool server built to break writer: it hangs, drops connections, trickles its answer,
sends garbage or 50 MB, or answers slowly while many ``writer lint`` processes share one cache.

The server is the loopback stand-in of tests/languagetool_server.py (no real LanguageTool can be
installed here); writer talks to it through the real language-tool-python client. For every
fault: bounded time, one notice, every other check still reported, the exit code unchanged
unless grammar was required (then 2), and nothing from the failed answer in the cache.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.languagetool_server import SLOW_MARK, LanguageToolStandIn

MIXED = "# Plan\n\nThe the rollout starts with a error.\n"
# Generous against a loaded machine, and far below what an unbounded client would take: the
# stalled server answers after ten minutes, or never.
BOUND = 20.0

FAULTS = [
    ("hang", "did not answer within 1 s"),
    ("drip", "did not answer within 1 s"),
    ("drop", "Connection aborted"),
    ("drop-mid", "failed"),
    ("not-json", "proxy error"),
    ("wrong-json", "not a list of matches"),
    ("matches-not-list", "not a list of matches"),
    ("match-wrong-shape", "cannot read"),
    ("offset-out-of-range", "cannot read"),
    ("negative-offset", "cannot read"),
    ("too-many-matches", "matches for"),
    ("huge", "larger than 8 MB"),
]


def _notes(out: str, err: str = "") -> list[str]:
    """Run notices: ``note:`` lines of the text format, ``writer:`` lines on stderr otherwise."""
    found = [line for line in out.splitlines() if line.startswith("note:")] + [
        line for line in err.splitlines() if line.startswith("writer:")
    ]
    # Every run that sends text says where, once; these tests count the notices of faults.
    return [line for line in found if "document prose goes to the LanguageTool server" not in line]


def _cache_rows(tmp_path: Path) -> int:
    paths = list((tmp_path / ".cache" / "writer").glob("grammar-*.sqlite3"))
    if not paths:
        return 0
    with contextlib.closing(sqlite3.connect(paths[0])) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(connection.execute("SELECT COUNT(*) FROM matches").fetchone()[0])


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    (tmp_path / ".writer.toml").write_text("[grammar]\ntimeout = 1\n", encoding="utf-8")
    path = tmp_path / "doc.md"
    path.write_text(MIXED, encoding="utf-8")
    return path


@pytest.mark.parametrize(("behaviour", "words"), FAULTS)
def test_a_faulty_server_costs_one_notice_and_bounded_time(
    tmp_path: Path, doc: Path, languagetool: LanguageToolStandIn, behaviour: str, words: str
) -> None:
    languagetool.behaviour = behaviour
    started = time.monotonic()
    result = run_cli(["lint", "--languagetool-server", languagetool.url, str(doc)])
    elapsed = time.monotonic() - started
    assert elapsed < BOUND, elapsed
    assert result.code == 1  # as without grammar: prose.repeated-word is still reported
    assert "prose.repeated-word" in result.out
    assert "grammar.languagetool" not in result.out
    notes = _notes(result.out, result.err)
    assert len(notes) == 1, result.out
    assert words in notes[0], notes[0]
    assert languagetool.url in notes[0]
    assert _cache_rows(tmp_path) == 0  # nothing from a failed answer is kept


@pytest.mark.parametrize("behaviour", ["hang", "drop-mid", "offset-out-of-range", "huge"])
def test_a_faulty_server_fails_the_run_when_grammar_is_required(
    doc: Path, languagetool: LanguageToolStandIn, behaviour: str
) -> None:
    languagetool.behaviour = behaviour
    started = time.monotonic()
    result = run_cli(
        [
            "lint",
            "--format",
            "json",
            "--grammar",
            "languagetool",
            "--languagetool-server",
            languagetool.url,
            str(doc),
        ]
    )
    assert time.monotonic() - started < BOUND
    assert result.code == 2
    assert "prose.repeated-word" in result.out  # every other check still reported
    assert languagetool.url in result.err


def test_a_fault_after_good_answers_keeps_only_the_good_ones(
    tmp_path: Path, doc: Path, languagetool: LanguageToolStandIn
) -> None:
    """Two files: the first is answered, the second's answer is garbage. Only the first is
    cached, so a run against a good server asks again for the second alone."""
    first = tmp_path / "a.md"
    first.write_text("# A\n\nWe will recieve it tomorow.\n", encoding="utf-8")
    doc.rename(tmp_path / "b.md")
    argv = ["lint", "--jobs", "1", "--languagetool-server", languagetool.url]
    result = run_cli([*argv, str(tmp_path / "a.md")])
    assert "MORFOLOGIK" in result.out
    languagetool.behaviour = "offset-out-of-range"
    result = run_cli([*argv, str(tmp_path)])
    assert len(_notes(result.out, result.err)) == 1
    languagetool.reset()
    result = run_cli([*argv, str(tmp_path)])
    sent = [r["text"] for r in languagetool.requests if r["text"] != "Hello."]
    assert sent == ["Plan\n\nThe the rollout starts with a error."]
    assert "ENGLISH_WORD_REPEAT_RULE" in result.out and "MORFOLOGIK" in result.out


def _peak_rss_mb(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run a process to its end: its own peak resident memory (not any other child's), and its
    output (stdout and stderr together)."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    assert process.stdout is not None
    out = process.stdout.read().decode("utf-8", "replace")
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped here, not by Popen
    return usage.ru_maxrss / 1024, out


def test_a_huge_answer_is_refused_in_bounded_memory(
    tmp_path: Path, doc: Path, languagetool: LanguageToolStandIn
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "writer", "lint"]
    argv += ["--languagetool-server", languagetool.url, str(doc)]
    # A good answer first (its own cache): what a run costs anyway.
    baseline, _ = _peak_rss_mb(argv, {**env, "XDG_CACHE_HOME": str(tmp_path / "other")})
    languagetool.behaviour = "huge"
    started = time.monotonic()
    peak, out = _peak_rss_mb(argv, env)
    assert time.monotonic() - started < BOUND
    assert len(_notes(out, out)) == 1 and "larger than 8 MB" in out, out
    # The answer is 50 MB; reading it whole (and 100,000 matches) would cost hundreds of MB.
    assert peak < baseline + 40, (baseline, peak)


def test_many_processes_sharing_a_cache_against_a_slow_server(
    tmp_path: Path, languagetool: LanguageToolStandIn
) -> None:
    """Eight ``writer lint`` processes at once (as pre-commit runs them), one cache directory,
    a server that answers some checks only after ten minutes: every process ends within its
    timeout with one notice, the cache stays intact and holds nothing for the paragraphs that
    failed, so a later run against a good server checks exactly those again."""
    (tmp_path / ".writer.toml").write_text("[grammar]\ntimeout = 1\n", encoding="utf-8")
    for n in range(8):
        folder = tmp_path / f"p{n}"
        folder.mkdir()
        (folder / "a.md").write_text(f"# Part {n}\n\nWe will recieve it tomorow.\n", "utf-8")
        (folder / "b.md").write_text(f"# Late {n}\n\n{SLOW_MARK} number {n} is late.\n", "utf-8")
    languagetool.behaviour = "slow-some"
    languagetool.delay = 600.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-m", "writer", "lint", "--jobs", "1"]
    argv += ["--languagetool-server", languagetool.url]
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [*argv, str(tmp_path / f"p{n}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(8)
    ]
    outputs = []
    try:
        for process in processes:
            out, err = process.communicate(timeout=120)
            outputs.append((process.returncode, out, err))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    elapsed = time.monotonic() - started
    assert elapsed < 60, elapsed
    for code, out, err in outputs:
        assert code == 1, (out, err)  # a.md's spelling: warnings, not a failed run
        assert "MORFOLOGIK" in out  # a.md was checked before the server stalled
        notes = _notes(out, err)
        assert len(notes) == 1 and "did not answer within 1 s" in notes[0], out
    cache = tmp_path / ".cache" / "writer"
    assert _cache_rows(tmp_path) > 0
    assert len(list(cache.glob("grammar-*.sqlite3"))) == 1
    languagetool.reset()
    for n in range(8):
        result = run_cli([*argv[3:], str(tmp_path / f"p{n}")])
        assert len(_notes(result.out, result.err)) == 0, result.out
    sent = [r["text"] for r in languagetool.requests if r["text"] != "Hello."]
    # Only the paragraphs whose check failed are sent again (each b.md's heading and paragraph
    # in one request); a.md comes from the cache.
    assert len(sent) == 8
    assert sorted(part for text in sent for part in text.split("\n\n")) == sorted(
        text for n in range(8) for text in (f"Late {n}", f"{SLOW_MARK} number {n} is late.")
    )
