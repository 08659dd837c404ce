"""Postmortem helpers without a screen: a timeline row at its place in time, written like the
rows around it, and an action item in the section's own format."""

from __future__ import annotations

import datetime as dt

import pytest

from writer.checks.postmortem.edits import (
    FIELDS,
    ActionItem,
    add_action_item,
    check_due,
    item_format,
    parse_clock,
    parse_day,
    timeline_row_at,
)
from writer.templates import load_template


def _row(
    section: str, when: dt.datetime, event: str, label: str = "UTC", skeleton: str = ""
) -> str:
    insertion = timeline_row_at(section, 0, when, event, label, skeleton)
    return section[: insertion.offset] + insertion.text + section[insertion.offset :]


AT_1415 = dt.datetime(2026, 3, 14, 14, 15)


def test_a_table_row_goes_where_its_time_belongs() -> None:
    section = (
        "## Timeline\n\nAll times in UTC.\n\n| Time | Event |\n|---|---|\n"
        "| 2026-03-14 14:02 | deploy |\n| 2026-03-14 14:30 | paged |\n"
    )
    assert _row(section, AT_1415, "errors rise") == section.replace(
        "| deploy |\n", "| deploy |\n| 2026-03-14 14:15 | errors rise |\n"
    )
    earliest = _row(section, dt.datetime(2026, 3, 14, 13, 0), "config merged")
    assert "|---|---|\n| 2026-03-14 13:00 | config merged |\n| 2026-03-14 14:02" in earliest
    next_day = _row(section, dt.datetime(2026, 3, 15, 9, 0), "resolved")
    assert next_day.endswith("| paged |\n| 2026-03-15 09:00 | resolved |\n")


def test_list_rows_keep_their_own_style() -> None:
    section = "## Timeline\n\n- **14:02** deploy\n- **14:51** paged\n"
    assert "- **14:02** deploy\n- **14:15** errors\n- **14:51**" in _row(section, AT_1415, "errors")
    zoned = "## Timeline\n\n- 14:02 UTC - deploy\n- 14:51 UTC - paged\n"
    assert "- 14:15 UTC - errors\n- 14:51" in _row(zoned, AT_1415, "errors")
    twelve = "## Timeline\n\n- 2:05 PM started\n"
    assert _row(twelve, AT_1415, "more").endswith("- 2:05 PM started\n- 2:15 PM more\n")


def test_rows_under_date_headings_go_under_the_right_date() -> None:
    section = (
        "## Timeline\n\n### 2021-12-01\n\n- 10:00 start\n- 11:00 more\n\n"
        "### 2021-12-02\n\n- 09:00 next day\n"
    )
    early = _row(section, dt.datetime(2021, 12, 2, 8, 0), "early")
    assert "### 2021-12-02\n\n- 08:00 early\n- 09:00 next day\n" in early
    unknown_day = _row(section, dt.datetime(2021, 12, 3, 8, 0), "later")
    assert unknown_day.endswith("- 09:00 next day\n- 2021-12-03 08:00 later\n")


def test_a_table_with_date_and_time_columns() -> None:
    section = (
        "## Timeline\n\n| Date | Time | Event | Who |\n|---|---|---|---|\n"
        "| 2026-03-14 | 14:02 | deploy | bot |\n"
    )
    result = _row(section, dt.datetime(2026, 3, 14, 13, 0), "merged")
    assert "|---|---|---|---|\n| 2026-03-14 | 13:00 | merged |  |\n| 2026-03-14 | 14:02" in result


def test_an_empty_timeline_starts_the_template_table() -> None:
    skeleton = load_template("postmortem").section("timeline").skeleton  # type: ignore[union-attr]
    section = "## Timeline\n\n\n"
    insertion = timeline_row_at(section, 0, AT_1415, "", "UTC", skeleton)
    result = section[: insertion.offset] + insertion.text + section[insertion.offset :]
    assert (
        "All times in UTC.\n\n| Time | Event |\n|------|------|\n| 2026-03-14 14:15 |  |" in result
    )
    assert result[: insertion.offset + insertion.cursor].endswith("| 2026-03-14 14:15 | ")


def test_times_and_dates_typed_in_the_form() -> None:
    assert parse_clock("14:02") == dt.time(14, 2)
    assert parse_clock("2:05 pm") == dt.time(14, 5)
    assert parse_clock("24:00") is None and parse_clock("noon") is None
    assert parse_day("2026-02-28") == dt.date(2026, 2, 28)
    assert parse_day("2026-02-30") is None and parse_day("tomorrow") is None


# -- action items ---------------------------------------------------------------------------


def _item(section: str, item: ActionItem, skeleton: str = "") -> str:
    insertion = add_action_item(section, 0, item, skeleton)
    return section[: insertion.offset] + insertion.text + section[insertion.offset :]


ITEM = ActionItem("Add a canary", owner="@ada", ticket="OPS-1", due="2026-04-01", priority="P1")


def test_an_item_joins_the_table_by_column_name_even_with_prose_after_it() -> None:
    section = (
        "## Action items\n\n| Action | Due | Owner |\n|---|---|---|\n| Old | 2026-01-01 | @bo |\n"
        "\nMore notes.\n"
    )
    assert item_format(section).fields == ("item", "due", "owner")
    assert "| Old | 2026-01-01 | @bo |\n| Add a canary | 2026-04-01 | @ada |\n\nMore" in _item(
        section, ITEM
    )


def test_an_item_follows_a_checklist_a_list_or_a_numbered_list() -> None:
    checklist = "## Action items\n\n- [ ] Old thing (owner: @bo)\n"
    assert _item(checklist, ITEM).endswith(
        "- [ ] Old thing (owner: @bo)\n"
        "- [ ] Add a canary (P1, owner: @ada, OPS-1, due 2026-04-01)\n"
    )
    plain = "## Action items\n\n* Old thing\n"
    assert _item(plain, ActionItem("New")).endswith("* Old thing\n* New\n")
    numbered = "## Action items\n\n1. Old thing\n2. Other\n"
    assert _item(numbered, ActionItem("New")).endswith("2. Other\n3. New\n")


def test_an_empty_section_uses_the_template_format() -> None:
    skeleton = load_template("postmortem").section("action-items").skeleton  # type: ignore[union-attr]
    form = item_format("## Action items\n\n", skeleton)
    assert form.kind == "table" and form.fields == FIELDS
    result = _item("## Action items\n\n", ITEM, skeleton)
    assert result.startswith(
        "## Action items\n\n| Item | Type | Priority | Owner | Ticket | Due |\n"
        "|---|---|---|---|---|---|\n| Add a canary |  | P1 | @ada | OPS-1 | 2026-04-01 |\n"
    )


@pytest.mark.parametrize("due", ["2026-13-01", "next week", "01/04/2026"])
def test_a_due_date_must_be_a_date(due: str) -> None:
    problem = check_due(due)
    assert problem is not None and "YYYY-MM-DD" in problem
    assert check_due("2026-04-01") is None and check_due("") is None
