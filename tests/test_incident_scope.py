"""A document that holds several incidents (an incident log): what the text states is held
against the timeline of its own incident only."""

from __future__ import annotations

from pathlib import Path

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
