"""Loading Vale-format style guides: keys, errors, notices, and the style provider."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SHARED, need_shared, run_cli
from writer.checks.style.guides import read_rule
from writer.checks.style.kinds.base import RuleError, format_message
from writer.settings.vale_ini import read_vale_ini


def _style(tmp_path: Path, name: str, rules: dict[str, str]) -> Path:
    folder = tmp_path / "styles" / name
    folder.mkdir(parents=True)
    for rule, text in rules.items():
        (folder / f"{rule}.yml").write_text(text, encoding="utf-8")
    return folder


def test_unknown_key_names_file_line_and_nearest_key(tmp_path: Path) -> None:
    folder = _style(
        tmp_path, "Team", {"Words": "extends: existence\nmessage: x\nignorecse: true\n"}
    )
    with pytest.raises(RuleError) as info:
        read_rule(folder / "Words.yml", "Team")
    assert info.value.line == 3
    assert "unknown key 'ignorecse'" in str(info.value)
    assert "did you mean 'ignorecase'?" in str(info.value)


def test_unknown_key_is_a_clean_cli_error(tmp_path: Path) -> None:
    folder = _style(tmp_path, "Team", {"Words": "extends: existence\nmessage: x\ntokenz: [a]\n"})
    doc = tmp_path / "doc.md"
    doc.write_text("Some text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert result.code == 2
    assert "Words.yml:3" in result.out + result.err
    assert "did you mean 'tokens'?" in result.out + result.err
    assert "Traceback" not in result.err


def test_script_rules_are_refused_with_a_notice(tmp_path: Path) -> None:
    folder = _style(
        tmp_path,
        "Team",
        {
            "Code": "extends: script\nmessage: x\nscript: 'x := 1'\n",
            "Words": "extends: existence\nmessage: \"Drop '%s'.\"\ntokens: [simply]\n",
        },
    )
    doc = tmp_path / "doc.md"
    doc.write_text("Then simply restart it.\n")
    result = run_cli(["lint", "--style", str(folder), "--format", "text", str(doc)])
    assert result.code == 1
    assert "Team.Code is a 'script' rule" in result.out + result.err
    line = run_cli(["lint", "--style", str(folder), "--format", "line", str(doc)])
    assert f"{doc}:1:6:style.Team.Words:Drop 'simply'." in line.out


def test_sequence_rules_are_skipped_with_a_notice_naming_them(tmp_path: Path) -> None:
    folder = _style(
        tmp_path,
        "Team",
        {"Seq": "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n"},
    )
    doc = tmp_path / "doc.md"
    doc.write_text("Text.\n")
    result = run_cli(["lint", "--style", str(folder), str(doc)])
    assert "Team.Seq is a sequence rule that needs part-of-speech tags" in result.out + result.err


def test_unknown_style_name_suggests_the_nearest(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("Text.\n")
    result = run_cli(["lint", "--style", "hous", str(doc)])
    assert result.code == 2
    assert "did you mean 'house'?" in result.out + result.err


def test_format_message_cycles_like_vale() -> None:
    assert format_message("Use '%s' instead of '%s'.", "a", "b") == "Use 'a' instead of 'b'."
    assert format_message("'%s' and '%s'", "x") == "'x' and 'x'"
    assert format_message("no placeholder", "x") == "no placeholder"


def test_vale_ini_last_matching_section_wins(tmp_path: Path) -> None:
    ini = tmp_path / ".vale.ini"
    ini.write_text(
        "StylesPath = styles\nMinAlertLevel = warning\n\n[*]\nBasedOnStyles = A\nA.X = NO\n\n"
        "[*.md]\nBasedOnStyles = B\nA.X = error\n"
    )
    parsed = read_vale_ini(ini)
    settings = parsed.for_file(str(tmp_path / "doc.md"))
    assert settings.styles == ("B",)
    other = parsed.for_file(str(tmp_path / "doc.txt"))
    assert other.styles == ("A",)
    assert other.level("A", "X", parsed.min_level) is None


@pytest.mark.corpus
def test_every_shared_style_package_loads() -> None:
    styles = need_shared(SHARED / "vale" / "styles")
    from writer.checks.style.guides import load_style
    from writer.checks.style.kinds.base import RuleEnv

    loaded = {}
    for folder in sorted(p for p in styles.iterdir() if p.is_dir()):
        guide = load_style(folder, RuleEnv(styles_path=(str(styles),)))
        loaded[folder.name] = len(guide.rules)
    assert loaded["Google"] > 25 and loaded["Microsoft"] > 35, loaded
    assert all(count > 0 for count in loaded.values()), loaded


@pytest.mark.corpus
def test_every_shared_style_package_runs_over_real_keps(tmp_path: Path) -> None:
    styles = need_shared(SHARED / "vale" / "styles")
    keps = sorted((SHARED / "corpora" / "kubernetes-enhancements").rglob("*.md"))
    assert keps, "the KEP corpus is empty"
    sample = [str(path) for path in keps[:: max(1, len(keps) // 40)]]
    names = sorted(p.name for p in styles.iterdir() if p.is_dir())
    config = tmp_path / "writer.toml"
    config.write_text(
        f"styles = {names!r}\nstyle_paths = [{str(styles)!r}]\n".replace("'", '"'),
        encoding="utf-8",
    )
    result = run_cli(
        ["lint", "--config", str(config), "--template", "none", "--format", "line", *sample]
    )
    assert result.code == 1, result.err  # findings, and no file the run could not check
    assert "Traceback" not in result.err and "internal error" not in result.out + result.err
    packages = {line.split(":")[3].split(".")[1] for line in result.out.splitlines() if ":" in line}
    assert {"Google", "Microsoft", "proselint", "write-good", "alex"} <= packages, packages


def test_styles_list_and_show() -> None:
    listed = run_cli(["styles", "list"])
    assert listed.code == 0
    names = [line.split()[0] for line in listed.out.splitlines()]
    assert {"house", "blameless", "inclusive"} <= set(names)
    shown = run_cli(["styles", "show", "inclusive"])
    assert shown.code == 0
    assert "style.inclusive.Terms" in shown.out and "safe fix" in shown.out
    missing = run_cli(["styles", "show", "inclusiv"])
    assert missing.code == 2 and "did you mean 'inclusive'?" in missing.err


def test_safe_substitution_fix_is_applied_by_writer_fix(tmp_path: Path) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("We utilize a queue in order to smooth load.\n")
    result = run_cli(["fix", "--select", "style.house.PlainWords", str(doc)])
    assert result.code in (0, 1), result.err
    assert doc.read_text() == "We use a queue to smooth load.\n"


def test_reading_grade_in_stats(tmp_path: Path) -> None:
    import json

    doc = tmp_path / "doc.md"
    doc.write_text(
        "# Plan\n\n" + "The cache holds one entry per user. It expires soon. " * 20 + "\n"
    )
    result = run_cli(["lint", "--format", "json", str(doc)])
    stats = json.loads(result.out)["files"][0]["stats"]
    assert 0 < stats["reading_grade"] < 6
    assert "Plan" in stats["section_grades"]


def test_postmortems_get_the_blameless_guide(tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text("# Outage\n\nThe outage was PEBKAC.\n")
    plain = run_cli(["lint", "--format", "line", "--template", "design-doc", str(doc)])
    assert "style.blameless" not in plain.out
    postmortem = run_cli(["lint", "--format", "line", "--template", "postmortem", str(doc)])
    assert "style.blameless.HumanError" in postmortem.out


def test_vocabulary_terms_from_config_feed_terminology(tmp_path: Path) -> None:
    config = tmp_path / ".writer.toml"
    config.write_text('[vocabulary.terms]\n"Acme Cloud" = ["AcmeCloud"]\n')
    doc = tmp_path / "doc.md"
    doc.write_text("We deploy to AcmeCloud twice a day.\n")
    result = run_cli(["lint", "--format", "line", "--select", "style.house.Terminology", str(doc)])
    assert "Use 'Acme Cloud' (the vocabulary's form) instead of 'AcmeCloud'" in result.out


def test_a_style_provider_loads_each_dictionary_once_and_shares_it_with_no_other(
    tmp_path: Path,
) -> None:
    from writer.checks.style.kinds.base import RuleEnv
    from writer.infra.hunspell import load_dictionary

    dic = tmp_path / "tiny.dic"
    dic.write_text("2\nkubelet\netcd\n", encoding="utf-8")
    mine: dict[object, object] = {}
    first = load_dictionary(dic, None, mine)
    assert load_dictionary(dic, None, mine) is first  # loaded once for its owner
    assert load_dictionary(dic, None, {}) is not first  # another owner loads its own
    assert load_dictionary(dic, None) is not first  # no owner: nothing kept
    assert first.known("kubelet") and not first.known("kubelett")
    assert RuleEnv().dictionaries is not RuleEnv().dictionaries


def test_a_blameless_rule_leaves_a_line_to_postmortem_blame(tmp_path: Path) -> None:
    """A blaming sentence gets one finding: the style guide's Blame yields to the reviewer check,
    and the reviewer check leaves the words HumanError reports ('human error') to it."""
    from tests.conftest import run_cli

    document = tmp_path / "pm.md"
    document.write_text(
        "# Outage\n\n## Summary\n\nCheckout failed for 31 minutes. The on-call engineer forgot "
        "to run the migration check. It was human error.\n"
    )
    base = ["lint", "--grammar", "off", "--template", "postmortem", "--format", "line"]
    both = run_cli([*base, "--select", "postmortem.blame,style.blameless", str(document)])
    rules = [line.split(":")[3] for line in both.out.splitlines()]
    assert rules == ["postmortem.blame", "style.blameless.HumanError"]
    alone = run_cli([*base, "--select", "style.blameless", str(document)])
    alone_rules = [line.split(":")[3] for line in alone.out.splitlines()]
    assert alone_rules == ["style.blameless.Blame", "style.blameless.HumanError"]
