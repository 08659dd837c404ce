"""``writer review FILE``: step through a document's findings and decide on each one.

``a`` applies the fix (shown as a diff), ``s`` skips, ``i`` ignores it here (a suppression
comment), ``v`` adds a spelling finding's word to the vocabulary, ``e`` edits the spot by hand,
``u`` undoes the last choice, ``q`` saves and quits: the file is written once, atomically, at the
end, and the words go into the vocabulary then.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from writer.cli.commands.edit import existing_file
from writer.cli.commands.new import add_tui_arguments, app_options, refuse_links_out, run_app


def _split(values: list[str] | None) -> list[str]:
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the markdown file to review")
    parser.add_argument(
        "--template", metavar="NAME", help="template to check against (default: detected)"
    )
    parser.add_argument(
        "--select", action="append", metavar="RULE", help="only these rules or prefixes"
    )
    parser.add_argument(
        "--ignore", action="append", metavar="RULE", help="leave these rules or prefixes out"
    )
    add_tui_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from writer.api import Linter
    from writer.model.document import parse
    from writer.tui.app import make_review_app
    from writer.tui.state.session import Session

    path = existing_file(args.file)
    refuse_links_out(path)
    args.select, args.ignore = _split(args.select), _split(args.ignore)
    options = app_options(args, path)
    if args.template:
        options = replace(options, lint=replace(options.lint, template=args.template))
    session, text = Session.open(path, options.recovery_dir, options.max_file_bytes)
    linter = Linter(options.lint)
    result = linter.lint_document(parse(text, str(path)), linter.config_for(path), path)
    if not result.findings:
        print(f"writer review: {path}: no findings, nothing to review")
        return 0
    return run_app(make_review_app(session, text, result.findings, options))
