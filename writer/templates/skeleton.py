"""Render a template as a markdown skeleton: front matter, headings, guidance and bodies."""

from __future__ import annotations

from writer.templates.spec import TemplateSpec


def render_skeleton(spec: TemplateSpec, *, title: str | None = None, guidance: bool = True) -> str:
    """A new document for ``spec``: every section in order, guidance in HTML comments.

    The guidance comments are invisible once rendered and never count as content, so a section
    whose skeleton text was deleted without being replaced is still reported as empty.
    """
    lines = ["---", f"template: {spec.id}"]
    for field in spec.metadata:
        lines.append(f"{field.key}:")
    lines += ["---", "", f"# {title or spec.title_pattern or spec.title}", ""]
    for section in spec.sections:
        lines += [f"{'#' * section.level} {section.title}", ""]
        if guidance and section.guidance:
            lines += [f"<!-- {section.guidance} -->", ""]
        if section.skeleton:
            lines += [section.skeleton.rstrip(), ""]
    return "\n".join(lines).rstrip() + "\n"
