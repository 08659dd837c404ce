"""``writer report --format json`` on ten real postmortems against figures worked out by hand.

Each document was read line by line and its figures worked out by a person, by the definitions in
docs/report.md: the start of impact is the row where the failure (or what triggered it) happens;
detection the first row where someone or something notices; mitigation the row where the impact
stops or is reduced (an attempt that did not work is not a mitigation); resolution the row where
the incident is over (the authors' own "resolved" or "back to normal"). A timeline that opens with
its detection has no start of impact, so none of its durations is known.

Where the reading of the timeline (the postmortem checks' reader) does not reach the figure a
person reads, the value is marked with the reason and expected to fail; such a mark fails too as
soon as the reader gets the figure right, so the marks are kept true.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, run_cli

CORPORA = ROOT.parent / "shared" / "corpora"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPORA.is_dir(), reason=f"the shared corpora are not at {CORPORA}"),
]


@dataclass(frozen=True)
class Hand:
    """Figures a person worked out for one document (None: not in the document)."""

    path: str
    date: str | None
    severity: str | None
    ttd: int | None
    ttm: int | None
    ttr: int | None
    open: int
    done: int
    why: str  # the rows the durations run between, as the person read them
    misread: tuple[tuple[str, str], ...] = ()  # (field, what the reader does instead)


HAND = (
    Hand(
        "dfds-postmortems/PM2021-005 - All services returning 503 in Kubernetes.md",
        "2021-06-22",
        None,
        8,
        25,
        25,
        3,
        0,
        "08:21 VPC CNI replaced; 08:29 alerts; 08:46 target groups reattached (resolved). "
        "The authors' own figures: detection 8 minutes, recovery 25 minutes. 08:33 'Fix "
        "committed to revert' is a commit, not yet a mitigation.",
    ),
    Hand(
        "dfds-postmortems/PM2021-002 - Flux version bump causing component downtime.md",
        "2021-02-15",
        None,
        40,
        55,
        55,
        4,
        0,
        "06:05 pipeline failed, logshipper deleted; 06:45 detected; 07:00 back to normal. "
        "The authors: 40 and 55 minutes.",
    ),
    Hand(
        "postmortems-wild/cheqd__product-docs/v4.x-upgrade-rca-testnet.md",
        "2025-05-28",
        "SEV-1",
        60,
        450,
        1320,
        6,
        6,
        "May 28 11:30 upgrade, network halts; [+1 hrs] consensus failure confirmed; [+7.5 hrs] "
        "network resumes block production; [+22 hrs] testnet restored and stabilised. "
        "Corrective actions: six checked, six planned.",
    ),
    Hand(
        "dfds-postmortems/PM2021-004 - ADFS outage.md",
        "2021-03-31",
        None,
        5,
        72,
        84,
        3,
        0,
        "12:06 certificates expire; 12:11 reports of issues; 13:18 certificate rolled over and "
        "login confirmed working; 13:30 script completed, confirmed working. The authors: 5 "
        "and 84 minutes.",
    ),
    Hand(
        "dfds-postmortems/PM2021-007 - All services returning 503 in Kubernetes.md",
        "2021-07-02",
        None,
        7,
        10,
        10,
        2,
        0,
        "07:32 daily pipeline starts modifying the autoscaling groups (problem started); 07:39 a "
        "user reports 503s; 07:42 target group reattached (resolved).",
    ),
    Hand(
        "dfds-postmortems/PM2022-007 - Kafka metrics stopped being exported to Prometheus.md",
        "2022-07-07",
        None,
        10,
        71,
        282,
        0,
        1,
        "08:58 account deleted; 09:08 alert; 10:09 major outage closed; 13:40 metrics "
        "confirmed by the end user. The authors: 10 minutes and 4 hours 42 minutes. The one "
        "action item is written as done ('has been documented'). Missing metrics were reported "
        "after the outage closed, so the incident ends at 13:40.",
    ),
    Hand(
        "postmortems-wild/jenkins-infra__documentation/20210529-aci-outage.md",
        "2021-05-29",
        None,
        62,
        204,
        212,
        0,
        0,
        "16:37 plugins updated and ci.jenkins.io restarted (what broke the agents, as the 18:00 "
        "row says); 17:39 agents not being allocated detected; 20:01 'Downgrade those 5 plugins "
        "and restart', the rollback that ended it (mitigated, as the other readings here take "
        "the action that took effect); 20:09 outage resolved. The 17:50 downgrade did not help "
        "(18:17: problem still visible); 17:15 'Confirmed builds ... working' is a check that "
        "passed, not the detection.",
    ),
    Hand(
        "postmortems-wild/pypi__warehouse/2025-04-14-incident-report-organization-team-privileges.md",
        "2025-04-14",
        None,
        None,
        None,
        None,
        0,
        0,
        "The timeline opens with the report at 16:37; the issue began when the feature was "
        "built, which the timeline does not date.",
    ),
    Hand(
        "postmortems-wild/rust-lang__blog.rust-lang.org/crates-io-incident-report.md",
        "2020-02-20",
        None,
        11,
        91,
        91,
        5,
        0,
        "21:17 crates published and lost; 21:28 report; 22:48 fix deployed on production (the "
        "document: 1 hour 31 minutes from the start to the deploy of the fix). 22:09 'Sean "
        "opens up PR 2207 with the fix' is not yet a mitigation.",
    ),
    Hand(
        "dfds-postmortems/PM2022-008 - CRUD operations on K8s Service resources unavailable.md",
        "2022-08-03",
        None,
        None,
        None,
        None,
        4,
        0,
        "The timeline opens with the user's alert at 11:38; when the certificate expired and "
        "the impact began is not in it.",
    ),
)

FIELDS = ("date", "severity", "ttd", "ttm", "ttr", "open", "done")


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    paths = [str(CORPORA / hand.path) for hand in HAND]
    ran = run_cli(
        ["report", "--format", "json", "--grammar", "off", "--as-of", "2026-01-01", *paths]
    )
    assert ran.code == 0, ran.err
    data: dict[str, Any] = json.loads(ran.out)
    return {Path(doc["path"]).name: doc for doc in data["documents"]}


def _figure(doc: dict[str, Any], field: str) -> object:
    figures = doc["postmortem"]
    if field == "date":
        return figures["date"]["value"]
    if field == "severity":
        return figures["severity"]["label"]
    if field in ("ttd", "ttm", "ttr"):
        name = {"ttd": "time_to_detect", "ttm": "time_to_mitigate", "ttr": "time_to_resolve"}
        minutes = figures["durations"][name[field]]["minutes"]
        return round(minutes) if minutes is not None else None
    return figures["action_items"][field]


CASES = [
    pytest.param(
        hand,
        field,
        id=f"{Path(hand.path).name[:40]}-{field}",
        marks=[pytest.mark.xfail(reason=dict(hand.misread)[field], strict=True)]
        if field in dict(hand.misread)
        else [],
    )
    for hand in HAND
    for field in FIELDS
]


@pytest.mark.parametrize(("hand", "field"), CASES)
def test_figure_matches_the_hand_reading(report: dict[str, Any], hand: Hand, field: str) -> None:
    doc = report[Path(hand.path).name]
    assert doc["kind"] == "postmortem"
    assert _figure(doc, field) == getattr(hand, field), hand.why


def test_every_known_duration_names_its_rows(report: dict[str, Any]) -> None:
    for doc in report.values():
        for name, duration in doc["postmortem"]["durations"].items():
            if duration["minutes"] is None:
                assert duration["unknown"], (doc["path"], name)
                assert duration["human"] == "unknown"
            else:
                assert duration["from"]["line"] >= 1 and duration["to"]["line"] >= 1
                assert duration["from"]["text"] and duration["to"]["text"]
