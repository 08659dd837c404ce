"""Front matter and the metadata file beside a document (structure.front-matter), and the
template's own text found in the repository (structure.template-text)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import CORPORA, need_shared
from writer.api import Linter, LintOptions
from writer.model.document import parse
from writer.templates.metadata import front_matter, read_yaml
from writer.templates.sources import find_sources

KEP_README = """\
# KEP-1234: Per-tenant quotas

## Release Signoff Checklist

- [x] (R) Enhancement issue in release milestone
- [ ] (R) KEP approvers have approved the KEP status as `implementable`
- [ ] (R) Test plan is in place
- [ ] User-facing documentation has been created

## Summary

Each namespace gets its own quota for the new resource, enforced by the API server.

## Motivation

One namespace can exhaust the objects every other namespace needs.

### Goals

- The API server rejects objects past a namespace's quota.

### Non-Goals

- Quotas across clusters.

## Proposal

The quota controller counts the objects in each namespace and rejects what exceeds the limit.

### Risks and Mitigations

A namespace at its limit cannot create objects; the error names the quota.

## Design Details

### Test Plan

Unit tests in `pkg/quota/tenant_test.go` cover the arithmetic.

### Graduation Criteria

GA once two releases pass without a quota bug.

### Upgrade / Downgrade Strategy

Downgrading keeps the quota objects; older servers ignore them.

### Version Skew Strategy

Older kubelets are not involved.

## Production Readiness Review Questionnaire

### Feature Enablement and Rollback

The `TenantQuota` feature gate turns it off.

## Implementation History

- 2024-01-10: KEP merged as provisional

## Drawbacks

One more object to read on every create.

## Alternatives

Admission webhooks were rejected: they add a network hop to every create.
"""

KEP_YAML = """\
title: Per-tenant quotas
kep-number: 1234
authors:
  - "@ada"
owning-sig: sig-api-machinery
status: implemented
creation-date: 2024-01-10
reviewers:
approvers:
  - "@grace"
editor: TBD
stage: stable
latest-milestone: "v1.31"
milestone:
  alpha: "v1.29"
  stable: "v1.31"
"""


def _lint(path: Path, rule: str) -> list[tuple[int, str]]:
    result = Linter(LintOptions(select=(rule,), jobs=1)).lint_text(
        path.read_text(encoding="utf-8"), str(path)
    )
    return [(finding.line, finding.message) for finding in result.findings]


def test_kep_yaml_beside_the_readme_is_read_as_its_metadata(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(KEP_README, encoding="utf-8")
    (tmp_path / "kep.yaml").write_text(KEP_YAML, encoding="utf-8")
    found = _lint(readme, "structure.front-matter")
    messages = [message for _, message in found]
    assert (1, "'reviewers' is empty (kep.yaml line 8): fill it in") in found
    assert (1, "'editor: TBD' (kep.yaml line 11) is a placeholder: give the real value") in found
    checklist = [line for line, message in found if "checklist leaves unticked" in message]
    assert checklist == [6]  # the first unticked required item; the non-required one is left
    assert any(
        "'KEP approvers have approved the KEP status as implementable' (line 6)" in message
        and "'Test plan is in place' (line 7)" in message
        and "documentation" not in message
        for message in messages
    )
    history = [line for line, message in found if "never mentions 1.31" in message]
    assert history == [KEP_README.splitlines().index("## Implementation History") + 1]


def test_without_the_metadata_file_nothing_is_said_about_it(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(KEP_README, encoding="utf-8")
    assert [m for _, m in _lint(readme, "structure.front-matter") if "kep.yaml" in m] == []


def test_a_future_milestone_may_be_undecided_until_the_status_says_done() -> None:
    planned = read_yaml("status: implementable\nmilestone:\n  stable: TBD\n", "kep.yaml")
    assert [entry.value for entry in planned.entries] == ["implementable", "TBD"]
    text = "---\nstatus: implementable\nmilestone:\n  stable: TBD\n---\n\n# Quotas\n\nText.\n"
    result = Linter(LintOptions(select=("structure.front-matter",))).lint_text(text, "x.md")
    assert result.findings == ()
    done = text.replace("implementable", "implemented")
    result = Linter(LintOptions(select=("structure.front-matter",))).lint_text(done, "x.md")
    assert [f.line for f in result.findings] == [4]


def test_front_matter_keys_keep_their_lines_and_duplicates() -> None:
    document = parse("---\na: 1\nb:\n  - x\n  - y\na: 2\n---\n# T\n")
    metadata = front_matter(document)
    assert metadata is not None
    assert [(e.path, e.line, e.value) for e in metadata.entries] == [
        (("a",), 2, "1"),
        (("b", "0"), 4, "x"),
        (("b", "1"), 5, "y"),
        (("a",), 6, "2"),
    ]
    assert [(d.key, d.line, d.first_line) for d in metadata.duplicates] == [("a", 6, 2)]
    last = metadata.value("a")
    assert last is not None and last.value == "2"  # YAML readers keep the last


def test_a_template_file_in_the_repository_is_found_and_compared(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "0000-template.md").write_text(
        "# RFC-0000: title\n\n## Summary\n\nOne paragraph.\n\n## Motivation\n\n"
        "<!-- Why are we doing this? What use cases does it support and what is the "
        "expected outcome? -->\n\n## Drawbacks\n\nWhy should we *not* do this and what would it "
        "cost the people who maintain it?\n",
        encoding="utf-8",
    )
    text_dir = tmp_path / "text"
    text_dir.mkdir()
    rfc = text_dir / "0042-quotas.md"
    rfc.write_text(
        "# RFC-0042: quotas\n\n## Summary\n\nQuotas per tenant.\n\n## Motivation\n\n"
        "Why are we doing this? What use cases does it support and what is the expected "
        "outcome.\n\n## Drawbacks\n\nThe budget adds one lookup per request.\n",
        encoding="utf-8",
    )
    sources = find_sources(parse(rfc.read_text(encoding="utf-8")), rfc)
    assert [source.path.name for source in sources] == ["0000-template.md"]
    found = _lint(rfc, "structure.template-text")
    assert [line for line, _ in found] == [9]
    assert "comes from 0000-template.md" in found[0][1]


def test_a_document_about_templates_is_not_taken_for_one(tmp_path: Path) -> None:
    (tmp_path / "template-engine.md").write_text(
        "# Template engine\n\n## Context\n\nWe render pages.\n", encoding="utf-8"
    )
    doc = tmp_path / "quotas.md"
    doc.write_text("# Quotas\n\n## Goals\n\n## Design\n\n## Rollout\n\nText.\n", encoding="utf-8")
    assert find_sources(parse(doc.read_text(encoding="utf-8")), doc) == ()


def test_kep_template_text_left_in_a_real_kep_is_found() -> None:
    path = need_shared(
        CORPORA / "kubernetes-enhancements/keps/sig-node/2411-cri-container-log-rotation/README.md"
    )
    lines = [line for line, _ in _lint(path, "structure.template-text")]
    # The labelled leftovers: the alpha/beta guidance lines, an unselected option's field,
    # the scalability guidance and the failure-modes instructions (first and last line).
    for first, last in ((135, 135), (141, 146), (167, 167), (226, 232), (280, 289)):
        assert any(first - 2 <= line <= last + 2 for line in lines), (first, lines)


def test_the_templates_own_guidance_is_reported_once(tmp_path: Path) -> None:
    """structure.template-text and postmortem.template-text both know guidance left in: the
    first reports it when it runs, the second only when the first is not selected."""
    from tests.conftest import run_cli

    spec = tmp_path / "pm.yaml"
    spec.write_text(
        "id: pm\nkind: postmortem\nsections:\n  - title: Summary\n  - title: Timeline\n"
        "    guidance: A timeline of the events important to the incident.\n"
        "  - title: Action items\n"
    )
    document = tmp_path / "pm.md"
    document.write_text(
        "# Outage\n\n## Summary\n\nCheckout failed for 31 minutes.\n\n## Timeline\n\n"
        "A timeline of the events important to the incident.\n\n- 14:02 UTC alert fired\n\n"
        "## Action items\n\n- Cap retries (@lee, OPS-1)\n"
    )
    rules = "structure.template-text,postmortem.template-text"
    both = run_cli(
        ["lint", "--format", "line", "--template", str(spec), "--select", rules, str(document)]
    )
    assert [line.split(":")[3] for line in both.out.splitlines()] == ["structure.template-text"]
    alone = run_cli(
        [
            "lint",
            "--format",
            "line",
            "--template",
            str(spec),
            "--select",
            "postmortem.template-text",
            str(document),
        ]
    )
    assert [line.split(":")[3] for line in alone.out.splitlines()] == ["postmortem.template-text"]


_ADR = """# ADR 11: Plugin package structure

## Context

Plugins are published as one package that holds the frontend and the backend code, so a
frontend build pulls every backend dependency along with it.

## Decision

Each plugin is split into a frontend, a backend and a common package.

## Consequences

Three packages to version and publish for each plugin.
"""


def test_a_recognised_decision_record_needs_its_status_and_nothing_else() -> None:
    def rows(text: str) -> list[tuple[int, str]]:
        options = LintOptions(jobs=1, select=("structure.missing-metadata",))
        result = Linter(options).lint_text(text, "adr011.md")
        return [(f.line, f.message) for f in result.findings]

    found = rows(_ADR)
    assert [line for line, _ in found] == [1]
    assert "'Status'" in found[0][1] and "Deciders" not in found[0][1]
    assert rows(_ADR.replace("## Context", "Status: accepted\n\n## Context")) == []
    design = "# Quotas\n\n## Goals\n\nOne quota per tenant.\n\n## Design\n\nA new column.\n"
    assert rows(design) == []  # a design doc's metadata follows the team's conventions
