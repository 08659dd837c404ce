"""What git knows about documents: which changed since a ref, which are older than a cut-off.

Used by ``--changed-since REF`` (lint only what changed) and ``strict_since``/``--new-only``
(documents that already existed at a date or ref are held to a lower bar). git runs as a
subprocess, only when one of those options is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.errors import GitError

if TYPE_CHECKING:
    import datetime as _dt

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]+)?$")
# Front matter keys that say when a document was written (KEPs use creation-date).
DATE_KEYS = ("creation-date", "creation_date", "created", "date")


# What a repository's own config (.git/config) could make git run while it answers: an
# fsmonitor command, hooks (post-index-change runs when git refreshes the index), an external
# diff, a pager. Turned off on every call; clean and smudge filters are turned off per driver.
_SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.untrackedCache=false",
    "diff.external=",
    "core.pager=cat",
    "gc.auto=0",
    "maintenance.auto=false",
)


def _environment() -> dict[str, str]:
    """The environment git runs in: the user's, without any ``GIT_*`` variable (they can point
    git at another repository or inject config), and no optional index writes or prompts."""
    import os

    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    return env


def _filter_drivers(cwd: Path, env: dict[str, str]) -> tuple[str, ...]:
    """``-c`` settings that turn off every clean/smudge filter the config defines (git runs a
    filter's command when it compares a changed file with the index)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", *_config_args(), "config", "--name-only", "--get-regexp", r"^filter\."],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=60,
            env=env,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    drivers = {
        name.rsplit(".", 1)[0]
        for name in done.stdout.decode("utf-8", errors="replace").split()
        if name.count(".") >= 2
    }
    return tuple(
        setting
        for driver in sorted(drivers)
        for setting in (
            "-c",
            f"{driver}.clean=",
            "-c",
            f"{driver}.smudge=",
            "-c",
            f"{driver}.process=",
            "-c",
            f"{driver}.required=false",
        )
    )


def _config_args() -> tuple[str, ...]:
    return tuple(part for setting in _SAFE_CONFIG for part in ("-c", setting))


def _git(cwd: Path, *args: str) -> str:
    import subprocess

    env = _environment()
    try:
        done = subprocess.run(
            ["git", "--no-pager", *_config_args(), *_filter_drivers(cwd, env), *args],
            cwd=cwd,
            capture_output=True,
            check=False,
            timeout=60,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (it is needed to compare with a git ref)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than 60 s in {cwd}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed in {cwd}")
    return done.stdout.decode("utf-8", errors="surrogateescape")


def git_root(directory: Path) -> Path | None:
    """The top of the git work tree holding ``directory``, or None outside one."""
    try:
        top = _git(directory, "rev-parse", "--show-toplevel").strip()
    except GitError:
        return None
    return Path(top).resolve() if top else None


def _commit(root: Path, ref: str) -> str | None:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip() or None
    except GitError:
        return None


class ChangedFiles:
    """Answers "did this file change since REF?" for files in any number of repositories."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self._roots: dict[Path, Path] = {}
        self._changed: dict[Path, frozenset[Path]] = {}

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, Path):
            return False
        resolved = path.resolve()
        directory = resolved.parent
        root = self._roots.get(directory)
        if root is None:
            found = git_root(directory)
            if found is None:
                raise GitError(
                    f"--changed-since needs a git repository, and {directory} is not in one"
                )
            root = self._roots[directory] = found
        if root not in self._changed:
            self._changed[root] = changed_files(self.ref, root)
        return resolved in self._changed[root]


def changed_files(ref: str, directory: Path) -> frozenset[Path]:
    """Files added or modified since ``ref`` (committed, staged, unstaged or untracked)."""
    root = git_root(directory)
    if root is None:
        raise GitError(
            f"--changed-since needs a git repository, and {directory.resolve()} is not in one"
        )
    if _commit(root, ref) is None:
        raise GitError(
            f"--changed-since {ref}: no such commit, branch or tag in {root} "
            "(in CI, fetch enough history: actions/checkout with fetch-depth: 0)"
        )
    names = _git(
        root,
        "diff",
        "--no-ext-diff",
        "--no-textconv",
        "--name-only",
        "-z",
        "--no-renames",
        "--diff-filter=d",
        ref,
        "--",
    )
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    return frozenset(
        (root / name).resolve() for name in (names + untracked).split("\0") if name.strip()
    )


def is_date(value: str) -> bool:
    return _DATE.match(value.strip()) is not None


def parse_date(value: Any) -> _dt.date | None:
    """A date from a config string or a front matter value (a date, datetime or string)."""
    import datetime as _dt

    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and is_date(value):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def document_date(front_matter: Mapping[str, Any] | None) -> _dt.date | None:
    """When the document says it was written, from its front matter, if it says so."""
    if not front_matter:
        return None
    for key in DATE_KEYS:
        found = parse_date(front_matter.get(key))
        if found is not None:
            return found
    return None


@dataclass
class Baselines:
    """Which files already existed at a cut-off (a date or a ref), per git repository; cached."""

    _trees: dict[tuple[Path, str], frozenset[Path]] = field(default_factory=dict)
    _roots: dict[Path, Path | None] = field(default_factory=dict)

    def root_for(self, directory: Path) -> Path | None:
        directory = directory.resolve()
        if directory not in self._roots:
            self._roots[directory] = git_root(directory)
        return self._roots[directory]

    def existed(self, path: Path, since: str) -> bool | None:
        """Whether ``path`` existed at ``since``; None when git cannot say (no repository)."""
        root = self.root_for(path.parent)
        if root is None:
            return None
        key = (root, since)
        if key not in self._trees:
            self._trees[key] = self._files_at(root, since)
        return path.resolve() in self._trees[key]

    def _files_at(self, root: Path, since: str) -> frozenset[Path]:
        if is_date(since):
            if _commit(root, "HEAD") is None:
                return frozenset()  # no commits yet: every document is new
            commit = _git(root, "rev-list", "-1", f"--before={since}", "HEAD").strip() or None
        else:
            commit = _commit(root, since)
            if commit is None and since != "HEAD":
                raise GitError(
                    f"{since!r} is neither a date (YYYY-MM-DD) nor a commit, branch or tag in "
                    f"{root}"
                )
        if commit is None:
            return frozenset()
        names = _git(root, "ls-tree", "-r", "-z", "--name-only", commit)
        return frozenset((root / name).resolve() for name in names.split("\0") if name)


def is_old(
    path: Path | None,
    since: str,
    front_matter: Mapping[str, Any] | None,
    baselines: Baselines,
) -> bool:
    """Whether a document predates ``since`` (a date or a git ref).

    With a date, a date in the document's front matter decides; otherwise the document is old
    when it was already in the repository at the cut-off. A document git cannot place (no
    repository, read from standard input) counts as new: it is held to the full bar.
    """
    if is_date(since):
        written = document_date(front_matter)
        cutoff = parse_date(since)
        if written is not None and cutoff is not None:
            return written < cutoff
    if path is None:
        return False
    existed = baselines.existed(path, since)
    return bool(existed)
