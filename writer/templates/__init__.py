"""Templates: specs of what a design doc, postmortem, ADR, RFC or KEP contains, and matching."""

from __future__ import annotations

from writer.model.headings import normalise
from writer.templates.matching import (
    SectionMatch,
    TemplateMatch,
    TemplateMatcher,
    Tier,
    find_section,
    match_sections,
    match_template,
)
from writer.templates.spec import (
    MetadataField,
    SectionSpec,
    TemplateError,
    TemplateSpec,
    available_templates,
    bundled_names,
    bundled_templates,
    data_dir,
    load_spec_file,
    load_template,
    parse_spec,
)

__all__ = [
    "MetadataField",
    "SectionMatch",
    "SectionSpec",
    "TemplateError",
    "TemplateMatch",
    "TemplateMatcher",
    "TemplateSpec",
    "Tier",
    "available_templates",
    "bundled_names",
    "bundled_templates",
    "data_dir",
    "find_section",
    "load_spec_file",
    "load_template",
    "match_sections",
    "match_template",
    "normalise",
    "parse_spec",
]
