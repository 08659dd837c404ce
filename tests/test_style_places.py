"""Where a style rule may report: ``skip_contexts``, ``only_in_sections`` and ``quote_unit`` in a
guide's ``writer.yaml``, and the sentences style rules read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.checks.style.guides import read_manifest
from writer.checks.style.kinds.base import RuleError
from writer.checks.style.sentences import style_sentences
from writer.model.document import parse


def _guide(tmp_path: Path, manifest: str, rules: dict[str, str]) -> Path:
    folder = tmp_path / "styles" / "Team"
    folder.mkdir(parents=True)
    (folder / "writer.yaml").write_text(manifest, encoding="utf-8")
    for name, text in rules.items():
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return folder


def _lint(folder: Path, tmp_path: Path, text: str) -> list[str]:
    doc = tmp_path / "doc.md"
    doc.write_text(text, encoding="utf-8")
    argv = ["lint", "--no-cache", "--style", str(folder), "--select", "style.Team"]
    result = run_cli([*argv, "--format", "line", str(doc)])
    assert result.code in (0, 1), result.out + result.err
    return [line[len(str(doc)) + 1 :] for line in result.out.splitlines()]


WHEN = "extends: existence\nmessage: \"'%s' dates.\"\nignorecase: true\ntokens: [yesterday]\n"


def test_skip_contexts_leave_dated_sentences_and_timelines_alone(tmp_path: Path) -> None:
    folder = _guide(
        tmp_path, "skip_contexts:\n  When: [dated-sentence, timeline]\n", {"When": WHEN}
    )
    text = (
        "# Outage\n\nWe shipped it yesterday.\n\nOn 3 March 2025 we said yesterday.\n\n"
        "## Timeline\n\n- 14:02 Rolled back the change from yesterday.\n"
    )
    assert _lint(folder, tmp_path, text) == ["3:15:style.Team.When:'yesterday' dates."]


def test_a_dated_document_anchors_a_year_but_not_a_week(tmp_path: Path) -> None:
    rule = (
        "extends: existence\nmessage: \"'%s' dates.\"\nignorecase: true\n"
        "tokens: [next year, last week, as of writing]\n"
    )
    folder = _guide(tmp_path, "skip_contexts:\n  When: [dated-document]\n", {"When": rule})
    text = "We move next year. As of writing, it runs. It broke last week.\n"

    def matched(document: str) -> list[str]:
        return [line.split(":", 3)[3] for line in _lint(folder, tmp_path, document)]

    assert matched("# Roadmap\n\n" + text) == [
        "'next year' dates.",
        "'As of writing' dates.",
        "'last week' dates.",
    ]
    assert matched("# Roadmap 2020\n\n" + text) == ["'last week' dates."]
    assert matched("---\ndate: 2024-05-01\n---\n# Roadmap\n\n" + text) == ["'last week' dates."]


def test_only_in_sections_reports_inside_the_role_only(tmp_path: Path) -> None:
    rule = "extends: existence\nmessage: \"'%s'.\"\ntokens: [some users]\n"
    folder = _guide(tmp_path, "only_in_sections:\n  Vague: [impact]\n", {"Vague": rule})
    text = (
        "# Outage\n\n## Impact\n\nsome users could not pay.\n\n"
        "## Root cause\n\nsome users retried.\n"
    )
    assert _lint(folder, tmp_path, text) == ["5:1:style.Team.Vague:'some users'."]


def test_a_role_of_one_kind_counts_only_in_that_kind(tmp_path: Path) -> None:
    rule = "extends: existence\nmessage: \"'%s'.\"\ntokens: [many users]\n"
    folder = _guide(tmp_path, "only_in_sections:\n  Vague: [postmortem.summary]\n", {"Vague": rule})
    design = "---\nkind: design\n---\n# Cache\n\n## Summary\n\nmany users ask for it.\n"
    assert _lint(folder, tmp_path, design) == []


def test_quote_unit_covers_the_sentence_and_quotes_its_opening(tmp_path: Path) -> None:
    rule = (
        "extends: occurrence\nmessage: \"'%s' has %d words.\"\n"
        "scope: sentence\nmax: 5\ntoken: \\w+\n"
    )
    folder = _guide(tmp_path, "quote_unit: [Long]\n", {"Long": rule})
    found = _lint(
        folder, tmp_path, "Short one. The [cache](https://x.y/z) misses on every cold start here.\n"
    )
    assert found == [
        "1:12:style.Team.Long:'The cache misses on every cold start here.' has 8 words."
    ]


@pytest.mark.parametrize(
    ("manifest", "error"),
    [
        ("skip_contexts:\n  When: [dated-sentences]\n", "did you mean 'dated-sentence'?"),
        ("skip_contexts: [When]\n", "'skip_contexts' must map rule names"),
        ("only_in_sections:\n  Vague: [impcat]\n", "did you mean 'impact'?"),
        ("only_in_section:\n  Vague: [impact]\n", "did you mean 'only_in_sections'?"),
    ],
)
def test_bad_manifest_values_are_errors(tmp_path: Path, manifest: str, error: str) -> None:
    folder = _guide(tmp_path, manifest, {"When": WHEN})
    with pytest.raises(RuleError) as info:
        read_manifest(folder)
    assert error in str(info.value)


def _sentences(text: str) -> list[str]:
    document = parse(text)
    return [s.text for block in document.blocks for s in style_sentences(document, block)]


def test_sentences_end_at_hard_breaks_rows_and_code_that_opens_one() -> None:
    assert _sentences("one row here \\\ntwo row here\n") == ["one row here", "two row here"]
    assert _sentences("merged to main\n14:05 alarm fires\n") == [
        "merged to main",
        "14:05 alarm fires",
    ]
    assert _sentences("it was slow\nWe restarted it\n") == ["it was slow", "We restarted it"]
    assert _sentences("it was reported by\nAngus at once\n") == [
        "it was reported by\nAngus at once"
    ]
    assert _sentences("Use `e.g.` here, e.g. `foo` works.\n") == ["Use  here, e.g.  works."]


def test_other_kind_leaves_documents_of_no_reviewed_kind_alone(tmp_path: Path) -> None:
    folder = _guide(tmp_path, "skip_contexts:\n  When: [other-kind]\n", {"When": WHEN})
    notes = "# Platform sync\n\n## Notes\n\nWe shipped it yesterday.\n"
    assert _lint(folder, tmp_path, notes) == []
    postmortem = "---\nkind: postmortem\n---\n# Outage\n\n## Summary\n\nWe shipped it yesterday.\n"
    assert _lint(folder, tmp_path, postmortem) == ["8:15:style.Team.When:'yesterday' dates."]
