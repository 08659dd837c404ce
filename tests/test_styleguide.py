"""Loading Vale-format style guides: keys, errors, notices, and the style provider."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED, need_shared, run_cli
from writer.checks.rules.base import RuleError, format_message
from writer.styleguide import read_rule, read_vale_ini


def _style(tmp_path: Path, name: str, rules: dict[str, str]) -> Path:
    folder = tmp_path / "styles" / name
    folder.mkdir(parents=True)
    for rule, text in rules.items():
        (folder / f"{rule}.yml").write_text(text, encoding="utf-8")
    return folder


def test_unknown_key_names_file_line_and_nearest_key(tmp_path: Path) -> None:
    folder = _style(
        tmp_path, "Team", {"Words": "extends: existence\nmessage: x\nignorecse: true\n"}
    )
    with pytest.raises(RuleError) as info:
        read_rule(folder / "Words.yml", "Team")
    assert info.value.line == 3
    assert "unknown key 'ignorecse'" in str(info.value)
    assert "did you mean 'ignorecase'?" in str(info.value)


def test_unknown_key_is_a_clean_cli_error(tmp_path: Path) -> None:
    folder = _style(tmp_path, "Team", {"Words": "extends: existence\nmessage: x\ntokenz: [a]\n"})
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert "Words.yml:3" in result.out + result.err
    assert "did you mean 'tokens'?" in result.out + result.err
    assert "Traceback" not in result.err


def test_script_rules_are_refused_with_a_notice(tmp_path: Path) -> None:
    folder = _style(
        tmp_path,
        "Team",
        {
            "Code": "extends: script\nmessage: x\nscript: 'x := 1'\n",
            "Words": "extends: existence\nmessage: \"Drop '%s'.\"\ntokens: [simply]\n",
        },
    )
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n")
    result = run_cli(["lint", "--style", str(folder), "--format", "text", str(doc)])
    assert result.code == 1
    assert "Team.Code is a 'script' rule" in result.out + result.err
    line = run_cli(["lint", "--style", str(folder), "--format", "line", str(doc)])
    assert f"{doc}:1:6:style.Team.Words:Drop 'simply'." in line.out


def test_sequence_rules_are_skipped_with_a_notice_naming_them(tmp_path: Path) -> None:
    folder = _style(
        tmp_path,
        "Team",
        {"Seq": "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n"},
    )
    doc = tmp_path / "doc.md"
    doc.write_text("Text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert "Team.Seq is a sequence rule that needs part-of-speech tags" in result.out + result.err


def test_unknown_style_name_suggests_the_nearest(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("Text.\n")
    result = run_cli(["lint", "--style", "hous", str(doc)])
    assert result.code == 2
    assert "did you mean 'house'?" in result.out + result.err


def test_format_message_cycles_like_vale() -> None:
    assert format_message("Use '%s' instead of '%s'.", "a", "b") == "Use 'a' instead of 'b'."
    assert format_message("'%s' and '%s'", "x") == "'x' and 'x'"
    assert format_message("no placeholder", "x") == "no placeholder"


def test_vale_ini_last_matching_section_wins(tmp_path: Path) -> None:
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\nMinAlertLevel = warning\n\n[*]\nBasedOnStyles = A\nA.X = NO\n\n"
        "[*.md]\nBasedOnStyles = B\nA.X = error\n"
    )
    parsed = read_vale_ini(ini)
    settings = parsed.for_file(str(tmp_path / "doc.md"))
    assert settings.styles == ("B",)
    other = parsed.for_file(str(tmp_path / "doc.txt"))
    assert other.styles == ("A",)
    assert other.level("A", "X", parsed.min_level) is None


@pytest.mark.corpus
def test_every_shared_style_package_loads() -> None:
    styles = need_shared(SHARED / "vale" / "styles")
    from writer.checks.rules.base import RuleEnv
    from writer.styleguide import load_style

    loaded = {}
    for folder in sorted(p for p in styles.iterdir() if p.is_dir()):
        guide = load_style(folder, RuleEnv(styles_path=(str(styles),)))
        loaded[folder.name] = len(guide.rules)
    assert loaded["Google"] > 25 and loaded["Microsoft"] > 35, loaded
    assert all(count > 0 for count in loaded.values()), loaded
