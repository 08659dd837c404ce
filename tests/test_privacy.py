"""Document text never leaves the machine unless a grammar server is configured."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import CORPORA, run_cli


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a network connection is recorded and refused."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise NetworkUsed(f"network access to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    return attempts


def test_full_lint_with_default_settings_opens_no_socket(
    no_network: list[object], tmp_path: Path
) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text(
        "---\ntemplate: postmortem\n---\n# Checkout outage\n\n## Summary\n\n"
        "Checkout failed for 12% of users for 31 minutes. See https://status.example.com.\n",
        encoding="utf-8",
    )
    sources = [str(doc)]
    postmortems = CORPORA / "dfds-postmortems"
    if postmortems.exists():
        sources.append(str(postmortems))
    for fmt in ("text", "json", "sarif", "github", "line"):
        result = run_cli(["lint", "--jobs", "1", "--format", fmt, *sources])
        assert result.code in (0, 1), result.err
    assert no_network == []
