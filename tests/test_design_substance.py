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
