"""A 1 MB document in the drafting screen stays usable: no pass over the whole text on a key,
its checks in a process of their own; and the pieces of the 80x24 layout (figures that are
never cut mid-value, table rows that are never wrapped)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import pytest

from tests.tui_support import options, sync
from writer.tui.app import make_app
from writer.tui.state import checking
from writer.tui.state.draft import edit_draft
from writer.tui.state.templating import load_info
from writer.tui.widgets.editor import HIGHLIGHT_LIMIT, TableKeepingDocument
from writer.tui.widgets.findings import figure_items
from writer.tui.widgets.lines import pack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from tui_refresh import postmortem
from tui_typing import big_document


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def test_figures_are_never_cut_mid_value() -> None:
    items = figure_items(
        [
            ("words", "412"),
            ("sections", "8/8"),
            ("grade", "9"),
            ("TTD", "6 min"),
            ("TTM", "17 h 34 min"),
            ("TTR", "1 d 3 h"),
        ]
    )
    for width in (12, 16, 20, 26, 40):
        lines = pack(items, width)
        assert all(len(line) <= width for line in lines), lines
        for item in items:
            label, _space, value = item.partition(" ")
            if len(item) <= width:
                assert any(item in line for line in lines), (width, item, lines)
            else:  # the label, then the value whole on the next line
                assert any(line.endswith(label) for line in lines), (width, item, lines)
                assert any(line.startswith(value) for line in lines), (width, item, lines)


def test_table_rows_are_never_wrapped_while_prose_is() -> None:
    from textual.document._document import Document

    row = "| 2026-03-14 14:02 | " + "a long event " * 10 + "|"
    prose = "A long sentence of prose " * 10
    wrapped = TableKeepingDocument(Document(f"{prose}\n{row}\n{row}\n"))
    wrapped.wrap(40)
    assert wrapped.get_offsets(0)  # prose wraps
    assert wrapped.get_offsets(1) == [] and wrapped.get_offsets(2) == []
    assert wrapped.height == len(wrapped.get_offsets(0)) + 1 + 2 + 1
    document = wrapped.document
    document.replace_range((2, 5), (2, 5), "x" * 50)  # edit a table row: still whole
    wrapped.wrap_range((2, 5), (2, 5), (2, 55))
    assert wrapped.get_offsets(2) == []


@sync
async def test_a_1_mb_document_is_checked_in_its_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = big_document(postmortem(5000), 1_000_000)
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    here: list[int] = []
    original = checking._check

    def counting(*args: object, **kwargs: object) -> object:
        here.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checking, "_check", counting)
    opts = options(tmp_path, check_process_above=100_000, check_delay=0.05)
    app = make_app(edit_draft(path, opts, load_info("postmortem")), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.draft_screen
        assert screen is not None
        editor = screen.editor
        assert len(editor.text) > HIGHLIGHT_LIMIT and editor.language is None
        for _ in range(1500):  # the first check runs in a thread while the process starts
            await pilot.pause(0.05)
            if screen.check is not None and screen.runner.process and screen.runner.process.ready:
                break
        assert screen.runner.process is not None and screen.runner.process.ready
        first = len(here)
        await pilot.press("x")
        generation = screen.generation
        for _ in range(2400):
            await pilot.pause(0.05)
            if screen.check is not None and screen.check.generation == generation:
                break
        assert screen.check is not None and screen.check.generation == generation
        assert len(here) == first  # the re-check did not run in this process
        assert screen.check.findings


@pytest.mark.benchmark
@sync
async def test_typing_in_a_1_mb_document_costs_the_screen_little(tmp_path: Path) -> None:
    """Generous margin (the target is under 50 ms a key, measured by bench/tui_typing.py):
    the screen's own CPU time per key, which a busy machine does not inflate."""
    text = big_document(postmortem(5000), 1_000_000)
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    opts = options(tmp_path, check_delay=60.0)  # the typing alone
    app = make_app(edit_draft(path, opts, load_info("postmortem")), opts)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.draft_screen
        assert screen is not None
        for _ in range(2400):
            await pilot.pause(0.05)
            if screen.check is not None:
                break
        screen.editor.move_cursor((screen.editor.document.line_count // 2, 0))
        await pilot.pause()
        costs = []
        for key in "abcdefghijklmnopqrst":
            started = time.thread_time()
            await pilot.press(key)
            costs.append(time.thread_time() - started)
    assert statistics.median(costs) < 0.1
