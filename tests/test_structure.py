"""Structure checks against templates: levels per template, the summary line, figures."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES, run_cli
from writer.api import Linter, LintOptions

CONFORMANT = FIXTURES / "rules" / "structure.missing-section" / "good_conformant.md"
MISSING = FIXTURES / "rules" / "structure.missing-section" / "bad_missing.md"
LEVEL = FIXTURES / "rules" / "structure.heading-level" / "bad_level.md"


def _rules(result_findings: tuple[object, ...]) -> list[str]:
    return [finding.rule for finding in result_findings]  # type: ignore[attr-defined]


def test_text_output_ends_each_file_with_the_conformance_summary() -> None:
    result = run_cli(["lint", "--jobs", "1", "--template", "postmortem", str(MISSING)])
    assert result.code == 1
    assert f"{MISSING}  (postmortem, template: postmortem)" in result.out
    assert "postmortem: 6/8 required sections present" in result.out
    clean = run_cli(["lint", "--jobs", "1", "--template", "postmortem", str(CONFORMANT)])
    assert clean.code == 0, clean.out
    assert "postmortem: 8/8 required sections present" in clean.out


def test_stats_report_conformance() -> None:
    result = Linter(LintOptions(template="postmortem")).lint_text(MISSING.read_text())
    stats = result.stats_dict
    assert stats["template_sections_required"] == 8
    assert stats["template_sections_present"] == 6
    assert stats["conformance"] == 0.75


def test_levels_per_template_in_config(tmp_path: Path) -> None:
    document = tmp_path / "pm.md"
    document.write_text(LEVEL.read_text())
    config = tmp_path / ".writer.toml"
    config.write_text(
        'extend_select = ["structure.heading-level"]\n'
        '[structure.templates.postmortem.levels]\n"structure.heading-level" = "error"\n'
    )
    result = Linter().lint_paths([str(document)])
    severities = {f.rule: f.severity.label for f in result.results[0].findings}
    assert severities["structure.heading-level"] == "error"
    config.write_text(
        'extend_select = ["structure.heading-level"]\n'
        '[structure.templates.postmortem.levels]\n"structure.heading-level" = "off"\n'
    )
    result = Linter().lint_paths([str(document)])
    assert "structure.heading-level" not in _rules(result.results[0].findings)
    # another template's setting does not apply
    config.write_text(
        'extend_select = ["structure.heading-level"]\n'
        '[structure.templates.design-doc.levels]\n"structure.heading-level" = "off"\n'
    )
    result = Linter().lint_paths([str(document)])
    assert "structure.heading-level" in _rules(result.results[0].findings)


def test_spec_levels_apply_and_config_rules_still_win(tmp_path: Path) -> None:
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "id: mine\nlevels:\n  structure.missing-section: warning\n"
        "sections:\n  - title: Summary\n  - title: Risks\n"
    )
    document = tmp_path / "doc.md"
    document.write_text("# Doc\n\n## Summary\n\nText here.\n")
    result = Linter(LintOptions(template=str(spec))).lint_paths([str(document)])
    (finding,) = [f for f in result.results[0].findings if f.rule == "structure.missing-section"]
    assert finding.severity.label == "warning"
    assert (
        finding.message
        == "required section 'Risks' is missing: add a '## Risks' section at the end of "
        "'## Summary'"
    )
    (tmp_path / ".writer.toml").write_text('[rules]\n"structure.missing-section" = "off"\n')
    result = Linter(LintOptions(template=str(spec))).lint_paths([str(document)])
    assert "structure.missing-section" not in _rules(result.results[0].findings)


def test_no_template_means_no_structure_findings() -> None:
    result = Linter().lint_text("# Notes\n\n## Shopping\n\nmilk\n")
    assert result.template is None
    assert not [f for f in result.findings if f.rule == "structure.missing-section"]
    assert result.summary is None


def test_bad_template_in_front_matter_is_a_notice_not_a_crash() -> None:
    text = "---\ntemplate: nosuch\n---\n" + CONFORMANT.read_text().split("---\n", 2)[2]
    result = Linter().lint_text(text)
    assert any("no template named 'nosuch'" in notice for notice in result.notices)


def test_a_level_jump_the_template_makes_is_allowed_when_sections_between_are_left_out() -> None:
    # The KEP template puts its questions at level 6 under level-3 sections; a KEP that leaves
    # out the first question still follows the template's own jump.
    text = (
        "# KEP-1: Widgets\n\n## Summary\n\nText.\n\n## Production Readiness Review "
        "Questionnaire\n\n### Feature Enablement and Rollback\n\nText.\n\n"
        "###### Does enabling the feature change any default behavior?\n\nNo.\n\n"
        "## Drawbacks\n\n#### Cost\n\nText.\n"
    )
    result = Linter(LintOptions(template="kep", select=("structure.heading-increment",))).lint_text(
        text
    )
    lines = [finding.line for finding in result.findings]
    assert lines == [19]  # '#### Cost' under '## Drawbacks' is a skip the template does not make


def _missing_messages(text: str, template: str) -> list[tuple[int, str]]:
    result = Linter(
        LintOptions(template=template, select=("structure.missing-section",))
    ).lint_text(text)
    return [(finding.line, finding.message) for finding in result.findings]


def test_a_missing_section_is_reported_where_it_belongs() -> None:
    text = (
        "# Outage\n\n## Summary\n\nCheckout failed for forty minutes.\n\n## Timeline\n\n"
        "- 14:02 push\n\n## Contributing factors\n\nA bad push.\n"
    )
    found = _missing_messages(text, "postmortem")
    assert (
        7,
        "required section 'Impact' is missing: add a '## Impact' section before '## Timeline'",
    ) in found
    assert (
        13,
        "required sections 'Lessons learned' (with its 3 subsections) and 'Action items' are "
        "missing: add '## Lessons learned' and '## Action items' sections at the end of "
        "'## Contributing factors'",
    ) in found


def test_the_design_written_under_the_documents_own_headings_is_not_missing() -> None:
    # A single 'Explanation' holds what the RFC template splits into a guide-level and a
    # reference-level explanation; a missing drawbacks section is still reported.
    text = (
        "# Widgets\n\n- Feature Name: widgets\n- Start Date: 2024-01-01\n\n## Summary\n\n"
        "Widgets.\n\n## Motivation\n\nWhy.\n\n## Explanation\n\nHow.\n\n"
        "## Rationale and alternatives\n\nWhy not.\n\n## Prior art\n\nNone.\n\n"
        "## Unresolved questions\n\nNone.\n\n## Future possibilities\n\nMore.\n"
    )
    found = _missing_messages(text, "rfc")
    assert found == [
        (
            18,
            "required section 'Drawbacks' is missing: add a '## Drawbacks' section before "
            "'## Rationale and alternatives'",
        )
    ]


def test_a_missing_subsection_stays_inside_its_parent(tmp_path: Path) -> None:
    # The document puts its own 'Appendix' between 'Design' and 'Rollout': the missing
    # 'Caching' belongs at the end of 'Design', not before 'Rollout'.
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "id: mine\nsections:\n  - title: Summary\n  - title: Design\n"
        "  - title: Storage\n    level: 3\n  - title: Caching\n    level: 3\n"
        "  - title: Rollout\n"
    )
    text = (
        "# Doc\n\n## Summary\n\nText.\n\n## Design\n\nText.\n\n### Storage\n\nDisks.\n\n"
        "## Appendix\n\nGraphs.\n\n## Rollout\n\nSlowly.\n"
    )
    assert _missing_messages(text, str(spec)) == [
        (
            13,
            "'Design' lacks the mine's subsection 'Caching': add a '### Caching' section at the "
            "end of '## Design', or say why it does not apply",
        )
    ]


def test_a_withdrawn_proposal_is_not_asked_for_its_missing_sections() -> None:
    text = (
        "---\nstatus: {status}\n---\n# Widgets\n\n- Feature Name: widgets\n- Start Date: "
        "2024-01-01\n\n## Summary\n\nWidgets.\n\n## Motivation\n\nWhy.\n\n"
        "## Guide-level explanation\n\nHow.\n\n## Reference-level explanation\n\nDetail.\n\n"
        "## Rationale and alternatives\n\nWhy not.\n\n## Prior art\n\nNone.\n\n"
        "## Unresolved questions\n\nNone.\n\n## Future possibilities\n\nMore.\n"
    )
    assert ["Drawbacks" in m for _, m in _missing_messages(text.format(status="draft"), "rfc")] == [
        True
    ]
    assert _missing_messages(text.format(status="withdrawn"), "rfc") == []
    assert _missing_messages(text.format(status="Superseded by RFC 12"), "rfc") == []


def test_one_heading_for_two_sections_stands_for_both(tmp_path: Path) -> None:
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "id: mine\nsections:\n  - title: Summary\n  - title: Goals\n  - title: Non-Goals\n"
        "  - title: Design\n"
    )
    text = "# Doc\n\n## Summary\n\nText.\n\n## Goals/Non-Goals\n\nSome.\n\n## Design\n\nText.\n"
    assert _missing_messages(text, str(spec)) == []


def test_a_subsection_named_by_a_label_line_inside_its_parent_is_there(tmp_path: Path) -> None:
    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "id: mine\nsections:\n  - title: Summary\n  - title: Test Plan\n"
        "  - title: Unit tests\n    level: 3\n  - title: e2e tests\n    level: 3\n"
    )
    text = (
        "# Doc\n\n## Summary\n\nText.\n\n## Test Plan\n\nUnit tests:\n- the parser\n\n"
        "Load tests:\n- the queue\n"
    )
    assert _missing_messages(text, str(spec)) == [
        (
            13,
            "'Test Plan' lacks the mine's subsection 'e2e tests': add a '### e2e tests' section "
            "at the end of '## Test Plan', or say why it does not apply",
        )
    ]


_NO_IMPACT = (
    "# Certificate outage\n\n## Summary\n\nOn 3 May the team rotated the signing key used by "
    "the release pipeline. The rotation script read the old key from a cache, so the new "
    "certificate was issued with a stale chain. {extra}The on-call engineer rebuilt the chain "
    "by hand and the pipeline resumed.\n\n## Timeline\n\n- 09:00 rotation starts\n"
    "- 09:40 chain rebuilt\n\n## Root cause\n\nThe rotation script trusted its cache over the "
    "key store, and nothing compared the two before issuing the certificate. The cache had no "
    "expiry, so a key rotated months earlier was still served to every later run of it.\n\n"
    "## Action items\n\n- Compare the cache with the key store before issuing (owner: Ada)\n"
)


def test_a_postmortem_that_never_states_its_impact_is_asked_for_it() -> None:
    result = Linter(LintOptions(select=("structure.missing-section",))).lint_text(
        _NO_IMPACT.format(extra=""), path="postmortems/2025-05-03-certificate-outage.md"
    )
    assert [(f.line, f.severity.label, f.message) for f in result.findings] == [
        (
            7,
            "warning",
            "no impact section, and the summary does not say what the incident did to users: "
            "add a '## Impact' section before '## Timeline': who was affected, how many, and "
            "for how long",
        )
    ]


def test_a_summary_that_tells_the_impact_is_enough() -> None:
    for extra in (
        "Releases failed for forty minutes. ",
        "Every download returned 503. ",
        "We have no evidence that any user downloaded a signed artifact. ",
    ):
        result = Linter(LintOptions(select=("structure.missing-section",))).lint_text(
            _NO_IMPACT.format(extra=extra), path="postmortems/2025-05-03-certificate-outage.md"
        )
        assert result.findings == (), extra
