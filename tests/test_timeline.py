"""Timeline parsing: formats, timezones, ordering with midnight rollover, milestones."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from writer.checks.postmortem.timeline import (
    find_stamp,
    human_minutes,
    milestones,
    parse_timeline,
    resolve,
    zone_offset,
)


def test_table_rows_with_dates_and_times() -> None:
    text = (
        "All times in CET.\n\n| Time | Event |\n| --- | --- |\n"
        "| 2021-06-22 08:21 | VPC CNI replaced |\n| 2021-06-22 08:29 | Issue detected |\n"
    )
    timeline = parse_timeline(text, first_line=10)
    assert [(e.line, e.date, e.time, e.text) for e in timeline.entries] == [
        (14, dt.date(2021, 6, 22), dt.time(8, 21), "VPC CNI replaced"),
        (15, dt.date(2021, 6, 22), dt.time(8, 29), "Issue detected"),
    ]
    assert timeline.zone is not None and timeline.zone.zone == "CET"
    assert timeline.zone.line == 10


def test_list_bold_bracket_and_plain_lines() -> None:
    text = "- **14:51** paged\n* [13:26] report\n14:02 - errors start\n1. 2:05 PM rollback\n"
    entries = parse_timeline(text).entries
    assert [e.time for e in entries] == [
        dt.time(14, 51),
        dt.time(13, 26),
        dt.time(14, 2),
        dt.time(14, 5),
    ]
    assert [e.text for e in entries] == ["paged", "report", "errors start", "rollback"]


def test_date_subheadings_give_dates_to_times_and_bullets() -> None:
    text = (
        "All times US/Pacific\n\n2019-10-08:\n* Patches staged\n* 11:20 AM v1.11.2 pushed\n\n"
        "### Dec 1, 2021\n\n- 09:00 Alert\n"
    )
    timeline = parse_timeline(text)
    assert timeline.zone is not None and timeline.zone.zone == "US/Pacific"
    assert [(e.date, e.time) for e in timeline.entries] == [
        (dt.date(2019, 10, 8), None),
        (dt.date(2019, 10, 8), dt.time(11, 20)),
        (dt.date(2021, 12, 1), dt.time(9, 0)),
    ]


def test_iso_timestamps_and_row_zones() -> None:
    stamp = find_stamp("2021-12-01T10:00:00Z deploy")
    assert stamp is not None and stamp.time == dt.time(10) and stamp.zone == "Z"
    stamp = find_stamp("2021-12-01 10:00 UTC deploy")
    assert stamp is not None and stamp.zone == "UTC" and stamp.date == dt.date(2021, 12, 1)
    timeline = parse_timeline("- 2021-12-01 10:00 UTC a\n- 2021-12-01 11:30 CET b\n")
    assert timeline.has_zone
    moments, problems = resolve(timeline)
    assert problems == []  # 11:30 CET is 10:30 UTC, after 10:00 UTC
    assert moments[1].at - moments[0].at == dt.timedelta(minutes=30)


def test_zone_statements() -> None:
    for statement, zone in [
        ("All times UTC", "UTC"),
        ("All times in CET.", "CET"),
        ("All times are in US/Pacific", "US/Pacific"),
        ("All times PDT.", "PDT"),
        ("| Date and Time in CET | Event |\n|---|---|\n| 2019-11-29 12:00 | x |", "CET"),
    ]:
        timeline = parse_timeline(statement + "\n\n- 10:00 a\n")
        assert timeline.zone is not None, statement
        assert timeline.zone.zone == zone
    assert parse_timeline("- 10:00 a\n- 11:00 b\n").zone is None
    assert zone_offset("CET") == dt.timedelta(hours=1)
    assert zone_offset("UTC+2") == dt.timedelta(hours=2)
    assert zone_offset("US/Pacific", dt.date(2021, 7, 1)) == dt.timedelta(hours=-7)


def test_placeholders_are_not_times() -> None:
    timeline = parse_timeline(
        "| Time | Event |\n|---|---|\n"
        "| 2024-03-13 HH:mm | Short event |\n| 2024-03-13 14:?? | x |\n"
    )
    assert [e.placeholder for e in timeline.entries] == [True, True]
    assert timeline.entries[0].template_placeholder
    assert not timeline.entries[1].template_placeholder
    assert timeline.known == ()


def test_order_dates_going_back_are_reported() -> None:
    text = (
        "| Date | Event |\n|---|---|\n| 2021-12-01 | a |\n| 2021-01-28 | b |\n| 2022-03-08 | c |\n"
    )
    _, problems = resolve(parse_timeline(text))
    assert [(p.entry.line, p.previous.line) for p in problems] == [(4, 3)]


def test_order_rolls_dateless_times_over_midnight() -> None:
    text = "- 23:55 migration done\n- 07:00 merging again\n- 06:30 out of order\n"
    moments, problems = resolve(parse_timeline(text))
    assert [p.entry.line for p in problems] == [3]
    assert moments[1].at.date() == moments[0].at.date() + dt.timedelta(days=1)


def test_order_swapped_times_in_the_afternoon() -> None:
    _, problems = resolve(parse_timeline("- 14:02 a\n- 14:43 b\n- 14:17 c\n"))
    assert [p.entry.line for p in problems] == [3]


def test_milestones_and_durations() -> None:
    text = (
        "- 08:21 VPC CNI replaced by the pipeline\n- 08:29 Issue detected from alerts\n"
        "- 08:33 Fix committed to revert the change\n- 08:46 Target groups reattached (resolved)\n"
    )
    moments, _ = resolve(parse_timeline(text))
    marks = milestones(moments)
    assert marks.missing() == []
    assert marks.minutes("detection") == 8
    assert marks.minutes("mitigation") == 12
    assert marks.minutes("resolution") == 25
    assert human_minutes(25) == "25 min"
    assert human_minutes(125) == "2 h 5 min"
    assert human_minutes(60 * 27) == "1 d 3 h"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789:-|*[]#APMUTCZ amp\n./?x")), max_size=300))
def test_timeline_parsing_never_crashes_on_timeline_like_text(text: str) -> None:
    timeline = parse_timeline(text)
    moments, _ = resolve(timeline)
    milestones(moments)
    for entry in timeline.entries:
        assert 1 <= entry.line <= text.count("\n") + 1
        assert 0 <= entry.start <= entry.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_timeline_parsing_never_crashes_on_any_text(text: str) -> None:
    resolve(parse_timeline(text))
