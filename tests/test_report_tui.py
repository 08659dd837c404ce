"""``writer report --tui``: the report's tables and charts on a screen (Pilot), each document
one enter away, the report built in a worker while the screen stays live."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Markdown, Sparkline, Static, TabbedContent

from tests.report_support import make_repo
from tests.tui_support import sync
from writer.api import LintOptions
from writer.report.build import ReportOptions, report_linter
from writer.tui.app import WriterApp, make_report_app
from writer.tui.screens.report import DocumentScreen, ReportScreen


def _app(tmp_path: Path) -> WriterApp:
    repo = make_repo(tmp_path)
    linter = report_linter(LintOptions(grammar="off", jobs=1))
    return make_report_app(linter, [str(repo)], ReportOptions(as_of=dt.date(2025, 1, 1)))


async def _ready(app: WriterApp, pilot: object) -> ReportScreen:
    screen = app.screen
    assert isinstance(screen, ReportScreen)
    await app.workers.wait_for_complete()
    for _ in range(50):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        if screen.report is not None:
            break
    assert screen.report is not None
    return screen


@sync
async def test_tables_and_charts(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(app, pilot)
        head = str(screen.query_one("#report-head", Static).render())
        assert "5 documents: 3 postmortems, 2 design docs; as of 2025-01-01" in head
        table = screen.query_one("#postmortems", DataTable)
        assert table.row_count == 3
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1:] == ["2024-03-01", "SEV-2", "6m", "18m", "43m", "3", "0"]
        assert screen.query_one("#trend", Sparkline).data == [43.0, 35.0]
        spreads = str(screen.query_one("#spreads", Static).render())
        assert "TTR: median 39 min (p25 37 min, p75 41 min), 2 of 3 known" in spreads
        assert screen.query_one("#items", DataTable).row_count == 5  # 3 overdue, 2 no owner
        assert screen.query_one("#recurrence", DataTable).row_count == 2
        assert screen.query_one("#design", DataTable).row_count == 2


@sync
async def test_enter_opens_a_document_and_escape_comes_back(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.doc.path.endswith("2024-03-01-checkout.md")
        text = app.screen.query_one(Markdown).source
        assert "**TTD**: 6 min, line 22 to line 23" in text
        assert "- impact start: line 22:" in text
        assert (
            "[ ] line 36: Add a canary stage to the checkout deploys (@alice, due 2024-04-01)"
            in text
        )
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        screen.query_one("#report-tabs", TabbedContent).active = "tab-5"
        await pilot.pause()
        design = screen.query_one("#design", DataTable)
        design.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DocumentScreen)
        assert app.screen.doc.path.endswith("design/queue.md")
        assert "**Status**: draft" in app.screen.query_one(Markdown).source
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
