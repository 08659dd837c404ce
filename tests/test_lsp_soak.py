"""A short soak of ``writer lsp``: twenty seconds of a scripted editor's random edits and
requests (the ten-minute one is ``python bench/lsp_soak.py``)."""

from __future__ import annotations

from pathlib import Path

from tests.lsp_soak import soak
from tests.test_lsp_server import POSTMORTEM


def test_random_edits_and_requests_never_crash_stall_or_drift(tmp_path: Path) -> None:
    workspace = tmp_path / "docs"
    workspace.mkdir()
    report = soak(
        20,
        workspace,
        {
            "checkout.md": POSTMORTEM * 4,
            "short.md": POSTMORTEM,
            "notes.md": "# Notes\n\nPlain notes 😀 with no template.\n",
        },
        seed=7,
        log=tmp_path / "server.log",
    )
    assert not report.problems, report.summary()
    assert report.exit_code == 0
    assert report.edits > 100 and report.requests > 10 and report.reopened >= 1
