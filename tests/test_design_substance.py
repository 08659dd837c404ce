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
