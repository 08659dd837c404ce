"""Metadata kept in a file beside the document, such as a KEP's ``kep.yaml``.

A template names the file (``metadata_file:``); the file is read as text, within a size limit,
and cached while it is unchanged. Reading it is the checks' business: this module only finds it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

MAX_BYTES = 256_000  # a metadata file larger than this is not read


@dataclass(frozen=True)
class Sidecar:
    """A metadata file beside a document: its name, where it is, its text and required keys."""

    name: str
    path: Path
    text: str
    required: tuple[str, ...] = ()


def read_sidecar(spec: TemplateSpec | None, path: Path | None) -> Sidecar | None:
    """The metadata file ``spec`` names, beside the document at ``path``, or None."""
    if spec is None or spec.metadata_file is None or path is None:
        return None
    candidate = path.parent / spec.metadata_file.name
    try:
        info = candidate.stat()
    except OSError:
        return None
    if info.st_size > MAX_BYTES or not candidate.is_file():
        return None
    text = _read(str(candidate), info.st_mtime_ns, info.st_size)
    if text is None:
        return None
    return Sidecar(spec.metadata_file.name, candidate, text, spec.metadata_file.required)


@functools.lru_cache(maxsize=32)
def _read(path: str, stamp: int, size: int) -> str | None:
    try:
        return Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
