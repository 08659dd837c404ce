"""Saving and recovering drafts: atomic writes, recovery files, changes made on disk.

Nothing here imports Textual, so the rules for never losing a word are tested on their own.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from writer.errors import WriteError
from writer.infra.atomic import discard_partial_writes, write_atomic
from writer.model.document import normalize


class SaveError(WriteError):
    """A save that did not happen; ``str()`` says which file and why, in one line."""


@dataclass(frozen=True)
class DiskState:
    """What a file looked like on disk when it was last read or written."""

    exists: bool
    mtime_ns: int = 0
    size: int = 0
    digest: str = ""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def disk_state(path: Path) -> DiskState:
    """The current state of ``path`` (``exists=False`` when it is missing or unreadable)."""
    try:
        info = path.stat()
        data = path.read_bytes()
    except OSError:
        return DiskState(False)
    return DiskState(True, info.st_mtime_ns, info.st_size, _digest(data))


def changed_on_disk(path: Path, known: DiskState) -> bool:
    """Whether the file differs from ``known`` (its content, not just its timestamp)."""
    try:
        info = path.stat()
    except OSError:
        return known.exists
    if not known.exists:
        return True
    if info.st_mtime_ns == known.mtime_ns and info.st_size == known.size:
        return False
    try:
        return _digest(path.read_bytes()) != known.digest
    except OSError:
        return True


@dataclass(frozen=True)
class LoadedText:
    """A document read from disk, with the newline style and BOM to write back."""

    text: str  # newlines are always "\n" here
    newline: str
    had_bom: bool
    state: DiskState


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f}".rstrip("0").rstrip(".") + " MB"


def load(path: Path, max_bytes: int = 0) -> LoadedText:
    """Read a UTF-8 markdown file; raises :class:`SaveError` with a readable reason.

    A file above ``max_bytes`` (0: no limit) is refused before any of it is read."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise SaveError(f"{path}: {kind}, not a markdown document")
        if max_bytes and info.st_size > max_bytes:
            raise SaveError(
                f"{path}: {_megabytes(info.st_size)}, above the {_megabytes(max_bytes)} limit "
                "for one document (limits.max_file_mb): not opened; split it, or raise the limit"
            )
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1) if max_bytes else stream.read()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if max_bytes and len(data) > max_bytes:
        raise SaveError(f"{path}: grew above the {_megabytes(max_bytes)} limit while being read")
    if b"\0" in data:
        raise SaveError(f"{path}: binary file (contains NUL bytes), not markdown")
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    text, newline, had_bom = normalize(raw)
    return LoadedText(
        text, newline, had_bom, DiskState(True, info.st_mtime_ns, info.st_size, _digest(data))
    )


def encode(text: str, newline: str = "\n", bom: bool = False) -> bytes:
    body = text.replace("\n", newline) if newline != "\n" else text
    return (("\ufeff" if bom else "") + body).encode("utf-8")


def atomic_write(path: Path, data: bytes, *, mode: int | None = None) -> DiskState:
    """Write ``data`` to ``path`` all at once (see :func:`writer.infra.atomic.write_atomic`).

    The file keeps its permission bits; a new file gets ``mode`` or the usual ones. If anything
    fails, the original file is untouched and :class:`SaveError` says which file and why.
    """
    path = Path(path)
    try:
        write_atomic(path, data, mode=mode)
        info = path.stat()
    except WriteError as exc:
        raise SaveError(f"{path}: {str(exc).replace('cannot write', 'cannot save', 1)}") from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot save: {exc.strerror or exc}") from None
    return DiskState(True, info.st_mtime_ns, info.st_size, _digest(data))


ROOT_MARKERS = (".git", ".writer.toml", "writer.toml", ".vale.ini")


def project_root(path: Path) -> Path:
    """The project a document belongs to: the nearest folder above it (as named, links not
    followed) holding a repository or a writer config, else the folder it is in."""
    folder = Path(os.path.abspath(path)).parent
    for candidate in (folder, *folder.parents):
        if any(os.path.lexists(candidate / marker) for marker in ROOT_MARKERS):
            return candidate
    return folder


def write_refusal(path: Path) -> str | None:
    """Why writing ``path`` is refused, or None: a symbolic link (the file or a folder on its
    way) leading out of the document's project is never written through."""
    named = Path(os.path.abspath(path))
    target = Path(os.path.realpath(named))
    if target == named:
        return None
    root = project_root(named)
    real_root = Path(os.path.realpath(root))
    if target == real_root or real_root in target.parents:
        return None
    return (
        f"{path} is a symbolic link to {target}, outside the project ({root}): not written "
        "through; edit the target itself or save under another name"
    )


def state_home() -> Path:
    """Where writer keeps recovery files (``$XDG_STATE_HOME/writer``)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "writer"


@dataclass(frozen=True)
class Recovery:
    """The recovery file of one document: autosaved text that a save has not yet made final."""

    path: Path

    @classmethod
    def for_document(
        cls, document: Path | None, name: str, directory: Path | None = None
    ) -> Recovery:
        """The recovery file for ``document`` (or, while it has no file, for ``name``)."""
        root = directory if directory is not None else state_home() / "recovery"
        key = str(document.resolve()) if document is not None else f"untitled:{name}"
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
        stem = document.stem if document is not None else f"untitled-{name}"
        return cls(root / f"{stem}-{digest}.md")

    def exists(self) -> bool:
        return self.path.is_file()

    def newer_than(self, document: Path | None) -> bool:
        """Whether the recovery file holds work the document does not (by modification time)."""
        try:
            mine = self.path.stat().st_mtime_ns
        except OSError:
            return False
        if document is None:
            return True
        try:
            return mine > document.stat().st_mtime_ns
        except OSError:
            return True  # the document was never saved (or is gone): the recovery is all there is

    def read(self) -> str:
        return normalize(self.path.read_text(encoding="utf-8"))[0]

    def write(self, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(self.path.parent, 0o700)
        atomic_write(self.path, text.encode("utf-8"), mode=0o600)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def discard_partial(self) -> None:
        """Remove temporaries an autosave killed mid-write left beside the recovery file.

        The recovery file itself is whole (it is only ever replaced by a rename).
        """
        discard_partial_writes(self.path)
