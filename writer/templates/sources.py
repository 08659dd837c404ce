"""The template files a document was copied from, found in its repository.

Teams keep the template they copy beside their documents: ``0000-template.md`` at the top of an
RFC repository, ``keps/NNNN-kep-template/README.md``, ``TEMPLATE.md`` or ``PMyyyy-nnn -
Postmortem template.md`` in the documents' own folder. A template spec may name its files
(``sources:``, relative to the spec's folder, or to the document's folder or a folder above it);
besides those, files whose name says they are a template are looked for in the document's folder
and the folders above it, up to the top of its repository. A file found is kept only when it
shares headings with the document, so a design doc *about* templates is not taken for one.

Their whole text, the guidance in HTML comments included, is what a document is compared with
to find the template's own text left in it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from writer.model.document import Document, parse
from writer.model.headings import normalise

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

MAX_LEVELS = 4  # folders above the document's own that are searched
MAX_SOURCES = 4  # template files kept for one document
MAX_BYTES = 1_000_000  # a template file larger than this is not read
MIN_SHARED_HEADINGS = 3  # headings a found file must share with the document
_SUFFIXES = (".md", ".markdown")
# "template" as a word of a file's name: 0000-template.md, TEMPLATE.md, adr-template.md.
_TEMPLATE_NAME = re.compile(r"(?i)(?:^|[\W_])templates?(?:[\W_]|$)")
# A folder holding a template as its README: NNNN-kep-template, 0000-cloud-provider-template.
_TEMPLATE_FOLDER = re.compile(r"(?i)^(?:templates?|(?:n{3,}|x{3,}|0{3,}|y{3,})\b.*\btemplates?)$")


@dataclass(frozen=True)
class SourceTemplate:
    """A template file and its parsed text."""

    path: Path
    document: Document


def find_sources(
    document: Document,
    path: Path | None,
    spec: TemplateSpec | None = None,
    max_bytes: int = MAX_BYTES,
) -> tuple[SourceTemplate, ...]:
    """The template files ``document`` (read from ``path``) was likely copied from, surest
    first."""
    if path is None:
        return ()
    try:
        document_path = path.resolve()
    except OSError:
        return ()
    folders = list(_folders(document_path.parent))
    named: list[Path] = []
    if spec is not None and spec.sources:
        bases = [] if _is_bundled(spec) else [Path(spec.path).parent]
        for source in spec.sources:
            if Path(source).suffix.lower() not in _SUFFIXES:
                continue
            named.extend(base / source for base in (*bases, *folders))
    found = [*named, *(file for folder in folders for file in _template_files(folder))]
    wanted = {normalise(section.title) for section in document.headings}
    out: list[SourceTemplate] = []
    seen: set[Path] = set()
    for candidate in found:
        try:
            resolved = candidate.resolve()
        except OSError:
            continue
        if resolved == document_path or resolved in seen or not resolved.is_file():
            continue
        seen.add(resolved)
        parsed = _parsed(resolved, max_bytes)
        if parsed is None:
            continue
        if candidate not in named:
            shared = wanted & {normalise(section.title) for section in parsed.headings}
            if len(shared) < MIN_SHARED_HEADINGS:
                continue
        out.append(SourceTemplate(resolved, parsed))
        if len(out) >= MAX_SOURCES:
            break
    return tuple(out)


def _is_bundled(spec: TemplateSpec) -> bool:
    from writer.infra.data import data_dir

    try:
        return Path(spec.path).resolve().parent == data_dir("templates").resolve()
    except OSError:
        return True


def _folders(start: Path) -> Iterator[Path]:
    """The document's folder and those above it, up to the repository's top (a ``.git``)."""
    folder = start
    for _ in range(MAX_LEVELS + 1):
        yield folder
        if (folder / ".git").exists() or folder.parent == folder:
            return
        folder = folder.parent


def _template_files(folder: Path) -> list[Path]:
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return []
    return [Path(name) for name in _listing(str(folder), stamp)]


@functools.lru_cache(maxsize=256)
def _listing(folder: str, stamp: int) -> tuple[str, ...]:
    """Template files in one folder: named as templates, or the README of a template folder."""
    files: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda item: item.name):
                if entry.name.startswith("."):
                    continue
                if entry.is_file() and entry.name.lower().endswith(_SUFFIXES):
                    stem = entry.name.rsplit(".", 1)[0]
                    if _TEMPLATE_NAME.search(stem):
                        files.append(entry.path)
                elif entry.is_dir() and _TEMPLATE_FOLDER.match(entry.name):
                    for name in ("README.md", "index.md", "template.md"):
                        inner = os.path.join(entry.path, name)
                        if os.path.isfile(inner):
                            files.append(inner)
                            break
    except OSError:
        return ()
    return tuple(files)


def _parsed(path: Path, max_bytes: int) -> Document | None:
    try:
        info = path.stat()
    except OSError:
        return None
    if info.st_size > max_bytes:
        return None
    return _parse_cached(str(path), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=32)
def _parse_cached(path: str, stamp: int, size: int) -> Document | None:
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return parse(text, path)
