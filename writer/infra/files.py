"""Finding markdown files under the paths a user names, and reading them safely."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from writer.errors import InputError
from writer.infra.tree import outside, project_root

MARKDOWN_SUFFIXES = (".md", ".markdown")
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".nox"}
)
BINARY_PROBE = 8192
# Larger files are read, but never more than this many bytes (a clear error instead).
MAX_FILE_BYTES = 256 * 1024 * 1024
# Configs (.writer.toml, pyproject.toml, .vale.ini, .pre-commit-config.yaml) are a few KB.
MAX_CONFIG_BYTES = 1_000_000


@dataclass(frozen=True)
class Target:
    """One file to lint, or one path that produced an error instead."""

    path: Path
    display: str
    error: str | None = None
    root: Path | None = None  # the project it was found in: reads and writes stay inside it


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
        root = project_root(path)
        if stat.S_ISDIR(info.st_mode):
            found = False
            for file_path in _walk(path, include_hidden, also):
                key = os.path.normpath(str(file_path))
                if key in seen:
                    continue
                seen.add(key)
                found = True
                yield Target(file_path, str(file_path), root=root)
            if not found:
                yield Target(
                    path,
                    display,
                    "no markdown files (*.md, *.markdown) in this directory",
                )
            continue
        yield Target(path, display, root=root)


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


def check_inside(path: Path, root: Path | None) -> None:
    """Raise :class:`InputError` when ``path`` is a link that leads outside ``root``."""
    if root is None:
        return
    real = outside(path, root)
    if real is not None:
        raise InputError(
            f"a symbolic link to {real}, outside {root}: not read (name the file itself if "
            "you mean it)"
        )


def read_text(
    path: Path, max_bytes: int = MAX_FILE_BYTES, setting: str = "", kind: str = "document"
) -> str:
    """Read a file as UTF-8 text, or raise :class:`InputError` with a message a user can act on.

    Files above ``max_bytes`` are refused unread; ``setting`` names the option that raises it,
    ``kind`` what the file is for (a document, a config file, a template)."""
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
        raise _too_large(info.st_size, max_bytes, setting, kind)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("file disappeared before it could be read") from None
    except OSError as exc:
        raise InputError(_os_message(exc)) from None
    if len(data) > max_bytes:  # it grew while being read
        raise _too_large(len(data), max_bytes, setting, kind)
    return decode(data)


def read_stream(stream: BinaryIO, max_bytes: int = MAX_FILE_BYTES, setting: str = "") -> str:
    """Read standard input (or any stream) as UTF-8 text, at most ``max_bytes`` of it."""
    max_bytes = min(max_bytes, MAX_FILE_BYTES) if max_bytes > 0 else MAX_FILE_BYTES
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # read no further: how much more there is does not matter
        raise_it = f"split it, or raise {setting}" if setting else "split it"
        raise InputError(
            f"the text is longer than {max_bytes / 1e6:,.1f} MB ({max_bytes:,} bytes), the "
            f"limit for one document: not checked; {raise_it}"
        )
    return decode(data)


def _too_large(size: int, limit: int, setting: str, kind: str = "document") -> InputError:
    raise_it = f"split it, or raise {setting}" if setting else "split it"
    if kind != "document":
        return InputError(f"file is {describe_size(size, limit)} limit for a {kind}: not read")
    return InputError(
        f"file is {describe_size(size, limit)} limit for one document: not checked; {raise_it}"
    )


def describe_size(size: int, limit: int) -> str:
    """ "12.3 MB, above the 10.0 MB" (in bytes when megabytes would read the same)."""
    big, small = f"{size / 1e6:,.1f} MB", f"{limit / 1e6:,.1f} MB"
    if big == small:
        big, small = f"{size:,} bytes", f"{limit:,}-byte"
    return f"{big}, above the {small}"


# Byte-order marks of the encodings a text editor may save a file in instead of UTF-8.
_OTHER_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _other_encoding(data: bytes) -> str | None:
    """The encoding of text that is not UTF-8 but UTF-16 or UTF-32, with or without a BOM."""
    for mark, name in _OTHER_ENCODINGS:
        if data.startswith(mark):
            return name
    probe = data[:BINARY_PROBE]
    if len(probe) >= 4:
        even, odd = probe[0::2], probe[1::2]
        # Latin text in UTF-16 has a NUL in (nearly) every other byte, and few elsewhere.
        for nuls, other in ((even, odd), (odd, even)):
            if nuls.count(0) >= 0.9 * len(nuls) and other.count(0) <= 0.1 * len(other):
                return "UTF-16"
    return None


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without a BOM); refuse binary data and invalid UTF-8 clearly."""
    other = _other_encoding(data)
    if other is not None:
        raise InputError(f"{other} text, not UTF-8: save the file as UTF-8")
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
