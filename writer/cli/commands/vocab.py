"""``writer vocab add|remove|list``: the project's accepted words, where its config keeps them."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from writer.settings.load import ConfigResolver
from writer.settings.vocabulary import accepted_entries, add_words, entry_for, remove_words


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    for name, help_text in (
        ("add", "accept words: no rule flags them again"),
        ("remove", "take words out of the vocabulary"),
        ("list", "print the accepted words (regular expressions, as Vale reads them)"),
    ):
        action = actions.add_parser(name, help=help_text, description=help_text)
        if name != "list":
            action.add_argument("words", nargs="+", metavar="WORD", help="words or short phrases")
        action.add_argument(
            "--config",
            metavar="FILE",
            help="the config whose vocabulary to use (.writer.toml, pyproject.toml or "
            ".vale.ini); default: the one found from the current folder",
        )


def run(args: argparse.Namespace) -> int:
    here = Path.cwd()
    config = ConfigResolver(Path(args.config) if args.config else None).for_path(None)
    if args.action == "list":
        for entry in accepted_entries(config):
            print(entry)
        return 0
    if args.action == "add":
        change = add_words(config, args.words, here)
        verb, already = "added", "already accepted"
    else:
        change = remove_words(config, args.words, here)
        verb, already = "removed", "not in the vocabulary"
    where = _shown(change.path, here)
    words = {entry_for(word): word.strip() for word in args.words}
    for entry in change.changed:
        print(f"{verb} '{words.get(entry, entry)}' ({where})")
    for entry in change.unchanged:
        print(f"'{words.get(entry, entry)}': {already} ({where})")
    return 0


def _shown(path: Path, here: Path) -> str:
    return os.path.relpath(path.resolve(), here.resolve())
