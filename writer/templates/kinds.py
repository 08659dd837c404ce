"""Which kind of document a resolved template makes it: a postmortem, a design doc, or a proposal
in another format (an RFC, a KEP). Reviewer checks and the drafting screen both ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

POSTMORTEM_TEMPLATES = frozenset({"postmortem", "incident", "incident-review", "post-incident"})
DESIGN_TEMPLATES = frozenset({"design-doc", "design", "technical-design", "proposal"})
# Proposals in other formats: goals, alternatives, open questions and estimates apply; they have
# no failure-modes or rollback section of their own, so those two are not required.
PROPOSAL_TEMPLATES = frozenset({"rfc", "kep", "enhancement"})


def template_kind(name: str | None, spec: TemplateSpec | None = None) -> str | None:
    """``postmortem``, ``design``, ``proposal`` or None for a resolved template."""
    ids = {name or ""}
    if spec is not None:
        ids.add(spec.id)
    if ids & POSTMORTEM_TEMPLATES:
        return "postmortem"
    if ids & DESIGN_TEMPLATES:
        return "design"
    if ids & PROPOSAL_TEMPLATES:
        return "proposal"
    if spec is not None:
        if spec.section("timeline") is not None and spec.section("action-items") is not None:
            return "postmortem"
        if spec.section("goals") is not None and spec.section("alternatives") is not None:
            return "design"
    return None
