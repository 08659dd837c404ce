"""Forms that real documents from other teams take, read as their authors meant them: a phrase a
hard wrap splits, a date label at the top, a site generator's variables, an impact given as a
field of a list, options whose names carry a remark in brackets."""

from __future__ import annotations

from writer.api import Linter, LintOptions
from writer.templates.slots import slot_pattern


def _found(text: str, rule: str, path: str = "doc.md") -> list[tuple[int, str]]:
    result = Linter(LintOptions(jobs=1, select=(rule,))).lint_text(text, path)
    return [(f.line, f.message) for f in result.findings if f.rule == rule]


POSTMORTEM = """# Checkout outage post-mortem

## Summary

Checkout failed for every customer for 40 minutes.

## Lessons learned

{lesson}
"""


def test_a_phrase_split_by_a_line_break_is_matched_as_one() -> None:
    wrapped = "We probably should\nhave known the limits already, but here we are."
    found = _found(POSTMORTEM.format(lesson=wrapped), "style.blameless.Counterfactual")
    assert [line for line, _ in found] == [9]
    assert "should\nhave known" in found[0][1] or "should have known" in found[0][1]


def test_at_the_time_of_writing_is_anchored_by_a_date_label_at_the_top() -> None:
    text = (
        "---\nkind: design\n---\n# Restructure CI\n\n{label}\n\n## Context\n\n"
        "The repository has 190,000 commits at the time of writing.\n"
    )
    rule = "style.house.RelativeTime"
    assert _found(text.format(label="Date: 2025-10-16"), rule) == []
    assert [line for line, _ in _found(text.format(label="Owner: platform"), rule)] == [10]
    # a date in a list is the incident's, not the day the document was written
    listed = text.format(label="- Date: 2025-05-28 11:30 - 2025-05-29 17:30")
    assert [line for line, _ in _found(listed, rule)] == [10]


def test_recently_before_a_participle_and_its_noun_names_a_kind_of_thing() -> None:
    text = (
        "---\nkind: design\n---\n# GC\n\n## Design\n\nThe GC keeps recently deleted files "
        "for a day.\n\nWe recently made changes to the GC.\n"
    )
    found = _found(text, "style.house.RelativeTime")
    assert [line for line, _ in found] == [10]


def test_a_site_generators_variable_is_no_placeholder() -> None:
    pattern = slot_pattern()
    assert not pattern.search("[CLI]({{ site.baseurl_root }}/2025/08/26/release.html)")
    assert not pattern.search("{{ page.title | upcase }} and {{ .Site.Title }}")
    assert pattern.search("{{ summary }}") and pattern.search("{{ Investigate the site }}")


def test_an_impact_given_as_a_field_of_a_list_is_an_impact() -> None:
    text = (
        "# Post-mortem of the rings bug\n\n## Quick facts\n\n- Severity: high\n"
        "- Impact: {impact}\n\n## Introduction\n\n" + "The wallet stored rings. " * 20 + "\n"
    )
    rule = "structure.missing-section"
    sends = "the wallet sends the ids of outgoing transactions to the daemon"
    assert _found(text.format(impact=sends), rule) == []
    assert [line for line, _ in _found(text.replace("- Impact: {impact}\n", ""), rule)] == [3]


def test_an_option_named_with_a_remark_in_brackets_is_weighed_under_its_own_name() -> None:
    text = """# Use cloud tasks for job queueing

## Context and Problem Statement

We need a queue for jobs that retries failed tasks and limits their rate, for every service.

## Considered Options

- Google Cloud Tasks (push based)
- BullMQ + Redis (pull based)

## Decision Outcome

Chosen option: Google Cloud Tasks, because it needs no workers of our own.

## Pros and Cons of the Options

### Google Cloud Tasks

- Good, because it retries with backoff.

### BullMQ + Redis

- Bad, because it needs a Redis cluster we would run.
"""
    assert _found(text, "design.alternatives", "0041-cloud-tasks.md") == []


BUNDLE = """---
title: "Incident Report: wildcard keys blocked new models"
tags: [incident-report]
---

## Summary

Requests to newly added models were rejected with a 401 for keys with wildcard access, after
the model map was reloaded. The reload updated the cost map but not the provider sets, so the
wildcard resolver could not tell which provider a new model belonged to, and refused it.

## Impact

*Describe how internal and external users were impacted during the incident*

Every request to the new models from keys with wildcard rules failed with an error.

## Root Cause

The provider sets were filled once, at import time, and never again after a reload.

**Timeline:**

1. The new model was added to the model map
2. An admin reloaded the map from the UI
3. Users with wildcard keys called the new model and were refused
4. The fix was deployed after about three hours of investigation
"""


def test_a_page_bundles_index_is_read_as_the_postmortem_it_tells() -> None:
    rule = "postmortem.timeline-milestones"
    found = _found(BUNDLE, rule, "blog/wildcard-incident/index.md")
    assert [line for line, _ in found] == [22]
    assert "gives no time or date for any step" in found[0][1]
    listing = "# Incidents\n\n" + "".join(f"- [Outage {n}](outage-{n}.md)\n" for n in range(5))
    assert _found(listing, "postmortem.timeline-missing", "incidents/README.md") == []


def test_the_impact_is_quoted_from_the_author_not_the_templates_instruction() -> None:
    found = _found(BUNDLE, "postmortem.impact-unquantified", "blog/wildcard-incident/index.md")
    assert [line for line, _ in found] == [16]  # not the instruction on line 14
    assert "Describe how" not in found[0][1]


ACTIONS = """# Journal CMS database full: post-mortem

## Summary

The CMS database ran out of disk on 2018-01-13 and pages that were not cached failed for
seven hours; the alert fired at 03:12 UTC and the site recovered at 10:51 UTC.

## Corrective actions

- Alert on database disk space{a}
- Check the time to live of the page caches{b}
- Turn off revisions for article content{c}
- Set a timeout on the database connection{d}
"""


def test_a_point_every_item_shares_is_made_once() -> None:
    owners = dict(a=" [GIORGIO, LUKE]", b=" [CHRIS]", c=" [NATHAN to clarify]", d=" [SEAN]")
    text = ACTIONS.format(**owners)
    assert _found(text, "postmortem.action-item-owner") == []  # owners named in brackets
    tickets = _found(text, "postmortem.action-item-ticket")
    assert [line for line, _ in tickets] == [10]
    assert tickets[0][1].startswith("none of the 4 action items has a ticket")
    bare = ACTIONS.format(a="", b="", c="", d="")
    owner = _found(bare, "postmortem.action-item-owner")
    assert [line for line, _ in owner] == [10] and "none of the 4" in owner[0][1]
    one = ACTIONS.format(a=" (OPS-12)", b="", c="", d="")
    assert [line for line, _ in _found(one, "postmortem.action-item-ticket")] == [11, 12, 13]


def test_a_name_written_wrong_many_times_is_one_finding_with_a_fix_for_each() -> None:
    text = "# Monitoring\n\nWe chose DataDog. DataDog costs less, and DataDog agents run.\n"
    result = Linter(LintOptions(jobs=1)).lint_text(text, "doc.md")
    found = [f for f in result.findings if f.rule == "style.house.Terminology"]
    assert len(found) == 1 and "written so 3 times here" in found[0].message
    assert found[0].fix is not None and len(found[0].fix.edits) == 3
    assert not [f for f in result.findings if f.rule.startswith("grammar.")]


def test_no_alternatives_said_out_loud_is_none_and_reported_beside_the_proposal() -> None:
    text = (
        "---\nkind: design\n---\n# Bundle URIs\n\n## Goals\n\nClones start from a bundle.\n\n"
        "## Proposal\n\nServe bundles from object storage.\n\n## Alternative Solutions\n\n"
        "No alternative solutions are suggested at the moment.\n"
    )
    found = _found(text, "design.alternatives")
    assert [line for line, _ in found] == [14]
    assert found[0][1].startswith("0 alternatives described")
    bare = text.split("## Alternative Solutions")[0]
    found = _found(bare, "design.alternatives")
    assert [line for line, _ in found] == [10] and "beside 'Proposal'" in found[0][1]


def test_a_companys_suffix_and_a_change_already_made() -> None:
    from writer.checks.postmortem.action_items import is_done

    assert is_done("Peter and Cory now have permissions to update the user filter")
    assert not is_done("Give Peter and Cory permissions to update the user filter")
    text = "# Monitoring\n\nWe pay Andes ehf. for support, and the recieve path failed.\n"
    result = Linter(LintOptions(jobs=1, select=("grammar",))).lint_text(text, "doc.md")
    assert [f.line for f in result.findings if "ehf" in f.message] == []
    assert any("recieve" in f.message for f in result.findings)
