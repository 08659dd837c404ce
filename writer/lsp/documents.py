"""The documents the client has open: their text as the client has it, kept in step with its
changes (whole texts or ranges, in the negotiated position encoding).

The store is read by the check worker and written by the server's loop, so every read and write
takes its lock; what a reader gets is a :class:`Snapshot`, a value that never changes after.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from writer.lsp.positions import UTF16, LineMap

MARKDOWN_LANGUAGES = ("markdown", "md", "mdx", "rmd", "quarto")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mdx")


@dataclass(frozen=True)
class Range:
    """A client's range: (line, character) to (line, character), end exclusive."""

    start_line: int
    start_character: int
    end_line: int
    end_character: int


@dataclass(frozen=True)
class TextChange:
    """One change from ``textDocument/didChange``: the whole text, or a range replaced."""

    text: str
    range: Range | None = None


@dataclass(frozen=True)
class Snapshot:
    """One open document at one version. Every change (and every opening) makes a new one, so
    ``is`` tells whether a check was of the text the client has now."""

    uri: str
    version: int
    text: str
    path: Path | None  # None for a document that is not a file (untitled, another scheme)
    language: str = "markdown"

    @property
    def is_markdown(self) -> bool:
        if self.language.lower() in MARKDOWN_LANGUAGES:
            return True
        return self.path is not None and self.path.suffix.lower() in MARKDOWN_SUFFIXES

    @property
    def display(self) -> str:
        return str(self.path) if self.path is not None else self.uri


def apply_change(text: str, change: TextChange, encoding: str = UTF16) -> str:
    """``text`` after one change; a range counts in ``encoding``, as the client sent it."""
    if change.range is None:
        return change.text
    lines = LineMap(text, encoding)
    where = change.range
    start = lines.offset(where.start_line, where.start_character)
    end = lines.offset(where.end_line, where.end_character)
    if end < start:
        start, end = end, start
    return text[:start] + change.text + text[end:]


class Documents:
    """The open documents, by URI."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, Snapshot] = {}

    def open(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._open[snapshot.uri] = snapshot

    def change(
        self, uri: str, version: int, changes: Iterable[TextChange], encoding: str = UTF16
    ) -> Snapshot | None:
        """Apply the changes in order (each range counts in the text the previous left);
        None when the document is not open."""
        with self._lock:
            current = self._open.get(uri)
            if current is None:
                return None
            text = current.text
            for change in changes:
                text = apply_change(text, change, encoding)
            updated = replace(current, version=version, text=text)
            self._open[uri] = updated
            return updated

    def close(self, uri: str) -> Snapshot | None:
        with self._lock:
            return self._open.pop(uri, None)

    def get(self, uri: str) -> Snapshot | None:
        with self._lock:
            return self._open.get(uri)

    def all(self) -> list[Snapshot]:
        with self._lock:
            return list(self._open.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._open)
