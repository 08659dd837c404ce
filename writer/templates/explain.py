"""``writer lint --explain-template``: what kind of document writer took a file for, which
template it chose and why, and how each of the template's sections was matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from writer.templates.matching import TemplateMatcher, Tier, match_template
from writer.templates.resolved import ResolvedTemplate
from writer.templates.roles import ROLES_BY_KIND, find_regions

if TYPE_CHECKING:
    from writer.model.document import Document

_CERTAINTY = {
    "configured": "named by you (config, front matter or --template): required sections are "
    "required",
    "evidence": "proved by the document's own markers: required sections are required",
    "headings": "recognised from headings only: missing sections are not demanded",
    "none": "no template",
}


def explain(
    document: Document, resolved: ResolvedTemplate, matcher: TemplateMatcher | None = None
) -> list[str]:
    """Lines that say what was decided, the evidence, and each section's match."""
    kind = resolved.kind or "none (not a postmortem, design doc or decision record)"
    lines = [
        f"kind: {kind}" + (f" ({resolved.confidence:.0%} sure)" if resolved.kind else ""),
        f"template: {resolved.name or 'none'} ({_CERTAINTY.get(resolved.certainty, '')})",
        f"decided: {resolved.reason}",
    ]
    if resolved.notice:
        lines.append(f"note: {resolved.notice}")
    if resolved.evidence:
        lines.append("evidence:")
        lines += [f"  - {line}" for line in resolved.evidence]
    if resolved.kind in ROLES_BY_KIND:
        regions = matcher.regions(document, resolved.kind) if matcher else None
        regions = regions if regions is not None else find_regions(document, resolved.kind)
        lines.append(f"sections by role ({resolved.kind}):")
        for role in ROLES_BY_KIND[resolved.kind]:
            region = regions.get(role)
            where = (
                f"line {region.line}, {region.form} '{region.title}'"
                if region is not None
                else "not found"
            )
            lines.append(f"  {role:<22} {where}")
    spec = resolved.spec
    if spec is not None:
        matched = match_template(document, spec, matcher=matcher)
        found = {m.spec.id: m for m in matched.matches}
        lines.append(f"template sections ({spec.id}, {matched.confidence:.0%} matched):")
        for section in spec.sections:
            match = found.get(section.id)
            need = "required" if section.required else "optional"
            if match is None:
                state = "missing"
            else:
                how = {
                    Tier.EXACT: "exact title",
                    Tier.NORMALISED: "same words",
                    Tier.ALIAS: "an alias",
                    Tier.FUZZY: f"{match.score:.0f}% similar",
                }[match.tier]
                order = "" if match.in_order else ", out of order"
                state = f"line {match.section.line} '{match.section.title}' ({how}{order})"
            lines.append(f"  {section.title[:48]:<48} {need:<8} {state}")
    return lines
