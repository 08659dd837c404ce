"""``writer vocab``: accepted words written where the project's config keeps them, read back by
every later run, with the config file's comments and layout kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from writer.settings.load import ConfigResolver, load_config
from writer.settings.vocabulary import accepted_entries, add_words, entry_for, remove_words


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "writer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_new_project_gets_a_writer_toml_at_its_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    done = run_cli(["vocab", "add", "crates.io", "Zulip"], tmp_path / "docs")
    assert done.returncode == 0, done.stderr
    assert "added 'crates.io' (../.writer.toml)" in done.stdout
    config = load_config(tmp_path / ".writer.toml")
    assert config.vocabulary_accept == (r"crates\.io", "Zulip")
    again = run_cli(["vocab", "add", "Zulip"], tmp_path)
    assert "'Zulip': already accepted" in again.stdout
    listed = run_cli(["vocab", "list"], tmp_path)
    assert listed.stdout.splitlines() == [r"crates\.io", "Zulip"]


def test_an_existing_config_keeps_its_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / ".writer.toml"
    path.write_text(
        "# team settings\nfail_on = 'error'  # CI only fails on errors\n\n"
        "[vocabulary]\naccept = ['Kubernetes']  # product names\n"
    )
    config = load_config(path)
    change = add_words(config, ["kubelet"], tmp_path)
    assert change.changed == ("kubelet",)
    text = path.read_text()
    assert "# team settings" in text and "# CI only fails on errors" in text
    assert load_config(path).vocabulary_accept == ("Kubernetes", "kubelet")
    removed = remove_words(load_config(path), ["Kubernetes"], tmp_path)
    assert removed.changed == ("Kubernetes",)
    assert load_config(path).vocabulary_accept == ("kubelet",)


def test_pyproject_gets_a_tool_writer_vocabulary_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "docs"\n\n[tool.writer]\nfail_on = "warning"\n')
    config = ConfigResolver().for_path(tmp_path / "a.md")
    assert config.path == path
    add_words(config, ["etcd"], tmp_path)
    assert 'name = "docs"' in path.read_text()
    assert load_config(path).vocabulary_accept == ("etcd",)


def test_a_vale_project_writes_its_vocabulary_accept_file(tmp_path: Path) -> None:
    ini = tmp_path / ".vale.ini"
    ini.write_text("StylesPath = styles\nVocab = Team\n\n[*.md]\nBasedOnStyles = Vale\n")
    (tmp_path / "styles").mkdir()
    config = load_config(ini)
    change = add_words(config, ["Fastly", "C++"], tmp_path)
    accept = tmp_path / "styles" / "config" / "vocabularies" / "Team" / "accept.txt"
    assert change.path == accept
    assert accept.read_text() == "Fastly\nC\\+\\+\n"
    assert accepted_entries(config) == ("Fastly", r"C\+\+")


def test_a_vale_project_without_a_vocab_is_told_how_to_add_one(tmp_path: Path) -> None:
    (tmp_path / ".vale.ini").write_text("StylesPath = styles\n\n[*.md]\nBasedOnStyles = Vale\n")
    done = run_cli(["vocab", "add", "--config", ".vale.ini", "Fastly"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("writer: ") and "Vocab = Project" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("word", ["", "two\nlines", "x" * 101])
def test_a_word_that_cannot_be_an_entry_is_refused(word: str) -> None:
    with pytest.raises(Exception, match="cannot be a vocabulary entry"):
        entry_for(word)
