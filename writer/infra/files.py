"""Finding markdown files under the paths a user names, and reading them safely."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from writer.errors import InputError

MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox"}
)
BINARY_PROBE = 8192
# Larger files are read, but never more than this many bytes (a clear error instead).
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    """One file to lint, or one path that produced an error instead."""

    path: Path
    display: str
    error: str | None = None


def discover(
    paths: Iterable[str],
    *,
    include_hidden: bool = False,
    also: Callable[[Path], bool] | None = None,
) -> Iterator[Target]:
    """Expand files and directories into markdown targets, in a stable order.

    Files named explicitly are linted whatever their extension. Directories are searched
    recursively for ``*.md`` and ``*.markdown``, and for files ``also`` accepts (the config's
    ``include`` globs); symlinked directories are not followed, so a symlink loop cannot trap
    the walk.
    """
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        display = raw
        key = os.path.normpath(raw)
        if key in seen:
            continue
        seen.add(key)
        try:
            info = path.stat()
        except FileNotFoundError:
            if path.is_symlink():
                yield Target(path, display, "broken symbolic link: fix or remove it")
            else:
                yield Target(path, display, "no such file or directory")
            continue
        except PermissionError:
            yield Target(path, display, "permission denied: check the path's permissions")
            continue
        except OSError as exc:
            yield Target(path, display, _os_message(exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            found = False
            for file_path in _walk(path, include_hidden, also):
                key = os.path.normpath(str(file_path))
                if key in seen:
                    continue
                seen.add(key)
                found = True
                yield Target(file_path, str(file_path))
            if not found:
                yield Target(
                    path,
                    display,
                    "no markdown files (*.md, *.markdown) in this directory",
                )
            continue
        yield Target(path, display)


def _walk(root: Path, include_hidden: bool, also: Callable[[Path], bool] | None) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name not in SKIPPED_DIRECTORIES and (include_hidden or not name.startswith("."))
        )
        for name in sorted(files):
            if not include_hidden and name.startswith("."):
                continue
            path = Path(directory) / name
            if name.lower().endswith(MARKDOWN_SUFFIXES) or (also is not None and also(path)):
                yield path


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES, setting: str = "") -> str:
    """Read a file as UTF-8 text, or raise :class:`InputError` with a message a user can act on.

    Files above ``max_bytes`` are refused unread; ``setting`` names the option that raises it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("file disappeared before it could be read") from None
    except OSError as exc:
        raise InputError(_os_message(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a FIFO, socket or device): skipped")
    max_bytes = min(max_bytes, MAX_FILE_BYTES) if max_bytes > 0 else MAX_FILE_BYTES
    if info.st_size > max_bytes:
        raise _too_large(info.st_size, max_bytes, setting)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("file disappeared before it could be read") from None
    except OSError as exc:
        raise InputError(_os_message(exc)) from None
    if len(data) > max_bytes:  # it grew while being read
        raise _too_large(len(data), max_bytes, setting)
    return decode(data)


def read_stream(stream: BinaryIO, max_bytes: int = MAX_FILE_BYTES, setting: str = "") -> str:
    """Read standard input (or any stream) as UTF-8 text, at most ``max_bytes`` of it."""
    max_bytes = min(max_bytes, MAX_FILE_BYTES) if max_bytes > 0 else MAX_FILE_BYTES
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes, setting)
    return decode(data)


def _too_large(size: int, limit: int, setting: str) -> InputError:
    raise_it = f"split it, or raise {setting}" if setting else "split it"
    return InputError(
        f"file is {size / 1e6:,.1f} MB, above the {limit / 1e6:,.1f} MB limit for one "
        f"document: not checked; {raise_it}"
    )


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without a BOM); refuse binary data and invalid UTF-8 clearly."""
    if b"\x00" in data[:BINARY_PROBE] or (len(data) > BINARY_PROBE and b"\x00" in data):
        raise InputError("binary file (contains NUL bytes): not markdown, skipped")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, column {column}): "
            "save the file as UTF-8",
            line,
        ) from None


def _os_message(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied: make the file readable"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    reason = exc.strerror or exc.__class__.__name__
    return f"cannot read: {reason.lower()}"
