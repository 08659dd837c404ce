"""Shared test helpers: the real-corpus location and in-process CLI runs."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def need_shared(path: Path) -> Path:
    """Skip the test, saying why, when the shared corpora are not beside the checkout."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpora are not beside this checkout")
    return path


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(argv: list[str], stdin: str | bytes | None = None) -> CliResult:
    """Run ``writer`` in-process with captured stdout/stderr and optional stdin."""
    from writer.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr, sys.stdin
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    sys.stdout, sys.stderr = out, err
    if data is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stderr, sys.stdin = old
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli() -> Iterator[type[CliResult]]:
    yield CliResult


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's own config and cache out of every test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.delenv("WRITER_ALLOWED_SERVERS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def languagetool_stand_in() -> Iterator[object]:
    """The loopback LanguageTool server (see tests/languagetool_server.py), one per session."""
    from tests.languagetool_server import LanguageToolStandIn

    server = LanguageToolStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def languagetool(languagetool_stand_in: object, monkeypatch: pytest.MonkeyPatch) -> object:
    """The loopback server, reset to behave well; ``$WRITER_TEST_LANGUAGETOOL_URL`` names it."""
    from tests.languagetool_server import LanguageToolStandIn

    assert isinstance(languagetool_stand_in, LanguageToolStandIn)
    languagetool_stand_in.reset()
    monkeypatch.setenv("WRITER_TEST_LANGUAGETOOL_URL", languagetool_stand_in.url)
    return languagetool_stand_in
