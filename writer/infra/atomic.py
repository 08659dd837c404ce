"""Writing files so that a crash or a full disk never leaves half a file behind.

Every file writer changes (``writer fix``, ``writer init``, the TUI's saves and recovery files)
goes through :func:`write_atomic`: the data goes to a temporary file beside the target, is
flushed to disk, and then replaces the target in one rename. A process killed at any moment
leaves either the old file or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from pathlib import Path

from writer.errors import WriteError
from writer.infra.tree import outside


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def write_atomic(
    path: Path, data: bytes, *, mode: int | None = None, within: Path | None = None
) -> None:
    """Replace ``path`` with ``data`` in one step: a temporary file beside it, then a rename.

    An existing file keeps its permission bits (``mode`` when it is new, else the umask
    default). A symbolic link is followed, so the link stays a link to the updated file, but
    with ``within`` only to a file inside that folder: a link (of the file or of a folder on
    its way) that leads outside it is refused. A read-only file is refused rather than
    replaced behind its owner's back: the rename would succeed in a writable folder, so the
    permission bits are checked first.
    """
    if within is not None:
        real = outside(path, within)
        if real is not None:
            raise WriteError(
                f"not written: it is a symbolic link to {real}, outside {within} (writer only "
                "writes files inside the project)"
            )
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent if str(target.parent) else Path(".")
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise WriteError(f"cannot write: {_reason(exc)}") from None
    if existing is not None and _read_only(target, existing):
        raise WriteError("cannot write: the file is read-only (make it writable, e.g. chmod u+w)")
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise WriteError(f"cannot write in {directory}: {_reason(exc)}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if existing is not None:
            os.chmod(temporary, stat.S_IMODE(existing.st_mode))
        else:
            os.chmod(temporary, mode if mode is not None else _default_mode())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise WriteError(f"cannot write: {_reason(exc)}") from None
    _fsync_directory(directory)


def discard_partial_writes(path: Path) -> int:
    """Remove temporaries that a write killed part way left beside ``path``; returns how many.

    Only names :func:`write_atomic` makes (``.NAME.XXXXXXXX.tmp``) are touched.
    """
    removed = 0
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[a-z0-9_]{{8}}\.tmp")
    try:
        siblings = list(os.scandir(path.parent if str(path.parent) else "."))
    except OSError:
        return 0
    for entry in siblings:
        if pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def _read_only(path: Path, info: os.stat_result) -> bool:
    """No write bit at all, or none that applies to this user (root ignores the bits)."""
    if not stat.S_IMODE(info.st_mode) & 0o222:
        return True
    return not os.access(path, os.W_OK)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; some file systems cannot, which is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
