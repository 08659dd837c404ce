"""Reviewer checks on real postmortems: the known defects in ../shared/corpora/MANIFEST.md are
found at the right lines, and the figures the checks report are plausible."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import CORPORA, need_shared, run_cli

pytestmark = pytest.mark.corpus

ETCD = "cncf-postmortems/etcd-io/etcd/Documentation/postmortems/v3.5-data-inconsistency.md"
TEST_INFRA = "cncf-postmortems/kubernetes/test-infra/docs/post-mortems/2019-05-30.md"
ENVOY = "cncf-postmortems/envoyproxy/envoy/security/postmortems/cve-2019-15225.md"
DFDS = "dfds-postmortems"


def _lint(*paths: Path, select: str = "postmortem") -> dict[str, list[dict[str, object]]]:
    argv = ["lint", "--format", "json", "--template", "postmortem", "--select", select]
    result = run_cli([*argv, "--jobs", "1", *map(str, paths)])
    assert result.code in (0, 1), result.err
    data = json.loads(result.out)
    assert data["errors"] == []
    return {Path(f["path"]).name: f for f in data["files"]}


def _rows(found: dict[str, object], rule: str) -> list[int]:
    findings = found["findings"]
    assert isinstance(findings, list)
    return [f["line"] for f in findings if f["rule"] == rule]


def test_etcd_timeline_row_out_of_order_is_found_at_its_row() -> None:
    path = need_shared(CORPORA / ETCD)
    found = _lint(path)[path.name]
    assert _rows(found, "postmortem.timeline-order") == [141]
    # Dates alone need no timezone.
    assert _rows(found, "postmortem.timeline-timezone") == []


def test_stated_timezones_are_recognised() -> None:
    paths = [need_shared(CORPORA / TEST_INFRA), need_shared(CORPORA / ENVOY)]
    paths += sorted((CORPORA / DFDS).glob("PM20*.md"))
    found = _lint(*paths, select="postmortem.timeline-timezone")
    messages = {
        name: [f["message"] for f in result["findings"]]  # type: ignore[index]
        for name, result in found.items()
    }
    assert not any("no time zone" in m for found_ in messages.values() for m in found_)
    # "All times in CET." on a June and an early October date: the clocks were on CEST.
    summer = {name for name, found_ in messages.items() if any("write CEST" in m for m in found_)}
    assert summer == {"PM2020-005 - ALB instance attachment.md", "PM2020-007 - Unhealthy nodes.md"}


def test_dfds_action_items_without_owners_are_found_on_each_item() -> None:
    path = need_shared(CORPORA / DFDS / "PM2021-005 - All services returning 503 in Kubernetes.md")
    found = _lint(path)[path.name]
    assert _rows(found, "postmortem.action-item-owner") == [30, 31, 32]
    assert _rows(found, "postmortem.action-item-ticket") == [30, 31, 32]


def test_dfds_placeholder_row_is_found() -> None:
    name = "PM2024-001 - Two Kubernetes nodes went into NotReady state.md"
    path = need_shared(CORPORA / DFDS / name)
    found = _lint(path)[path.name]
    assert _rows(found, "postmortem.timeline-placeholder") == [16]
    assert _rows(found, "postmortem.timeline-order") == []


def test_dfds_time_to_detect_and_resolve_match_the_authors_figures() -> None:
    # The authors' own "Time to detection / recovery" lines, in minutes.
    expected = {
        "PM2021-002 - Flux version bump causing component downtime.md": (40, 55),
        "PM2021-003 - Flux version bump causing component downtime.md": (20, 48),
        "PM2021-004 - ADFS outage.md": (5, 84),
        "PM2021-005 - All services returning 503 in Kubernetes.md": (8, 25),
    }
    paths = [need_shared(CORPORA / DFDS / name) for name in expected]
    found = _lint(*paths)
    for name, (detect, resolve) in expected.items():
        stats = found[name]["stats"]
        assert isinstance(stats, dict)
        assert stats["time_to_detect_minutes"] == detect, name
        assert stats["time_to_resolve_minutes"] == resolve, name


def test_test_infra_timeline_rolls_over_midnight_and_asks_for_the_date() -> None:
    path = need_shared(CORPORA / TEST_INFRA)
    found = _lint(path)[path.name]
    # [07:00] after [23:55] with no date: read as the next morning, with a suggestion to say so.
    order = [f for f in found["findings"] if f["rule"] == "postmortem.timeline-order"]  # type: ignore[union-attr]
    assert [(f["line"], f["severity"]) for f in order] == [(91, "suggestion")]
    assert _rows(found, "postmortem.timeline-placeholder") == [81]  # "[???]"
    stats = found["stats"]
    assert isinstance(stats, dict)
    milestones = stats["milestones"]
    assert milestones["resolved"]["at"] == "2019-05-31 07:00 PDT"
    # The first row's time is "[???]": the start of impact, and so the time to resolve, is unknown.
    assert milestones["impact_start"] == "unknown"
    assert stats["time_to_resolve"] == "unknown"


def test_every_postmortem_is_reviewed_without_errors() -> None:
    folder = need_shared(CORPORA / DFDS)
    paths = [*sorted(folder.glob("PM*")), *sorted((CORPORA / "cncf-postmortems").rglob("*.md"))]
    found = _lint(*paths)
    assert len(found) == len(paths)
    counts = Counter(
        f["rule"]
        for result in found.values()
        for f in result["findings"]  # type: ignore[union-attr]
    )
    # Plausibility, not exact figures: every DFDS item lacks an owner, said once for a document
    # where no item has one and on each item where some do; blame is rare.
    assert counts["postmortem.action-item-owner"] > 50
    owners = [
        f["message"]
        for result in found.values()
        for f in result["findings"]  # type: ignore[union-attr]
        if f["rule"] == "postmortem.action-item-owner"
    ]
    assert any(message.startswith("none of the") for message in owners)
    assert counts["postmortem.blame"] <= 3
    assert counts["postmortem.timeline-order"] <= 5


def test_envoy_dated_timeline_reads_its_milestones() -> None:
    path = need_shared(CORPORA / ENVOY)
    found = _lint(path)[path.name]
    assert _rows(found, "postmortem.timeline-order") == []
    assert _rows(found, "postmortem.timeline-timezone") == []
    milestones = found["stats"]["milestones"]  # type: ignore[index]
    assert milestones["detected"]["line"] == 184  # the public issue: the first report
