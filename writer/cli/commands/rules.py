"""``writer rules [RULE]``: list every rule, or explain one with good and bad examples; with
``--format markdown``, the rule reference page."""

from __future__ import annotations

import argparse
import json
import sys

from writer.api import Linter, LintOptions
from writer.cli.output import printable_stdout
from writer.errors import WriterError, nearest
from writer.model.rules import RuleMeta
from writer.settings.selectors import matches


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", nargs="?", metavar="RULE", help="a rule id or a prefix")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text (default), json, or markdown: the rule reference page",
    )
    parser.add_argument("--config", metavar="FILE", help="config whose style guides to list")


def _explain(rule: RuleMeta) -> str:
    lines = [rule.id, "", f"  {rule.summary}", ""]
    lines.append(f"  default severity: {rule.severity.label}")
    lines.append(f"  fixable: {'yes' if rule.fixable else 'no'}")
    if not rule.default_enabled:
        lines.append("  off by default: turn it on with --select " + rule.id)
    if rule.source:
        lines.append(f"  defined in: {rule.source}")
    if rule.explanation:
        lines += ["", *("  " + row for row in rule.explanation.splitlines())]
    if rule.bad:
        lines += ["", "  Flagged:", *("    " + row for row in rule.bad.splitlines())]
    if rule.good:
        lines += ["", "  Fine:", *("    " + row for row in rule.good.splitlines())]
    return "\n".join(lines)


def _as_json(rule: RuleMeta) -> dict[str, object]:
    return {
        "id": rule.id,
        "family": rule.family,
        "severity": rule.severity.label,
        "summary": rule.summary,
        "explanation": rule.explanation,
        "good": rule.good,
        "bad": rule.bad,
        "fixable": rule.fixable,
        "default_enabled": rule.default_enabled,
        "source": rule.source,
    }


def _family_of(rule_id: str, rules: list[RuleMeta]) -> RuleMeta | None:
    """The declared rule whose id is the longest dotted prefix of ``rule_id``, if any."""
    parents = [rule for rule in rules if rule_id.startswith(rule.id + ".")]
    return max(parents, key=lambda rule: len(rule.id), default=None)


def run(args: argparse.Namespace) -> int:
    with printable_stdout():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from pathlib import Path

    options = LintOptions(config_path=Path(args.config) if args.config else None)
    rules = Linter(options).rules()
    if args.rule:
        exact = [rule for rule in rules if rule.id == args.rule]
        chosen = exact or [rule for rule in rules if matches(rule.id, args.rule)]
        family = None if chosen else _family_of(args.rule, rules)
        if family is not None:
            # A rule a backend names at run time (grammar.harper.SpellCheck): its family says it.
            if args.format == "text":
                print(f"{args.rule} is reported by {family.id}.\n")
                print(_explain(family))
                return 0
            chosen = [family]
        if not chosen:
            near = nearest(args.rule, [rule.id for rule in rules])
            hint = f"; did you mean '{near}'?" if near else " (see 'writer rules')"
            raise WriterError(f"no rule '{args.rule}'{hint}")
        rules = chosen
        if len(chosen) == 1 and args.format == "text":
            print(_explain(chosen[0]))
            return 0
    if args.format == "markdown":
        from writer.reporters.rule_reference import render

        sys.stdout.write(render(rules))
        return 0
    if args.format == "json":
        json.dump([_as_json(rule) for rule in rules], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    width = max((len(rule.id) for rule in rules), default=10)
    for rule in rules:
        fix = "fix" if rule.fixable else "   "
        print(f"{rule.id:<{width}}  {rule.severity.label:<10} {fix}  {rule.summary}")
    return 0
