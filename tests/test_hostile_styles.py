"""Style guides and configs built to break a run: patterns that backtrack without end, rules
that match everywhere. Each is stopped or capped for the document, with one notice that names
the rule and what to do, and every other rule still runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CliResult, run_cli
from writer.checks.budget import budget, rule_budget
from writer.errors import ConfigError
from writer.settings.load import load_config

# ``(a|a)+$`` tries 2**n ways to split a line of n a's before it gives up at the "!".
BACKTRACK = "extends: existence\nmessage: \"Backtracks: '%s'\"\nraw:\n  - '(a|a)+$'\n"
WORDS = "extends: existence\nmessage: \"Drop '%s'.\"\ntokens: [simply]\n"
LONG_LINE = "a" * 60 + "!"


def _style(tmp_path: Path, rules: dict[str, str], name: str = "Hostile") -> Path:
    folder = tmp_path / "styles" / name
    folder.mkdir(parents=True)
    for rule, text in rules.items():
        (folder / f"{rule}.yml").write_text(text, encoding="utf-8")
    return folder


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "writer.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _lint_json(*argv: str) -> tuple[int, dict[str, object], str]:
    result = run_cli(["lint", "--format", "json", *argv])
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out), result.err


def test_budget_is_unlimited_outside_a_rule_and_spent_inside() -> None:
    assert budget() is None
    with rule_budget(0.5):
        left = budget()
        assert left is not None and 0 < left <= 0.5
    with rule_budget(1e-9), pytest.raises(TimeoutError):
        budget()
    with rule_budget(0):  # 0 turns the budget off
        assert budget() is None
    assert budget() is None


def test_backtracking_rule_is_stopped_and_the_others_still_run(tmp_path: Path) -> None:
    folder = _style(tmp_path, {"Backtrack": BACKTRACK, "Words": WORDS})
    config = _config(tmp_path, "[limits]\nrule_timeout = 0.2\n")
    doc = tmp_path / "doc.md"
    doc.write_text(f"Then simply restart it.\n\n{LONG_LINE}\n\nAnd simply wait.\n")
    code, report, _ = _lint_json("--config", str(config), "--style", str(folder), str(doc))
    assert code == 1  # the finding of the other rule; the stopped rule is a notice
    (entry,) = report["files"]  # type: ignore[misc]
    rules = [f["rule"] for f in entry["findings"]]
    assert rules == ["style.Hostile.Words", "style.Hostile.Words"]
    (notice,) = [n for n in entry["notices"] if "Backtrack" in n]
    assert "style.Hostile.Backtrack" in notice
    assert str(folder / "Backtrack.yml") in notice
    assert "after 0.2 s" in notice and "limits.rule_timeout" in notice


def test_stopped_rule_keeps_its_findings_from_before_the_budget_ran_out(tmp_path: Path) -> None:
    rule = "extends: existence\nmessage: \"Found '%s'.\"\nnonword: true\nraw:\n  - 'x|(a|a)+$'\n"
    folder = _style(tmp_path, {"Mixed": rule})
    config = _config(tmp_path, "[limits]\nrule_timeout = 0.2\n")
    doc = tmp_path / "doc.md"
    doc.write_text(f"x marks it.\n\n{LONG_LINE}\n")
    _, report, _ = _lint_json("--config", str(config), "--style", str(folder), str(doc))
    (entry,) = report["files"]  # type: ignore[misc]
    assert [f["line"] for f in entry["findings"]] == [1]
    assert any("style.Hostile.Mixed" in n and "stopped" in n for n in entry["notices"])


def test_nested_plus_that_the_regex_engine_handles_is_not_reported(tmp_path: Path) -> None:
    # The textbook (a+)+$ is linear in the ``regex`` module: no notice, no false alarm.
    rule = "extends: existence\nmessage: \"Found '%s'.\"\nraw:\n  - '(a+)+$'\n"
    folder = _style(tmp_path, {"Nested": rule})
    doc = tmp_path / "doc.md"
    doc.write_text(f"{LONG_LINE}\n")
    code, report, _ = _lint_json("--style", str(folder), str(doc))
    (entry,) = report["files"]  # type: ignore[misc]
    assert not any("stopped" in n for n in entry.get("notices", []))
    assert code == 0


def test_every_rule_kind_honours_the_budget(tmp_path: Path) -> None:
    bad = "(a|a)+$"
    kinds = {
        "Sub": f"extends: substitution\nmessage: x\nnonword: true\nswap:\n  '{bad}': b\n",
        "Occ": f"extends: occurrence\nmessage: x\nmax: 1\ntoken: '{bad}'\n",
        "Rep": f"extends: repetition\nmessage: x\ntokens: ['{bad}']\n",
        "Cons": f"extends: consistency\nmessage: x\neither:\n  '{bad}': 'b+'\n",
        "Cond": f"extends: conditional\nmessage: x\nfirst: '{bad}'\nsecond: 'zzz'\n",
        "Cap": f"extends: capitalization\nmessage: x\nscope: paragraph\nmatch: '{bad}'\n",
        "Exc": "extends: existence\nmessage: x\ntokens: [a+]\nexceptions: ['(a|a)+b']\n",
        "Prefix": f"extends: capitalization\nmessage: x\nscope: paragraph\nprefix: '{bad}'\n",
    }
    folder = _style(tmp_path, kinds)
    config = _config(tmp_path, "[limits]\nrule_timeout = 0.1\n")
    doc = tmp_path / "doc.md"
    doc.write_text(f"{LONG_LINE}\n")
    _, report, _ = _lint_json("--config", str(config), "--style", str(folder), str(doc))
    (entry,) = report["files"]  # type: ignore[misc]
    stopped = {n.split(" ", 1)[0] for n in entry.get("notices", []) if "stopped" in n}
    assert stopped == {f"style.Hostile.{name}" for name in kinds}


def test_vale_ini_token_ignores_pattern_is_bounded(tmp_path: Path) -> None:
    folder = _style(tmp_path, {"Words": WORDS})
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        f"StylesPath = {folder.parent}\n[*.md]\nBasedOnStyles = Hostile\nTokenIgnores = (a|a)+$\n",
        encoding="utf-8",
    )
    doc = tmp_path / "doc.md"
    doc.write_text(f"Then simply restart it.\n\n{LONG_LINE}\n")
    code, report, _ = _lint_json("--config", str(ini), str(doc))
    (entry,) = report["files"]  # type: ignore[misc]
    assert [f["rule"] for f in entry["findings"]] == ["style.Hostile.Words"]
    assert any("TokenIgnores" in n and "(a|a)+$" in n for n in entry["notices"])
    assert code == 1


def test_the_cli_finishes_on_a_backtracking_rule_with_the_default_budget(tmp_path: Path) -> None:
    """End to end in a fresh process: without a budget this would run for years."""
    folder = _style(tmp_path, {"Backtrack": BACKTRACK, "Words": WORDS})
    doc = tmp_path / "doc.md"
    doc.write_text(f"Then simply restart it.\n\n{LONG_LINE}\n\n{LONG_LINE}\n")
    done = subprocess.run(
        [sys.executable, "-m", "writer", "lint", "--style", str(folder), str(doc)],
        capture_output=True,
        text=True,
        timeout=120,  # a guard so a regression fails instead of hanging the suite
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "style.Hostile.Backtrack" in done.stdout and "after 1 s" in done.stdout
    assert "Drop 'simply'." in done.stdout
    assert "Traceback" not in done.stderr


# -- findings per rule ------------------------------------------------------------------------


def test_findings_per_rule_are_capped_with_one_notice(tmp_path: Path) -> None:
    folder = _style(tmp_path, {"Words": WORDS})
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n" * 3000)
    code, report, _ = _lint_json("--style", str(folder), str(doc))
    (entry,) = report["files"]  # type: ignore[misc]
    assert code == 1
    assert len(entry["findings"]) == 1000
    assert entry["findings"][-1]["line"] == 1000  # the first ones, in document order
    notes = [n for n in entry["notices"] if "more findings" in n]
    assert notes == [
        "style.Hostile.Words: 2,000 more findings in this document not shown (at most 1,000 "
        "per rule; raise limits.max_findings_per_rule to see more)"
    ]


def test_findings_cap_is_configurable_and_zero_turns_it_off(tmp_path: Path) -> None:
    folder = _style(tmp_path, {"Words": WORDS})
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n" * 1500)
    small = _config(tmp_path, "[limits]\nmax_findings_per_rule = 10\n")
    _, report, _ = _lint_json("--config", str(small), "--style", str(folder), str(doc))
    entry = report["files"][0]  # type: ignore[index]
    assert len(entry["findings"]) == 10
    assert any("1,490 more findings" in n for n in entry["notices"])
    off = _config(tmp_path, "[limits]\nmax_findings_per_rule = 0\n")
    _, report, _ = _lint_json("--config", str(off), "--style", str(folder), str(doc))
    entry = report["files"][0]  # type: ignore[index]
    assert len(entry["findings"]) == 1500
    assert not any("more finding" in n for n in entry.get("notices", []))


def test_engine_caps_findings_of_checks_that_are_not_style_rules(tmp_path: Path) -> None:
    from writer.checks.base import CheckContext
    from writer.engine.engine import Engine
    from writer.model.document import parse
    from writer.model.findings import Severity
    from writer.model.rules import RuleMeta
    from writer.settings.config import Config, Limits

    meta = RuleMeta("demo.everywhere", Severity.WARNING, "x")

    class Everywhere:
        rules = (meta,)

        def check(self, context: CheckContext) -> list[object]:
            text = context.document.text
            return [context.finding(meta, i, i + 1, "x") for i in range(0, len(text), 2)]

    document = parse("ab" * 50, "doc.md")
    config = Config(limits=Limits(max_findings_per_rule=7))
    result = Engine([Everywhere()]).run(document, config)  # type: ignore[list-item]
    assert [f.column for f in result.findings] == [1, 3, 5, 7, 9, 11, 13]
    assert result.notices == (
        "demo.everywhere: 43 more findings in this document not shown (at most 7 per rule; "
        "raise limits.max_findings_per_rule to see more)",
    )


# -- the settings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "[limits]\nrule_timout = 2\n",
            "unknown key 'limits.rule_timout'; did you mean 'rule_timeout'?",
        ),
        ("[limits]\nmax_findings = 2\n", "did you mean 'max_findings_per_rule'?"),
        ("[limit]\nrule_timeout = 2\n", "did you mean 'limits'?"),
        ("[limits]\nrule_timeout = -1\n", "limits.rule_timeout = -1: use seconds between 0"),
        ("[limits]\nrule_timeout = nan\n", "limits.rule_timeout = nan"),
        ("[limits]\nrule_timeout = 1e308\n", "use seconds between 0 (no limit) and 3600"),
        ('[limits]\nrule_timeout = "1s"\n', "limits.rule_timeout must be a number, not '1s'"),
        ("[limits]\nmax_findings_per_rule = -5\n", "use 0 (no cap) or a positive number"),
        ("[limits]\nmax_file_mb = 1000\n", "limits.max_file_mb = 1000: use megabytes from 0"),
        ("[limits]\nmax_file_md = 1\n", "did you mean 'max_file_mb'?"),
        ("[limits]\nmax_findings_per_rule = 1.5\n", "must be an integer, not 1.5"),
    ],
)
def test_bad_limits_are_one_clear_line(tmp_path: Path, body: str, expected: str) -> None:
    path = _config(tmp_path, body)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert expected in str(info.value)
    assert str(info.value).startswith(f"{path}:")
    doc = tmp_path / "doc.md"
    doc.write_text("Text.\n")
    result = run_cli(["lint", "--config", str(path), str(doc)])
    assert result.code == 2
    assert expected in result.out + result.err
    assert "Traceback" not in result.err


def test_limits_defaults(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, "[limits]\nrule_timeout = 2.5\n"))
    assert config.limits.rule_timeout == 2.5
    assert config.limits.max_findings_per_rule == 1000


# -- rule files with absurd values and wrong types --------------------------------------------

BAD_RULES = [
    ("extends: occurrence\nmessage: x\nmax: -1\ntoken: a\n", 3, "'max' is -1: use a whole number"),
    ("extends: occurrence\nmessage: x\nmax: 1.0e308\ntoken: a\n", 3, "from 0 to 1,000,000"),
    ("extends: occurrence\nmessage: x\nmin: ten\ntoken: a\n", 3, "'min' must be a whole number"),
    (
        "extends: existence\nmessage: x\nlimit: 1.0e400\ntokens: [a]\n",
        3,
        "'limit' is '1.0e400': use",
    ),
    (
        "extends: existence\nmessage: x\nlimit: 123456789012345678901234567890\ntokens: [a]\n",
        3,
        "'limit' is 123456789012345678901234567890: use a whole number from 0 to 1,000,000",
    ),
    ("extends: existence\nmessage: x\nlimit: -3\ntokens: [a]\n", 3, "'limit' is -3"),
    (
        "extends: existence\nmessage: x\nlevel: 7\ntokens: [a]\n",
        3,
        "use suggestion, warning or error",
    ),
    ("extends: existence\nmessage: x\nlevel: [error]\ntokens: [a]\n", 3, "'level' must be text"),
    ("extends: existence\nmessage: x\ntokens: 5\n", 3, "'tokens' must be a list of"),
    ("extends: existence\nmessage: x\ntokens: [[a, b]]\n", 3, "one entry is ['a', 'b']"),
    ("extends: existence\nmessage: x\nscope: []\ntokens: [a]\n", 3, "'scope' is an empty list"),
    ("extends: existence\nmessage: {a: 1}\ntokens: [a]\n", 2, "'message' must be text"),
    ("extends: existence\nmessage: x\nignorecase: maybe\ntokens: [a]\n", 3, "true or false"),
    ("extends: existence\nmessage: x\nnonword: [1]\ntokens: [a]\n", 3, "'nonword' must be true"),
    ("extends: [existence]\nmessage: x\n", 1, "is not a rule kind; did you mean 'existence'?"),
    ("extends: substitution\nmessage: x\nswap:\n  a: {b: 1}\n", 3, "'swap' must map text to text"),
    ("extends: substitution\nmessage: x\nswap: {a: b}\naction: 5\n", 4, "'action' must be a map"),
    ("extends: conditional\nmessage: x\nfirst: [a]\nsecond: b\n", 3, "'first' must be text"),
    ("extends: capitalization\nmessage: x\nthreshold: .nan\n", 3, "'threshold' must be a number"),
    ("extends: readability\nmessage: x\ngrade: -5\n", 3, "'grade' is -5: use a number from 0"),
    ("extends: readability\nmessage: x\nmetrics: 5\n", 3, "'metrics' must be a list of"),
    ("extends: consistency\nmessage: x\neither: [a, b]\n", 3, "'either' must be a mapping"),
]


@pytest.mark.parametrize(("text", "line", "expected"), BAD_RULES)
def test_absurd_values_and_wrong_types_are_one_clear_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    folder = _style(tmp_path, {"Rule": text, "Words": WORDS})
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    _assert_one_clear_line(result, folder / "Rule.yml", line, expected)


def test_a_million_entry_token_list_is_refused_at_once(tmp_path: Path) -> None:
    """14 MB of tokens: compiling them would take minutes and gigabytes, so the file size
    limit refuses it before it is parsed."""
    words = "".join(f"  - w{index:07d}\n" for index in range(1_000_000))
    folder = _style(tmp_path, {"Many": f"extends: existence\nmessage: x\ntokens:\n{words}"})
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert "rule file is larger than 1,024 KB, the limit for one rule: split it" in result.out


def test_a_token_list_above_the_entry_limit_is_refused(tmp_path: Path) -> None:
    words = ",".join(f"w{index}" for index in range(30_000))  # 200 KB: under the size limit
    folder = _style(tmp_path, {"Many": f"extends: existence\nmessage: x\ntokens: [{words}]\n"})
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert (
        "Many.yml:3: 'tokens' has 30,000 entries, above the limit of 20,000 per rule: split it "
        "into several rules"
    ) in result.out


def test_a_large_but_allowed_token_list_runs(tmp_path: Path) -> None:
    words = ",".join(f"w{index}" for index in range(5_000))
    folder = _style(tmp_path, {"Many": f"extends: existence\nmessage: x\ntokens: [{words}]\n"})
    doc = tmp_path / "doc.md"
    doc.write_text("Say w4999 and w7 here.\n")
    code, report, _ = _lint_json("--style", str(folder), str(doc))
    assert code == 1
    assert [f["column"] for f in report["files"][0]["findings"]] == [5, 15]  # type: ignore[index]


# -- YAML bombs -------------------------------------------------------------------------------

LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
)
BOMB_ERROR = "aliases (*name) expand this to more than 100,000 values"


def test_load_yaml_refuses_bombs_and_self_reference_but_keeps_ordinary_anchors() -> None:
    import yaml

    from writer.infra.safe_yaml import AliasBomb, load_yaml

    with pytest.raises(AliasBomb) as info:
        load_yaml(LAUGHS)
    assert BOMB_ERROR in str(info.value)
    assert info.value.problem_mark.line == 5  # "f:", the first value past the limit
    with pytest.raises(AliasBomb, match="refers to a value that contains it"):
        load_yaml("a: &a [x, *a]\n")
    data, _ = load_yaml("base: &base {level: error}\nrule:\n  <<: *base\n  max: 3\n")
    assert data["rule"] == {"level": "error", "max": 3}
    big, _ = load_yaml("tokens: [" + ",".join(str(i) for i in range(150_000)) + "]\n")
    assert len(big["tokens"]) == 150_000  # many values, but no aliases: not a bomb
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml("x: !!python/object/apply:os.system [true]\n")  # never runs code


def test_yaml_bomb_in_a_rule_file(tmp_path: Path) -> None:
    rule = "extends: existence\nmessage: x\n" + LAUGHS + "tokens: *i\n"
    folder = _style(tmp_path, {"Bomb": rule, "Words": WORDS})
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert f"{folder / 'Bomb.yml'}:8: invalid YAML: {BOMB_ERROR}" in result.out
    assert "Traceback" not in result.out + result.err


def test_yaml_bomb_in_a_style_named_by_vale_ini(tmp_path: Path) -> None:
    rule = "extends: existence\nmessage: x\n" + LAUGHS + "tokens: *i\n"
    folder = _style(tmp_path, {"Bomb": rule})
    ini = tmp_path / ".vale.ini"
    ini.write_text(f"StylesPath = {folder.parent}\n[*.md]\nBasedOnStyles = Hostile\n")
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--config", str(ini), str(doc)])
    assert result.code == 2
    assert f"Bomb.yml:8: invalid YAML: {BOMB_ERROR}" in result.out


def test_yaml_bomb_in_a_style_manifest(tmp_path: Path) -> None:
    folder = _style(tmp_path, {"Words": WORDS})
    (folder / "writer.yaml").write_text(LAUGHS + "accept: *i\n")
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert "writer.yaml" in result.out and BOMB_ERROR in result.out


def test_yaml_bomb_in_a_template_spec(tmp_path: Path) -> None:
    spec = tmp_path / "bomb.yaml"
    spec.write_text("id: bomb\n" + LAUGHS.replace("i: &i", "sections: &i"))
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n\n## Summary\n\nText.\n")
    result = run_cli(["lint", "--template", str(spec), str(doc)])
    assert result.code == 2
    assert f"{spec}:7: not valid YAML: {BOMB_ERROR}" in result.out


def test_yaml_bomb_in_front_matter_is_ignored_with_a_note(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("---\ntitle: x\n" + LAUGHS + "status: *i\n---\n# Title\n\nThen simply go.\n")
    code, report, _ = _lint_json(str(doc))
    (entry,) = report["files"]  # type: ignore[misc]
    assert any(BOMB_ERROR in n and "(line 8); front matter ignored" in n for n in entry["notices"])
    assert code in (0, 1)  # the rest of the document was checked


def test_toml_config_has_no_aliases_to_expand(tmp_path: Path) -> None:
    # TOML has no anchors; a config that repeats a huge array is just a big file, read once.
    path = _config(tmp_path, "ignore = [" + ", ".join(f'"r{i}"' for i in range(50_000)) + "]\n")
    assert len(load_config(path).ignore) == 50_000


def test_a_huge_vale_vocabulary_is_refused(tmp_path: Path) -> None:
    folder = _style(tmp_path, {"Words": WORDS})
    vocab = folder.parent / "config" / "vocabularies" / "Big"
    vocab.mkdir(parents=True)
    (vocab / "accept.txt").write_text("".join(f"term{i}\n" for i in range(30_000)))
    ini = tmp_path / ".vale.ini"
    ini.write_text(f"StylesPath = {folder.parent}\nVocab = Big\n[*.md]\nBasedOnStyles = Hostile\n")
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n")
    result = run_cli(["lint", "--config", str(ini), str(doc)])
    assert result.code == 2
    assert f"{vocab / 'accept.txt'}: the vocabulary is above the limit of 20,000 terms" in (
        result.out
    )


# -- templates built to break a run -----------------------------------------------------------

BAD_TEMPLATES = [
    ("id: t\nsections:\n  - title: Summary\n    level: 7\n", 4, "'level' must be a whole number"),
    ("id: t\nsections:\n  - title: Summary\n    level: two\n", 4, "from 1 to 6"),
    ("id: t\nsections:\n  - title: S\n    min_words: 1.0e+308\n", 4, "'min_words' must be a whole"),
    ("id: t\nsections:\n  - title: Summary\n    min_words: -1\n", 4, "from 0 to 100000"),
    ("id: t\nsections: {a: 1}\n", 2, "'sections' must be a non-empty list of sections"),
    ("id: t\nsections: [Summary]\n", 2, "each section must be a mapping with a title"),
    ("id: t\nsections:\n  - title: {a: 1}\n", 3, "'title' must be text"),
    ("id: t\nsections:\n  - title: Summary\n    aliases: 5\n", 4, "'aliases' must be a list"),
    ("id: t\nsections:\n  - title: Summary\n    required: maybe\n", 4, "must be true or false"),
    ("id: [a]\nsections:\n  - title: Summary\n", 1, "'id' must be text"),
    ("id: t\nmetadata: 5\nsections:\n  - title: S\n", 2, "'metadata' must be a list of fields"),
    ("id: t\nlevels: {structure.x: 7}\nsections:\n  - title: S\n", 2, "must map a structure.*"),
    ("id: t\nstyles: {a: 1}\nsections:\n  - title: S\n", 2, "'styles' must be a list of text"),
    ("id: t\nsections:\n  - title: S\n    guidance: [a]\n", 4, "'guidance' must be text"),
    ("- a\n", 1, "a template spec must be a mapping with id and sections"),
    ("id: t\n" + LAUGHS.replace("i: &i", "sections: &i"), 7, BOMB_ERROR),
    ("id: t\nsections: &s [*s]\n", 2, "an alias refers to a value that contains it"),
]


@pytest.mark.parametrize(("text", "line", "expected"), BAD_TEMPLATES)
def test_template_specs_with_wrong_types_are_one_clear_line(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    spec = tmp_path / "t.yaml"
    spec.write_text(text)
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n\n## Summary\n\nText here.\n")
    result = run_cli(["lint", "--template", str(spec), str(doc)])
    _assert_one_clear_line(result, spec, line, expected)


def _assert_one_clear_line(result: CliResult, path: Path, line: int, expected: str) -> None:
    """The run could not do its job (exit 2) and says why in one line naming file and line."""
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    (error,) = [row for row in (result.out + result.err).splitlines() if path.name in row]
    assert f"{path}:{line}: " in error
    assert expected in error


def test_backtracking_owner_pattern_in_the_config_is_stopped(tmp_path: Path) -> None:
    config = _config(
        tmp_path, '[limits]\nrule_timeout = 0.2\n[postmortem]\nowner_patterns = ["(a|a)+$"]\n'
    )
    doc = tmp_path / "pm.md"
    doc.write_text(
        "# Outage\n\n## Action items\n\n"
        f"- Revert the pool size {LONG_LINE}\n- Add an alert (OPS-13)\n\nThen wait on Github.\n"
    )
    argv = ["--config", str(config), "--template", "postmortem", str(doc)]
    code, report, _ = _lint_json(*argv)
    (entry,) = report["files"]  # type: ignore[misc]
    (note,) = [n for n in entry["notices"] if "owner_patterns" in n]
    assert "'(a|a)+$' was stopped after 0.2 s on one action item" in note
    assert any(f["rule"].startswith("style.") for f in entry["findings"])  # the rest ran
    assert code == 1


def test_one_huge_raw_alternation_is_refused_like_a_huge_token_list(tmp_path: Path) -> None:
    alternation = "|".join(f"w{index}" for index in range(60_000))  # 400 KB in one entry
    folder = _style(
        tmp_path, {"Raw": f"extends: existence\nmessage: x\nraw:\n  - '{alternation}'\n"}
    )
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert "Raw.yml:3: 'raw' holds 408,889 characters of patterns, above the limit of 262,144" in (
        result.out
    )


def test_a_stopped_rule_is_reported_in_ci_formats_too(tmp_path: Path) -> None:
    from tests.conftest import SHARED, need_shared

    folder = _style(tmp_path, {"Backtrack": BACKTRACK, "Words": WORDS})
    config = _config(tmp_path, "[limits]\nrule_timeout = 0.2\n")
    doc = tmp_path / "doc.md"
    doc.write_text(f"Then simply restart it.\n\n{LONG_LINE}\n")
    argv = ["lint", "--config", str(config), "--style", str(folder), str(doc)]
    github = run_cli([*argv, "--format", "github"])
    (line,) = [row for row in github.out.splitlines() if "Backtrack" in row]
    assert line.startswith("::notice file=") and "style.Hostile.Backtrack (" in line
    sarif = json.loads(run_cli([*argv, "--format", "sarif"]).out)
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    (note,) = [n for n in notes if "Backtrack" in n["message"]["text"]]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("doc.md")
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(need_shared(SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
