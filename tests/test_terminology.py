"""Product and project names: which spellings the terminology rule flags and which it leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from writer.api import Linter, LintOptions
from writer.checks.style.term_forms import capitalised, same_name, starts_sentence

RULE = "style.house.Terminology"


def flagged(text: str, config: Path | None = None) -> list[str]:
    """The flagged spellings, in order."""
    options = LintOptions(select=(RULE,), config_path=config)
    result = Linter(options).lint_text(text, "doc.md")
    return [f.message.split(" instead of '")[1].split("'")[0] for f in result.findings]


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("GitHub", "GitHub"),
        ("GITHUB", "GitHub"),  # set in capitals
        ("open-source", "open source"),  # a compound before a noun
        ("Open Source", "open source"),  # a title
        ("Open source", "open source"),
    ],
)
def test_spellings_that_are_the_name(text: str, canonical: str) -> None:
    assert same_name(text, canonical)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Github", "GitHub"),
        ("kubernetes", "Kubernetes"),
        ("ElasticSearch", "Elasticsearch"),
        ("Hacker One", "HackerOne"),
        ("pager duty", "PagerDuty"),
        ("NewRelic", "New Relic"),
        ("nodejs", "Node.js"),
        ("MacOS", "macOS"),  # right only where a sentence starts: the checker looks
        ("slack channel", "Slack channel"),
    ],
)
def test_spellings_that_are_variants(text: str, canonical: str) -> None:
    assert not same_name(text, canonical)


def test_a_lower_case_name_capitalised_only_where_a_sentence_starts() -> None:
    assert capitalised("MacOS", "macOS") and not capitalised("Github", "GitHub")
    text = "MacOS builds. Then MacOS again: MacOS, and (MacOS"
    places = [i for i in range(len(text)) if text.startswith("MacOS", i)]
    assert [starts_sentence(text, i) for i in places] == [True, False, True, False]


def test_misspelt_and_mis_cased_names_in_prose_are_flagged() -> None:
    text = (
        "# Outage\n\n"
        "The Github runner could not reach kubernetes, so the Javascript bundle and the "
        "nodejs service were stale. We reported it to Hacker One and in a private slack "
        "channel. It runs on Mac OS and our ElasticSearch cluster, and the pager duty "
        "alert fired. Builds on MacOS failed.\n"
    )
    assert flagged(text) == [
        "Github",
        "kubernetes",
        "Javascript",
        "nodejs",
        "Hacker One",
        "slack channel",  # the pair crosses a line break in the source
        "Mac OS",
        "ElasticSearch",
        "pager duty",
        "MacOS",
    ]


def test_names_the_author_did_not_write_as_prose_are_left_alone() -> None:
    text = (
        "---\ntitle: kubernetes notes\n---\n"
        "# Notes\n\n"
        "Run `kubernetes-up --github` and see https://github.com/kubernetes/kubernetes or\n"
        "docs/github/setup.md, kube-proxy, node-exporter, kubernetes_version and\n"
        "<kubernetes@example.com>. The “kubernetes” service and the 'github' label stay.\n\n"
        "```sh\nkubectl apply -f kubernetes/\n# github mirror\n```\n\n"
        "> our github mirror was down, said the kubernetes team\n\n"
        "See [kubernetes](https://github.com/kubernetes/kubernetes) and\n"
        "[kubernetes #88253](https://github.com/kubernetes/kubernetes/issues/88253).\n\n"
        "- [Changes to the kubernetes API](#changes-to-the-kubernetes-api)\n\n"
        "## Changes to the kubernetes API\n\n"
        "MacOS builds are slow. GITHUB IS DOWN. An open-source tool, as linked in the issue, "
        "posts to a status page. A stack overflow crashed it. We still run Mac OS X.\n"
    )
    # Only the heading is the author's prose with the lower-case name (the table of contents
    # links to it and is not counted twice).
    assert flagged(text) == ["kubernetes"]


def test_quoted_chat_logs_are_never_checked() -> None:
    text = (
        "# Incident\n\n"
        "The pages stopped at 10:40.\n\n"
        "## Slack log\n\n"
        "alice: github is down again\n"
        "bob: kubernetes api too, check the Javascript console\n\n"
        "## Timeline\n\n"
        "- [10:32] carol: is github down for everyone?\n"
        "- 10:45 <dave> restarted the kubernetes nodes\n"
    )
    assert flagged(text) == []


def test_a_lower_case_name_the_document_runs_as_a_command_or_installs_is_left_alone() -> None:
    commands = (
        "# Upgrade\n\nThe typeorm upgrade broke the build.\n\n"
        "```sh\n$ typeorm migration:run -d src/data-source.ts\n```\n"
    )
    assert flagged(commands) == []
    packages = (
        "# Upgrade\n\nThe typeorm upgrade broke the build.\n\n"
        "```sh\nnpm install --save typeorm\n```\n"
    )
    assert flagged(packages) == []
    # A name written as code is not a command.
    named_only = "# Upgrade\n\nThe typeorm upgrade broke the build. The org is `typeorm`.\n"
    assert flagged(named_only) == ["typeorm"]


def test_lower_case_commands_and_binaries_of_the_vocabulary_are_accepted() -> None:
    text = "# Hosts\n\nThe docker daemon, the linux nodes and the grpc stream restarted.\n"
    assert flagged(text) == []


def test_the_project_vocabulary_overrides_the_guide(tmp_path: Path) -> None:
    text = "# Notes\n\nOur Github app and the kubernetes job.\n"
    config = tmp_path / ".writer.toml"
    config.write_text('[vocabulary]\naccept = ["Github", "(?i)kubernetes"]\n')
    assert flagged(text, config) == []
    config.write_text('[vocabulary.terms]\n"Github" = []\n')
    assert flagged(text, config) == ["kubernetes"]  # the project's name for its own thing
    config.write_text('[vocabulary]\naccept = ["Github app"]\n')
    assert flagged(text, config) == ["kubernetes"]  # an accepted phrase holds the variant
    config.write_text('[vocabulary.terms]\nPostgreSQL = ["Postgres", "postgres"]\n')
    assert flagged("# DB\n\nWe run Postgres and postgres.\n", config) == ["Postgres", "postgres"]
