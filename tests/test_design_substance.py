"""Design-doc sections present but empty of substance: alternatives that never say why they
lost, test plans that only promise, mitigations that name no mechanism."""

from __future__ import annotations

import pytest

from writer.checks.design.analysis import says_why_it_lost


@pytest.mark.parametrize(
    "text",
    [
        "One alternative would be to keep the nightly export job.",
        "The impact of not doing this would be that the cache keeps its old name.",
        "Reading a pinned mirror would be an error; the user passes --origin to bypass it.",
        "Another option would be a compile error for every unlabelled field.",
        "Keep using the old folder and avoid the new directory layout.",
        "Why not use JMX?",
    ],
)
def test_an_alternative_that_only_describes_itself_gives_no_reason(text: str) -> None:
    assert not says_why_it_lost(text)


@pytest.mark.parametrize(
    "text",
    [
        "Keeping the nightly export would be wasteful: it copies every row twice.",
        "Widening the status list would be an API breaking change for older clients.",
        "A second flag is ambiguous with the existing --force.",
        "Sharding by tenant would be slower for the largest accounts.",
        "Why not use JMX? Its settings have their own authentication we must not touch.",
        "A metrics reporter has its own settings, so we want to avoid any conflict with them.",
    ],
)
def test_an_alternative_with_a_reason(text: str) -> None:
    assert says_why_it_lost(text)


_SHIPPED_PLAN = """---
title: Ledger export
status: {status}
---
# Ledger export

## Summary

Nightly export of the ledger to the archive bucket.

## Test Plan

### Unit tests

New unit tests will be added to `ledger/export_test.go` for the retry path.

### e2e tests

{e2e}
"""


def _test_plan_rows(status: str, e2e: str) -> list[tuple[int, str]]:
    import json

    from tests.conftest import run_cli

    text = _SHIPPED_PLAN.format(status=status, e2e=e2e)
    result = run_cli(
        [
            "lint",
            "--format",
            "json",
            "--template",
            "design-doc",
            "--select",
            "design.test-plan",
            "-",
        ],
        stdin=text,
    )
    found = json.loads(result.out)["files"][0]["findings"]
    return [(f["line"], f["message"]) for f in found]


def test_a_shipped_design_whose_test_plan_still_promises_tests() -> None:
    rows = _test_plan_rows("implemented", "The job `ci-ledger-export-e2e` runs the export daily.")
    assert [line for line, _ in rows] == [15]
    assert "still says tests will be written" in rows[0][1]


def test_a_promise_is_fine_before_the_design_ships() -> None:
    assert _test_plan_rows("implementable", "The job `ci-ledger-export-e2e` runs it daily.") == []


def _rows(text: str, rule: str, *extra: str) -> list[tuple[int, str]]:
    import json

    from tests.conftest import run_cli

    result = run_cli(["lint", "--format", "json", "--select", rule, *extra, "-"], stdin=text)
    found = json.loads(result.out)["files"][0]["findings"]
    return [(f["line"], f["message"]) for f in found]


_ROLLOUT = """---
kind: design
---
# Order tags

## Goals

- Orders carry up to 5 tags.

## Design

We add a new column `tags` to the orders table.

## Rollout

Deploy to 10% of production traffic for a day, then to every region.
{back}
"""


def test_a_rollout_with_no_way_back_anywhere() -> None:
    rows = _rows(_ROLLOUT.format(back=""), "design.rollback")
    assert [line for line, _ in rows] == [14]
    assert "has no way back" in rows[0][1]


def test_a_rollout_with_a_way_back_elsewhere() -> None:
    back = "\n## Operations\n\nRevert the deploy; the `tags` column stays, unused.\n"
    assert _rows(_ROLLOUT.format(back=back), "design.rollback") == []


def test_a_rollback_that_only_turns_the_feature_off() -> None:
    text = _ROLLOUT.format(back="\n## Rollback\n\nDisable the `order-tags` feature flag.\n")
    rows = _rows(text, "design.rollback")
    assert [line for line, _ in rows] == [18]
    assert "only says to turn the feature off" in rows[0][1]
    said = "Disable the `order-tags` feature flag; existing tags stay in the column, unread."
    assert _rows(_ROLLOUT.format(back=f"\n## Rollback\n\n{said}\n"), "design.rollback") == []


def test_an_option_turned_down_with_no_reason_outside_the_alternatives() -> None:
    text = (
        "---\nkind: design\n---\n# Attributes\n\n## Design\n\nWe could allow `(name, option)`,"
        " but we shouldn't.\n\n## Alternatives\n\n- Do nothing: users keep writing two "
        "attributes.\n- A macro: rejected because it hides the expansion.\n"
    )
    rows = [row for row in _rows(text, "design.alternatives") if "turns an option" in row[1]]
    assert [line for line, _ in rows] == [8]
    reasoned = text.replace("shouldn't.", "shouldn't, because it reads as a tuple.")
    assert not [row for row in _rows(reasoned, "design.alternatives") if "turns an" in row[1]]


_RISKS = """---
kind: design
status: {status}
---
# Shared memory pages

## Goals

- Pods can request 2 MiB pages.

## Risks and Mitigations

{risk}
"""


@pytest.mark.parametrize(
    ("status", "risk", "expected"),
    [
        (
            "implementable",
            "There are several issues here:\n\n- The user must be in the `hugetlb` group\n"
            "- `kernel.shmmax` must allow the segment size\n- The sysctl is not namespaced",
            "these 3 issues have no mitigation",
        ),
        (
            "implementable",
            "Relaxed validation can break upgrade and rollback scenarios, but the feature gate "
            "makes it a manageable risk.",
            "the feature gate is the only answer",
        ),
        (
            "implemented",
            "A controller may be removed by the user. A possible mitigation is to enforce the "
            "`TokenCleaner` when the workflow is on.",
            "this mitigation is only possible",
        ),
    ],
)
def test_risks_left_without_a_mitigation(status: str, risk: str, expected: str) -> None:
    rows = _rows(_RISKS.format(status=status, risk=risk), "design.mitigation")
    assert len(rows) == 1 and expected in rows[0][1]


def test_a_possible_mitigation_is_fine_while_the_design_is_drafted() -> None:
    risk = (
        "A controller may be removed by the user. A possible mitigation is to enforce the "
        "`TokenCleaner` when the workflow is on."
    )
    assert _rows(_RISKS.format(status="implementable", risk=risk), "design.mitigation") == []


def test_a_goal_that_is_the_title_again() -> None:
    text = "---\nkind: design\n---\n# Informer metrics\n\n## Goals\n\n- Add metrics for informers\n"
    rows = _rows(text, "design.goal-unmeasurable")
    assert [line for line, _ in rows] == [8]
    assert "restates the title" in rows[0][1]
    more = text + "- Expose each informer's queue depth as `informer_queue_depth`\n"
    assert _rows(more, "design.goal-unmeasurable") == []
    removal = "---\nkind: design\n---\n# Remove RunOnce mode\n\n## Goals\n\n- Remove RunOnce mode\n"
    assert _rows(removal, "design.goal-unmeasurable") == []


_OPTIONS = """---
kind: design
---
# Lazy start

## Context

Every backend opens its connections at start-up, before it is used.

## Option 1: Two phases

Configure first, then open connections on first use.

## Option 2: Defer everything

Build each backend on first use.
"""


def test_options_written_as_numbered_sections_are_alternatives() -> None:
    assert _rows(_OPTIONS, "design.alternatives") == []
    one = _OPTIONS.split("## Option 2")[0]
    assert [line for line, _ in _rows(one, "design.alternatives")] == [4]


_BESIDE = """---
kind: design
---
# Resource detection

## Design

Detectors run when the SDK starts.

## Trade-offs

- We could instead run every detector by default; it would be hard to back out of later.
- Another option is to give the detectors to each provider, rejected because they would run
  twice.

## Prior art and alternatives

{prior}
"""


def test_options_weighed_under_trade_offs_count_beside_a_thin_alternatives_section() -> None:
    prior = "This follows the OpenCensus specification."
    assert _rows(_BESIDE.format(prior=prior), "design.alternatives") == []
    bare = _BESIDE.replace("We could instead run", "Run").replace("Another option is to", "Or")
    rows = _rows(bare.format(prior=prior), "design.alternatives")
    assert [line for line, _ in rows] == [16, 18]
    assert "1 alternative described" in rows[0][1]
