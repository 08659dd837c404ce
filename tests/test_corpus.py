"""Real documents from ../shared/corpora: nothing crashes and the figures are plausible."""

from __future__ import annotations

import pytest

from tests.conftest import CORPORA, need_shared
from writer.api import Linter, LintOptions

pytestmark = pytest.mark.corpus


def test_every_postmortem_and_a_kep_sample_lint_without_errors() -> None:
    need_shared(CORPORA)
    paths = [
        str(CORPORA / "dfds-postmortems"),
        str(CORPORA / "cncf-postmortems"),
        str(CORPORA / "reference-templates"),
    ]
    keps = sorted((CORPORA / "kubernetes-enhancements" / "keps").glob("sig-*/*/README.md"))
    paths += [str(path) for path in keps[::10]]
    run = Linter(LintOptions(jobs=2)).lint_paths(paths)
    assert run.errors == ()
    assert len(run.results) > 100
    for result in run.results:
        assert not any("internal error" in notice for notice in result.notices), result.path
        assert result.stats_dict["words"] >= 0
    words = sum(result.stats_dict["words"] for result in run.results)
    assert 100_000 < words < 2_000_000


def test_kep_template_markers_are_found_in_real_keps() -> None:
    """The MANIFEST says 74 KEPs contain "TBD": the placeholder rule finds them."""
    keps = need_shared(CORPORA / "kubernetes-enhancements" / "keps")
    run = Linter(LintOptions(jobs=2, select=("structure.placeholder",))).lint_paths([str(keps)])
    with_tbd = sum(1 for r in run.results if any("'TBD'" in f.message for f in r.findings))
    assert 50 <= with_tbd <= 120
