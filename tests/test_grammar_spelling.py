"""Spelling on technical prose: what is a misspelling and what is a name, the project's
vocabulary, the JSON a spelling finding carries for "add to vocabulary", and what the summary
says about the grammar backend. harper runs for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.checks.grammar.spelling import spelling_variants, word_after


def _lint(tmp_path: Path, text: str, *args: str) -> list[str]:
    """``line:column:rule:word`` for each grammar finding (the word as the document has it)."""
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    result = run_cli(["lint", "--format", "json", "--select", "grammar", *args, str(path)])
    assert result.code in (0, 1), result.err
    lines = text.split("\n")
    rows = []
    for found in json.loads(result.out)["files"][0]["findings"]:
        line = lines[found["line"] - 1]
        word = line[found["column"] - 1 : found["end_column"]]
        rows.append(f"{found['line']}:{found['column']}:{found['rule']}:{word}")
    return rows


def _flagged(rows: list[str]) -> list[str]:
    """The words reported as misspelt, in order (read from the document at each finding)."""
    return [row.split(":", 3)[3] for row in rows if "SpellCheck" in row]


TECHNICAL = """# Rollout of the kubelet change

We upgraded etcd and the kubelet on every node, then ran `kubectl drain` and `glogctl`.
The Querier in Thanos and the ingester saw errors; @alice paged Okta support (INC-4411).
StatefulSet pods on k8s v1.29 restarted; see docs/runbook.md and crates.io for details.
The behaviour was analysed and the colour of the dashboard changed; a glogctl run fixed it.
Yesterday tehre were errors.
"""


def test_names_identifiers_and_code_words_are_not_misspellings(tmp_path: Path) -> None:
    assert _flagged(_lint(tmp_path, TECHNICAL)) == ["tehre"]


def test_british_and_american_spellings_are_both_right(tmp_path: Path) -> None:
    text = "The behaviour was analysed; the color was realized and the colour realised.\n"
    assert _flagged(_lint(tmp_path, text)) == []
    assert "color" in spelling_variants("colour") and "colour" in spelling_variants("color")


def test_the_typo_of_a_known_name_is_reported_with_the_name(tmp_path: Path) -> None:
    text = "We run Kubernetes. The Kubenetes nodes and our Github issues were checked.\n"
    rows = _lint(tmp_path, text)
    assert _flagged(rows) == ["Kubenetes", "Github"]


def test_a_word_inflected_twice_is_no_name_made_from_it(tmp_path: Path) -> None:
    # pymarkdown is a name made from a word; impacteded is impacted with its ending twice.
    text = "Nodes are not impacteded when pymarkdown runs on every page.\n"
    assert _flagged(_lint(tmp_path, text)) == ["impacteded"]


def test_quoted_text_is_not_the_authors(tmp_path: Path) -> None:
    text = "The mail said:\n\n> we wil restart the sevrer tonite\n\nWe wil restart it.\n"
    assert _flagged(_lint(tmp_path, text)) == ["wil"]


def test_the_vocabulary_accepts_words_as_vale_does(tmp_path: Path) -> None:
    text = "The frobnicator and the wibbled cache misbehaved.\n"
    assert _flagged(_lint(tmp_path, text)) == ["frobnicator", "wibbled"]
    (tmp_path / ".writer.toml").write_text(
        '[vocabulary]\naccept = ["frobnicator", "wibble[ds]?"]\n', encoding="utf-8"
    )
    assert _flagged(_lint(tmp_path, text)) == []


def test_writer_vocab_add_silences_the_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = "The frobnicator misbehaved.\n"
    assert _flagged(_lint(tmp_path, text)) == ["frobnicator"]
    assert run_cli(["vocab", "add", "frobnicator"]).code == 0
    assert _flagged(_lint(tmp_path, text)) == []


def test_vale_accept_txt_is_the_vocabulary_with_a_vale_ini(tmp_path: Path) -> None:
    vocab = tmp_path / "styles" / "config" / "vocabularies" / "Project"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("frobnicator\n", encoding="utf-8")
    ini = tmp_path / ".vale.ini"
    ini.write_text("StylesPath = styles\nVocab = Project\n\n[*.md]\nBasedOnStyles = Vale\n")
    text = "The frobnicator and the wibbled cache misbehaved.\n"
    assert _flagged(_lint(tmp_path, text, "--config", str(ini))) == ["wibbled"]


def test_a_spelling_finding_carries_what_an_editor_needs_to_add_the_word(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("The frobnicator misbehaved.\n", encoding="utf-8")
    result = run_cli(["lint", "--format", "json", "--select", "grammar", str(path)])
    (finding,) = json.loads(result.out)["files"][0]["findings"]
    assert finding["rule"] == "grammar.harper.SpellCheck"
    assert finding["vocabulary"] == {
        "word": "frobnicator",
        "command": ["writer", "vocab", "add", "frobnicator"],
    }


def test_articles_before_acronyms_and_identifiers_are_left_alone(tmp_path: Path) -> None:
    text = (
        "We need a SCA scanner, an rlib, a SPIFFE certificate and node A is up.\n"
        "This is an test of a upgrade.\n"
    )
    rows = [row for row in _lint(tmp_path, text) if "AnA" in row]
    assert [row.split(":")[0] for row in rows] == ["2", "2"]
    assert word_after("a SCA scanner", 1) is None and word_after("an user", 2) == "user"
    assert word_after("a\nexternal tool", 1) == "external"  # wrapped onto the next line


def test_rules_off_by_default_run_when_selected_by_id(tmp_path: Path) -> None:
    text = "We restart the the cache.\n"
    assert not any("RepeatedWords" in row for row in _lint(tmp_path, text))
    path = tmp_path / "doc.md"
    selected = ["--select", "grammar.harper.RepeatedWords"]
    result = run_cli(["lint", "--format", "line", *selected, str(path)])
    assert "grammar.harper.RepeatedWords" in result.out
    (tmp_path / ".writer.toml").write_text('[grammar]\nenabled_rules = ["RepeatedWords"]\n')
    assert any("RepeatedWords" in row for row in _lint(tmp_path, text))


@pytest.mark.parametrize(
    ("args", "config", "summary"),
    [
        ([], "", "Grammar: harper."),
        (["--grammar", "off"], "", "Grammar: off."),
        ([], '[grammar]\nbackend = "off"\n', "Grammar: off."),
    ],
)
def test_the_summary_says_which_grammar_backend_ran_once(
    tmp_path: Path, args: list[str], config: str, summary: str
) -> None:
    if config:
        (tmp_path / ".writer.toml").write_text(config, encoding="utf-8")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("# Plan\n\nThe rollout starts on Monday.\n")
    result = run_cli(["lint", *args, str(tmp_path)])
    assert result.out.count("Grammar:") == 1
    assert result.out.rstrip().endswith(summary)


def test_a_vale_ini_without_a_vocabulary_still_gets_spelling(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    ini = tmp_path / ".vale.ini"
    ini.write_text("StylesPath = styles\n\n[*.md]\nBasedOnStyles = Vale\n", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("# Notes\n\nYesterday tehre were errors.\n", encoding="utf-8")
    result = run_cli(["lint", "--config", str(ini), "--select", "grammar", str(doc)])
    assert result.code == 1, result.err
    assert "tehre" in result.out and "failed" not in result.err


SLIPS = """# Upgrade notes

The agent runs along side the proxy, and the change was straight forward.
It restarts everytime the config changes, apart form the first boot.
The cache is smaller then the queue.
In the worse case scenario the job retries until the 1th of May.
Operators should should drain the node first.
One of the its pods failed.
The flag allows to skip the check.
"""


def test_common_slips_are_reported_by_default(tmp_path: Path) -> None:
    rows = _lint(tmp_path, SLIPS)
    found = {row.split(":")[2].rsplit(".", 1)[1] for row in rows}
    assert found == {
        "Alongside",
        "Straightforward",
        "EveryTime",
        "ApartFrom",
        "ThenThan",
        "WorseOrWorst",
        "CorrectNumberSuffix",
        "DoubleModal",
        "TheMy",
        "AllowTo",
    }


def test_correct_uses_of_the_same_words_are_not_reported(tmp_path: Path) -> None:
    text = (
        "# Notes\n\nThe agent runs alongside the proxy; then it drains the node.\n"
        "It is smaller than the queue, and worse than before, every time.\n"
        "The flag allows you to skip the check on the 1st of May; you should drain it.\n"
    )
    assert _lint(tmp_path, text) == []


def test_only_the_verbs_english_inflects_with_t_are_british_forms() -> None:
    from writer.checks.grammar.spelling import british_stem

    assert british_stem("learnt") == "learn"
    assert british_stem("misspelt") == "misspell"
    assert british_stem("travelled") == "travel"
    assert british_stem("promt") is None  # a typo of "prompt", not a form of "prom"


def test_a_typo_that_lost_its_first_letter_is_reported_and_another_first_letter_is_not(
    tmp_path: Path,
) -> None:
    text = (
        "The roblem is that jinja renders the unix socket path as a collectable value, and sshd "
        "on the jumpboxes serves cgit. We are backfilling checksummed rows from sql.\n"
    )
    assert _flagged(_lint(tmp_path, text)) == ["roblem"]


def test_a_name_the_author_explains_or_builds_from_a_name_is_no_typo(tmp_path: Path) -> None:
    text = (
        "We restored sydent (identity server), sygnal (push server) and the databases.\n"
        "Users of RStudio saw errors; Studio users and Studio admins did not.\n"
        "The data came from apache sqoop and flink. The recieve (inbound) path broke, and "
        "the recieve queue too.\n"
    )
    assert _flagged(_lint(tmp_path, text)) == ["recieve"]


def test_an_aside_in_brackets_does_not_make_a_typo_a_name(tmp_path: Path) -> None:
    text = "It may be removed over the next epoc (see unresolved questions).\n"
    assert _flagged(_lint(tmp_path, text)) == ["epoc"]


def test_two_words_run_together_are_a_typo_and_a_name_made_from_a_word_is_not(
    tmp_path: Path,
) -> None:
    text = "The validator shouldbe restarted. We run pymarkdown and markdownlint on thecluster.\n"
    rows = _lint(tmp_path, text)
    assert _flagged(rows) == ["shouldbe", "thecluster"]


def test_a_word_said_with_a_consonant_keeps_a(tmp_path: Path) -> None:
    text = "It was a unanimous vote, a user asked for a one-off fix. We ate a apple.\n"
    rows = [row for row in _lint(tmp_path, text) if "AnA" in row]
    assert [row.split(":", 3)[3] for row in rows] == ["a"]
    assert rows[0].startswith("1:65:")
