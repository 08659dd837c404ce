"""A document's metadata as written: its YAML front matter, or the metadata file beside it (a
KEP's ``kep.yaml``), read key by key with the line of each key and value, and every key given
twice; and the document's status, wherever it is stated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from writer.model.document import Document

if TYPE_CHECKING:
    from writer.templates.sidecar import Sidecar


@dataclass(frozen=True)
class Entry:
    """One value: its key path (``("milestone", "beta")``; a list item adds its index), the
    line of its key and of its value, and the value (a string, or None when empty)."""

    path: tuple[str, ...]
    line: int
    value: str | None
    value_line: int
    empty_collection: bool = False  # ``reviewers: []``

    @property
    def key(self) -> str:
        names = [part for part in self.path if not part.isdigit()]
        return names[-1] if names else ""


@dataclass(frozen=True)
class Duplicate:
    key: str
    line: int
    first_line: int


@dataclass(frozen=True)
class Metadata:
    """The metadata of one source: where it is (``front matter`` or a file name), its entries,
    its duplicate keys, and why it could not be read (``error``)."""

    where: str
    entries: tuple[Entry, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    error: str | None = None
    in_document: bool = True  # lines are the document's own (front matter) or the file's

    def value(self, key: str) -> Entry | None:
        """The top-level entry for ``key`` (case-insensitive), or None; the last one when the
        key is given twice, as YAML readers keep the last."""
        wanted = key.lower()
        found = [entry for entry in self.entries if entry.path and entry.path[0].lower() == wanted]
        if not found:
            return None
        last_key_line = found[-1].line
        return next(entry for entry in found if entry.line == last_key_line)

    def top_keys(self) -> set[str]:
        return {entry.path[0].lower() for entry in self.entries if entry.path}


def front_matter(document: Document) -> Metadata | None:
    """The document's YAML front matter, key by key (lines are the document's)."""
    front = document.front_matter
    if front is None or not front.raw.strip():
        return None
    if document.text.startswith("+++"):
        return None  # TOML front matter: its keys cannot be given twice without an error
    return read_yaml(front.raw, "front matter", offset=front.start_line)


def sidecar_metadata(sidecar: Sidecar) -> Metadata:
    return read_yaml(sidecar.text, sidecar.name, offset=0, in_document=False)


def read_yaml(text: str, where: str, *, offset: int = 0, in_document: bool = True) -> Metadata:
    """Entries and duplicate keys of a YAML mapping; ``offset`` is added to its line numbers."""
    import yaml

    from writer.infra.safe_yaml import load_yaml
    from writer.infra.yaml_errors import yaml_problem

    try:
        _, node = load_yaml(text)
    except yaml.YAMLError as exc:
        problem, _ = yaml_problem(exc)
        return Metadata(where, error=f"not valid YAML: {problem}", in_document=in_document)
    except (ValueError, RecursionError):
        return Metadata(where, error="not valid YAML", in_document=in_document)
    if not isinstance(node, yaml.MappingNode):
        return Metadata(where, in_document=in_document)
    entries: list[Entry] = []
    duplicates: list[Duplicate] = []
    _walk(node, (), offset, entries, duplicates, 0)
    return Metadata(where, tuple(entries), tuple(duplicates), None, in_document)


MAX_DEPTH = 8


def _walk(
    node: Any,
    path: tuple[str, ...],
    offset: int,
    entries: list[Entry],
    duplicates: list[Duplicate],
    depth: int,
) -> None:
    import yaml

    if depth > MAX_DEPTH:
        return
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(getattr(key_node, "value", ""))
            line = key_node.start_mark.line + 1 + offset
            if key in seen:
                duplicates.append(Duplicate(".".join((*path, key)), line, seen[key]))
            else:
                seen[key] = line
            _value(value_node, (*path, key), line, offset, entries, duplicates, depth)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            line = item.start_mark.line + 1 + offset
            _value(item, (*path, str(index)), line, offset, entries, duplicates, depth)


def _value(
    node: Any,
    path: tuple[str, ...],
    line: int,
    offset: int,
    entries: list[Entry],
    duplicates: list[Duplicate],
    depth: int,
) -> None:
    import yaml

    value_line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        empty = node.tag.endswith(":null") or (node.value == "" and node.style is None)
        entries.append(Entry(path, line, None if empty else str(node.value), value_line))
    elif isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if not node.value:
            entries.append(Entry(path, line, None, value_line, empty_collection=True))
        _walk(node, path, offset, entries, duplicates, depth + 1)


_STATUS_LINE = re.compile(r"(?im)^\W*status\W*[:|]\s*\**\s*([A-Za-z][\w -]*)")


@dataclass(frozen=True)
class Stated:
    """A value the document states, and where: ``front matter`` line 3, ``kep.yaml`` line 9."""

    value: str
    where: str
    line: int
    in_document: bool = True

    def place(self) -> str:
        return f"{self.where} line {self.line}" if not self.in_document else f"line {self.line}"


def stated(sources: Iterator[Metadata] | tuple[Metadata, ...], key: str) -> Stated | None:
    """The first source's value for ``key`` (a top-level key, case-insensitive)."""
    for source in sources:
        entry = source.value(key)
        if entry is not None and entry.value:
            return Stated(entry.value.strip(), source.where, entry.line, source.in_document)
    return None


def status_line(document: Document) -> Stated | None:
    """A 'Status:' line or table row before the document's second heading."""
    headings = document.headings
    last = headings[1].line - 1 if len(headings) > 1 else min(document.index.line_count, 40)
    for number in range(1, last + 1):
        if number in document.code_lines:
            continue
        found = _STATUS_LINE.match(document.line_text(number))
        if found is not None:
            return Stated(found.group(1).strip(), "the document", number)
    return None
