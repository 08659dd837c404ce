"""The timeline reader: every form of row, dates inherited and rolled over midnight, zones and
daylight saving, milestones and durations, and the incident read from a whole document."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from writer.checks.postmortem.incident import read_incident
from writer.checks.postmortem.stamps import find_clocks, find_dates, stamp_at
from writer.checks.postmortem.timeline import (
    ReadContext,
    human_minutes,
    parse_timeline,
    place_rows,
    read_rows,
)
from writer.checks.postmortem.zones import lookup, near_miss, wrong_on
from writer.model.document import parse
from writer.model.lines import lines_of


def _rows(text: str, context: ReadContext | None = None):  # type: ignore[no-untyped-def]
    return read_rows(lines_of(text), context)


def _placed(text: str, zone: str | None = None, context: ReadContext | None = None):  # type: ignore[no-untyped-def]
    return place_rows(_rows(text, context), lookup(zone) if zone else None)


def test_table_rows_with_dates_and_times() -> None:
    text = (
        "All times in CET.\n\n| Time | Event |\n| --- | --- |\n"
        "| 2021-06-22 08:21 | VPC CNI replaced |\n| 2021-06-22 08:29 | Issue detected |\n"
    )
    timeline = parse_timeline(text, first_line=10)
    assert [(r.line, r.date, r.time, r.text) for r in timeline.rows] == [
        (14, dt.date(2021, 6, 22), dt.time(8, 21), "VPC CNI replaced"),
        (15, dt.date(2021, 6, 22), dt.time(8, 29), "Issue detected"),
    ]
    assert timeline.zone is not None and timeline.zone.text == "CET"


def test_every_row_form() -> None:
    text = (
        "- **14:51** paged\n* [13:26] report\n14:02 - errors start\n1. 2:05 PM rollback\n"
        "- `07:35` funded\n- 2022-02-02 1625: mail\n[07:33] merged \\\n- 20:09 UTC: registered\n"
    )
    rows = _rows(text)
    assert [r.time for r in rows] == [
        dt.time(14, 51),
        dt.time(13, 26),
        dt.time(14, 2),
        dt.time(14, 5),
        dt.time(7, 35),
        dt.time(16, 25),
        dt.time(7, 33),
        dt.time(20, 9),
    ]
    assert [r.text for r in rows][:4] == ["paged", "report", "errors start", "rollback"]
    assert rows[-1].zone_text == "UTC"


def test_heading_rows_and_bare_time_lines_take_the_text_below() -> None:
    text = "## May 12\n\n### 20:15\n\nTicket opened\n\n### 08:52 PM\nReport\n\n1:03\nAlert fires\n"
    rows = _rows(text, ReadContext(year=2025))
    assert [(r.form, r.time, r.text) for r in rows] == [
        ("heading", dt.time(20, 15), "Ticket opened"),
        ("heading", dt.time(20, 52), "Report"),
        ("line", dt.time(1, 3), "Alert fires"),
    ]
    assert rows[0].date == dt.date(2025, 5, 12) and rows[0].date_from == "heading"


def test_approximate_unsure_ranges_and_placeholders() -> None:
    rows = _rows(
        "- ~13:30-13:45 slow\n- ca. 14:00 paged\n- 2X:XX unsure\n- 2022-02-02 X: mail\n"
        "- [???] degraded\n- 21:30 (approx) replied\n"
    )
    assert rows[0].approximate and rows[0].clock and rows[0].clock.end == dt.time(13, 45)
    assert rows[1].approximate and rows[1].time == dt.time(14)
    assert rows[2].clock and rows[2].clock.unsure and not rows[2].placeholder
    assert rows[3].placeholder and rows[4].placeholder
    assert rows[5].approximate


def test_written_out_dates_and_bracketed_month_days() -> None:
    for text, day in [
        ("31st July 2018", dt.date(2018, 7, 31)),
        ("Monday 20. January 2020", dt.date(2020, 1, 20)),
        ("the 15th of February 2021", dt.date(2021, 2, 15)),
        ("July 2  2025, 11:00 AM UTC", dt.date(2025, 7, 2)),
        ("Wednesday, 2023-01-25", dt.date(2023, 1, 25)),
    ]:
        found = next(iter(find_dates(text)))
        assert found.date == day, text
    stamp = stamp_at("[05-12 14:49] paged")
    assert stamp is not None and stamp.date is not None
    assert (stamp.date.date.month, stamp.date.date.day) == (5, 12)
    assert stamp_at("17:14pm x") is not None
    assert not list(find_dates("we may 2 things"))


def test_prose_times_with_zones_and_four_digit_times() -> None:
    found = list(find_clocks("On April 26 between the hours of 1900 and 2100 UTC, at 1915 UTC"))
    assert [(f.clock.time, f.zone_text) for f in found] == [
        (dt.time(19), None),
        (dt.time(21), "UTC"),
        (dt.time(19, 15), "UTC"),
    ]
    assert not list(find_clocks("version 1.24.0 and a 3:2 ratio"))


def test_order_rolls_over_midnight_and_says_so() -> None:
    placed, problems, _ = _placed("- 23:55 migration done\n- 07:00 merging again\n- 06:30 late\n")
    assert placed[1].local is not None and placed[1].rolled
    assert [(p.row.line, p.kind) for p in problems] == [(2, "rollover"), (3, "backwards")]
    placed, problems, _ = _placed("- 23:55 done\n- 07:00 the next morning, merging again\n")
    assert problems == [] and placed[1].rolled


def test_a_row_past_midnight_under_a_date_heading_belongs_to_the_next_day() -> None:
    placed, problems, _ = _placed("## 2025-05-12\n\n- 23:00 looking\n- 00:40 found it\n")
    assert [p.kind for p in problems] == ["heading"]
    assert placed[1].local == dt.datetime(2025, 5, 13, 0, 40)


def test_twelve_hour_times_without_am_pm_follow_the_afternoon() -> None:
    placed, problems, _ = _placed("- 11:50 AM start\n- 12:10 PM paged\n- 1:05 rolled back\n")
    assert problems == []
    assert placed[2].local is not None and placed[2].local.hour == 13


def test_a_mistyped_date_between_agreeing_rows_is_a_gap_not_two_order_problems() -> None:
    text = "- 2022-02-02 19:06 builds\n- 2022-02-20 19:30 deploy\n- 2022-02-02 20:21 notify\n"
    placed, problems, gaps = _placed(text, "UTC")
    assert [g.row.line for g in gaps] == [2]
    assert problems == []
    assert placed[1].corrected_date == dt.date(2022, 2, 2)


def test_offset_rows_count_from_the_row_with_a_time() -> None:
    text = (
        "| Time | Event |\n|---|---|\n| July 2 2025, 11:00 AM UTC | start |\n| +10 minutes | x |\n"
    )
    placed, _, _ = _placed(text)
    assert placed[1].local == dt.datetime(2025, 7, 2, 11, 10)


def test_zones_and_daylight_saving() -> None:
    pst = lookup("PST")
    assert pst is not None and wrong_on(pst, dt.date(2022, 5, 31)) == "PDT"
    assert wrong_on(pst, dt.date(2022, 12, 1)) is None
    cet = lookup("CET")
    assert cet is not None and wrong_on(cet, dt.date(2021, 6, 22)) == "CEST"
    pacific = lookup("US/Pacific")
    assert pacific is not None and pacific.offset_on(dt.date(2021, 7, 1)) == dt.timedelta(hours=-7)
    assert lookup("UTC+1") is not None and lookup("CET/CEST") is not None
    assert near_miss("PTS") == "PST" and near_miss("PST") is None


def test_zone_statements() -> None:
    for statement, zone in [
        ("All times UTC", "UTC"),
        ("_All times in EEST_", "EEST"),
        ("All times are in US/Pacific", "US/Pacific"),
        ("All times listed in PST.", "PST"),
        ("| Date and Time in CET | Event |\n|---|---|\n| 2019-11-29 12:00 | x |", "CET"),
        ("*(All times US/Pacific, 24-hour clock.)*", "US/Pacific"),
    ]:
        timeline = parse_timeline(statement + "\n\n- 10:00 a\n")
        assert timeline.zone is not None, statement
        assert timeline.zone.text == zone
    assert parse_timeline("- 10:00 a\n- 11:00 b\n").zone is None


def test_incident_reads_milestones_and_durations() -> None:
    document = parse(
        "# Outage\n\n## Timeline\n\nAll times UTC.\n\n"
        "- 2024-03-01 08:21 VPC CNI replaced by the pipeline\n"
        "- 2024-03-01 08:29 Issue detected from alerts\n"
        "- 2024-03-01 08:33 Fix committed to revert the change\n"
        "- 2024-03-01 08:46 Target groups reattached (resolved)\n",
        "pm.md",
    )
    incident = read_incident(document)
    marks = incident.milestones
    assert [
        marks.get(n).row.line for n in ("impact_start", "detected", "mitigated", "resolved")
    ] == [
        7,
        8,
        10,  # a fix committed is not yet a mitigation
        10,
    ]
    assert incident.durations() == {
        "time_to_detect": 8.0,
        "time_to_mitigate": 25.0,
        "time_to_resolve": 25.0,
    }
    assert human_minutes(125) == "2 h 5 min" and human_minutes(60 * 27) == "1 d 3 h"


def test_a_timeline_that_opens_at_the_detection_has_no_start() -> None:
    document = parse(
        "# Outage\n\n## Timeline\n\nAll times UTC.\n\n- 13:26 User reports errors\n"
        "- 14:02 Rolled back\n- 14:30 Resolved\n"
    )
    incident = read_incident(document)
    assert incident.milestones.impact_start.row is None
    assert "opens at the detection" in incident.milestones.impact_start.reason
    assert incident.milestones.impact_start.as_dict() == "unknown"
    assert incident.durations()["time_to_resolve"] is None


def test_prose_timeline_when_there_is_no_timeline_section() -> None:
    document = parse(
        "# Release incident\n\nOn 2021-04-27 at 15:09 UTC we released 1.24.0. At 15:23 UTC we "
        "received a report of a regression. At 15:27 UTC we had confirmed the cause, and while we "
        "worked on a fix, we reverted the release - an action completed by 15:56 UTC.\n"
    )
    incident = read_incident(document)
    assert incident.from_prose
    marks = incident.milestones
    assert marks.minutes("detected") == 14
    assert marks.minutes("mitigated") == 47


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789:-|*[]#APMUTCZ amp\n./?x~+")), max_size=300)
)
def test_reading_never_crashes_on_timeline_like_text(text: str) -> None:
    rows = _rows(text)
    place_rows(rows, lookup("UTC"))
    for row in rows:
        assert 1 <= row.line <= text.count("\n") + 1
        assert 0 <= row.start <= row.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_reading_a_document_never_crashes(text: str) -> None:
    read_incident(parse("# T\n\n## Timeline\n\n" + text + "\n\n## Summary\n\n" + text))
