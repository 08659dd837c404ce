"""Review mode through Pilot: ``writer review FILE`` and f6 in the drafting screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_support import options, settle, sync
from writer.api import Linter, LintOptions
from writer.model.document import parse
from writer.tui.app import WriterApp, make_app, make_review_app
from writer.tui.screens.review import ReviewScreen
from writer.tui.state.draft import edit_draft
from writer.tui.state.session import Session

THREE = "# Notes\n\n## Plan\n\nRestart the the pod.\n\nThen then check it.\n\nAnd and done.\n"
PROSE = LintOptions(select=("prose",), grammar="off")


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _review_app(tmp_path: Path, text: str, lint: LintOptions = PROSE) -> tuple[WriterApp, Path]:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    opts = options(tmp_path, lint=lint)
    session, loaded = Session.open(path, opts.recovery_dir)
    linter = Linter(lint)
    findings = linter.lint_document(parse(loaded, str(path)), linter.config_for(path), path)
    return make_review_app(session, loaded, findings.findings, opts), path


async def _finish(pilot: object, app: WriterApp) -> None:
    for _ in range(300):
        await pilot.pause(0.02)  # type: ignore[attr-defined]
        if app._exit_renderables or not app.is_running:
            return


@sync
async def test_a_s_a_q_applies_the_first_and_third_fixes_and_writes_once(tmp_path: Path) -> None:
    app, path = _review_app(tmp_path, THREE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        title = screen.query_one("#review-title").text  # type: ignore[attr-defined]
        assert "finding 1 of 3" in title
        fix = str(screen.query_one("#review-fix").render())
        assert "- Restart the the pod." in fix and "+ Restart the pod." in fix  # a diff
        await pilot.press("a", "s", "a")
        assert path.read_text(encoding="utf-8") == THREE  # nothing written before q
        await pilot.press("q")
        await _finish(pilot, app)
    assert path.read_text(encoding="utf-8") == THREE.replace("the the", "the").replace(
        "And and", "And"
    )
    assert not list((tmp_path / "recovery").glob("*.md"))


@sync
async def test_undo_ignore_and_an_edit_by_hand(tmp_path: Path) -> None:
    app, path = _review_app(tmp_path, THREE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("a", "u")  # take it back: the first finding again
        assert screen.review.position()[0] == 1 and not screen.review.choices
        await pilot.press("i")  # ignore the first here
        await pilot.press("e")  # edit the second by hand
        area = screen.query_one("#review-edit")
        assert area.text == "Then then check it."  # type: ignore[attr-defined]
        area.load_text("Then we check it.")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s", "s", "q")
        await _finish(pilot, app)
    text = path.read_text(encoding="utf-8")
    assert "<!-- writer-disable-next-line prose.repeated-word -->\nRestart the the pod." in text
    assert "Then we check it." in text and "And and done." in text


def _spelling_project(tmp_path: Path) -> tuple[LintOptions, Path]:
    """A Vale project whose dictionary knows a few words, and where its vocabulary lives."""
    styles = tmp_path / "styles" / "config"
    (styles / "dictionaries").mkdir(parents=True)
    words = ["the", "pod", "runs", "on", "a", "node"]
    (styles / "dictionaries" / "en_US.dic").write_text(
        f"{len(words)}\n" + "\n".join(words) + "\n", encoding="utf-8"
    )
    (styles / "dictionaries" / "en_US.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (tmp_path / ".vale.ini").write_text(
        "StylesPath = styles\nVocab = Project\n\n[*.md]\nVale.Spelling = YES\n", encoding="utf-8"
    )
    lint = LintOptions(config_path=tmp_path / ".vale.ini", grammar="off")
    return lint, styles / "vocabularies" / "Project" / "accept.txt"


@sync
async def test_v_adds_a_spelling_findings_word_to_the_vocabulary_at_the_end(
    tmp_path: Path,
) -> None:
    lint, accept = _spelling_project(tmp_path)
    app, path = _review_app(tmp_path, "The pod runs on a nodde.\n", lint)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.review.current is not None
        assert screen.review.current.rule == "style.Vale.Spelling"
        await pilot.press("v", "q")
        await _finish(pilot, app)
    assert accept.read_text(encoding="utf-8").split() == ["nodde"]
    assert path.read_text(encoding="utf-8") == "The pod runs on a nodde.\n"  # unchanged


@sync
async def test_f7_adds_the_word_under_the_cursor_and_the_finding_goes(tmp_path: Path) -> None:
    lint, accept = _spelling_project(tmp_path)
    path = tmp_path / "notes.md"
    path.write_text("The pod runs on a nodde.\n", encoding="utf-8")
    opts = options(tmp_path, lint=lint)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        assert [f.rule for f in screen.check.findings] == ["style.Vale.Spelling"]  # type: ignore[union-attr]
        screen.editor.move_cursor((0, 20))  # on "nodde"
        await pilot.press("f7")
        for _ in range(200):
            await pilot.pause(0.02)
            check = screen.check
            if accept.exists() and check is not None and not check.findings:
                break
        assert accept.read_text(encoding="utf-8").split() == ["nodde"]
        assert screen.check is not None and not screen.check.findings


@sync
async def test_a_hundred_findings_step_through(tmp_path: Path) -> None:
    text = "".join(f"Line {n} has has a slip.\n\n" for n in range(100))
    app, path = _review_app(tmp_path, text)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press(*("as" * 50))
        assert screen.review.done
        assert "all findings seen" in screen.query_one("#review-title").text  # type: ignore[attr-defined]
        await pilot.press("q")
        await _finish(pilot, app)
    assert path.read_text(encoding="utf-8").count("has has") == 50


@sync
async def test_f6_reviews_the_drafts_findings_and_returns_them_to_the_editor(
    tmp_path: Path,
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(THREE, encoding="utf-8")
    opts = options(tmp_path, lint=PROSE)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen) and not app.screen.standalone
        await pilot.press("a", "a", "q")
        await pilot.pause()
        assert app.screen is screen
        assert screen.editor.text == THREE.replace("the the", "the").replace("Then then", "Then")
        assert path.read_text(encoding="utf-8") == THREE  # the editor saves, not the review
        await pilot.press("ctrl+z")  # one undoable change
        assert screen.editor.text == THREE
