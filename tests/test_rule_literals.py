"""The substring shortcut: text every match of a rule's patterns must contain. A wrong literal
would silently drop findings, so each shape is checked against the real pattern engine."""

from __future__ import annotations

import pytest
import regex

from writer.checks.style.kinds.literals import required_literals

SHAPES = [
    (["utilize", "in order to"], ("in order to", "utilize")),
    (["we think(?! (?:about|of)\\b)"], ("we think",)),
    (["(?<!\\b(?:this|that) )(?:sort|kind) of"], ("kind of", "sort of")),
    (["(?<=\\[)(?:here|this link)(?=\\]\\()"], ("[here](", "[this link](")),
    (["\\bfoo\\b", "e\\.g\\."], ("e.g.", "foo")),
    (["x(?=[(])"], ("x",)),  # a class in a lookahead adds nothing
    # Otherwise one piece every match needs: a group that is not optional, or plain text.
    (["(?:last|next) (?:week|month)"], ("last", "next")),
    (["(?:a few|\\d+) years ago"], (" years ago",)),
    (["(?:the|a) recent (?:\\w+ )?(?:change|upgrade)"], (" recent ",)),
]


@pytest.mark.parametrize(("patterns", "expected"), SHAPES)
def test_understood_shapes(patterns: list[str], expected: tuple[str, ...]) -> None:
    assert required_literals(patterns) == expected


@pytest.mark.parametrize(
    "pattern",
    ["foo|bar", "(?i)foo", "foo\\s+bar", "(?:a|b)?x", "(foo)", "a(?:b|c)d(?:e|f)", "\\d+ms", ""],
)
def test_other_shapes_give_no_shortcut(pattern: str) -> None:
    assert required_literals([pattern, "plain"]) is None


TEXT = (
    "We think of it. We think it works; this kind of change is sort of risky. See [here](x) and "
    "[this link](y), e.g. foo, Foo bar. In order to utilize x(y). Last week, not next month; "
    "a few years ago and 5 years ago; the recent upgrade, a recent config change."
)


@pytest.mark.parametrize(("patterns", "expected"), SHAPES)
def test_every_match_contains_a_literal(patterns: list[str], expected: tuple[str, ...]) -> None:
    pattern = regex.compile("(?i)(?:" + "|".join(patterns) + ")")
    matches = list(pattern.finditer(TEXT))
    assert matches, "the text exercises the pattern"
    lower = TEXT.lower()
    for match in matches:
        window = lower[max(0, match.start() - 1) : match.end() + 2]
        assert any(literal in window for literal in expected), match.group()


def test_bundled_word_rules_take_the_shortcut() -> None:
    from writer.checks.style.guides import bundled_styles_dir, load_style
    from writer.checks.style.kinds.base import RuleEnv

    guide = load_style(bundled_styles_dir() / "house", RuleEnv())
    by_name = {rule.spec.name: rule for rule in guide.rules}
    for name in ("Hedging", "RelativeTime", "LinkText", "PlainWords", "Weasel"):
        assert by_name[name].literals, name
