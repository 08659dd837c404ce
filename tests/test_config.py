"""Configuration: discovery by walking up, validation, and errors that name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer.errors import ConfigError
from writer.infra.globs import glob_match
from writer.model.findings import Severity
from writer.settings.load import ConfigResolver, load_config


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_writer_toml_is_found_by_walking_up(tmp_path: Path) -> None:
    write(
        tmp_path / ".writer.toml",
        'fail_on = "error"\n[templates]\n"postmortems/**" = "postmortem"\n',
    )
    doc = write(tmp_path / "docs" / "postmortems" / "pm-1.md", "# x\n")
    config = ConfigResolver().for_path(doc)
    assert config.fail_on is Severity.ERROR
    assert config.relative(doc) == "docs/postmortems/pm-1.md"
    assert config.template_for(doc) is None  # globs are relative to the config's folder
    assert config.template_for(tmp_path / "postmortems" / "a.md") == "postmortem"


def test_pyproject_tool_writer_section(tmp_path: Path) -> None:
    write(
        tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.writer]\nignore = ["prose"]\n'
    )
    doc = write(tmp_path / "a.md", "x\n")
    assert ConfigResolver().for_path(doc).ignore == ("prose",)


def test_pyproject_without_tool_writer_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / ".writer.toml", 'ignore = ["outer"]\n')
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    doc = write(tmp_path / "inner" / "a.md", "x\n")
    assert ConfigResolver().for_path(doc).ignore == ("outer",)


def test_unknown_key_names_file_line_key_and_nearest(tmp_path: Path) -> None:
    path = write(tmp_path / ".writer.toml", 'fail_on = "error"\n\nselec = ["structure"]\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: unknown key 'selec'")
    assert "did you mean 'select'?" in message


def test_unknown_nested_key(tmp_path: Path) -> None:
    path = write(tmp_path / ".writer.toml", '[grammar]\nbackend = "off"\nlanguge = "en-GB"\n')
    with pytest.raises(
        ConfigError, match=r":3: unknown key 'grammar.languge'; did you mean 'language'"
    ):
        load_config(path)


def test_unknown_key_in_pyproject_is_prefixed(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.writer]\nfail-on = 'error'\n")
    with pytest.raises(
        ConfigError, match=r"unknown key 'tool.writer.fail-on'; did you mean 'fail_on'"
    ):
        load_config(path)


def test_malformed_toml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / ".writer.toml", 'fail_on = "error"\nselect = [\n"a",\nbroken\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.line == 4
    assert "invalid TOML" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('select = "structure"\n', "select must be a list"),
        ("jobs = 'two'\n", "jobs must be an integer"),
        ('fail_on = "loud"\n', "unknown severity 'loud'"),
        ('[rules]\n"prose.repeated-word" = "maybe"\n', "use error, warning, suggestion or off"),
        ('[grammar]\nbackend = "grammarly"\n', "use off, auto, languagetool or harper"),
    ],
)
def test_wrong_values_are_clear_errors(tmp_path: Path, text: str, fragment: str) -> None:
    path = write(tmp_path / ".writer.toml", text)
    with pytest.raises(ConfigError, match=fragment):
        load_config(path)


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("postmortems/2024/a.md", "postmortems/**", True),
        ("docs/postmortems/a.md", "postmortems/", True),
        ("docs/postmortems/a.md", "postmortems/**", False),
        ("docs/postmortems/a.md", "**/postmortems/*.md", True),
        ("adr/0001-x.md", "adr/*.md", True),
        ("a/b/c.md", "*.md", True),
        ("a/b/c.txt", "*.md", False),
    ],
)
def test_glob_matching(path: str, pattern: str, expected: bool) -> None:
    assert glob_match(path, pattern) is expected
