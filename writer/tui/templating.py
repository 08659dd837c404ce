"""Templates as the TUI sees them: sections with guidance, metadata fields, a new draft's text.

Thin glue over :mod:`writer.templates`; nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

# The metadata every draft's form offers when the template declares none.
DEFAULT_METADATA = ("title", "authors", "status", "severity", "date")


@dataclass(frozen=True)
class TemplateInfo:
    """One template: its name, what it is for, its sections and metadata fields."""

    name: str
    title: str
    description: str = ""
    sections: tuple[Any, ...] = ()  # writer.templates.SectionSpec
    metadata: tuple[str, ...] = DEFAULT_METADATA
    spec: Any = field(default=None, compare=False)

    @property
    def is_postmortem(self) -> bool:
        return "postmortem" in self.name or "incident" in self.name


class TemplateNotFound(LookupError):
    """No template by that name; ``str()`` lists what there is."""


def _text(value: object) -> str:
    return "" if value is None else str(value)


def info_from_spec(name: str, spec: Any) -> TemplateInfo:
    sections = tuple(getattr(spec, "sections", ()) or ())
    fields: list[str] = []
    for item in getattr(spec, "metadata", ()) or ():
        key = item if isinstance(item, str) else getattr(item, "key", None)
        key = key or getattr(item, "name", None) or getattr(item, "id", None)
        if key:
            fields.append(str(key))
    for default in DEFAULT_METADATA:
        if default not in fields:
            fields.append(default)
    return TemplateInfo(
        name=_text(getattr(spec, "id", None) or getattr(spec, "name", None) or name),
        title=_text(getattr(spec, "title", None) or name),
        description=" ".join(_text(getattr(spec, "description", "")).split()),
        sections=sections,
        metadata=tuple(fields),
        spec=spec,
    )


def available_templates() -> list[TemplateInfo]:
    """Every template writer can find (bundled ones first), for the picker."""
    from writer import templates

    bundled = templates.bundled_templates()
    items: list[TemplateInfo] = []
    values = bundled.items() if isinstance(bundled, Mapping) else ((None, s) for s in bundled)
    for key, spec in values:
        items.append(info_from_spec(_text(key or getattr(spec, "id", "")), spec))
    return items


def load_info(name: str) -> TemplateInfo:
    """The template ``name`` (a bundled name or a spec file); :class:`TemplateNotFound` if none."""
    from writer import templates

    try:
        spec = templates.load_template(name)
    except Exception as exc:  # the loader's own error says what is wrong
        names = ", ".join(t.name for t in available_templates())
        message = str(exc) or f"no template named {name!r}"
        if names and "available" not in message:
            message += f" (available: {names})"
        raise TemplateNotFound(message) from None
    return info_from_spec(name, spec)


def section_heading(spec: Any, default_level: int = 2) -> str:
    level = int(getattr(spec, "level", None) or default_level)
    return "#" * level + " " + _text(getattr(spec, "title", "Section"))


def new_document(info: TemplateInfo, today: dt.date, title: str = "") -> tuple[str, int]:
    """A new draft for ``info``: front matter, a title, every section's heading.

    Returns the text and the 0-based line where the cursor starts (in the first section's
    body). Section bodies start empty; their guidance is shown beside the editor instead.
    """
    metadata: dict[str, Any] = {}
    for key in info.metadata:
        if key == "date":
            metadata[key] = today.isoformat()
        elif key == "status":
            metadata[key] = "draft"
        elif key == "authors":
            metadata[key] = []
        elif key == "title":
            metadata[key] = title
        else:
            metadata[key] = ""
    front = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True, width=1000)
    lines = ["---", *front.rstrip("\n").split("\n"), "---", ""]
    lines.append(f"# {title or info.title}")
    lines.append("")
    cursor = -1
    sections: Sequence[Any] = info.sections
    for spec in sections:
        lines.append(section_heading(spec))
        lines.append("")
        if cursor < 0:
            cursor = len(lines)
        lines.append("")
        lines.append("")
    if cursor < 0:
        cursor = len(lines)
        lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text, min(cursor, text.count("\n"))
