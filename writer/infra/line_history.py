"""When a kind of line last changed in each file, from git history: the day a design doc's
status line was last added, removed or edited. One ``git log`` per repository."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from writer.errors import GitError
from writer.infra.history import _git, git_root

# What "the status line" is, in git's basic regular expressions (-G) and in Python's.
STATUS_GIT = r"[Ss][Tt][Aa][Tt][Uu][Ss][*_ ]*[:|]"
STATUS_LINE = re.compile(r"(?i)status[*_ ]*[:|]")


def last_changes(
    files: Iterable[Path], git_pattern: str = STATUS_GIT, line: re.Pattern[str] = STATUS_LINE
) -> dict[Path, tuple[dt.date | None, str]]:
    """For each file (resolved): the day of the last commit that added or removed a line
    matching ``line``, and how it is known: ``git``; ``not committed`` (a file git does not
    track), ``no repository`` or ``git failed``, each with no day."""
    by_root: dict[Path | None, list[Path]] = {}
    roots: dict[Path, Path | None] = {}
    for path in files:
        resolved = path.resolve()
        directory = resolved.parent
        if directory not in roots:
            roots[directory] = git_root(directory)
        by_root.setdefault(roots[directory], []).append(resolved)
    out: dict[Path, tuple[dt.date | None, str]] = {}
    for root, paths in by_root.items():
        if root is None:
            out.update((path, (None, "no repository")) for path in paths)
            continue
        try:
            out.update(_in_repository(root, paths, git_pattern, line))
        except GitError:
            out.update((path, (None, "git failed")) for path in paths)
    return out


def _in_repository(
    root: Path, paths: list[Path], git_pattern: str, line: re.Pattern[str]
) -> dict[Path, tuple[dt.date | None, str]]:
    names = {str(path.relative_to(root)): path for path in paths}
    tracked = set(_git(root, "ls-files", "-z", "--", *names).split("\0"))
    found: dict[Path, tuple[dt.date | None, str]] = {}
    if tracked - {""}:
        log = _git(
            root,
            "log",
            "-p",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--format=%x00%ct",
            f"-G{git_pattern}",
            "--",
            *sorted(name for name in names if name in tracked),
        )
        for commit in log.split("\0")[1:]:
            stamp, _, diff = commit.partition("\n")
            try:
                day = dt.datetime.fromtimestamp(int(stamp.strip()), tz=dt.timezone.utc).date()
            except ValueError:
                continue
            for name in _changed(diff, line):
                path = names.get(name)
                if path is not None and path not in found:
                    found[path] = (day, "git")
    for name, path in names.items():
        if path not in found:
            found[path] = (None, "not committed") if name not in tracked else (None, "git")
    return found


def _changed(diff: str, line: re.Pattern[str]) -> Iterable[str]:
    """Files of one commit's diff with an added or removed line matching ``line``."""
    current = None
    hit: list[str] = []
    for text in diff.split("\n"):
        if text.startswith("diff --git "):
            current = None
        elif text.startswith("+++ "):
            target = text[4:]
            current = target[2:] if target.startswith("b/") else None
        elif text.startswith("--- "):
            continue
        elif (
            current is not None
            and current not in hit
            and text[:1] in "+-"
            and line.search(text[1:])
        ):
            hit.append(current)
    return hit
