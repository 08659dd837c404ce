"""The drafting screen through Pilot: findings in the text, keys after a focus change, saves in
order, the postmortem helpers' forms, and the screen as parts given what they need."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.app import App

from tests.tui_support import burst, options, settle, sync
from writer.api import Linter, LintOptions
from writer.tui.app import make_app
from writer.tui.screens.draft import DraftScreen
from writer.tui.screens.forms import ActionItemForm, MetadataForm, TimelineForm
from writer.tui.screens.help import CLOSE, HelpScreen
from writer.tui.state import checking
from writer.tui.state.draft import edit_draft, new_draft
from writer.tui.state.templating import load_info
from writer.tui.widgets.lines import Bar

NOTES = "# Notes\n\n## Plan\n\nRestart the the pod.\n\nThen check it it twice.\n\n## Empty\n"


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _notes(tmp_path: Path, text: str = NOTES) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return path


def _status(screen: DraftScreen) -> str:
    return screen.query_one("#status", Bar).text


# -- findings in the text -----------------------------------------------------------------------


@sync
async def test_findings_are_marked_in_the_text_with_a_status_line_and_f8(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(edit_draft(_notes(tmp_path), opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        editor = screen.editor
        assert editor.show_line_numbers
        marks = editor.marks
        assert marks.gutter(4) is not None  # line 5, "the the"
        styled = editor.get_line(4)
        assert any(span.start <= 12 < span.end for span in styled.spans)  # the span is styled
        editor.move_cursor((0, 0))
        await pilot.press("f8")
        assert editor.cursor_location[0] == 4
        assert "repeated" in _status(screen) and "ctrl+f fix" in _status(screen)
        await pilot.press("f8")
        assert editor.cursor_location[0] == 6  # "it it"
        await pilot.press("shift+f8")
        assert editor.cursor_location[0] == 4
        editor.move_cursor((2, 0))
        await pilot.pause()
        assert "findings" in _status(screen)  # not on a finding: how many, and f8


@sync
async def test_marks_follow_the_text_while_typing_until_the_next_check(tmp_path: Path) -> None:
    opts = options(tmp_path, check_delay=30.0)  # no re-check during this test
    app = make_app(edit_draft(_notes(tmp_path), opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        editor = screen.editor
        before = {row: [(m.start, m.end) for m in editor.marks.on_row(row)] for row in (4, 6)}
        editor.move_cursor((0, 0))
        await pilot.press("enter", "enter")  # two lines above every mark
        assert [(m.start, m.end) for m in editor.marks.on_row(6)] == before[4]
        assert [(m.start, m.end) for m in editor.marks.on_row(8)] == before[6]
        assert not editor.marks.on_row(4)


@sync
async def test_a_fix_on_a_stale_check_waits_for_a_fresh_one_off_the_screen_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[str] = []
    original = checking._check

    def recording(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checking, "_check", recording)
    opts = options(tmp_path, check_delay=30.0)  # only the fix asks for a check
    app = make_app(edit_draft(_notes(tmp_path), opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((6, 0))
        await pilot.press(*"Now ")  # the check is stale
        screen.editor.move_cursor((6, 18))  # on "it it"
        await pilot.press("ctrl+f")
        for _ in range(200):
            await pilot.pause(0.02)
            if "check it twice" in screen.editor.text:  # "it it" fixed
                break
        assert "Now Then check it twice." in screen.editor.text
    assert threads and threading.main_thread().name not in threads


@sync
async def test_the_screen_is_given_its_linter_and_options() -> None:
    """A draft screen works in any app: it takes its linter and options, not the app's."""
    import tempfile

    folder = Path(tempfile.mkdtemp())
    opts = options(folder)
    path = _notes(folder)
    linter = Linter(LintOptions(select=("prose",), grammar="off"))

    class Bare(App[None]):
        def on_mount(self) -> None:
            self.push_screen(DraftScreen(edit_draft(path, opts), linter, opts))

    app = Bare()
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, DraftScreen) and screen.check is not None:
                break
        assert isinstance(app.screen, DraftScreen)
        assert {f.rule for f in app.screen.check.findings} == {"prose.repeated-word"}  # type: ignore[union-attr]


# -- keys go where the cursor is -----------------------------------------------------------------


@sync
async def test_keys_typed_right_after_tab_land_in_the_next_field(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, ActionItemForm)
        # One burst, as tmux send-keys delivers it: item, tab, type, tab, priority, ...
        await burst(
            pilot,
            app,
            *"Canary",
            "tab",
            *"prevent",
            "tab",
            *"P1",
            "tab",
            *"@ada",
            "tab",
            *"OPS-7",
            "tab",
            *"2026-04-01",
        )
        form = app.screen
        values = {
            name: form.query_one(f"#field-{name}").value
            for name in ("item", "type", "priority", "owner", "ticket", "due")  # type: ignore[attr-defined]
        }
        assert values == {
            "item": "Canary",
            "type": "prevent",
            "priority": "P1",
            "owner": "@ada",
            "ticket": "OPS-7",
            "due": "2026-04-01",
        }


@sync
async def test_keys_typed_right_after_alt_down_land_in_the_next_section(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await burst(pilot, app, *"Sum", "alt+down", *"Imp", "alt+down", *"Tim")
        text = screen.editor.text
    assert "## Summary\n\nSum\n" in text
    assert "## Impact\n\nImp\n" in text
    assert "## Timeline\n\nTim\n" in text


@sync
async def test_text_typed_in_the_same_burst_as_ctrl_s_is_saved(tmp_path: Path) -> None:
    path = _notes(tmp_path)
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((2, 7))
        await burst(pilot, app, *" first", "ctrl+s")
        assert screen.keeper.wait(5)
        await pilot.pause()
    assert "## Plan first\n" in path.read_text(encoding="utf-8")


@sync
async def test_saving_does_not_hold_the_screen_and_says_when_it_is_done(tmp_path: Path) -> None:
    path = _notes(tmp_path)
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        gate = threading.Event()
        original = screen.session.write

        def slow(*args: object, **kwargs: object) -> object:
            gate.wait(5)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        screen.session.write = slow  # type: ignore[method-assign]
        screen.editor.move_cursor((0, 0))
        await pilot.press("x", "ctrl+s")
        assert screen.saving and "saving" in screen.query_one("#title-bar", Bar).text
        await pilot.press(*"yz")  # the screen takes keys while the disk is busy
        assert screen.editor.text.startswith("xyz# Notes")
        gate.set()
        assert screen.keeper.wait(5)
        for _ in range(50):
            await pilot.pause(0.02)
            if not screen.saving:
                break
        assert "modified" in screen.query_one("#title-bar", Bar).text  # yz came after the save
    assert path.read_text(encoding="utf-8").startswith("x# Notes")


@sync
async def test_saving_as_a_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("# Secret\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (project / "link.md").symlink_to(secret)
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), None, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#filename").value = str(project / "link.md")  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert screen.keeper.wait(5)
        for _ in range(50):
            await pilot.pause(0.02)
            if any("outside the project" in str(n.message) for n in app._notifications):
                break
        notes = [str(n.message) for n in app._notifications]
        assert any("outside the project" in note for note in notes), notes
    assert secret.read_text(encoding="utf-8") == "# Secret\n"


# -- the rest of the screen ----------------------------------------------------------------------


@sync
async def test_help_says_how_to_close_it_where_it_is_seen_first(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help").border_subtitle == CLOSE
        await pilot.press("q")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@sync
async def test_the_preview_leaves_the_front_matter_out(tmp_path: Path) -> None:
    path = _notes(tmp_path, "---\nstatus: draft\nowner: ada\n---\n\n# Notes\n\nBody.\n")
    opts = options(tmp_path)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("ctrl+r")
        await pilot.pause(0.2)
        markdown = screen.query_one("#preview-markdown")
        assert "status" not in markdown.source and "Body." in markdown.source  # type: ignore[attr-defined]


@sync
async def test_a_design_doc_metadata_form_has_no_severity(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("design-doc"), tmp_path / "d.md", opts), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        assert "severity" not in screen.editor.text
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, MetadataForm)
        assert "severity" not in app.screen.names


@sync
async def test_the_outline_legend_explains_every_mark(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await settle(pilot, app)
        legend = " ".join(screen.query_one("#outline-legend").items)  # type: ignore[attr-defined]
        for mark in ("✓", "▲", "○", "✗", "+"):
            assert mark in legend
        prompts = [str(option.prompt) for option in screen.outline_view.list.options]
        assert all(
            p.strip().startswith("○") for p in prompts[1:]
        )  # a new draft: empty, not warnings


@sync
async def test_under_100_columns_the_editor_keeps_most_of_the_width(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(edit_draft(_notes(tmp_path), opts), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        assert screen.editor.size.width + 2 >= 48 and screen.editor.outer_size.width >= 0.6 * 80
        assert not screen.outline_view.display or screen.outline_view.region.width == 0
        await pilot.press("ctrl+o")  # the outline as a tab, in place of the findings
        await pilot.pause()
        assert screen.outline_view.region.width > 0 and screen.findings_view.region.width == 0
        await pilot.press("f4")  # and no side panel at all
        await pilot.pause()
        assert screen.editor.outer_size.width >= 78
        hints = screen.query_one("#hints").fitting(80)  # type: ignore[attr-defined]
        assert ("f1", "help", "app.help") in hints[1] and ("ctrl+q", "quit", "app.quit") in hints[1]


@sync
async def test_guidance_cut_short_says_so_and_opens_in_full(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        guidance = screen.pane.guidance
        assert guidance.is_cut
        short = guidance.size.height
        await pilot.press("f5")
        await pilot.pause()
        assert not guidance.is_cut and guidance.size.height > short


@sync
async def test_timeline_and_action_item_forms_check_what_is_typed(tmp_path: Path) -> None:
    opts = options(tmp_path)
    app = make_app(new_draft(load_info("postmortem"), tmp_path / "pm.md", opts), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("ctrl+t")
        assert isinstance(app.screen, TimelineForm)
        await pilot.press(*"25:99", "enter")
        assert isinstance(app.screen, TimelineForm)  # refused, still open
        assert "HH:MM" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape", "ctrl+n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ActionItemForm)
        for field in form.query("Input"):  # every field in view at 80x24
            assert field.region.bottom <= 24 and field.region.height == 1
        await pilot.press(*"Add a canary")
        form.query_one("#field-due").value = "next week"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert app.screen is form and form.focused is form.query_one("#field-due")
        form.query_one("#field-due").value = "2026-04-01"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert "| Add a canary |" in screen.editor.text  # the template's table, a row of it
