"""Templates as the TUI sees them: sections with guidance, metadata fields, a new draft's text.

Thin glue over :mod:`writer.templates`; nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from writer import templates
from writer.errors import WriterError
from writer.templates import SectionSpec, TemplateSpec

# Fields the metadata form always offers; "title" is the document's first heading. A template
# adds its own (a postmortem's severity): a design doc is never asked for one.
DEFAULT_METADATA = ("title", "authors", "status", "date")


@dataclass(frozen=True)
class TemplateInfo:
    """One template: its name, what it is for, its sections and metadata fields."""

    name: str
    title: str
    description: str = ""
    sections: tuple[SectionSpec, ...] = ()
    metadata: tuple[str, ...] = DEFAULT_METADATA
    spec: TemplateSpec | None = field(default=None, compare=False)
    source: str = ""  # the name or spec path it was loaded from

    @property
    def is_postmortem(self) -> bool:
        return "postmortem" in self.name or "incident" in self.name


class TemplateNotFound(WriterError, LookupError):
    """No template by that name; ``str()`` says what there is."""


def info_from_spec(spec: TemplateSpec, source: str = "") -> TemplateInfo:
    fields = ["title"] + [item.key for item in spec.metadata if item.key != "title"]
    for default in DEFAULT_METADATA:
        if default not in fields:
            fields.append(default)
    return TemplateInfo(
        name=spec.id,
        title=spec.title,
        description=" ".join(spec.description.split()),
        sections=tuple(spec.sections),
        metadata=tuple(fields),
        spec=spec,
        source=source or spec.id,
    )


def available_templates() -> list[TemplateInfo]:
    """Every template writer can find, for the picker."""
    return [info_from_spec(spec) for spec in templates.available_templates()]


def load_info(name: str) -> TemplateInfo:
    """The template ``name`` (a bundled name or a spec file); :class:`TemplateNotFound` if none."""
    try:
        spec = templates.load_template(name)
    except templates.TemplateError as exc:
        raise TemplateNotFound(str(exc)) from None
    return info_from_spec(spec, name)


def section_heading(spec: Any, default_level: int = 2) -> str:
    level = int(getattr(spec, "level", None) or default_level)
    return "#" * level + " " + str(getattr(spec, "title", "Section"))


def first_heading(info: TemplateInfo, title: str = "") -> str:
    """The draft's title line: the metadata title, or the template's title pattern."""
    if title:
        return f"# {title}"
    pattern = info.spec.title_pattern if info.spec is not None else ""
    return f"# {pattern or info.title}"


def new_document(info: TemplateInfo, today: dt.date, title: str = "") -> tuple[str, int]:
    """A new draft for ``info``: front matter, a title, every section's heading.

    Returns the text and the 0-based line where the cursor starts (in the first section's
    body). Section bodies start empty; their guidance is shown above the editor instead.
    """
    metadata: dict[str, Any] = {"template": info.source or info.name}
    for key in info.metadata:
        if key == "title":
            continue
        if key == "date":
            metadata[key] = today.isoformat()
        elif key == "status":
            metadata[key] = "draft"
        elif key == "authors":
            metadata[key] = []
        else:
            metadata[key] = ""
    lines: list[str] = []
    if metadata:
        front = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=1000)
        lines += ["---", *front.rstrip("\n").split("\n"), "---", ""]
    lines += [first_heading(info, title), ""]
    cursor = -1
    for spec in info.sections:
        lines.append(section_heading(spec))
        lines.append("")
        if cursor < 0:
            cursor = len(lines)
        lines += ["", ""]
    if cursor < 0:
        cursor = len(lines)
        lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text, min(cursor, text.count("\n"))


_H1 = re.compile(r"^# +(.*?)[ #]*$", re.MULTILINE)


def document_title(text: str) -> tuple[str, tuple[int, int] | None]:
    """The first level-1 heading's text and the span of that text in ``text``."""
    match = _H1.search(text)
    if match is None:
        return "", None
    return match.group(1), match.span(1)
