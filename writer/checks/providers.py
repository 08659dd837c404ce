"""Which reviewer checks apply to a document: postmortem checks for postmortems, design-doc
checks for design docs (and for RFCs and KEPs, minus the sections those formats do not have)."""

from __future__ import annotations

from typing import Any

from writer.checks.base import Checker

POSTMORTEM_TEMPLATES = frozenset({"postmortem", "incident", "incident-review", "post-incident"})
DESIGN_TEMPLATES = frozenset({"design-doc", "design", "technical-design", "proposal"})
# Proposals in other formats: goals, alternatives, open questions and estimates apply; they have
# no failure-modes or rollback section of their own, so those two are not required.
PROPOSAL_TEMPLATES = frozenset({"rfc", "kep", "enhancement"})


def template_kind(name: str | None, spec: Any = None) -> str | None:
    """``postmortem``, ``design``, ``proposal`` or None for a resolved template."""
    ids = {name or ""}
    spec_id = getattr(spec, "id", None)
    if isinstance(spec_id, str):
        ids.add(spec_id)
    if ids & POSTMORTEM_TEMPLATES:
        return "postmortem"
    if ids & DESIGN_TEMPLATES:
        return "design"
    if ids & PROPOSAL_TEMPLATES:
        return "proposal"
    if spec is not None and hasattr(spec, "section"):
        if spec.section("timeline") is not None and spec.section("action-items") is not None:
            return "postmortem"
        if spec.section("goals") is not None and spec.section("alternatives") is not None:
            return "design"
    return None


def reviewer_checkers(name: str | None, spec: Any = None) -> list[Checker]:
    """The reviewer checks for a resolved template; every one of them when ``name`` is ``*``.

    Each family is imported only when a document needs it: their patterns take a while to
    compile, and ``writer lint`` on one file pays for every import.
    """
    kind = "all" if name == "*" else template_kind(name, spec)
    checkers: list[Checker] = []
    if kind in ("all", "postmortem"):
        from writer.checks.postmortem.checkers import postmortem_checkers

        checkers.extend(postmortem_checkers())
    if kind in ("all", "design", "proposal"):
        from writer.checks.design.checkers import design_checkers

        checkers.extend(design_checkers(presence=kind != "proposal"))
    return checkers
