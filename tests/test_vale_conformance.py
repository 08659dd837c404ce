"""Vale's own expectations run through ``writer lint --config ... --format line``.

The pass rate is printed (``pytest -s``) and must not fall below the floor; ``python -m
tests.vale_cases`` lists each failing case with the rows that differ.
"""

from __future__ import annotations

import pytest

from tests.conftest import need_shared
from tests.vale_cases import CASES, run_all

FLOOR = 0.93  # 109 of 117 cases pass; docs/vale.md says why the others differ


@pytest.mark.corpus
def test_conformance_pass_rate() -> None:
    need_shared(CASES)
    outcomes = run_all()
    passed = sum(o.passed for o in outcomes)
    rate = passed / len(outcomes)
    print(f"\nVale conformance: {passed}/{len(outcomes)} cases pass ({rate:.1%})")
    assert rate >= FLOOR, [o.name for o in outcomes if not o.passed]


@pytest.mark.corpus
def test_known_cases_pass() -> None:
    """A few cases that exercise each rule kind must keep passing."""
    need_shared(CASES)
    wanted = {
        "vale::checks.feature::Existence::test.md",
        "vale::checks.feature::Conditional::test.md",
        "vale::checks.feature::Capitalization::test2.md",
        "vale::config.feature::MinAlertLevel = warning::test.md",
        "package:Google::rules.feature::Passive voice::test.md",
        "package:write-good::rules.feature::E-Prime::test.md",
    }
    outcomes = {o.name: o for o in run_all() if o.name in wanted}
    failing = {name: (o.expected, o.actual) for name, o in outcomes.items() if not o.passed}
    assert failing == {}
