"""The language server's parts that need no client: settings, what may start a row, the
guidance comment, which rules spell."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from writer.lsp.actions import guidance_comment, is_spelling, wanted
from writer.lsp.completion import may_start_row
from writer.lsp.settings import ServerSettings


def test_client_settings_are_read_and_the_rest_named() -> None:
    settings, problems = ServerSettings().updated(
        {
            "writer": {
                "config": "~/team/.writer.toml",
                "debounceMs": 120,
                "grammar": "harper",
                "colour": "red",
                "template": "",
            }
        }
    )
    assert settings.config == Path("~/team/.writer.toml").expanduser()
    assert settings.debounce == 0.12 and settings.grammar == "harper"
    assert settings.template is None
    assert problems == ["setting 'colour' = 'red' is not understood; it is ignored"]
    same, none = settings.updated(None)
    assert same is settings and none == []
    _, bad = settings.updated({"debounceMs": True, "grammar": "perfect"})
    assert len(bad) == 2
    assert settings.rule_url("prose.repeated-word").endswith("rules.md#prose.repeated-word")


def test_a_row_may_start_only_on_a_line_that_holds_nothing_else() -> None:
    text = "| a | b |\n\n|\n- \nre-run\n  \n"

    def at(line: int, character: int) -> bool:
        return may_start_row(text, types.Position(line=line, character=character), "utf-16")

    assert at(1, 0) and at(2, 1) and at(3, 2) and at(5, 2)
    assert not at(0, 0)  # text after the cursor
    assert not at(4, 3)  # a hyphen inside a word
    assert not at(40, 0)


def test_guidance_becomes_a_comment_that_cannot_end_early() -> None:
    assert guidance_comment("Say what --> broke.") == "<!-- Say what - -> broke. -->"
    long = guidance_comment("word " * 40)
    assert long.startswith("<!--\n") and long.endswith("\n-->")
    assert all(len(line) <= 96 for line in long.split("\n"))


def test_spelling_rules_and_action_kinds() -> None:
    assert is_spelling("grammar.harper.SpellCheck") and is_spelling("style.Vale.Spelling")
    assert not is_spelling("style.house.PlainWords")
    assert wanted(None, "quickfix") and wanted(["source"], "source.fixAll")
    assert not wanted(["quickfix"], "source.fixAll")
