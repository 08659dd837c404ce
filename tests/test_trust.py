"""What a docs repository's files can make writer do: the trust model in SECURITY.md, tested.

Writes stay inside the project; links that leave it are reported, not read; document text goes
to a grammar server only when the user allows it; control characters from documents and file
names never reach the terminal; git runs no command a repository's config names; values
written into generated files are checked.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.languagetool_server import LanguageToolStandIn

DOC = "# Plan\n\nWe utilize the the tool.\n"


# -- reports never overwrite what they read -----------------------------------------------------


def test_the_report_cannot_be_written_over_an_input(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(DOC, encoding="utf-8")
    result = run_cli(["lint", "-o", str(doc), str(doc)])
    assert result.code == 2
    assert "one of the files being checked" in result.err
    assert doc.read_text(encoding="utf-8") == DOC  # it used to be emptied, then "No problems"


def test_the_report_cannot_be_written_as_markdown_inside_a_folder_checked(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    result = run_cli(["lint", "-o", str(tmp_path / "report.md"), str(tmp_path)])
    assert result.code == 2
    assert not (tmp_path / "report.md").exists()
    beside = run_cli(["lint", "-o", str(tmp_path / "report.txt"), str(tmp_path)])
    assert beside.code == 1 and "repeated-word" in (tmp_path / "report.txt").read_text()


# -- symbolic links that leave the project -----------------------------------------------------


@pytest.fixture
def linked_tree(tmp_path: Path) -> tuple[Path, Path]:
    """``tree/x.md`` links to ``outside/secret.md``; ``tree/a.md`` is the tree's own."""
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("# Secret\n\nroot:x:0:0 the the utilize\n", encoding="utf-8")
    (tree / "x.md").symlink_to(Path("..") / "outside" / "secret.md")
    (tree / "a.md").write_text(DOC, encoding="utf-8")
    return tree, secret


def test_fix_never_writes_through_a_link_out_of_the_tree(linked_tree: tuple[Path, Path]) -> None:
    tree, secret = linked_tree
    before = secret.read_text(encoding="utf-8")
    result = run_cli(["fix", str(tree)])
    assert result.code == 2
    assert secret.read_text(encoding="utf-8") == before
    told = [line for line in result.err.splitlines() if "x.md" in line]
    assert len(told) == 1 and "symbolic link" in told[0] and "outside" in told[0]
    assert (tree / "a.md").read_text(encoding="utf-8") != DOC  # the tree's own file is fixed


def test_lint_reports_a_link_out_of_the_tree_without_reading_it(
    linked_tree: tuple[Path, Path],
) -> None:
    tree, _secret = linked_tree
    result = run_cli(["lint", str(tree)])
    assert result.code == 2
    assert "root:x:0:0" not in result.out + result.err  # its lines are never printed
    assert "x.md: a symbolic link to" in result.out
    named = run_cli(["lint", str(tree / "x.md")])  # as pre-commit names files
    assert named.code == 2 and "root:x:0:0" not in named.out + named.err


def test_a_link_inside_a_git_work_tree_is_followed(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "doc.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc.md").symlink_to(Path("..") / "shared" / "doc.md")
    result = run_cli(["fix", str(tmp_path / "docs")])
    assert result.code == 0, result.err
    assert (tmp_path / "docs" / "doc.md").is_symlink()
    assert "the the" not in (tmp_path / "shared" / "doc.md").read_text(encoding="utf-8")


def test_init_never_writes_through_a_link_out_of_the_repository(tmp_path: Path) -> None:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    target = outside / "victim.yaml"
    target.write_text("keep: me\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").symlink_to(target)
    (repo / ".github").symlink_to(outside, target_is_directory=True)
    result = run_cli(["init", str(repo)])
    assert result.code == 2
    assert target.read_text(encoding="utf-8") == "keep: me\n"
    assert not (outside / "workflows").exists()
    assert result.err.count("symbolic link") == 2
    assert (repo / ".writer.toml").is_file()  # what it may write, it writes


# -- document text goes only where the user says -------------------------------------------------


@pytest.fixture
def repo_naming_a_server(tmp_path: Path, languagetool: LanguageToolStandIn) -> Path:
    (tmp_path / ".writer.toml").write_text(
        f'[grammar]\nbackend = "languagetool"\nserver = "{languagetool.url}"\n', encoding="utf-8"
    )
    (tmp_path / "doc.md").write_text("# Plan\n\nThe rollout starts with a error.\n")
    return tmp_path


def test_a_server_named_by_the_repository_is_not_sent_text(
    repo_naming_a_server: Path, languagetool: LanguageToolStandIn
) -> None:
    result = run_cli(["lint", "--jobs", "1", str(repo_naming_a_server)])
    assert languagetool.requests == []
    notes = [line for line in result.out.splitlines() if languagetool.url in line]
    assert len(notes) == 1 and "was not used" in notes[0] and "--allow-server" in notes[0]
    assert result.code in (0, 1)  # grammar fell back offline; the run still did its job


@pytest.mark.parametrize("how", ["flag", "environment", "user config"])
def test_the_user_can_allow_it_and_is_told_where_text_goes(
    repo_naming_a_server: Path,
    languagetool: LanguageToolStandIn,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    how: str,
) -> None:
    argv = ["lint", "--jobs", "1", str(repo_naming_a_server)]
    if how == "flag":
        argv[1:1] = ["--allow-server", languagetool.url]
    elif how == "environment":
        monkeypatch.setenv("WRITER_ALLOWED_SERVERS", f"http://other.test, {languagetool.url}/")
    else:
        folder = tmp_path / ".config" / "writer"
        folder.mkdir(parents=True)
        (folder / "config.toml").write_text(
            f'[grammar]\nallowed_servers = ["{languagetool.url}"]\n', encoding="utf-8"
        )
    result = run_cli(argv)
    assert languagetool.requests, result.out + result.err
    told = [line for line in result.out.splitlines() if "prose goes to" in line]
    assert len(told) == 1 and languagetool.url in told[0]


def test_a_broken_user_config_is_blamed_on_itself(
    repo_naming_a_server: Path, tmp_path: Path
) -> None:
    folder = tmp_path / ".config" / "writer"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("[grammar]\nallowed = 1\n", encoding="utf-8")
    result = run_cli(["lint", "--jobs", "1", str(repo_naming_a_server)])
    assert result.code == 2
    assert str(folder / "config.toml") in result.out + result.err


# -- the terminal shows text, never obeys it ----------------------------------------------------


PLAIN_WORDS = ("--select", "style.house.PlainWords")  # off by default; its finding is the probe


def test_control_characters_are_escaped_in_text_output(tmp_path: Path) -> None:
    name = tmp_path / "bad\x1b[2Jname.md"
    name.write_text(
        "# Plan\x1b]0;owned\x07\n\nWe \x1b[31m \x07utilize\x1b[0m the tool.\u202e\n",
        encoding="utf-8",
    )
    for fmt in ("text", "line"):
        result = run_cli(["lint", "--format", fmt, "--color", "never", *PLAIN_WORDS, str(tmp_path)])
        assert result.code == 1
        shown = result.out + result.err
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "bad\\x1b[2Jname.md" in shown
    text = run_cli(["lint", "--color", "never", *PLAIN_WORDS, str(tmp_path)]).out
    rows = [line for line in text.splitlines() if "|" in line]
    source, caret = rows[0], rows[1]
    assert "We \\x1b[31m \\x07utilize\\x1b[0m the tool.\\u202e" in source
    # the caret stays under the word, after the escapes before it
    assert source.index("utilize") == caret.index("^")


def test_errors_on_standard_error_escape_file_names(tmp_path: Path) -> None:
    bad = tmp_path / "a\x1b]52;c;aGk=\x07.md"
    bad.write_bytes(b"\x00binary")
    result = run_cli(["lint", "--format", "json", str(bad)])
    assert result.code == 2
    assert "\x1b" not in result.err and "\\x1b]52" in result.err


# -- git runs no command a repository configures ------------------------------------------------


def test_changed_since_runs_no_repository_command(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    marker = tmp_path / "ran"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "a.md").write_text(DOC, encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b.test"}
    env |= {"GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b.test"}
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", "one"], check=True, env=env)
    script = tmp_path / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> {marker}\ncat\n')
    script.chmod(0o755)
    git = ["git", "-C", str(repo), "config"]
    subprocess.run([*git, "core.fsmonitor", str(script)], check=True)
    subprocess.run([*git, "filter.evil.clean", str(script)], check=True)
    subprocess.run([*git, "filter.evil.smudge", str(script)], check=True)
    (repo / ".gitattributes").write_text("*.md filter=evil\n")
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "post-index-change").write_text(f"#!/bin/sh\necho hook >> {marker}\n")
    (hooks / "post-index-change").chmod(0o755)
    (repo / "a.md").write_text(DOC + "More.\n", encoding="utf-8")
    result = run_cli(["lint", "--changed-since", "HEAD", str(repo)])
    assert result.code == 1, result.out + result.err  # a.md changed and was checked
    assert not marker.exists(), marker.read_text()


def test_git_environment_variables_do_not_redirect_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "a.md").write_text(DOC, encoding="utf-8")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.fsmonitor")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", f"touch {tmp_path / 'ran'}")
    result = run_cli(["lint", "--changed-since", "HEAD", str(repo)])
    assert "no such commit" in result.err or "no such commit" in result.out
    assert not (tmp_path / "ran").exists()


# -- values written into generated files ---------------------------------------------------------


@pytest.mark.parametrize("rev", ["v1\n  - repo: https://evil.test", "v1 # x", "a:b", "", "../x"])
def test_init_refuses_a_rev_that_is_not_a_git_ref(tmp_path: Path, rev: str) -> None:
    result = run_cli(["init", "--rev", rev, str(tmp_path)])
    assert result.code == 2
    assert "not a git tag, branch or commit" in result.err
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_init_takes_a_real_rev(tmp_path: Path) -> None:
    result = run_cli(["init", "--rev", "v1.2.0", str(tmp_path)])
    assert result.code == 0
    assert "rev: v1.2.0" in (tmp_path / ".pre-commit-config.yaml").read_text()
