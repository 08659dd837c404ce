"""``writer templates`` commands, skeletons that lint clean once filled, and the importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CORPORA, need_shared, run_cli
from writer.api import Linter, LintOptions
from writer.templates import bundled_names, load_template, parse_spec
from writer.templates.skeleton import render_skeleton
from writer.templates.spec import TemplateSpec

SENTENCE = (
    "operators measured the queue depth across three regions and recorded each "
    "value in the shared dashboard before the weekly review meeting started"
)
WORDS = SENTENCE.split(" ")


def _prose(count: int, seed: int) -> str:
    words = [WORDS[(seed + k) % len(WORDS)] for k in range(count)]
    sentences = [" ".join(words[k : k + 8]) for k in range(0, len(words), 8)]
    return " ".join(s[:1].upper() + s[1:] + "." for s in sentences)


def _filled(spec: TemplateSpec) -> str:
    lines = ["---", f"template: {spec.id}"]
    lines += [f"{field.key}: {field.example or 'filled in'}" for field in spec.metadata]
    lines += ["---", "", "# A filled document", ""]
    for number, section in enumerate(spec.sections):
        lines += [f"{'#' * section.level} {section.title}", ""]
        lines += [_prose(max(section.min_words, 10) + 6, number), ""]
    return "\n".join(lines)


@pytest.mark.parametrize("name", bundled_names())
def test_filled_skeleton_has_no_structure_findings(name: str) -> None:
    spec = load_template(name)
    linter = Linter(LintOptions(select=("structure",)))
    result = linter.lint_text(_filled(spec), f"{name}.md")
    assert result.template == name
    assert [f"{f.line}:{f.rule}:{f.message}" for f in result.findings] == []
    assert result.summary == (
        f"{name}: {len(spec.required_sections)}/{len(spec.required_sections)} "
        "required sections present"
    )


@pytest.mark.parametrize("name", bundled_names())
def test_bare_skeleton_has_every_section_and_no_errors(name: str) -> None:
    spec = load_template(name)
    result = Linter(LintOptions(select=("structure",))).lint_text(render_skeleton(spec))
    assert result.template == name
    assert not [f for f in result.findings if f.rule == "structure.missing-section"]
    assert not [f for f in result.findings if f.severity.label == "error"]


def test_skeleton_leftovers_are_reported_as_placeholders_and_template_text() -> None:
    spec = load_template("postmortem")
    selected = ("structure.placeholder", "structure.template-text")
    result = Linter(LintOptions(select=selected)).lint_text(render_skeleton(spec))
    by_rule = {(f.rule, f.section) for f in result.findings}
    assert {("structure.template-text", "Summary"), ("structure.template-text", "Impact")} <= (
        by_rule
    )
    assert ("structure.placeholder", "Action items") in by_rule


def test_list_and_show_commands() -> None:
    listing = run_cli(["templates", "list"])
    assert listing.code == 0
    for name in ("adr", "design-doc", "kep", "postmortem", "rfc"):
        assert any(line.startswith(name + " ") for line in listing.out.splitlines())
    shown = run_cli(["templates", "show", "postmortem", "--format", "json"])
    data = json.loads(shown.out)
    assert data["sections"][0]["id"] == "summary"
    text = run_cli(["templates", "show", "design-doc"])
    assert "Failure modes and degradation  [failure-modes]" in text.out
    missing = run_cli(["templates", "show", "nope"])
    assert missing.code == 2
    assert "no template named 'nope'" in missing.err


def test_skeleton_command_writes_a_new_file_only(tmp_path: Path) -> None:
    out = tmp_path / "pm.md"
    assert run_cli(["templates", "skeleton", "postmortem", "-o", str(out)]).code == 0
    assert out.read_text().startswith("---\ntemplate: postmortem\n")
    again = run_cli(["templates", "skeleton", "postmortem", "-o", str(out)])
    assert again.code == 2
    assert "already exists" in again.err


MADR_LIKE = """---
# These are optional elements. Feel free to remove any of them.
status: proposed
date: 2025-01-01
---
# {short title}

## Context and Problem Statement

<!-- Describe the context in two or three sentences. Say what forces apply. Keep it short. More. -->
{context}

<!-- This is an optional element. Feel free to remove. -->
## Decision Drivers

* {driver}

## Decision Outcome (Optional)

Chosen option.

### Consequences [optional]

* Good, because ...
"""


def test_import_reads_markers_comments_and_front_matter(tmp_path: Path) -> None:
    source = tmp_path / "adr-template.md"
    source.write_text(MADR_LIKE)
    spec_path = tmp_path / "team-adr.yaml"
    result = run_cli(["templates", "import", str(source), "-o", str(spec_path)])
    assert result.code == 0, result.err
    spec = parse_spec(spec_path.read_text(), str(spec_path))
    assert spec.id == "team-adr"
    by_id = {s.id: s for s in spec.sections}
    assert list(by_id) == [
        "context-and-problem-statement",
        "decision-drivers",
        "decision-outcome",
        "consequences",
    ]
    assert by_id["context-and-problem-statement"].required
    assert by_id["context-and-problem-statement"].guidance == (
        "Describe the context in two or three sentences. Say what forces apply. Keep it short."
    )
    assert not by_id["decision-drivers"].required  # MADR's comment before the heading
    assert not by_id["decision-outcome"].required  # "(Optional)"
    assert by_id["decision-outcome"].title == "Decision Outcome"
    assert not by_id["consequences"].required  # "[optional]"
    assert by_id["consequences"].level == 3
    assert [(f.key, f.required) for f in spec.metadata] == [("status", False), ("date", False)]
    # the imported spec works with --template PATH
    doc = tmp_path / "0001-choice.md"
    doc.write_text("# Choice\n\n## Decision Outcome\n\nWe chose it.\n")
    lint = run_cli(["lint", "--format", "json", "--template", str(spec_path), str(doc)])
    data = json.loads(lint.out)
    assert data["files"][0]["template"] == "team-adr"
    messages = [f["message"] for f in data["files"][0]["findings"]]
    assert (
        "required section 'Context and Problem Statement' is missing: add a '## Context and "
        "Problem Statement' section before '## Decision Outcome'" in messages
    )


def test_import_of_the_kep_template_matches_the_bundled_kep() -> None:
    template = need_shared(CORPORA / "kubernetes-enhancements" / "keps" / "NNNN-kep-template")
    result = run_cli(["templates", "import", str(template / "README.md")])
    assert result.code == 0, result.err
    imported = parse_spec(result.out)
    bundled = load_template("kep")
    assert len(imported.sections) == len(bundled.sections) == 56
    assert len(imported.required_sections) == len(bundled.required_sections) == 51
    from writer.model.headings import normalise

    assert [normalise(s.title) for s in imported.sections] == [
        normalise(s.title) for s in bundled.sections
    ]


def test_import_without_headings_is_a_clear_error(tmp_path: Path) -> None:
    source = tmp_path / "flat.md"
    source.write_text("Just text.\n")
    result = run_cli(["templates", "import", str(source)])
    assert result.code == 2
    assert "no headings found" in result.err
