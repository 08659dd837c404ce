"""Which kind of document this is, which template it is checked against, and why.

A template the user names wins, in order: ``--template NAME|PATH|auto``; the front matter's
``template:``; the config's ``[templates]`` glob mapping (to names or spec paths); the config's
``template``. Otherwise the document's kind is decided first from all the evidence
(:mod:`writer.templates.detect`), and a template of that kind is chosen only when the evidence
supports it: a template that names markers (a KEP's ``kep.yaml``, an RFC's header) needs one of
them; any other needs most of its sections. A document of a known kind without a template still
gets its kind's reviewer checks, which find sections by role.

:class:`TemplateResolver` does this with a :class:`TemplateMatcher` it owns, so the checks that
later ask about the document's sections reuse the match detection made.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from writer.model.findings import Certainty
from writer.templates.detect import KindDecision, classify
from writer.templates.kinds import template_kind
from writer.templates.matching import TemplateMatcher, Tier, match_template
from writer.templates.presence import share_present
from writer.templates.resolved import ResolvedTemplate
from writer.templates.spec import TemplateError, TemplateSpec, available_templates, load_template

if TYPE_CHECKING:
    from writer.model.document import Document
    from writer.settings.config import Config
    from writer.settings.options import LintOptions


DETECT_THRESHOLD = 0.5  # a template proved by a marker needs this share of its sections
STRONG_THRESHOLD = 0.7  # a template chosen from headings alone needs this much
# A template proved by its markers is certain (its required sections are demanded) only when the
# document has most of them in some form: long-lived templates grow sections, and a document
# written to an earlier version is not missing what that version did not ask for.
CERTAIN_THRESHOLD = 0.75
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
    named = _named_by_user(document, config, options, path, search, matcher)
    if named is not None:
        return named
    return _detect(document, config, search, matcher, path)


def _named_by_user(
    document: Document,
    config: Config,
    options: LintOptions,
    path: Path | None,
    search: tuple[str, ...],
    matcher: TemplateMatcher | None,
) -> ResolvedTemplate | None:
    if options.template:
        return _named(
            options.template, "--template", search, config.root, document, config, matcher, path
        )
    front = document.front_matter.data if document.front_matter is not None else None
    if front and isinstance(front.get("template"), str) and front["template"].strip():
        value = front["template"].strip()
        base = Path(path).parent if path is not None else Path.cwd()
        try:
            return _named(value, "front matter", search, base, document, config, matcher, path)
        except TemplateError as exc:
            detected = _detect(document, config, search, matcher, path)
            return replace(
                detected, notice=f"front matter template: {exc.detail}; {detected.reason}"
            )
    if path is not None:
        mapped = config.template_for(path)
        if mapped:
            return _named(
                mapped, "config [templates]", search, config.root, document, config, matcher, path
            )
    if config.template:
        return _named(
            config.template,
            "config template",
            search,
            config.root,
            document,
            config,
            matcher,
            path,
        )
    return None


def _search_folders(config: Config) -> tuple[str, ...]:
    return tuple(config.template_paths)


def _named(
    value: str,
    source: str,
    search: tuple[str, ...],
    base: Path,
    document: Document,
    config: Config,
    matcher: TemplateMatcher | None,
    path: Path | None,
) -> ResolvedTemplate:
    if value.lower() == "auto":
        return _detect(document, config, search, matcher, path)
    if value.lower() in _NONE:
        decision = classify(document, path, matcher)
        return ResolvedTemplate(
            None,
            None,
            f"{source}: no template",
            kind=decision.kind,
            confidence=decision.confidence,
            evidence=decision.evidence,
            certainty="none",
            decision=decision,
        )
    target: str | Path = value
    if "/" in value or value.endswith((".yaml", ".yml")):
        candidate = Path(value).expanduser()
        target = candidate if candidate.is_absolute() else base / candidate
        if not Path(target).is_file() and Path(value).is_file():
            target = Path(value)
    spec = load_template(target, search)
    reason = f"{source}: {value}"
    return ResolvedTemplate(
        spec.id,
        spec,
        reason,
        kind=template_kind(spec.id, spec),
        confidence=1.0,
        evidence=(reason,),
        certainty="configured",
    )


def detect_template(
    document: Document,
    templates: list[TemplateSpec],
    threshold: float = DETECT_THRESHOLD,
    matcher: TemplateMatcher | None = None,
    path: Path | None = None,
    kind: str | None = None,
) -> tuple[TemplateSpec | None, float, tuple[str, ...]]:
    """The template of ``kind`` (any kind when None) the document follows, if the evidence
    supports one: (spec, its section match confidence, the markers that prove it)."""
    headings = [s for s in document.headings if s.level > 0]
    if len(headings) < MIN_DETECT_HEADINGS:
        return None, 0.0, ()
    best: tuple[TemplateSpec | None, float, tuple[str, ...]] = (None, 0.0, ())
    best_key: tuple[int, float, int] = (0, 0.0, 0)
    for spec in templates:
        if not spec.detect:
            continue
        if kind is not None and template_kind(spec.id, spec) != kind:
            continue
        proof = marker_evidence(spec, document, path)
        if spec.needs_markers and not proof:
            continue
        matched = match_template(document, spec, matcher=matcher)
        if len(matched.matches) < min(3, len(spec.required_sections) or 1):
            continue
        confidence = matched.confidence
        if confidence < (threshold if proof else max(threshold, STRONG_THRESHOLD)):
            continue
        # proof first; then equal confidence: the template matched more often under its own
        # titles wins
        own_titles = sum(1 for m in matched.matches if m.tier <= Tier.NORMALISED)
        key = (1 if proof else 0, round(confidence, 3), own_titles)
        if key > best_key:
            best, best_key = (spec, confidence, proof), key
    return best


def marker_evidence(spec: TemplateSpec, document: Document, path: Path | None) -> tuple[str, ...]:
    """What proves the document follows ``spec`` beyond its headings (its markers found)."""
    markers = spec.markers
    if not markers:
        return ()
    found: list[str] = []
    if path is not None:
        for name in markers.files:
            if (path.parent / name).is_file():
                found.append(f"{name} beside it")
    front = document.front_matter.data if document.front_matter is not None else None
    if front:
        keys = {str(key).lower() for key in front}
        found += [f"front matter key {key}" for key in markers.front_matter if key.lower() in keys]
    if markers.title:
        title = next((s.title for s in document.headings), "")
        if front and isinstance(front.get("title"), str):
            title = str(front["title"]) + " " + title
        if re.search(markers.title, title):
            found.append(f"title '{title.strip()[:60]}'")
    if markers.lines:
        head = "\n".join(document.text.split("\n", 40)[:40])
        for pattern in markers.lines:
            line = re.search(pattern, head, re.MULTILINE | re.IGNORECASE)
            if line is not None:
                found.append(f"line '{line.group().strip()}'")
                break
    if markers.headings:
        wanted = {title.strip().casefold() for title in markers.headings}
        for section in document.headings:
            if section.title.strip().casefold() in wanted:
                found.append(f"heading '{section.title}'")
                break
    return tuple(found)


def _forced(document: Document, config: Config) -> KindDecision | None:
    """The kind the front matter (``kind:``) or the config (``kind = ...``) states, if any."""
    front = document.front_matter.data if document.front_matter is not None else None
    stated = front.get("kind") if front else None
    source = "front matter"
    if not (isinstance(stated, str) and stated.strip().lower() in _KINDS):
        stated, source = config.kind, "config"
    if stated is None:
        return None
    kind = stated.strip().lower()
    if kind == "none":
        return KindDecision(None, 1.0, (f"{source}: kind = none",))
    return KindDecision(kind, 1.0, (f"{source}: kind = {kind}",))


_KINDS = ("postmortem", "design", "adr", "none")


def _file_markers(spec: TemplateSpec, path: Path | None) -> tuple[str, ...]:
    if path is None:
        return ()
    return tuple(
        f"{name} beside it" for name in spec.markers.files if (path.parent / name).is_file()
    )


def _detect(
    document: Document,
    config: Config,
    search: tuple[str, ...],
    matcher: TemplateMatcher | None,
    path: Path | None,
) -> ResolvedTemplate:
    templates = available_templates(search)
    hints = tuple(
        (kind, proof[0])
        for spec in templates
        if spec.detect and spec.markers.files and (kind := template_kind(spec.id, spec))
        for proof in [_file_markers(spec, path)]
        if proof
    )
    decision = _forced(document, config) or classify(document, path, matcher, hints)
    if decision.kind is None:
        forced = decision.evidence[0] if decision.evidence[0].endswith("kind = none") else ""
        return ResolvedTemplate(
            None,
            None,
            f"{forced}: only the general checks ran"
            if forced
            else "no postmortem, design-doc or ADR evidence: only the general checks ran",
            evidence=decision.evidence,
            decision=decision,
        )
    threshold = float(config.structure.get("detect_threshold", DETECT_THRESHOLD))
    spec, confidence, proof = detect_template(
        document, templates, threshold, matcher, path, decision.kind
    )
    if spec is None:
        return ResolvedTemplate(
            None,
            None,
            f"a {decision.kind} that follows no known template closely: its sections are found "
            "by what they are for",
            kind=decision.kind,
            confidence=decision.confidence,
            evidence=decision.evidence,
            certainty="none",
            decision=decision,
        )
    present = share_present(
        document, spec, match_template(document, spec, matcher=matcher), decision.kind, matcher
    )
    certainty: Certainty = "evidence" if proof and present >= CERTAIN_THRESHOLD else "headings"
    why = (
        f"{', '.join(proof)}; {confidence:.0%} of its sections"
        if proof
        else f"detected ({confidence:.0%} of its sections)"
    )
    return ResolvedTemplate(
        spec.id,
        spec,
        why,
        kind=decision.kind,
        confidence=round(min(1.0, max(decision.confidence, confidence)), 2),
        evidence=tuple(dict.fromkeys((*decision.evidence, *proof))),
        certainty=certainty,
        decision=decision,
    )
