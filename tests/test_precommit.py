"""The hooks in ``.pre-commit-hooks.yaml``, run by the real ``pre-commit`` in a throwaway docs repo.

The hook repository is a snapshot of this checkout committed into a temporary git repository,
so the test sees the current tree (committed or not) and works on a clean CI clone. The docs
repository uses the manual's copy-paste snippet (``docs/ci.md``, shown on the README too) with
only ``repo`` and ``rev`` pointed at that snapshot. pre-commit's cache lives in a temporary
directory.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pre_commit")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

CLEAN = "# Rollout\n\nThe rollout starts in the staging region on 4 March.\n"
DIRTY = "# Rollout\n\nThe the rollout starts in the staging region on 4 March.\n"
SKIPPED = {".venv", ".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _environment(pre_commit_home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PRE_COMMIT", "GIT_DIR", "GIT_WORK_TREE"}
    }
    env.update(
        PRE_COMMIT_HOME=str(pre_commit_home),
        GIT_AUTHOR_NAME="Docs Author",
        GIT_AUTHOR_EMAIL="author@example.com",
        GIT_COMMITTER_NAME="Docs Author",
        GIT_COMMITTER_EMAIL="author@example.com",
        GIT_CONFIG_NOSYSTEM="1",
        NO_COLOR="1",
    )
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _project_files() -> list[str]:
    """The files of this checkout, tracked or new (ignored files left out)."""
    if (ROOT / ".git").exists():
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8")
        return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]
    names = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if path.is_file() and not SKIPPED.intersection(parts):
            names.append(path.relative_to(ROOT).as_posix())
    return names


@dataclass
class HookRepo:
    path: Path
    rev: str
    env: dict[str, str]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    base = tmp_path_factory.mktemp("hooks")
    env = _environment(base / "pre-commit-cache")
    repo = base / "writer"
    for name in _project_files():
        destination = repo / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, destination)
    _git(repo, env, "init", "-q")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "snapshot")
    return HookRepo(repo, _git(repo, env, "rev-parse", "HEAD"), env)


def _yaml_snippet(path: Path, heading: str) -> str:
    """The first yaml block under ``heading`` (up to the next heading of its level) in ``path``."""
    text = (ROOT / path).read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    assert f"\n{heading}\n" in text, f"{path} has no '{heading}' section"
    section = text.split(f"\n{heading}\n", 1)[1].split(f"\n{level} ", 1)[0]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found, f"the '{heading}' section of {path} has no yaml snippet"
    return found.group(1)


def readme_snippet() -> str:
    """The ``.pre-commit-config.yaml`` the manual's pre-commit page tells users to copy."""
    return _yaml_snippet(Path("docs/ci.md"), "## pre-commit")


def test_the_front_page_shows_the_manuals_snippet() -> None:
    front = _yaml_snippet(Path("README.md"), "### 3. A pre-commit hook and CI")
    assert front == readme_snippet()


@dataclass
class Run:
    code: int
    output: str


@pytest.fixture
def docs_repo(hook_repo: HookRepo, tmp_path: Path) -> Iterator[Path]:
    docs = tmp_path / "docs-repo"
    docs.mkdir()
    _git(docs, hook_repo.env, "init", "-q")
    snippet = readme_snippet()
    snippet = re.sub(r"repo: \S+", f"repo: {hook_repo.path.as_posix()}", snippet, count=1)
    snippet = re.sub(r"rev: \S+", f"rev: {hook_repo.rev}", snippet, count=1)
    (docs / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    yield docs


def pre_commit(docs: Path, env: dict[str, str], *args: str) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args, "--color", "never"],
        cwd=docs,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return Run(done.returncode, done.stdout + done.stderr)


def test_readme_snippet_names_both_hooks() -> None:
    snippet = readme_snippet()
    assert re.search(r"- id: writer\s", snippet) and "- id: writer-fix" in snippet
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: writer\n" in hooks and "- id: writer-fix\n" in hooks
    assert "types: [markdown]" in hooks


def test_clean_document_passes(docs_repo: Path, hook_repo: HookRepo) -> None:
    (docs_repo / "rollout.md").write_text(CLEAN, encoding="utf-8")
    _git(docs_repo, hook_repo.env, "add", "-A")
    run = pre_commit(docs_repo, hook_repo.env, "run", "--all-files")
    assert run.code == 0, run.output
    assert re.search(r"^writer\.+Passed$", run.output, re.MULTILINE), run.output
    assert re.search(r"^writer fix\.+Passed$", run.output, re.MULTILINE), run.output


def test_bad_document_fails_with_its_findings(docs_repo: Path, hook_repo: HookRepo) -> None:
    (docs_repo / "rollout.md").write_text(DIRTY, encoding="utf-8")
    (docs_repo / "notes.txt").write_text("the the\n", encoding="utf-8")  # not markdown
    _git(docs_repo, hook_repo.env, "add", "-A")
    run = pre_commit(docs_repo, hook_repo.env, "run", "writer", "--all-files")
    assert run.code == 1, run.output
    assert re.search(r"^writer\.+Failed$", run.output, re.MULTILINE), run.output
    assert "- exit code: 1" in run.output
    assert "3:1      warning    'The' is repeated: delete one  prose.repeated-word" in run.output
    assert "notes.txt" not in run.output
    assert (docs_repo / "rollout.md").read_text(encoding="utf-8") == DIRTY


def test_fix_hook_rewrites_and_fails_once_then_passes(docs_repo: Path, hook_repo: HookRepo) -> None:
    (docs_repo / "rollout.md").write_text(DIRTY, encoding="utf-8")
    _git(docs_repo, hook_repo.env, "add", "-A")
    first = pre_commit(docs_repo, hook_repo.env, "run", "writer-fix", "--all-files")
    assert first.code == 1, first.output
    assert "files were modified by this hook" in first.output
    assert "rollout.md: fixed 1 problem (prose.repeated-word)" in first.output
    assert (docs_repo / "rollout.md").read_text(encoding="utf-8") == CLEAN
    _git(docs_repo, hook_repo.env, "add", "-A")
    second = pre_commit(docs_repo, hook_repo.env, "run", "--all-files")
    assert second.code == 0, second.output


def test_installed_hook_blocks_a_commit_until_the_document_is_fixed(
    docs_repo: Path, hook_repo: HookRepo
) -> None:
    installed = pre_commit(docs_repo, hook_repo.env, "install")
    assert installed.code == 0, installed.output
    (docs_repo / "rollout.md").write_text(DIRTY, encoding="utf-8")
    _git(docs_repo, hook_repo.env, "add", "rollout.md")
    blocked = subprocess.run(
        ["git", "commit", "-m", "Add the rollout plan"],
        cwd=docs_repo,
        env=hook_repo.env,
        capture_output=True,
        text=True,
    )
    assert blocked.returncode != 0
    assert "prose.repeated-word" in blocked.stdout + blocked.stderr
    # The fix hook rewrote the file; stage the fix and the commit goes through.
    assert (docs_repo / "rollout.md").read_text(encoding="utf-8") == CLEAN
    _git(docs_repo, hook_repo.env, "add", "rollout.md")
    _git(docs_repo, hook_repo.env, "commit", "-q", "-m", "Add the rollout plan")
    assert _git(docs_repo, hook_repo.env, "log", "--format=%s") == "Add the rollout plan"


def test_writer_init_sets_up_a_working_hook(hook_repo: HookRepo, tmp_path: Path) -> None:
    from tests.conftest import run_cli
    from writer.cli.init_files import HOOK_REPOSITORY

    docs = tmp_path / "handbook"
    docs.mkdir()
    _git(docs, hook_repo.env, "init", "-q")
    assert run_cli(["init", "--rev", hook_repo.rev, str(docs)]).code == 0
    config = docs / ".pre-commit-config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(HOOK_REPOSITORY, hook_repo.path.as_posix()),
        encoding="utf-8",
    )
    (docs / "postmortems").mkdir()
    (docs / "postmortems" / "db.md").write_text(DIRTY, encoding="utf-8")
    _git(docs, hook_repo.env, "add", "-A")
    first = pre_commit(docs, hook_repo.env, "run", "--all-files")
    assert first.code == 1, first.output
    assert "files were modified by this hook" in first.output
    # The installed hook has the bundled templates: the folder mapping picked one.
    assert "postmortems/db.md  (postmortem, template: postmortem)" in first.output
    assert (docs / "postmortems" / "db.md").read_text(encoding="utf-8") == CLEAN
    _git(docs, hook_repo.env, "add", "-A")
    second = pre_commit(docs, hook_repo.env, "run", "writer-fix", "--all-files")
    assert second.code == 0, second.output
