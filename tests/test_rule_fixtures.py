"""Every rule's good and bad fixtures, pymarkdown-style.

``tests/fixtures/rules/<rule id>/`` holds ``good_*.md`` (no finding of that rule) and ``bad_*.md``
with ``bad_*.expected``: the exact ``line:column:rule:message`` rows ``writer lint --format line``
prints for that rule. A ``writer.toml`` in the folder is used as the config, and ``args.txt`` adds
command-line arguments (one a line; environment variables are expanded, and
``$WRITER_TEST_LANGUAGETOOL_URL`` is the loopback LanguageTool server the suite starts).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli
from writer.api import Linter

RULE_FIXTURES = FIXTURES / "rules"


def _cases(prefix: str) -> list[Path]:
    return sorted(RULE_FIXTURES.glob(f"*/{prefix}_*.md"))


def _lint(path: Path) -> list[str]:
    folder = path.parent
    rule = folder.name
    argv = ["lint", "--format", "line", "--select", rule, "--jobs", "1"]
    config = folder / "writer.toml"
    if config.exists():
        argv += ["--config", str(config)]
    args = folder / "args.txt"
    if args.exists():
        argv += [os.path.expandvars(line) for line in args.read_text().splitlines() if line.strip()]
    result = run_cli([*argv, str(path)])
    assert result.code in (0, 1), result.err
    rows = []
    for line in result.out.splitlines():
        assert line.startswith(str(path) + ":"), line
        rows.append(line[len(str(path)) + 1 :])
    # A family such as grammar.harper reports dynamic ids under it (grammar.harper.SpellCheck).
    return [
        row
        for row in rows
        if row.split(":")[2] in (rule,) or row.split(":")[2].startswith(rule + ".")
    ]


@pytest.mark.parametrize("path", _cases("good"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_good_fixture_has_no_finding(path: Path, languagetool: object) -> None:
    assert _lint(path) == []


@pytest.mark.parametrize("path", _cases("bad"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bad_fixture_has_exactly_the_expected_findings(path: Path, languagetool: object) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert _lint(path) == [row for row in expected if row.strip()]


def test_every_rule_has_good_and_bad_fixtures() -> None:
    missing = []
    for rule in Linter().rules():
        folder = RULE_FIXTURES / rule.id
        if not (list(folder.glob("good_*.md")) and list(folder.glob("bad_*.md"))):
            missing.append(rule.id)
    assert missing == [], f"rules without good/bad fixtures: {missing}"
