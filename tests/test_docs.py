"""The manual in ``docs/`` matches the code: the rule reference is the one ``writer rules`` writes,
every config key and command-line option has its line, and the MkDocs site builds with
``--strict``."""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli
from writer.settings.config import SCHEMA

DOCS = ROOT / "docs"
REGENERATE = "writer rules --format markdown > docs/rules.md"


def test_the_rule_reference_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the command is run at the top of the checkout, with no config
    written = run_cli(["rules", "--format", "markdown"])
    assert written.code == 0, written.err
    committed = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert committed == written.out, f"docs/rules.md is stale: run `{REGENERATE}`"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _keys(schema: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Every key of the config schema as a dotted name; a table of free keys is named once."""
    for key, child in schema.items():
        if key == "*":
            continue
        name = f"{prefix}{key}"
        if isinstance(child, dict) and "*" not in child:
            yield from _keys(child, name + ".")
        else:
            yield name


def test_the_configuration_page_names_every_key() -> None:
    page = _page("configuration.md")
    keys = list(_keys(SCHEMA))
    assert "grammar.backend" in keys and "structure.templates" in keys
    missing = [key for key in keys if not re.search(rf"`{re.escape(key)}[`.]", page)]
    assert missing == [], f"config keys docs/configuration.md does not describe: {missing}"


def _options(command: str) -> list[str]:
    from writer.cli.main import build_parser

    parser = build_parser(command)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [
        option
        for action in sub.choices[command]._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


@pytest.mark.parametrize(
    ("command", "page"),
    [("lint", "lint.md"), ("fix", "fix.md"), ("lsp", "editors.md"), ("report", "report.md")],
)
def test_each_option_has_its_page(command: str, page: str) -> None:
    # fix and report share lint's selection and config options
    text = _page(page) + _page("lint.md")
    missing = [option for option in _options(command) if f"`{option}" not in text]
    assert missing == [], f"writer {command} options docs/{page} does not describe: {missing}"


def test_every_page_is_in_the_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(path.name for path in DOCS.glob("*.md"))
    assert pages and all(f": {name}" in config for name in pages), pages


def test_the_site_builds_with_strict(tmp_path: Path) -> None:
    missing = [name for name in ("mkdocs", "material") if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed: pip install -e '.[docs]'")
    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    reference = (site / "rules" / "index.html").read_text(encoding="utf-8")
    assert 'id="style.blameless.HumanError"' in reference
    security = (site / "security" / "index.html").read_text(encoding="utf-8")
    assert "What writer treats as untrusted data" in security
