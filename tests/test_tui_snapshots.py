"""Snapshots of the main screens at 100x30 (and the draft screen at 80x24).

Regenerate after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui_support import options, settle
from writer.tui.app import WriterApp, edit_draft, make_app, new_draft
from writer.tui.templating import load_info

EDITED = """\
---
template: postmortem
status: draft
authors: [Ada Lovelace]
date: 2026-03-14
severity: SEV-2
---

# Postmortem: checkout errors after a config push

## Summary

Checkout failed for some users after the config push. Errors rose significantly.

## Impact

Some users could not pay.

## Timeline

All times in UTC.

| Time | Event |
|------|-------|
| 2026-03-14 14:02 | Config pushed to every region |
| 2026-03-14 14:08 | Alert fired |

## Action items

- Restart the the canary
"""


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _still(app: WriterApp) -> None:
    screen = app.draft_screen
    if screen is not None:
        screen.editor.cursor_blink = False


def test_new_postmortem(snap_compare: Any, tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        await pilot.press(*"Checkout failed for 12% of users for 31 minutes.")
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_new_postmortem_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_edit_with_findings(snap_compare: Any, tmp_path: Path) -> None:
    path = tmp_path / "checkout.md"
    path.write_text(EDITED, encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_preview(snap_compare: Any, tmp_path: Path) -> None:
    path = tmp_path / "checkout.md"
    path.write_text(EDITED, encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        app.clear_notifications()
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_help_screen(snap_compare: Any, tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        await pilot.press("f1")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_metadata_form(snap_compare: Any, tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        await pilot.press("f2")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_template_picker(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(None, options(tmp_path))
    assert snap_compare(app, terminal_size=(100, 30))
