"""The engine: selection by id and prefix, severity overrides, suppressions, isolation, order."""

from __future__ import annotations

from collections.abc import Iterator

from writer.api import Linter, LintOptions
from writer.checks.base import CheckContext
from writer.engine.engine import Engine, Selection
from writer.model.document import parse
from writer.model.findings import Finding, Severity
from writer.model.rules import RuleMeta
from writer.settings.config import Config

TEXT = "# Title\n\nThe the TODO.\n\n#### Skipped\n\nText.\n"


def rules_of(text: str, **options: object) -> list[str]:
    linter = Linter(LintOptions(**options))  # type: ignore[arg-type]
    return [f.rule for f in linter.lint_text(text).findings]


def test_all_builtin_rules_fire() -> None:
    assert rules_of(TEXT) == [
        "prose.repeated-word",
        "structure.placeholder",
        "structure.heading-increment",
    ]


def test_select_and_ignore_take_ids_and_prefixes() -> None:
    assert rules_of(TEXT, select=("structure",)) == [
        "structure.placeholder",
        "structure.heading-increment",
    ]
    assert rules_of(TEXT, ignore=("structure",)) == ["prose.repeated-word"]
    assert rules_of(TEXT, select=("structure",), ignore=("structure.placeholder",)) == [
        "structure.heading-increment"
    ]
    # A more specific select wins over a broader ignore.
    assert rules_of(TEXT, select=("structure.placeholder",), ignore=("structure",)) == [
        "structure.placeholder"
    ]


def test_config_severity_overrides_and_off() -> None:
    config = Config(rules=(("structure", "error"), ("structure.placeholder", "off")))
    selection = Selection.from_config(config)
    assert selection.severity("structure.heading-increment", Severity.WARNING) is Severity.ERROR
    assert not selection.enabled("structure.placeholder")
    assert selection.enabled("prose.repeated-word")


def test_writer_suppression_comments() -> None:
    text = (
        "# T\n\n<!-- writer-disable prose.repeated-word -->\nthe the\n"
        "<!-- writer-enable prose.repeated-word -->\n\nthe the\n\n"
        "<!-- writer-disable-next-line structure -->\n\nTODO here.\n\nTODO there.\n"
    )
    findings = Linter().lint_text(text).findings
    assert [(f.rule, f.line) for f in findings] == [
        ("prose.repeated-word", 7),
        ("structure.placeholder", 13),
    ]


def test_disable_without_rules_silences_everything_until_enable() -> None:
    text = "# T\n\n<!-- writer-disable -->\nthe the TODO\n<!-- writer-enable -->\nthe the\n"
    assert [(f.rule, f.line) for f in Linter().lint_text(text).findings] == [
        ("prose.repeated-word", 6)
    ]


def test_vale_comments_silence_style_rules_only() -> None:
    doc = parse("<!-- vale off -->\nx\n<!-- vale on -->\n<!-- vale Google.Passive = NO -->\ny\n")
    from writer.engine.suppressions import parse_suppressions

    ranges = {(s.first, s.last, s.selectors) for s in parse_suppressions(doc)}
    assert (1, 3, ("style",)) in ranges
    assert (4, 6, ("style.Google.Passive",)) in ranges


BROKEN = RuleMeta("test.broken", Severity.ERROR, "always fails")
STEADY = RuleMeta("test.steady", Severity.WARNING, "always reports")


class Broken:
    rules = (BROKEN,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        raise RuntimeError("boom")


class Steady:
    rules = (STEADY,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        yield context.finding(STEADY, 4, 5, "second")
        yield context.finding(STEADY, 0, 1, "first")
        yield context.finding(STEADY, 0, 1, "first")


def test_a_failing_check_never_stops_the_others_and_output_is_sorted() -> None:
    result = Engine([Broken(), Steady()]).run(parse("abc\ndef\n"), Config())
    assert [(f.line, f.column, f.message) for f in result.findings] == [
        (1, 1, "first"),
        (2, 1, "second"),
    ]
    assert any("internal error in test.broken" in notice for notice in result.notices)


def test_dynamic_rule_ids_are_selected_by_their_declared_prefix() -> None:
    family = RuleMeta("grammar.fake", Severity.WARNING, "grammar family")

    class Dynamic:
        rules = (family,)

        def check(self, context: CheckContext) -> Iterator[Finding]:
            finding = context.finding(family, 0, 1, "x")
            yield Finding(**{**finding.__dict__, "rule": "grammar.fake.SPELLING"})

    engine = Engine([Dynamic()], Selection(ignore=("grammar.fake.SPELLING",)))
    assert engine.run(parse("abc\n"), Config()).findings == ()
    engine = Engine([Dynamic()], Selection(select=("grammar.fake.SPELLING",)))
    assert [f.rule for f in engine.run(parse("abc\n"), Config()).findings] == [
        "grammar.fake.SPELLING"
    ]


def test_one_engine_per_config_even_with_command_line_options(tmp_path: object) -> None:
    # Options such as --template or --style make a changed copy of each config; that copy is
    # made once, so the checkers (and what they remember between documents) are built once.
    counted: list[int] = []

    def provider(config: Config, options: LintOptions, template: object) -> list[object]:
        counted.append(1)
        return []

    linter = Linter(LintOptions(template="none", styles=("house",)), providers=[provider])  # type: ignore[list-item]
    for index in range(5):
        linter.lint_text(f"# Doc {index}\n\nText.\n", "doc.md")
    assert len(counted) == 1
    assert linter.config_for(None) is linter.config_for(None)


def test_a_word_the_house_terminology_reports_is_not_reported_again_as_misspelt() -> None:
    from writer.api import Linter, LintOptions

    text = "# Outage\n\nWe use javascript for the code, and recieve alerts.\n"
    found = [(f.rule, f.column) for f in Linter(LintOptions(jobs=1)).lint_text(text).findings]
    assert ("style.house.Terminology", 8) in found
    assert not [rule for rule, column in found if column == 8 and rule.startswith("grammar.")]
    assert any(rule == "grammar.harper.SpellCheck" for rule, _ in found)  # "recieve" still


def test_text_inside_a_placeholder_left_in_is_not_polished() -> None:
    text = (
        "# Outage\n\n## Action items\n\n"
        "1. {{ Fix the github alerts so they recieve every error }} [link to github issue]\n\n"
        "We use github, and recieve alerts.\n"
    )
    found = [(f.rule, f.line) for f in Linter(LintOptions(jobs=1)).lint_text(text).findings]
    assert ("structure.placeholder", 5) in found
    assert not [rule for rule, line in found if line == 5 and rule.startswith(("style.", "gram"))]
    assert ("style.house.Terminology", 7) in found and ("grammar.harper.SpellCheck", 7) in found
