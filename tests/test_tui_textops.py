"""The text changes the TUI makes for the author, and the outline, without a screen."""

from __future__ import annotations

import datetime as dt

from writer.model.document import parse
from writer.model.findings import Edit
from writer.templates import load_template
from writer.templates.outline import Status
from writer.templates.textops import (
    ActionItem,
    append_row,
    apply_edits,
    document_zone,
    suppression,
    table_header,
    timeline_row,
)
from writer.tui.state.checking import outline_for
from writer.tui.state.templating import info_from_spec, new_document

NOW = dt.datetime(2026, 3, 14, 14, 2, tzinfo=dt.timezone.utc)


def _insert(text: str, offset: int, added: str) -> str:
    return text[:offset] + added + text[offset:]


def test_apply_edits_from_the_end() -> None:
    assert apply_edits("a b c", [Edit(0, 1, "x"), Edit(4, 5, "zz")]) == "x b zz"


def test_suppression_on_a_block_start_and_mid_paragraph() -> None:
    text = "# T\n\nfirst line\nsecond line\n"
    top = suppression(text, 3, "prose.x")
    assert _insert(text, top.offset, top.text) == (
        "# T\n\n<!-- writer-disable-next-line prose.x -->\nfirst line\nsecond line\n"
    )
    mid = suppression(text, 4, "prose.x")
    assert _insert(text, mid.offset, mid.text) == (
        "# T\n\nfirst line\nsecond line <!-- writer-disable-line prose.x -->\n"
    )


def test_timeline_row_in_a_table_uses_the_stated_zone() -> None:
    section = (
        "## Timeline\n\nAll times in Europe/Berlin.\n\n| Time | Event |\n|---|---|\n| 14:00 | x |\n"
    )
    zone, label = document_zone(parse(section), section)
    assert label == "Europe/Berlin"
    now = NOW.astimezone(zone)
    row = timeline_row(section, len(section), now, label)
    result = _insert(section, row.offset, row.text)
    assert result.endswith("| 14:00 | x |\n| 15:02 |  |\n")


def test_timeline_row_in_an_empty_section_starts_the_template_table() -> None:
    section = "## Timeline\n\n\n"
    skeleton = load_template("postmortem").section("timeline").skeleton  # type: ignore[union-attr]
    row = timeline_row(section, len(section), NOW, "UTC", skeleton)
    result = _insert(section, row.offset, row.text)
    assert (
        "All times in UTC.\n\n| Time | Event |\n|------|------|\n| 2026-03-14 14:02 |  |" in result
    )
    assert result[: row.offset + row.cursor].endswith("| 2026-03-14 14:02 | ")


def test_timeline_list_item_with_an_offset_zone() -> None:
    text = "---\ntimezone: +02:00\n---\n\n## Timeline\n\n- 09:00 +02:00: start\n"
    section = text[text.index("## Timeline") :]
    zone, label = document_zone(parse(text), section)
    row = timeline_row(section, len(text), NOW.astimezone(zone), label)
    assert _insert(text, row.offset, row.text).endswith("- 09:00 +02:00: start\n- 16:02 +02:00: \n")


def test_action_item_follows_the_table_header() -> None:
    section = "## Action items\n\n| Item | Owner | Due |\n|---|---|---|\n"
    item = ActionItem("Add a canary", owner="@ada", due="2026-04-01", priority="P1")
    cells = item.cells(table_header(section))
    row = append_row(section, len(section), cells, item.list_item())
    assert _insert(section, row.offset, row.text).endswith("| Add a canary | @ada | 2026-04-01 |\n")
    assert item.list_item() == "- [ ] Add a canary (P1, owner: @ada, due 2026-04-01)"


def test_new_document_has_every_section_and_starts_in_the_first() -> None:
    info = info_from_spec(load_template("postmortem"))
    text, row = new_document(info, dt.date(2026, 3, 14))
    lines = text.split("\n")
    assert lines[row - 2] == "## Summary" and lines[row] == ""
    assert "template: postmortem" in text
    outline = outline_for(parse(text), info.spec, ())
    assert [e.key for e in outline.entries] == [s.id for s in info.sections]
    assert all(e.status is Status.EMPTY for e in outline.entries)


def test_outline_marks_missing_sections_in_template_order() -> None:
    spec = load_template("postmortem")
    text = "# P\n\n## Summary\n\nText here.\n\n## Action items\n\n- a\n"
    outline = outline_for(parse(text), spec, ())
    keys = [e.key for e in outline.entries]
    assert keys[0] == "summary" and keys[-1] == "action-items"
    assert keys.index("impact") < keys.index("timeline") < keys.index("action-items")
    statuses = {e.key: e.status for e in outline.entries}
    assert statuses["summary"] is Status.FINE and statuses["impact"] is Status.MISSING
