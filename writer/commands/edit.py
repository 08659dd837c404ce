"""``writer edit FILE``: open an existing document against its template, with every finding."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from writer.commands.new import add_tui_arguments, app_options, need_terminal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="the markdown file to edit")
    parser.add_argument(
        "--template", metavar="NAME", help="template to check against (default: detected)"
    )
    add_tui_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from writer.tui.storage import SaveError, load
    from writer.tui.templating import TemplateNotFound, load_info

    path = Path(args.file).expanduser()
    if not path.is_file():
        print(f"writer: {path}: no such file (writer new -o {path} starts one)", file=sys.stderr)
        return 2
    try:
        load(path)  # unreadable, binary or not UTF-8: say so before the screen opens
        template = load_info(args.template) if args.template else None
    except (TemplateNotFound, SaveError) as exc:
        print(f"writer: {exc}", file=sys.stderr)
        return 2
    problem = need_terminal()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from writer.tui.app import configure_logging, edit_draft, make_app

    options = app_options(args, path)
    try:
        draft = edit_draft(path, options, template)
    except SaveError as exc:
        print(f"writer: {exc}", file=sys.stderr)
        return 2
    configure_logging()
    code = make_app(draft, options).run()
    return int(code or 0)
