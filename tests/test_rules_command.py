"""``writer rules``: every rule that can fire is listed and explained (style guides a template or
``--style`` brings in included), and ``--format markdown`` writes the rule reference page."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import FIXTURES, run_cli
from writer.model.findings import Severity
from writer.model.rules import RuleMeta
from writer.reporters.rule_reference import render


def _fired_rule_ids() -> set[str]:
    """Every rule id the fixtures' expected rows show firing."""
    fired = set()
    for expected in FIXTURES.glob("rules/*/bad_*.expected"):
        for row in expected.read_text(encoding="utf-8").splitlines():
            if row.strip():
                fired.add(row.split(":")[2])
    return fired


def test_every_rule_that_fires_is_listed_and_explained() -> None:
    listed = {rule["id"] for rule in json.loads(run_cli(["rules", "--format", "json"]).out)}
    fired = _fired_rule_ids()
    assert "style.blameless.HumanError" in fired and "style.inclusive.Terms" in fired
    unlisted = sorted(
        rule
        for rule in fired
        if rule not in listed and not any(rule.startswith(known + ".") for known in listed)
    )
    assert unlisted == [], f"rules that fire but 'writer rules' does not list: {unlisted}"
    page = run_cli(["rules", "--format", "markdown"]).out
    for rule in sorted(listed):
        explained = run_cli(["rules", rule])
        assert explained.code == 0 and explained.out.startswith(rule + "\n"), explained.err
        assert f"### `{rule}`" in page


def test_a_rule_a_backend_names_is_explained_by_its_family() -> None:
    explained = run_cli(["rules", "grammar.harper.SpellCheck"])
    assert explained.code == 0, explained.err
    assert explained.out.startswith("grammar.harper.SpellCheck is reported by grammar.harper.")
    assert "Spelling and grammar problems found by harper" in explained.out
    as_json = json.loads(run_cli(["rules", "--format", "json", "grammar.harper.AnA"]).out)
    assert [rule["id"] for rule in as_json] == ["grammar.harper"]
    assert run_cli(["rules", "grammar.harpr.AnA"]).code == 2


def test_sarif_describes_a_style_guide_rule_a_template_brings_in(tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text("# Outage\n\n## Summary\n\nThe outage was PEBKAC.\n")
    result = run_cli(["lint", "--format", "sarif", "--template", "postmortem", str(doc)])
    rules = json.loads(result.out)["runs"][0]["tool"]["driver"]["rules"]
    human = next(rule for rule in rules if rule["id"] == "style.blameless.HumanError")
    assert "end an investigation" in human["fullDescription"]["text"]


def test_the_reference_groups_rules_and_escapes_markup() -> None:
    rules = [
        RuleMeta("acme.Jargon", Severity.WARNING, "Jargon.", "Names like <owner> and `<x>`."),
        RuleMeta("style.house.Weasel", Severity.SUGGESTION, "Weasel.", bad="very", good="fast"),
        RuleMeta("structure.x", Severity.ERROR, "X.", fixable=True, default_enabled=False),
    ]
    page = render(rules)
    titles = ("## Structure", "## Style guide: house", "## Family acme")
    order = [page.index(title) for title in titles]
    assert order == sorted(order)
    assert "Names like &lt;owner> and `<x>`." in page
    assert "```markdown\nvery\n```" in page and "Off by default: `--select structure.x`" in page
    assert "| [`structure.x`](#structure.x) | error (off by default) | yes |" in page
    assert page.count("<!-- writer-disable style.house.Weasel -->") == 1
