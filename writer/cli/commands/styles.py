"""``writer styles list|show``: the style guides writer can apply, and what each one checks."""

from __future__ import annotations

import argparse
from pathlib import Path

from writer.checks.style.guides import available_styles, bundled_styles_dir, find_style, load_style
from writer.checks.style.kinds.base import RuleEnv, RuleError
from writer.cli.output import printable_stdout
from writer.errors import WriterError, nearest
from writer.settings.load import ConfigResolver


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = sub.add_parser("list", help="list the style guides found")
    listing.add_argument("--config", metavar="FILE", help="config whose style_paths to search")
    show = sub.add_parser("show", help="describe one style guide and list its rules")
    show.add_argument("name", metavar="NAME|PATH", help="a style guide name or folder")
    show.add_argument("--config", metavar="FILE", help="config whose style_paths to search")


def _search(config_path: str | None) -> list[Path]:
    config = ConfigResolver(Path(config_path) if config_path else None).for_path(None)
    paths = [Path(p) for p in config.style_paths]
    if config.vale_ini is not None:
        from writer.settings.vale_ini import read_vale_ini

        paths.extend(read_vale_ini(config.vale_ini).styles_path)
    return [*paths, bundled_styles_dir()]


def run(args: argparse.Namespace) -> int:
    with printable_stdout():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    action = args.action or "list"
    search = _search(getattr(args, "config", None))
    if action == "list":
        for folder in available_styles(search):
            try:
                guide = load_style(folder, RuleEnv(styles_path=tuple(map(str, search))))
            except RuleError as exc:
                print(f"{folder.name:<14} (cannot load: {exc})")
                continue
            about = guide.description.split(". ")[0].rstrip(".") if guide.description else ""
            print(f"{folder.name:<14} {len(guide.rules):>3} rules  {about}")
        return 0
    found = find_style(args.name, search)
    if found is None:
        known = [p.name for p in available_styles(search)]
        near = nearest(args.name, known)
        hint = f"; did you mean '{near}'?" if near else f" (known: {', '.join(known)})"
        raise WriterError(f"no style guide '{args.name}'{hint}")
    guide = load_style(found, RuleEnv(styles_path=tuple(map(str, search))))
    print(f"{guide.name}  ({found})")
    if guide.description:
        print(f"\n  {guide.description}\n")
    width = max((len(rule.meta.id) for rule in guide.rules), default=10)
    for rule in guide.rules:
        meta = rule.meta
        safe = "safe fix" if rule.spec.name in guide.manifest.safe_fixes else ""
        print(f"  {meta.id:<{width}}  {meta.severity.label:<10} {rule.spec.extends:<14} {safe}")
    if guide.manifest.terminology:
        print(f"  style.{guide.name}.Terminology  (canonical terms: {len(guide.manifest.terms)})")
    for notice in guide.notices:
        print(f"  note: {notice}")
    return 0
