"""The drafting TUI driven through Textual's Pilot: each flow a user relies on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.tui_support import FIXED_NOW, draft_screen, options, settle, sync
from writer.templates import load_template
from writer.tui.app import make_app
from writer.tui.screens.dialogs import Choice
from writer.tui.screens.forms import ActionItemForm, MetadataForm, TimelineForm
from writer.tui.screens.help import HelpScreen
from writer.tui.screens.picker import TemplatePicker
from writer.tui.state.draft import edit_draft, new_draft
from writer.tui.state.templating import load_info


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _section_titles(name: str) -> list[str]:
    return [section.title for section in load_template(name).sections]


@sync
async def test_new_postmortem_cursor_type_save_quit(tmp_path: Path) -> None:
    out = tmp_path / "pm.md"
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), out, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        editor = screen.editor
        assert editor.has_focus
        row = editor.cursor_location[0]
        heading_above = next(
            editor.document.get_line(r)
            for r in range(row, -1, -1)
            if editor.document.get_line(r).startswith("#")
        )
        assert heading_above == "## Summary"
        # The outline lists every section of the template.
        labels = [str(o.prompt) for o in screen.outline_view.list.options]
        for title in _section_titles("postmortem"):
            assert any(title in label for label in labels), title
        await pilot.press(*"Checkout failed for 12% of users.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert out.exists()
        saved = out.read_text(encoding="utf-8")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running  # saved: no question asked
    for section in load_template("postmortem").sections:
        assert f"{'#' * section.level} {section.title}\n" in saved
    summary = saved.split("## Summary\n", 1)[1].split("\n## ", 1)[0]
    assert "Checkout failed for 12% of users." in summary


@sync
async def test_quit_with_unsaved_changes_asks(tmp_path: Path) -> None:
    out = tmp_path / "doc.md"
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("design-doc"), out, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press(*"Some words")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")  # cancel: back to the draft, nothing lost
        await pilot.pause()
        assert app.is_running
        assert "Some words" in draft_screen(app).editor.text
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save, then quit
        await pilot.pause()
        assert not app.is_running
    assert "Some words" in out.read_text(encoding="utf-8")


@sync
async def test_quit_discarding_changes_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "doc.md"
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), out, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press(*"draft")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running
    assert not out.exists()
    assert not any((tmp_path / "recovery").glob("*.md"))


@sync
async def test_save_without_a_name_asks_for_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), None, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        field = app.screen.query_one("#filename")
        assert field.value == "postmortem-2026-03-14.md"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
    assert (tmp_path / "postmortem-2026-03-14.md").is_file()


@sync
async def test_save_keeps_permissions_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_bytes(b"# Title\r\n\r\n## Summary\r\n\r\nText.\r\n")
    os.chmod(path, 0o640)
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((4, 5))
        await pilot.press(*" More.")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert path.read_bytes() == b"# Title\r\n\r\n## Summary\r\n\r\nText. More.\r\n"
    assert path.stat().st_mode & 0o777 == 0o640


@sync
async def test_edit_lists_findings_and_choosing_one_moves_the_cursor(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\n## Plan\n\nRestart the the pod.\n\n## Empty\n", encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        rules = [f.rule for f in screen.findings_view.findings]
        assert "prose.repeated-word" in rules  # edit mode lists every finding
        assert "structure.empty-section" in rules
        index = rules.index("prose.repeated-word")
        await pilot.press("ctrl+l")
        findings_list = screen.findings_view.list
        assert findings_list.has_focus
        findings_list.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        finding = screen.findings_view.findings[index]
        assert screen.editor.has_focus
        assert screen.editor.selection.start == (finding.line - 1, finding.column - 1)


@sync
async def test_apply_fix_at_the_cursor(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\n## Plan\n\nRestart the the pod.\n", encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((4, 13))  # on the second "the"
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert "Restart the pod." in screen.editor.text
        screen = await settle(pilot, app)
        assert "prose.repeated-word" not in [f.rule for f in screen.check.findings]  # type: ignore[union-attr]
        await pilot.press("ctrl+z")  # the fix is one undoable edit
        assert "the the" in screen.editor.text


@sync
async def test_ignore_here_inserts_a_suppression(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\n## Plan\n\nRestart the the pod.\n", encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((4, 13))
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "<!-- writer-disable-next-line prose.repeated-word -->\nRestart the the pod." in (
            screen.editor.text
        )
        screen = await settle(pilot, app)
        assert "prose.repeated-word" not in [f.rule for f in screen.check.findings]  # type: ignore[union-attr]


@sync
async def test_recovery_after_a_crash_is_offered_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("# Postmortem\n\n## Summary\n\nSaved text.\n", encoding="utf-8")
    opts = options(tmp_path)
    # First run: type, let autosave write the recovery file, then "crash" (no quit, no save).
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((4, 11))
        await pilot.press(*" Unsaved words.")
        recovery = screen.session.recovery.path
        for _ in range(100):  # autosave runs 0.2 s after the last keystroke (here)
            await pilot.pause(0.1)
            if recovery.is_file() and "Unsaved words." in recovery.read_text(encoding="utf-8"):
                break
        assert "Unsaved words." in recovery.read_text(encoding="utf-8")
        os.utime(path, (1, 1))  # the document is older than the recovery file
    assert "Unsaved words" not in path.read_text(encoding="utf-8")
    # Second run: the newer recovery file is offered and restored.
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        assert isinstance(app.screen, Choice)
        await pilot.press("r")
        await pilot.pause()
        screen = draft_screen(app)
        assert "Saved text. Unsaved words." in screen.editor.text
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "Saved text. Unsaved words." in path.read_text(encoding="utf-8")
    assert not recovery.exists()


@sync
async def test_change_on_disk_is_noticed_before_overwriting(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("# Doc\n\n## Plan\n\nMine.\n", encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        path.write_text("# Doc\n\n## Plan\n\nSomeone else's.\n", encoding="utf-8")
        await pilot.press(*"x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        await pilot.press("escape")
        await pilot.pause()
        assert "Someone else's" in path.read_text(encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")  # reload what is on disk
        await pilot.pause()
        assert "Someone else's" in screen.editor.text


@sync
async def test_metadata_form_writes_front_matter_and_title(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MetadataForm)
        app.screen.query_one("#field-title").value = "Checkout outage"  # type: ignore[attr-defined]
        app.screen.query_one("#field-authors").value = "Ada, Grace"  # type: ignore[attr-defined]
        app.screen.query_one("#field-severity").value = "SEV-2"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen.editor.text
    assert "authors:\n- Ada\n- Grace\n" in text
    assert "severity: SEV-2\n" in text
    assert "\n# Checkout outage\n" in text


@sync
async def test_timeline_rows_go_in_order_and_action_item(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, TimelineForm)
        await pilot.press("tab", "tab", *"Deploy started", "enter")  # at the default: now
        await pilot.press("ctrl+t")
        await pilot.press(*"09:20", "tab", "tab", *"Alert fired", "enter")  # typed: earlier
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ActionItemForm)
        await pilot.press(*"Add a canary stage")
        app.screen.query_one("#field-owner").value = "@ada"  # type: ignore[attr-defined]
        app.screen.query_one("#field-due").value = "2026-04-01"  # type: ignore[attr-defined]
        await pilot.press("enter")  # enter adds
        await pilot.pause()
        assert app.screen is screen
        text = screen.editor.text
    stamp = FIXED_NOW.strftime("%Y-%m-%d %H:%M")
    assert (
        "| Time | Event |\n|------|------|\n| 2026-03-14 09:20 | Alert fired |\n"
        f"| {stamp} | Deploy started |\n" in text
    )
    actions = text.split("## Action items", 1)[1]
    assert "Add a canary stage" in actions and "@ada" in actions and "2026-04-01" in actions


@sync
async def test_section_navigation_and_guidance(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        guidance = screen.query_one("#guidance")
        assert "Summary" in str(guidance.render())
        await pilot.press("alt+down")
        await pilot.pause()
        assert screen.current_key == "impact"
        assert "Impact" in str(guidance.render())
        await pilot.press(*"Nobody")
        await pilot.press("alt+down", "alt+up")
        await pilot.pause()
        assert screen.current_key == "impact"
        assert screen.editor.cursor_location[1] == len("Nobody")


@sync
async def test_preview_toggle_and_help(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.pane.preview and not screen.editor.display
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.editor.display and screen.editor.has_focus
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


@sync
async def test_picker_starts_a_draft_from_the_chosen_template(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(None, opts)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        names = [t.name for t in app.screen.templates]
        assert "postmortem" in names and "design-doc" in names
        for _ in range(names.index("postmortem")):
            await pilot.press("down")
        await pilot.press("enter")
        screen = await settle(pilot, app)
        assert screen.template is not None and screen.template.name == "postmortem"


@sync
async def test_edit_detects_the_template(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(
        "# Postmortem: checkout\n\n## Summary\n\nIt broke.\n\n## Impact\n\nUsers.\n\n"
        "## Timeline\n\n- 14:02 UTC deploy\n\n## Action items\n\n- fix it\n",
        encoding="utf-8",
    )
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        assert screen.template is not None and screen.template.name == "postmortem"
        keys = [e.key for e in screen.outline_view.outline.entries]
        assert "detection" in keys  # missing sections of the template are listed


@sync
async def test_command_palette_offers_the_main_actions(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        titles = {command.title for command in app.get_system_commands(screen)}
    for title in ("Save", "Next section", "Toggle preview", "Apply fix", "Ignore here"):
        assert title in titles
    assert {"Insert timeline row", "Add action item"} <= titles  # a postmortem


@sync
async def test_notices_about_the_check_are_shown_once(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("---\ntitle: [unclosed\n---\n# Postmortem\n\nText.\n", encoding="utf-8")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press(*"More.")
        await settle(pilot, app)
        notes = [str(n.message) for n in app._notifications if "front matter" in str(n.message)]
        assert len(notes) == 1, notes
        assert "front matter ignored" in notes[0]
        assert screen.check is not None


@sync
async def test_the_config_theme_is_used_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    from dataclasses import replace

    themed = replace(options(tmp_path), theme="nord")
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", themed), themed)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == "nord"
    wrong = replace(options(tmp_path), theme="nordic")
    refused = make_app(new_draft(load_info("postmortem"), tmp_path / "b.md", wrong), wrong)
    async with refused.run_test() as pilot:
        await pilot.pause()
    assert refused.return_value == 2
