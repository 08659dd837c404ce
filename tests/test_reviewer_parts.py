"""Action items, blame, estimates and design-doc judgements as pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from writer.checks.design.analysis import (
    is_approved,
    is_deliberate_none,
    negated_requirement,
    says_why_it_lost,
)
from writer.checks.design.estimates import find_estimates
from writer.checks.design.goals import goal_problem
from writer.checks.postmortem.action_items import (
    parse_action_items,
    stated_intentions,
    topic_only,
    vague_lead,
)
from writer.checks.postmortem.blame import find_blame, people_named
from writer.errors import ConfigError
from writer.model.lines import lines_of
from writer.settings.load import config_from_mapping


def test_list_items_owner_ticket_due_and_continuations() -> None:
    text = (
        "- Add a canary (owner: @bob, OPS-12)\n"
        "- Pin the AMI version\n  in the launch template, due 2025-03-01\n"
        "- [x] Rotate certificates (Alice)\n"
        "- AN: Document the runbook ([#12](https://example.com/12))\n"
        "- Revert to default of 300 seconds for de-registration delay\n"
    )
    items = parse_action_items(text, first_line=5)
    assert [i.line for i in items] == [5, 6, 8, 9, 10]
    assert [i.owner is not None for i in items] == [True, False, True, True, False]
    assert items[0].tracking == ("ticket",)
    assert items[1].tracking == ("due",)
    assert items[2].done
    assert set(items[3].tracking) == {"link", "ticket"}


def test_table_items_use_their_columns() -> None:
    text = (
        "| Action Item | Owner | Bug | Status |\n| --- | --- | --- | --- |\n"
        "| Detect corruption | @ann | https://x/1 | DONE |\n| Document recovery | | | |\n"
    )
    items = parse_action_items(text)
    assert [(i.text, i.owner, i.tracking, i.done) for i in items] == [
        ("Detect corruption", "@ann", ("link",), True),
        ("Document recovery", None, (), False),
    ]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Improve monitoring", "Improve"),
        ("Better governance of excluded namespaces.", "Better"),
        ("Look into memory usage", "Look into"),
        ("Investigate Kafka and decide by 2025-03-01", None),
        ("Add an alert when usage exceeds 80%", None),
        ("Monitor error rate so that on-call is paged within 5 min", None),
    ],
)
def test_vague_items(text: str, lead: str | None) -> None:
    assert vague_lead(text) == lead


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Flux metrics and alerts", "Flux metrics and alerts"),
        ("Runbook for failovers (@bob)", "Runbook for failovers"),
        ("Version lock Flux", None),
        ("Add alerts for Flux", None),
        ("Adding a try/catch to all webhooks.", None),
        ("Alerting on disk usage above 80%", None),
        ("Release process should include a beta period", None),
        ("Automatic process to detect CVEs in products", None),
    ],
)
def test_an_item_that_names_a_topic_is_no_action(text: str, topic: str | None) -> None:
    assert topic_only(text) == topic


def test_a_date_an_item_was_done_is_no_due_date() -> None:
    text = (
        "- Fund the CI budget\n"
        "    - Turn the jobs back on. **(Done as of 2021-06-30)**\n"
        "- Pin the AMI, due 2025-03-01\n"
    )
    items = parse_action_items(text)
    assert [i.tracking for i in items] == [(), ("due",)]


@pytest.mark.parametrize(
    ("text", "blamed"),
    [
        ("Alice forgot to run the migration.", "Alice forgot"),
        ("The outage was caused by human error.", "human error"),
        ("@bob accidentally deleted the namespace.", "@bob accidentally"),
        ("The on-call engineer ignored the alert.", "The on-call engineer ignored"),
        ("Envoy failed to parse the header.", None),
        ("Kubernetes caused the pods to restart.", None),
        ("Traefik broke the routing.", None),
        ("@alice noticed the error rate and paged on-call.", None),
        ("The on-call engineer, Tom, forgot to drain it.", "The on-call engineer, Tom, forgot"),
        ("Tom from the platform team ignored the page.", "Tom from the platform team ignored"),
        ("This caused the pods to restart.", None),
        ("Callers get their error back from the API.", None),
        (
            'It was deemed "good enough" by the developer.',
            'was deemed "good enough" by the developer',
        ),
        ("It turns out that @bob used the import command.", "It turns out that @bob used"),
        ("It turns out that @bob had fixed it already.", None),
        ("The fix was deployed by the on-call engineer.", None),
        ("One of our engineers used the wrong context.", "One of our engineers used the wrong"),
        ("Alice was not aware of the migration.", "Alice was not aware"),
        ("The team was not aware of the limit.", None),
        ("@bob's PR broke the build.", "@bob's PR broke"),
        ("The team's change caused the outage.", None),
        (
            "The crash was related to the stress test Yuvi did.",
            "related to the stress test Yuvi did",
        ),
        ("The outage was caused by the migration @bob ran.", "caused by the migration @bob ran"),
        ("It was related to the upgrade Kubernetes performed.", None),
        ("The failure was due to the change we made.", None),
    ],
)
def test_blame(text: str, blamed: str | None) -> None:
    found = [b.phrase for b in find_blame(text)]
    assert found == ([blamed] if blamed else [])


def test_listed_initials_count_as_people() -> None:
    people = people_named("# X\n\nAttendees: RF, PW\n")
    assert [b.subject for b in find_blame("RF missed the alert.", people)] == ["RF"]
    assert list(find_blame("AWS missed the alert.", people)) == []


@pytest.mark.parametrize(
    ("text", "error_over_10_percent"),
    [
        ("10k QPS x 2 KB = 20 MB/s", False),
        ("10k QPS x 2 KB = 200 MB/s", True),
        ("3 replicas * 500 GB = 1.5 TB", False),
        ("3 replicas * 500 GB = 15 TB", True),
        ("100 GB/day = 1.16 MB/s", False),
        ("100 GB/day = 11.6 MB/s", True),
        ("0.1% of 30 days = 43 minutes", False),
        ("1 TiB / 1 GiB = 1024", False),
        ("4 nodes x 64 GiB = 256 GiB", False),
        ("2 * 3 + 4 = 10", False),
        ("2 * 3 + 4 = 14", True),
        ("1 Gbps = 125 MB/s", False),
    ],
)
def test_estimates(text: str, error_over_10_percent: bool) -> None:
    [estimate] = list(find_estimates(text))
    assert estimate.error is not None
    assert (estimate.error > 0.10) is error_over_10_percent


@pytest.mark.parametrize(
    "text",
    ["version 1.2 = 3", "x = 3 * 4", "10 pods -> 3 nodes", "see RFC 1234 = the spec", "p99 = fast"],
)
def test_not_estimates(text: str) -> None:
    assert [e for e in find_estimates(text) if e.error is not None and e.error > 0.1] == []


def test_design_judgements() -> None:
    assert goal_problem("Improve read performance") == "vague"
    assert goal_problem("p99 read latency under 20 ms") is None
    assert goal_problem("Operators can rotate keys without a restart") is None
    assert goal_problem("Ensure the legacy token is never used for service accounts") is None
    assert goal_problem("Improve the user experience") == "vague"
    assert goal_problem("A feature-rich UI") == "vague"
    assert goal_problem("Allow a Service to use a static NodePort with less risk of conflict") == (
        "vague"
    )
    assert goal_problem("Reduce memory use by serving historical LIST requests from cache") is None
    assert goal_problem("Heavy user engagement within 6 months") == "vague"  # when, not how much
    assert goal_problem("Eliminate 90% of hand-written validation within 5 releases") is None
    circular = (
        "Security: provide a solution that enables the secure copy of cluster certificates "
        "between control-plane nodes"
    )
    assert goal_problem(circular, "Certificates copy for join --control-plane") == "circular"
    assert goal_problem("Add an `appProtocol` field to Service ports", "AppProtocol") is None
    assert negated_requirement("The service shouldn't crash under load") is not None
    assert negated_requirement("We will not support Windows") is None
    assert says_why_it_lost("Memcached: rejected because it has no replication")
    assert not says_why_it_lost("Memcached.")
    assert is_approved("Approved") and not is_approved("draft") and not is_approved(None)
    assert is_deliberate_none("None: all questions were settled in review.")
    assert not is_deliberate_none("- Which region first?")


def test_postmortem_config_is_validated() -> None:
    config = config_from_mapping({"postmortem": {"action_item_tracking": ["ticket"]}})
    assert config.postmortem["action_item_tracking"] == ["ticket"]
    with pytest.raises(ConfigError, match="unknown kind 'jira'"):
        config_from_mapping({"postmortem": {"action_item_tracking": ["jira"]}})
    with pytest.raises(ConfigError, match="did you mean 'coverage_threshold'"):
        config_from_mapping({"postmortem": {"coverage_treshold": 50}})
    with pytest.raises(ConfigError, match="not a valid regular expression"):
        config_from_mapping({"postmortem": {"owner_patterns": ["("]}})
    with pytest.raises(ConfigError, match="must be a number"):
        config_from_mapping({"design": {"estimate_tolerance": "ten"}})


SRE_STYLE = """# Sonnet++ postmortem

## Summary

Search was down for 66 minutes during a spike of interest.

## Action Items

| Action Item | Type | Owner | Bug |
| --- | --- | --- | --- |
| Update playbook for cascading failure | mitigate | jennifer | n/a DONE |
| Schedule a cascading failure test | process | TBD | n/a TODO |
| Plug file descriptor leak in ranking | prevent | agoogler | Bug 5554825 TODO |

## Timeline

2015-10-21 (all times UTC)

* 14:51 News reports that a new sonnet has been discovered
* 14:54 OUTAGE BEGINS — Search backends start melting down under load
* 14:55 docbrown receives pager storm, ManyHttp500s from all clusters
* 15:28 jennifer and docbrown decide to increase instance count
* 15:47 OUTAGE MITIGATED, all traffic reaching search
* 16:00 INCIDENT ENDS, reached exit criterion of 30 minutes' nominal performance
"""


def test_sre_book_style_postmortem() -> None:
    from tests.conftest import run_cli

    result = run_cli(
        ["lint", "--format", "json", "--template", "postmortem", "--select", "postmortem", "-"],
        stdin=SRE_STYLE,
    )
    data = __import__("json").loads(result.out)
    found = data["files"][0]
    stats = found["stats"]
    assert (stats["time_to_detect"], stats["time_to_mitigate"], stats["time_to_resolve"]) == (
        "1 min",
        "53 min",
        "1 h 6 min",
    )
    rows = sorted((f["line"], f["rule"]) for f in found["findings"])
    assert rows == [
        (12, "postmortem.action-item-owner"),
        (12, "postmortem.action-item-ticket"),
    ]


def test_design_doc_with_planted_defects() -> None:
    import json

    from tests.conftest import FIXTURES, run_cli

    original = (FIXTURES / "reviewer" / "design_doc.md").read_text(encoding="utf-8")
    planted = (
        original.replace("50M accounts x 2 KB = 100 GB", "50M accounts x 2 KB = 10 GB")
        .replace("- Changing the public API.", "- The ledger must not lose a balance.")
        .replace("None: settled in review on 2025-01-28.", "- Do we shard by account?")
    )

    def rows(text: str) -> list[tuple[int, str]]:
        argv = ["lint", "--format", "json", "--template", "design-doc", "--select", "design", "-"]
        result = run_cli(argv, stdin=text)
        found = json.loads(result.out)["files"][0]["findings"]
        return sorted((f["line"], f["rule"]) for f in found)

    # The untouched document only gets the suggestion on its one vague goal.
    assert rows(original) == [(19, "design.goal-unmeasurable")]
    assert rows(planted) == [
        (19, "design.goal-unmeasurable"),
        (24, "design.non-goal-negated"),
        (28, "design.estimate-arithmetic"),
        (55, "design.open-questions"),
    ]


_SECTIONS = st.sampled_from(
    [
        "## Timeline\n",
        "## Impact\n",
        "## Summary\n",
        "## Action items\n",
        "## Contributing factors\n",
        "## Goals\n",
        "## Non-goals\n",
        "## Alternatives\n",
        "### Option\n",
        "## Rollout\n",
        "## Open questions\n",
        "---\nstatus: approved\n---\n",
        "| Time | Event |\n| --- | --- |\n",
        "| 2021-12-01 10:00 | errors start |\n",
        "- 14:02 alert fired\n",
        "- 23:55 resolved\n",
        "- Investigate X (@bob, OPS-1)\n",
        "10k QPS x 2 KB = 20 MB/s\n",
        "3 * 4 = 13\n",
        "Alice forgot to check.\n",
        "lasted 2 hours\n",
        "```\n1 x 2 = 3\n```\n",
        "\n",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_SECTIONS, st.text(max_size=40)), max_size=25))
def test_reviewer_checkers_never_crash(parts: list[str]) -> None:
    from writer.checks.base import CheckContext
    from writer.checks.providers import reviewer_checkers
    from writer.model.document import parse
    from writer.settings.config import Config

    document = parse("".join(parts))
    for checker in reviewer_checkers("*"):
        context = CheckContext(document, Config())
        for finding in checker.check(context):
            assert 1 <= finding.line <= document.index.line_count


def test_sub_items_of_a_lead_in_are_items_of_their_own() -> None:
    text = (
        "- When a migration touches the billing tables (@ops):\n"
        "    - Run it on a copy of production first\n"
        "    - Keep a rollback script beside it (OPS-12)\n"
        "- Rotate the signing key\n"
        "    - it expires in May\n"
    )
    items = parse_action_items(text)
    assert [(i.line, i.text, i.owner, i.tracking) for i in items] == [
        (2, "Run it on a copy of production first", "@ops", ()),
        (3, "Keep a rollback script beside it (OPS-12)", "@ops", ("ticket",)),
        (4, "Rotate the signing key it expires in May", None, ()),
    ]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Review the alert rules and add enough margin", "Review"),
        ("Review the alert rules and add a 10% margin", None),
        ("Expand the health checks so that we notice outages", "Expand"),
        ("Expand the health checks so that a failure pages within 2 minutes", None),
        ("Investigate the retries and decide how to coordinate better", "Investigate"),
        ("The deploy tooling should be easy to understand", "be easy to"),
        ("More carefully roll out config changes", "More carefully"),
    ],
)
def test_an_outcome_bounds_an_item_only_when_it_is_measurable(text: str, lead: str | None) -> None:
    assert vague_lead(text) == lead


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We keep logs.\nLonger term, the data team intends to look into\nsharding.", "look into"),
        ("The graphs, and the web team plans to revisit the layout.", "revisit"),
        ("It might be good to do some cleanup later.", "might be good"),
        ("Slow builds, as they were, should be given more priority.", "more priority"),
        ("We can revive the old smoke test and run it hourly.", "revive"),
        ("We should have looked into the retries earlier.", None),
        ("We will look into the retries and decide by 2025-04-01.", None),
        ("The team looked into the retries last week.", None),
    ],
)
def test_intentions_in_prose(text: str, found: str | None) -> None:
    intentions = stated_intentions(lines_of(text))
    assert [i.lead for i in intentions] == ([found] if found else [])


def test_an_intention_is_located_across_wrapped_lines() -> None:
    text = "Intro line.\n\nWe agree, and we will\nimprove the runbooks."
    (intention,) = stated_intentions(lines_of(text))
    assert intention.line == 3
    assert text[intention.start : intention.end] == "we will\nimprove the runbooks."
