"""Knowing what a document is: its kind from all the evidence, sections found by the role they
play in whatever form they take, templates chosen only when the evidence supports them, and the
decision said in every report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.api import Linter, LintOptions
from writer.model.document import parse
from writer.templates.detect import classify
from writer.templates.roles import POSTMORTEM_ROLES, find_regions, role_of, role_title

BULLET_FIELDS = """# Payments API returned errors

- **Date**: 2024-03-02
- **Impact**: card payments failed for 1,240 customers for 38 minutes.
- **Root cause**: a certificate on the payment gateway expired at 09:12 UTC.
- **Detection**: a customer reported failures on the status page at 09:31 UTC.
- **Resolution**: the on-call engineer renewed the certificate at 09:50 UTC.
- **Review actions**:
  - Investigate certificate monitoring
  - Add expiry alerts for every gateway certificate (PAY-812, @lee)
"""

BOLD_LABELS = """# Icons rendered blank

**Summary**

Deprecated icons rendered as blank squares in the web app for a day.

**Impact**

About 300 users of the admin panel saw blank buttons.

**Root causes**: the icon package removed old names without a deprecation period.

**Action items**

- Pin the icon package version
"""

UNTITLED_SUMMARY = """# Queue backlog on 2023-05-04

The job queue stopped draining for two hours and 4,000 reports were late.

## Timeline

- 10:02 UTC workers stop acknowledging jobs
- 10:40 UTC the on-call engineer is paged
- 12:05 UTC workers restarted; the queue drains

## Action items

- Add an alert on queue age (OPS-19, @sam)
"""

SECOND_H1 = """# PM2023-004 - Ingress outage

## Summary

All services behind the ingress returned 503 for 20 minutes after a configuration change.

## Timeline

| Time | Event |
|------|-------|
| 08:00 | change applied |
| 08:05 | alerts fire |
| 08:20 | change reverted |

## Contributing Factors

The new configuration dropped the default backend.

## Action Items

- Validate ingress configuration in CI (Owner: platform team)

## Lessons Learned

Configuration changes need a canary.

# Stats

- Time to detection: 5 minutes
"""

ADR = """# 7. Use a message queue for billing events

## Status

Accepted

## Context

Billing events are lost when the billing service restarts.

## Decision

We will publish billing events to a durable queue.

## Consequences

Consumers must handle duplicates.
"""

NOTES = """# Team notes

## Shopping

Milk and bread.

## Ideas

A better coffee machine.
"""


def kind_of(text: str, path: str | None = None) -> str | None:
    return classify(parse(text), Path(path) if path else None).kind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BULLET_FIELDS, "postmortem"),
        (BOLD_LABELS, "postmortem"),
        (UNTITLED_SUMMARY, "postmortem"),
        (SECOND_H1, "postmortem"),
        (ADR, "adr"),
        (NOTES, None),
    ],
    ids=["bullet fields", "bold labels", "untitled summary", "second H1", "ADR", "notes"],
)
def test_the_kind_comes_from_all_the_evidence(text: str, expected: str | None) -> None:
    assert kind_of(text) == expected


def test_a_folder_name_is_evidence() -> None:
    text = "# Login slow\n\nLogins took 20 seconds for an hour.\n\n## What we changed\n\nNothing.\n"
    assert kind_of(text) is None
    assert kind_of(text, "docs/incidents/2024-01-02-login.md") == "postmortem"
    assert kind_of(text, "docs/postmortems/login.md") == "postmortem"


def test_roles_are_found_in_every_form() -> None:
    fields = find_regions(parse(BULLET_FIELDS), "postmortem")
    assert fields["impact"].form == "field" and fields["impact"].line == 4
    assert fields["action-items"].form == "field"
    assert (fields["action-items"].line, fields["action-items"].end_line) == (8, 10)
    labels = find_regions(parse(BOLD_LABELS), "postmortem")
    assert labels["summary"].form == "label" and labels["summary"].end_line == 5
    assert labels["contributing-factors"].line == 11
    untitled = find_regions(parse(UNTITLED_SUMMARY), "postmortem")
    assert untitled["summary"].form == "untitled"


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Timeline (times in BST)", "timeline"),
        ("5. Timeline (UTC)", "timeline"),
        ("Chronology", "timeline"),
        ("Impacted slots", "impact"),
        ("What went wrong?", "lessons-learned"),
        ("Origin of the incident", "contributing-factors"),
        ("Review actions", "action-items"),
        ("What we're doing about it", "action-items"),
        ("Future plan", "action-items"),
        (":flying_disc: Impact", "impact"),
        (":ballot_box_with_check: Follow-up tasks", "action-items"),
        ("Shopping", None),
    ],
)
def test_headings_in_many_phrasings_name_their_role(title: str, role: str | None) -> None:
    assert role_of(title, POSTMORTEM_ROLES) == role


def test_a_qualifier_does_not_hide_a_title() -> None:
    assert role_title("Alternatives (Not Implemented)") == "alternatives"
    assert role_title("Impact: what customers saw") == "impact"


def test_postmortem_rules_run_on_a_postmortem_in_bullet_fields() -> None:
    result = Linter(LintOptions(jobs=1)).lint_text(BULLET_FIELDS, "report.md")
    assert result.kind == "postmortem" and result.template is None
    rules = {finding.rule for finding in result.findings}
    # "Investigate certificate monitoring" has no owner, no ticket and a vague verb.
    assert {"postmortem.action-item-owner", "postmortem.action-item-vague"} <= rules
    assert "structure.missing-section" not in rules


def test_a_second_h1_keeps_the_template_and_its_checks() -> None:
    result = Linter(LintOptions(jobs=1)).lint_text(SECOND_H1, "pm.md")
    assert result.kind == "postmortem"
    assert result.template == "postmortem"


def test_a_kep_template_needs_the_keps_own_markers(tmp_path: Path) -> None:
    text = (
        "# Faster scheduling\n\n## Summary\n\nSchedule pods faster.\n\n## Motivation\n\nSlow.\n\n"
        "### Goals\n\n- p99 under 1 s\n\n### Non-Goals\n\n- GPUs\n\n## Proposal\n\nA cache.\n\n"
        "### Risks and Mitigations\n\nStale data.\n\n## Design Details\n\nDetails.\n\n"
        "### Test Plan\n\nUnit tests.\n\n### Graduation Criteria\n\nBeta in 1.30.\n\n"
        "## Drawbacks\n\nMemory.\n\n## Alternatives\n\nNone.\n"
    )
    plain = tmp_path / "design" / "faster-scheduling.md"
    plain.parent.mkdir()
    plain.write_text(text)
    kep = tmp_path / "keps" / "1234-faster" / "README.md"
    kep.parent.mkdir(parents=True)
    kep.write_text(text)
    (kep.parent / "kep.yaml").write_text("title: Faster scheduling\nkep-number: 1234\n")
    linter = Linter(LintOptions(jobs=1))
    without = linter.lint_text(text, str(plain))
    assert without.kind == "design" and without.template != "kep"
    proved = linter.lint_text(text, str(kep))
    assert proved.kind == "design" and proved.template == "kep"
    assert "kep.yaml beside it" in proved.evidence


def test_a_section_in_another_form_is_not_missing() -> None:
    text = (
        "# Checkout outage\n\n## Summary\n\nCheckout failed for 40 minutes for 12% of users; "
        "the on-call engineer noticed through an alert and restored service by a rollback.\n\n"
        "## Recovery\n\n### Timeline (UTC)\n\n- 14:02 deploy\n- 14:08 alert\n- 14:40 rollback\n\n"
        "**Impact**: 4,100 customers could not pay for 38 minutes.\n\n"
        "## Detection\n\nAn alert on the error rate fired six minutes after the deploy.\n\n"
        "## Contributing factors (in short)\n\nNo canary for config changes.\n\n"
        "## Lessons learned\n\nCanaries matter.\n\n"
        "## Action items\n\n- Add a canary (OPS-1, @ann)\n"
    )
    result = Linter(LintOptions(jobs=1, template="postmortem")).lint_text(text, "pm.md")
    missing = [f.message for f in result.findings if f.rule == "structure.missing-section"]
    assert missing == []


def test_missing_sections_are_required_only_when_the_template_is_certain() -> None:
    text = SECOND_H1  # follows the postmortem template's headings, less three sections
    detected = Linter(LintOptions(jobs=1)).lint_text(text, "pm.md")
    assert detected.certainty == "headings"
    assert not [f for f in detected.findings if f.rule == "structure.missing-section"]
    named = Linter(LintOptions(jobs=1, template="postmortem")).lint_text(text, "pm.md")
    errors = [f for f in named.findings if f.rule == "structure.missing-section"]
    assert errors and all(f.severity.label == "error" for f in errors)


def test_reports_say_what_was_decided(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(BULLET_FIELDS)
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES + "\nThe the end.\n")
    text = run_cli(["lint", "--jobs", "1", str(report), str(notes)])
    assert f"{report}  (postmortem, no template: sections found by what they are for)" in text.out
    assert f"{notes}  (not a postmortem or design doc: general checks only)" in text.out
    data = json.loads(run_cli(["lint", "--format", "json", str(report)]).out)
    entry = data["files"][0]
    assert entry["kind"] == "postmortem" and entry["template"] is None
    assert entry["detection"]["evidence"] and entry["detection"]["confidence"] > 0.5
    explained = run_cli(["lint", "--explain-template", str(report)])
    assert explained.code == 0
    assert "kind: postmortem" in explained.out
    assert "impact                 line 4, field 'Impact'" in explained.out


def test_the_kind_can_be_stated(tmp_path: Path) -> None:
    stated = "---\nkind: none\n---\n" + BULLET_FIELDS
    assert Linter(LintOptions(jobs=1)).lint_text(stated, "a.md").kind is None
    (tmp_path / ".writer.toml").write_text('kind = "postmortem"\n')
    (tmp_path / "notes.md").write_text(NOTES)
    result = Linter(LintOptions(jobs=1)).lint_text(NOTES, str(tmp_path / "notes.md"))
    assert result.kind == "postmortem"
    (tmp_path / ".writer.toml").write_text('kind = "postmortems"\n')
    bad = run_cli(["lint", str(tmp_path / "notes.md")])
    assert bad.code == 2 and "did you mean 'postmortem'?" in bad.out + bad.err


AGENDA = """# Compiler team meeting agenda

## Performance logs

#### Regressions

- Rollup of 13 pull requests #1147
- Update the parser (2023 rewrite) #1150
- Merge queue change #1152

#### Improvements

- Faster trait selection #1160
"""


def test_issue_numbers_and_years_are_not_clock_times() -> None:
    """An issue number (#1147) or a year (2023) in an agenda's lists is not a timeline's time."""
    assert kind_of(AGENDA) is None


def test_a_document_that_names_itself_a_postmortem_is_read_as_one() -> None:
    prose = "Pods were slow to start for a day after the upgrade, and users retried their work.\n"

    def decide(title: str, path: str) -> tuple[float, bool]:
        decision = classify(parse(f"# {title}\n\n{prose}", path), Path(path))
        named = any("calls it one" in e or "names the document" in e for e in decision.evidence)
        return (decision.confidence if decision.kind == "postmortem" else 0.0), named

    # A title or file name that calls the document a postmortem is enough to review it as one.
    assert decide("Rate limiting", "blog/2016-05-04-rate-limiting-post-mortem.md") >= (0.6, True)
    assert decide("Post-mortem for the 1.4 release", "notes/release.md") >= (0.6, True)
    # A document about postmortems, or a template for them, is not named one.
    assert decide("Writing postmortems", "docs/writing-postmortems.md")[1] is False
    assert decide("Incident report template", "docs/incident-report-template.md")[1] is False


def test_the_documents_title_is_no_section_of_a_role() -> None:
    text = (
        "# 37. Validation waivers\n\n## Context\n\nAuditees cannot always be validated.\n\n"
        "## Decision\n\nWe will add a process for handling waiver requests.\n"
    )
    assert "test-plan" not in find_regions(parse(text), "design")
    # A top-level heading that is one section among others still plays its role.
    sections = "# Summary\n\nA cache.\n\n# Validation\n\nA load test at 2,000 rps.\n"
    assert find_regions(parse(sections), "design")["test-plan"].title == "Validation"


LOG = """# AWS S3 US offline

## Summary

New images were failing for every reader of the site.

## How was it fixed

### 28 Feb 2017

1738: The image CDN posted an incident report about an elevated error rate.

[1758](https://chat.example.com/p1488304718558953): We acknowledged the issue with the CDN.

1808: The CDN prepared a mitigation in a different region.

~1940: We decided to move broken images to the old image service.

## Cause

The storage region the CDN reads from went offline.
"""

HISTORY = """# Our history

2017: We started the project.

2018: We moved to Kubernetes.

2019: We opened the office in Lisbon.
"""


def test_lines_that_open_with_four_digit_times_are_a_log() -> None:
    assert kind_of(LOG) == "postmortem"
    assert kind_of(HISTORY) is None
    result = Linter(LintOptions(jobs=1)).lint_text(LOG, "outage.md")
    zone = [f for f in result.findings if f.rule == "postmortem.timeline-timezone"]
    assert [f.line for f in zone] == [11]  # the log is read as the timeline, and has no zone
