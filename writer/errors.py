"""The errors a user can act on. Each says, in one line, what is wrong and what to do; the
command line prints it as ``writer: MESSAGE`` and exits 2. Anything else is an internal error.
"""

from __future__ import annotations

from collections.abc import Sequence


class WriterError(Exception):
    """A problem the user can fix: ``str()`` is the one line shown (without ``writer:``)."""


class UsageError(WriterError):
    """Wrong arguments on the command line."""


class ConfigError(WriterError):
    """A configuration problem a user must fix; ``str()`` is one line naming file and line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.detail = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class InputError(WriterError):
    """A file that cannot be linted; ``str()`` says why and what to do."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class WriteError(WriterError):
    """A file could not be written; ``str()`` says why in words a user can act on."""


class GitError(WriterError):
    """A git question that could not be answered (no repository, an unknown ref)."""


def nearest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate closest to ``word`` (for "did you mean"), or None when none is close."""
    import difflib

    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if found:
        return found[0]
    lowered = {c.lower(): c for c in candidates}
    return lowered.get(word.lower())
