"""Vale behaviours a ``.vale.ini`` user relies on, each on a small self-contained setup."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from writer.model.document import parse


def _setup(tmp_path: Path, ini: str, rules: dict[str, str], text: str) -> list[str]:
    styles = tmp_path / "styles" / "Test"
    styles.mkdir(parents=True)
    for name, body in rules.items():
        (styles / f"{name}.yml").write_text(body, encoding="utf-8")
    (tmp_path / ".vale.ini").write_text(ini, encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text(text, encoding="utf-8")
    result = run_cli(
        [
            "lint",
            "--config",
            str(tmp_path / ".vale.ini"),
            "--format",
            "line",
            "--select",
            "style",
            str(doc),
        ]
    )
    assert result.code in (0, 1), result.err
    return [line.split(":", 1)[1] for line in result.out.splitlines()]


WORD = "extends: existence\nmessage: \"Found '%s'.\"\ntokens:\n  - FOOBAR\n"
INI = "StylesPath = styles\nMinAlertLevel = suggestion\n\n[*.md]\nBasedOnStyles = Test\n"


def test_display_math_is_not_linted(tmp_path: Path) -> None:
    text = "Real FOOBAR here.\n\n$$\ny = FOOBAR + x\n$$\n\nInline $z$ and $5 keep FOOBAR.\n"
    rows = _setup(tmp_path, INI, {"Word": WORD}, text)
    assert rows == [
        "1:6:style.Test.Word:Found 'FOOBAR'.",
        "7:24:style.Test.Word:Found 'FOOBAR'.",
    ]


def test_ignore_patterns_and_ignored_scopes(tmp_path: Path) -> None:
    ini = (
        "StylesPath = styles\nIgnoredScopes = code, strong\n\n[*.md]\nBasedOnStyles = Test\n"
        "IgnorePatterns = (?s)(<skip>.*?</skip>)\n"
    )
    text = (
        "FOOBAR one.\n\n<skip>\nFOOBAR two.\n</skip>\n\nThe **FOOBAR** three.\n\n_FOOBAR_ four.\n"
    )
    rows = _setup(tmp_path, ini, {"Word": WORD}, text)
    assert rows == [
        "1:1:style.Test.Word:Found 'FOOBAR'.",
        "9:2:style.Test.Word:Found 'FOOBAR'.",
    ]


def test_replace_options_are_literal_text(tmp_path: Path) -> None:
    rule = (
        "extends: substitution\nmessage: Use one comma or an ellipsis.\nnonword: true\n"
        "action:\n  name: replace\nswap:\n  ',{2,}': ',|...'\n"
    )
    rows = _setup(tmp_path, INI, {"Commas": rule}, "Two,, and three,,, commas.\n")
    # ``...`` is an ellipsis, not a pattern that any three characters (``,,,``) satisfy.
    assert rows == [
        "1:4:style.Test.Commas:Use one comma or an ellipsis.",
        "1:16:style.Test.Commas:Use one comma or an ellipsis.",
    ]


def test_line_format_keeps_spaces_inside_a_message(tmp_path: Path) -> None:
    rule = "extends: existence\nmessage: 'Bad indent \"%s\"'\nnonword: true\nscope: raw\n"
    rule += "tokens:\n  - '^[ ]{1,3}`'\n"
    rows = _setup(tmp_path, INI, {"Indent": rule}, "# Title\n\n   `three spaces`\n")
    assert rows == ['3:1:style.Test.Indent:Bad indent "   `"']


def test_vale_spelling_reads_every_ignore_list_in_any_case(tmp_path: Path) -> None:
    config = tmp_path / "styles" / "config"
    (config / "dictionaries").mkdir(parents=True)
    (config / "dictionaries" / "en_US.dic").write_text("3\nis\na\nserver\n", encoding="utf-8")
    (config / "dictionaries" / "en_US.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (config / "ignore" / "tools").mkdir(parents=True)
    (config / "ignore" / "base.txt").write_text("nginx\n", encoding="utf-8")
    (config / "ignore" / "tools" / "cli.txt").write_text("httpie\n", encoding="utf-8")
    ini = "StylesPath = styles\n\n[*]\nVale.Spelling = YES\n"
    rows = _setup(tmp_path, ini, {}, "Nginx is a server.\n\nHTTPie is a servr.\n")
    assert rows == ["3:13:style.Vale.Spelling:Did you really mean 'servr'?"]


def test_link_destination_with_nested_parentheses_is_not_prose() -> None:
    text = "[a link](https://example.com/?g=(f:!(),r:(p:!t,v:0))&a=(c:!(x.y)))\n"
    document = parse(text)
    assert [block.text for block in document.blocks] == ["a link"]


def test_a_raw_html_tables_caption_and_cells_are_linted_by_scope(tmp_path: Path) -> None:
    caption = WORD + "scope:\n  - table.caption\n"
    cell = WORD.replace("Found", "Cell") + "scope: table.cell\n"
    text = (
        "Intro.\n\n<table>\n  <caption>FOOBAR caption</caption>\n"
        "  <tr><th>Name</th><th>FOOBAR</th></tr>\n  <tr><td>one FOOBAR</td><td>two</td></tr>\n"
        "</table>\n\n```html\n<table><caption>FOOBAR</caption></table>\n```\n"
    )
    rows = _setup(tmp_path, INI, {"Caption": caption, "Cells": cell}, text)
    assert rows == [
        "4:12:style.Test.Caption:Found 'FOOBAR'.",
        "6:15:style.Test.Cells:Cell 'FOOBAR'.",
    ]
