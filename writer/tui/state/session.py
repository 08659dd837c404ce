"""The draft being edited: where it lives, what is on disk, and its recovery file.

Nothing here imports Textual; the app asks the session to save, autosave and reload.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from writer.infra.atomic import discard_partial_writes
from writer.model.document import parse
from writer.tui.state.storage import (
    DiskState,
    Recovery,
    SaveError,
    atomic_write,
    changed_on_disk,
    encode,
    load,
    write_refusal,
)

log = logging.getLogger("writer.tui")


class ChangedOnDisk(SaveError):
    """The file changed on disk since it was read; saving asks before overwriting it."""


@dataclass
class Session:
    """One document: its path (None until first saved), newline style, and saved state."""

    path: Path | None
    recovery: Recovery
    saved_text: str = ""
    newline: str = "\n"
    bom: bool = False
    disk: DiskState = field(default_factory=lambda: DiskState(False))

    @classmethod
    def open(
        cls, path: Path, recovery_dir: Path | None = None, max_bytes: int = 0
    ) -> tuple[Session, str]:
        """Open an existing file (refused above ``max_bytes``, 0: no limit); returns the
        session and the text to edit. A link out of the project is refused: the file would be
        written back through it."""
        refusal = write_refusal(path)
        if refusal is not None:
            raise SaveError(refusal)
        loaded = load(path, max_bytes)
        discard_partial_writes(path)  # a save killed part way; the file itself is whole
        session = cls(
            path,
            Recovery.for_document(path, path.stem, recovery_dir),
            loaded.text,
            loaded.newline,
            loaded.had_bom,
            loaded.state,
        )
        return session, loaded.text

    @classmethod
    def new(cls, path: Path | None, name: str, recovery_dir: Path | None = None) -> Session:
        return cls(path, Recovery.for_document(path, name, recovery_dir))

    def is_dirty(self, text: str) -> bool:
        return text != self.saved_text

    def changed_on_disk(self) -> bool:
        return self.path is not None and changed_on_disk(self.path, self.disk)

    def write(self, text: str, target: Path, *, force: bool = False) -> DiskState:
        """Write ``text`` to ``target`` atomically, changing nothing in the session (so a
        thread may call it). Refuses a link out of the project, and, unless ``force``, a file
        another program changed since it was read (:class:`ChangedOnDisk`)."""
        refusal = write_refusal(target)
        if refusal is not None:
            raise SaveError(refusal)
        if not force and target == self.path and changed_on_disk(target, self.disk):
            raise ChangedOnDisk(f"{target} was changed by another program")
        state = atomic_write(target, encode(text, self.newline, self.bom))
        log.info("saved %s (%d characters)", target, len(text))
        return state

    def mark_saved(self, text: str, target: Path, state: DiskState) -> Recovery | None:
        """Record a finished write; returns the recovery file it made obsolete when the file
        name changed (a first save, a save under another name)."""
        self.disk = state
        self.saved_text = text
        if target == self.path:
            return None
        old = self.recovery
        self.path = target
        self.recovery = Recovery.for_document(target, target.stem, old.path.parent)
        return old

    def save(self, text: str, path: Path | None = None) -> Path:
        """Write ``text`` to ``path`` (or the session's path) now; drop the recovery file."""
        target = path or self.path
        if target is None:
            raise SaveError("no file name yet")
        state = self.write(text, target, force=True)
        old = self.mark_saved(text, target, state)
        if old is not None:
            old.discard()
        self.recovery.discard()
        return target

    def autosave(self, text: str) -> bool:
        """Write the recovery file when ``text`` has unsaved changes; True if written."""
        if not self.is_dirty(text):
            self.recovery.discard()
            return False
        self.recovery.write(text)
        return True

    def reload(self) -> str:
        """Read the file again (after it changed on disk) and make that the saved state."""
        assert self.path is not None
        loaded = load(self.path)
        self.saved_text = loaded.text
        self.newline, self.bom, self.disk = loaded.newline, loaded.had_bom, loaded.state
        return loaded.text

    def recovery_offer(self) -> str | None:
        """The recovery file's text when it is newer than the document and differs from it."""
        self.recovery.discard_partial()
        if not self.recovery.exists() or not self.recovery.newer_than(self.path):
            return None
        try:
            text = self.recovery.read()
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("recovery file %s unreadable: %s", self.recovery.path, exc)
            return None
        if text == self.saved_text:
            self.recovery.discard()
            return None
        return text


_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n(?:.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _head(text: str) -> str:
    """The front matter block at the start of ``text`` (or the text itself when it starts
    with no block), so reading the metadata of a long document parses only its head."""
    match = _FRONT_MATTER.match(text)
    return match.group(0) if match else text[:0]


def read_metadata(text: str) -> dict[str, Any]:
    """The front matter of ``text`` as a dict (empty when it has none or it is broken)."""
    document = parse(_head(text))
    if document.front_matter is None or not isinstance(document.front_matter.data, dict):
        return {}
    return dict(document.front_matter.data)


def metadata_span(text: str) -> tuple[int, int] | None:
    """Offsets of the front matter block (fences included, trailing newline included)."""
    head = _head(text)
    if not head:
        return None
    document = parse(head)
    if document.front_matter is None:
        return None
    _start, end = document.index.line_span(document.front_matter.end_line)
    return 0, min(len(text), end + 1)


def with_metadata(text: str, values: dict[str, Any]) -> str:
    """``text`` with its front matter updated from ``values`` (created when missing)."""
    data = read_metadata(text)
    data.update(values)
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    block = "---\n" + dumped + "---\n"
    span = metadata_span(text)
    if span is None:
        return block + ("\n" if not text.startswith("\n") else "") + text
    return block + text[span[1] :]
