"""``writer init``: starter config, pre-commit hooks added without losing anything, CI workflow."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHARED, need_shared, run_cli
from writer.cli.init_files import HOOK_REPOSITORY, EditError, add_hooks, pre_commit_entry
from writer.settings.load import load_config

EXISTING = """\
# Our hooks. Keep this list sorted.
default_stages: [pre-commit]
repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v4.6.0  # pinned on purpose
    hooks:
      - id: trailing-whitespace
      # - id: end-of-file-fixer   (disabled: see #12)

# Settings for pre-commit.ci
ci:
  autofix_prs: false
"""


def _hooks(text: str) -> list[str]:
    data = yaml.safe_load(text)
    return [hook["id"] for repo in data["repos"] for hook in repo["hooks"]]


def test_init_sets_up_an_empty_repository(tmp_path: Path) -> None:
    result = run_cli(["init", str(tmp_path)])
    assert result.code == 0, result.err
    config = load_config(tmp_path / ".writer.toml")
    (tmp_path / "postmortems" / "2025").mkdir(parents=True)
    assert config.template_for(tmp_path / "postmortems" / "2025" / "db.md") == "postmortem"
    assert config.template_for(tmp_path / "docs" / "incidents" / "x.md") == "postmortem"
    assert config.template_for(tmp_path / "design" / "cache.md") == "design-doc"
    assert config.template_for(tmp_path / "notes.md") is None
    text = (tmp_path / "postmortems" / "2025").parent.parent / ".writer.toml"
    for folder in ("postmortems/", "incidents/", "design/", "rfcs/", "adr/"):
        assert f'"{folder}" = ' in text.read_text(encoding="utf-8")
    pre_commit = (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert _hooks(pre_commit) == ["writer-fix", "writer"]
    assert yaml.safe_load(pre_commit)["repos"][0]["repo"] == HOOK_REPOSITORY
    assert "created  .writer.toml" in result.out
    assert "note: this is not the top of a git repository" in result.out


def test_workflow_lints_to_sarif_and_uploads_it(tmp_path: Path) -> None:
    assert run_cli(["init", str(tmp_path)]).code == 0
    workflow = yaml.safe_load((tmp_path / ".github/workflows/writer.yml").read_text())
    steps = workflow["jobs"]["docs"]["steps"]
    lint = next(step for step in steps if "--format sarif" in step.get("run", ""))
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"] == "always()"
    assert workflow["permissions"]["security-events"] == "write"
    output = lint["run"].split("--output ")[1].split()[0]
    assert upload["with"]["sarif_file"] == output
    assert any(step.get("run", "").startswith("writer lint --format github") for step in steps)


def test_the_workflow_lint_command_produces_valid_sarif(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = need_shared(SHARED / "schemas" / "sarif-schema-2.1.0.json")
    assert run_cli(["init", str(tmp_path)]).code == 0
    (tmp_path / "postmortems").mkdir()
    (tmp_path / "postmortems" / "db.md").write_text("# Outage\n\nThe the database.\n")
    workflow = yaml.safe_load((tmp_path / ".github/workflows/writer.yml").read_text())
    command = next(
        step["run"]
        for step in workflow["jobs"]["docs"]["steps"]
        if "--format sarif" in step.get("run", "")
    )
    argv = shlex.split(command)
    assert argv[0] == "writer"
    monkeypatch.chdir(tmp_path)
    result = run_cli(argv[1:])
    assert result.code == 0, result.err  # --exit-zero: the next step decides
    sarif = json.loads((tmp_path / "writer.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, json.loads(schema_path.read_text(encoding="utf-8")))
    assert "prose.repeated-word" in [r["ruleId"] for r in sarif["runs"][0]["results"]]


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    assert run_cli(["init", str(tmp_path)]).code == 0
    names = [".writer.toml", ".pre-commit-config.yaml", ".github/workflows/writer.yml"]
    for name in names:
        (tmp_path / name).write_text((tmp_path / name).read_text() + "# mine\n")
    before = {name: (tmp_path / name).read_bytes() for name in names}
    again = run_cli(["init", str(tmp_path)])
    assert again.code == 0
    assert {name: (tmp_path / name).read_bytes() for name in names} == before
    assert "kept     .writer.toml (it exists; --force replaces it)" in again.out
    assert "kept     .pre-commit-config.yaml (it already runs writer)" in again.out
    forced = run_cli(["init", "--force", str(tmp_path)])
    assert forced.code == 0
    assert "# mine" not in (tmp_path / ".writer.toml").read_text()
    assert "# mine" not in (tmp_path / ".github/workflows/writer.yml").read_text()
    # Even with --force the hooks are not added a second time.
    assert _hooks((tmp_path / ".pre-commit-config.yaml").read_text()) == ["writer-fix", "writer"]


def test_an_existing_config_in_pyproject_is_kept(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.writer]\nfail_on = "error"\n')
    result = run_cli(["init", "--no-workflow", "--no-pre-commit", str(tmp_path)])
    assert result.code == 0
    assert not (tmp_path / ".writer.toml").exists()
    assert "kept     pyproject.toml" in result.out
    assert (
        not (tmp_path / ".github").exists() and not (tmp_path / ".pre-commit-config.yaml").exists()
    )


def test_hooks_are_appended_keeping_comments_and_other_keys(tmp_path: Path) -> None:
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(EXISTING, encoding="utf-8")
    result = run_cli(["init", "--rev", "v9.9.9", str(tmp_path)])
    assert result.code == 0, result.err
    text = path.read_text(encoding="utf-8")
    assert "updated  .pre-commit-config.yaml" in result.out
    # Take the new entry out and the file is exactly what it was.
    entry = pre_commit_entry("v9.9.9", "  ")
    assert text.count(entry) == 1
    assert text.replace(entry, "") == EXISTING
    data = yaml.safe_load(text)
    assert data["ci"] == {"autofix_prs": False}
    assert data["default_stages"] == ["pre-commit"]
    assert [repo["repo"] for repo in data["repos"]] == [
        "https://github.com/pre-commit/pre-commit-hooks",
        HOOK_REPOSITORY,
    ]
    assert data["repos"][1]["rev"] == "v9.9.9"
    assert text.index("rev: v9.9.9") < text.index("# Settings for pre-commit.ci")


@pytest.mark.parametrize(
    "original",
    [
        "repos:\n- repo: local\n  hooks:\n  - id: x\n    name: x\n    entry: x\n    language: fail",
        "repos: []\n",
        "# nothing yet\n",
        "repos:\r\n  - repo: local\r\n    hooks:\r\n      - id: x\r\n",
        "\ufeffrepos:\n  - repo: local\n    hooks: []\n",
    ],
)
def test_add_hooks_handles_layouts(original: str) -> None:
    edit = add_hooks(original, "v1.0.0")
    assert edit.changed
    assert _hooks(edit.text.lstrip("\ufeff"))[-2:] == ["writer-fix", "writer"]
    assert ("\r\n" in original) == ("\r\n" in edit.text)
    if "\r\n" in original:
        assert "\n" not in edit.text.replace("\r\n", "")
    assert edit.text.startswith("\ufeff") == original.startswith("\ufeff")
    assert add_hooks(edit.text, "v1.0.0") == type(edit)(edit.text, changed=False)


def test_a_flow_list_is_refused_and_left_alone(tmp_path: Path) -> None:
    with pytest.raises(EditError, match="by hand"):
        add_hooks("repos: [{repo: local, hooks: []}]\n", "v1")
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text("repos: [{repo: local, hooks: []}]\n")
    result = run_cli(["init", str(tmp_path)])
    assert result.code == 2
    assert "writer: .pre-commit-config.yaml: 'repos' is written as a flow list" in result.err
    assert path.read_text() == "repos: [{repo: local, hooks: []}]\n"
    assert (tmp_path / ".writer.toml").exists()  # the rest was still set up


def test_init_needs_a_directory(tmp_path: Path) -> None:
    result = run_cli(["init", str(tmp_path / "missing")])
    assert result.code == 2
    assert "not a directory" in result.err and "Traceback" not in result.err
