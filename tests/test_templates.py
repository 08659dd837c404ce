"""Template specs, the loader's errors, heading matching and template resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.api import Linter, LintOptions
from writer.model.document import parse
from writer.model.headings import normalise
from writer.settings.config import Config
from writer.templates import (
    TemplateError,
    bundled_names,
    bundled_templates,
    find_section,
    load_template,
    match_sections,
    match_template,
    parse_spec,
)
from writer.templates.matching import TemplateMatcher, Tier
from writer.templates.resolve import TemplateResolver, resolve_template


def test_bundled_templates_load_with_unique_slugs() -> None:
    names = bundled_names()
    assert {"postmortem", "design-doc"} <= set(names)
    for spec in bundled_templates():
        ids = [section.id for section in spec.sections]
        assert len(ids) == len(set(ids)), spec.id
        assert spec.required_sections
        for section in spec.sections:
            assert section.guidance, f"{spec.id}/{section.id} has no guidance"
            sentences = [s for s in section.guidance.replace("?", ".").split(". ") if s.strip()]
            assert 1 <= len(sentences) <= 3, f"{spec.id}/{section.id}: {section.guidance}"


def test_postmortem_has_the_expected_sections() -> None:
    spec = load_template("postmortem")
    ids = [section.id for section in spec.sections]
    for wanted in ("summary", "impact", "timeline", "detection", "response"):
        assert wanted in ids
    assert ids.index("contributing-factors") < ids.index("lessons-learned")
    assert ids[-1] == "action-items"
    assert {field.key for field in spec.metadata} == {"status", "authors", "date", "severity"}


def test_loader_errors_name_file_and_line(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("id: broken\nsections:\n  - title: Summary\n    requird: true\n")
    with pytest.raises(TemplateError) as info:
        load_template(str(spec))
    assert str(info.value) == (
        f"{spec}:4: unknown key 'requird' in a section; did you mean 'required'?"
    )


def test_loader_rejects_invalid_yaml_with_line(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("id: bad\nsections:\n  - title: [unclosed\n")
    with pytest.raises(TemplateError) as info:
        load_template(str(spec))
    assert str(info.value).startswith(f"{spec}:")
    assert info.value.line is not None


def test_duplicate_section_ids_are_an_error() -> None:
    with pytest.raises(TemplateError) as info:
        parse_spec("id: x\nsections:\n  - title: A\n  - title: a\n", "x.yaml")
    assert "x.yaml:4" in str(info.value)
    assert "used twice" in str(info.value)


def test_unknown_template_suggests_the_nearest_name() -> None:
    with pytest.raises(TemplateError) as info:
        load_template("postmortme")
    assert "did you mean 'postmortem'" in str(info.value)


def test_normalise_drops_markers_numbering_and_case() -> None:
    assert normalise("3. User Stories (Optional)") == normalise("user stories")
    assert normalise("Notes/Constraints/Caveats [optional]") == "notes constraints caveats"
    assert normalise("Story 2") == "story 2"


DOC = """# Checkout outage

## Summary

Checkout failed.

## Customer impact

Many users.

## Timeline

## Detection

## Resolution

## Root causes

## Lessons Learned

## Action Items
"""


def test_matching_tiers_and_missing_sections() -> None:
    spec = load_template("postmortem")
    matched = match_template(parse(DOC), spec)
    tiers = {m.spec.id: m.tier for m in matched.matches}
    assert tiers["summary"] is Tier.EXACT
    assert tiers["impact"] is Tier.ALIAS
    assert tiers["lessons-learned"] is Tier.NORMALISED
    assert tiers["contributing-factors"] is Tier.ALIAS
    assert matched.missing == ()
    sections = match_sections(parse(DOC), spec)
    assert sections["impact"] is not None and sections["impact"].title == "Customer impact"
    assert sections["went-well"] is None


def test_find_section_and_unknown_id() -> None:
    spec = load_template("postmortem")
    document = parse(DOC)
    found = find_section(document, spec, "timeline")
    assert found is not None and found.line == 11
    with pytest.raises(KeyError):
        find_section(document, spec, "no-such-section")


def test_numbers_must_agree_in_fuzzy_matches() -> None:
    spec = parse_spec(
        "id: s\nsections:\n  - title: Story 1\n  - title: Story 2\n  - title: Testing Plan\n"
    )
    document = parse("## Story 2\n\ntext\n\n## Test Plan\n\ntext\n")
    matched = match_template(document, spec)
    found = {m.spec.id: (m.section.title, m.tier) for m in matched.matches}
    assert found == {"story-2": ("Story 2", Tier.EXACT), "testing-plan": ("Test Plan", Tier.FUZZY)}


def test_matching_is_one_to_one_and_ordered() -> None:
    spec = parse_spec("id: s\nsections:\n  - title: Goals\n  - title: Design\n  - title: Risks\n")
    document = parse("## Risks\n\nx\n\n## Goals\n\nx\n\n## Design\n\nx\n\n## Goals\n\nx\n")
    matched = match_template(document, spec)
    pairs = {m.spec.id: (m.section.line, m.in_order) for m in matched.matches}
    assert pairs["goals"] == (5, True)
    assert pairs["design"] == (9, True)
    assert pairs["risks"] == (1, False)  # present, but out of order


def test_a_matcher_reuses_its_matches_and_shares_them_with_no_other() -> None:
    spec = load_template("postmortem")
    document = parse(DOC)
    first, second = TemplateMatcher(), TemplateMatcher()
    matched = first.match(document, spec)
    assert first.match(document, spec) is matched  # remembered
    assert match_template(document, spec, matcher=first) is matched
    assert second.match(document, spec) is not matched  # a matcher of its own: matched afresh
    assert second.match(document, spec) == matched
    assert match_template(document, spec) is not matched  # no matcher: nothing remembered
    # Another document, even with the same text, is matched again.
    assert first.match(parse(DOC), spec) is not matched


def test_template_resolvers_do_not_share_matches() -> None:
    document = parse(DOC)
    one, other = TemplateResolver(), TemplateResolver()
    assert one.matcher is not other.matcher
    assert one(document, Config(), LintOptions(), None).name == "postmortem"
    assert one.matcher._recent  # detection matched the document to each template
    spec = load_template("postmortem")
    assert one.matcher.match(document, spec) is one.matcher.match(document, spec)
    assert other.matcher._recent == {}  # detection by `one` left `other` untouched
    # The linter hands its resolver's matcher to the checks, so detection is not redone.
    linter = Linter()
    assert linter.matcher is getattr(linter.resolve_template, "matcher", None)
    assert Linter().matcher is not linter.matcher


def test_a_matcher_copied_to_a_worker_process_starts_empty() -> None:
    import pickle

    spec = load_template("postmortem")
    document = parse(DOC)
    resolver = TemplateResolver()
    resolver(document, Config(), LintOptions(), None)
    assert resolver.matcher._recent
    copy = pickle.loads(pickle.dumps(resolver))
    assert copy.matcher._recent == {} and copy.matcher is not resolver.matcher
    assert copy.matcher.match(document, spec) == resolver.matcher.match(document, spec)


def test_a_matcher_remembers_a_bounded_number_of_documents() -> None:
    spec = load_template("postmortem")
    matcher = TemplateMatcher()
    documents = [parse(DOC) for _ in range(TemplateMatcher.SIZE + 4)]
    for document in documents:
        matcher.match(document, spec)
    assert len(matcher._recent) == TemplateMatcher.SIZE


def _resolve(
    text: str,
    options: LintOptions | None = None,
    config: Config | None = None,
    path: Path | None = None,
) -> tuple[str | None, str]:
    resolved = resolve_template(parse(text), config or Config(), options or LintOptions(), path)
    return resolved.name, resolved.reason


def test_resolution_order() -> None:
    assert _resolve(DOC)[0] == "postmortem"
    assert _resolve(DOC, LintOptions(template="design-doc"))[0] == "design-doc"
    front = "---\ntemplate: design-doc\n---\n" + DOC
    assert _resolve(front) == ("design-doc", "front matter: design-doc")
    assert _resolve(front, LintOptions(template="auto"))[0] == "postmortem"
    config = Config(root=Path("/docs"), templates=(("pm/*.md", "design-doc"),))
    assert _resolve(DOC, config=config, path=Path("/docs/pm/a.md"))[0] == "design-doc"
    assert _resolve(DOC, config=config, path=Path("/docs/other/a.md"))[0] == "postmortem"


def test_nothing_confident_means_no_template() -> None:
    name, reason = _resolve("# Notes\n\n## Shopping\n\nmilk\n\n## Ideas\n\nmore\n")
    assert name is None
    assert "only the general checks ran" in reason


def test_json_names_the_template_or_null(tmp_path: Path) -> None:
    import json

    pm = tmp_path / "pm.md"
    pm.write_text(DOC)
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\n\nNothing here.\n")
    result = run_cli(["lint", "--format", "json", "--jobs", "1", str(pm), str(notes)])
    files = {Path(f["path"]).name: f for f in json.loads(result.out)["files"]}
    assert files["pm.md"]["template"] == "postmortem"
    assert files["notes.md"]["template"] is None


def test_unknown_cli_template_is_a_clear_error(tmp_path: Path) -> None:
    pm = tmp_path / "pm.md"
    pm.write_text(DOC)
    result = run_cli(["lint", "--template", "nope", str(pm)])
    assert result.code == 2
    assert "no template named 'nope'" in result.out + result.err


def test_template_spec_path_from_cli(tmp_path: Path) -> None:
    spec = tmp_path / "mine.yaml"
    spec.write_text("id: mine\nsections:\n  - title: Summary\n")
    linter = Linter(LintOptions(template=str(spec)))
    assert linter.lint_text(DOC).template == "mine"
