"""postmortem.timeline-milestones asks for a milestone only when the document gives no account
of it: by the form of the rows and fields, never by one document's words."""

from __future__ import annotations

from writer.checks.postmortem.incident import read_incident
from writer.checks.postmortem.milestone_gaps import milestone_gaps
from writer.model.document import parse


def _gaps(body: str) -> list[str]:
    document = parse("# Outage\n\n" + body, "pm.md")
    found = milestone_gaps(document, read_incident(document))
    return [] if found is None else [gap.key for gap in found.gaps]


ROWS = (
    "- 14:15 On-call rolled back the config push\n"
    "- 14:31 Error rate back to normal, incident resolved\n"
)


def test_a_timeline_that_opens_at_a_person_s_report_is_asked_for_the_start() -> None:
    body = "## Timeline\n\nAll times UTC.\n\n- 14:08 A customer reported checkout errors\n" + ROWS
    assert _gaps(body) == ["impact_start"]
    noticed = "## Timeline\n\n- 14:08 We noticed checkout returns 500s\n" + ROWS
    assert _gaps(noticed) == ["impact_start"]


def test_an_automated_alert_is_as_close_to_the_start_as_anyone_knows() -> None:
    for opening in (
        "First alert fires",
        "PagerDuty paged the on-call for checkout errors",
        "CloudWatch alarm posts to Slack about low disk space",
        "An uptime check is failing for the API",
    ):
        assert _gaps(f"## Timeline\n\n- 14:08 {opening}\n" + ROWS) == [], opening


def test_a_row_before_the_detection_without_a_clock_time_gives_the_start() -> None:
    body = "## Timeline\n\n- [???] Disk I/O begins degrading\n- 14:08 Bob reports CI is broken\n"
    assert _gaps(body + ROWS) == []


def test_a_vulnerability_report_or_a_latent_problem_is_no_outage() -> None:
    body = "## Timeline\n\n- 14:08 A researcher reports a vulnerability in uploads\n" + ROWS
    assert _gaps(body) == []
    latent = "## Timeline\n\n- 14:08 Identified problem with the sync job's roles\n" + ROWS
    assert _gaps(latent) == []


def test_a_milestone_given_in_a_field_is_not_asked_for() -> None:
    rows = "## Timeline\n\n- 14:02 Checkout starts returning 500s\n- 14:20 Meeting\n- 14:25 Chat\n"
    assert _gaps(rows) == ["detected", "resolved"]
    assert _gaps("**Time to detect**: 7 min\n\n" + rows) == ["resolved"]
    assert _gaps("Detected: 14:05\n\n| Duration | 40 minutes |\n\n" + rows) == []


def test_detection_in_words_the_reader_knows() -> None:
    for wording in (
        "We were alerted by the error-rate monitor",
        "PagerDuty fired for checkout",
        "A customer e-mailed support about failed payments",
        "Support noticed failed payments",
    ):
        body = f"## Timeline\n\n- 14:02 Checkout starts returning 500s\n- 14:08 {wording}\n"
        assert "detected" not in _gaps(body + ROWS), wording


def test_nothing_to_read_without_two_times() -> None:
    assert _gaps("## Timeline\n\n- A config push broke checkout\n- We rolled back\n") == []
    assert _gaps("Checkout failed for a while.\n") == []
