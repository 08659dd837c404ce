"""Figures of impact told apart from numbers that measure nothing."""

from __future__ import annotations

import pytest

from writer.checks.postmortem.impact import quantified, states_impact, vague_words


@pytest.mark.parametrize(
    "text",
    [
        "About 12% of checkout requests failed for 31 minutes.",
        "Logs were not shipped for ninety minutes.",
        "The hub was inaccessible for ~1hr.",
        "Two customers lost their drafts.",
        "A dozen teams could not deploy.",
        "The site was completely unavailable from 09:47 UTC until 10:40 UTC.",
        "We were not affected because we never upgraded.",
        "No users reported problems.",
        "The outage cost about $4,000 in credits.",
    ],
)
def test_figures_of_size_or_duration(text: str) -> None:
    assert quantified(text)


@pytest.mark.parametrize(
    "text",
    [
        "On 2021-06-03 at 14:05 UTC the service went down.",
        "On 3 March the login flow broke after release v2.1.4.",
        "Kubernetes 1.13 to 1.14 caused a minor DNS issue (see #275, PM2020-001).",
        "Two nodes were down and several pods were stuck.",
        "All services behind single sign-on were unavailable.",
        "The impact was limited, with little or no user impact.",
    ],
)
def test_numbers_that_measure_nothing(text: str) -> None:
    assert not quantified(text)


def test_impact_sentences_and_stand_ins() -> None:
    assert states_impact("Platform users were unable to sign in.")
    assert not states_impact("We upgraded the chart to the latest release.")
    assert vague_words("This caused some workloads to be evicted.") == "some workloads to be"
    assert vague_words("In some ways this repeats the last outage.") is None
