"""A document that holds several incidents (an incident log): what the text states is held
against the timeline of its own incident only."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer.checks.postmortem.consistency import problems
from writer.checks.postmortem.incident import read_incident
from writer.model.document import parse

LOG = Path(__file__).parent / "fixtures/rules/postmortem.duration-mismatch/good_incident_log.md"


def test_an_incident_log_scopes_the_first_timeline_to_its_incident() -> None:
    document = parse(LOG.read_text(encoding="utf-8"))
    incident = read_incident(document)
    assert incident.region is not None and incident.region.title == "Key events"
    assert incident.scope == (9, 34)  # the first incident's section, up to the next incident


def test_durations_of_another_incident_are_not_held_against_this_timeline() -> None:
    document = parse(LOG.read_text(encoding="utf-8"))
    found = [
        p for p in problems(document, read_incident(document)) if p.rule == "duration-mismatch"
    ]
    assert found == []


def test_one_incident_has_no_scope() -> None:
    text = (
        "# Outage\n\n## Timeline\n\n- 10:00 UTC errors begin\n- 10:30 UTC rolled back\n\n"
        "## Impact\n\nThe outage lasted 45 minutes.\n"
    )
    document = parse(text)
    incident = read_incident(document)
    assert incident.scope is None
    found = [p for p in problems(document, incident) if p.rule == "duration-mismatch"]
    assert len(found) == 1  # 45 minutes against a 30-minute timeline


ACI = (
    Path(__file__).resolve().parents[2]
    / "shared/corpora/postmortems-wild/jenkins-infra__documentation/20210603-ACI-agent-outage.md"
)


def test_windows_whose_ends_are_rows_or_dates_are_not_mismatches() -> None:
    """'from 2021-06-03 - 19:30 UTC until 2021-06-04 09:02 - UTC': the year opening a date is
    not a time (20:21), and a window from one row's minute to another's is a part of the
    incident, told as such."""
    if not ACI.exists():
        pytest.skip("the shared corpora are not beside the project (../shared)")
    document = parse(ACI.read_text(encoding="utf-8"))
    found = [p for p in problems(document, read_incident(document)) if p.rule == "time-mismatch"]
    assert found == []
