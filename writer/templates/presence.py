"""Whether a template's sections are in a document in any form: under their title, an alias or a
slightly other wording, with a qualifier, nested at another level, out of order, as a bold label
or bullet field, or found by the role they play. Missing means missing in every one of these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from writer.model.document import Document
from writer.templates.kinds import template_kind
from writer.templates.matching import TemplateMatch
from writer.templates.roles import ROLES_BY_KIND, SECTION_ROLES, find_regions, labels, role_title
from writer.templates.spec import TemplateSpec

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher


def present_in_any_form(
    document: Document,
    spec: TemplateSpec,
    matched: TemplateMatch,
    kind: str | None,
    matcher: TemplateMatcher | None,
) -> set[str]:
    """Ids of the spec's sections the template match missed but the document has in another
    form: under a qualified or nested heading, as a bold label or bullet field, or found by
    the role the section plays."""
    found: set[str] = set()
    names: dict[str, set[str]] = {
        section.id: {role_title(name) for name in section.names} for section in spec.sections
    }
    written = [(role_title(section.title), section.line) for section in document.headings]
    written += [(role_title(label), line) for line, label in labels(document)]
    # A heading for two sections at once stands for each: "Goals/Non-Goals".
    written += [
        (role_title(part), section.line)
        for section in document.headings
        if section.title.count("/") == 1 and " / " not in section.title
        for part in section.title.split("/")
    ]
    titles = {title for title, _line in written if title}
    long_titles = [title for title in titles if title.count(" ") >= 3]
    for section in spec.sections:
        if names[section.id] & titles or (
            long_titles and _close_enough(names[section.id], long_titles)
        ):
            found.add(section.id)
    vocabulary = kind or template_kind(spec.id, spec)
    if vocabulary in ROLES_BY_KIND:
        regions = (
            matcher.regions(document, vocabulary)
            if matcher is not None
            else find_regions(document, vocabulary)
        )
        for section in spec.sections:
            role = SECTION_ROLES.get(section.id, section.id)
            region = regions.get(role)
            if region is not None and region.form != "untitled":
                found.add(section.id)
    return found


def _close_enough(names: set[str], titles: list[str]) -> bool:
    """Whether a long title (a question, say) is written in a slightly other wording, as older
    versions of a template put it ("How can a rollout fail?" for "How can a rollout or
    rollback fail?"), or cut short at its end."""
    from rapidfuzz import fuzz, process

    for name in names:
        if name.count(" ") < 3:
            continue
        if process.extractOne(name, titles, scorer=fuzz.ratio, score_cutoff=85.0) is not None:
            return True
        # The question cut short ("... increasing time taken by any operations?" for "... by
        # any operations covered by existing SLIs/SLOs?"): most of its words, as it starts.
        if any(
            title.count(" ") >= 5 and name.startswith(title + " ") and len(title) >= 0.6 * len(name)
            for title in titles
        ):
            return True
    return False


def share_present(
    document: Document,
    spec: TemplateSpec,
    matched: TemplateMatch,
    kind: str | None = None,
    matcher: TemplateMatcher | None = None,
) -> float:
    """The share of the spec's required sections the document has in any form (0-1)."""
    required = spec.required_sections
    if not required:
        return 1.0
    found = {match.spec.id for match in matched.matches}
    found |= present_in_any_form(document, spec, matched, kind, matcher)
    return sum(1 for section in required if section.id in found) / len(required)
