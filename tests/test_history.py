"""Older documents (``strict_since``, ``--new-only``) and ``--changed-since``, in real git repos."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

BAD = "# Plan\n\nThe the rollout starts now.\n"
CONFIG = '[rules]\n"prose" = "error"\n'


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Docs Author")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Docs Author")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "author@example.com")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "docs"
    root.mkdir()
    git(root, "init", "-q")
    (root / ".writer.toml").write_text(CONFIG, encoding="utf-8")
    (root / "old.md").write_text(BAD, encoding="utf-8")
    commit(root, "2024-06-01T12:00:00", "Add the old plan")
    git(root, "tag", "v1")
    (root / "later.md").write_text(BAD, encoding="utf-8")
    commit(root, "2025-03-01T12:00:00", "Add a later plan")
    (root / "draft.md").write_text(BAD, encoding="utf-8")  # not committed yet
    return root


def git(root: Path, *args: str, date: str | None = None) -> str:
    import os

    env = dict(os.environ)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(root: Path, date: str, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


def severities(root: Path, *args: str) -> tuple[int, dict[str, list[str]]]:
    result = run_cli(["lint", "--format", "json", *args, str(root)])
    data = json.loads(result.out)
    found = {
        Path(entry["path"]).name: [f["severity"] for f in entry["findings"]]
        for entry in data["files"]
    }
    return result.code, found


def test_without_strict_since_every_document_is_strict(repo: Path) -> None:
    code, found = severities(repo)
    assert code == 1
    assert found == {"draft.md": ["error"], "later.md": ["error"], "old.md": ["error"]}


def test_strict_since_a_date_relaxes_older_documents(repo: Path) -> None:
    (repo / ".writer.toml").write_text('strict_since = "2025-01-01"\n' + CONFIG)
    code, found = severities(repo)
    assert found == {"draft.md": ["error"], "later.md": ["error"], "old.md": ["warning"]}
    assert code == 1
    # An older document alone never fails the run, even at a warning.
    assert run_cli(["lint", str(repo / "old.md")]).code == 0
    assert run_cli(["lint", str(repo / "later.md")]).code == 1


def test_strict_since_a_ref_and_the_command_line_option(repo: Path) -> None:
    _code, found = severities(repo, "--strict-since", "v1")
    assert found == {"draft.md": ["error"], "later.md": ["error"], "old.md": ["warning"]}
    _code, found = severities(repo, "--strict-since", "HEAD")
    assert found == {"draft.md": ["error"], "later.md": ["warning"], "old.md": ["warning"]}


def test_new_only_holds_only_uncommitted_documents_to_the_full_bar(repo: Path) -> None:
    _code, found = severities(repo, "--new-only")
    assert found == {"draft.md": ["error"], "later.md": ["warning"], "old.md": ["warning"]}
    assert run_cli(["lint", "--new-only", str(repo / "later.md")]).code == 0
    assert run_cli(["lint", "--new-only", str(repo / "draft.md")]).code == 1


def test_a_front_matter_date_decides_for_a_date_cut_off(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text('strict_since = "2025-01-01"\n' + CONFIG)
    (tmp_path / "kep.md").write_text("---\ncreation-date: 2020-02-03\n---\n" + BAD)
    (tmp_path / "new.md").write_text("---\ndate: 2025-05-06\n---\n" + BAD)
    (tmp_path / "undated.md").write_text(BAD)
    _code, found = severities(tmp_path)
    # The KEP-like document gets the design checks too; all of them are held to warning.
    assert set(found["kep.md"]) == {"warning"}
    assert {key: found[key] for key in ("new.md", "undated.md")} == {
        "new.md": ["error"],
        "undated.md": ["error"],
    }


def test_an_unknown_strict_since_ref_is_a_clear_error(repo: Path) -> None:
    (repo / ".writer.toml").write_text('strict_since = "no-such-branch"\n' + CONFIG)
    result = run_cli(["lint", str(repo / "old.md")])
    assert result.code == 2
    assert "strict_since = 'no-such-branch' is neither a date (YYYY-MM-DD) nor a commit" in (
        result.out + result.err
    )


def test_changed_since_lints_only_changed_files(repo: Path) -> None:
    (repo / "old.md").write_text(BAD + "\nMore text.\n", encoding="utf-8")  # modified, unstaged
    _code, found = severities(repo, "--changed-since", "HEAD")
    assert sorted(found) == ["draft.md", "old.md"]
    _code, found = severities(repo, "--changed-since", "v1")
    assert sorted(found) == ["draft.md", "later.md", "old.md"]
    git(repo, "checkout", "-q", "--", "old.md")
    _code, found = severities(repo, "--changed-since", "HEAD")
    assert sorted(found) == ["draft.md"]
    text = run_cli(["lint", "--changed-since", "HEAD", str(repo)])
    assert "note: --changed-since HEAD: 2 unchanged files not checked" in text.out


def test_changed_since_with_fix(repo: Path) -> None:
    result = run_cli(["fix", "--changed-since", "HEAD", str(repo)])
    assert result.code == 0, result.err
    assert (repo / "draft.md").read_text() == "# Plan\n\nThe rollout starts now.\n"
    assert (repo / "later.md").read_text() == BAD


def test_changed_since_outside_git_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BAD)
    result = run_cli(["lint", "--changed-since", "main", str(tmp_path)])
    assert result.code == 2
    assert result.err.startswith("writer: --changed-since needs a git repository")
    assert "Traceback" not in result.err


def test_changed_since_an_unknown_ref_is_a_clear_error(repo: Path) -> None:
    result = run_cli(["lint", "--changed-since", "origin/main", str(repo)])
    assert result.code == 2
    assert "--changed-since origin/main: no such commit, branch or tag" in result.err
