"""Which kind of document a template is for: a postmortem, a design doc (enhancement, RFC,
proposal) or an architecture decision record. Reviewer checks and the drafting screen both ask
here; a document without a template gets its kind from :mod:`writer.templates.detect`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

POSTMORTEM_TEMPLATES = frozenset({"postmortem", "incident", "incident-review", "post-incident"})
DESIGN_TEMPLATES = frozenset(
    {"design-doc", "design", "technical-design", "proposal", "rfc", "kep", "enhancement"}
)
ADR_TEMPLATES = frozenset({"adr", "madr", "decision-record"})


def template_kind(name: str | None, spec: TemplateSpec | None = None) -> str | None:
    """``postmortem``, ``design``, ``adr`` or None for a template (its ``kind`` key, else its
    name, else the sections it has)."""
    if spec is not None and spec.kind:
        return spec.kind
    ids = {name or ""}
    if spec is not None:
        ids.add(spec.id)
    if ids & POSTMORTEM_TEMPLATES:
        return "postmortem"
    if ids & DESIGN_TEMPLATES:
        return "design"
    if ids & ADR_TEMPLATES:
        return "adr"
    if spec is not None:
        if spec.section("timeline") is not None and spec.section("action-items") is not None:
            return "postmortem"
        if spec.section("goals") is not None and spec.section("alternatives") is not None:
            return "design"
    return None
