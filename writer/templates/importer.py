"""Derive a template spec from a markdown template a team already has.

Headings become sections (levels kept; the single top heading is the document's title).
"(Optional)" / "[optional]" markers, and MADR's "This is an optional element" comment before a
heading, make a section optional. HTML comments under a heading become its guidance; visible
text under it becomes its skeleton. Front matter keys and bold labels (``**Owner:**``) or
``- Label:`` lines before the first section become metadata fields.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from writer.model.document import Document, Section
from writer.model.headings import normalise
from writer.templates.spec import slugify

_OPTIONAL_MARKER = re.compile(r"\s*[\(\[]\s*optional\s*[\)\]]\s*", re.IGNORECASE)
_OPTIONAL_COMMENT = re.compile(r"optional (?:element|section)", re.IGNORECASE)
_LABEL = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?P<label>[A-Z][\w /-]{1,40}?)[ \t]*"
    r"(?:(?:\*\*|__)[ \t]*:|:[ \t]*(?:\*\*|__)|:)[ \t]*\S",
    re.MULTILINE,
)
_COMMENT = re.compile(r"<!--([\s\S]*?)-->")
MAX_GUIDANCE_SENTENCES = 3
MAX_SKELETON_CHARS = 600


def derive_spec(document: Document, template_id: str) -> dict[str, Any]:
    headings = document.headings
    top = [s for s in headings if s.level == 1]
    title_section = top[0] if len(top) == 1 else None
    sections: list[dict[str, Any]] = []
    used: set[str] = set()
    optional_next = False
    title = title_section.title if title_section is not None else template_id
    for section in headings:
        if section is title_section:
            optional_next = _ends_with_optional_comment(document, section)
            continue
        raw = section.title
        optional = bool(_OPTIONAL_MARKER.search(raw)) or optional_next
        clean = _OPTIONAL_MARKER.sub(" ", raw).strip() or raw.strip()
        base = slugify(clean)
        section_id = base
        number = 2
        while section_id in used:
            section_id = f"{base}-{number}"
            number += 1
        used.add(section_id)
        entry: dict[str, Any] = {"id": section_id, "title": clean, "level": section.level}
        if optional:
            entry["required"] = False
        guidance = _guidance(document, section)
        if guidance:
            entry["guidance"] = guidance
        skeleton = _skeleton(document, section)
        if skeleton:
            entry["skeleton"] = skeleton
        sections.append(entry)
        optional_next = _ends_with_optional_comment(document, section)
    spec: dict[str, Any] = {
        "id": template_id,
        "title": title,
        "description": f"Imported from {Path(document.path or template_id).name}.",
        "version": "1",
    }
    if title_section is not None:
        spec["title_pattern"] = title_section.title
    metadata = _metadata(document, title_section, headings)
    if metadata:
        spec["metadata"] = metadata
    spec["sections"] = sections
    return spec


def _own_lines(document: Document, section: Section) -> tuple[int, int]:
    return section.body_start_line, section.body_end_line


def _own_text(document: Document, section: Section) -> str:
    first, last = _own_lines(document, section)
    if last < first:
        return ""
    start = document.index.offset(first)
    end = document.index.line_span(last)[1]
    return document.text[start:end]


def _ends_with_optional_comment(document: Document, section: Section) -> bool:
    """MADR marks the next heading optional with a comment just before it."""
    body = _own_text(document, section).rstrip()
    comments = list(_COMMENT.finditer(body))
    if not comments or body[comments[-1].end() :].strip():
        return False
    return bool(_OPTIONAL_COMMENT.search(comments[-1].group(1)))


def _guidance(document: Document, section: Section) -> str:
    body = _own_text(document, section)
    texts = []
    for found in _COMMENT.finditer(body):
        comment = found.group(1).strip()
        if not comment or (_OPTIONAL_COMMENT.search(comment) and len(comment) < 80):
            continue
        texts.append(comment)
    if not texts:
        return ""
    prose = " ".join(" ".join(texts).split())
    prose = re.sub(r"\[([^\]]+)\]\[[^\]]*\]|\[([^\]]+)\]\([^)]*\)", r"\1\2", prose)
    sentences = re.findall(r"[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$", prose)
    return " ".join(s.strip() for s in sentences[:MAX_GUIDANCE_SENTENCES]).strip()


def _skeleton(document: Document, section: Section) -> str:
    body = _COMMENT.sub("", _own_text(document, section))
    lines = [line.rstrip() for line in body.split("\n")]
    kept = [line for line in lines if not re.match(r"^\s*\[[^\]]+\]:\s*\S", line)]
    text = "\n".join(kept).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if len(text) > MAX_SKELETON_CHARS:
        text = text[:MAX_SKELETON_CHARS].rsplit("\n", 1)[0].rstrip()
    return text


def _metadata(
    document: Document, title_section: Section | None, headings: list[Section]
) -> list[dict[str, Any]]:
    fields: list[dict[str, Any]] = []
    seen: set[str] = set()
    front = document.front_matter
    if front is not None and front.data:
        optional = "optional" in front.raw.lower()
        for key in front.data:
            if key.lower() in seen or key == "template":
                continue
            seen.add(key.lower())
            entry: dict[str, Any] = {"key": key, "label": key.replace("_", " ").capitalize()}
            if optional:
                entry["required"] = False
            fields.append(entry)
    # Labels before the first section (under the title, or at the very top).
    first_section = next((s for s in headings if s is not title_section), None)
    last_line = first_section.line - 1 if first_section is not None else document.index.line_count
    first_line = front.end_line + 1 if front is not None else 1
    if last_line >= first_line:
        start = document.index.offset(first_line)
        end = document.index.line_span(last_line)[1]
        region = _COMMENT.sub("", document.text[start:end])
        for found in _LABEL.finditer(region):
            label = found.group("label").strip()
            key = normalise(label).replace(" ", "_")
            if not key or key in seen:
                continue
            seen.add(key)
            fields.append({"key": key, "label": label})
    return fields


def dump_spec(spec: dict[str, Any]) -> str:
    """YAML text for a spec, keys in the order readers expect."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(spec, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
