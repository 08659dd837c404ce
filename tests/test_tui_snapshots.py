"""Snapshots of the main screens at 80x24, 100x30 and 160x48.

They use a template owned by these tests (``fixtures/tui/drill.yaml``) and only the basic
prose rules, so they change when the screens change, not when a bundled template's or a
rule's wording does. Regenerate after an intended change with
``pytest tests/test_tui_snapshots.py --snapshot-update`` and review the SVGs in
``tests/__snapshots__``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests.tui_support import options, settle
from writer.api import LintOptions
from writer.tui import app as app_module
from writer.tui.app import WriterApp, make_app
from writer.tui.screens.forms import MetadataForm
from writer.tui.state.draft import AppOptions, edit_draft, new_draft
from writer.tui.state.templating import TemplateInfo, load_info

# Named relative to the tests folder (every test here runs there), as the front matter shows the
# template as it was named: the images must not depend on where the checkout is.
DRILL = str(Path("fixtures") / "tui" / "drill.yaml")


@pytest.fixture(autouse=True)
def _in_the_tests_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).parent)


RULES = LintOptions(select=("prose", "structure.placeholder"), template=DRILL, grammar="off")


def _options(tmp_path: Path) -> AppOptions:
    return options(tmp_path, lint=RULES)


def _drill() -> TemplateInfo:
    return load_info(DRILL)


EDITED = """\
---
status: draft
authors: [Ada Lovelace]
date: 2026-03-14
---

# Drill: the primary database failed over

## Goal

Check that checkout survives a database failover with no more than 1% errors. TODO: link.

## Impact

Checkout would have failed for 2% of users for 40 seconds.

## Timeline

| Time | Event | Who | Notes |
|------|-------|-----|-------|
| 2026-03-14 14:02 | Primary stopped | @ada | The drill's fault, injected on purpose |
| 2026-03-14 14:03 | Replica promoted | failover-bot | Took 61 seconds, inside the target |

## Follow-ups

- Restart the the canary after every failover
"""


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _still(app: WriterApp) -> None:
    screen = app.draft_screen
    if screen is not None:
        screen.editor.cursor_blink = False


def test_new_draft(snap_compare: Any, tmp_path: Path) -> None:
    opts = _options(tmp_path)
    app = make_app(new_draft(_drill(), tmp_path / "drill.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        await pilot.press(*"Checkout survives a failover with the the usual error rate.")
        await settle(pilot, app)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_new_draft_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    opts = _options(tmp_path)
    app = make_app(new_draft(_drill(), tmp_path / "drill.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_edit_with_findings(snap_compare: Any, tmp_path: Path) -> None:
    path = tmp_path / "failover.md"
    path.write_text(EDITED, encoding="utf-8")
    opts = _options(tmp_path)
    app = make_app(edit_draft(path, opts, _drill()), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_preview(snap_compare: Any, tmp_path: Path) -> None:
    path = tmp_path / "failover.md"
    path.write_text(EDITED, encoding="utf-8")
    opts = _options(tmp_path)
    app = make_app(edit_draft(path, opts, _drill()), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        app.clear_notifications()
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_help_screen(snap_compare: Any, tmp_path: Path) -> None:
    opts = _options(tmp_path)
    app = make_app(new_draft(_drill(), tmp_path / "drill.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        await pilot.press("f1")
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_metadata_form(snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The form shows the template as it was named: a path relative to here, so the image does
    # not depend on where the checkout is.
    monkeypatch.chdir(Path(__file__).parent)
    opts = _options(tmp_path)
    info = load_info(str(Path("fixtures") / "tui" / "drill.yaml"))
    app = make_app(new_draft(info, tmp_path / "drill.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        _still(app)
        await pilot.press("f2")
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, MetadataForm):
                break
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the image random
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_template_picker(
    snap_compare: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drill = _drill()
    other = TemplateInfo("notes", "Meeting notes", "Decisions and owners from one meeting.")
    monkeypatch.setattr(app_module, "available_templates", lambda: [drill, other])
    app = make_app(None, _options(tmp_path))
    assert snap_compare(app, terminal_size=(100, 30))


def _edit_app(tmp_path: Path) -> WriterApp:
    path = tmp_path / "failover.md"
    path.write_text(EDITED, encoding="utf-8")
    opts = _options(tmp_path)
    return make_app(edit_draft(path, opts, _drill()), opts)


async def _settled(pilot: Any, app: WriterApp, *keys: str) -> None:
    await settle(pilot, app)
    _still(app)
    app.clear_notifications()
    for key in keys:
        await pilot.press(key)
    await pilot.pause(0.2)
    for field in app.screen.query(Input):
        field.cursor_blink = False


@pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (160, 48)], ids=["80x24", "100x30", "160x48"]
)
def test_findings_in_the_text(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Marks in the text, the gutter, line numbers, the status line on a finding (f8)."""
    app = _edit_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        app.draft_screen.editor.move_cursor((0, 0))  # type: ignore[union-attr]
        await _settled(pilot, app, "f8", "f8")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_a_wide_table_scrolls_sideways_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _edit_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await settle(pilot, app)
        row = EDITED.split("\n").index(
            "| 2026-03-14 14:03 | Replica promoted | failover-bot "
            "| Took 61 seconds, inside the target |"
        )
        app.draft_screen.editor.move_cursor((row, 200))  # type: ignore[union-attr]
        await _settled(pilot, app)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_the_outline_as_a_tab_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _edit_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await _settled(pilot, app, "ctrl+o")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_action_item_form_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    opts = _options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)

    async def run_before(pilot: Any) -> None:
        await _settled(pilot, app, "ctrl+n")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_timeline_form_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _edit_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await _settled(pilot, app, "ctrl+t")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_help_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _edit_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await _settled(pilot, app, "f1")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_review_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    app = _edit_app(tmp_path)

    async def run_before(pilot: Any) -> None:
        await _settled(pilot, app, "f6", "s")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
