"""Grammar through harper (for real) and LanguageTool (the real client, against the loopback
server in tests/languagetool_server.py, or a real server named by WRITER_LANGUAGETOOL_URL when
the ``languagetool_server`` tests are selected)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli
from tests.languagetool_server import LanguageToolStandIn
from writer.api import Linter, LintOptions
from writer.checks.grammar.languagetool import server_url, utf16_end, utf16_to_code_points
from writer.model.findings import Severity

# Every run that sends text says where (one notice); these tests count the others.
GOES_TO = "document prose goes to the LanguageTool server"

UNICODE_DOC = "# Plan\n\nWe will recieve the 😀 𠀋 漢字 results tomorow, after a error.\n"


def _rows(out: str) -> list[str]:
    return [line.split(":", 1)[1] for line in out.splitlines()]


@pytest.fixture(
    params=[
        "loopback",
        pytest.param("real", marks=pytest.mark.languagetool_server),
    ]
)
def server(request: pytest.FixtureRequest, languagetool: LanguageToolStandIn) -> str:
    """The LanguageTool server the protocol tests talk to."""
    if request.param == "real":
        url = os.environ.get("WRITER_LANGUAGETOOL_URL")
        if not url:
            pytest.skip("set WRITER_LANGUAGETOOL_URL to a LanguageTool server to run this")
        return url
    return languagetool.url


def _lint(
    tmp_path: Path, text: str, *args: str, name: str = "doc.md", form: str = "line"
) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli(["lint", "--format", form, "--jobs", "1", *args, str(path)])
    return result.code, result.out, result.err


# -- offsets -----------------------------------------------------------------------------------


def test_utf16_offsets_become_code_points() -> None:
    text = "a😀b𠀋c漢d"
    assert utf16_to_code_points(text, 0) == 0
    assert utf16_to_code_points(text, 3) == 2  # a, then 😀 (two units)
    assert utf16_to_code_points(text, 6) == 4
    assert utf16_end(text, 1, 2) == 2  # the emoji is one code point, two units
    assert utf16_end(text, 5, 2) == 7  # c漢: one unit each


def test_server_url_is_normalised() -> None:
    assert server_url("localhost:8010") == "http://localhost:8010/"
    assert server_url("http://lt.example:8010/v2/") == "http://lt.example:8010/"
    assert server_url("https://lt.example/api/v2") == "https://lt.example/api/"


# -- LanguageTool through the real client ------------------------------------------------------


def test_languagetool_finds_errors_at_exact_positions_beside_emoji_and_cjk(
    tmp_path: Path, server: str
) -> None:
    code, out, err = _lint(
        tmp_path, UNICODE_DOC, "--languagetool-server", server, "--select", "grammar"
    )
    assert code == 1, err
    rows = _rows(out)
    assert (
        "3:9:grammar.languagetool.MORFOLOGIK_RULE_EN_US:Possible spelling mistake found: "
        "use 'receive'" in rows
    )
    assert any(row.startswith("3:36:grammar.languagetool.MORFOLOGIK_RULE_EN_US:") for row in rows)
    assert any(row.startswith("3:51:grammar.languagetool.EN_A_VS_AN:") for row in rows)


def test_languagetool_findings_carry_severity_and_an_unsafe_fix(
    tmp_path: Path, server: str
) -> None:
    linter = Linter(LintOptions(grammar="languagetool", languagetool_server=server))
    result = linter.lint_text(UNICODE_DOC, str(tmp_path / "doc.md"))
    spelling = [f for f in result.findings if f.rule.endswith("MORFOLOGIK_RULE_EN_US")]
    assert [(f.line, f.column, f.end_column) for f in spelling] == [(3, 9, 15), (3, 36, 42)]
    first = spelling[0]
    assert first.severity is Severity.WARNING
    assert first.fix is not None and not first.fix.safe
    assert UNICODE_DOC[first.fix.edits[0].start : first.fix.edits[0].end] == "recieve"
    assert first.fix.edits[0].replacement == "receive"


def test_only_prose_is_sent(tmp_path: Path, languagetool: LanguageToolStandIn) -> None:
    text = (
        "---\ntitle: secret-front-matter\n---\n"
        "# Notes\n\n"
        "Run `secret_code --flag` and read https://secret.example/path first.\n\n"
        "```\nsecret block\n```\n\n"
        "A plain sentence <!-- secret comment --> ends here.\n"
    )
    code, out, err = _lint(tmp_path, text, "--languagetool-server", languagetool.url)
    assert code == 0, out + err
    sent = "\n".join(request["text"] for request in languagetool.requests)
    assert "secret" not in sent
    assert "Run X and read X first." in sent
    assert "A plain sentence ends here." in sent


def test_settings_reach_the_server(
    tmp_path: Path, languagetool: LanguageToolStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WRITER_ALLOWED_SERVERS", languagetool.url)  # a server the repo names
    (tmp_path / ".writer.toml").write_text(
        "[grammar]\n"
        'backend = "languagetool"\n'
        f'server = "{languagetool.url}"\n'
        'language = "en-GB"\n'
        'mother_tongue = "de-DE"\n'
        'disabled_rules = ["EN_A_VS_AN"]\n'
        'disabled_categories = ["TYPOS"]\n'
        "picky = true\n",
        encoding="utf-8",
    )
    code, out, err = _lint(tmp_path, UNICODE_DOC)
    assert code == 0, out + err  # spelling and a/an are off: nothing left to find
    request = languagetool.requests[-1]
    assert request["language"] == "en-GB"
    assert request["motherTongue"] == "de-DE"
    assert request["disabledRules"] == "EN_A_VS_AN"
    assert request["disabledCategories"] == "TYPOS"
    assert request["level"] == "picky"


def test_vocabulary_accept_silences_spelling(
    tmp_path: Path, languagetool: LanguageToolStandIn
) -> None:
    (tmp_path / ".writer.toml").write_text(
        '[vocabulary]\naccept = ["recieve", "(?i)TOMOROW"]\n', encoding="utf-8"
    )
    _code, out, _err = _lint(tmp_path, UNICODE_DOC, "--languagetool-server", languagetool.url)
    rows = _rows(out)
    assert not any("MORFOLOGIK" in row for row in rows), rows
    assert any("EN_A_VS_AN" in row for row in rows)


def test_select_and_ignore_take_dynamic_grammar_ids(tmp_path: Path, server: str) -> None:
    args = ("--languagetool-server", server)
    _, out, _ = _lint(tmp_path, UNICODE_DOC, *args, "--select", "grammar.languagetool.EN_A_VS_AN")
    assert [row.split(":")[2] for row in _rows(out)] == ["grammar.languagetool.EN_A_VS_AN"]
    _, out, _ = _lint(
        tmp_path, UNICODE_DOC, *args, "--ignore", "grammar.languagetool.MORFOLOGIK_RULE_EN_US"
    )
    assert not any("MORFOLOGIK" in row for row in _rows(out))


# -- the cache ---------------------------------------------------------------------------------


def _document_requests(languagetool: LanguageToolStandIn) -> list[str]:
    return [r["text"] for r in languagetool.requests if r["text"] != "Hello."]


def test_unchanged_document_sends_nothing_the_second_time(
    tmp_path: Path, languagetool: LanguageToolStandIn
) -> None:
    args = ("--languagetool-server", languagetool.url)
    first = _lint(tmp_path, UNICODE_DOC + "\nA second paragraph.\n", *args)
    assert len(_document_requests(languagetool)) == 1
    hits = dict(languagetool.hits)
    second = _lint(tmp_path, UNICODE_DOC + "\nA second paragraph.\n", *args)
    assert second == first
    assert languagetool.hits == hits  # not one request: no check, no version probe
    assert list((tmp_path / ".cache" / "writer").glob("grammar-*.sqlite3"))
    # Change one paragraph: only that paragraph is sent.
    _lint(tmp_path, UNICODE_DOC + "\nA changed paragraph.\n", *args)
    assert _document_requests(languagetool)[1:] == ["A changed paragraph."]


def test_cache_can_be_turned_off(tmp_path: Path, languagetool: LanguageToolStandIn) -> None:
    (tmp_path / ".writer.toml").write_text("[grammar]\ncache = false\n", encoding="utf-8")
    for _ in range(2):
        _lint(tmp_path, UNICODE_DOC, "--languagetool-server", languagetool.url)
    assert len(_document_requests(languagetool)) == 2


_CACHE_WRITER = """
import sys
from pathlib import Path
from writer.checks.grammar.base import GrammarMatch
from writer.checks.grammar.cache import GrammarCache
cache = GrammarCache(Path(sys.argv[1]), int(sys.argv[3]))
worker = sys.argv[2]
print("ready", cache.size(), flush=True)  # the cache is open: wait for the others
assert sys.stdin.readline().strip() == "go"
match = GrammarMatch(0, 4, "R", "message " * 20, "grammar")
for batch in range(20):
    cache.put_many({f"{worker}-{batch}-{i}": [match] for i in range(50)})
print(cache.problem or "ok", flush=True)
"""


def _write_cache_from_processes(directory: Path, workers: int, max_bytes: int) -> None:
    """Start ``workers`` processes that open one cache, release them together once every one
    is ready, and wait for each to finish: they overlap whatever the machine's load."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CACHE_WRITER, str(directory), str(n), str(max_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(workers)
    ]
    try:
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.startswith("ready"), line + (
                process.stderr.read() if process.stderr else ""
            )
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert out.strip() == "ok", out + err
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def _integrity(directory: Path) -> str:
    import sqlite3

    (path,) = directory.glob("grammar-*.sqlite3")
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def _cache_written_by_processes(folder: Path, max_bytes: int) -> tuple[Any, list[str], Any]:
    """Four processes fill one cache at once. Returns the cache (after an integrity check of its
    database), the keys they wrote, and the matches a reader then finds under them."""
    from writer.checks.grammar.base import GrammarMatch
    from writer.checks.grammar.cache import GrammarCache

    _write_cache_from_processes(folder, 4, max_bytes)
    assert _integrity(folder) == "ok"
    cache = GrammarCache(folder, max_bytes)
    keys = [f"{w}-{b}-{i}" for w in range(4) for b in range(20) for i in range(50)]
    found = cache.get_many(keys)
    match = GrammarMatch(0, 4, "R", "message " * 20, "grammar")
    assert all(matches == [match] for matches in found.values())
    return cache, keys, found


def test_cache_is_shared_by_processes_writing_at_once(tmp_path: Path) -> None:
    _cache, keys, found = _cache_written_by_processes(tmp_path / "c", 50_000_000)
    assert len(found) == len(keys)  # nothing lost to another process holding the lock


def test_cache_is_bounded_while_processes_write_at_once(tmp_path: Path) -> None:
    cache, keys, found = _cache_written_by_processes(tmp_path / "c", 200_000)
    assert found
    cache.prune()
    assert 0 < cache.size() <= 200_000
    assert len(cache.get_many(keys)) < len(keys)  # the least recently used went


# -- failure is graceful and bounded -----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


MIXED = "# Plan\n\nThe the rollout starts with a error.\n"


def test_server_down_skips_grammar_with_one_notice(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(MIXED, encoding="utf-8")
    result = run_cli(["lint", "--languagetool-server", url, "--jobs", "1", str(tmp_path)])
    assert result.code == 1  # prose.repeated-word is still reported
    assert result.out.count("prose.repeated-word") == 3
    notes = [line for line in result.out.splitlines() if line.startswith("note:")]
    notes = [note for note in notes if GOES_TO not in note]
    assert len(notes) == 1, result.out
    assert url in notes[0] and "grammar skipped" in notes[0]


def test_server_down_is_fatal_when_grammar_is_required(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    code, out, err = _lint(
        tmp_path, MIXED, "--grammar", "languagetool", "--languagetool-server", url
    )
    assert code == 2
    assert "prose.repeated-word" in out  # every other check still reported
    code, out, err = _lint(
        tmp_path,
        MIXED,
        "--grammar",
        "languagetool",
        "--languagetool-server",
        url,
    )
    assert url in err  # machine formats say on stderr why the run failed


@pytest.mark.parametrize(
    ("behaviour", "words"),
    [
        ("error", "Internal Server Error"),
        ("rate-limit", "Too many requests"),
        ("not-json", "proxy error"),
        ("wrong-json", "not a list of matches"),
    ],
)
def test_misbehaving_server_skips_grammar(
    tmp_path: Path, languagetool: LanguageToolStandIn, behaviour: str, words: str
) -> None:
    languagetool.behaviour = behaviour
    result = run_cli(
        ["lint", "--languagetool-server", languagetool.url, str(_write(tmp_path, MIXED))]
    )
    assert result.code == 1
    assert "prose.repeated-word" in result.out
    assert "grammar.languagetool" not in result.out
    notes = [line for line in result.out.splitlines() if line.startswith("note:")]
    notes = [note for note in notes if GOES_TO not in note]
    assert len(notes) == 1 and words in notes[0], result.out


def test_server_failing_mid_run_stops_grammar_once(
    tmp_path: Path, languagetool: LanguageToolStandIn
) -> None:
    linter = Linter(LintOptions(languagetool_server=languagetool.url, jobs=1))
    first = linter.lint_text(MIXED, str(tmp_path / "a.md"))
    assert any(f.rule.startswith("grammar.languagetool.") for f in first.findings)
    languagetool.behaviour = "error"
    for name in ("b.md", "c.md", "d.md"):
        _write(tmp_path, MIXED.replace("Plan", name), name)
    run = linter.lint_paths([str(tmp_path / n) for n in ("b.md", "c.md", "d.md")])
    notices = [notice for notice in run.notices if GOES_TO not in notice]
    assert len(notices) == 1 and "stopped" in notices[0]
    assert not run.fatal
    checks = len(languagetool.requests)
    linter.lint_paths([str(tmp_path / "b.md")])
    assert len(languagetool.requests) == checks  # not asked again in this run


def test_slow_server_costs_one_timeout(tmp_path: Path, languagetool: LanguageToolStandIn) -> None:
    (tmp_path / ".writer.toml").write_text("[grammar]\ntimeout = 0.5\n", encoding="utf-8")
    languagetool.behaviour = "slow"
    languagetool.delay = 5.0
    started = time.monotonic()
    result = run_cli(
        ["lint", "--languagetool-server", languagetool.url, str(_write(tmp_path, MIXED))]
    )
    elapsed = time.monotonic() - started
    assert result.code == 1 and "prose.repeated-word" in result.out
    assert elapsed < 3.0, elapsed
    assert "did not answer within 0.5 s" in result.out


def test_unknown_language_is_explained(tmp_path: Path, languagetool: LanguageToolStandIn) -> None:
    (tmp_path / ".writer.toml").write_text(
        '[grammar]\nlanguage = "xx-XX"\nrequired = true\n', encoding="utf-8"
    )
    code, out, _err = _lint(
        tmp_path, MIXED, "--format", "text", "--languagetool-server", languagetool.url
    )
    assert code == 2
    assert "xx-XX" in out


def test_local_languagetool_missing_is_explained_and_never_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt"))
    started = time.monotonic()
    code, out, _err = _lint(tmp_path, MIXED, "--format", "text", "--grammar", "languagetool")
    assert code == 2
    assert "not installed" in out and "LTP_PATH" in out
    assert time.monotonic() - started < 10
    assert not (tmp_path / "lt").exists() or not any((tmp_path / "lt").iterdir())


def test_java_missing_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "lt" / "LanguageTool-6.4"
    copy.mkdir(parents=True)
    (copy / "languagetool-server.jar").write_bytes(b"")
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    code, out, _err = _lint(tmp_path, MIXED, "--format", "text", "--grammar", "languagetool")
    assert code == 2
    assert "Java" in out


def test_a_server_that_will_not_start_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken LanguageTool copy: java exits at once; the client would try hundreds of ports."""
    copy = tmp_path / "lt" / "LanguageTool-6.4"
    copy.mkdir(parents=True)
    (copy / "languagetool-server.jar").write_bytes(b"not a jar")
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt"))
    started = time.monotonic()
    code, out, _err = _lint(tmp_path, MIXED, "--format", "text", "--grammar", "languagetool")
    assert code == 2
    assert "exited early" in out or "did not become ready" in out, out
    assert time.monotonic() - started < 60


# -- harper, for real --------------------------------------------------------------------------


def test_harper_finds_errors_at_exact_positions(tmp_path: Path) -> None:
    text = "# Plan\n\nThis is an test. 😀 𠀋 漢字 We will recieve it.\n"
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper")
    rows = _rows(out)
    assert "3:9:grammar.harper.AnA:Incorrect indefinite article: use 'a'" in rows
    assert any(row.startswith("3:33:grammar.harper.SpellCheck:") for row in rows), rows


def test_spelling_skips_acronyms_identifiers_and_names_with_digits(tmp_path: Path) -> None:
    text = "# Plan\n\nThe KEP sets SLOs for the StatefulSet on k8s v1beta1. We will recieve it.\n"
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper", "--select", "grammar")
    spelled = [row for row in _rows(out) if "SpellCheck" in row]
    assert len(spelled) == 1 and "recieve" in spelled[0], spelled


def test_harper_settings_and_cache(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text(
        '[grammar]\nbackend = "harper"\ndisabled_rules = ["SpellCheck"]\n', encoding="utf-8"
    )
    _code, out, _err = _lint(tmp_path, "This is an test. We will recieve it.\n")
    rows = _rows(out)
    assert any("grammar.harper.AnA" in row for row in rows)
    assert not any("SpellCheck" in row for row in rows)
    assert list((tmp_path / ".cache" / "writer").glob("grammar-*.sqlite3"))


def test_harper_unknown_rule_is_explained(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text(
        '[grammar]\nbackend = "harper"\ndisabled_rules = ["NoSuchRule"]\n', encoding="utf-8"
    )
    code, out, _err = _lint(tmp_path, MIXED, "--format", "text")
    assert code == 1
    assert "NoSuchRule" in out


def test_harper_rejects_other_languages(tmp_path: Path) -> None:
    code, out, _err = _lint(
        tmp_path,
        MIXED,
        "--format",
        "text",
        "--grammar",
        "harper",
        "--config",
        str(_write(tmp_path, '[grammar]\nlanguage = "de-DE"\n', "w.toml")),
    )
    assert code == 2 and "English only" in out


# -- auto --------------------------------------------------------------------------------------


def test_auto_prefers_the_configured_server(
    tmp_path: Path, languagetool: LanguageToolStandIn
) -> None:
    _code, out, _err = _lint(
        tmp_path,
        UNICODE_DOC,
        "--format",
        "text",
        "--grammar",
        "auto",
        "--languagetool-server",
        languagetool.url,
    )
    assert "grammar.languagetool.MORFOLOGIK_RULE_EN_US" in out
    assert f"Grammar: languagetool at {languagetool.url}." in out


def test_auto_falls_back_to_harper_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "none"))
    for argv in (["--grammar", "auto"], []):  # auto is the default
        result = run_cli(["lint", *argv, str(_write(tmp_path, UNICODE_DOC))])
        assert "grammar.harper.SpellCheck" in result.out
        assert not [line for line in result.out.splitlines() if line.startswith("note:")]
        assert result.out.count("Grammar: harper.") == 1  # once, in the summary
        assert result.code == 1


def test_auto_never_starts_a_local_languagetool(tmp_path: Path) -> None:
    """A local LanguageTool runs only when asked for by name: auto is a server, else harper."""
    from writer.checks.grammar.choose import choose
    from writer.settings.config import GrammarSettings

    choice = choose(GrammarSettings(backend="auto", cache=False))
    assert choice.backend is not None and choice.backend.name == "harper"
    assert choice.status == "harper" and choice.notices == ()


def test_auto_with_a_dead_server_still_runs_harper_without_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "none"))
    url = f"http://127.0.0.1:{_free_port()}"
    (tmp_path / ".writer.toml").write_text(
        f'[grammar]\nbackend = "auto"\nserver = "{url}"\n', encoding="utf-8"
    )
    code, out, _err = _lint(tmp_path, UNICODE_DOC)
    assert code == 1
    assert "grammar.harper.SpellCheck" in out


# -- laziness ----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["--grammar off", "config"])
def test_lint_without_grammar_never_imports_the_backends(tmp_path: Path, how: str) -> None:
    path = _write(tmp_path, MIXED)
    # --no-cache: sqlite3 here stands for the grammar cache, not the result cache
    argv = ["lint", "--no-cache", "--format", "line", str(path)]
    if how == "config":
        _write(tmp_path, '[grammar]\nbackend = "off"\n', ".writer.toml")
    else:
        argv[1:1] = how.split()
    script = (
        "import sys\n"
        "from writer.cli.main import main\n"
        f"main({argv!r})\n"
        "print(sorted(m for m in ('harper', 'language_tool_python', 'requests', 'sqlite3', "
        "'writer.checks.grammar.checker') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        check=False,
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def _write(tmp_path: Path, text: str, name: str = "doc.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_stray_servers() -> Iterator[None]:
    yield
    from language_tool_python import server as lt_server

    assert lt_server.RUNNING_SERVER_PROCESSES == []


def test_a_local_languagetool_keeps_linting_in_one_process() -> None:
    from writer.checks.grammar.checker import GrammarProvider
    from writer.settings.config import Config, GrammarSettings

    provider = GrammarProvider()
    local = Config(grammar=GrammarSettings(backend="languagetool"))
    remote = Config(grammar=GrammarSettings(backend="languagetool", server="http://lt:8010"))
    assert provider.needs_one_process(local)
    assert not provider.needs_one_process(remote)
    assert not provider.needs_one_process(Config(grammar=GrammarSettings(backend="harper")))
    assert not provider.needs_one_process(Config())


def test_parallel_workers_report_a_dead_server_once(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    body = MIXED + ("\nThe rollout goes region by region, and each step is watched.\n" * 800)
    for index in range(10):
        _write(tmp_path, body, f"doc{index}.md")
    result = run_cli(["lint", "--languagetool-server", url, "--jobs", "2", str(tmp_path)])
    assert result.code == 1
    assert result.out.count("prose.repeated-word") == 10
    notes = [line for line in result.out.splitlines() if line.startswith("note:")]
    notes = [note for note in notes if GOES_TO not in note]
    assert len(notes) == 1, notes


def test_harper_in_parallel_workers(tmp_path: Path) -> None:
    body = "This is an test.\n" + ("\nEach step of the rollout is watched.\n" * 2000)
    for index in range(10):
        _write(tmp_path, body, f"doc{index}.md")
    result = run_cli(
        ["lint", "--format", "line", "--grammar", "harper", "--jobs", "2", str(tmp_path)]
    )
    assert result.code == 1, result.err
    assert result.out.count("grammar.harper.AnA") == 10


def test_grammar_right_beside_masked_code_is_not_reported(tmp_path: Path) -> None:
    """'a `io_uring` backend' reads as 'a X backend': the article is about the code, not prose."""
    _code, out, _err = _lint(
        tmp_path, "Use a `io_uring` backend here. Then `make` recieve it.\n", "--grammar", "harper"
    )
    rules = [row.split(":")[2] for row in _rows(out)]
    assert "grammar.harper.AnA" not in rules
    assert "grammar.harper.SpellCheck" in rules  # spelling beside code is still checked


def test_severity_follows_the_issue_type() -> None:
    from writer.checks.grammar.base import severity_for

    assert severity_for("misspelling") is Severity.WARNING
    assert severity_for("grammar") is Severity.WARNING
    assert severity_for("duplication") is Severity.WARNING
    assert severity_for("style") is Severity.SUGGESTION
    assert severity_for("typographical") is Severity.SUGGESTION
    assert severity_for("Spelling") is Severity.WARNING  # harper's lint kinds
    assert severity_for("WordChoice") is Severity.SUGGESTION
    assert severity_for("Miscellaneous", "AnA") is Severity.WARNING


def test_cached_findings_equal_fresh_ones(tmp_path: Path) -> None:
    text = "# Plan\n\nThis is an test. 😀 We will `make` recieve it.\n\n- The the list.\n"
    path = str(tmp_path / "doc.md")
    fresh = Linter(LintOptions(grammar="harper")).lint_text(text, path).findings
    cached = Linter(LintOptions(grammar="harper")).lint_text(text, path).findings
    assert fresh and cached == fresh
    assert [f.fix for f in cached] == [f.fix for f in fresh]


def test_a_new_accept_word_takes_effect_on_a_cached_document(tmp_path: Path) -> None:
    text = "We will recieve it tomorow.\n"
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper")
    assert out.count("SpellCheck") == 2
    (tmp_path / ".writer.toml").write_text('[vocabulary]\naccept = ["recieve"]\n', "utf-8")
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper")
    assert out.count("SpellCheck") == 1


def test_a_cached_harper_run_never_loads_harper(tmp_path: Path) -> None:
    path = _write(tmp_path, "This is an test. We will recieve it.\n")
    script = (
        "import sys\n"
        "from writer.cli.main import main\n"
        f"main(['lint', '--format', 'line', '--grammar', 'harper', {str(path)!r}])\n"
        "print('harper' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run() -> list[str]:
        return subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
        ).stdout.splitlines()

    first, second = run(), run()
    assert first[-1] == "True" and second[-1] == "False"
    assert first[:-1] == second[:-1] and any("grammar.harper.AnA" in line for line in first)


def test_harper_batches_keep_each_text_its_own_matches() -> None:
    from writer.checks.grammar.harper import BATCH, HarperBackend
    from writer.settings.config import GrammarSettings

    texts = [
        "This is an test." if index % 7 == 0 else "This is a test."
        for index in range(BATCH * 2 + 5)
    ]
    results = HarperBackend(GrammarSettings(backend="harper")).check(texts)
    assert len(results) == len(texts)
    flagged = [index for index, matches in enumerate(results) if matches]
    assert flagged == [index for index in range(len(texts)) if index % 7 == 0]
    assert all((m.start, m.end, m.rule) == (8, 10, "AnA") for i in flagged for m in results[i])


def test_its_and_it_is_are_told_apart_by_the_words_after_them() -> None:
    from writer.checks.grammar.harper import HarperBackend
    from writer.settings.config import GrammarSettings

    texts = [
        "We think its a bug.",  # it is
        "The gate is off, and its enabled by default in beta.",  # it is
        "The claim and its associated class are deleted.",  # the possessive
        "Each team will have it's own set of tests.",  # the possessive
        "It's worth checking the logs first.",  # it is
        "It's unlikely we will need it.",  # it is
    ]
    results = HarperBackend(GrammarSettings(backend="harper")).check(texts)
    rules = [[m.rule for m in matches if m.rule.startswith("Its")] for matches in results]
    assert rules == [["ItsContraction"], ["ItsContraction"], [], ["ItsPossessive"], [], []]


def test_a_compound_written_for_a_phrasal_verb_only_where_a_verb_is_meant() -> None:
    from writer.checks.grammar.harper import HarperBackend
    from writer.settings.config import GrammarSettings

    texts = [
        "We need to rollback the change.",  # to roll back
        "The admin should backup the data first.",  # should back up
        "The rollback took five minutes.",  # the noun
        "Check the logs prior to rollout.",  # "prior to" takes a noun
        "It went from notification to rollback in an hour.",  # from ... to ...
        "The label it used to SetUp the mount.",  # a method's name
    ]
    results = HarperBackend(GrammarSettings(backend="harper")).check(texts)
    flagged = [bool([m for m in r if m.rule == "PhrasalVerbAsCompoundNoun"]) for r in results]
    assert flagged == [True, True, False, False, False, False]


def test_a_stale_entry_is_read_without_waiting_for_another_writer(tmp_path: Path) -> None:
    """Reading keeps entries recent (a write); when another process holds the write lock the
    value is still returned at once, and the entry is touched on a later read."""
    import sqlite3

    from writer.checks.grammar.base import GrammarMatch
    from writer.checks.grammar.cache import GrammarCache

    cache = GrammarCache(tmp_path / "c", 1_000_000)
    match = GrammarMatch(0, 4, "R", "message", "grammar")
    cache.put_many({"para": [match]})
    cache.put_value("doc", [["R", 2]])
    (path,) = (tmp_path / "c").glob("grammar-*.sqlite3")
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("UPDATE matches SET used = 0")
        other.execute("BEGIN IMMEDIATE")  # another process is writing
        started = time.monotonic()
        assert cache.get_value("doc") == [["R", 2]]
        assert cache.get_many(["para"]) == {"para": [match]}
        assert time.monotonic() - started < 2  # not the 10 s a writer may wait
        other.execute("COMMIT")
        assert other.execute("SELECT MAX(used) FROM matches").fetchone()[0] == 0
        assert cache.get_value("doc") == [["R", 2]]
        assert cache.get_many(["para"]) == {"para": [match]}
        assert other.execute("SELECT MIN(used) FROM matches").fetchone()[0] > 0
    assert cache.problem is None


def test_a_resident_process_primes_harper_in_the_background_and_a_lint_run_does_not() -> None:
    from writer.checks.grammar.harper import HarperBackend
    from writer.settings.config import GrammarSettings

    plain = HarperBackend(GrammarSettings(backend="harper"))
    plain.warm_up()
    assert plain.misspelt(["deploymnet"])["deploymnet"].replacements
    plain.close()
    assert plain._priming is None  # a run that lints once never pays for what it may not need

    resident = HarperBackend(GrammarSettings(backend="harper"))
    resident.warm_up(prime=True)
    resident.warm_up(prime=True)  # asked again by the next check: nothing more is started
    priming = resident._priming
    assert priming is not None
    found = resident.misspelt(["deploymnet", "deployment"])
    assert list(found) == ["deploymnet"]
    assert "deployment" in found["deploymnet"].replacements
    resident.close()
    assert priming.ident is not None and not priming.is_alive()


def test_the_cache_keeps_findings_whose_text_holds_a_lone_surrogate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text handed to the API (an editor's buffer) may hold lone surrogates; storing it must
    neither fail nor change it."""
    from writer.api import Linter, LintOptions
    from writer.checks.grammar.cache import GrammarCache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    cache = GrammarCache(tmp_path / "c", 1_000_000)
    value = [["SpellCheck", "Did you mean `a\ud800b`?", "é 😀 \udcff"]]
    cache.put_value("doc", value)
    assert not cache.problem
    assert cache.get_value("doc") == value
    text = "# Plan\n\nWe will recieve the \ud800 data.\n"
    linter = Linter(LintOptions(grammar="harper", select=("grammar",)))
    result = linter.lint_text(text, "doc.md")
    assert not any("internal error" in notice for notice in result.notices), result.notices


def test_a_sentence_wrapped_across_lines_is_read_whole(tmp_path: Path) -> None:
    """'a' at the end of one line and 'external' at the start of the next are one phrase."""
    text = "# Plan\n\nWe win by providing a\nexternal solution like go-runner.\n"
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper", "--select", "grammar")
    assert "3:21:grammar.harper.AnA:Incorrect indefinite article: use 'an'" in _rows(out)


def test_an_article_before_code_on_the_next_line_is_not_reported(tmp_path: Path) -> None:
    text = "# Plan\n\nHaving a\n`Never` in scope is a static guarantee.\n"
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper", "--select", "grammar")
    assert "AnA" not in out


def test_a_capital_letter_naming_something_is_not_an_article(tmp_path: Path) -> None:
    text = "# Plan\n\nIf crate A adds a method, node A is fine. We ate a apple.\n"
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper", "--select", "grammar")
    assert [row for row in _rows(out) if "AnA" in row] == [
        "3:50:grammar.harper.AnA:Incorrect indefinite article: use 'an'"
    ]


def test_a_sentence_in_a_table_cell_is_checked_and_data_is_not(tmp_path: Path) -> None:
    text = (
        "# Timeline\n\n| Time | Event |\n|---|---|\n| 07:39 | Builder was shutdown. |\n| 1 | a |\n"
    )
    _code, out, _err = _lint(tmp_path, text, "--grammar", "harper", "--select", "grammar")
    rules = [row.split(":")[2] for row in _rows(out)]
    assert rules == ["grammar.harper.ShutdownVerb"]


def test_a_word_either_article_may_precede_ends_its_batch() -> None:
    """harper's article rule stops reading a text at 'a URL' or 'an SQL': the texts after one
    are still checked."""
    from writer.checks.grammar.harper import HarperBackend
    from writer.settings.config import GrammarSettings

    texts = ["Each request fetches a URL first.", "Then an SQL query runs.", "This is a error."]
    results = HarperBackend(GrammarSettings(backend="harper")).check(texts)
    assert [[m.rule for m in matches] for matches in results] == [[], [], ["AnA"]]


def test_sentences_end_at_their_punctuation_not_at_line_breaks() -> None:
    from writer.checks.grammar.harper import sentences

    text = "One wraps\nacross lines. Two? Three at v1.2 ends here.\nFour"
    assert [text[start:end] for start, end in sentences(text)] == [
        "One wraps\nacross lines.",
        " Two?",
        " Three at v1.2 ends here.",
        "\nFour",
    ]
