"""What a postmortem states about time, held against its timeline; action items done, asked,
linked or repeated; template text left in."""

from __future__ import annotations

import datetime as dt

import pytest

from writer.api import Linter, LintOptions
from writer.checks.postmortem.action_items import (
    ActionItem,
    duplicates,
    is_done,
    is_question,
    is_statement,
    link_only,
    links_change,
    vague_lead,
)
from writer.checks.postmortem.consistency import problems, stated_durations
from writer.checks.postmortem.incident import read_incident
from writer.checks.postmortem.template_text import find_template_text
from writer.checks.postmortem.timeline import ReadContext, place_rows, read_rows
from writer.model.document import parse
from writer.model.lines import lines_of

TIMELINE = """
## Timeline

All times UTC.

- 2024-03-01 14:02 Checkout starts returning 500s
- 2024-03-01 14:08 Alert fired, on-call paged
- 2024-03-01 14:31 Rolled back, errors back to normal
"""


def _problems(text: str, path: str = "pm.md") -> list[tuple[str, str]]:
    document = parse(text, path)
    incident = read_incident(document)
    return [(p.rule, document.text[p.start : p.end]) for p in problems(document, incident)]


@pytest.mark.parametrize(
    ("text", "minutes", "kind"),
    [
        ("The outage lasted 2 hours 5 minutes.", 125, "length"),
        ("It took 1 hour and 31 minutes from the start to the fix.", 91, "length"),
        ("Time to repair: 12h 30m", 750, "ttr"),
        ("- Time to detection: 88 minutes", 88, "ttd"),
        ("This caused a 45-minute outage.", 45, "length"),
        ("The issue was resolved quickly (~1 hour).", 60, "resolution"),
        ("The service was degraded for three days.", 3 * 24 * 60, "length"),
        ("The incident took ~2h to resolve.", 120, "resolution"),
    ],
)
def test_durations_in_words_and_figures(text: str, minutes: float, kind: str) -> None:
    found = list(stated_durations(text))
    assert [(d.minutes, d.kind) for d in found] == [(minutes, kind)]


def test_durations_that_are_not_the_incident_are_left_alone() -> None:
    for text in (
        "The cache expires after 30 minutes.",
        "Nodes can take up to 26 hours to start up.",
        "Errors returned to normal within two minutes of the rollback.",
        "We retry every 5 minutes.",
    ):
        assert list(stated_durations(text)) == [], text


def test_a_contradicted_duration_names_the_rows() -> None:
    text = "# Outage\n\n## Summary\n\nCheckout was down for 2 hours.\n" + TIMELINE
    assert _problems(text) == [("duration-mismatch", "2 hours")]
    consistent = "# Outage\n\n## Summary\n\nCheckout was down for about 30 minutes.\n" + TIMELINE
    assert _problems(consistent) == []


def test_bounds_and_ranges_are_read_as_such() -> None:
    within = "# Outage\n\n## Summary\n\nWe fixed it within 20 minutes.\n" + TIMELINE
    assert _problems(within) == [("duration-mismatch", "within 20 minutes")]
    over = "# Outage\n\n## Summary\n\nThe outage lasted over 20 minutes.\n" + TIMELINE
    assert _problems(over) == []
    ranged = "# Outage\n\n## Summary\n\nThe outage lasted 20-35 minutes.\n" + TIMELINE
    assert _problems(ranged) == []


def test_a_window_that_ends_before_it_starts() -> None:
    text = (
        "# Outage\n\n## Summary\n\n- Date: July 2 2025, 9:30 AM UTC - July 2 2025, 12:30 AM UTC\n"
        "\n## Timeline\n\n- 2025-07-02 09:30 UTC Upgrade; blocks stall\n"
        "- 2025-07-02 12:30 UTC Node restarted, resolved\n"
    )
    assert [rule for rule, _ in _problems(text)] == ["time-mismatch"]


def test_dates_against_the_timeline_the_file_name_and_the_weekday() -> None:
    title = "# 2020-08-28 Memory overload\n\n## Summary\n\nOn 2020-08-28 the hub froze.\n"
    assert ("date-mismatch", "2020-08-28") in _problems(title, "2020-10-28-memory.md")
    weekday = "# Outage\n\n## Summary\n\nOn Tuesday 4 December 2019 nodes were deleted.\n"
    assert _problems(weekday) == [("date-mismatch", "Tuesday")]


def test_a_zone_that_cannot_apply_on_the_incident_date() -> None:
    text = "# Airdrop\n\n## Summary\n\nOn May 31, 2022 claims broke; resolved at 2:57 pm PST.\n"
    found = _problems(text)
    assert ("timeline-timezone", "PST") in found


def test_a_heading_says_pm_for_the_times_below_it() -> None:
    rows = read_rows(lines_of("### Afternoon (PM)\n\n- 1:05 paged\n- 2:10 rolled back\n"))
    placed, problems_, _ = place_rows(rows, None)
    assert problems_ == []
    assert [row.local.time() for row in placed if row.local] == [dt.time(13, 5), dt.time(14, 10)]


def test_the_year_of_month_day_rows_comes_from_the_context() -> None:
    rows = read_rows(lines_of("## May 12\n\n- 20:15 ticket\n"), ReadContext(year=2025))
    assert rows[0].date == dt.date(2025, 5, 12)


def test_done_questions_links_descriptions() -> None:
    assert is_done("- [x] closed") or is_done("Implement guards (done)")
    assert is_done("We enabled branch protection on every repository.")
    assert is_done("Already added the fix")
    assert not is_done("Increase size of edge proxy VMs (in progress)")
    assert is_question("Should we give Prometheus dedicated nodes?")
    assert is_question("Reflect if the ALBs should have been announced")
    assert link_only("#2127") and link_only("https://github.com/org/repo/issues/1")
    assert not link_only("[#2226]: Add simple logging when publishing starts")
    assert is_statement("The mapper knows the set is append-only.")
    assert not is_statement("The team will add an alert")
    assert vague_lead("Setup more Fluentd alerts") is not None
    assert vague_lead("Add an alert when disk use exceeds 90% (@kim, OPS-1)") is None


def test_an_item_linked_to_its_change_needs_no_owner() -> None:
    assert links_change("Configuration fix: <https://github.com/org/charts/pull/1196>")
    assert links_change("Fixes https://gitlab.com/g/p/-/merge_requests/12 and more")
    assert links_change("Cap retries https://github.com/org/repo/commit/2d1f11145a14")
    assert links_change("Review at https://review.example.org/c/project/+/4711")
    # A change it only points to is background; an issue is not a change.
    assert not links_change("Upgrade the NFS server (see https://github.com/org/nfs/pull/34).")
    assert not links_change("Cap retries https://github.com/org/repo/issues/7")
    text = (
        "# Outage\n\n## Action items\n\n"
        "- Configuration fixes for the release process:\n"
        "  - <https://github.com/org/release/pull/164>\n"
        "- Add an alert on queue depth above 1,000 (OPS-12)\n"
    )
    owners = [
        f.line
        for f in Linter(LintOptions(jobs=1)).lint_text(text, "pm.md").findings
        if f.rule == "postmortem.action-item-owner"
    ]
    assert owners == [7]


def test_advice_to_readers_and_questions_put_for_discussion() -> None:
    text = (
        "# Outage\n\n## Action items\n\n"
        "- Q: Would a staging cluster have caught it?\n"
        "  - A: Yes, if it had the same DNS setup.\n"
        "- Add a staging cluster with production's DNS setup\n\n"
        "## Prevention\n\nNode operators should do all of the following:\n\n"
        "1. **Back up the data directory daily.** Take backups while the node is stopped.\n"
        "2. **Alert on kills.** Treat exit code 137 as an incident.\n"
    )
    found = [
        (f.rule, f.line)
        for f in Linter(LintOptions(jobs=1)).lint_text(text, "pm.md").findings
        if f.rule.startswith("postmortem.action-item")
    ]
    # The question is one finding (decide it); the answer and the operators' advice are none.
    assert ("postmortem.action-item-vague", 5) in found
    assert not [
        line for rule, line in found if line == 5 and rule != "postmortem.action-item-vague"
    ]
    assert not [line for _, line in found if line == 6 or line >= 12]
    assert ("postmortem.action-item-owner", 7) in found


def test_the_reports_own_checklist_placeholders_and_done_notes_are_not_open_items() -> None:
    text = (
        "# Outage\n\n## Action items\n\n"
        "1. {{ summary }} [link to issue]\n"
        "2. Add an alert when the queue is deeper than 1,000 jobs\n\n"
        "## Checklist\n\n"
        "- [ ] Incident has been dealt with or is over\n"
        "- [ ] Sections above are filled out\n"
        "- [ ] All actionable items above have linked issues\n\n"
        "## Recommendations\n\n"
        "- Package maintainers should enable two-factor authentication.\n\n"
        "## Lessons\n\n"
        "Approvals need a Google employee. We should expand this to the Dart team as well. (added\n"
        "Dart team members to the OWNERS file)\n"
    )
    found = sorted(
        {
            f.line
            for f in Linter(LintOptions(jobs=1)).lint_text(text, "pm.md").findings
            if f.rule.startswith("postmortem.action-item")
        }
    )
    assert found == [6]


def test_rows_joined_by_html_breaks_and_an_end_of_outage_marker() -> None:
    text = (
        "# Site outage\n\n## Timeline\n\nAll times PDT.\n\n### 2023-08-25\n\n"
        "15:27 - A DNS change is submitted.<br> 21:14 - The change takes effect. **<START OF\n"
        "OUTAGE>**<br> 21:20 - Monitoring sends the first e-mail.<br> 23:54 - A user reports it.\n"
        "\n### 2023-08-26\n\n05:07 - A fix is submitted.<br> 12:55 - The fix takes effect.\n"
        "**<END OF OUTAGE>**\n\n## Summary\n\nThe issue went undetected by humans for two\n"
        "hours and forty minutes.\n"
    )
    found = [f.rule for f in Linter(LintOptions(jobs=1)).lint_text(text, "pm.md").findings]
    assert "postmortem.timeline-milestones" not in found
    assert "postmortem.duration-mismatch" not in found
    assert [
        (d.minutes, d.kind)
        for d in stated_durations("went undetected for seven hours and ten minutes")
    ] == [(430.0, "ttd")]


def test_a_lazy_continuation_line_belongs_to_its_item() -> None:
    from writer.checks.postmortem.action_items import parse_action_items

    text = (
        "* Correct the handling of hidden projects in the mail job. Right now the job\n"
        "fails on them. See [issue 13636](https://example.com/issues/13636).\n"
        "* Add a status page for the mail queue\n\n"
        "[ref]: https://example.com/ref\n"
    )
    items = parse_action_items(text)
    assert [("link" in item.tracking or "ticket" in item.tracking) for item in items] == [
        True,
        False,
    ]


def test_described_supposed_and_kept_things_are_not_open_items() -> None:
    from writer.checks.postmortem.action_items import parse_action_items

    text = (
        "What we have landed on is as follows:\n\n"
        "* Developers create a release branch for each release.\n\n"
        "Alternatives here included:\n\n"
        "* Delegating builds to a third party such as OBS.\n\n"
        "Other than CI, our plan is:\n\n"
        "* We then perform all releases from an isolated terminal.\n"
        "* In an ideal world we'd do reproducible builds.\n"
        "* Continue using GitHub for public repositories.\n"
        "* If you only read public repositories, use HTTPS.\n"
        "* Developers to write a response plan for alerts.\n"
        "* We have no dashboard check. We can add one that runs hourly.\n"
        "* Add a dashboard check that runs hourly.\n"
    )
    statements = [item.statement for item in parse_action_items(text)]
    assert statements == [True, True, True, True, True, True, False, False, False]


def test_a_prose_story_told_in_utc_from_a_team_in_another_zone() -> None:
    text = (
        "# Database outage\n\n"
        "On June 17th, 2020 at approximately 18:00 UTC the service went down, resulting in a\n"
        "3 day outage. As of writing (June 23rd, 01:30 UTC), it is still recovering.\n\n"
        "## What happened\n\n"
        "At 18:30 UTC it was determined that the database had to come offline. The backups took\n"
        "until 02:50 UTC on June 18th, 2020, at which point the restore started. Service was\n"
        "restored at 21:00 UTC on June 20th.\n\n"
        "## Next steps\n\n"
        "We're building new infrastructure with a permanent third standby server.\n\n"
        "*All times are UTC; the team is in the Mountain timezone, currently UTC-6.*\n"
    )
    found = [f.rule for f in Linter(LintOptions(jobs=1)).lint_text(text, "pm.md").findings]
    for rule in (
        "timeline-timezone",
        "timeline-order",
        "duration-mismatch",
        "action-items-missing",
    ):
        assert f"postmortem.{rule}" not in found, found


def test_duplicates_need_a_shared_run_of_words() -> None:
    items = [
        ActionItem(1, 0, 0, "Pass statically typed config objects into Lambdas"),
        ActionItem(2, 0, 0, "Use a statically typed config object passed from the entrypoint"),
        ActionItem(3, 0, 0, "Include crate downloads in the smoke test plan for staging"),
        ActionItem(4, 0, 0, "Automate the staging environment smoke tests"),
    ]
    assert [(a.line, b.line) for a, b in duplicates(items)] == [(1, 2)]


def test_three_shared_words_make_duplicates_only_with_the_same_verb() -> None:
    items = [
        ActionItem(1, 0, 0, "Disable all SSH agent forwarding on the servers"),
        ActionItem(2, 0, 0, "Educate everyone on the perils of SSH agent forwarding"),
        ActionItem(3, 0, 0, "Disable SSH agent forwarding on the laptops"),
        ActionItem(4, 0, 0, "Improve the status page update:"),
        ActionItem(5, 0, 0, "Improve the status page update"),
    ]
    assert [(a.line, b.line) for a, b in duplicates(items)] == [(1, 3), (4, 5)]


def test_template_text_left_in() -> None:
    document = parse(
        "---\napprovers: TBD\n---\n\n# 000 - Postmortem for the upgrade\n\n## Timeline\n\n"
        "A timeline of the events important to the incident.\n\n## Action items\n\n"
        "_Add the action items here_\n\nAction items should address every lesson.\n"
    )
    kinds = [found.kind for found in find_template_text(document)]
    assert kinds.count("guidance") == 2
    assert {"title", "front matter", "instruction"} <= set(kinds)
    clean = parse("# 004 - Postmortem\n\nThis document describes the upgrade incident.\n")
    assert list(find_template_text(clean)) == []


def test_coverage_reads_subject_words_and_synonyms() -> None:
    from writer.checks.postmortem.coverage import best_coverage, subject_words, synonyms

    table = synonyms()
    factor = subject_words("The alarm never paged the oncall engineer", table)
    assert best_coverage(factor, [subject_words("Add an alert for the queue depth", table)]) >= 45
    other = subject_words("Missing physical war room", table)
    assert best_coverage(other, [subject_words("Add an alert for the queue depth", table)]) == 0
    ready = subject_words("A node entered a NotReady state", table)
    assert best_coverage(ready, [subject_words("Resolve the NodeNotReady errors", table)]) >= 45
