"""Style guides and configs built to break a run: patterns that backtrack without end, rules
that match everywhere. Each is stopped or capped for the document, with one notice that names
the rule and what to do, and every other rule still runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.checks.rules.budget import budget, rule_budget
from writer.config import ConfigError, load_config

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
    from writer.config import Config, Limits
    from writer.document import parse
    from writer.engine import Engine
    from writer.findings import Severity
    from writer.rules import CheckContext, RuleMeta

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
