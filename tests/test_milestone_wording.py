"""Milestones read by the form of a row's wording: a check that passed is no detection, a fix
opened or planned is no mitigation until it takes effect, an attempt that did not help is none,
and an incident closed then reported again is resolved later. The rows are made up."""

from __future__ import annotations

import pytest

from writer.checks.postmortem.incident import read_incident
from writer.checks.postmortem.milestones import Milestones
from writer.model.document import parse

HEAD = "# Outage\n\n## Timeline\n\nAll times UTC.\n\n"


def _marks(*rows: str) -> Milestones:
    text = HEAD + "".join(f"- 2024-03-01 {row}\n" for row in rows)
    return read_incident(parse(text, "pm.md")).milestones


def _at(marks: Milestones, name: str) -> str | None:
    row = marks.get(name).row
    return row.local.strftime("%H:%M") if row is not None and row.local is not None else None


@pytest.mark.parametrize(
    ("check", "detected"),
    [
        ("Confirmed the new image working on all three regions", "10:30"),
        ("Verified payments are healthy after the deploy", "10:30"),
        ("Checked the canary, it looks fine", "10:30"),
        # a confirmation of a failure is a detection
        ("Confirmed checkout requests are not working", "10:10"),
        ("Confirmed the queue stopped working", "10:10"),
        ("Confirmed outage, the team is working on a fix", "10:10"),
    ],
)
def test_a_confirmation_that_things_work_is_no_detection(check: str, detected: str) -> None:
    marks = _marks(
        "10:00 Upgraded the payment library",
        f"10:10 {check}",
        "10:30 Alert fired for checkout errors",
        "11:00 Rolled back the upgrade",
        "11:30 Incident resolved",
    )
    assert _at(marks, "detected") == detected


@pytest.mark.parametrize(
    ("action", "mitigated"),
    [
        # opened, drafted, committed, proposed or planned: nothing mitigated yet
        ("Ana opens a PR with the fix", "11:40"),
        ("Opened up [PR 312](https://example.com) with the fix", "11:40"),
        ("Fix committed to revert the config change", "11:40"),
        ("Patch drafted and sent for review", "11:40"),
        ("Hot fix prepared for internal review", "11:40"),
        ("Bo suggests a quick fix on chat", "11:40"),
        ("Recorded the versions in case a rollback is needed", "11:40"),
        ("Listed candidate packages for rollback", "11:40"),
        ("The plan is to re-deploy the old release", "11:40"),
        ("Started work on a fix", "11:40"),
        ("Fix deployed in the staging cluster", "11:40"),
        ("Restarted the API servers, the problem is still there", "11:40"),
        # merged, deployed, reverted or rolled back: a mitigation
        ("PR with the fix merged and deployed", "11:00"),
        ("Fix deployed to production", "11:00"),
        ("Rolled back the config change", "11:00"),
        ("Reverted the release", "11:00"),
    ],
)
def test_a_fix_mitigates_when_it_takes_effect(action: str, mitigated: str) -> None:
    marks = _marks(
        "10:00 Config change pushed",
        "10:05 Alert fired for 500 errors",
        f"11:00 {action}",
        "11:40 Restarted the workers",
        "12:00 Incident resolved",
    )
    assert _at(marks, "mitigated") == mitigated


@pytest.mark.parametrize(
    ("after", "mitigated"),
    [
        ("Confirmed the problem is still visible", "12:00"),
        ("Error rate still high", "12:00"),
        ("The restart did not help", "12:00"),
        ("Restart had no effect on the queue", "12:00"),
        # a row that says how it went without saying it failed leaves the attempt standing
        ("Error rate dropping", "11:00"),
    ],
)
def test_an_attempt_that_did_not_help_is_no_mitigation(after: str, mitigated: str) -> None:
    marks = _marks(
        "10:00 Deploy of release 42",
        "10:05 Pager alert: API latency",
        "11:00 Restarted the API servers",
        f"11:10 {after}",
        "12:00 Restarted the database",
        "12:30 Incident resolved",
    )
    assert _at(marks, "mitigated") == mitigated


def test_a_later_row_that_names_a_change_by_its_time_is_the_start() -> None:
    marks = _marks(
        "10:00 Upgraded forty plugins and restarted the server",
        "10:20 Updated the JDK tool definition",
        "10:50 Detected that agents were not being allocated",
        "11:10 Downgraded one plugin, which reports an API missing from the plugins upgraded "
        "at 10:00",
        "12:00 Outage resolved",
    )
    assert _at(marks, "impact_start") == "10:00"


def test_without_a_later_mention_the_last_change_is_the_start() -> None:
    marks = _marks(
        "10:00 Upgraded forty plugins and restarted the server",
        "10:20 Updated the JDK tool definition",
        "10:50 Detected that agents were not being allocated",
        "11:10 Downgraded one plugin",
        "12:00 Outage resolved",
    )
    assert _at(marks, "impact_start") == "10:20"


def test_a_closed_incident_reported_again_is_resolved_when_it_is_back() -> None:
    marks = _marks(
        "08:58 Service account deleted",
        "09:08 Exporter alert triggered",
        "10:00 Deployed a new API key",
        "10:09 Major outage closed",
        "12:03 Users reported missing metrics",
        "13:32 Permissions attached to the key",
        "13:40 Metrics availability confirmed by the end user",
    )
    assert (_at(marks, "mitigated"), _at(marks, "resolved")) == ("10:09", "13:40")
    assert "reported again" in marks.resolved.reason


def test_a_closed_incident_with_only_follow_up_rows_stays_resolved() -> None:
    marks = _marks(
        "08:58 Service account deleted",
        "09:08 Exporter alert triggered",
        "10:00 Deployed a new API key",
        "10:09 Major outage closed",
        "12:03 Postmortem meeting held",
    )
    assert (_at(marks, "mitigated"), _at(marks, "resolved")) == ("10:00", "10:09")
