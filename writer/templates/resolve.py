"""Which template a document is checked against, and why.

In order: ``--template NAME|PATH|auto``; the front matter's ``template:``; the config's
``[templates]`` glob mapping (to names or spec paths); the config's ``template``; then detection
by section similarity, which must reach a confidence threshold. When nothing is confident the
document is checked without a template (only the generic checks run).

:class:`TemplateResolver` does this with a :class:`TemplateMatcher` it owns, so the checks that
later ask about the document's sections reuse the match detection made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from writer.templates.matching import TemplateMatcher, Tier, match_template
from writer.templates.resolved import ResolvedTemplate
from writer.templates.spec import TemplateError, TemplateSpec, available_templates, load_template

if TYPE_CHECKING:
    from writer.model.document import Document
    from writer.settings.config import Config
    from writer.settings.options import LintOptions


DETECT_THRESHOLD = 0.5
MIN_DETECT_HEADINGS = 2
_NONE = ("none", "off", "null", "false")


class TemplateResolver:
    """Resolves documents' templates with a :class:`TemplateMatcher` of its own (or one given),
    which the caller may hand to the checks as well."""

    def __init__(self, matcher: TemplateMatcher | None = None) -> None:
        self.matcher = matcher if matcher is not None else TemplateMatcher()

    def __call__(
        self, document: Document, config: Config, options: LintOptions, path: Path | None
    ) -> ResolvedTemplate:
        return resolve_template(document, config, options, path, self.matcher)


def resolve_template(
    document: Document,
    config: Config,
    options: LintOptions,
    path: Path | None,
    matcher: TemplateMatcher | None = None,
) -> ResolvedTemplate:
    search = _search_folders(config)
    if options.template:
        return _named(
            options.template, "--template", search, config.root, document, config, matcher
        )
    front = document.front_matter.data if document.front_matter is not None else None
    if front and isinstance(front.get("template"), str) and front["template"].strip():
        value = front["template"].strip()
        base = Path(path).parent if path is not None else Path.cwd()
        try:
            return _named(value, "front matter", search, base, document, config, matcher)
        except TemplateError as exc:
            detected = _detect(document, config, search, matcher)
            return ResolvedTemplate(
                detected.name,
                detected.spec,
                detected.reason,
                notice=f"front matter template: {exc.detail}; {detected.reason}",
            )
    if path is not None:
        mapped = config.template_for(path)
        if mapped:
            return _named(
                mapped, "config [templates]", search, config.root, document, config, matcher
            )
    if config.template:
        return _named(
            config.template, "config template", search, config.root, document, config, matcher
        )
    return _detect(document, config, search, matcher)


def _search_folders(config: Config) -> tuple[str, ...]:
    return tuple(config.template_paths)


def _named(
    value: str,
    source: str,
    search: tuple[str, ...],
    base: Path,
    document: Document,
    config: Config,
    matcher: TemplateMatcher | None = None,
) -> ResolvedTemplate:
    if value.lower() == "auto":
        return _detect(document, config, search, matcher)
    if value.lower() in _NONE:
        return ResolvedTemplate(None, None, f"{source}: no template")
    target: str | Path = value
    if "/" in value or value.endswith((".yaml", ".yml")):
        candidate = Path(value).expanduser()
        target = candidate if candidate.is_absolute() else base / candidate
        if not Path(target).is_file() and Path(value).is_file():
            target = Path(value)
    spec = load_template(target, search)
    return ResolvedTemplate(spec.id, spec, f"{source}: {value}")


def detect_template(
    document: Document,
    templates: list[TemplateSpec],
    threshold: float = DETECT_THRESHOLD,
    matcher: TemplateMatcher | None = None,
) -> tuple[TemplateSpec | None, float]:
    """The template the document's headings resemble most, if it is similar enough."""
    headings = [s for s in document.headings if s.level > 0]
    if len(headings) < MIN_DETECT_HEADINGS:
        return None, 0.0
    best: tuple[TemplateSpec | None, float] = (None, 0.0)
    best_key = (0.0, 0)
    for spec in templates:
        if not spec.detect:
            continue
        matched = match_template(document, spec, matcher=matcher)
        if len(matched.matches) < min(3, len(spec.required_sections) or 1):
            continue
        confidence = matched.confidence
        # equal confidence: the template matched more often under its own titles wins
        own_titles = sum(1 for m in matched.matches if m.tier <= Tier.NORMALISED)
        key = (round(confidence, 3), own_titles)
        if key > best_key:
            best, best_key = (spec, confidence), key
    if best[0] is None or best[1] < threshold:
        return None, best[1]
    return best


def _detect(
    document: Document,
    config: Config,
    search: tuple[str, ...],
    matcher: TemplateMatcher | None = None,
) -> ResolvedTemplate:
    threshold = float(config.structure.get("detect_threshold", DETECT_THRESHOLD))
    spec, confidence = detect_template(document, available_templates(search), threshold, matcher)
    if spec is None:
        return ResolvedTemplate(
            None, None, f"no template matched confidently (best {confidence:.0%})"
        )
    return ResolvedTemplate(spec.id, spec, f"detected ({confidence:.0%} of its sections)")
