"""Stamps of files and folders (path, size, modification time), and of writer's own code, bundled
data and the libraries it reads text with: a cache keyed with them is not read after any of
them changes."""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from writer.infra.data import data_dir

_FILES_PER_FOLDER = 5000  # a folder named as a style or template path is walked at most so far
_LIBRARIES = ("markdown_it", "regex", "rapidfuzz", "yaml")


def stamp(path: Path) -> str:
    try:
        info = path.stat()
    except OSError:
        return f"{path} -"
    return f"{path} {info.st_size} {info.st_mtime_ns}"


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, in a stable order, at most :data:`_FILES_PER_FOLDER`."""
    count = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            count += 1
            if count > _FILES_PER_FOLDER:
                yield Path(root) / "..."  # more than that: the folder counts by its listing
                return
            yield Path(root) / name


def folders_stamp(folders: Iterable[Path]) -> str:
    lines: list[str] = []
    for folder in folders:
        if folder.is_dir():
            lines.extend(stamp(path) for path in _walk(folder))
        else:
            lines.append(stamp(folder))
    return "\n".join(lines)


@functools.lru_cache(maxsize=1)
def code_stamp() -> str:
    """writer's own code and bundled data, and the libraries it reads text with."""
    import writer

    package = Path(writer.__file__).resolve().parent
    folders = [package, *(data_dir(name) for name in ("templates", "styleguides", "dictionaries"))]
    libraries = []
    for name in _LIBRARIES:
        libraries.append(library_stamp(name))
    return folders_stamp(folders) + "\n" + "\n".join(libraries)


def library_stamp(name: str) -> str:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        return f"{name} absent"
    return f"{name} {stamp(Path(spec.origin))}"
