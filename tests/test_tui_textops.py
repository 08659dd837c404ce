"""The text changes the TUI makes for the author, and the outline, without a screen."""

from __future__ import annotations

import datetime as dt

from writer.model.document import parse
from writer.model.findings import Edit
from writer.templates import load_template
from writer.templates.outline import Status
from writer.templates.textops import (
    apply_edits,
    document_zone,
    suppression,
    table_header,
    uses_dates,
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


def test_the_documents_zone_from_its_front_matter_or_its_timeline() -> None:
    section = "## Timeline\n\nAll times in Europe/Berlin.\n\n| Time | Event |\n|---|---|\n"
    zone, label = document_zone(None, section)
    assert label == "Europe/Berlin" and NOW.astimezone(zone).strftime("%H:%M") == "15:02"
    zone, label = document_zone({"timezone": "+02:00"}, "## Timeline\n\n- 09:00 start\n")
    assert label == "+02:00" and NOW.astimezone(zone).strftime("%H:%M") == "16:02"
    assert document_zone(None, "## Timeline\n\n- 09:00 +05:30 start\n")[1] == "+05:30"
    assert document_zone({}, "")[1] == "UTC"


def test_table_header_and_dated_rows() -> None:
    section = "## Action items\n\n| Item | Owner | Due |\n|---|---|---|\n"
    assert table_header(section) == ["Item", "Owner", "Due"]
    assert table_header("## Timeline\n\n- 14:02 start\n") == []
    assert uses_dates("| 2026-03-14 14:02 | x |") and not uses_dates("| 14:02 | x |")


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
