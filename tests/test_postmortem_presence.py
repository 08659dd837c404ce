"""A postmortem with no follow-up actions or no timeline in any form: what counts as present
(sections, labels, lists, tables, committing prose, timed rows and prose), and which documents
are read at all (postmortems with reasonable certainty; not templates, not indexes)."""

from __future__ import annotations

import pytest

from writer.api import Linter, LintOptions

RULES = ("postmortem.action-items-missing", "postmortem.timeline-missing")

HEAD = "---\nkind: postmortem\n---\n\n# Checkout outage on 2024-05-02\n\n"
OPENING = (
    "On 2024-05-02 checkout returned errors for 38 minutes and about 1,200 orders failed. A "
    "configuration change lowered the payment client's timeout from 10 seconds to 1 second, "
    "and the payment provider answers slower than that at peak load, so most payments timed "
    "out and were retried until customers gave up. The change had been reviewed as a "
    "cleanup and nothing in the review said that the default had changed.\n\n"
)
CAUSE = (
    "## Cause\n\nThe payment client read its timeout from a new setting whose default was "
    "one second, and the old setting was ignored from that release on.\n\n"
)
TIMELINE = (
    "## Timeline (UTC)\n\n- 14:02 Timeout change deployed\n- 14:09 Error alert fires\n"
    "- 14:40 Change reverted, errors stop\n\n"
)


def _rules(text: str, path: str = "incidents/2024-05-02-checkout.md") -> list[tuple[str, int]]:
    result = Linter(LintOptions(select=RULES, jobs=1)).lint_text(text, path)
    return [(finding.rule, finding.line) for finding in result.findings]


def _actions(text: str, path: str = "incidents/2024-05-02-checkout.md") -> list[int]:
    return [line for rule, line in _rules(text, path) if rule == RULES[0]]


def _timeline(text: str, path: str = "incidents/2024-05-02-checkout.md") -> list[int]:
    return [line for rule, line in _rules(text, path) if rule == RULES[1]]


@pytest.mark.parametrize(
    "follow_up",
    [
        "## Follow-ups\n\n- Restore the 10 second timeout as a required setting\n",
        "## Next steps\n\n- Restore the 10 second timeout as a required setting\n",
        "## What we're doing about it\n\n- Restore the 10 second timeout\n",
        "**Remediation:** restore the 10 second timeout as a required setting.\n",
        "- [ ] Restore the 10 second timeout as a required setting\n",
        "| Action | Owner |\n| --- | --- |\n| Restore the 10 second timeout | @kim |\n",
        "We will add a check that rejects client timeouts below the provider's p99.\n",
        "We have added a check that rejects client timeouts below the provider's p99.\n",
        "Timeouts below 5 seconds are now rejected by the configuration schema.\n",
    ],
)
def test_follow_ups_in_any_form_are_present(follow_up: str) -> None:
    assert _actions(HEAD + OPENING + TIMELINE + follow_up) == []


def test_no_follow_up_is_reported_once_where_the_section_would_go() -> None:
    text = HEAD + OPENING + TIMELINE + "We will continue to monitor the situation.\n"
    lines = text.count("\n")
    assert _actions(text) == [lines]


def test_a_trailing_acknowledgements_section_is_not_where_actions_go() -> None:
    text = HEAD + OPENING + TIMELINE + "## Thanks\n\nThanks to the payments team.\n"
    assert _actions(text) == [HEAD.count("\n") + OPENING.count("\n") + TIMELINE.count("\n") - 1]


def test_only_writing_the_report_is_no_follow_up() -> None:
    text = HEAD + OPENING + TIMELINE + "## Action items\n\n- [ ] Write an incident report\n"
    assert len(_actions(text)) == 1


@pytest.mark.parametrize(
    "timeline",
    [
        TIMELINE,
        "| Time (UTC) | Event |\n| --- | --- |\n| 14:02 | Deployed |\n| 14:40 | Reverted |\n\n",
        "### 14:02 UTC\n\nDeployed.\n\n### 14:09 UTC\n\nAlert.\n\n### 14:40 UTC\n\nReverted.\n\n",
        "- May 2: change deployed\n- May 3: reports arrive\n- May 4: change reverted\n\n",
        "At 14:02 UTC the change went out. The alert fired at 14:09 UTC. We reverted at 14:40 "
        "UTC.\n\n",
    ],
)
def test_a_timeline_in_any_form_is_present(timeline: str) -> None:
    text = HEAD + OPENING + timeline + "We will add a timeout check.\n"
    assert _timeline(text) == []


def test_a_window_of_two_times_is_not_a_timeline() -> None:
    text = (
        HEAD
        + "Between 14:02 and 14:40 UTC checkout failed. "
        + OPENING
        + "We will add a timeout check.\n"
    )
    assert _timeline(text) == [HEAD.count("\n") + 1]


def test_templates_indexes_and_unsure_documents_are_not_read() -> None:
    bare = HEAD + OPENING + CAUSE
    assert len(_rules(bare)) == 2
    assert _rules(bare, "incidents/TEMPLATE-postmortem.md") == []
    assert _rules(bare, "incidents/README.md") == []
    assert _rules(bare.replace("Checkout outage on 2024-05-02", "<Incident title>")) == []
    # no kind stated, no postmortem evidence beyond one word: not read
    plain = "# Notes\n\n" + OPENING + CAUSE
    assert _rules(plain, "notes.md") == []


def test_a_template_chosen_with_certainty_leaves_it_to_missing_section() -> None:
    options = LintOptions(select=RULES, jobs=1, template="postmortem")
    result = Linter(options).lint_text(HEAD + OPENING + CAUSE, "pm.md")
    assert [f.rule for f in result.findings] == []
