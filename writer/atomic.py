"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class WriteError(Exception):
    """A file could not be written; ``str()`` says why in words a user can act on."""


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` in one step: a temporary file beside it, then a rename.

    An existing file keeps its permission bits (``mode`` when it is new, else the umask
    default). A symbolic link is followed, so the link stays a link to the updated file.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    directory = target.parent
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise WriteError(f"cannot write: {(exc.strerror or str(exc)).lower()}") from None
    try:
        handle, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise WriteError(
            f"cannot write in {directory}: {(exc.strerror or str(exc)).lower()}"
        ) from None
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
        raise WriteError(f"cannot write: {(exc.strerror or str(exc)).lower()}") from None


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
