"""The default is mostly right: rules that were mostly noise on real documents run only when
selected, unknown rule ids are errors, and quoted or pasted text is not judged as the author's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.api import Linter, LintOptions
from writer.model.document import parse
from writer.model.quoted import quoted_spans


@pytest.mark.parametrize(
    "rule",
    [
        "style.house.Passive",
        "style.house.Headings",
        "style.house.Weasel",
        "style.house.SentenceLength",
        "style.house.Acronyms",
        "prose.reading-grade",
        "structure.renamed-section",
        "structure.heading-level",
    ],
)
def test_noisy_rules_run_only_when_selected(rule: str) -> None:
    rules = {meta.id: meta for meta in Linter().rules()}
    assert not rules[rule].default_enabled


def test_a_default_off_rule_runs_when_selected_or_given_a_level(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# Notes\n\nThe pod was evicted by mistake.\n")
    assert "Passive" not in run_cli(["lint", "--format", "line", str(doc)]).out
    selected = run_cli(["lint", "--format", "line", "--select", "style.house.Passive", str(doc)])
    assert "style.house.Passive" in selected.out
    (tmp_path / ".writer.toml").write_text('[rules]\n"style.house.Passive" = "warning"\n')
    levelled = run_cli(["lint", "--format", "line", str(doc)])
    assert "style.house.Passive" in levelled.out
    (tmp_path / ".writer.toml").write_text('[rules]\n"style.house" = "warning"\n')
    prefix = run_cli(["lint", "--format", "line", str(doc)])
    assert "style.house.Passive" not in prefix.out  # a prefix sets levels, it turns nothing on


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "nonsense"], "writer: --select: 'nonsense' names no rule"),
        (["--ignore", "postmortem.blam"], "did you mean 'postmortem.blame'?"),
    ],
)
def test_unknown_rules_on_the_command_line_are_errors(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# T\n\nText.\n")
    for command in ("lint", "fix"):
        result = run_cli([command, *args, str(doc)])
        assert result.code == 2 and expected in result.err, result.err
        assert "Traceback" not in result.err


def test_unknown_rules_in_the_config_are_errors_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text('fail_on = "error"\nselect = ["postmortem.blam"]\n')
    doc = tmp_path / "doc.md"
    doc.write_text("# T\n\nText.\n")
    result = run_cli(["lint", str(doc)])
    assert result.code == 2
    assert ".writer.toml:2: 'postmortem.blam' names no rule" in result.out + result.err


def test_rule_ids_below_a_dynamic_rule_are_known(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("# T\n\nText.\n")
    result = run_cli(["lint", "--select", "grammar.harper.SpellCheck,prose", str(doc)])
    assert result.code == 0, result.err


QUOTED = """# Outage

> The pod was evicted and the job was restarted.

## Slack log

alice: it was restarted by the bot

## Notes

2024-05-02T10:00:01Z ERROR job was killed by the scheduler

The lead said "the job was killed and it was never restarted" in the review.

The pod was evicted again.
"""


def test_quoted_and_pasted_text_is_not_judged_as_the_authors() -> None:
    document = parse(QUOTED)
    spans = quoted_spans(document)
    quoted = "".join(document.text[s:e] for s, e in spans)
    assert "evicted and the job" in quoted and "restarted by the bot" in quoted
    assert "job was killed by the scheduler" in quoted and "never restarted" in quoted
    result = Linter(LintOptions(select=("style.house.Passive",))).lint_text(QUOTED, "a.md")
    lines = sorted({finding.line for finding in result.findings})
    assert lines == [15]  # only the author's own passive


def test_include_adds_files_to_a_directory_walk_and_jobs_is_read(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text('include = ["*.mdx"]\njobs = 1\n')
    (tmp_path / "a.md").write_text("# A\n\nThe the end.\n")
    (tmp_path / "b.mdx").write_text("# B\n\nThe the end.\n")
    (tmp_path / "c.txt").write_text("# C\n\nThe the end.\n")
    result = run_cli(["lint", "--format", "line", str(tmp_path)])
    assert "a.md:" in result.out and "b.mdx:" in result.out and "c.txt" not in result.out
    (tmp_path / ".writer.toml").write_text("jobs = 0\n")
    bad = run_cli(["lint", str(tmp_path / "a.md")])
    assert bad.code == 2
    assert "jobs = 0: use a number of processes from 1 to 1024" in bad.out + bad.err
